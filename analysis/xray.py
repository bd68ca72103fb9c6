"""Where terms occur along the running text: the dispersion plot ("x-ray") and its reading.

The plot draws central terms (the study configuration's ``xray`` list where the
paper has it, else the paper's most frequent terms) at every word where they
occur; :func:`describe_xray` says in words where each is densest and where it
is absent longest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frequency import FALLBACK_TERMS, preferred_terms


def occurrences(units: pd.DataFrame, terms: list[str], labels: pd.Series) -> pd.DataFrame:
    """Where each of ``terms`` occurs in the running text, for a dispersion plot.

    Parameters
    ----------
    units : DataFrame
        :func:`analysis.counting.running_units`.
    terms : list of str
        Terms, in the order to draw them.
    labels : Series
        :func:`analysis.frequency.term_labels`.

    Returns
    -------
    DataFrame
        term, label, word (index in the running text), section_id,
        paragraph_id, surface (as written); terms in the order given.
    """
    found = units[units["term"].isin(set(terms))]
    rank = {t: i for i, t in enumerate(terms)}
    found = found.assign(label=found["term"].map(labels), rank=found["term"].map(rank))
    found = found.sort_values(["rank", "word"], kind="stable")
    return found[["term", "label", "word", "section_id", "paragraph_id", "surface"]].reset_index(
        drop=True)


def xray_terms(terms: pd.DataFrame, preferred: tuple[str, ...] | list[str]) -> list[str]:
    """Terms for the dispersion plot: the configuration's ``xray`` list where the paper has it.

    See :func:`preferred_terms`; ``terms`` is :func:`analysis.frequency.paper_terms`.
    """
    return preferred_terms(terms, preferred, n=len(preferred) or FALLBACK_TERMS)


def describe_xray(occurrences: pd.DataFrame, sizes: pd.DataFrame) -> list[str]:
    """One sentence per term of the dispersion plot: where it is densest, and its longest gap.

    Parameters
    ----------
    occurrences : DataFrame
        :func:`occurrences` (term, label, word, section_id).
    sizes : DataFrame
        :func:`analysis.sections.section_sizes` (section_id, label, n_words, end, major).

    Returns
    -------
    list of str
        For each term in order: its count, the major section where its rate is
        highest (and how many times its paper rate that is), and the longest
        stretch of running text without it.
    """
    total = int(sizes["end"].max()) if len(sizes) else 0
    words = sizes.set_index("section_id")["n_words"]
    majors = set(sizes.loc[sizes["major"], "section_id"])
    names = sizes.set_index("section_id")["label"]
    lines = []
    for _, rows in occurrences.groupby("term", sort=False):
        at = rows["word"].to_numpy()
        gaps = np.diff(np.r_[-1, at, total]) - 1
        text = f"{rows['label'].iloc[0]}: {len(at):,} occurrences"
        per = rows[rows["section_id"].isin(majors)].groupby("section_id").size()
        if len(per):
            rates = (per / words[per.index]).sort_values(ascending=False, kind="stable")
            text += (f", densest in {names[rates.index[0]]} ("
                     f"{rates.iloc[0] * total / len(at):.1f} times its rate in the paper)")
        lines.append(text + f"; longest stretch without it: {int(gaps.max()):,} words.")
    return lines


def labelled_note(sizes: pd.DataFrame, labelled: list[str], max_boundaries: int) -> str:
    """The caption's sentence on which sections the dispersion plot shades, labels and marks.

    Parameters
    ----------
    sizes : DataFrame
        :func:`analysis.sections.section_sizes` (section_id, label, major).
    labelled : list of str
        The sections shaded and labelled (:func:`analysis.sections.spaced_sections`).
    max_boundaries : int
        :data:`analysis.settings.XRAY_BOUNDARIES_MAX`, as passed to the figure.

    Returns
    -------
    str
    """
    majors = int(sizes["major"].sum())
    others = len(sizes) - majors
    lines = ("Thin lines mark every section boundary" if len(sizes) <= max_boundaries
             else f"With {len(sizes):,} sections, only the labelled sections' boundaries are "
                  "marked")
    if len(labelled) == majors:
        shaded = f"the {majors:,} major sections are shaded in alternation and labelled above"
    else:
        shaded = (f"the {len(labelled):,} largest of the {majors:,} major sections that fit "
                  "without overlapping labels are shaded in alternation and labelled above")
    unlabelled = (f"; the {others:,} shorter sections are not labelled" if others else "")
    return f"{lines}; {shaded}{unlabelled}."
