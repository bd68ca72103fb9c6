"""Figures of keyness (notebook 03). They read keyness tables; they never compute."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.plots.empty import empty_panel, nothing_to_show
from analysis.plots.panels import BarPanel, bar_panels
from analysis.plots.style import PALETTE, new_figure

MORE, LESS = PALETTE[0], PALETTE[1]


def _diverging(ax, labels: list[str], ratios: np.ndarray, hatched: np.ndarray | None = None,
               fontsize: float = 6.5) -> None:
    y = np.arange(len(labels))
    colours = [MORE if r > 0 else LESS for r in ratios]
    bars = ax.barh(y, ratios, color=colours, height=0.7)
    if hatched is not None:
        for bar, flag in zip(bars, hatched, strict=True):
            if flag:
                bar.set_hatch("////")
                bar.set_edgecolor("white")
                bar.set_linewidth(0)
    ax.axvline(0, color="0.2", lw=0.6)
    ax.set_yticks(y, labels, fontsize=fontsize)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def reference_keyness_figure(top: pd.DataFrame) -> Figure:
    """Diverging bars of Log Ratio, paper against general English, in two panels.

    Parameters
    ----------
    top : DataFrame
        :func:`analysis.keyness.top_keys` of the reference keyness table with a
        ``group`` column (:func:`analysis.english.reference_groups`: written,
        log_ratio, below_floor, group).

    Returns
    -------
    Figure
        Double column: "other" words on the left, "capitalised" word forms
        (names, acronyms, proper adjectives) on the right. Word forms that
        wordfreq does not list are hatched (their ratio rests on the 0.5 stand-in).
    """
    groups = [("other", "Other words"), ("capitalised", "Capitalised: names and acronyms")]
    if top.empty:
        return nothing_to_show("no word form of the paper is key against general English.",
                               "double")
    height = 0.13 * int(top.groupby("group").size().max()) + 0.9
    fig, axes = new_figure("double", height=height, ncols=2)
    for ax, (group, title) in zip(axes, groups, strict=True):
        rows = top[top["group"] == group]
        if rows.empty:
            empty_panel(ax, "no key word form in this group.")
            ax.set_title(title, fontsize=7.5, loc="left")
            continue
        _diverging(ax, rows["written"].tolist(), rows["log_ratio"].to_numpy(),
                   rows["below_floor"].to_numpy(bool))
        ax.set_title(title, fontsize=7.5, loc="left")
        ax.set_xlabel("Log Ratio (log2 of paper rate / English rate)", fontsize=7)
    handles = [Patch(color=MORE, label="more frequent in the paper"),
               Patch(color=LESS, label="less frequent in the paper"),
               Patch(facecolor=MORE, hatch="////", edgecolor="white",
                     label="below wordfreq's floor (at least)")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=6.5,
               frameon=False)
    return fig


def section_keyness_figure(top: pd.DataFrame, ncols: int = 2) -> Figure:
    """Small multiples of diverging Log Ratio bars: each major section's key terms.

    Each section is compared with the rest of the paper.

    Parameters
    ----------
    top : DataFrame
        :func:`analysis.keyness.top_keys` of the section keyness table grouped
        by section_id (columns section, label, count, log_ratio).
    ncols : int, default 2
        Panels per row.

    Returns
    -------
    Figure
        Double column, one panel per section in reading order, bars labelled
        "term (count)" on one x axis symmetric about zero; one colour for
        terms more frequent in the section, another for less frequent.
    """
    sections = list(dict.fromkeys(top["section"]))
    if not sections:
        return nothing_to_show("no major section has a key term against the rest of the paper.",
                               "double")
    panels = []
    for section in sections:
        rows = top[top["section"] == section]
        ratios = rows["log_ratio"].tolist()
        panels.append(BarPanel(section, [f"{r.label} ({r.count})" for r in rows.itertuples()],
                               ratios, colors=tuple(MORE if r > 0 else LESS for r in ratios)))
    fig = bar_panels(panels, "Log Ratio, section against the rest of the paper", ncols=ncols,
                     panel_pad=0.45, figure_pad=0.5, bar_height=0.12, label_fontsize=6,
                     diverging=True, row_heights=True)
    handles = [Patch(color=MORE, label="more frequent in the section"),
               Patch(color=LESS, label="less frequent in the section")]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=6.5,
               frameon=False)
    return fig
