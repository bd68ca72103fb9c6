"""Every path the study reads or writes, relative to the repository root.

Functions take paths as parameters with these as defaults, so the same code
runs on another paper; notebooks import paths from here and never spell out
``'../data'``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
LEXICONS = DATA / "lexicons"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"

#: The paper this study is about, as received (immutable, checksummed).
PAPER = RAW / "soleimani-national-security-2024.md"
#: ``sha256sum``-format checksums of everything in ``data/raw``.
SHA256SUMS = RAW / "SHA256SUMS"
