"""One annotated heatmap for every rows-by-columns figure (topics by section, rates by section)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from analysis.plots.style import new_figure

CMAP = "cividis"
#: Cells whose normalised value is at least this get black text, darker cells white.
DARK_TEXT_FROM = 0.55


def annotated_heatmap(values: np.ndarray, cell_text: Sequence[Sequence[str]],
                      row_labels: Sequence[str], column_labels: Sequence[str], vmax: float,
                      height: float, cell_fontsize: float = 6.0,
                      row_fontsize: float | None = None, column_fontsize: float = 6.5,
                      colorbar_label: str | None = None, separate_last_row: bool = False,
                      note: str | None = None) -> Figure:
    """A double-column heatmap with a number printed in every cell, columns labelled on top.

    Parameters
    ----------
    values : ndarray
        Rows x columns, coloured from 0 to ``vmax`` (values above it take the top colour).
    cell_text : sequence of sequence of str
        The text printed in each cell.
    row_labels, column_labels : sequence of str
        Labels of the rows (left) and columns (top).
    vmax : float
        The top of the colour scale.
    height : float
        Figure height in inches.
    cell_fontsize, row_fontsize, column_fontsize : float
        Font sizes of the cells, the row labels (default: the style's) and the column labels.
    colorbar_label : str, optional
        Draw a colour bar with this label.
    separate_last_row : bool, default False
        Draw a white rule above the last row (a total row).
    note : str, optional
        Text under the heatmap (how to read it).

    Returns
    -------
    Figure
        Double column, rows top to bottom in the given order, in the
        colour-blind-safe :data:`CMAP`; cell text black on light cells, white on dark.
    """
    norm = Normalize(0, vmax)
    fig, ax = new_figure("double", height=height)
    image = ax.imshow(values, cmap=CMAP, norm=norm, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, cell_text[i][j], ha="center", va="center", fontsize=cell_fontsize,
                color="black" if norm(value) >= DARK_TEXT_FROM else "white")
    ax.set_xticks(np.arange(len(column_labels)), list(column_labels), fontsize=column_fontsize)
    ax.xaxis.tick_top()
    row_font = {} if row_fontsize is None else {"fontsize": row_fontsize}
    ax.set_yticks(np.arange(len(row_labels)), list(row_labels), **row_font)
    if separate_last_row:
        ax.axhline(len(row_labels) - 1.5, color="white", linewidth=2.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if colorbar_label is not None:
        bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
        bar.set_label(colorbar_label, fontsize=7)
        bar.ax.tick_params(labelsize=6)
    if note is not None:
        ax.set_xlabel(note, fontsize=6.3, loc="left")
    return fig
