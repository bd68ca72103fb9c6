"""The citation audit: matching rules on hand-made lists, honest absence, the test papers."""

from __future__ import annotations

import pandas as pd
import pytest
import raw_markdown
from test_citations import _paragraphs, _references

from analysis import citation_audit as audit_
from analysis import citation_report, references, source_kinds
from analysis import citations as cit

# -- Matching rules on hand-made lists ------------------------------------------


SMALL_LIST = _references(
    ("Smith, Anne", "2001", "On things", "Smith, Anne (2001). On things. Journal of X."),
    ("Jones, Bob and Lee, Cy", "2010", "Stuff", "Jones, Bob and Lee, Cy (2010). Stuff."),
    ("Jones, Bob", "2012", "More stuff", "Jones, Bob (2012). More stuff."),
    ("Brown, Dee", "1999", "A long book about things", "Brown, Dee. A book. London: Verso, 1999."),
    ("Brown, Dee", "1999", "A long book about things again", "Brown, Dee (1999). A book again."),
    ("Green, Eve", "2005", "Unused", "Green, Eve (2005). Unused. Daily News."),
)


def _audit(*texts: str, refs: pd.DataFrame = SMALL_LIST) -> tuple[pd.DataFrame, pd.DataFrame]:
    matches = audit_.match_citations(cit.citation_table(_paragraphs(*texts)), refs)
    return matches, audit_.citation_audit(matches, refs)


def test_matching_statuses():
    matches, _ = _audit("a (Smith, 2001, p. 3). b (Jones et al., 2010). c (Jones, 2015).",
                        "d (White, 2020). e (Brown, 1999).")
    assert list(matches["status"]) == ["matched", "matched", "author matches, year differs",
                                       "cited, not in the list", "matched"]
    # Jones 2015 names one author: of Jones's entries only the single-authored one fits
    assert list(matches["reference_ids"]) == ["R01", "R02", "R03", "", "R04 R05"]
    assert list(matches["matched_by"])[:2] == ["author and year", "author and year"]


def test_audit_categories_and_evidence():
    _, audit = _audit("a (Smith, 2001). b (Smith, 2001, p. 9). c (Jones, 2015). d (White, 2020).")
    by = audit.groupby("category")
    # Jones 2015 fits only the single-authored R03 (another year): R03 is not reported as
    # uncited, R02 (Jones and Lee) is; R04 and R05 list one work twice
    assert by.size().to_dict() == {"matched": 1, "author matches, year differs": 1,
                                   "cited, not in the list": 1, "in the list, never cited": 4,
                                   "duplicate entries in the list": 1}
    matched = audit[audit["category"] == "matched"].iloc[0]
    assert matched["n_citations"] == 2 and matched["paragraph_ids"] == "P001"
    mismatch = audit[audit["category"] == "author matches, year differs"].iloc[0]
    assert mismatch["year"] == "2015" and mismatch["reference_ids"] == "R03"
    never = audit[audit["category"] == "in the list, never cited"]
    assert list(never["reference_ids"]) == ["R04", "R05", "R06", "R02"]
    dup = audit[audit["category"] == "duplicate entries in the list"].iloc[0]
    assert dup["reference_ids"] == "R04 R05" and "same first author and year" in dup["evidence"]
    summary = audit_.audit_summary(audit)
    assert list(summary["category"]) == audit_.CATEGORIES
    assert summary.set_index("category").loc["in the list, never cited", "n_references"] == 4


