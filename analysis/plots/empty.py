"""A figure that says there is nothing to draw, for papers where a table comes out empty.

When the study runs on another paper, some tables can be empty (no citation
the parser reads, no repeated passage, no section long enough to compare).
A plotting function then returns this panel instead of raising, so the
notebook still runs and the saved figure says why it is blank.
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.plots.style import new_figure

#: Height in inches of a "nothing to show" panel.
EMPTY_HEIGHT = 1.0


def nothing_to_show(reason: str, width: str = "single", height: float = EMPTY_HEIGHT) -> Figure:
    """A blank panel reading "Nothing to show: <reason>".

    Parameters
    ----------
    reason : str
        Why the figure is empty, as a sentence.
    width : {"single", "double"}, default "single"
        The figure's registered column width.
    height : float, default :data:`EMPTY_HEIGHT`
        Height in inches.

    Returns
    -------
    Figure
        One panel without axes, the sentence wrapped to the width.
    """
    fig, ax = new_figure(width, height=height)
    ax.set_axis_off()
    chars = 60 if width == "single" else 120
    ax.text(0.5, 0.5, textwrap.fill(f"Nothing to show: {reason}", chars), ha="center",
            va="center", fontsize=8, color="0.3", transform=ax.transAxes)
    return fig


def empty_panel(ax: Axes, reason: str, fontsize: float = 6.5) -> None:
    """Mark one panel of a larger figure as empty, with the ``reason`` in it.

    Parameters
    ----------
    ax : Axes
        The panel; its ticks are removed.
    reason : str
        Why the panel is empty.
    fontsize : float, default 6.5
        Font size of the text.

    Returns
    -------
    None
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, textwrap.fill(f"Nothing to show: {reason}", 40), ha="center",
            va="center", fontsize=fontsize, color="0.3", transform=ax.transAxes)
