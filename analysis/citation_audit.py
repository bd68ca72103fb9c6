"""The citation audit: in-text citations matched to the reference list, and both checked.

Tables (columns):

``citations`` (:func:`match_citations`)
    the columns of :func:`analysis.citations.citation_table` plus status, reference_ids
``citation_audit`` (:func:`citation_audit`)
    category, cited_as, author_key, year, n_citations, paragraph_ids,
    reference_ids, evidence
``citation_density`` (:func:`citation_density`)
    section_id, order, level, heading, n_paragraphs, n_words, n_citations,
    rate, n_uncited_paragraphs, share_uncited
``reference_kinds`` (:func:`reference_kinds`)
    reference_id, authors, year, source_kind, rule

Matching uses a normalised key: the first author's surname (the text before
the first comma of a reference's author field; the first name before "and",
"&", "et al." or a comma in a citation), with accents removed, case folded
and everything but letters and digits dropped, plus the year as written.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pandas as pd

from analysis import vocabulary
from analysis.citations import CITATION_COLUMNS, normalise_name
from analysis.settings import TITLE_MIN_WORDS, TITLE_SIMILARITY

MATCH_COLUMNS = CITATION_COLUMNS + ["status", "reference_ids"]
AUDIT_COLUMNS = ["category", "cited_as", "author_key", "year", "n_citations", "paragraph_ids",
                 "reference_ids", "evidence"]
DENSITY_COLUMNS = ["section_id", "order", "level", "heading", "n_paragraphs", "n_words",
                   "n_citations", "rate", "n_uncited_paragraphs", "share_uncited"]
KIND_COLUMNS = ["reference_id", "authors", "year", "source_kind", "rule"]

#: Audit categories in reporting order.
CATEGORIES = ["matched", "author matches, year differs", "cited, not in the list",
              "in the list, never cited", "duplicate entries in the list"]

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


# ---------------------------------------------------------------------------
# Keys and matching


def reference_author_key(authors: str) -> str:
    """Key of a reference entry's first author: its author field before the first comma.

    Entries are written "Surname, Given", so the part before the first comma is
    the surname; an entry with no comma (a corporate author or a title standing
    in for one) is keyed on its whole author field, up to an "and" or "&".

    Parameters
    ----------
    authors : str
        The entry's author field (:func:`analysis.references.parse_reference`).

    Returns
    -------
    str
        :func:`analysis.citations.normalise_name` of that part.
    """
    first = authors.split(",", 1)[0]
    first = re.split(r"\s+(?:and|&)\s+", first, maxsplit=1)[0]
    return normalise_name(first)


def _keyed_references(references: pd.DataFrame) -> pd.DataFrame:
    return references.assign(author_key=[reference_author_key(a) for a in references["authors"]],
                             year=references["year"].astype("str"))


def match_citations(citations: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Each citation with its status and the reference entries it matches.

    Parameters
    ----------
    citations : DataFrame
        :func:`analysis.citations.citation_table`.
    references : DataFrame
        :attr:`analysis.paper.Paper.references`.

    Returns
    -------
    DataFrame
        The ``citations`` table of the module docstring: the citation columns
        plus status, "matched" (an entry with the same author key and year;
        reference_ids lists them), "author matches, year differs" (entries with
        the key, none with the year; reference_ids lists them) or "cited, not in
        the list" (reference_ids ""); rows as in ``citations``.
    """
    refs = _keyed_references(references)
    statuses, ids = [], []
    for citation in citations.itertuples():
        same_key = refs[refs["author_key"] == citation.author_key]
        same = same_key[same_key["year"] == citation.year]
        if citation.author_key and not same.empty:
            statuses.append("matched")
            ids.append(" ".join(same["reference_id"]))
        elif citation.author_key and not same_key.empty:
            statuses.append("author matches, year differs")
            ids.append(" ".join(same_key["reference_id"]))
        else:
            statuses.append("cited, not in the list")
            ids.append("")
    return citations.assign(status=pd.Series(statuses, index=citations.index, dtype="str"),
                            reference_ids=pd.Series(ids, index=citations.index, dtype="str")
                            )[MATCH_COLUMNS]


