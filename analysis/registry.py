"""The registry of every figure and table the study publishes.

Each output has one entry here: its name (the file stem), a caption that says
what it shows, in which unit, over which corpus and with which parameters, the
notebook that makes it, and for figures the journal column width. Captions
live here, once, and the methods appendix is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Output:
    """One registered figure or table."""

    name: str
    caption: str
    notebook: str
    kind: Literal["figure", "table"] = "figure"
    width: Literal["single", "double"] = "single"


_ENTRIES = [
    # -- 01_corpus ----------------------------------------------------------
    Output("words_per_section",
           "Words per section of the paper, in reading order. Bars are body words "
           "(whitespace tokens with a letter or digit) under each heading, excluding "
           "subsections; headings are indented by level. Front matter, watermark lines "
           "and the reference list are excluded.",
           "01_corpus", width="double"),
    Output("sections",
           "Sections of the paper in reading order: heading level, parent, number of "
           "paragraphs after page-break splits were rejoined, and body words.",
           "01_corpus", kind="table"),
    # -- 02_term_frequency ---------------------------------------------------
    # -- 03_keyness_and_context ----------------------------------------------
    # -- 04_topic_models -----------------------------------------------------
    # -- 05_discourse --------------------------------------------------------
    # -- 06_citations_and_reuse ----------------------------------------------
]

OUTPUTS: dict[str, Output] = {entry.name: entry for entry in _ENTRIES}
if len(OUTPUTS) != len(_ENTRIES):
    raise RuntimeError("analysis.registry: an output name is registered twice")


def figures() -> list[Output]:
    """Registered figures in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "figure"]


def tables() -> list[Output]:
    """Registered tables in registry order."""
    return [o for o in OUTPUTS.values() if o.kind == "table"]


def get(name: str, kind: str = "figure") -> Output:
    """The registry entry called ``name``; a clear error if it is not registered."""
    entry = OUTPUTS.get(name)
    if entry is None or entry.kind != kind:
        raise KeyError(f"{kind} {name!r} is not registered in analysis/registry.py; "
                       "add it there with its caption and notebook")
    return entry
