"""Figures of the paper's structure (notebook 01)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from analysis.plots.style import PALETTE, new_figure

#: Height of one bar's row, and of the axes, title and legend around them, in inches.
ROW_HEIGHT = 0.2
FRAME_HEIGHT = 0.9
#: Colours of the bars by heading level (shallowest first), and of a bar of summed sections.
LEVEL_COLOURS = [PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1], PALETTE[3], PALETTE[5]]
OTHERS_COLOUR = "#999999"


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


def words_per_section_figure(bars: pd.DataFrame) -> Figure:
    """Horizontal bars of words per section, in reading order, coloured by heading level.

    Parameters
    ----------
    bars : DataFrame
        :func:`analysis.corpus.section_bars` (label, level, n_words, n_paragraphs,
        n_sections, kind): at most :data:`analysis.settings.SECTIONS_DRAWN` rows.

    Returns
    -------
    Figure
        Double column, one row per bar. Labels sit left of the axis, right-aligned,
        clear of the bars; each bar is labelled with its words at its end, inside the
        axes (which leave room for it); a section with no paragraphs of its own says so
        instead of drawing a zero-length bar. A bar of several sections says how many.
    """
    n = max(len(bars), 1)
    fig, ax = new_figure("double", height=ROW_HEIGHT * n + FRAME_HEIGHT)
    levels = sorted(bars["level"].unique()) if len(bars) else [1]
    colour = {level: LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)]
              for i, level in enumerate(levels)}
    colours = [OTHERS_COLOUR if r.kind == "others" else colour[r.level]
               for r in bars.itertuples()]
    y = list(range(len(bars)))
    ax.barh(y, bars["n_words"], color=colours, height=0.7)
    labels = [short_label(r.label, 45) + (
        f" (+{r.n_sections - 1} subsection{'s' if r.n_sections > 2 else ''})"
        if r.kind == "with subsections" else "") for r in bars.itertuples()]
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0, pad=4)
    ax.invert_yaxis()
    limit = max(int(bars["n_words"].max()) if len(bars) else 0, 1)
    ax.set_xlim(0, limit * 1.12)
    for i, r in enumerate(bars.itertuples()):
        note = f"{r.n_words:,}" if r.n_words or r.kind != "section" else \
            "no paragraphs of its own"
        ax.text(r.n_words + limit * 0.01, i, note, va="center", fontsize=6.5)
    ax.set_xlabel("Words in the section's own paragraphs" if (bars["kind"] == "section").all()
                  else "Words under the heading (subsections included where the label says so)")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.spines["left"].set_visible(False)
    handles = [Patch(color=colour[level], label=f"level {level}") for level in levels]
    if (bars["kind"] == "others").any():
        handles.append(Patch(color=OTHERS_COLOUR, label="other sections, summed"))
    ax.legend(handles=handles, title="Heading", loc="lower left", bbox_to_anchor=(0, 1.0),
              ncol=len(handles), fontsize=6.5, title_fontsize=6.5, borderaxespad=0.3,
              handlelength=1.2, columnspacing=1.2, alignment="left")
    return fig
