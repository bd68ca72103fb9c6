"""In-text citations: the parser on hand-written strings, and on the real paper."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import citation_audit as audit_
from analysis import citations as cit


def _paragraphs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"paragraph_id": [f"P{i:03d}" for i in range(1, len(texts) + 1)],
                         "section_id": ["S01"] * len(texts), "text": list(texts)})


def _references(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"reference_id": f"R{i:02d}", "authors": a, "year": y, "title": t,
                          "text": x} for i, (a, y, t, x) in enumerate(rows, start=1)])


# -- The parser -----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("as argued (Mundell, 2017, p. 56).", ("Mundell", "2017", "p. 56", "page", "parenthetical")),
    ("rules (Mottaghi, 2021: p. 6).", ("Mottaghi", "2021", "p. 6", "page", "parenthetical")),
    ("groups. (Pourhassan et al., 2021: 252).",
     ("Pourhassan et al.", "2021", "252", "page", "parenthetical")),
    ("identity (Hashemi and Rezai, 2019, p. 67).",
     ("Hashemi and Rezai", "2019", "p. 67", "page", "parenthetical")),
    ("world (Pourhassan et al., 2021, p. 251).",
     ("Pourhassan et al.", "2021", "p. 251", "page", "parenthetical")),
    ("Soleimani (Khabar Online, 2020, News Code: 1495491).",
     ("Khabar Online", "2020", "News Code: 1495491", "news_code", "news")),
    ("visited (Khabar Online, 2015, news code, 513728).",
     ("Khabar Online", "2015", "news code, 513728", "news_code", "news")),
    ("policy (Constitution, Articles 11, 152, and 153).",
     ("Constitution", "", "Articles 11, 152, and 153", "article", "legal")),
    ("was a hero. (Pak Ayin, 2020, p. 1)", ("Pak Ayin", "2020", "p. 1", "page", "parenthetical")),
    ("as noted (Adesnik, 2018).", ("Adesnik", "2018", "", "none", "parenthetical")),
    ("as Buzan (1991, p. 3) argues", ("Buzan", "1991", "p. 3", "page", "narrative")),
    ("as Hashemi and Rezai (2019) show", ("Hashemi and Rezai", "2019", "", "none", "narrative")),
    ("the Torabi Kalate Ghazi (2021) study", ("Torabi Kalate Ghazi", "2021", "", "none",
                                               "narrative")),
])
def test_each_form_is_parsed(text, expected):
    found = cit.parse_citations(text)
    assert len(found) == 1
    c = found[0]
    assert (c["authors"], c["year"], c["locator"], c["locator_kind"], c["form"]) == expected


def test_several_citations_in_one_bracket():
    found = cit.parse_citations("as shown (Buzan, 1991; Nasri, 1997, p. 38; Smith et al., 2005).")
    assert [(c["authors"], c["year"]) for c in found] == [
        ("Buzan", "1991"), ("Nasri", "1997"), ("Smith et al.", "2005")]
    assert found[1]["locator"] == "p. 38"


@pytest.mark.parametrize("text", [
    "trade grew after the withdrawal since (2008), and reached $9 billion in (2018).",
    "the Popular Mobilization Forces (PMF) and the House of Peace (Dar al-Salam).",
    "from 73% in 2016 to 82% in 2019, (see above).",
    "In (2014) the city fell.",
    "No brackets at all, 2017, p. 5.",
])
def test_brackets_that_are_not_citations(text):
    assert cit.parse_citations(text) == []


def test_table_columns_and_ids():
    table = cit.citation_table(_paragraphs("A (Smith, 2001, p. 2). B (Jones, 2002).",
                                           "Nothing cited here."))
    assert list(table.columns) == cit.CITATION_COLUMNS
    assert list(table["citation_id"]) == ["C001", "C002"]
    assert list(table["paragraph_id"]) == ["P001", "P001"]
    assert list(table["author_key"]) == ["smith", "jones"]


def test_paper_without_citations_gives_empty_table():
    table = cit.citation_table(_paragraphs("No citations. None at all (really).", "Plain."))
    assert table.empty and list(table.columns) == cit.CITATION_COLUMNS
    refs = _references(("Smith, A", "2001", "T", "Smith, A (2001). T."))
    matches = audit_.match_citations(table, refs)
    assert matches.empty and list(matches.columns) == audit_.MATCH_COLUMNS
    audit = audit_.citation_audit(matches, _references(("Smith, A", "2001", "T", "x")))
    assert list(audit["category"]) == ["in the list, never cited"]


def test_normalised_keys():
    assert cit.citation_author_key("Pourhassan et al.") == "pourhassan"
    assert cit.citation_author_key("Hashemi and Rezai") == "hashemi"
    assert cit.citation_author_key("Wæver & Buzan") == cit.citation_author_key("WÆVER") == "wæver"
    assert cit.citation_author_key("Pak Ayin") == audit_.reference_author_key("Pak Ayin, Mohsen")
    assert audit_.reference_author_key("Buzan, Barry, Ole WÆVER, and Jaap de WILDE") == "buzan"
    assert audit_.reference_author_key("Hashemi, Amir and Rezai, Alireza") == "hashemi"
    assert cit.normalise_name("Ébadi-Nasr") == "ebadinasr"


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=80))
def test_parser_never_fails_and_years_are_years(text):
    for c in cit.parse_citations(text):
        assert c["year"] == "" or c["year"][:4].isdigit() or c["year"] == "n.d."
        assert c["authors"].strip() == c["authors"] and c["authors"]


# -- The real paper -----------------------------------------------------------------


def test_real_paper_citations(corpus):
    table = cit.citation_table(corpus.paragraphs)
    assert len(table) == 24
    assert set(table["form"]) == {"parenthetical", "news", "legal"}
    # every bracket with a four-digit year after a name is parsed, none from bare years
    assert not table["authors"].str.match(r"^(?:since|in)\b", case=False).any()
    assert (table["locator_kind"] == "news_code").sum() == 3


def test_citation_brackets_are_what_the_tokeniser_removes(corpus):
    # the one definition: every parsed citation's bracket, and nothing else
    text = "Buzan (1991, p. 3) argues (Waever, 1995; Smith, 2001) since (2008)."
    spans = cit.citation_brackets(text)
    assert [text[a:b] for a, b in spans] == ["(1991, p. 3)", "(Waever, 1995; Smith, 2001)"]
    legal = "law (Constitution, Articles 11, 152, and 153) says"
    assert [legal[a:b] for a, b in cit.citation_brackets(legal)] == [
        "(Constitution, Articles 11, 152, and 153)"]
    for paragraph in corpus.paragraphs["text"]:
        assert len(cit.citation_brackets(paragraph)) <= len(cit.parse_citations(paragraph))