def test_shared_surname_and_year_is_not_a_duplicate():
    refs = _references(
        ("Kim, Y.", "2020", "Surveying security in cities", "Kim, Y. (2020). Surveying ..."),
        ("Kim, J.", "2020", "Surveying security in cities", "Kim, J. (2020). Surveying ..."),
        ("Kim, Y., & Lee, S.", "2020", "Measuring a different thing", "Kim, Y. (2020). ..."),
        ("Mann, R", "1998", "The Face of National Security, Research Institute", "Mann (1998)"),
        ("Mann, R", "2016", "The Face of National Security, Translator: Research Institute",
         "Mann, R (2016). ..."),
    )
    dups = references.duplicate_references(refs)
    assert list(dups["reference_ids"]) == ["R04 R05"] and not dups["same_year"].iloc[0]
    # "(Kim, 2020)" fits two single-authored works: ambiguous, and neither is "never cited"
    matches, audit = _audit("as shown (Kim, 2020).", refs=refs)
    assert matches["status"].iloc[0] == "matches more than one entry"
    assert matches["reference_ids"].iloc[0] == "R01 R02"
    never = set(audit.loc[audit["category"] == "in the list, never cited", "reference_ids"])
    assert never == {"R03", "R04", "R05"}
    # a second author settles it
    assert _audit("as (Kim and Lee, 2020).", refs=refs)[0]["reference_ids"].iloc[0] == "R03"


def test_a_named_title_settles_which_entry():
    refs = _references(
        ("Buzan, Barry, Ole Wæver, and Jaap de Wilde", "1998", "Security: A New Framework",
         "Buzan ... 1998"),
        ("Buzan, Barry", "1991", "People, States and Fear: An Agenda", "Buzan ... 1991"))
    refs = refs.assign(n_authors=[3, 1])
    titles = pd.DataFrame([{"paragraph_id": "P001", "quoted": "People, Governments, and Fear",
                            "reference_id": "R02", "author_key": "buzan", "title_ratio": 0.75}])
    table = cit.citation_table(_paragraphs("in the book (Buzan, 2010, p. 34)."))
    matches = audit_.match_citations(table, refs, titles)
    assert matches["status"].iloc[0] == "matched by a title named in the text"
    assert matches["reference_ids"].iloc[0] == "R02"
    audit = audit_.citation_audit(matches, refs)
    assert set(audit.loc[audit["category"] == "in the list, never cited", "reference_ids"]) == {
        "R01"}
    row = audit[audit["category"] == "matched by a title named in the text"].iloc[0]
    assert "cited as 2010, listed as 1991" in row["evidence"]


def test_keys_numbers_and_honest_absence():
    keyed = pd.DataFrame({"reference_id": ["R01", "R02"], "order": [1, 2], "key": ["a", "b"],
                          "authors": ["", ""], "year": ["", ""], "title": ["", ""],
                          "text": ["x", "y"]})
    matches, audit = _audit("see [@a] and [@A] and [@c].", refs=keyed)
    assert list(matches["status"]) == ["matched", "matched", "cited, not in the list"]
    assert set(audit.loc[audit["category"] == "in the list, never cited", "reference_ids"]) == {
        "R02"}
    # a bibliography file's uncited entries are listed apart, not as errors
    bib = audit_.citation_audit(matches, keyed, source="bibliography file")
    assert "in the list, never cited" not in set(bib["category"])
    assert list(bib.loc[bib["category"] == "in the bibliography file, not cited",
                        "reference_ids"]) == ["R02"]
    # keys against a list without keys: nothing missing, nothing uncited
    plain = SMALL_LIST.iloc[:2]
    matches, audit = _audit("see [@a].", refs=plain)
    assert matches["status"].iloc[0] == "not matched: the list has no keys"
    assert audit.empty or not audit["category"].isin(audit_.PROBLEMS).any()
    status = audit_.audit_status(matches, plain, "written list")
    assert not status["judge_never_cited"] and "no keys" in status["note"]
    # numbered citations against a list without labels go by list order
    numbered = audit_.match_citations(cit.citation_table(_paragraphs("as [2].")), plain)
    assert (numbered["status"].iloc[0], numbered["reference_ids"].iloc[0],
            numbered["matched_by"].iloc[0]) == ("matched", "R02", "list order")


