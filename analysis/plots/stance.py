"""Figures of the stance stage (notebook 07): they read the rate and claim tables, never count."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.discourse import section_axis_labels
from analysis.plots.empty import nothing_to_show
from analysis.plots.heatmap import annotated_heatmap
from analysis.plots.style import PALETTE, WIDTHS, new_figure
from analysis.settings import MAJOR_MIN_WORDS
from analysis.vocabulary import WHOLE_PAPER

#: How a claim is supported, its colour and marker (Okabe-Ito), in legend order.
SUPPORT_STYLES = {
    "cited in the sentence": (PALETTE[0], "o"),
    "cited later in the paragraph (scope rule)": (PALETTE[4], "s"),
    "no supporting citation": (PALETTE[5], "^"),
}
#: Column labels of the rate heatmap, broken so neighbours never touch.
COLUMN_LABELS = {"hedge": "hedge", "booster": "booster", "attitude_marker": "attitude\nmarker",
                 "self_mention": "self-\nmention", "reader_mention": "reader\nmention",
                 "directive": "direc-\ntive", "question": "ques-\ntion",
                 "shared_knowledge": "shared\nknow-\nledge", "personal_aside": "personal\naside",
                 "stance_total": "stance\ntotal", "engagement_total": "engage-\nment\ntotal"}
#: Height of a heatmap row in inches, and the tallest heatmap.
ROW_INCHES = 0.17
MAX_HEIGHT = 6.5
#: Font size of the section labels along the running text, and inches per character.
LABEL_FONT = 5.5
CHAR_INCHES = LABEL_FONT * 0.55 / 72


def norm_label(corpus: str, cited_as: str) -> str:
    """A reference row's label: the corpus and the short citation ("Lin 2024, Table 4")."""
    return f"{corpus.capitalize()} ({cited_as.split(' (')[0]})"


def stance_heatmap(rates: pd.DataFrame, comparison: pd.DataFrame, labels: pd.Series,
                   major: pd.Index) -> Figure:
    """Sections x categories, rate per 1,000 words, with the published reference rates below.

    Parameters
    ----------
    rates : DataFrame
        :func:`analysis.claims.stance_rates` (possibly pooled by
        :func:`analysis.discourse.pool_sections`): category, section_id,
        n_words, n, rate; sections in reading order, the whole paper last.
    comparison : DataFrame
        :func:`analysis.claims.norm_comparison`; the rows found are drawn, one
        row per reference (corpus and citation), "n.a." where it gives no figure.
    labels : Series
        Short section labels by section_id.
    major : Index
        Major sections: the colour scale tops out at the highest rate in one
        of them or in a reference row.

    Returns
    -------
    Figure
        Double column; section cells print "rate (count)", reference cells the
        published rate; white rules above the whole paper and the references.
    """
    if rates.empty:
        return nothing_to_show("the paper has no section with words.", "double")
    columns = list(dict.fromkeys(rates["category"]))
    rate = rates.pivot(index="section_id", columns="category", values="rate")
    n = rates.pivot(index="section_id", columns="category", values="n")
    words = rates.drop_duplicates("section_id").set_index("section_id")["n_words"]
    rate, n = rate.loc[words.index, columns], n.loc[words.index, columns]
    found = comparison[comparison["found"]]
    refs = list(dict.fromkeys(zip(found["corpus"], found["cited_as"], strict=True)))
    norm = np.full((len(refs), len(columns)), np.nan)
    for r in found.itertuples():
        norm[refs.index((r.corpus, r.cited_as)), columns.index(r.category)] = r.norm_rate
    scale = words.index[words.index.isin(major)]
    if scale.empty:
        scale = words.index[words.index != WHOLE_PAPER]
    single = [j for j, c in enumerate(columns) if not c.endswith("_total")]
    top = float(np.nanmax([rate.loc[scale].iloc[:, single].to_numpy().max(),
                           np.nanmax(norm[:, single], initial=0.0)]))
    text = [["–" if int(n.iat[i, j]) == 0 else f"{rate.iat[i, j]:.1f} ({int(n.iat[i, j])})"
             for j in range(len(columns))] for i in range(len(words))]
    text += [["n.a." if np.isnan(v) else f"{v:.1f}" for v in row] for row in norm]
    values = np.vstack([rate.to_numpy(), np.nan_to_num(norm)])
    row_labels = section_axis_labels(words, labels) + [norm_label(*ref) for ref in refs]
    reading = (f"Cells: markers per 1,000 words of the section (count), writers' voice; "
               f"reference rows: the published rate, 'n.a.' where the source gives none. The "
               f"colour scale tops out at {top:.1f}, the highest rate of a single category in a "
               f"major section (at least {MAJOR_MIN_WORDS} words) or a reference row; totals "
               f"and shorter sections may exceed it.")
    height = min(ROW_INCHES * len(row_labels) + 1.5, MAX_HEIGHT)
    fig = annotated_heatmap(values, text, row_labels, [COLUMN_LABELS.get(c, c) for c in columns],
                            vmax=top or 1.0, height=height, cell_fontsize=5.6, row_fontsize=6.5,
                            column_fontsize=6.0, note=textwrap.fill(reading, 110))
    ax = fig.axes[0]
    if len(single) < len(columns):
        ax.axvline(len(single) - 0.5, color="white", linewidth=2.5)
    ax.axhline(len(words) - 1.5, color="white", linewidth=2.5)
    if refs:
        ax.axhline(len(words) - 0.5, color="white", linewidth=2.5)
        for tick in ax.get_yticklabels()[len(words):]:
            tick.set_fontstyle("italic")
    return fig


