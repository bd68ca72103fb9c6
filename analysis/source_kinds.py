"""The kind of source each reference entry and each cited work is.

Table (columns) of :func:`reference_kinds`: reference_id, authors, year,
source_kind, rule. :func:`cited_source_kinds` counts in-text citations and
distinct works by kind.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.citations import MENTION_FORM

KIND_COLUMNS = ["reference_id", "authors", "year", "source_kind", "rule"]

#: How the kind of a source is read off its reference entry (or, for a citation
#: not in the list, off the citation itself): the first rule whose pattern is
#: found in the entry's text wins; an entry matching none is "unknown". A book
#: is an entry that ends ", Place: Publisher" or ". Place: Publisher" (with an
#: optional year) or names a
#: publisher; it is tested after journals and before institutes, so a book
#: published by an institute in a named place counts as a book.
SOURCE_KIND_RULES: list[tuple[str, str]] = [
    ("legal", r"\bConstitution\b|\bArticles?\s+\d"),
    ("official or leader's website", r"\.IR\b|\bInformation Base\b|\bwebsite\b|\bofficial site\b"),
    ("news outlet", r"\bNews\b|\bKhabar Online\b|\bNewspaper\b|\bNews Agency\b|\bnews code\b"),
    ("talk or lecture", r"\bSession\b|\bLecture\b|\bSpeech\b|\bconference\b"),
    ("journal", r"\bQuarterly\b|\bJournal\b|\bVolume\b|\bNumber\s+\d|\bNo\.\s*\d|\bIssue\b"),
    ("book", r"(?:^|[.,]\s)[A-Z][a-zA-Z]+(?:, [A-Z]{2})?:\s+[A-Z][^:.]*?(?:,\s*\d{4})?\.?\s*$"
             r"|\bUniversity Press\b|\bPublishers?\b"),
    ("think tank or research institute", r"\bCouncil\b|\bInstitute\b|\bCenter for\b|\bCentre\b"),
]


def source_kind(text: str, rules: list[tuple[str, str]] | None = None) -> tuple[str, str]:
    """The kind of source a reference entry's or citation's text names, by the first matching rule.

    Parameters
    ----------
    text : str
        A reference entry, or a citation's authors and locator.
    rules : list of (str, str), optional
        (kind, regular expression) pairs, tried in order; default
        :data:`SOURCE_KIND_RULES`.

    Returns
    -------
    tuple of str
        (kind, the pattern that matched), or ("unknown", "") if none does.
    """
    for kind, pattern in (rules if rules is not None else SOURCE_KIND_RULES):
        if re.search(pattern, text):
            return kind, pattern
    return "unknown", ""


def reference_kinds(references: pd.DataFrame,
                    rules: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The kind of source of each reference entry, by the first matching rule.

    Parameters
    ----------
    references : DataFrame
        :attr:`analysis.paper.Paper.references` (reference_id, authors, year, text).
    rules : list of (str, str), optional
        See :func:`source_kind`.

    Returns
    -------
    DataFrame
        The ``reference_kinds`` table of the module docstring, in list order.
    """
    kinds = [source_kind(text, rules) for text in references["text"]]
    return references[["reference_id", "authors", "year"]].assign(
        source_kind=[k for k, _ in kinds], rule=[r for _, r in kinds])[KIND_COLUMNS]


def cited_source_kinds(matches: pd.DataFrame, references: pd.DataFrame,
                       rules: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """In-text citations and distinct works by kind of source.

    A citation matched to the list (or whose author is in it with another year)
    takes the kind of its first entry; otherwise the kind is read off the
    citation itself (a news code makes it a news outlet, an article a legal
    source), else "unknown (not in the list)". Narrative mentions of an author
    without a year are not citations and are left out.

    Parameters
    ----------
    matches : DataFrame
        :func:`analysis.citation_audit.match_citations`.
    references : DataFrame
        The reference list.
    rules : list of (str, str), optional
        See :func:`source_kind`.

    Returns
    -------
    DataFrame
        source_kind, n_citations, n_works (distinct keys, or "authors, year"), works
        (joined by "; ", in reading order); sorted by n_citations (descending),
        then source_kind.
    """
    kinds = reference_kinds(references, rules).set_index("reference_id")["source_kind"]
    rows = []
    for c in matches[matches["form"] != MENTION_FORM].itertuples():
        ids = c.reference_ids.split()
        if ids:
            kind = kinds[ids[0]]
        else:
            kind, _ = source_kind(f"{c.authors} {c.locator}", rules)
            if kind == "unknown":
                kind = "unknown (not in the list)"
        work = c.key if c.key else f"{c.authors}, {c.year}".strip(" ,")
        rows.append({"source_kind": kind, "work": work})
    table = pd.DataFrame(rows, columns=["source_kind", "work"])
    summary = table.groupby("source_kind", sort=True).agg(
        n_citations=("work", "size"), n_works=("work", "nunique"),
        works=("work", lambda w: "; ".join(dict.fromkeys(w))))
    return summary.reset_index().sort_values(["n_citations", "source_kind"],
                                             ascending=[False, True],
                                             kind="stable").reset_index(drop=True)
