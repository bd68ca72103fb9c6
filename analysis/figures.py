"""The one helper that saves figures, and the study's figure style.

Every figure is drawn at a journal column width (3.5 in single, 7.2 in
double), in the package's style sheet, and saved as a vector PDF (TrueType
fonts embedded) and a 300-dpi PNG with all dates, versions and tool names
stripped from their metadata, atomically and only when the bytes change.
A figure must be registered in :mod:`analysis.registry` with its caption.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis import paths, registry
from analysis.outputs import write_bytes, write_table

STYLE = Path(__file__).with_name("study.mplstyle")
WIDTHS = {"single": 3.5, "double": 7.2}
#: Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
PNG_METADATA = {"Software": None}


def use_style() -> None:
    """Apply the study's style sheet to every figure drawn from now on."""
    mpl.style.use(STYLE)


def new_figure(width: str = "single", height: float = 2.6, **subplots) -> tuple[Figure, object]:
    """A figure at a journal column ``width`` ("single" or "double") and ``height`` in inches."""
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {sorted(WIDTHS)}, not {width!r}")
    with mpl.rc_context(fname=STYLE):
        return plt.subplots(figsize=(WIDTHS[width], height), **subplots)


def figure_bytes(fig: Figure) -> tuple[bytes, bytes]:
    """The PDF and PNG bytes of ``fig``, with metadata stripped (deterministic)."""
    with mpl.rc_context(fname=STYLE):
        pdf, png = io.BytesIO(), io.BytesIO()
        fig.savefig(pdf, format="pdf", metadata=PDF_METADATA)
        fig.savefig(png, format="png", dpi=300, metadata=PNG_METADATA)
    return pdf.getvalue(), png.getvalue()


def save_figure(fig: Figure, name: str, data: pd.DataFrame | None = None,
                out_dir: Path | str = paths.FIGURES):
    """Save a registered figure as ``name.pdf`` and ``name.png`` (and ``name.csv``).

    ``data``, if given, is the table of numbers the figure draws, saved beside
    it. The figure is closed and returned as an image to display in a
    notebook (the saved PNG, so what is shown is what is published).
    """
    from IPython.display import Image

    entry = registry.get(name, "figure")
    width = fig.get_size_inches()[0]
    if abs(width - WIDTHS[entry.width]) > 1e-6:
        raise ValueError(f"figure {name!r} is {width:.2f} in wide; the registry says "
                         f"{entry.width} column ({WIDTHS[entry.width]} in)")
    out_dir = Path(out_dir)
    pdf, png = figure_bytes(fig)
    plt.close(fig)
    write_bytes(out_dir / f"{name}.pdf", pdf)
    write_bytes(out_dir / f"{name}.png", png)
    if data is not None:
        write_table(data, out_dir / f"{name}.csv")
    return Image(data=png, width=int(WIDTHS[entry.width] * 110))