def test_no_citations_or_no_list_reports_nothing():
    matches, audit = _audit("No citation here at all.")
    assert list(audit["category"]) == ["duplicate entries in the list"]  # the list's own
    status = audit_.audit_status(matches, SMALL_LIST, "written list")
    assert status["n_citations"] == 0 and not status["judge_never_cited"]
    empty = SMALL_LIST.iloc[0:0]
    matches, audit = _audit("a (Smith, 2001).", refs=empty)
    assert matches["status"].iloc[0] == "not matched: no reference list" and audit.empty
    assert "no reference list" in audit_.audit_status(matches, empty, "none")["note"]


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
    sizes = pd.DataFrame({"section_id": ["S01", "S02"], "n_words": [500, 250]})
    paragraphs = pd.DataFrame({"paragraph_id": ["P001", "P002", "P003"],
                               "section_id": ["S01", "S01", "S02"],
                               "text": ["x (Smith, 2001). y [@k].", "none", "none"]})
    density = audit_.citation_density(cit.citation_table(paragraphs), sections, paragraphs,
                                      sizes)
    assert list(density.columns) == audit_.DENSITY_COLUMNS
    assert density["n_citations"].tolist() == [2, 0, 0]
    assert density["rate"].tolist()[:2] == [4.0, 0.0]
    assert density["share_uncited"].tolist()[:2] == [0.5, 1.0]
    assert density[["rate", "share_uncited"]].iloc[2].isna().all()


def test_density_rows_cap_and_aggregate():
    n = 40
    density = pd.DataFrame({"section_id": [f"S{i:02d}" for i in range(n)], "order": range(n),
                            "level": [2 if i % 4 == 0 else 3 for i in range(n)],
                            "heading": "h", "n_paragraphs": 1, "n_words": 100,
                            "n_citations": 1, "rate": 10.0, "n_uncited_paragraphs": 0,
                            "share_uncited": 0.0})
    labels = pd.Series({s: f"L{s}" for s in density["section_id"]})
    rows, note = citation_report.density_rows(density, labels, cap=30)
    assert len(rows) == 10 and rows["label"].iloc[0] == "LS00 (+3)"
    assert rows["n_words"].tolist() == [400] * 10 and rows["rate"].tolist() == [10.0] * 10
    assert "40 sections are drawn as their 10 top-level" in note
    rows, note = citation_report.density_rows(density, labels, cap=4)
    assert len(rows) == 4 and rows["label"].iloc[-1] == "7 more sections"
    assert rows["n_sections"].sum() == 40
    rows, note = citation_report.density_rows(density.iloc[:3], labels)
    assert len(rows) == 3 and note == "Every section is a row."


def test_source_kinds_by_stated_rules():
    assert source_kinds.source_kind("Smith (2001). Title, Journal of Things, Volume 3.")[0] == \
        "journal"
    assert source_kinds.source_kind("Smith. A book. London: Verso, 1999.")[0] == "book"
    assert source_kinds.source_kind("Smith (2020). Report, Khabar Online.")[0] == "news outlet"
    assert source_kinds.source_kind("Smith (2001). Notes.")[0] == "unknown"
    matches = _audit("a (Smith, 2001). b (Fars News, 2020, News Code: 1).")[0]
    kinds = source_kinds.cited_source_kinds(matches, SMALL_LIST)
    assert kinds.set_index("source_kind")["n_citations"].to_dict() == {"journal": 1,
                                                                       "news outlet": 1}


# -- The test papers: no false finding -----------------------------------------------


@pytest.mark.parametrize("folder, bib, cited, never, missing, source", [
    ("joss-bayestestr", "paper.bib", 19, 26, [], "bibliography file"),
    ("joss-textnets", "paper.bib", 12, 0, [], "bibliography file"),
    ("good-enough-practices", None, 16, 1, ["laurent2004"], "written list"),
    ("manubot-deep-review", "citations.tsv", 635, 0, [], "bibliography file"),
])
def test_real_papers_audit_against_their_hand_counts(folder, bib, cited, never, missing,
                                                      source):
    paragraphs, lines = raw_markdown.split(raw_markdown.PAPERS / folder / "paper.md")
    written = references.reference_table(references.reference_entries(lines))
    if bib is not None:
        assert written.empty  # pandoc and Manubot build the list: nothing written
        table = references.read_bibliography(raw_markdown.PAPERS / folder / bib)
    else:
        table = written
    report = citation_report.citation_report(raw_markdown.paragraphs(
        raw_markdown.PAPERS / folder / "paper.md"), references.ReferenceList(table, source))
    audit = report.audit
    n_cited = {i for ids in report.matches["reference_ids"] for i in ids.split()}
    assert len(n_cited) == cited
    uncited = audit["category"].isin(["in the list, never cited",
                                      "in the bibliography file, not cited"])
    assert uncited.sum() == never
    assert list(audit.loc[audit["category"] == "cited, not in the list", "cited_as"]) == missing
    assert not audit["category"].isin(["et al. for a two-author work",
                                       "page range runs backwards",
                                       "author matches, year differs"]).any()


