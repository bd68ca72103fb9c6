"""The citation audit of one paper run end to end, and the sentences a notebook prints about it.

:func:`citation_report` reads the in-text citations of every style, the
narrative mentions of listed authors without a year and the titles named in
the text, matches them against the paper's reference list, runs the careful
reader's checks, and returns every table with :func:`analysis.citation_audit.audit_status`.
The sentence functions turn those tables into text, so that no number in a
notebook is typed by hand; :func:`density_rows` shapes the density table for
a figure that stays legible from one section to hundreds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import citation_audit, citation_checks, vocabulary
from analysis.citations import CITATION_COLUMNS, STYLE_NAMES, citation_table, style_counts
from analysis.references import ReferenceList

#: Rows of the density figure at most: past this, subsections are added into their
#: top-level section, and past that the last top-level sections into one row.
DENSITY_ROWS = 30
#: Items named in one sentence before "and N more".
ITEMS_NAMED = 6


@dataclass(frozen=True)
class CitationReport:
    """Every table of one paper's citation audit.

    Attributes
    ----------
    references : ReferenceList
        The reference list and its source.
    citations : DataFrame
        :func:`analysis.citations.citation_table`: the in-text citations.
    mentions : DataFrame
        :func:`analysis.citation_checks.author_mentions`: listed authors named without a year.
    titles : DataFrame
        :func:`analysis.citation_checks.title_mentions`.
    matches : DataFrame
        :func:`analysis.citation_audit.match_citations` of citations and mentions.
    audit : DataFrame
        :func:`analysis.citation_audit.citation_audit`, checks included.
    status : dict
        :func:`analysis.citation_audit.audit_status`.
    """

    references: ReferenceList
    citations: pd.DataFrame
    mentions: pd.DataFrame
    titles: pd.DataFrame
    matches: pd.DataFrame
    audit: pd.DataFrame
    status: dict


def citation_report(paragraphs: pd.DataFrame, references: ReferenceList) -> CitationReport:
    """Run the citation audit of one paper.

    Parameters
    ----------
    paragraphs : DataFrame
        The paper's body paragraphs (paragraph_id, section_id, text).
    references : ReferenceList
        :func:`analysis.references.paper_references`.

    Returns
    -------
    CitationReport
    """
    refs = references.table
    cited = citation_table(paragraphs, refs.get("key", ()))
    if refs.empty:
        titles = citation_checks.title_mentions(paragraphs.iloc[0:0], refs)
        mentions = pd.DataFrame(columns=CITATION_COLUMNS)
    else:
        titles = citation_checks.title_mentions(paragraphs, refs)
        mentions = citation_checks.author_mentions(paragraphs, refs, cited)
    both = cited if mentions.empty else pd.concat([cited, mentions], ignore_index=True)
    matches = citation_audit.match_citations(both, refs, titles)
    checks = (citation_checks.et_al_findings(matches, refs)
              + citation_checks.page_range_findings(matches, refs)
              + citation_checks.quotation_findings(paragraphs, cited))
    audit = citation_audit.citation_audit(matches, refs, references.source, checks)
    status = citation_audit.audit_status(matches, refs, references.source)
    return CitationReport(references, cited, mentions, titles, matches, audit, status)


# ---------------------------------------------------------------------------
# Sentences


def _named(items: list[str], limit: int = ITEMS_NAMED) -> str:
    items = list(dict.fromkeys(i.rstrip(" .") for i in items if i))
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def reading_sentences(report: CitationReport, paragraphs: pd.DataFrame) -> str:
    """What was read: citations by style, works, paragraphs, the list and its source.

    Parameters
    ----------
    report : CitationReport
    paragraphs : DataFrame
        The paper's body paragraphs.

    Returns
    -------
    str
        Two to four sentences, one per line.
    """
    cited = report.citations
    styles = style_counts(cited)
    lines = []
    if cited.empty:
        lines.append("No in-text citation in a style the study reads.")
    else:
        by_style = ", ".join(f"{r.n_citations:,} {STYLE_NAMES.get(r.style, r.style)}"
                             for r in styles.itertuples())
        lines.append(f"{len(cited):,} in-text citations ({by_style}) of "
                     f"{int(styles['n_works'].sum()):,} distinct works, in "
                     f"{cited['paragraph_id'].nunique():,} of {len(paragraphs):,} paragraphs.")
    if len(report.mentions):
        lines.append(f"{len(report.mentions):,} narrative mention(s) of a listed author without "
                     f"a year: {_named(list(report.mentions['text']))}.")
    source = report.references
    if source.source == "none":
        lines.append("The paper has no reference list and no bibliography file.")
    else:
        where = f"the bibliography file {source.name}" if source.name else f"the {source.source}"
        lines.append(f"Reference list: {where}, {len(source.table):,} entries.")
    lines.append(report.status["note"])
    return "\n".join(lines)


def findings_sentences(audit: pd.DataFrame, problems_only: bool = False) -> str:
    """One sentence per audit category with findings, naming what it found.

    Parameters
    ----------
    audit : DataFrame
        :func:`analysis.citation_audit.citation_audit`.
    problems_only : bool, default False
        Only the categories that report a problem (:data:`analysis.citation_audit.PROBLEMS`).

    Returns
    -------
    str
        One line per category, in reporting order; "No finding." if none.
    """
    lines = []
    summary = citation_audit.audit_summary(audit)
    for row in summary.itertuples():
        if not row.findings or (problems_only and not row.problem):
            continue
        part = audit[audit["category"] == row.category]
        items = [c if c else f"{r} {y}".strip() for c, r, y in
                 zip(part["cited_as"], part["reference_ids"], part["year"], strict=True)]
        what = (f"{row.findings} ({row.n_citations} citations)" if row.n_citations
                else f"{row.findings}")
        lines.append(f"{row.category[:1].upper()}{row.category[1:]}: {what}: {_named(items)}.")
    return "\n".join(lines) if lines else "No finding."


def density_sentences(density: pd.DataFrame, labels: pd.Series) -> str:
    """Where the citations are: sections without any, the densest, the most uncited.

    Parameters
    ----------
    density : DataFrame
        :func:`analysis.citation_audit.citation_density`.
    labels : Series
        Short section labels by section_id.

    Returns
    -------
    str
        Two or three sentences, one per line.
    """
    own = density[density["n_paragraphs"] > 0]
    if own.empty or own["n_citations"].sum() == 0:
        return "No section has an in-text citation."
    none = own[own["n_citations"] == 0]
    top = own.sort_values(["rate", "order"], ascending=[False, True], kind="stable").iloc[0]
    lines = [f"{len(none)} of {len(own)} sections with paragraphs of their own cite nothing"
             + (f": {_named([labels.get(s, s) for s in none['section_id']])}." if len(none)
                else "."),
             f"Densest: {labels.get(top.section_id, top.section_id)}, {top.rate:.1f} citations "
             f"per 1,000 words ({top.n_citations})."]
    largest = own.sort_values(["n_words", "order"], ascending=[False, True], kind="stable").iloc[0]
    lines.append(f"The longest section, {labels.get(largest.section_id, largest.section_id)}, "
                 f"has {largest.n_uncited_paragraphs} of {largest.n_paragraphs} paragraphs "
                 "without a citation.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The density figure's rows


def _add_up(rows: pd.DataFrame, label: str) -> dict:
    n_words, n_citations = int(rows["n_words"].sum()), int(rows["n_citations"].sum())
    n_paragraphs = int(rows["n_paragraphs"].sum())
    uncited = int(rows["n_uncited_paragraphs"].sum())
    return {"label": label, "n_sections": len(rows), "n_paragraphs": n_paragraphs,
            "n_words": n_words, "n_citations": n_citations,
            "rate": vocabulary.rate(n_citations, n_words),
            "n_uncited_paragraphs": uncited,
            "share_uncited": uncited / n_paragraphs if n_paragraphs else float("nan")}


def density_rows(density: pd.DataFrame, labels: pd.Series, cap: int = DENSITY_ROWS
                 ) -> tuple[pd.DataFrame, str]:
    """The density table as the figure's rows, at most ``cap``, and a sentence on how.

    Every section is a row while there are at most ``cap``; otherwise each
    top-level section takes in its subsections; if there are still more than
    ``cap``, the last ones are added into one row.

    Parameters
    ----------
    density : DataFrame
        :func:`analysis.citation_audit.citation_density`.
    labels : Series
        Short section labels by section_id.
    cap : int, default :data:`DENSITY_ROWS`

    Returns
    -------
    tuple of (DataFrame, str)
        Rows with label, n_sections, n_paragraphs, n_words, n_citations, rate,
        n_uncited_paragraphs, share_uncited, in reading order; and the sentence.
    """
    if len(density) <= cap:
        rows = [_add_up(density.iloc[[i]], labels.get(s, s))
                for i, s in enumerate(density["section_id"])]
        return pd.DataFrame(rows), "Every section is a row."
    top = int(density["level"].min())
    group = (density["level"] == top).cumsum()
    parts = [(labels.get(g.iloc[0]["section_id"], g.iloc[0]["section_id"]), g)
             for _, g in density.groupby(group, sort=True)]
    rows = [_add_up(g, label + (f" (+{len(g) - 1})" if len(g) > 1 else ""))
            for label, g in parts]
    note = (f"The {len(density)} sections are drawn as their {len(parts)} top-level sections, "
            "each with its subsections added in (their number in brackets).")
    if len(rows) > cap:
        rest = pd.concat([g for _, g in parts[cap - 1:]])
        rows = rows[: cap - 1] + [_add_up(rest, f"{len(parts) - cap + 1} more sections")]
        note = (f"The {len(density)} sections are drawn as the first {cap - 1} top-level "
                "sections, each with its subsections added in, and one row for the rest.")
    return pd.DataFrame(rows), note


def methods_text() -> str:
    """The methods paragraph of the citation audit and of repetition, for the appendix.

    Returns
    -------
    str
        One paragraph built from the declared settings and the rules of
        :mod:`analysis.citation_audit`, :mod:`analysis.citation_checks` and
        :mod:`analysis.restatement`; it quotes no result.
    """
    from analysis import settings as s

    return (
        "In-text citations are read in five styles (pandoc and Manubot keys, numbered, "
        "bracketed keys, and author-year with prefixes, initials, \"et al.\" and narrative "
        "forms); keys are matched to the reference list's keys, numbers to its numbers, and "
        "author-year citations to the first author's normalised surname and the year, narrowed "
        "by the number of authors named and by a title named in the same paragraph (a quoted "
        f"phrase of at least {s.TITLE_MIN_WORDS} words whose words appear in order, at a share "
        f"of at least {s.TITLE_MENTION_SIMILARITY:.0%}, in the title of an entry by an author "
        "named there). A listed author named with a verb of reporting is read as a narrative "
        "citation without a year. Findings are reported only where the match is unambiguous: "
        "nothing is missing from an absent list, nothing is uncited when no citation was read "
        "or the style cannot be matched, an entry a citation may mean is not uncited, and the "
        "uncited entries of a bibliography file are listed apart. Entries whose titles are at "
        f"least {s.TITLE_SIMILARITY:.0%} alike under one first author are one work listed "
        "twice, whatever their years; a shared surname and year is not. The audit also flags "
        "\"et al.\" for a two-author work, page ranges that run backwards, and quotations of "
        f"at least {s.QUOTE_MIN_WORDS} words attributed by a verb of saying in a paragraph "
        "without a citation. Repeated passages are paragraphs, and windows of "
        f"{s.REUSE_WINDOW} sentences, at a similarity (mean cosine of word and character "
        f"TF-IDF vectors) of at least {s.SIMILARITY_THRESHOLD}; restated sentences are pairs "
        f"of sentences of at least {s.SENTENCE_MIN_WORDS} words from different paragraphs at "
        f"{s.SENTENCE_SIMILARITY_THRESHOLD} or more, outside the repeated passages. A pair "
        "restates the research question or hypothesis when either sentence lies in a section "
        "whose heading names a research question, hypothesis, goal, aim, objective, purpose, "
        "results or findings, or opens with such words; otherwise it repeats a point. Both "
        "thresholds were set from the distribution of pairwise similarities on the study's "
        "paper, each drawn with its threshold.")
