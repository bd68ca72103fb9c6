"""The registry of every figure and table the study publishes.

Each output has one entry here: its name (the file stem), a caption that says
what it shows, in which unit, over which corpus and with which parameters, the
notebook that makes it, and for figures the journal column width. Captions
live here, once, and the methods appendix is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Output:
    """One registered figure or table."""

    name: str
    caption: str
    notebook: str
    kind: Literal["figure", "table"] = "figure"
    width: Literal["single", "double"] = "single"
    #: For tables: the columns and number of rows the appendix prints (all if empty/0).
    #: A table's data is ``data/processed/<name>.csv``.
    columns: tuple[str, ...] = ()
    rows: int = 0


_ENTRIES = [
    # -- 01_corpus ----------------------------------------------------------
    Output("words_per_section",
           "Words per section of the paper, in reading order. Bars are body words "
           "(whitespace tokens with a letter or digit) under each heading, excluding "
           "subsections; headings are indented by level. Front matter, watermark lines "
           "and the reference list are excluded.",
           "01_corpus", width="double"),
    Output("sections",
           "Sections of the paper in reading order: heading level, parent, number of "
           "paragraphs after page-break splits were rejoined, and body words.",
           "01_corpus", kind="table",
           columns=("section_id", "level", "heading", "n_paragraphs", "n_words")),
    # -- 02_term_frequency ---------------------------------------------------
    # -- 03_keyness_and_context ----------------------------------------------
    # -- 04_topic_models -----------------------------------------------------
    # -- 05_discourse --------------------------------------------------------
    # -- 06_citations_and_reuse ----------------------------------------------
    Output("citation_density",
           "In-text citations per section of the paper, in reading order. Left: citations "
           "per 1,000 body words of the section's own paragraphs (count in brackets); right: "
           "share of the section's paragraphs with no in-text citation (uncited/all). "
           "Citations are the author-year, news-code and article forms parsed by "
           "analysis.citations; the reference list and front matter are excluded.",
           "06_citations_and_reuse", width="double"),
    Output("repeated_passages_map",
           "Where near-identical passages sit in the paper. Bottom: each body paragraph's "
           "highest similarity to any other paragraph (mean of the cosines of word 1-2-gram "
           "and character 3-5-gram TF-IDF vectors, IDF fitted on the paper's paragraphs), "
           "with the reporting threshold dashed. Top: each reported pair joined by an arc "
           "(solid: whole paragraphs; dotted: two-sentence windows), labelled with its "
           "similarity. Alternate sections shaded.",
           "06_citations_and_reuse", width="double"),
    Output("similarity_distribution",
           "Distribution of pairwise similarity (mean of word 1-2-gram and character "
           "3-5-gram TF-IDF cosines) over all pairs of distinct body paragraphs and all "
           "pairs of two-sentence windows from different paragraphs, as shares of pairs "
           "in bins of 0.02 on a log scale; the dashed line is the reporting threshold.",
           "06_citations_and_reuse"),
    Output("citations",
           "Every in-text citation in the body: paragraph, section, form (parenthetical, "
           "news, legal, narrative), authors and year as written, locator and its kind, "
           "normalised first-author key, match status against the reference list and the "
           "matching entries.",
           "06_citations_and_reuse", kind="table",
           columns=("citation_id", "paragraph_id", "section_id", "form", "authors", "year",
                    "locator", "status", "reference_ids")),
    Output("citation_audit",
           "Citation audit, one row per finding: works cited and matched, cited with a year "
           "the list does not have for that author, cited but not in the list, listed but "
           "never cited, and possible duplicate entries, each with its evidence. Matching "
           "is on the first author's normalised surname and the year.",
           "06_citations_and_reuse", kind="table",
           columns=("category", "cited_as", "year", "reference_ids", "evidence")),
    Output("repeated_passages",
           "Pairs of passages at or above the similarity threshold, with their similarity, "
           "word counts, and a word-level comparison ([-deleted-], {+inserted+}) from "
           "difflib's SequenceMatcher over case-folded words.",
           "06_citations_and_reuse", kind="table",
           columns=("pair_id", "unit", "paragraph_a", "paragraph_b", "similarity", "words_kept",
                    "words_deleted", "words_inserted", "words_substituted")),
]

OUTPUTS: dict[str, Output] = {entry.name: entry for entry in _ENTRIES}
if len(OUTPUTS) != len(_ENTRIES):
    raise RuntimeError("analysis.registry: an output name is registered twice")


def figures() -> list[Output]:
    """Registered figures in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "figure"]


def tables() -> list[Output]:
    """Registered tables in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "table"]


def get(name: str, kind: str = "figure") -> Output:
    """The registry entry called ``name``; a clear error if it is not registered."""
    entry = OUTPUTS.get(name)
    if entry is None or entry.kind != kind:
        raise KeyError(f"{kind} {name!r} is not registered in analysis/registry.py; "
                       "add it there with its caption and notebook")
    return entry