def test_good_enough_practices_against_its_bib_file():
    folder = raw_markdown.PAPERS / "good-enough-practices"
    bib = references.read_bibliography(folder / "paper.bib")
    assert len(bib) == 21
    report = citation_report.citation_report(raw_markdown.paragraphs(folder / "paper.md"),
                                             references.ReferenceList(bib, "bibliography file"))
    audit = report.audit
    assert list(audit.loc[audit["category"] == "cited, not in the list", "cited_as"]) == [
        "UIllinois"]
    # expected.toml counts keys: 5 entries uncited. The text also names one of them with a
    # verb of reporting ("Arjun Raj said in a blog post", its footnote giving the URL), so
    # raj2016 is read as cited by name and 4 remain.
    assert list(report.mentions["text"]) == ["Raj said"]
    assert (audit["category"] == "in the bibliography file, not cited").sum() == 4


# -- The real paper -----------------------------------------------------------------


def test_real_paper_audit_discovers_the_problems(corpus):
    report = citation_report.citation_report(corpus.paragraphs,
                                             references.paper_references(corpus))
    audit, refs = report.audit, corpus.references.set_index("reference_id")
    ids = {name: list(refs.index[refs["authors"].str.startswith(name)])
           for name in ("Buzan", "Mundell", "Nasri", "Pourhassan")}
    # Mundell is cited as 2017; the list has 1998 and 2016, one work listed twice
    mismatched = set(audit.loc[audit["category"] == "author matches, year differs",
                               "author_key"])
    assert mismatched == {"mundell"}
    # Changed: the book the text names ("People, Governments, and Fear") ties (Buzan, 2010)
    # to the single-authored People, States and Fear, so Buzan is no longer a year mismatch
    # and only the co-authored Buzan entry is never cited.
    titled = audit[audit["category"] == "matched by a title named in the text"]
    assert set(titled["reference_ids"]) == {ids["Buzan"][1]}
    never = set(audit.loc[audit["category"] == "in the list, never cited", "reference_ids"])
    assert ids["Buzan"][0] in never and ids["Buzan"][1] not in never
    # Changed: Mundell's two entries are what the 2017 citation may mean, so neither is
    # reported as never cited any more (six entries, not nine).
    assert not set(ids["Mundell"]) & never and len(never) == 6
    unlisted = set(audit.loc[audit["category"] == "cited, not in the list", "author_key"])
    assert {"adesnik", "morris", "khabaronline", "constitution"} <= unlisted
    dups = set(audit.loc[audit["category"] == "duplicate entries in the list", "reference_ids"])
    assert " ".join(ids["Nasri"]) in dups and " ".join(ids["Mundell"]) in dups
    # New checks: "Pourhassan et al." for a two-author work, Nasri's pages 58-33, and two
    # quotations (Iranmanesh's, al-Abadi's) with no citation in their paragraph.
    etal = audit[audit["category"] == "et al. for a two-author work"]
    assert list(etal["reference_ids"]) == ids["Pourhassan"]
    pages = audit[audit["category"] == "page range runs backwards"]
    assert list(pages["reference_ids"]) == [ids["Nasri"][0]] and "58-33" in pages.iloc[0][
        "evidence"]
    assert (audit["category"] == "quotation without a citation nearby").sum() == 2
    # every in-text citation and narrative mention lands in exactly one cited category
    cited = audit[audit["n_citations"] > 0]
    assert cited[~cited["category"].isin(["et al. for a two-author work"])][
        "n_citations"].sum() == len(report.matches)
