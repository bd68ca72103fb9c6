"""The citation audit: in-text citations matched to the reference list, and both checked.

Tables (columns):

``citations`` (:func:`match_citations`)
    the columns of :func:`analysis.citations.citation_table` plus status,
    reference_ids, matched_by
``citation_audit`` (:func:`citation_audit`)
    category, cited_as, author_key, year, n_citations, paragraph_ids,
    reference_ids, evidence
``citation_density`` (:func:`citation_density`)
    section_id, order, level, heading, n_paragraphs, n_words, n_citations,
    rate, n_uncited_paragraphs, share_uncited

How a citation is matched depends on its style. Keys (pandoc, Manubot,
bracketed keys) are matched to the entries' keys, exactly, else ignoring
case; numbers to the numbered list's labels (or, for a list without labels,
to its order). Author-year citations are matched on a normalised first-author
surname (:func:`analysis.references.reference_author_key`,
:func:`analysis.citations.citation_author_key`) and the year as written;
where several entries share both, the number of authors the citation names
(one name, two, or "et al.") and a second author's surname narrow them,
and a title named in the same paragraph settles the rest
(:func:`analysis.citation_checks.title_mentions`). Entries that list one work
twice (:func:`analysis.references.duplicate_references`) match together.

**Honest absence.** A finding is reported only where the match is
unambiguous: with no in-text citation read, or citations in a style the list
cannot be matched on (keys against a list without keys), no entry is
reported as never cited; with no reference list, no citation is reported as
missing from it; an entry that a citation may mean (several candidates, or
its author cited with another year) is not reported as never cited; and the
entries of a bibliography file that are not cited are listed apart, as pandoc
prints only cited ones. :func:`audit_status` says which of these hold.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import vocabulary
from analysis.citations import CITATION_COLUMNS, MENTION_FORM, STYLE_NAMES, normalise_name
from analysis.references import (
    duplicate_references,
    keyed_references,
    same_work,
)
from analysis.settings import TITLE_SIMILARITY

# SOURCE_KIND_RULES is re-exported: the methods appendix reads it here.
from analysis.source_kinds import SOURCE_KIND_RULES as SOURCE_KIND_RULES

MATCH_COLUMNS = CITATION_COLUMNS + ["status", "reference_ids", "matched_by"]
AUDIT_COLUMNS = ["category", "cited_as", "author_key", "year", "n_citations", "paragraph_ids",
                 "reference_ids", "evidence"]
DENSITY_COLUMNS = ["section_id", "order", "level", "heading", "n_paragraphs", "n_words",
                   "n_citations", "rate", "n_uncited_paragraphs", "share_uncited"]

#: Audit categories in reporting order.
CATEGORIES = ["matched", "matched by a title named in the text", "author matches, year differs",
              "matches more than one entry", "author named without a year",
              "cited, not in the list", "in the list, never cited",
              "in the bibliography file, not cited", "duplicate entries in the list",
              "et al. for a two-author work", "page range runs backwards",
              "quotation without a citation nearby"]
#: The categories that report a problem of the paper; the others describe matches.
PROBLEMS = ["author matches, year differs", "cited, not in the list", "in the list, never cited",
            "duplicate entries in the list", "et al. for a two-author work",
            "page range runs backwards", "quotation without a citation nearby"]
#: Statuses of a citation that could not be matched for want of something in the list.
UNMATCHABLE = ["not matched: no reference list", "not matched: the list has no keys",
               "not matched: the list has no authors"]
_KEY_STYLES = ("pandoc", "manubot", "bracketed_key")


# ---------------------------------------------------------------------------
# Keys


def cited_author_count(authors: str) -> int:
    """How many authors a citation names: 3 for "et al." (three or more), else the names."""
    if re.search(r"\bet\s+al\b", authors):
        return 3
    return len([p for p in re.split(r",|\s+(?:and|&)\s+", authors) if p.strip()])


# ---------------------------------------------------------------------------
# Matching


def _narrow(candidates: pd.DataFrame, authors: str) -> pd.DataFrame:
    """Candidates whose number of authors (and second author) fit the citation, if any do."""
    if len(candidates) < 2:
        return candidates
    named = cited_author_count(authors)
    fits = candidates[[(n >= 3 if named >= 3 else n == named) for n in candidates["n_authors"]]]
    names = [p for p in re.split(r",|\s+(?:and|&)\s+|\s+et\s+al\.?", authors) if p.strip()]
    if len(names) > 1 and not fits.empty:
        second = normalise_name(names[1])
        with_second = fits[[second in normalise_name(a) for a in fits["authors"]]]
        fits = with_second if not with_second.empty else fits
    return fits if not fits.empty else candidates


def _one_work(refs: pd.DataFrame, title_similarity: float) -> bool:
    items = list(refs.itertuples())
    return all(same_work(a, b, title_similarity) for i, a in enumerate(items)
               for b in items[i + 1:])


def _key_index(refs: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """Reference ids by key, by case-folded key and by list order, for :func:`_match_key`."""
    index: dict[str, dict[str, list[str]]] = {"exact": {}, "folded": {}, "order": {}}
    for ref in refs.itertuples():
        if ref.key:
            index["exact"].setdefault(ref.key, []).append(ref.reference_id)
            index["folded"].setdefault(ref.key.casefold(), []).append(ref.reference_id)
        index["order"].setdefault(str(ref.order), []).append(ref.reference_id)
    return index


def _match_key(citation, index: dict[str, dict[str, list[str]]]) -> tuple[str, str, str]:
    if citation.style == "numbered" and not index["exact"]:
        same, by = index["order"].get(citation.key, []), "list order"
    elif not index["exact"]:
        return "not matched: the list has no keys", "", ""
    else:
        same = (index["exact"].get(citation.key)
                or index["folded"].get(citation.key.casefold(), []))
        by = "number" if citation.style == "numbered" else "key"
    if not same:
        return "cited, not in the list", "", ""
    return "matched", " ".join(same), by


def _match_author_year(citation, refs: pd.DataFrame, tie: str | None,
                       title_similarity: float) -> tuple[str, str, str]:
    if (refs["author_key"] == "").all():
        return "not matched: the list has no authors", "", ""
    same_key = refs[(refs["author_key"] == citation.author_key) & (citation.author_key != "")]
    if same_key.empty:
        return "cited, not in the list", "", ""
    narrowed = _narrow(same_key, citation.authors)
    same = narrowed[narrowed["year"] == citation.year] if citation.year else narrowed
    by_year = len(same) == 1 and bool(citation.year)
    if tie is not None and tie in set(same_key["reference_id"]) and not by_year:
        return "matched by a title named in the text", tie, "title named in the text"
    if citation.year and same.empty:
        return "author matches, year differs", " ".join(narrowed["reference_id"]), ""
    ids = " ".join(same["reference_id"])
    if len(same) == 1 or _one_work(same, title_similarity):
        by = "author and year" if citation.year else "author named, no year"
        return "matched", ids, by
    return ("matches more than one entry" if citation.year else "author named without a year",
            ids, "")


def match_citations(citations: pd.DataFrame, references: pd.DataFrame,
                    titles: pd.DataFrame | None = None,
                    title_similarity: float = TITLE_SIMILARITY) -> pd.DataFrame:
    """Each citation with its status and the reference entries it matches.

    Parameters
    ----------
    citations : DataFrame
        :func:`analysis.citations.citation_table`, and any narrative
        citations without a year (:func:`analysis.citation_checks.author_mentions`).
    references : DataFrame
        The reference list (:func:`analysis.references.paper_references`).
    titles : DataFrame, optional
        :func:`analysis.citation_checks.title_mentions`: a work named by title
        ties its author's citations in that paragraph to its entry.
    title_similarity : float, default :data:`analysis.settings.TITLE_SIMILARITY`
        Entries at least this alike list one work
        (:func:`analysis.references.duplicate_references`).

    Returns
    -------
    DataFrame
        The ``citations`` table of the module docstring: status is "matched",
        "matched by a title named in the text", "author matches, year differs"
        (reference_ids lists the author's entries), "matches more than one
        entry", "author named without a year" (several entries fit), "cited,
        not in the list", or one of :data:`UNMATCHABLE`; matched_by names the
        rule ("key", "number", "list order", "author and year", "author named,
        no year", "title named in the text"); rows as in ``citations``.
    """
    refs = keyed_references(references)
    ties = {} if titles is None else {(t.paragraph_id, t.author_key): t.reference_id
                                      for t in titles.itertuples()}
    index = _key_index(refs)
    rows = []
    for citation in citations.itertuples():
        if refs.empty:
            result = ("not matched: no reference list", "", "")
        elif citation.style in _KEY_STYLES or citation.style == "numbered":
            result = _match_key(citation, index)
        else:
            tie = ties.get((citation.paragraph_id, citation.author_key))
            result = _match_author_year(citation, refs, tie, title_similarity)
        rows.append(result)
    status, ids, by = (list(column) for column in zip(*rows, strict=True)) if rows else ([], [],
                                                                                       [])
    return citations.assign(status=pd.Series(status, index=citations.index, dtype="str"),
                            reference_ids=pd.Series(ids, index=citations.index, dtype="str"),
                            matched_by=pd.Series(by, index=citations.index, dtype="str")
                            )[MATCH_COLUMNS]


# ---------------------------------------------------------------------------
# The audit


def _label(refs: pd.DataFrame, ids: str) -> str:
    table = refs.set_index("reference_id")
    out = []
    for i in ids.split():
        row = table.loc[i]
        name = str(row["authors"]).split(",")[0] or row["key"]
        out.append(f"{i} ({name} {row['year']})".replace(" )", ")"))
    return ", ".join(out)


def _join_unique(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if str(v)))


def _cited_rows(matches: pd.DataFrame, refs: pd.DataFrame) -> list[dict]:
    rows = []
    readable = matches[~matches["status"].isin(UNMATCHABLE)]
    work = readable["key"].where(readable["key"] != "", readable["author_key"])
    for (status, key, year), group in readable.assign(_work=work).groupby(
            ["status", "_work", "year"], sort=True):
        first, n = group.iloc[0], len(group)
        ids = first["reference_ids"]
        if status == "matched":
            evidence = f"{n} citation(s) match {_label(refs, ids)} by {first['matched_by']}"
        elif status == "matched by a title named in the text":
            listed = ", ".join(sorted(set(refs.set_index("reference_id").loc[ids.split(),
                                                                              "year"])))
            evidence = (f"the title named in the paragraph ties {n} citation(s) to "
                        f"{_label(refs, ids)}" + (f"; cited as {year}, listed as {listed}"
                                                  if year and year != listed else ""))
        elif status == "author matches, year differs":
            evidence = (f"cited {n} time(s) as {year}; the list has this author only as "
                        f"{_label(refs, ids)}")
        elif status in ("matches more than one entry", "author named without a year"):
            evidence = (f"{n} citation(s) fit {_label(refs, ids)}; nothing in the text says "
                        "which is meant")
        else:
            what = f"key '{key}'" if first["key"] else f"first author '{first['authors']}'"
            evidence = f"no entry has {what} ({_join_unique(group['form'])} citation"
            evidence += f", locator '{first['locator']}')" if first["locator"] else ")"
            name = normalise_name(first["authors"]) if not first["key"] else ""
            inside = refs[refs["text"].map(normalise_name).str.contains(name, regex=False)] \
                if name else refs.iloc[0:0]
            if not inside.empty:
                evidence += "; the name appears inside " + _label(
                    refs, " ".join(inside["reference_id"]))
        cited_as = _join_unique(k if k else (f"{a}, {y}" if y else a) for a, y, k in
                                zip(group["authors"], group["year"], group["key"], strict=True))
        rows.append({"category": status, "cited_as": cited_as,
                     "author_key": first["author_key"], "year": year, "n_citations": n,
                     "paragraph_ids": " ".join(dict.fromkeys(group["paragraph_id"])),
                     "reference_ids": ids, "evidence": evidence})
    return rows


def never_cited_judged(matches: pd.DataFrame) -> bool:
    """Whether entries may be reported as never cited: citations read, all matchable."""
    readable = matches[matches["form"] != MENTION_FORM]
    return not readable.empty and not matches["status"].isin(UNMATCHABLE).any()


def citation_audit(matches: pd.DataFrame, references: pd.DataFrame,
                   source: str = "written list", checks: list[dict] | None = None,
                   title_similarity: float = TITLE_SIMILARITY) -> pd.DataFrame:
    """One row per finding, each with its evidence (see the module docstring).

    Parameters
    ----------
    matches : DataFrame
        :func:`match_citations`.
    references : DataFrame
        The reference list.
    source : {"written list", "bibliography file", "none"}, default "written list"
        Where the list comes from: entries of a bibliography file that no
        citation names are "in the bibliography file, not cited", not an error.
    checks : list of dict, optional
        Rows of :mod:`analysis.citation_checks` (et al., page ranges, quotations).
    title_similarity : float, default :data:`analysis.settings.TITLE_SIMILARITY`
        Passed to :func:`analysis.references.duplicate_references`.

    Returns
    -------
    DataFrame
        The ``citation_audit`` table; sorted by category (:data:`CATEGORIES`
        order), author_key, year, reference_ids.
    """
    refs = keyed_references(references)
    rows = _cited_rows(matches, refs)
    if never_cited_judged(matches) and not refs.empty:
        tied = {i for s, ids in zip(matches["status"], matches["reference_ids"], strict=True)
                if s not in UNMATCHABLE and s != "cited, not in the list" for i in ids.split()}
        named = matches[matches["form"] == MENTION_FORM]
        category = ("in the bibliography file, not cited" if source == "bibliography file"
                    else "in the list, never cited")
        for ref in refs.itertuples():
            if ref.reference_id in tied:
                continue
            evidence = "no in-text citation names this entry"
            if not ref.key:
                evidence = "no in-text citation has this first author and year"
            mention = named[named["author_key"] == ref.author_key]
            if not mention.empty:
                evidence += ("; the author is named without a year in "
                             + " ".join(dict.fromkeys(mention["paragraph_id"]))
                             + ", which fits another entry better")
            rows.append({"category": category, "cited_as": "", "author_key": ref.author_key,
                         "year": ref.year, "n_citations": 0, "paragraph_ids": "",
                         "reference_ids": ref.reference_id, "evidence": evidence})
    for dup in duplicate_references(references, title_similarity).itertuples():
        texts = refs.set_index("reference_id").loc[dup.reference_ids.split(), "title"]
        reason = "same first author and year" if dup.same_year else "same first author"
        rows.append({"category": "duplicate entries in the list", "cited_as": "",
                     "author_key": dup.author_key, "year": dup.years, "n_citations": 0,
                     "paragraph_ids": "", "reference_ids": dup.reference_ids,
                     "evidence": f"{reason}; title similarity {dup.title_ratio:.2f}: "
                                 + " | ".join(f"'{t}'" for t in texts)})
    audit = pd.DataFrame(rows + list(checks or []), columns=AUDIT_COLUMNS)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    audit = audit.assign(_o=audit["category"].map(order))
    return audit.sort_values(["_o", "author_key", "year", "reference_ids"],
                             kind="stable").drop(columns="_o").reset_index(drop=True)


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Findings per category: rows, in-text citations, reference entries, and the items.

    Parameters
    ----------
    audit : DataFrame
        :func:`citation_audit`.

    Returns
    -------
    DataFrame
        category, problem (whether the category reports a problem of the
        paper), findings (rows), n_citations, n_references (distinct reference
        ids), items (cited_as, or reference ids and year, joined by "; "); one
        row per category in :data:`CATEGORIES` order, empty categories included.
    """
    rows = []
    for category in CATEGORIES:
        part = audit[audit["category"] == category]
        refs = {r for ids in part["reference_ids"] for r in str(ids).split()}
        items = [c if c else f"{k} {y}".strip() for c, k, y in
                 zip(part["cited_as"], part["reference_ids"], part["year"], strict=True)]
        rows.append({"category": category, "problem": category in PROBLEMS,
                     "findings": len(part), "n_citations": int(part["n_citations"].sum()),
                     "n_references": len(refs), "items": "; ".join(items)})
    return pd.DataFrame(rows, columns=["category", "problem", "findings", "n_citations",
                                       "n_references", "items"])


def audit_status(matches: pd.DataFrame, references: pd.DataFrame, source: str) -> dict:
    """What the audit could judge on this paper, and why not where it could not.

    Parameters
    ----------
    matches : DataFrame
        :func:`match_citations`.
    references : DataFrame
        The reference list.
    source : str
        "written list", "bibliography file" or "none".

    Returns
    -------
    dict
        n_citations (read, narrative mentions without a year excluded),
        styles (the styles read, by frequency), n_references, source,
        judge_not_listed (citations may be reported as not in the list),
        judge_never_cited (entries may be reported as never cited), note (one
        or two sentences saying so).
    """
    read = matches[matches["form"] != MENTION_FORM]
    styles = [STYLE_NAMES.get(s, s) for s in read["style"].value_counts(sort=True).index]
    unmatchable = matches.loc[matches["status"].isin(UNMATCHABLE), "status"]
    judge_never = never_cited_judged(matches) and len(references) > 0
    judge_listed = len(references) > 0 and not read.empty and unmatchable.empty
    if read.empty:
        note = ("No in-text citation in a style the study reads (pandoc, Manubot, numbered, "
                "bracketed keys, author-year) was found, so no entry is reported as never cited.")
    elif source == "none":
        note = ("The paper has no reference list and names no bibliography file, so no "
                "citation is reported as missing from it and no entry as never cited.")
    elif not unmatchable.empty:
        note = (f"{unmatchable.iloc[0].removeprefix('not matched: ').capitalize()} for the "
                f"{', '.join(styles)} citations to be matched on, so neither missing nor "
                "uncited entries are reported.")
    else:
        note = (f"Citations ({', '.join(styles)}) are matched against the {source}"
                + (" (pandoc prints only the cited entries of such a file, so the others are "
                   "listed apart, not as errors)." if source == "bibliography file" else "."))
    return {"n_citations": len(read), "styles": styles, "n_references": len(references),
            "source": source, "judge_not_listed": judge_listed,
            "judge_never_cited": judge_never, "note": note}


# ---------------------------------------------------------------------------
# Density


def citation_density(citations: pd.DataFrame, sections: pd.DataFrame,
                     paragraphs: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """Citations per 1,000 words and the share of paragraphs with none, per section.

    Parameters
    ----------
    citations : DataFrame
        :func:`analysis.citations.citation_table` (columns section_id, paragraph_id).
    sections : DataFrame
        :attr:`analysis.paper.Paper.sections` (section_id, order, level, heading,
        n_paragraphs).
    paragraphs : DataFrame
        :attr:`analysis.paper.Paper.paragraphs` (paragraph_id, section_id).
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, n_words): the
        study's one denominator.

    Returns
    -------
    DataFrame
        One row per section in reading order: section_id, order, level,
        heading, n_paragraphs, n_words, n_citations (cited works, one per
        mention), rate (citations per 1,000 words; NaN for a section without
        words of its own), n_uncited_paragraphs, share_uncited. Counts use each
        section's own paragraphs, not its subsections'.
    """
    per_section = citations.groupby("section_id").size()
    cited_paragraphs = set(citations["paragraph_id"])
    uncited = (paragraphs.assign(uncited=~paragraphs["paragraph_id"].isin(cited_paragraphs))
               .groupby("section_id")["uncited"].sum())
    table = sections[["section_id", "order", "level", "heading", "n_paragraphs"]].copy()
    table["n_words"] = table["section_id"].map(sizes.set_index("section_id")["n_words"]
                                               ).fillna(0).astype(int)
    table["n_citations"] = table["section_id"].map(per_section).fillna(0).astype(int)
    table["rate"] = vocabulary.rate(table["n_citations"], table["n_words"])
    table["n_uncited_paragraphs"] = table["section_id"].map(uncited).fillna(0).astype(int)
    table["share_uncited"] = table["n_uncited_paragraphs"] / table["n_paragraphs"].where(
        table["n_paragraphs"] > 0)
    return table[DENSITY_COLUMNS].reset_index(drop=True)