def title_ratio(first: str, second: str) -> float:
    """Share of the shorter title's words found, in order, in the longer one.

    Titles are compared as normalised words with difflib's SequenceMatcher
    (a refinement of Ratcliff/Obershelp matching; the sum of its matching blocks over the
    shorter title's length). Entries often run the title into the venue
    ("Title, Publisher"), and a translation adds "Translator: ...", so the
    measure asks whether one title is contained in the other rather than
    whether the two are the same length.

    Parameters
    ----------
    first, second : str
        Two titles as written.

    Returns
    -------
    float
        Between 0 and 1; 0.0 if either title has no word.

    References
    ----------
    Ratcliff, J. W. and Metzener, D. E. (1988). Pattern matching: the gestalt
    approach. *Dr. Dobb's Journal* 13(7), 46.
    """
    a = [w for w in (normalise_name(w) for w in first.split()) if w]
    b = [w for w in (normalise_name(w) for w in second.split()) if w]
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(a)


def duplicate_references(references: pd.DataFrame,
                         title_similarity: float = TITLE_SIMILARITY) -> pd.DataFrame:
    """Pairs of reference entries that may list one work twice.

    Two entries by the same first author are paired when they have the same
    year, or when their :func:`title_ratio` is at least ``title_similarity``
    (the same work in two editions or a translation) and both titles have at
    least :data:`analysis.settings.TITLE_MIN_WORDS` words.

    Parameters
    ----------
    references : DataFrame
        :attr:`analysis.paper.Paper.references`.
    title_similarity : float, default :data:`analysis.settings.TITLE_SIMILARITY`
        The :func:`title_ratio` from which two titles count as one work.

    Returns
    -------
    DataFrame
        reference_ids (the two ids, space-separated), author_key, years (the
        two years), title_ratio (rounded to 3 places), same_year; by author key,
        then list order.
    """
    refs = _keyed_references(references).reset_index(drop=True)
    rows = []
    for key, group in refs.groupby("author_key", sort=True):
        if len(group) < 2:
            continue
        items = list(group.itertuples())
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                ratio = title_ratio(a.title, b.title)
                long_enough = min(len(a.title.split()), len(b.title.split())) >= TITLE_MIN_WORDS
                if a.year == b.year or (long_enough and ratio >= title_similarity):
                    rows.append({"reference_ids": f"{a.reference_id} {b.reference_id}",
                                 "author_key": key, "years": f"{a.year} {b.year}",
                                 "title_ratio": round(ratio, 3), "same_year": a.year == b.year})
    return pd.DataFrame(rows, columns=["reference_ids", "author_key", "years", "title_ratio",
                                       "same_year"])


def _join_unique(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if str(v)))


def _describe(refs: pd.DataFrame, ids: str) -> str:
    table = refs.set_index("reference_id")
    return ", ".join(f"{i} ({table.loc[i, 'authors'].split(',')[0]} {table.loc[i, 'year']})"
                     for i in ids.split())


