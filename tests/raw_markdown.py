"""Raw Markdown of the test papers, cut the way a parser would hand it over (for tests only).

Until the study's parser reads these papers, the citation tests take their
paragraphs and reference lines straight from the file: the YAML front matter,
fenced code blocks and HTML comments are dropped, the body runs from the end
of the front matter to the reference heading, and a paragraph is a block of
lines between blank lines, joined with spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

PAPERS = Path(__file__).parent / "papers"

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*(?:\{[^}]*\})?\s*#*\s*$")
_REFERENCES = re.compile(r"^(?:references?|bibliography|works cited)$", re.I)


def _body(text: str) -> str:
    if text.startswith("---"):
        end = re.search(r"^(?:---|\.\.\.)\s*$", text[3:], re.M)
        text = text[3 + end.end():] if end else text
    return _COMMENT.sub("", _FENCE.sub("", text))


def split(path: Path | str) -> tuple[list[str], list[tuple[int, str]]]:
    """(body paragraphs, reference-section lines) of a Markdown paper."""
    lines = _body(Path(path).read_text(encoding="utf-8")).splitlines()
    body: list[str] = []
    references: list[tuple[int, str]] = []
    block: list[str] = []
    in_refs, ref_level = False, 0
    for number, line in enumerate(lines, start=1):
        heading = _HEADING.match(line)
        if heading:
            level = len(line) - len(line.lstrip("#"))
            if in_refs and level <= ref_level:
                in_refs = False
            if _REFERENCES.match(heading.group(1).strip("*_ ")):
                in_refs, ref_level = True, level
            if block:
                body.append(" ".join(block))
                block = []
            continue
        if in_refs:
            references.append((number, line))
            continue
        if not line.strip():
            if block:
                body.append(" ".join(block))
            block = []
        else:
            block.append(line.strip())
    if block:
        body.append(" ".join(block))
    return body, references


def paragraphs(path: Path | str) -> pd.DataFrame:
    """The body paragraphs as a paragraphs table (paragraph_id, section_id, order, text)."""
    texts = split(path)[0]
    return pd.DataFrame({"paragraph_id": [f"P{i:03d}" for i in range(1, len(texts) + 1)],
                         "section_id": "S01", "order": range(1, len(texts) + 1),
                         "text": texts})
