"""A paper's study configuration: what the study knows about one paper, kept out of the code.

The ``analysis`` package is an engine that knows no particular paper. What is
specific to a paper lives in a TOML file beside it (this study's is
``study.toml`` at the repository root):

``[paper]``
    ``path``: the paper (Markdown), relative to the configuration file. A
    configuration beside a paper (``<paper>.toml`` or ``study.toml``, see
    :func:`analysis.study.find_config`) applies to it; one that names another
    paper is refused.
``[lexicons]``
    Lexicon CSV files to apply, relative to the configuration file:
    ``expressions`` (name variants and multiword expressions merged into one
    term), ``section_labels`` (short labels of headings), ``discourse`` (the
    sectors and frames the paper defines), ``actors`` and ``evaluations``.
    A lexicon not named is not applied.
``[terms]``
    Curated term lists: ``xray`` (the dispersion plot) and ``central``
    (concordances and collocations). On a paper where too few of them occur,
    the paper's most frequent terms are used instead.
``[focus]``
    ``sectors``: the security sectors the paper says it focuses on, with
    ``statement`` (its words) and ``where`` (the section that says so).

A paper without a configuration gets :data:`EMPTY`: no merged expressions,
headings shortened for labels, data-driven term lists, and no dictionary
coding. A configuration that cannot be read is refused with an error naming
the file and the problem.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

#: The lexicons a configuration may name.
LEXICON_KEYS = ("expressions", "section_labels", "discourse", "actors", "evaluations")
#: The curated term lists a configuration may name.
TERM_KEYS = ("xray", "central")


class ConfigError(ValueError):
    """A study configuration cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class StudyConfig:
    """One paper's study configuration (see the module docstring).

    Attributes
    ----------
    source : Path or None
        The configuration file, or None for a paper without one.
    paper : Path or None
        The paper it describes, or None if it names none.
    lexicons : dict of str to Path
        Lexicon files to apply, by key (see :data:`LEXICON_KEYS`).
    terms : dict of str to tuple of str
        Curated term lists, by key (see :data:`TERM_KEYS`).
    focus : tuple of str
        The sectors the paper states as its focus.
    focus_statement : str
        The paper's words stating that focus.
    focus_where : str
        The section where it says so.
    """

    source: Path | None = None
    paper: Path | None = None
    lexicons: dict[str, Path] = field(default_factory=dict)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    focus: tuple[str, ...] = ()
    focus_statement: str = ""
    focus_where: str = ""

    def lexicon(self, key: str) -> Path | None:
        """The path of lexicon ``key``, or None if this configuration does not apply it."""
        if key not in LEXICON_KEYS:
            raise KeyError(f"unknown lexicon {key!r}; one of {', '.join(LEXICON_KEYS)}")
        return self.lexicons.get(key)

    def term_list(self, key: str) -> tuple[str, ...]:
        """The curated term list ``key`` (empty if the configuration gives none)."""
        if key not in TERM_KEYS:
            raise KeyError(f"unknown term list {key!r}; one of {', '.join(TERM_KEYS)}")
        return self.terms.get(key, ())

    def files(self) -> list[Path]:
        """The configuration file and every lexicon it names (what a run depends on)."""
        found = [self.source] if self.source is not None else []
        return found + [self.lexicons[k] for k in LEXICON_KEYS if k in self.lexicons]


#: The configuration of a paper that has none.
EMPTY = StudyConfig()


def _strings(value, where: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: {where} must be a list of non-empty strings")
    return tuple(value)


def _table(data: dict, name: str, keys: tuple[str, ...] | None, path: Path) -> dict:
    """Section ``name`` of the file (empty if absent), refusing a non-table or unknown keys."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table, not a {type(table).__name__}")
    unknown = sorted(set(table) - set(keys)) if keys is not None else []
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [{name}]: {', '.join(unknown)}; "
                          f"known: {', '.join(keys)}")
    return table


def _text(value, where: str, path: Path) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {where} must be a string")
    return value


def load_config(path: Path | str | None, paper: Path | str | None = None) -> StudyConfig:
    """Read and check a study configuration; ``None`` gives :data:`EMPTY`.

    Parameters
    ----------
    path : Path, str or None
        The TOML file.
    paper : Path, str or None
        The paper it is to be applied to: if given, a configuration that names
        another paper is refused.

    Returns
    -------
    StudyConfig
        With every path resolved against the file's folder.

    Raises
    ------
    ConfigError
        If the file is missing, is not UTF-8 TOML, has an unknown section or key or a value
        of the wrong type, names a paper or lexicon file that does not exist, or names
        another paper than ``paper``.
    """
    if path is None:
        return EMPTY
    path = Path(path).resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: study configuration not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot be read as TOML ({err})") from None
    unknown = sorted(set(data) - {"paper", "lexicons", "terms", "focus"})
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)}; "
                          "known: paper, lexicons, terms, focus")
    base = path.parent
    named = _table(data, "paper", ("path",), path).get("path")
    described = None
    if named is not None:
        described = (base / _text(named, "paper.path", path)).resolve()
        if not described.is_file():
            raise ConfigError(f"{path}: [paper] path names {named!r}, which does not exist")
    if paper is not None and described is not None and described != Path(paper).resolve():
        raise ConfigError(f"{path}: describes {described.name}, not {Path(paper).name}; "
                          "give that paper its own configuration (<paper>.toml beside it)")
    lexicons = {}
    for key, value in _table(data, "lexicons", None, path).items():
        if key not in LEXICON_KEYS:
            raise ConfigError(f"{path}: unknown lexicon {key!r}; one of {', '.join(LEXICON_KEYS)}")
        file = (base / _text(value, f"lexicons.{key}", path)).resolve()
        if not file.is_file():
            raise ConfigError(f"{path}: lexicon {key!r} names {value!r}, which does not exist")
        lexicons[key] = file
    terms = {}
    for key, value in _table(data, "terms", None, path).items():
        if key not in TERM_KEYS:
            raise ConfigError(f"{path}: unknown term list {key!r}; one of {', '.join(TERM_KEYS)}")
        terms[key] = _strings(value, f"terms.{key}", path)
    focus = _table(data, "focus", ("sectors", "statement", "where"), path)
    sectors = _strings(focus["sectors"], "focus.sectors", path) if "sectors" in focus else ()
    return StudyConfig(
        source=path, paper=described, lexicons=lexicons, terms=terms, focus=sectors,
        focus_statement=_text(focus.get("statement", ""), "focus.statement", path),
        focus_where=_text(focus.get("where", ""), "focus.where", path))
