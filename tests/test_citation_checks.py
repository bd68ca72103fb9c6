"""The careful reader's checks on small hand-made inputs with hand-computed expectations."""

from __future__ import annotations

import pandas as pd
import pytest
from test_citations import _paragraphs

from analysis import citation_checks as checks
from analysis import citations as cit

REFS = pd.DataFrame({
    "reference_id": ["R01", "R02", "R03", "R04"],
    "authors": ["Buzan, Barry, Ole Wæver, and Jaap de Wilde", "Buzan, Barry",
                "Pourhassan, Naser and Rekabian, Rashid", "Nasri, Ghadir"],
    "n_authors": [3, 1, 2, 1],
    "year": ["1998", "1991", "2021", "1997"],
    "title": ["Security: A New Framework for Analysis",
              "People, States and Fear: An Agenda for International Security Studies",
              "Discourse of Resistance", "Copenhagen School"],
    "text": ["Buzan ... 1998", "Buzan ... 1991", "Pourhassan ... 2021",
             "Nasri, Ghadir (1997). Copenhagen School, Number 33, pp. 58-33."],
})


def test_a_title_named_in_the_text():
    paragraphs = _paragraphs(
        'The term "political security" was introduced by Buzan in the book "People, '
        'Governments, and Fear". It has five sectors (Buzan, 2010, p. 34).',
        'A book called "People, Governments, and Fear" with no author named.')
    titles = checks.title_mentions(paragraphs, REFS)
    # three of the four words of the named title ("people", "and fear") appear in order in
    # R02's title: 3/4 = 0.75; "political security" has two words, under the minimum of four
    assert titles.to_dict("records") == [{
        "paragraph_id": "P001", "quoted": "People, Governments, and Fear",
        "reference_id": "R02", "author_key": "buzan", "title_ratio": 0.75}]


def test_narrative_citations_without_a_year():
    paragraphs = _paragraphs(
        "Buzan argues that threats matter. According to Nasri, the school is new.",
        "Buzan (1991) argues the same. The Buzan brothers left.",
        "Soleimani argues nothing here, and Pourhassan strongly believes it.")
    cited = cit.citation_table(paragraphs)
    found = checks.author_mentions(paragraphs, REFS, cited)
    # P002's Buzan carries a year (a dated citation), "the Buzan brothers" reports nothing,
    # and Soleimani is not a listed author
    assert list(zip(found["paragraph_id"], found["text"], found["author_key"],
                    strict=True)) == [("P001", "Buzan argues", "buzan"),
                                      ("P001", "According to Nasri", "nasri"),
                                      ("P003", "Pourhassan strongly believes", "pourhassan")]
    assert set(found["form"]) == {"narrative, no year"} and set(found["year"]) == {""}


def test_et_al_for_two_authors():
    matches = pd.DataFrame({
        "authors": ["Pourhassan et al.", "Pourhassan and Rekabian", "Buzan et al."],
        "author_key": ["pourhassan", "pourhassan", "buzan"], "year": ["2021", "2021", "1998"],
        "paragraph_id": ["P001", "P002", "P003"], "reference_ids": ["R03", "R03", "R01"],
        "status": ["matched", "matched", "matched"]})
    rows = checks.et_al_findings(matches, REFS)
    assert len(rows) == 1 and rows[0]["reference_ids"] == "R03" and rows[0]["n_citations"] == 1
    assert "lists two authors" in rows[0]["evidence"]


@pytest.mark.parametrize("text, plain, expected", [
    ("Number 33, pp. 58-33.", False, ["58-33"]),
    ("pp. 481–502 and p. 1195-7 and pp. 1195-1187", False, ["1195-1187"]),
    ("Quarterly 67(4): 481-402.", False, ["481-402"]),
    ("Eur J Int Relat. 2008;14:563–587.", False, []),
    ("2016;59(C) 5-26", False, []),
    ("58-33", True, ["58-33"]),
    ("1195--7", True, []),
])
def test_backwards_page_ranges(text, plain, expected):
    assert checks.backwards_ranges(text, plain=plain) == expected


def test_page_range_findings_in_entries_and_locators():
    matches = pd.DataFrame({"locator": ["pp. 40-30", "p. 5"], "locator_kind": ["page", "page"],
                            "authors": ["Smith", "Jones"], "year": ["2001", "2002"],
                            "author_key": ["smith", "jones"],
                            "paragraph_id": ["P001", "P002"]})
    rows = checks.page_range_findings(matches, REFS)
    assert [(r["paragraph_ids"], r["reference_ids"]) for r in rows] == [("P001", ""),
                                                                          ("", "R04")]


def test_quotations_without_a_citation():
    paragraphs = _paragraphs(
        'Commander Iranmanesh states: he took the letters seriously, saying, "When someone '
        'gives me a letter, they want a response."',
        'He declared that the uprisings "provide the greatest opportunities for us" (Adesnik, '
        '2018).',
        'The "reengineering" of the region and the "clash of civilizations" were discussed.',
        'An old saying goes: "What is oldest lasts longest."',
        'The minister thanked Iran for the "swift" delivery, "without an immediate payment '
        'request."')
    rows = checks.quotation_findings(paragraphs, cit.citation_table(paragraphs))
    # P002 cites; P003's quotations are terms (under four words) with no verb of saying;
    # P004's "saying" is a noun, not a verb of saying
    assert [r["paragraph_ids"] for r in rows] == ["P001", "P005"]
    assert "'states'" in rows[0]["evidence"] and "'thanked'" in rows[1]["evidence"]
    assert rows[1]["cited_as"] == "without an immediate payment request."
