"""Figures of the topic models (notebook 04). They read tables; they never fit a model."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.plots.empty import nothing_to_show
from analysis.plots.heatmap import annotated_heatmap
from analysis.plots.panels import BarPanel, bar_panels
from analysis.plots.style import PALETTE, new_figure
from analysis.settings import SECTION_ROWS_SHOWN

#: Display name, colour, marker and line style of each model (legible in grey scale too).
MODEL_STYLES = {
    "lda": ("LDA", PALETTE[0], "o", "-"),
    "nmf": ("NMF", PALETTE[5], "s", "--"),
}
#: Topics up to which the heatmap names each column in full.
COLUMN_NAMES_UP_TO = 5
#: The panels of the sweep figure: (sweep column, summary column stem, axis label, fits).
SWEEP_PANELS = [
    ("npmi", "npmi", "NPMI coherence\n(mean over topics)", "seeds"),
    ("umass", "umass", "UMass coherence\n(mean over topics)", "seeds"),
    ("stability", "stability", "Stability across seeds\n(matched top-term Jaccard)", "seeds"),
    ("reference_agreement", "resampling", "Stability across document\nresamples "
     "(matched Jaccard)", "resamples"),
    ("cross_agreement", "cross", "LDA-NMF agreement\n(matched top-term Jaccard)", "seeds"),
    ("perplexity", "perplexity", "LDA held-out perplexity\n(document completion)", "resamples"),
]


def sweep_figure(table: pd.DataFrame, summary: pd.DataFrame) -> Figure:
    """Coherence, stability (seeds and documents), agreement and perplexity against k.

    Parameters
    ----------
    table : DataFrame
        The sweep (:func:`analysis.topics.sweep.sweep`).
    summary : DataFrame
        Its :func:`analysis.topics.selection.sweep_summary`.

    Returns
    -------
    Figure
        Double column, one panel per measure (NPMI, UMass, stability across
        seeds, stability across document resamples, LDA-NMF agreement, LDA's
        held-out perplexity): per model, the mean over fits (line), plus and
        minus one standard deviation (band) and each fit (dots, offset sideways
        so the models do not hide each other); the agreement panel has one
        line, the mean over all LDA-NMF pairs of fits. In the resampling panel
        robust settings are filled markers, the others hollow, and the setting
        chosen by the rule (if any) is ringed.
    """
    if summary.empty:
        return nothing_to_show("no topic model was fitted (the paper's vocabulary supports "
                               "too few topics).", "double")
    fig, axes = new_figure("double", height=5.6, nrows=3, ncols=2, sharex=True)
    axes = axes.ravel()
    models = [m for m in MODEL_STYLES if m in set(summary["model"])]
    chosen = summary[summary["chosen"]]
    for ax, (column, stem, label, kind) in zip(axes, SWEEP_PANELS, strict=True):
        fits_all = table[(table["sample"] == 0) if kind == "seeds" else (table["sample"] > 0)]
        for i, model in enumerate(models):
            name, colour, marker, style = MODEL_STYLES[model]
            rows = summary[summary["model"] == model]
            mean, sd = rows[f"{stem}_mean"].to_numpy(), rows[f"{stem}_sd"].to_numpy()
            if column == "cross_agreement":
                if i == 0:  # symmetric: the mean over all LDA-NMF pairs of fits is one line
                    ax.plot(rows["k"], mean, color="black", marker="D", ls=":", ms=3,
                            label="mean over all LDA-NMF pairs of fits")
                    ax.legend(loc="upper right")
            elif not np.isnan(mean).all():
                ax.fill_between(rows["k"], mean - sd, mean + sd, color=colour, alpha=0.18, lw=0)
                ax.plot(rows["k"], mean, color=colour, ls=style, label=f"{name} (mean ± 1 sd)")
                robust = rows["robust"].to_numpy() if column == "reference_agreement" else (
                    np.ones(len(rows), dtype=bool))
                ax.scatter(rows["k"][robust], mean[robust], color=colour, marker=marker, s=12,
                           zorder=4)
                ax.scatter(rows["k"][~robust], mean[~robust], facecolors="white",
                           edgecolors=colour, marker=marker, s=12, lw=0.8, zorder=4)
            fits = fits_all[fits_all["model"] == model]
            offset = (i - (len(models) - 1) / 2) * 0.18
            ax.scatter(fits["k"] + offset, fits[column], s=3, color=colour, alpha=0.45,
                       lw=0, marker=marker, zorder=3)
        if column == "reference_agreement" and not chosen.empty:
            ax.scatter(chosen["k"], chosen["resampling_mean"], s=70, facecolors="none",
                       edgecolors="black", lw=0.9, zorder=5, label="chosen setting")
        ax.set_ylabel(label)
        ax.grid(axis="y")
    ks = sorted(set(summary["k"]))
    for ax in axes[4:]:
        ax.set_xlabel("Number of topics k")
        ax.set_xticks(ks)
    for ax in (axes[2], axes[3], axes[4]):
        ax.set_ylim(0, 1.05)
    handles, labels = axes[0].get_legend_handles_labels()
    handles += [Line2D([], [], ls="", marker="o", color="grey", ms=4),
                Line2D([], [], ls="", marker="o", mfc="white", mec="grey", ms=4)]
    labels += ["robust", "not robust"]
    extra = axes[3].get_legend_handles_labels()
    handles += [h for h, lab in zip(*extra, strict=True) if lab == "chosen setting"]
    labels += [lab for lab in extra[1] if lab == "chosen setting"]
    fig.legend(handles, labels, loc="outside upper center", ncols=len(labels))
    return fig


def top_terms_figure(terms: pd.DataFrame, names: pd.Series, ncols: int = 4) -> Figure:
    """Small multiples: each topic's top terms and their weight in the topic.

    Parameters
    ----------
    terms : DataFrame
        :func:`analysis.topics.model.topic_terms` (topic, rank, label, weight).
    names : Series
        :func:`analysis.topics.model.topic_names`.
    ncols : int, default 4
        Panels per row.

    Returns
    -------
    Figure
        Double column, one panel per topic; panels share one x axis so weights
        compare across topics.
    """
    topic_ids = sorted(set(terms["topic"]))
    if not topic_ids:
        return nothing_to_show("the model has no topics.", "double")
    ncols = min(ncols, len(topic_ids))
    panels = []
    for topic in topic_ids:
        rows = terms[terms["topic"] == topic].sort_values("rank", kind="stable")
        colour = PALETTE[(topic - 1) % len(PALETTE)] if len(topic_ids) <= 7 else PALETTE[0]
        panels.append(BarPanel(textwrap.fill(str(names[topic]), width=int(60 / ncols)),
                               rows["label"].tolist(), rows["weight"].tolist(), colour))
    return bar_panels(panels, "Weight in the topic", ncols=ncols, panel_pad=0.75,
                      figure_pad=0.2, headroom=1.08)


def section_heatmap(shares: pd.DataFrame, names: pd.Series, section_labels: pd.Series,
                    max_rows: int = SECTION_ROWS_SHOWN) -> Figure:
    """Heatmap of each topic's share of each section's modelled text, in reading order.

    Parameters
    ----------
    shares : DataFrame
        :func:`analysis.topics.model.section_topics` (section_id, topic, share, n_terms).
    names : Series
        Topic names (:func:`analysis.topics.model.topic_names`).
    section_labels : Series
        A short label per section_id.
    max_rows : int, default :data:`analysis.settings.SECTION_ROWS_SHOWN`
        Rows at most: a longer paper's sections are merged into runs of
        consecutive sections (:func:`analysis.topics.model.cap_sections`).

    Returns
    -------
    Figure
        Double column; each cell shows its share as a percentage, and each
        row's label gives its number of modelled term occurrences, since short
        sections rest on few terms.
    """
    from analysis.topics.model import cap_sections

    if shares.empty:
        return nothing_to_show("the model has no topics, or no section has modelled terms.",
                               "double")
    shares, section_labels, _ = cap_sections(shares, section_labels, max_rows)
    grid = shares.pivot(index="section_id", columns="topic", values="share")
    order = list(dict.fromkeys(shares["section_id"]))
    grid = grid.loc[order]
    sizes = shares.drop_duplicates("section_id").set_index("section_id")["n_terms"]
    k = grid.shape[1]
    values = grid.to_numpy()
    # Names fit above their column up to COLUMN_NAMES_UP_TO topics; beyond, "Topic n" (the
    # names are in the top-terms figure).
    columns = ([textwrap.fill(str(names[t]), width=int(60 / k)) for t in grid.columns]
               if k <= COLUMN_NAMES_UP_TO else [f"Topic {t}" for t in grid.columns])
    return annotated_heatmap(
        values, [[f"{v:.0%}" for v in row] for row in values],
        [f"{section_labels[s]} ({int(sizes[s])} terms)" for s in order], columns, vmax=1.0,
        height=0.2 * len(order) + 1.3, cell_fontsize=6 if k <= 8 else 5,
        colorbar_label="Share of the section's modelled terms")
