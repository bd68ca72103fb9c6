"""Every path the study reads or writes, relative to the repository root.

Functions take paths as parameters with these as defaults, so the same code
runs on another paper; notebooks never spell out ``'../data'``.

Three environment variables, set by ``make PAPER=... OUT=...`` through
:mod:`analysis.build.run_notebook`, point the whole study at another paper:
``STUDY_PAPER`` replaces the paper, ``STUDY_CONFIG`` names its study
configuration (none: the engine's data-driven defaults), and ``STUDY_OUT``
moves every generated table and figure under that folder, leaving the
study's own outputs untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "analysis"
DATA = ROOT / "data"
RAW = DATA / "raw"
LEXICONS = DATA / "lexicons"
NOTEBOOKS = ROOT / "notebooks"

#: This study's configuration: its paper, curated term lists, lexicons, stated focus.
STUDY_CONFIG = ROOT / "study.toml"
#: The paper this study is about, as received (immutable, checksummed).
STUDY_PAPER = RAW / "soleimani-national-security-2024.md"

_paper = os.environ.get("STUDY_PAPER", "")
_out = os.environ.get("STUDY_OUT", "")
_config = os.environ.get("STUDY_CONFIG", None)
#: The paper being analysed: the study's paper unless ``STUDY_PAPER`` names another.
PAPER = Path(_paper).resolve() if _paper else STUDY_PAPER
#: The configuration in force: ``STUDY_CONFIG`` if set (an empty value means none),
#: else the study's own configuration when the paper is the study's own.
CONFIG: Path | None = (Path(_config).resolve() if _config else None) if _config is not None \
    else (STUDY_CONFIG if not _paper else None)
#: Where outputs go for a run on another paper (None for the study itself).
OUT = Path(_out).resolve() if _out else None
PROCESSED = OUT / "processed" if OUT else DATA / "processed"
FIGURES = OUT / "figures" if OUT else ROOT / "figures"
