"""Figures of term frequency and dispersion (notebook 02). They read tables; they never count."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.empty import nothing_to_show
from analysis.plots.panels import BarPanel, bar_panels
from analysis.plots.style import PALETTE, new_figure
from analysis.settings import XRAY_BOUNDARIES_MAX


def top_terms_figure(terms: pd.DataFrame, n: int = 20) -> Figure:
    """Horizontal bars of the ``n`` most frequent terms of the paper, per 1,000 words.

    Parameters
    ----------
    terms : DataFrame
        :func:`analysis.frequency.paper_terms` (label, count, rate), most frequent first.
    n : int, default 20
        Terms drawn (the first ``n`` rows).

    Returns
    -------
    Figure
        Single column, most frequent at the top, each bar labelled with its count.
    """
    top = terms.head(n)
    if top.empty:
        return nothing_to_show("the paper has no vocabulary terms.", "single")
    fig, ax = new_figure("single", height=0.16 * len(top) + 0.7)
    y = np.arange(len(top))
    ax.barh(y, top["rate"], color=PALETTE[0], height=0.7)
    ax.set_yticks(y, top["label"].tolist())
    ax.invert_yaxis()
    limit = float(top["rate"].max())
    for i, r in enumerate(top.itertuples()):
        ax.text(r.rate + limit * 0.01, i, f"{r.count}", va="center", fontsize=6)
    ax.set_xlim(0, limit * 1.12)
    ax.set_xlabel("Occurrences per 1,000 words")
    ax.tick_params(axis="y", length=0)
    return fig


def section_terms_figure(top: pd.DataFrame, ncols: int = 2) -> Figure:
    """Small multiples: the most frequent terms of each major section, per 1,000 words.

    Parameters
    ----------
    top : DataFrame
        :func:`analysis.frequency.top_terms_by_section` (section, label, count, rate).
    ncols : int, default 2
        Panels per row.

    Returns
    -------
    Figure
        Double column, one panel per section in reading order, sharing one x
        axis so rates compare across sections; bars labelled with counts.
    """
    sections = list(dict.fromkeys(top["section"]))
    if not sections:
        return nothing_to_show("no major section (a section with enough words to compare).",
                               "double")
    panels = []
    for section in sections:
        rows = top[top["section"] == section]
        panels.append(BarPanel(section, rows["label"].tolist(), rows["rate"].tolist(),
                               notes=tuple(str(c) for c in rows["count"])))
    return bar_panels(panels, "Occurrences per 1,000 words of the section", ncols=ncols)


def xray_figure(occurrences: pd.DataFrame, sizes: pd.DataFrame,
                labelled: list[str] | None = None,
                max_boundaries: int = XRAY_BOUNDARIES_MAX) -> Figure:
    """Dispersion plot ("x-ray"): one row per term, a tick at each occurrence.

    Parameters
    ----------
    occurrences : DataFrame
        :func:`analysis.xray.occurrences` (label, word).
    sizes : DataFrame
        :func:`analysis.sections.section_sizes` (section_id, label, start, end, major).
    labelled : list of str, optional
        The sections to shade and label above the plot
        (:func:`analysis.sections.spaced_sections`); default: every major section.
    max_boundaries : int, default :data:`analysis.settings.XRAY_BOUNDARIES_MAX`
        Every section boundary is drawn when there are at most this many
        sections; otherwise only the labelled sections' boundaries.

    Returns
    -------
    Figure
        Double column; x is the word's index in the running text, rows are the
        terms in the order given (with their counts). The labelled sections are
        shaded in alternation and labelled above the plot.
    """
    labels = list(dict.fromkeys(occurrences["label"]))
    if not labels:
        return nothing_to_show("none of the chosen terms occurs in the paper.", "double")
    total = int(sizes["end"].max())
    fig, ax = new_figure("double", height=0.28 * len(labels) + 1.35)
    if labelled is None:
        labelled = sizes.loc[sizes["major"], "section_id"].tolist()
    shown = sizes[sizes["section_id"].isin(set(labelled))].reset_index(drop=True)
    for i, s in enumerate(shown.itertuples()):
        if i % 2 == 0:
            ax.axvspan(s.start, s.end, color="0.92", lw=0, zorder=0)
    if len(sizes) <= max_boundaries:
        boundaries = sizes["start"].iloc[1:].tolist()
    else:
        boundaries = sorted({*shown["start"].tolist(), *shown["end"].tolist()} - {0, total})
    for start in boundaries:
        ax.axvline(start, color="0.55", lw=0.4, zorder=1)
    positions = [occurrences.loc[occurrences["label"] == lab, "word"].to_numpy()
                 for lab in labels]
    ax.eventplot(positions, lineoffsets=np.arange(len(labels)), linelengths=0.7,
                 linewidths=0.7 if total < 20_000 else 0.3, colors=PALETTE[0], zorder=2)
    counts = [len(p) for p in positions]
    ax.set_yticks(np.arange(len(labels)), [f"{lab} ({c:,})" for lab, c in
                                           zip(labels, counts, strict=True)])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, total)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("Position in the running text (words, citations removed)")
    top = ax.secondary_xaxis("top")
    top.set_xticks(((shown["start"] + shown["end"]) / 2).tolist(), shown["label"].tolist(),
                   rotation=30, ha="left", rotation_mode="anchor", fontsize=6.5)
    top.tick_params(axis="x", length=0, pad=2)
    return fig
