"""Figures of the citation audit and of repeated passages (notebook 6).

Each function reads tables written by :mod:`analysis.citation_report`,
:mod:`analysis.reuse` or :mod:`analysis.restatement` and returns a Figure;
nothing is recomputed here. Sections are named by their short labels
(``Study.section_labels``); figures keep their journal width from one section
to hundreds (rows are capped by :func:`analysis.citation_report.density_rows`,
and section names that would overprint are left out of the passage map).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Arc

from analysis.plots.style import PALETTE, new_figure

#: Font size of the section names under the passage map, in points.
SECTION_FONT = 5.5
#: Reported passage pairs labelled on the map at most (the rest are drawn, not named).
ARC_LABELS = 10
#: Font size of the pair labels on the map, in points.
ARC_FONT = 6.5


def citation_density_figure(rows: pd.DataFrame) -> Figure:
    """Citations per 1,000 words and share of paragraphs without a citation, per section.

    Parameters
    ----------
    rows : DataFrame
        :func:`analysis.citation_report.density_rows` (label, n_paragraphs,
        n_citations, rate, n_uncited_paragraphs, share_uncited).

    Returns
    -------
    Figure
        Double column, two panels sharing the rows (reading order, top to
        bottom): bars of the rate, labelled with the count, and bars of the
        share of uncited paragraphs, labelled "uncited/paragraphs"; a row with
        no paragraphs of its own is labelled as such.
    """
    fig, (left, right) = new_figure("double", height=0.2 * len(rows) + 0.9, ncols=2,
                                    sharey=True, gridspec_kw={"width_ratios": [1.3, 1]})
    y = np.arange(len(rows))
    rate = rows["rate"].astype(float).fillna(0)
    share = 100 * rows["share_uncited"].astype(float).fillna(0)
    left.barh(y, rate, color=PALETTE[0], height=0.7)
    right.barh(y, share, color=PALETTE[1], height=0.7)
    left.set_yticks(y, list(rows["label"]))
    left.invert_yaxis()
    top = max(float(rate.max()) if len(rate) else 0.0, 1.0)
    for i, r in enumerate(rows.itertuples()):
        if r.n_paragraphs == 0:
            left.text(top * 0.01, i, "no paragraphs of its own", va="center", fontsize=6,
                      color="0.35")
            continue
        left.text(rate.iloc[i] + top * 0.01, i, f"{rate.iloc[i]:.1f} ({r.n_citations:,})",
                  va="center", fontsize=6)
        right.text(share.iloc[i] + 1, i, f"{r.n_uncited_paragraphs}/{r.n_paragraphs}",
                   va="center", fontsize=6)
    left.set_xlim(0, top * 1.3)
    right.set_xlim(0, 125)
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


def readable_ticks(centres: list[float], span: float, width_in: float,
                   font: float = SECTION_FONT) -> list[int]:
    """Indices of the tick labels to keep so that rotated labels do not overprint.

    Parameters
    ----------
    centres : list of float
        Tick positions in data units, increasing.
    span : float
        Data units across the axis.
    width_in : float
        The axis's width in inches.
    font : float, default :data:`SECTION_FONT`
        Label font size in points (a rotated label is about this tall).

    Returns
    -------
    list of int
        Greedy left to right: a label is kept if it is at least one font
        size from the last kept one.
    """
    gap = font / 72 * span / width_in
    kept, last = [], -np.inf
    for i, c in enumerate(centres):
        if c - last >= gap:
            kept.append(i)
            last = c
    return kept


def place_labels(labels: list[tuple[float, float, str]], span: tuple[float, float],
                 size_pt: np.ndarray, font: float) -> list[tuple[float, float, str]]:
    """Positions for labels that do not overprint each other, or fewer labels.

    Parameters
    ----------
    labels : list of (float, float, str)
        Wanted (x, y) in data units (the label's bottom centre) and text.
    span : tuple of float
        The axes' data extent (x, y) from zero.
    size_pt : ndarray
        The axes' size in points (width, height).
    font : float
        Font size in points.

    Returns
    -------
    list of (float, float, str)
        Each label at its wanted place or moved up until it clears the labels
        placed before it (lowest first); a label that would leave the axes is dropped.
    """
    width_per_char = 0.6 * font / size_pt[0] * span[0]
    line = 1.3 * font / size_pt[1] * span[1]
    placed: list[tuple[float, float, float, str]] = []
    for x, y, text in sorted(labels, key=lambda item: (item[1], item[0])):
        half = len(text) * width_per_char / 2
        while any(abs(x - px) < half + ph and abs(y - py) < line - 1e-9
                  for px, py, ph, _ in placed):
            y += line
        if y + line <= span[1]:
            placed.append((x, y, half, text))
    return [(x, y, text) for x, y, _, text in placed]


def _arc(ax, a: float, b: float, style: str, color, width: float) -> float:
    span = abs(b - a)
    ax.add_patch(Arc(((a + b) / 2, 0), span, span, theta1=0, theta2=180, lw=width, ls=style,
                     color=color))
    return span / 2


def repeated_passages_figure(nearest: pd.DataFrame, repeated: pd.DataFrame,
                             labels: pd.Series, threshold: float,
                             sentences: pd.DataFrame | None = None) -> Figure:
    """Where the repeated passages and restated sentences sit in the paper.

    Parameters
    ----------
    nearest : DataFrame
        :func:`analysis.reuse.paragraph_similarity` (paragraph_id, section_id, order,
        max_similarity).
    repeated : DataFrame
        :func:`analysis.reuse.repeated_passages`.
    labels : Series
        Short section labels by section_id.
    threshold : float
        The passage threshold (:data:`analysis.settings.SIMILARITY_THRESHOLD`).
    sentences : DataFrame, optional
        :func:`analysis.restatement.repeated_sentences`, drawn as thin dashed arcs.

    Returns
    -------
    Figure
        Double column, two panels on the paragraphs in reading order: above,
        each reported pair as an arc joining its two paragraphs (solid for
        whole paragraphs, dotted for sentence windows, thin dashed grey for
        restated sentences), up to :data:`ARC_LABELS` passage pairs labelled
        where the label does not overprint another (:func:`place_labels`);
        below, each paragraph's highest similarity to any other as a bar,
        with the threshold dashed. Alternate sections are shaded and named
        under the axis where the name fits.
    """
    fig, (arcs, bars) = new_figure("double", height=5.0, nrows=2, sharex=True,
                                   gridspec_kw={"height_ratios": [1, 1.3], "hspace": 0.05})
    order = nearest.set_index("paragraph_id")["order"]
    for ax in (arcs, bars):
        bands = _section_bands(ax, nearest)
    bars.bar(nearest["order"], nearest["max_similarity"].fillna(0), width=0.75,
             color=PALETTE[4])
    bars.axhline(threshold, color=PALETTE[5], ls="--", lw=0.8)
    last = float(nearest["order"].max()) if len(nearest) else 1.0
    bars.text(last + 0.6, threshold, f"threshold {threshold:g}", ha="right", va="bottom",
              fontsize=6, color=PALETTE[5])
    bars.set_ylabel("Highest similarity to\nanother paragraph")
    bars.set_ylim(0, 1)
    height = 0.0
    if sentences is not None:
        for pair in sentences.itertuples():
            a = order[pair.sentence_a.split(".")[0]]
            b = order[pair.sentence_b.split(".")[0]]
            height = max(height, _arc(arcs, a, b, "--", "0.45", 0.7))
    apexes = []
    for k, pair in enumerate(repeated.itertuples()):
        a = order[pair.paragraph_a.split(".")[0]]
        b = order[pair.paragraph_b.split(".")[0]]
        color = PALETTE[k % 3 * 2]
        height = max(height, _arc(arcs, a, b, "-" if pair.unit == "paragraph" else ":", color,
                                  1.2))
        arcs.plot([a, b], [0, 0], "o", ms=3, color=color)
        apexes.append(((a + b) / 2, abs(b - a) / 2, f"{pair.pair_id}, {pair.similarity:.2f}"))
    top = max(height, 1.0) * 1.35 + 0.5
    if repeated.empty and (sentences is None or sentences.empty):
        arcs.text((1 + last) / 2, 0.5, "no pair at or above the threshold",
                  ha="center", va="center", fontsize=7)
    size = fig.get_size_inches() * 72 * np.array([arcs.get_position().width,
                                                  arcs.get_position().height])
    for x, y, text in place_labels(apexes[:ARC_LABELS], (last, top), size, ARC_FONT):
        arcs.text(x, y, text, ha="center", va="bottom", fontsize=ARC_FONT)
    arcs.set_ylim(0, top)
    arcs.set_yticks([])
    arcs.tick_params(axis="x", bottom=False)
    arcs.spines["left"].set_visible(False)
    arcs.set_title("Reported pairs (solid: whole paragraphs; dotted: sentence windows; "
                   "thin dashed: restated sentences)", fontsize=7, loc="left")
    centres = [(start + end) / 2 for start, end, _ in bands]
    width_in = fig.get_size_inches()[0] * bars.get_position().width
    kept = readable_ticks(centres, last, width_in)
    bars.set_xticks([centres[i] for i in kept],
                    [str(labels.get(bands[i][2], bands[i][2])) for i in kept],
                    rotation=90, fontsize=SECTION_FONT)
    bars.tick_params(axis="x", length=0)
    bars.set_xlim(0.4, last + 0.6)
    named = "" if len(kept) == len(bands) else ";\nsections too narrow to name are left unnamed"
    bars.set_xlabel(f"Sections in reading order (paragraphs as bars; alternate sections "
                    f"shaded{named})", fontsize=7)
    return fig


def similarity_histogram_figure(histogram: pd.DataFrame, thresholds: dict[str, float]
                                ) -> Figure:
    """Distribution of pairwise similarities per kind of unit, on a log scale.

    Parameters
    ----------
    histogram : DataFrame
        :func:`analysis.reuse.similarity_histogram`, with the rows of
        :func:`analysis.restatement.sentence_histogram` appended.
    thresholds : dict of str to float
        The reporting threshold of each unit drawn ("paragraph", "sentence"), as dashed lines.

    Returns
    -------
    Figure
        Single column: per unit, the share of pairs in each bin as a step line
        (empty bins left out of the log scale), with the number of pairs in the legend.
    """
    fig, ax = new_figure("single", height=2.6)
    names = {"paragraph": "paragraph pairs", "window": "sentence-window pairs",
             "sentence": "sentence pairs"}
    for k, (unit, group) in enumerate(histogram.groupby("unit", sort=False)):
        share = group["n_pairs"] / max(int(group["n_pairs"].sum()), 1)
        ax.step(group["bin_left"], share.where(share > 0), where="post", color=PALETTE[2 * k],
                lw=1, label=f"{names.get(unit, unit)} (n = {group['n_pairs'].sum():,})")
    styles = ["--", ":", "-."]
    notes = []
    for k, (unit, value) in enumerate(thresholds.items()):
        ax.axvline(value, color=PALETTE[5], ls=styles[k % 3], lw=0.8)
        notes.append(f"{unit} threshold {value:g} ({styles[k % 3]})")
    if notes:
        ax.text(max(thresholds.values()) + 0.02, 0.97, "\n".join(notes), fontsize=6,
                color=PALETTE[5], va="top", transform=ax.get_xaxis_transform())
    ax.set_yscale("log")
    ax.set_xlim(0, 1)
    ax.set_xlabel("Similarity (mean of word and character TF-IDF cosines)")
    ax.set_ylabel("Share of pairs (log scale)")
    ax.legend(fontsize=6, frameon=False, loc="upper right", bbox_to_anchor=(1.0, 0.84),
              handlelength=1.2, borderaxespad=0)
    return fig


def map_notes(fig: Figure, repeated: pd.DataFrame, nearest: pd.DataFrame) -> dict[str, str]:
    """What the passage map shows of its pairs and sections, for its caption.

    Parameters
    ----------
    fig : Figure
        :func:`repeated_passages_figure`.
    repeated : DataFrame
        The passage pairs it draws.
    nearest : DataFrame
        The paragraphs it draws (section_id).

    Returns
    -------
    dict
        labels (which pairs are labelled) and sections (which sections are named).
    """
    named = len([t for t in fig.axes[1].get_xticklabels() if t.get_text()])
    total = nearest["section_id"].nunique()
    labelled = len([t for t in fig.axes[0].texts if t.get_text().startswith("D")])
    labels = ("every passage pair is labelled with its id and similarity"
              if labelled == len(repeated) else
              f"{labelled} of {len(repeated)} passage pairs are labelled with their id and "
              "similarity, the others where a label would overprint")
    sections = ("every section is named" if named == total else
                f"{named} of {total} sections are named, the others being too narrow")
    return {"labels": labels, "sections": sections}
