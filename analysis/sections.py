"""Sections as the study counts them: short unique labels, sizes on the one denominator.

Sections are identified by ``section_id`` everywhere; a label is only what a
reader sees, and :func:`section_labels` makes each one unique (a heading that
several sections share is told apart by its parent, or by a numeral).

*Major sections* are sections with at least
:data:`analysis.settings.MAJOR_MIN_WORDS` words: comparisons between sections
and keyness of a section against the rest are only meaningful for them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.counting import codes_of
from analysis.lexicons import read_lexicon
from analysis.settings import MAJOR_MIN_WORDS, SHORT_SECTION_WORDS
from analysis.tokens import unit_starts

SECTION_LABEL_COLUMNS = ["heading", "label", "note"]
#: Characters kept of a heading that no label lexicon shortens.
LABEL_WIDTH = 40


def section_labels(sections: pd.DataFrame, path: Path | str | None = None,
                   width: int = LABEL_WIDTH) -> pd.Series:
    """Short, unique label of each section, for figures and tables.

    A heading that several sections share ("Reputational concerns" under each
    country) is told apart by its parent's label ("Reputational concerns
    (Iran)") where the parents differ, else by a numeral in reading order
    ("Abstract (2)"). Tables and figures still identify sections by id; the
    label is only what a reader sees.

    Parameters
    ----------
    sections : DataFrame
        Columns section_id, heading and, if there is one, parent_id
        (:attr:`analysis.paper.Paper.sections`), in reading order.
    path : Path, str or None
        A label lexicon (heading, label, note), matched on the heading,
        case-insensitively; None (a paper without one) shortens every heading.
    width : int, default :data:`LABEL_WIDTH`
        Characters kept of a heading the lexicon does not list.

    Returns
    -------
    Series
        Labels indexed by section_id, each different from the others.
    """
    by_heading = {}
    if path is not None:
        listed = read_lexicon(path, SECTION_LABEL_COLUMNS, key=["heading"])
        by_heading = dict(zip(listed["heading"].str.lower(), listed["label"], strict=True))
    ids = sections["section_id"].tolist()
    base = [by_heading.get(h.lower(), textwrap.shorten(h, width=width, placeholder=" …"))
            for h in sections["heading"]]
    labels = pd.Series(base, index=ids, name="label")
    parents = (sections["parent_id"].fillna("").tolist() if "parent_id" in sections
               else [""] * len(ids))
    parent_of = dict(zip(ids, parents, strict=True))
    parent_label = dict(zip(ids, base, strict=True))
    for label, group in labels.groupby(labels, sort=False):
        if len(group) < 2:
            continue
        context = [parent_label.get(parent_of[i], "") for i in group.index]
        if all(context) and len(set(context)) == len(context):
            labels[group.index] = [f"{label} ({textwrap.shorten(c, width=24, placeholder=' …')})"
                                   for c in context]
        else:
            labels[group.index] = [f"{label} ({i})" for i in range(1, len(group) + 1)]
    clash = labels.duplicated(keep=False)  # a numbered label that another heading already had
    labels[clash] = [f"{label} [{i}]" for label, i in zip(labels[clash], labels.index[clash],
                                                          strict=True)]
    return labels


def section_sizes(tokens: pd.DataFrame, sections: pd.DataFrame, labels: pd.Series,
                  min_words: int = MAJOR_MIN_WORDS) -> pd.DataFrame:
    """Size of each section with body text, and whether it is a major section.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table.
    sections : DataFrame
        :attr:`analysis.paper.Paper.sections` (section_id, order, heading).
    labels : Series
        Short section labels by section_id (:func:`section_labels`).
    min_words : int, default :data:`analysis.settings.MAJOR_MIN_WORDS`
        Words a major section has at least.

    Returns
    -------
    DataFrame
        section_id, order, heading, label, n_tokens, n_words (the denominator
        of every rate), n_content, start and end (first and one-past-last word
        in the running text), major (n_words >= ``min_words``); sections in
        reading order. Sections without paragraphs of their own are left out.
    """
    starts = unit_starts(tokens)
    column = tokens["section_id"].to_numpy(dtype=object)
    heads = np.flatnonzero(np.r_[True, column[1:] != column[:-1]]) if len(column) else column
    ids = pd.unique(column[heads]) if len(column) else np.array([], dtype=object)
    codes = codes_of(column, ids)
    word = np.cumsum(starts) - 1
    n = len(ids)
    first_word = np.full(n, np.iinfo(np.int64).max)
    last_word = np.full(n, -1)
    np.minimum.at(first_word, codes, word)
    np.maximum.at(last_word, codes, word)
    table = pd.DataFrame({
        "n_tokens": np.bincount(codes, minlength=n),
        "n_words": np.bincount(codes[starts], minlength=n),
        "n_content": np.bincount(codes[starts & ~tokens["stop"].to_numpy()], minlength=n),
        "start": first_word, "end": last_word + 1,
    }, index=pd.Index(ids, name="section_id"))
    out = sections[["section_id", "order", "heading"]].merge(
        table, left_on="section_id", right_index=True, how="inner")
    out = out.assign(label=out["section_id"].map(labels), major=out["n_words"] >= min_words)
    out = out.sort_values("order", kind="stable").reset_index(drop=True)
    return out[["section_id", "order", "heading", "label", "n_tokens", "n_words", "n_content",
                "start", "end", "major"]]


def section_table(sections: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """Every section of the paper with its words on the study's one denominator.

    Parameters
    ----------
    sections : DataFrame
        :attr:`analysis.paper.Paper.sections`.
    sizes : DataFrame
        :func:`section_sizes`.

    Returns
    -------
    DataFrame
        The columns of ``sections`` plus label, n_tokens, n_words and n_content
        (0 for a section without paragraphs of its own) and major.
    """
    extra = sizes.set_index("section_id")[["label", "n_tokens", "n_words", "n_content",
                                           "major"]]
    table = sections.join(extra, on="section_id")
    counts = ["n_tokens", "n_words", "n_content"]
    table[counts] = table[counts].fillna(0).astype(int)
    table["major"] = table["major"].astype("boolean").fillna(False).astype(bool)
    table["label"] = table["label"].fillna(table["heading"])
    return table


def balance(sections: pd.DataFrame, short_words: int = SHORT_SECTION_WORDS) -> str:
    """One sentence on how unevenly the words are divided between sections.

    Parameters
    ----------
    sections : DataFrame
        :func:`section_table` (heading, section_id, order, n_paragraphs, n_words).
    short_words : int, default :data:`analysis.settings.SHORT_SECTION_WORDS`
        Sections under this many words are counted as short.

    Returns
    -------
    str
        The largest section's share of the words, and how many sections are short.
    """
    largest = sections.sort_values(["n_words", "order"], ascending=[False, True],
                                   kind="stable").iloc[0]
    share = largest.n_words / sections["n_words"].sum()
    short = int((sections["n_words"] < short_words).sum())
    return (f"Largest section: {largest.heading!r} ({largest.section_id}), "
            f"{largest.n_paragraphs} paragraphs, {share:.0%} of the words.\n"
            f"Sections under {short_words} words: {short} of {len(sections)}.")




def largest_sections(sizes: pd.DataFrame, n: int, within: pd.Series | None = None) -> list[str]:
    """The ``n`` largest major sections (by words, then reading order), in reading order.

    Parameters
    ----------
    sizes : DataFrame
        :func:`section_sizes` (section_id, n_words, major), in reading order.
    n : int
        How many to keep.
    within : Series of bool, optional
        Further restricts the candidates (aligned with ``sizes``).

    Returns
    -------
    list of str
        Section ids.
    """
    candidates = sizes[sizes["major"] & (within if within is not None else True)]
    ranked = candidates.assign(at=np.arange(len(candidates))).sort_values(
        ["n_words", "at"], ascending=[False, True], kind="stable").head(n)
    return ranked.sort_values("at", kind="stable")["section_id"].tolist()


def spaced_sections(sizes: pd.DataFrame, n: int, gap: float) -> list[str]:
    """Up to ``n`` major sections to label along the running text, the largest first.

    A section is taken only if its midpoint is at least ``gap`` (a share of
    the running text) from every section already taken, so labels placed at
    the midpoints do not run into each other.

    Parameters
    ----------
    sizes : DataFrame
        :func:`section_sizes` (section_id, n_words, start, end, major).
    n : int
        At most this many sections.
    gap : float
        The least distance between midpoints, as a share of the words.

    Returns
    -------
    list of str
        Section ids in reading order.
    """
    total = max(int(sizes["end"].max()) if len(sizes) else 0, 1)
    majors = sizes[sizes["major"]].assign(at=lambda s: np.arange(len(s)))
    majors = majors.assign(mid=(majors["start"] + majors["end"]) / 2 / total)
    taken: list[tuple[float, int, str]] = []
    for row in majors.sort_values(["n_words", "at"], ascending=[False, True],
                                  kind="stable").itertuples():
        if len(taken) == n:
            break
        if all(abs(row.mid - mid) >= gap for mid, _, _ in taken):
            taken.append((row.mid, row.at, row.section_id))
    return [section for _, _, section in sorted(taken, key=lambda t: t[1])]


def describe_size_range(sizes: pd.DataFrame) -> str:
    """The smallest and the largest section with words, in one sentence."""
    if sizes.empty:
        return "No section has words."
    ranked = sizes.sort_values(["n_words", "order"], kind="stable")
    small, large = ranked.iloc[0], ranked.iloc[-1]
    return (f"Sections with words run from {small['n_words']:,} words ({small['label']}) "
            f"to {large['n_words']:,} ({large['label']}).")




def panels_note(shown: int, total: int, what: str, table: str) -> tuple[str, str]:
    """The scope and the caption note of a small-multiples figure capped at some sections.

    Parameters
    ----------
    shown : int
        Sections drawn.
    total : int
        Sections that could have been drawn.
    what : str
        What they are ("major sections", "major sections with key terms").
    table : str
        The table where every section is.

    Returns
    -------
    scope : str
        "each of the 8 major sections", or "the 12 largest of 800 major sections".
    note : str
        "" if all are drawn; else a sentence saying the rest are in the table.
    """
    if shown >= total:
        return f"each of the {total:,} {what}", ""
    return (f"the {shown:,} largest of the {total:,} {what}",
            f" Only {shown:,} of the {total:,} {what} are drawn, to keep the figure at "
            f"journal size; every section is in {table}.")
