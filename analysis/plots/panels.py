"""Small multiples of horizontal bar charts, shared by the frequency, keyness and topic figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from analysis.plots.style import PALETTE, new_figure


@dataclass(frozen=True)
class BarPanel:
    """One panel: a title, bar labels top to bottom, their values, and optional notes.

    Attributes
    ----------
    title : str
    labels : list of str
        Bar labels, top to bottom.
    values : list of float
        Bar lengths (negative values point left).
    color : str
        The colour of every bar, unless ``colors`` is given.
    notes : tuple of str
        Text written just after each bar (for example its raw count).
    colors : tuple of str
        A colour per bar.
    """

    title: str
    labels: list[str]
    values: list[float]
    color: str = PALETTE[0]
    notes: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()


def bar_panels(panels: Sequence[BarPanel], xlabel: str, ncols: int = 2,
               panel_pad: float = 0.45, figure_pad: float = 0.3, headroom: float = 1.1,
               bar_height: float = 0.13, label_fontsize: float = 6.5, diverging: bool = False,
               row_heights: bool = False) -> Figure:
    """A double-column grid of bar panels sharing one x axis, so values compare across panels.

    Parameters
    ----------
    panels : sequence of BarPanel
    xlabel : str
        Label of the shared x axis, under the bottom row.
    ncols : int, default 2
        Panels per row.
    panel_pad : float, default 0.45
        Height in inches each panel adds for its title.
    figure_pad : float, default 0.3
        Height in inches added for the figure's margins.
    headroom : float, default 1.1
        The x axis runs to this multiple of the largest value (one-sided panels).
    bar_height : float, default 0.13
        Inches per bar.
    label_fontsize : float, default 6.5
        Font size of the bar labels.
    diverging : bool, default False
        Bars go both ways from a zero line, on an axis symmetric about zero
        (rounded up to a whole unit).
    row_heights : bool, default False
        Each row of panels is as tall as its longest panel (bars keep one
        thickness); otherwise every panel is as tall as the longest of all.

    Returns
    -------
    Figure
        Unused grid cells are hidden.
    """
    ncols = min(ncols, len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    lengths = [len(panel.labels) for panel in panels]
    if row_heights:
        per_row = [max(lengths[r * ncols:(r + 1) * ncols]) for r in range(nrows)]
        fig, axes = new_figure("double", height=bar_height * sum(per_row) + panel_pad * nrows
                               + figure_pad, nrows=nrows, ncols=ncols, sharex=True,
                               squeeze=False, gridspec_kw={"height_ratios": [n + 3 for n in
                                                                             per_row]})
    else:
        per_row = [max(lengths)] * nrows
        fig, axes = new_figure("double", height=nrows * (bar_height * per_row[0] + panel_pad)
                               + figure_pad, nrows=nrows, ncols=ncols, sharex=True,
                               squeeze=False)
    axes = axes.ravel()
    if diverging:
        limit = float(np.ceil(1.05 * max(abs(v) for panel in panels for v in panel.values)))
    else:
        limit = max(max(panel.values) for panel in panels)
    for i, (ax, panel) in enumerate(zip(axes, panels, strict=False)):
        y = np.arange(len(panel.labels))
        colours = list(panel.colors) if panel.colors else panel.color
        ax.barh(y, panel.values, color=colours, height=0.7)
        if diverging:
            ax.axvline(0, color="0.2", lw=0.6)
        ax.set_yticks(y, panel.labels, fontsize=label_fontsize)
        ax.set_ylim(per_row[i // ncols] - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        for j, (value, note) in enumerate(zip(panel.values, panel.notes, strict=False)):
            ax.text(value + limit * 0.01, j, note, va="center", fontsize=5.5)
        ax.set_title(panel.title, fontsize=7, loc="left")
        ax.set_xlim(*((-limit, limit) if diverging else (0, limit * headroom)))
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    for ax in axes[max(0, len(panels) - ncols): len(panels)]:
        ax.set_xlabel(xlabel, fontsize=7)
        ax.tick_params(axis="x", labelbottom=True)
    return fig
