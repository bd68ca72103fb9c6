"""Citations: the parser on hand-written strings, matching on hand-made lists, the real paper."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    matches = cit.match_citations(table, refs)
    assert matches.empty and list(matches.columns) == cit.MATCH_COLUMNS
    audit = cit.citation_audit(matches, _references(("Smith, A", "2001", "T", "x")))
    assert list(audit["category"]) == ["in the list, never cited"]


def test_normalised_keys():
    assert cit.citation_author_key("Pourhassan et al.") == "pourhassan"
    assert cit.citation_author_key("Hashemi and Rezai") == "hashemi"
    assert cit.citation_author_key("Wæver & Buzan") == cit.citation_author_key("WÆVER") == "wæver"
    assert cit.citation_author_key("Pak Ayin") == cit.reference_author_key("Pak Ayin, Mohsen")
    assert cit.reference_author_key("Buzan, Barry, Ole WÆVER, and Jaap de WILDE") == "buzan"
    assert cit.reference_author_key("Hashemi, Amir and Rezai, Alireza") == "hashemi"
    assert cit.normalise_name("Ébadi-Nasr") == "ebadinasr"


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=80))
def test_parser_never_fails_and_years_are_years(text):
    for c in cit.parse_citations(text):
        assert c["year"] == "" or c["year"][:4].isdigit() or c["year"] == "n.d."
        assert c["authors"].strip() == c["authors"] and c["authors"]


# -- Matching rules on hand-made lists ------------------------------------------


SMALL_LIST = _references(
    ("Smith, Anne", "2001", "On things", "Smith, Anne (2001). On things. Journal of X."),
    ("Jones, Bob and Lee, Cy", "2010", "Stuff", "Jones, Bob and Lee, Cy (2010). Stuff."),
    ("Jones, Bob", "2012", "More stuff", "Jones, Bob (2012). More stuff."),
    ("Brown, Dee", "1999", "A book", "Brown, Dee. A book. London: Verso, 1999."),
    ("Brown, Dee", "1999", "A book again", "Brown, Dee (1999). A book again."),
    ("Green, Eve", "2005", "Unused", "Green, Eve (2005). Unused. Daily News."),
)


def _audit(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    matches = cit.match_citations(cit.citation_table(_paragraphs(*texts)), SMALL_LIST)
    return matches, cit.citation_audit(matches, SMALL_LIST)


def test_matching_statuses():
    matches, _ = _audit("a (Smith, 2001, p. 3). b (Jones et al., 2010). c (Jones, 2015).",
                        "d (White, 2020). e (Brown, 1999).")
    assert list(matches["status"]) == ["matched", "matched", "author matches, year differs",
                                       "cited, not in the list", "matched"]
    assert list(matches["reference_ids"]) == ["R01", "R02", "R02 R03", "", "R04 R05"]


def test_audit_categories_and_evidence():
    _, audit = _audit("a (Smith, 2001). b (Smith, 2001, p. 9). c (Jones, 2015). d (White, 2020).")
    by = audit.groupby("category")
    assert by.size().to_dict() == {"matched": 1, "author matches, year differs": 1,
                                   "cited, not in the list": 1,
                                   "in the list, never cited": 5,
                                   "duplicate entries in the list": 1}
    matched = audit[audit["category"] == "matched"].iloc[0]
    assert matched["n_citations"] == 2 and matched["paragraph_ids"] == "P001"
    mismatch = audit[audit["category"] == "author matches, year differs"].iloc[0]
    assert mismatch["year"] == "2015" and mismatch["reference_ids"] == "R02 R03"
    assert "2010" in mismatch["evidence"] and "2012" in mismatch["evidence"]
    never = audit[audit["category"] == "in the list, never cited"]
    assert list(never["reference_ids"]) == ["R04", "R05", "R06", "R02", "R03"]
    assert "cited with year 2015" in never.set_index("reference_ids").loc["R03", "evidence"]
    dup = audit[audit["category"] == "duplicate entries in the list"].iloc[0]
    assert dup["reference_ids"] == "R04 R05" and "same first author and year" in dup["evidence"]
    summary = cit.audit_summary(audit)
    assert list(summary["category"]) == cit.CATEGORIES
    assert summary.set_index("category").loc["in the list, never cited", "n_references"] == 5


def test_duplicates_by_title_across_years():
    refs = _references(
        ("Mann, R", "1998", "The Face of National Security, Research Institute", "Mann (1998)"),
        ("Mann, R", "2016", "The Face of National Security, Translator: Research Institute",
         "Mann, R (2016). ..."),
        ("Mann, R", "2003", "Something else entirely", "Mann, R (2003). Something else."),
    )
    dups = cit.duplicate_references(refs)
    assert list(dups["reference_ids"]) == ["R01 R02"] and not dups["same_year"].iloc[0]
    assert cit.title_ratio("A b c", "a B c, Publisher, City") == 1.0


def test_unlisted_name_found_inside_another_entry():
    refs = _references(("Pak, M", "2020", "T", "Pak, M (2020). T, Daily Planet Online."))
    matches = cit.match_citations(cit.citation_table(_paragraphs(
        "x (Daily Planet Online, 2019, News Code: 123).")), refs)
    audit = cit.citation_audit(matches, refs)
    row = audit[audit["category"] == "cited, not in the list"].iloc[0]
    assert "appears inside R01" in row["evidence"] and "News Code: 123" in row["evidence"]


def test_density_and_uncited_share():
    sections = pd.DataFrame({"section_id": ["S01", "S02", "S03"], "order": [1, 2, 3],
                             "level": [2, 2, 2], "heading": ["A", "B", "C"],
                             "n_paragraphs": [2, 1, 0], "n_words": [500, 250, 0]})
    paragraphs = pd.DataFrame({"paragraph_id": ["P001", "P002", "P003"],
                               "section_id": ["S01", "S01", "S02"],
                               "text": ["x (Smith, 2001). y (Jones, 2010).", "none", "none"]})
    density = cit.citation_density(cit.citation_table(paragraphs), sections, paragraphs)
    assert list(density.columns) == cit.DENSITY_COLUMNS
    assert density["n_citations"].tolist() == [2, 0, 0]
    assert density["per_1000_words"].tolist()[:2] == [4.0, 0.0]
    assert density["share_uncited"].tolist()[:2] == [0.5, 1.0]
    assert density[["per_1000_words", "share_uncited"]].iloc[2].isna().all()


def test_source_kinds_by_stated_rules():
    assert cit.source_kind("Smith (2001). Title, Journal of Things, Volume 3.")[0] == "journal"
    assert cit.source_kind("Smith. A book. London: Verso, 1999.")[0] == "book"
    assert cit.source_kind("Smith (2020). Speech, KHAMENEI.IR Information Base.")[0] == \
        "official or leader's website"
    assert cit.source_kind("Smith (2020). Report, Khabar Online.")[0] == "news outlet"
    assert cit.source_kind("Smith (2021). Paper, Atlantic Council.")[0] == \
        "think tank or research institute"
    assert cit.source_kind("Smith (2001). Notes.")[0] == "unknown"
    kinds = cit.cited_source_kinds(*_audit("a (Smith, 2001). b (Fars News, 2020, News Code: 1)."
                                           )[:1], SMALL_LIST)
    assert kinds.set_index("source_kind")["n_citations"].to_dict() == {"journal": 1,
                                                                       "news outlet": 1}


# -- The real paper -----------------------------------------------------------------


def test_real_paper_citations(corpus):
    table = cit.citation_table(corpus.paragraphs)
    assert len(table) == 24
    assert set(table["form"]) == {"parenthetical", "news", "legal"}
    # every bracket with a four-digit year after a name is parsed, none from bare years
    assert not table["authors"].str.match(r"^(?:since|in)\b", case=False).any()
    assert (table["locator_kind"] == "news_code").sum() == 3


def test_real_paper_audit_discovers_the_problems(corpus):
    matches = cit.match_citations(cit.citation_table(corpus.paragraphs), corpus.references)
    audit = cit.citation_audit(matches, corpus.references)
    mismatched = set(audit.loc[audit["category"] == "author matches, year differs", "author_key"])
    assert mismatched == {"mundell", "buzan"}
    unlisted = set(audit.loc[audit["category"] == "cited, not in the list", "author_key"])
    assert {"adesnik", "morris", "khabaronline", "constitution"} <= unlisted
    dups = audit[audit["category"] == "duplicate entries in the list"]
    nasri = corpus.references.loc[corpus.references["authors"].str.startswith("Nasri"),
                                  "reference_id"]
    assert " ".join(nasri) in set(dups["reference_ids"])
    # every in-text citation lands in exactly one of the three cited categories
    cited = audit[audit["n_citations"] > 0]
    assert cited["n_citations"].sum() == len(matches)
