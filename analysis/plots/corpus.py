"""Figures of the paper's structure (notebook 01)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.style import PALETTE, new_figure


def short_label(heading: str, width: int = 60) -> str:
    """A heading shortened to ``width`` characters on a word boundary, in its own words.

    Parameters
    ----------
    heading : str
        The heading.
    width : int, default 60
        Characters kept at most, the placeholder " …" included.

    Returns
    -------
    str
    """
    return textwrap.shorten(heading, width=width, placeholder=" …")


def words_per_section_figure(sections: pd.DataFrame) -> Figure:
    """Horizontal bars of words per section, in reading order, headings indented by level.

    Parameters
    ----------
    sections : DataFrame
        :func:`analysis.frequency.section_table` (level, heading, n_paragraphs, n_words).

    Returns
    -------
    Figure
        Double column; each bar labelled with its words, and a section with no
        paragraphs of its own labelled as such rather than left as an invisible
        zero-length bar.
    """
    top = int(sections["level"].min())
    labels = [("   " * (int(r.level) - top)) + short_label(r.heading)
              for r in sections.itertuples()]
    fig, ax = new_figure("double", height=0.22 * len(sections) + 0.7)
    y = range(len(sections))
    ax.barh(y, sections["n_words"], color=PALETTE[0], height=0.7)
    ax.set_yticks(list(y), labels, ha="left")
    ax.tick_params(axis="y", length=0, pad=3.4 * max(len(label) for label in labels))
    ax.invert_yaxis()
    limit = sections["n_words"].max()
    for i, r in enumerate(sections.itertuples()):
        note = f"{r.n_words:,}" if r.n_paragraphs else "no paragraphs of its own"
        ax.text(r.n_words + limit * 0.01, i, note, va="center", fontsize=6.5)
    ax.set_xlim(0, limit * 1.15)
    ax.set_xlabel("Words in the section's own paragraphs")
    ax.spines["left"].set_visible(False)
    return fig
