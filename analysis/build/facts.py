"""Facts: the quantities the study's text quotes, written by the notebooks that compute them.

Every number, ranking or comparison in a caption, the appendix or the README
comes from a fact or a declared setting, never from typed text (the habit of
showyourwork's ``\\variable``). A notebook computes its facts with package
functions from the tables it made and saves them with :func:`save_facts`;
captions are templates (``{paper_words:,}``, ``{MAJOR_MIN_WORDS}``) rendered
by :func:`render` when they are shown or written into the appendix. A
placeholder with no fact or setting behind it is an error, so text cannot
drift from the data.

Facts are stored as ``<processed>/facts/<notebook>.json``: one JSON object,
names sorted, written atomically and only when it changes. Names are unique
across notebooks (lower case); settings are the upper-case names of
:mod:`analysis.settings`.
"""

from __future__ import annotations

import json
import math
import string
from collections.abc import Mapping
from pathlib import Path

from analysis.build import paths
from analysis.build.outputs import write_text

#: Types a fact may have.
FACT_TYPES = (bool, int, float, str)


class FactError(ValueError):
    """A fact is missing, duplicated or of the wrong kind; the message names it."""


def facts_path(notebook: str, out_dir: Path | str | None = None) -> Path:
    """Where a notebook's facts are saved."""
    return Path(out_dir if out_dir is not None else paths.PROCESSED) / "facts" / f"{notebook}.json"


def _plain(name: str, value):
    if hasattr(value, "item") and not isinstance(value, str):  # NumPy scalars
        value = value.item()
    if isinstance(value, list | tuple):
        return [_plain(name, v) for v in value]
    if not isinstance(value, FACT_TYPES) and value is not None:
        raise FactError(f"fact {name!r} is a {type(value).__name__}; facts are numbers, "
                        "strings, booleans, None or lists of them")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def save_facts(notebook: str, facts: Mapping[str, object],
               out_dir: Path | str | None = None) -> None:
    """Save a notebook's facts (replacing the ones it saved before).

    Parameters
    ----------
    notebook : str
        The notebook's stem (``"02_term_frequency"``).
    facts : mapping of str to value
        Lower-case names to numbers, strings, booleans, None (a quantity that
        could not be measured) or lists of them. NaN is stored as None.
    out_dir : Path or str, optional
        The processed-data folder (default: the one in force).

    Nothing is returned, so that a notebook ending with this call shows no
    output (a path would carry the machine's folder into the stored notebook).

    Raises
    ------
    FactError
        For a name that is not lower case or a value of another type.
    """
    clean = {}
    for name in sorted(facts):
        if not name.isidentifier() or name != name.lower():
            raise FactError(f"fact name {name!r} must be a lower-case identifier")
        clean[name] = _plain(name, facts[name])
    path = facts_path(notebook, out_dir)
    write_text(path, json.dumps(clean, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def load_facts(out_dir: Path | str | None = None) -> dict[str, object]:
    """Every notebook's facts, merged; a name saved by two notebooks is an error."""
    folder = Path(out_dir if out_dir is not None else paths.PROCESSED) / "facts"
    merged: dict[str, object] = {}
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        for name, value in json.loads(path.read_text(encoding="utf-8")).items():
            if name in merged:
                raise FactError(f"fact {name!r} is saved by both {owner[name]} and {path.stem}")
            merged[name], owner[name] = value, path.stem
    return merged


def placeholders(template: str) -> list[str]:
    """The names a template refers to (``{name}`` or ``{name:format}``), in order."""
    return [field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field]


def namespace(facts: Mapping[str, object] | None = None) -> dict[str, object]:
    """Facts and declared settings, the names a template may use."""
    from analysis import settings

    names = {s.name: s.value for s in settings.declared()}
    names.update(facts if facts is not None else {})
    return names


def render(template: str, facts: Mapping[str, object] | None = None, where: str = "") -> str:
    """Fill a template from facts and settings.

    Parameters
    ----------
    template : str
        Text with ``{name}`` or ``{name:format}`` placeholders (``{{`` for a brace).
    facts : mapping, optional
        The facts in force (default: :func:`load_facts`).
    where : str
        What the template is (a caption's name), for the error message.

    Returns
    -------
    str

    Raises
    ------
    FactError
        If a placeholder names no fact or setting, or a fact was not measured (None).
    """
    names = namespace(load_facts() if facts is None else facts)
    for name in placeholders(template):
        if name not in names:
            raise FactError(f"{where or 'template'}: {{{name}}} is neither a saved fact nor a "
                            "declared setting")
        if names[name] is None:
            raise FactError(f"{where or 'template'}: fact {name!r} was not measured on this "
                            "paper; say so instead of quoting it")
    return template.format_map(names)
