"""Every path the study reads or writes, relative to the repository root.

Functions take paths as parameters with these as defaults, so the same code
runs on another paper; notebooks never spell out ``'../data'``. The study's
own paper is not named here: it is the one its configuration ``study.toml``
names (``[paper] path``), like any paper's.

Three environment variables, set by ``make PAPER=... OUT=...`` through
:mod:`analysis.build.run_notebook`, point the whole study at another paper:
``STUDY_PAPER`` replaces the paper, ``STUDY_CONFIG`` names its study
configuration (empty: none, the engine's data-driven defaults), and
``STUDY_OUT`` moves every generated table and figure under that folder,
leaving the study's own outputs untouched.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "analysis"
DATA = ROOT / "data"
RAW = DATA / "raw"
LEXICONS = DATA / "lexicons"
NOTEBOOKS = ROOT / "notebooks"
#: Where runs on other papers go when OUT is inside the repository (ignored by git).
RUNS = ROOT / "runs"

#: This study's configuration: its paper, curated term lists, lexicons, stated focus.
STUDY_CONFIG = ROOT / "study.toml"


def configured_paper(config: Path) -> Path | None:
    """The paper a study configuration names (``[paper] path``), resolved, or None.

    Parameters
    ----------
    config : Path
        A study configuration file (TOML); it is not checked here
        (:func:`analysis.config.load_config` does that).

    Returns
    -------
    Path or None
        None if the file does not exist, cannot be read or names no paper.
    """
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    paper = data.get("paper", {}).get("path") if isinstance(data.get("paper"), dict) else None
    return (config.parent / paper).resolve() if isinstance(paper, str) and paper else None


#: The paper this study is about, as its configuration names it (immutable, checksummed);
#: None if ``study.toml`` names none.
STUDY_PAPER: Path | None = configured_paper(STUDY_CONFIG)

_paper = os.environ.get("STUDY_PAPER", "")
_out = os.environ.get("STUDY_OUT", "")
_config = os.environ.get("STUDY_CONFIG", None)
#: The paper being analysed: the study's paper unless ``STUDY_PAPER`` names another.
PAPER: Path | None = Path(_paper).resolve() if _paper else STUDY_PAPER
#: The configuration in force: ``STUDY_CONFIG`` if set (an empty value means none),
#: else the study's own configuration when no other paper is named.
CONFIG: Path | None = (Path(_config).resolve() if _config else None) if _config is not None \
    else (STUDY_CONFIG if not _paper else None)
#: Where outputs go for a run on another paper (None for the study itself).
OUT = Path(_out).resolve() if _out else None
PROCESSED = OUT / "processed" if OUT else DATA / "processed"
FIGURES = OUT / "figures" if OUT else ROOT / "figures"
