"""The study's figure style: journal widths, colours, and a new figure drawn in the style sheet.

Every figure is drawn at a journal column width (3.5 in single, 7.2 in
double), in the package's style sheet (``study.mplstyle``: DejaVu Sans,
Okabe-Ito colours, the cividis colour map, TrueType fonts). Figures are saved
by :func:`analysis.build.outputs.save_figure`.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

STYLE = Path(__file__).with_name("study.mplstyle")
#: Journal column widths in inches.
WIDTHS = {"single": 3.5, "double": 7.2}
#: Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]


def use_style() -> None:
    """Apply the study's style sheet to every figure drawn from now on.

    Returns
    -------
    None
    """
    mpl.style.use(STYLE)


def new_figure(width: str = "single", height: float = 2.6, **subplots) -> tuple[Figure, object]:
    """A figure at a journal column ``width`` and ``height`` in inches, in the study's style.

    Parameters
    ----------
    width : {"single", "double"}, default "single"
        The journal column width (:data:`WIDTHS`).
    height : float, default 2.6
        Height in inches.
    **subplots
        Passed to :func:`matplotlib.pyplot.subplots` (nrows, ncols, sharex, ...).

    Returns
    -------
    fig : Figure
    axes : Axes or array of Axes
    """
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {sorted(WIDTHS)}, not {width!r}")
    with mpl.rc_context(fname=STYLE):
        return plt.subplots(figsize=(WIDTHS[width], height), **subplots)