def citation_audit(matches: pd.DataFrame, references: pd.DataFrame,
                   title_similarity: float = TITLE_SIMILARITY) -> pd.DataFrame:
    """One row per finding, each with its evidence.

    Cited works are grouped by status, author key and year; reference entries
    appear under "in the list, never cited" when no citation has their key and
    year (the evidence says if the author is cited with another year); pairs
    from :func:`duplicate_references` appear as "duplicate entries in the list".

    Parameters
    ----------
    matches : DataFrame
        :func:`match_citations`.
    references : DataFrame
        :attr:`analysis.paper.Paper.references`.
    title_similarity : float, default :data:`analysis.settings.TITLE_SIMILARITY`
        Passed to :func:`duplicate_references`.

    Returns
    -------
    DataFrame
        The ``citation_audit`` table of the module docstring; sorted by
        category (:data:`CATEGORIES` order), author_key, year, reference_ids.
    """
    refs = _keyed_references(references)
    rows = []
    cited = matches.groupby(["status", "author_key", "year"], sort=True)
    for (status, key, year), group in cited:
        first = group.iloc[0]
        n = len(group)
        ids = first["reference_ids"]
        if status == "matched":
            evidence = f"{n} citation(s) match {_describe(refs, ids)} on author key and year"
        elif status == "author matches, year differs":
            evidence = (f"cited {n} time(s) as {year}; the list has this author only as "
                        f"{_describe(refs, ids)}")
        else:
            kinds = _join_unique(group["form"])
            mention = refs[refs["text"].map(normalise_name).str.contains(key, regex=False)] \
                if key else refs.iloc[0:0]
            evidence = f"no entry has first author '{first['authors']}' ({kinds} citation"
            if first["locator"]:
                evidence += f", locator '{first['locator']}'"
            evidence += ")"
            if not mention.empty:
                evidence += ("; the name appears inside " +
                             _describe(refs, " ".join(mention["reference_id"])))
        cited_as = _join_unique(f"{a}, {y}" if y else a
                                for a, y in zip(group["authors"], group["year"], strict=True))
        rows.append({"category": status, "cited_as": cited_as,
                     "author_key": key, "year": year, "n_citations": n,
                     "paragraph_ids": " ".join(dict.fromkeys(group["paragraph_id"])),
                     "reference_ids": ids, "evidence": evidence})
    cited_pairs = set(zip(matches["author_key"], matches["year"], strict=True))
    for ref in refs.itertuples():
        if (ref.author_key, ref.year) in cited_pairs:
            continue
        other = sorted({y for k, y in cited_pairs if k == ref.author_key})
        evidence = "no in-text citation has this first author and year"
        if other:
            evidence += f"; the author is cited with year {', '.join(other)}"
        rows.append({"category": "in the list, never cited", "cited_as": "",
                     "author_key": ref.author_key, "year": ref.year, "n_citations": 0,
                     "paragraph_ids": "", "reference_ids": ref.reference_id,
                     "evidence": evidence})
    for dup in duplicate_references(references, title_similarity).itertuples():
        ids = dup.reference_ids.split()
        texts = refs.set_index("reference_id").loc[ids, "title"]
        reason = "same first author and year" if dup.same_year else "same first author"
        rows.append({"category": "duplicate entries in the list", "cited_as": "",
                     "author_key": dup.author_key, "year": dup.years, "n_citations": 0,
                     "paragraph_ids": "", "reference_ids": dup.reference_ids,
                     "evidence": f"{reason}; title similarity {dup.title_ratio:.2f}: "
                                 + " | ".join(f"'{t}'" for t in texts)})
    audit = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
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
        category, findings (rows), n_citations, n_references (distinct
        reference ids), items (cited_as, or reference ids and year for list-only
        findings, joined by "; "); one row per category in :data:`CATEGORIES`
        order, empty categories included.
    """
    rows = []
    for category in CATEGORIES:
        part = audit[audit["category"] == category]
        refs = {r for ids in part["reference_ids"] for r in ids.split()}
        items = [c if c else f"{k} {y}" for c, k, y in
                 zip(part["cited_as"], part["reference_ids"], part["year"], strict=True)]
        rows.append({"category": category, "findings": len(part),
                     "n_citations": int(part["n_citations"].sum()), "n_references": len(refs),
                     "items": "; ".join(items)})
    return pd.DataFrame(rows, columns=["category", "findings", "n_citations", "n_references",
                                       "items"])


# ---------------------------------------------------------------------------
# Density and kinds of source


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
        heading, n_paragraphs, n_words, n_citations, rate (citations per
        1,000 words; NaN for a section without words of its own),
        n_uncited_paragraphs, share_uncited. Counts use each section's own
        paragraphs, not its subsections'.
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
    source), else "unknown (not in the list)".

    Parameters
    ----------
    matches : DataFrame
        :func:`match_citations`.
    references : DataFrame
        :attr:`analysis.paper.Paper.references`.
    rules : list of (str, str), optional
        See :func:`source_kind`.

    Returns
    -------
    DataFrame
        source_kind, n_citations, n_works (distinct "authors, year"), works
        (joined by "; ", in reading order); sorted by n_citations (descending),
        then source_kind.
    """
    kinds = reference_kinds(references, rules).set_index("reference_id")["source_kind"]
    rows = []
    for c in matches.itertuples():
        ids = c.reference_ids.split()
        if ids:
            kind = kinds[ids[0]]
        else:
            kind, _ = source_kind(f"{c.authors} {c.locator}", rules)
            if kind == "unknown":
                kind = "unknown (not in the list)"
        rows.append({"source_kind": kind, "work": f"{c.authors}, {c.year}".strip(" ,")})
    table = pd.DataFrame(rows, columns=["source_kind", "work"])
    summary = table.groupby("source_kind", sort=True).agg(
        n_citations=("work", "size"), n_works=("work", "nunique"),
        works=("work", lambda w: "; ".join(dict.fromkeys(w))))
    return summary.reset_index().sort_values(["n_citations", "source_kind"],
                                             ascending=[False, True],
                                             kind="stable").reset_index(drop=True)
