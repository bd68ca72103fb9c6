"""Every path the study reads or writes, relative to the repository root.

Functions take paths as parameters with these as defaults, so the same code
runs on another paper; notebooks import paths from here and never spell out
``'../data'``.

Two environment variables, set by ``make PAPER=... OUT=...`` through
:mod:`analysis.run_notebook`, point the whole study at another paper:
``STUDY_PAPER`` replaces the paper, and ``STUDY_OUT`` moves every generated
table and figure under that folder, leaving the study's own outputs untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
LEXICONS = DATA / "lexicons"
NOTEBOOKS = ROOT / "notebooks"

#: The paper this study is about, as received (immutable, checksummed).
STUDY_PAPER = RAW / "soleimani-national-security-2024.md"
#: ``sha256sum``-format checksums of everything in ``data/raw``.
SHA256SUMS = RAW / "SHA256SUMS"

_paper = os.environ.get("STUDY_PAPER", "")
_out = os.environ.get("STUDY_OUT", "")
#: The paper being analysed: the study's paper unless ``STUDY_PAPER`` names another.
PAPER = Path(_paper).resolve() if _paper else STUDY_PAPER
#: Where outputs go for a run on another paper (None for the study itself).
OUT = Path(_out).resolve() if _out else None
PROCESSED = OUT / "processed" if OUT else DATA / "processed"
FIGURES = OUT / "figures" if OUT else ROOT / "figures"
