"""The registry of every figure and table the study publishes.

Each output has one entry, in the caption file of the notebook that makes it
(``analysis/build/captions/<notebook>.toml``): its name (the file stem), a
caption that says what it shows, in which unit, over which corpus and with
which parameters, and for figures the journal column width. Tables may also
say whether the methods appendix prints them, which columns and which rows (a
pandas query, then the first ``rows``). A caption file may also hold a
``[labels]`` table: the notebook's column names in words, for the display of
its tables and the appendix (:mod:`analysis.build.display`). ``save_figure`` and ``save_table``
refuse a name that is not registered, and the methods appendix is generated
from the registry.

Standard library only: ``python -m analysis.build.makedeps`` reads it before
the environment exists.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

CAPTIONS = Path(__file__).resolve().parent / "captions"
_FIELDS = {"name", "caption", "width", "appendix", "columns", "query", "rows"}


class RegistryError(ValueError):
    """A caption file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Output:
    """One registered figure or table.

    Attributes
    ----------
    name : str
        The file stem (``name.pdf``/``name.png`` or ``name.csv``).
    caption : str
        What it shows.
    notebook : str
        The notebook that makes it (the caption file's stem).
    kind : {"figure", "table"}
    width : {"single", "double"}
        A figure's journal column width.
    appendix : bool
        Whether the methods appendix prints the table.
    columns : tuple of str
        The table's columns the appendix prints (all if empty).
    query : str
        A pandas query selecting the rows the appendix prints.
    rows : int
        At most this many rows in the appendix (all if 0).
    """

    name: str
    caption: str
    notebook: str
    kind: Literal["figure", "table"] = "figure"
    width: Literal["single", "double"] = "single"
    appendix: bool = False
    columns: tuple[str, ...] = ()
    query: str = ""
    rows: int = 0


def load_labels(folder: Path = CAPTIONS) -> dict[str, dict[str, str]]:
    """Each notebook's column labels in words (its caption file's ``[labels]``), by notebook."""
    labels = {}
    for path in sorted(folder.glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("labels", {})
        if not all(isinstance(v, str) and v for v in table.values()):
            raise RegistryError(f"{path}: every [labels] entry must be a non-empty string")
        labels[path.stem] = dict(table)
    return labels


def load_captions(folder: Path = CAPTIONS) -> dict[tuple[str, str], Output]:
    """Every registered output, by (kind, name), in notebook order then file order.

    A figure and a table may share a name (a figure's numbers and the table
    they come from); two figures or two tables may not.

    Raises
    ------
    RegistryError
        For a caption file that is not TOML, an unknown section or field, a
        missing caption, a bad width, or a name registered twice.
    """
    outputs: dict[tuple[str, str], Output] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise RegistryError(f"{path}: cannot be read as TOML ({err})") from None
        entries = [(kind, item) for kind in data if kind != "labels" for item in data[kind]]
        for kind, item in entries:
            if kind not in ("figure", "table"):
                raise RegistryError(f"{path}: unknown section [[{kind}]]")
            unknown = set(item) - _FIELDS
            if unknown or not item.get("name") or not item.get("caption"):
                raise RegistryError(f"{path}: entry {item.get('name')!r} needs a name and a "
                                    f"caption and no other fields than {sorted(_FIELDS)}")
            if kind == "figure" and item.get("width", "single") not in ("single", "double"):
                raise RegistryError(f"{path}: figure {item['name']!r} has width "
                                    f"{item['width']!r}; use 'single' or 'double'")
            if (kind, item["name"]) in outputs:
                raise RegistryError(f"{path}: {kind} {item['name']!r} is registered twice")
            outputs[(kind, item["name"])] = Output(
                name=item["name"], caption=" ".join(item["caption"].split()),
                notebook=path.stem, kind=kind, width=item.get("width", "single"),
                appendix=bool(item.get("appendix", False)),
                columns=tuple(item.get("columns", ())), query=item.get("query", ""),
                rows=int(item.get("rows", 0)))
    return outputs


OUTPUTS: dict[tuple[str, str], Output] = load_captions()
LABELS: dict[str, dict[str, str]] = load_labels()


def figures() -> list[Output]:
    """Registered figures, in notebook order then file order."""
    return [o for o in OUTPUTS.values() if o.kind == "figure"]


def tables() -> list[Output]:
    """Registered tables, in notebook order then file order."""
    return [o for o in OUTPUTS.values() if o.kind == "table"]


def get(name: str, kind: str = "figure") -> Output:
    """The registry entry called ``name``; a clear error if it is not registered as ``kind``."""
    entry = OUTPUTS.get((kind, name))
    if entry is None:
        raise KeyError(f"{kind} {name!r} is not registered; add it with its caption to "
                       f"analysis/build/captions/<notebook>.toml")
    return entry
