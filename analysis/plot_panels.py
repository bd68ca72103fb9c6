"""Small multiples of horizontal bar charts, shared by the frequency and topic figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from analysis.figures import PALETTE, new_figure


@dataclass(frozen=True)
class BarPanel:
    """One panel: a title, bar labels top to bottom, their values, and optional notes."""

    title: str
    labels: list[str]
    values: list[float]
    color: str = PALETTE[0]
    #: Text written just after each bar (for example its raw count); none if empty.
    notes: tuple[str, ...] = ()


def bar_panels(panels: Sequence[BarPanel], xlabel: str, ncols: int = 2,
               panel_pad: float = 0.45, figure_pad: float = 0.3,
               headroom: float = 1.1) -> Figure:
    """A double-column grid of bar panels sharing one x axis, so values compare across panels.

    Every panel is as tall as the longest one, so bars line up row by row;
    unused grid cells are hidden and the x label sits under the bottom row.
    ``panel_pad`` is the height in inches each panel adds for its title.
    """
    ncols = min(ncols, len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    per_panel = max(len(panel.labels) for panel in panels)
    fig, axes = new_figure("double", height=nrows * (0.13 * per_panel + panel_pad) + figure_pad,
                           nrows=nrows, ncols=ncols, sharex=True, squeeze=False)
    axes = axes.ravel()
    limit = max(max(panel.values) for panel in panels)
    for ax, panel in zip(axes, panels, strict=False):
        y = np.arange(len(panel.labels))
        ax.barh(y, panel.values, color=panel.color, height=0.7)
        ax.set_yticks(y, panel.labels, fontsize=6.5)
        ax.set_ylim(per_panel - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        for i, (value, note) in enumerate(zip(panel.values, panel.notes, strict=False)):
            ax.text(value + limit * 0.01, i, note, va="center", fontsize=5.5)
        ax.set_title(panel.title, fontsize=7, loc="left")
        ax.set_xlim(0, limit * headroom)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    for ax in axes[max(0, len(panels) - ncols): len(panels)]:
        ax.set_xlabel(xlabel, fontsize=7)
        ax.tick_params(axis="x", labelbottom=True)
    return fig
