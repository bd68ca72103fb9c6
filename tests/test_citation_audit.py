"""The citation audit: matching on hand-made lists, density, source kinds, the real paper."""

from __future__ import annotations

import pandas as pd
from test_citations import _paragraphs, _references

from analysis import citation_audit as audit_
from analysis import citations as cit

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
    matches = audit_.match_citations(cit.citation_table(_paragraphs(*texts)), SMALL_LIST)
    return matches, audit_.citation_audit(matches, SMALL_LIST)


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
    summary = audit_.audit_summary(audit)
    assert list(summary["category"]) == audit_.CATEGORIES
    assert summary.set_index("category").loc["in the list, never cited", "n_references"] == 5


def test_duplicates_by_title_across_years():
    refs = _references(
        ("Mann, R", "1998", "The Face of National Security, Research Institute", "Mann (1998)"),
        ("Mann, R", "2016", "The Face of National Security, Translator: Research Institute",
         "Mann, R (2016). ..."),
        ("Mann, R", "2003", "Something else entirely", "Mann, R (2003). Something else."),
    )
    dups = audit_.duplicate_references(refs)
    assert list(dups["reference_ids"]) == ["R01 R02"] and not dups["same_year"].iloc[0]
    assert audit_.title_ratio("A b c", "a B c, Publisher, City") == 1.0


def test_unlisted_name_found_inside_another_entry():
    refs = _references(("Pak, M", "2020", "T", "Pak, M (2020). T, Daily Planet Online."))
    matches = audit_.match_citations(cit.citation_table(_paragraphs(
        "x (Daily Planet Online, 2019, News Code: 123).")), refs)
    audit = audit_.citation_audit(matches, refs)
    row = audit[audit["category"] == "cited, not in the list"].iloc[0]
    assert "appears inside R01" in row["evidence"] and "News Code: 123" in row["evidence"]


def test_density_and_uncited_share():
    sections = pd.DataFrame({"section_id": ["S01", "S02", "S03"], "order": [1, 2, 3],
                             "level": [2, 2, 2], "heading": ["A", "B", "C"],
                             "n_paragraphs": [2, 1, 0]})
    # words on the one denominator; S03 has none of its own (no row in the sizes)
    sizes = pd.DataFrame({"section_id": ["S01", "S02"], "n_words": [500, 250]})
    paragraphs = pd.DataFrame({"paragraph_id": ["P001", "P002", "P003"],
                               "section_id": ["S01", "S01", "S02"],
                               "text": ["x (Smith, 2001). y (Jones, 2010).", "none", "none"]})
    density = audit_.citation_density(cit.citation_table(paragraphs), sections, paragraphs,
                                      sizes)
    assert list(density.columns) == audit_.DENSITY_COLUMNS
    assert density["n_citations"].tolist() == [2, 0, 0]
    assert density["n_words"].tolist() == [500, 250, 0]
    assert density["rate"].tolist()[:2] == [4.0, 0.0]
    assert density["share_uncited"].tolist()[:2] == [0.5, 1.0]
    assert density[["rate", "share_uncited"]].iloc[2].isna().all()


def test_source_kinds_by_stated_rules():
    assert audit_.source_kind("Smith (2001). Title, Journal of Things, Volume 3.")[0] == "journal"
    assert audit_.source_kind("Smith. A book. London: Verso, 1999.")[0] == "book"
    assert audit_.source_kind("Smith (2020). Speech, KHAMENEI.IR Information Base.")[0] == \
        "official or leader's website"
    assert audit_.source_kind("Smith (2020). Report, Khabar Online.")[0] == "news outlet"
    assert audit_.source_kind("Smith (2021). Paper, Atlantic Council.")[0] == \
        "think tank or research institute"
    assert audit_.source_kind("Smith (2001). Notes.")[0] == "unknown"
    kinds = audit_.cited_source_kinds(*_audit("a (Smith, 2001). b (Fars News, 2020, News Code: 1)."
                                           )[:1], SMALL_LIST)
    assert kinds.set_index("source_kind")["n_citations"].to_dict() == {"journal": 1,
                                                                       "news outlet": 1}


def test_real_paper_audit_discovers_the_problems(corpus):
    matches = audit_.match_citations(cit.citation_table(corpus.paragraphs), corpus.references)
    audit = audit_.citation_audit(matches, corpus.references)
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
