"""Read the study's coding dictionaries (CSV files in ``data/lexicons/``), validated.

A lexicon is a CSV whose rows each carry a note on why they belong. A file
that is missing, lacks a required column, leaves a required cell empty or
lists the same key twice is refused with an error that names the file and
the problem, before any analysis uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd


class LexiconError(ValueError):
    """A lexicon file cannot be used; the message names the file and the problem."""


def read_lexicon(path: Path | str, columns: Sequence[str], key: Sequence[str]) -> pd.DataFrame:
    """Read a lexicon CSV, check it, and return it with ``columns`` in that order.

    Parameters
    ----------
    path : Path or str
        The CSV file (UTF-8).
    columns : sequence of str
        Columns that must be present and non-empty in every row; other
        columns of the file are dropped.
    key : sequence of str
        Columns whose combination must be unique (compared case-insensitively).

    Returns
    -------
    DataFrame
        The rows in file order, ``columns`` only, every cell a string stripped
        of surrounding spaces.

    Raises
    ------
    LexiconError
        If the file is missing, is not UTF-8 CSV, lacks a column, has an empty
        required cell, or lists the same key twice.
    """
    path = Path(path)
    if not path.exists():
        raise LexiconError(f"{path}: lexicon file not found")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8",
                            comment=None, skipinitialspace=True)
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise LexiconError(f"{path}: cannot be read as UTF-8 CSV ({err})") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise LexiconError(f"{path}: missing column(s) {', '.join(missing)}; "
                           f"expected {', '.join(columns)}")
    table = table[list(columns)].apply(lambda col: col.str.strip())
    for column in columns:
        empty = table.index[table[column] == ""]
        if len(empty):
            raise LexiconError(f"{path}: empty {column!r} in data row {empty[0] + 1}")
    keys = table[list(key)].apply(lambda col: col.str.lower())
    duplicated = keys.duplicated(keep=False)
    if duplicated.any():
        shown = " / ".join(table.loc[duplicated.idxmax(), list(key)])
        raise LexiconError(f"{path}: duplicated {'+'.join(key)} {shown!r} "
                           f"({int(duplicated.sum())} rows)")
    return table.reset_index(drop=True)
