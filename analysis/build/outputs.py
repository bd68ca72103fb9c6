"""Saving the study's outputs: registered tables and figures, atomically, only when they change.

Every output goes to a temporary file in the target folder and is renamed
into place, so an interrupted run never leaves a half-written file. A file
whose bytes would not change is left alone (its modification time too), so
re-executing a notebook does not make ``make`` think downstream work is stale.
:func:`save_table` and :func:`save_figure` refuse a name that is not in the
registry (:mod:`analysis.build.registry`), so every published file has a
caption; notebooks name outputs, never their files.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.build import paths, registry

#: Floats in CSV tables are written with this many significant digits, so the
#: last bits of floating-point noise never reach a committed file.
FLOAT_FORMAT = "%.6g"
#: Metadata that would carry dates or tool versions, removed from every figure.
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
PNG_METADATA = {"Software": None}
#: Resolution of the PNG files.
PNG_DPI = 300
#: Pixels per inch of the figure shown in a notebook (the saved PNG, scaled).
DISPLAY_PPI = 110


def write_bytes(path: Path | str, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return True if the file changed."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_text(path: Path | str, text: str) -> bool:
    """Write UTF-8 ``text`` atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"))


def table_csv(table: pd.DataFrame) -> str:
    """A table as the study's canonical CSV text (no index, ``\\n`` line ends, fixed floats)."""
    return table.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)


def write_table(table: pd.DataFrame, path: Path | str) -> Path:
    """Write ``table`` as canonical CSV to ``path`` atomically and return the path."""
    path = Path(path)
    write_text(path, table_csv(table))
    return path


def table_path(name: str, out_dir: Path | str | None = None) -> Path:
    """Where the registered table ``name`` is saved (``<processed>/<name>.csv``)."""
    registry.get(name, "table")
    return Path(out_dir if out_dir is not None else paths.PROCESSED) / f"{name}.csv"


def save_table(table: pd.DataFrame, name: str, out_dir: Path | str | None = None) -> Path:
    """Save a registered table as ``<name>.csv`` in the processed-data folder.

    Parameters
    ----------
    table : DataFrame
        The table; its columns are written as they are, without the index.
    name : str
        A table registered in :mod:`analysis.build.registry`.
    out_dir : Path or str, optional
        Default: :data:`analysis.build.paths.PROCESSED`.

    Returns
    -------
    Path
        The file (rewritten only if its bytes change).

    Raises
    ------
    KeyError
        If ``name`` is not a registered table.
    """
    return write_table(table, table_path(name, out_dir))


def read_table(name: str, out_dir: Path | str | None = None, **read_csv) -> pd.DataFrame:
    """Read a registered table back; a clear error if it has not been made yet."""
    path = table_path(name, out_dir)
    if not path.exists():
        entry = registry.get(name, "table")
        raise FileNotFoundError(f"{path}: table {name!r} has not been made; run notebook "
                                f"{entry.notebook} first (make)")
    return pd.read_csv(path, **read_csv)


@dataclass(frozen=True)
class SavedFigure:
    """A figure written to disk; shown in a notebook as the saved PNG itself.

    Attributes
    ----------
    name : str
        The registered name.
    png : bytes
        The PNG as published.
    width : int
        Display width in pixels.
    """

    name: str
    png: bytes
    width: int

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        return self.png, {"width": self.width}

    def __repr__(self) -> str:
        return f"<figure {self.name!r}: {self.name}.pdf, {self.name}.png>"


def figure_bytes(fig) -> tuple[bytes, bytes]:
    """The PDF and PNG bytes of a Matplotlib figure, metadata stripped (deterministic)."""
    import matplotlib as mpl

    from analysis.plots.style import STYLE

    with mpl.rc_context(fname=STYLE):
        pdf, png = io.BytesIO(), io.BytesIO()
        fig.savefig(pdf, format="pdf", metadata=PDF_METADATA)
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata=PNG_METADATA)
    return pdf.getvalue(), png.getvalue()


def save_figure(fig, name: str, data: pd.DataFrame | None = None,
                out_dir: Path | str | None = None) -> SavedFigure:
    """Save a registered figure as ``name.pdf`` and ``name.png`` (and ``name.csv``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Drawn at the registered journal width (it is closed after saving).
    name : str
        A figure registered in :mod:`analysis.build.registry`.
    data : DataFrame, optional
        The numbers the figure draws, saved beside it as ``name.csv``.
    out_dir : Path or str, optional
        Default: :data:`analysis.build.paths.FIGURES`.

    Returns
    -------
    SavedFigure
        Displays as the saved PNG in a notebook.

    Raises
    ------
    KeyError
        If ``name`` is not a registered figure.
    ValueError
        If the figure's width is not its registered column width.
    """
    import matplotlib.pyplot as plt

    from analysis.plots.style import WIDTHS

    entry = registry.get(name, "figure")
    width = fig.get_size_inches()[0]
    if abs(width - WIDTHS[entry.width]) > 1e-6:
        raise ValueError(f"figure {name!r} is {width:.2f} in wide; the registry says "
                         f"{entry.width} column ({WIDTHS[entry.width]} in)")
    out_dir = Path(out_dir if out_dir is not None else paths.FIGURES)
    pdf, png = figure_bytes(fig)
    plt.close(fig)
    write_bytes(out_dir / f"{name}.pdf", pdf)
    write_bytes(out_dir / f"{name}.png", png)
    if data is not None:
        write_table(data, out_dir / f"{name}.csv")
    return SavedFigure(name, png, int(WIDTHS[entry.width] * DISPLAY_PPI))
