"""Figures of the citation audit and of repeated passages (notebook 6).

Each function reads tables written by :mod:`analysis.citations` or
:mod:`analysis.reuse` and returns a Figure; nothing is recomputed here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Arc

from analysis.plots.corpus import short_label
from analysis.plots.style import PALETTE, new_figure

#: Characters kept of a heading in figure labels.
LABEL_WIDTH = 62


def citation_density_figure(density: pd.DataFrame) -> Figure:
    """Citations per 1,000 words and share of paragraphs without a citation, per section.

    Parameters
    ----------
    density : DataFrame
        The ``citation_density`` table (:func:`analysis.citation_audit.citation_density`).

    Returns
    -------
    Figure
        Double column, two panels sharing the sections (reading order, top to
        bottom): bars of the rate, labelled with the count, and bars of the
        share of uncited paragraphs, labelled "uncited/paragraphs"; a section
        with no paragraphs of its own is labelled as such.
    """
    labels = [f"{short_label(h, LABEL_WIDTH)}" for h in density["heading"]]
    fig, (left, right) = new_figure("double", height=0.2 * len(density) + 0.9, ncols=2,
                                    sharey=True, gridspec_kw={"width_ratios": [1.3, 1]})
    y = np.arange(len(density))
    empty = density["n_paragraphs"] == 0
    rate = density["rate"].fillna(0)
    share = 100 * density["share_uncited"].fillna(0)
    left.barh(y, rate, color=PALETTE[0], height=0.7)
    right.barh(y, share, color=PALETTE[1], height=0.7)
    left.set_yticks(y, labels)
    left.invert_yaxis()
    top = max(float(rate.max()), 1.0)
    for i, r in enumerate(density.itertuples()):
        if empty.iloc[i]:
            left.text(top * 0.01, i, "no paragraphs of its own", va="center", fontsize=6,
                      color="0.35")
            continue
        left.text(rate.iloc[i] + top * 0.01, i, f"{rate.iloc[i]:.1f} ({r.n_citations})",
                  va="center", fontsize=6)
        right.text(share.iloc[i] + 1, i, f"{r.n_uncited_paragraphs}/{r.n_paragraphs}",
                   va="center", fontsize=6)
    left.set_xlim(0, top * 1.25)
    right.set_xlim(0, 118)
    right.set_xticks([0, 25, 50, 75, 100])
    left.set_xlabel("Citations per 1,000 words (count)")
    right.set_xlabel("Uncited paragraphs (%)")
    right.tick_params(axis="y", length=0)
    return fig


def _section_bands(ax, paragraphs: pd.DataFrame) -> list[tuple[float, float, str]]:
    """Shade alternate sections along the paragraph axis; return (start, end, section_id)."""
    bands = []
    for i, (section_id, group) in enumerate(paragraphs.groupby("section_id", sort=False)):
        start, end = group["order"].min() - 0.5, group["order"].max() + 0.5
        if i % 2 == 0:
            ax.axvspan(start, end, color="0.92", lw=0, zorder=0)
        bands.append((start, end, section_id))
    return bands


def repeated_passages_figure(nearest: pd.DataFrame, repeated: pd.DataFrame,
                             sections: pd.DataFrame, threshold: float) -> Figure:
    """Where the repeated passages sit in the paper.

    Parameters
    ----------
    nearest : DataFrame
        The ``paragraph_similarity`` table (:func:`analysis.reuse.paragraph_similarity`).
    repeated : DataFrame
        The ``repeated_passages`` table (:func:`analysis.reuse.repeated_passages`).
    sections : DataFrame
        :attr:`analysis.paper.Paper.sections` (section_id, heading).
    threshold : float
        The reporting threshold (:data:`analysis.settings.SIMILARITY_THRESHOLD`).

    Returns
    -------
    Figure
        Double column, two panels on the paragraphs in reading order: above,
        each pair as an arc joining its two paragraphs (solid for whole
        paragraphs, dotted for sentence windows), labelled with its id and
        similarity; below, each paragraph's highest similarity to any other as
        a bar, with the threshold as a dashed line. Alternate sections are
        shaded and named under the axis.
    """
    fig, (arcs, bars) = new_figure("double", height=5.0, nrows=2, sharex=True,
                                   gridspec_kw={"height_ratios": [1, 1.3], "hspace": 0.05})
    order = nearest.set_index("paragraph_id")["order"]
    for ax in (arcs, bars):
        bands = _section_bands(ax, nearest)
    bars.bar(nearest["order"], nearest["max_similarity"].fillna(0), width=0.75,
             color=PALETTE[4])
    bars.axhline(threshold, color=PALETTE[5], ls="--", lw=0.8)
    bars.text(nearest["order"].max() + 0.6, threshold, f"threshold {threshold:g}",
              ha="right", va="bottom", fontsize=6, color=PALETTE[5])
    bars.set_ylabel("Highest similarity to\nanother paragraph")
    bars.set_ylim(0, 1)
    height = 0.0
    for k, pair in enumerate(repeated.itertuples()):
        a = order[pair.paragraph_a.split(".")[0]]
        b = order[pair.paragraph_b.split(".")[0]]
        span = abs(b - a)
        height = max(height, span / 2)
        style = "-" if pair.unit == "paragraph" else ":"
        color = PALETTE[k % 3 * 2]
        arcs.add_patch(Arc(((a + b) / 2, 0), span, span, theta1=0, theta2=180, lw=1.2,
                           ls=style, color=color))
        arcs.plot([a, b], [0, 0], "o", ms=3, color=color)
        arcs.text((a + b) / 2, span / 2, f"{pair.pair_id}: {pair.paragraph_a} and "
                  f"{pair.paragraph_b}, {pair.similarity:.2f}", ha="center", va="bottom",
                  fontsize=6.5)
    if repeated.empty:
        arcs.text(nearest["order"].mean(), 0.5, "no pair at or above the threshold",
                  ha="center", va="center", fontsize=7)
        height = 1.0
    arcs.set_ylim(0, height * 1.35 + 0.5)
    arcs.set_yticks([])
    arcs.tick_params(axis="x", bottom=False)
    arcs.spines["left"].set_visible(False)
    arcs.set_title("Pairs of passages at or above the threshold (solid: whole paragraphs; "
                   "dotted: sentence windows)", fontsize=7, loc="left")
    headings = sections.set_index("section_id")["heading"]
    centres = [(start + end) / 2 for start, end, _ in bands]
    bars.set_xticks(centres, [short_label(headings[s], 56) for _, _, s in bands],
                    rotation=90, fontsize=5.5)
    bars.tick_params(axis="x", length=0)
    bars.set_xlim(0.4, nearest["order"].max() + 0.6)
    bars.set_xlabel("Sections in reading order (paragraphs as bars; alternate sections shaded)")
    return fig


def similarity_histogram_figure(histogram: pd.DataFrame, threshold: float) -> Figure:
    """Distribution of pairwise similarities, paragraphs and sentence windows, on a log scale.

    Parameters
    ----------
    histogram : DataFrame
        The ``similarity_histogram`` table (:func:`analysis.reuse.similarity_histogram`).
    threshold : float
        The reporting threshold, drawn as a dashed line.

    Returns
    -------
    Figure
        Single column: per unit, the share of pairs in each bin as a step line
        (empty bins left out of the log scale), with the number of pairs in the legend.
    """
    fig, ax = new_figure("single", height=2.4)
    for k, (unit, group) in enumerate(histogram.groupby("unit", sort=True)):
        share = group["n_pairs"] / group["n_pairs"].sum()
        label = {"paragraph": "paragraph pairs", "window": "sentence-window pairs"}.get(unit,
                                                                                       unit)
        ax.step(group["bin_left"], share.where(share > 0), where="post", color=PALETTE[2 * k],
                lw=1, label=f"{label} (n = {group['n_pairs'].sum():,})")
    ax.axvline(threshold, color=PALETTE[5], ls="--", lw=0.8)
    ax.text(threshold + 0.01, 0.62, f"threshold {threshold:g}", fontsize=6, color=PALETTE[5],
            va="bottom", transform=ax.get_xaxis_transform())
    ax.set_yscale("log")
    ax.set_xlim(0, 1)
    ax.set_xlabel("Similarity (mean of word and character TF-IDF cosines)")
    ax.set_ylabel("Share of pairs (log scale)")
    ax.legend(fontsize=6, frameon=False, loc="upper right")
    return fig
