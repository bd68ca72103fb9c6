"""Atomic, write-if-changed output of tables and files.

Every output goes to a temporary file in the target folder and is renamed
into place, so an interrupted run never leaves a half-written file. A file
whose bytes would not change is left alone (its modification time too), so
re-executing a notebook does not make ``make`` think downstream work is stale.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

#: Floats in CSV tables are written with this many significant digits, so the
#: last bits of floating-point noise never reach a committed file.
FLOAT_FORMAT = "%.6g"


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
    """Write UTF-8 ``text`` with ``\\n`` line endings atomically."""
    return write_bytes(path, text.encode("utf-8"))


def table_csv(table: pd.DataFrame) -> str:
    """Render a table as the study's canonical CSV text (no index, fixed floats)."""
    return table.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)


def write_table(table: pd.DataFrame, path: Path | str) -> Path:
    """Write ``table`` as CSV to ``path`` atomically and return the path."""
    path = Path(path)
    write_text(path, table_csv(table))
    return path