def _section_bands(ax, sizes: pd.DataFrame, labels: pd.Series, total: int) -> None:
    """Alternate shading per section, boundaries, and labels where they fit across the band."""
    width = WIDTHS["double"] * 0.86
    for i, s in enumerate(sizes.itertuples()):
        if i % 2 == 0:
            ax.axvspan(s.start, s.end, color="0.93", lw=0, zorder=0)
        if i:
            ax.axvline(s.start, color="0.6", lw=0.3, zorder=1)
        room = int((s.end - s.start) / total * width / CHAR_INCHES) - 1
        label = str(labels.get(s.section_id, s.section_id))
        if room >= 4:
            shown = label if len(label) <= room else label[:room - 1].rstrip() + "…"
            ax.text((s.start + s.end) / 2, 1.01, shown, transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=LABEL_FONT, color="0.25")


def claims_figure(claims: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series) -> Figure:
    """Claims along the running text: strength, support, and where the citations are.

    Parameters
    ----------
    claims : DataFrame
        :func:`analysis.claims.claim_table` (word, strength, claim,
        cited_in_sentence, supported, n_citations).
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, start, end).
    labels : Series
        Short section labels by section_id.

    Returns
    -------
    Figure
        Double column, two panels sharing the x axis (the word's place in the
        running text): above, a stem per claim, its height the claim's strength,
        colour and marker by support (:data:`SUPPORT_STYLES`); below, a tick per
        sentence holding a citation. Sections are shaded in alternation and
        labelled where the label fits.
    """
    if claims.empty or sizes.empty:
        return nothing_to_show("the paper has no sentence with words.", "double")
    total = int(sizes["end"].max())
    fig, (top, bottom) = new_figure("double", height=2.9, nrows=2, sharex=True,
                                    gridspec_kw={"height_ratios": [4, 1]})
    _section_bands(top, sizes, labels, total)
    bottom_sizes = sizes.assign(section_id="")
    _section_bands(bottom, bottom_sizes, pd.Series(dtype=str), total)
    chosen = claims[claims["claim"]]
    kinds = np.where(chosen["cited_in_sentence"], 0, np.where(chosen["supported"], 1, 2))
    styles = SUPPORT_STYLES
    if claims["n_citations"].sum() == 0:  # no citation read: support not measured
        styles, kinds = {"support not measured (no citation read)": ("0.45", "o")}, kinds * 0
    for k, (name, (colour, marker)) in enumerate(styles.items()):
        rows = chosen[kinds == k]
        top.vlines(rows["word"], 0, rows["strength"], color=colour, lw=0.6, zorder=2)
        top.scatter(rows["word"], rows["strength"], color=colour, marker=marker, s=9, zorder=3,
                    label=f"{name} ({len(rows)})", edgecolor="white", linewidth=0.3)
    highest = int(chosen["strength"].max()) if len(chosen) else 1
    top.set_ylim(0, highest + 0.8)
    top.set_yticks(range(0, highest + 1))
    top.set_ylabel("Claim strength\n(boosters + evaluative words)", fontsize=6.5)
    handles, names = top.get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=3, fontsize=6,
               handletextpad=0.3, columnspacing=1.2)
    cited = claims[claims["n_citations"] > 0]
    bottom.eventplot([cited["word"].to_numpy()], lineoffsets=0.5, linelengths=0.8,
                     linewidths=0.7, colors="0.2", zorder=2)
    bottom.set_ylim(0, 1)
    bottom.set_yticks([0.5], [f"citations ({int(claims['n_citations'].sum())})"], fontsize=6.5)
    bottom.tick_params(axis="y", length=0)
    bottom.set_xlim(-0.01 * total, 1.01 * total)  # a claim at the first word stays visible
    bottom.set_xlabel("Position in the running text (words, citations removed)")
    return fig
