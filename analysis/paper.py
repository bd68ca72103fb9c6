"""Parse the paper's Markdown into sections, paragraphs, references and boilerplate.

The paper arrives as Markdown converted from a journal PDF, with the usual
scars: a title and author block before the first section, ``---`` separators,
a corresponding-author e-mail, a non-English repository watermark at the foot
of a page, headings written with bold inside them (``### **Topic**``), and
paragraphs that a page break split in the middle of a sentence. This module
turns it into four tables and accounts for every non-blank input line:

``sections``
    section_id, order, level, heading, parent_id, n_paragraphs, n_source_words, line
``paragraphs``
    paragraph_id, section_id, order, text, n_source_words, lines, n_joins
``references``
    reference_id, order, authors, year, title, text, line
``boilerplate``
    line, kind, text (title, authors, affiliation, dates, separator, keywords,
    email, watermark, figure, front_matter, references_heading)

``n_source_words`` counts whitespace-separated pieces that contain at least
one letter or digit, citations included: a word processor's count of the text
as written. It describes the parsed paper; the study's rates use another count
(``n_words``, see :mod:`analysis.vocabulary`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.build import paths
from analysis.references import reference_entries, reference_table
from analysis.text import BULLET, clean_heading, clean_inline, word_count


class PaperError(ValueError):
    """The paper file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Paper:
    """A parsed paper: its title and four tables (see the module docstring)."""

    source: str
    title: str
    sections: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    boilerplate: pd.DataFrame


SECTION_COLUMNS = ["section_id", "order", "level", "heading", "parent_id", "n_paragraphs",
                   "n_source_words", "line"]
PARAGRAPH_COLUMNS = ["paragraph_id", "section_id", "order", "text", "n_source_words", "lines",
                     "n_joins"]
BOILERPLATE_COLUMNS = ["line", "kind", "text"]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SEPARATOR = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:- ){2,}-|(?:\* ){2,}\*)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATES = re.compile(r"^(?:received|accepted|revised|published|available online)\b", re.I)
_KEYWORDS = re.compile(r"^[*_]*key\s*words?\b", re.I)
_FIGURE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_REFERENCES_HEADING = re.compile(r"^(?:references?|bibliography|works cited|sources|literature)$",
                                 re.I)
_FRONT_HEADING = re.compile(r"^(?:abstract|introduction|background|summary)$", re.I)
_TERMINAL = re.compile(r"(?:[.!?…][\"'”’)\]]*|\))$")


# ---------------------------------------------------------------------------
# Reading the file


def sha256_of(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes.

    Parameters
    ----------
    path : Path or str

    Returns
    -------
    str
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify_checksum(path: Path | str, sums: Path | str | None = None) -> None:
    """Check ``path`` against the ``sha256sum``-format file ``sums``.

    Parameters
    ----------
    path : Path or str
    sums : Path, str or None
        Default ``SHA256SUMS`` beside the paper; if that file does not exist
        (another paper run through the study), nothing is checked.

    Returns
    -------
    None

    Raises
    ------
    PaperError
        If ``sums`` exists but does not list the paper, or lists another checksum.
    """
    path = Path(path)
    sums = Path(sums) if sums is not None else path.parent / "SHA256SUMS"
    if not sums.exists():
        return
    expected = None
    for row in sums.read_text(encoding="utf-8").splitlines():
        parts = row.strip().split(maxsplit=1)
        if len(parts) == 2 and parts[1].lstrip("*") == path.name:
            expected = parts[0].lower()
    if expected is None:
        raise PaperError(f"{path}: not listed in {sums}; add its checksum before parsing it")
    actual = sha256_of(path)
    if actual != expected:
        raise PaperError(
            f"{path}: checksum mismatch: SHA-256 is {actual} but {sums} lists {expected}; "
            "raw data is immutable, restore the file as received"
        )


def read_paper_text(path: Path | str = paths.PAPER) -> str:
    """The paper's text, after checking it exists, matches its checksum and is UTF-8.

    Parameters
    ----------
    path : Path or str, default :data:`analysis.build.paths.PAPER`

    Returns
    -------
    str
        A byte-order mark dropped, Windows or old Mac line endings made ``\\n``.

    Raises
    ------
    PaperError
        If the file is missing, not a regular file, empty, binary or not UTF-8,
        or fails :func:`verify_checksum`.
    """
    path = Path(path)
    if not path.exists():
        raise PaperError(f"{path}: file not found")
    if not path.is_file():
        raise PaperError(f"{path}: not a regular file")
    verify_checksum(path)
    data = path.read_bytes()
    if not data.strip():
        raise PaperError(f"{path}: file is empty")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise PaperError(
            f"{path}: looks binary (NUL byte at offset {offset}); "
            "expected UTF-8 Markdown text"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PaperError(
            f"{path}: bytes at offset {err.start} are not valid UTF-8; "
            "convert the file to UTF-8 first"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_paper(path: Path | str = paths.PAPER) -> Paper:
    """Read, verify and parse a paper (by default, this study's paper).

    Parameters
    ----------
    path : Path or str, default :data:`analysis.build.paths.PAPER`

    Returns
    -------
    Paper
        Its tables as in the module docstring.

    Raises
    ------
    PaperError
        As :func:`read_paper_text` and :func:`parse_markdown`.
    """
    return parse_markdown(read_paper_text(path), source=str(path))


# ---------------------------------------------------------------------------
# Inline text


def _is_blank(line: str) -> bool:
    return not clean_inline(line.replace("&nbsp;", " "))


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def boilerplate_kind(line: str) -> str | None:
    """The kind of boilerplate a non-heading line is, anywhere in the paper.

    Parameters
    ----------
    line : str
        One source line.

    Returns
    -------
    str or None
        "separator", "figure" (an image), "keywords", "dates", "email" (a line of
        at most 20 words with an address), "watermark" (letters mostly not Latin
        script), tested in that order; None for running text.
    """
    stripped = line.strip()
    text = clean_inline(stripped)
    if _SEPARATOR.match(stripped):
        return "separator"
    if _FIGURE.match(stripped):
        return "figure"
    if _KEYWORDS.match(stripped):
        return "keywords"
    if _DATES.match(text):
        return "dates"
    if _EMAIL.search(text) and word_count(text) <= 20:
        return "email"
    if _latin_share(text) < 0.5:
        return "watermark"
    return None


def ends_sentence(text: str) -> bool:
    """True if a paragraph ends like a finished sentence.

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
        True if it ends in ., !, ? or … (closing quotes or brackets may
        follow), or in a closing parenthesis.
    """
    return bool(_TERMINAL.search(text.rstrip()))


def _starts_lowercase(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.islower()


# ---------------------------------------------------------------------------
# Parsing


def _is_title(headings: list[tuple[int, int, str]], first_text_line: int | None) -> bool:
    """The first heading is the paper's title if it opens the file and is not a section name."""
    if len(headings) < 2:
        return False
    line, _, text = headings[0]
    before_text = first_text_line is None or line < first_text_line
    return before_text and not _FRONT_HEADING.match(clean_heading(text))


def parse_markdown(text: str, source: str = "<string>") -> Paper:
    """Parse Markdown text into a :class:`Paper`.

    Parameters
    ----------
    text : str
        The paper's Markdown.
    source : str, default "<string>"
        Names the text in error messages.

    Returns
    -------
    Paper
        Its tables as in the module docstring.

    Raises
    ------
    PaperError
        If the text has no heading, or no body text under any heading.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    headings = []
    first_text_line = None
    for number, line in enumerate(lines, start=1):
        match = _HEADING.match(line.strip())
        if match:
            headings.append((number, len(match.group(1)), match.group(2)))
        elif first_text_line is None and not _is_blank(line):
            first_text_line = number
    if not headings:
        raise PaperError(f"{source}: no Markdown headings found (expected lines starting with '#')")
    title_line = headings[0][0] if _is_title(headings, first_text_line) else None

    title = ""
    boilerplate: list[dict] = []
    sections: list[dict] = []
    blocks: dict[str, list[list[tuple[int, str]]]] = {}
    reference_lines: list[tuple[int, str]] = []
    stack: list[dict] = []
    current: dict | None = None
    block: list[tuple[int, str]] = []
    references_level: int | None = None

    def close_block() -> None:
        nonlocal block
        if block and current is not None:
            blocks[current["section_id"]].append(block)
        block = []

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if _is_blank(line):
            close_block()
            if references_level is not None:
                reference_lines.append((number, ""))
            continue
        match = _HEADING.match(line)
        if match:
            close_block()
            level, heading = len(match.group(1)), clean_heading(match.group(2))
            if number == title_line:
                title = heading
                boilerplate.append({"line": number, "kind": "title", "text": line})
                continue
            if references_level is not None and level > references_level:
                reference_lines.append((number, clean_heading(match.group(2))))
                continue
            if _REFERENCES_HEADING.match(heading):
                references_level = level
                current = None
                boilerplate.append({"line": number, "kind": "references_heading", "text": line})
                continue
            references_level = None
            while stack and stack[-1]["level"] >= level:
                stack.pop()
            current = {
                "section_id": f"S{len(sections) + 1:02d}",
                "order": len(sections) + 1,
                "level": level,
                "heading": heading,
                "parent_id": stack[-1]["section_id"] if stack else "",
                "line": number,
            }
            sections.append(current)
            stack.append(current)
            blocks[current["section_id"]] = []
            continue
        kind = boilerplate_kind(line)
        if kind is None and current is None and references_level is None:
            if "<sup>" in line:
                kind = "affiliation" if line.startswith("<sup>") else "authors"
            else:
                kind = "front_matter"
        if kind is not None:
            boilerplate.append({"line": number, "kind": kind, "text": line})
            continue
        if references_level is not None:
            reference_lines.append((number, line))
            continue
        if BULLET.match(line):
            close_block()
        block.append((number, line))
    close_block()

    paragraphs = _paragraphs(sections, blocks)
    if paragraphs.empty:
        raise PaperError(f"{source}: has headings but no body text under any of them")
    section_table = _section_table(sections, paragraphs)
    references = reference_table(reference_entries(reference_lines))
    boilerplate_table = pd.DataFrame(boilerplate, columns=BOILERPLATE_COLUMNS)
    return Paper(source, title, section_table, paragraphs, references, boilerplate_table)


def _paragraphs(sections: list[dict], blocks: dict[str, list[list[tuple[int, str]]]]
                ) -> pd.DataFrame:
    """Join each section's blocks into paragraphs, rejoining page-break splits.

    A block is appended to the one before it, in the same section, when that
    one does not end a sentence or this one starts in lower case: the two
    signs that a page break cut a sentence in two.
    """
    rows = []
    for section in sections:
        merged: list[dict] = []
        for block in blocks[section["section_id"]]:
            text = clean_inline(" ".join(part for _, part in block))
            numbers = [number for number, _ in block]
            if merged and (not ends_sentence(merged[-1]["text"]) or _starts_lowercase(text)):
                merged[-1]["text"] = f"{merged[-1]['text']} {text}"
                merged[-1]["numbers"] += numbers
                merged[-1]["n_joins"] += 1
            else:
                merged.append({"text": text, "numbers": numbers, "n_joins": 0})
        for paragraph in merged:
            rows.append({
                "paragraph_id": f"P{len(rows) + 1:03d}",
                "section_id": section["section_id"],
                "order": len(rows) + 1,
                "text": paragraph["text"],
                "n_source_words": word_count(paragraph["text"]),
                "lines": " ".join(str(n) for n in paragraph["numbers"]),
                "n_joins": paragraph["n_joins"],
            })
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def _section_table(sections: list[dict], paragraphs: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(sections, columns=[c for c in SECTION_COLUMNS
                                            if c not in ("n_paragraphs", "n_source_words")])
    sizes = paragraphs.groupby("section_id").agg(n_paragraphs=("paragraph_id", "size"),
                                                  n_source_words=("n_source_words", "sum"))
    table = table.join(sizes, on="section_id")
    counts = ["n_paragraphs", "n_source_words"]
    table[counts] = table[counts].fillna(0).astype(int)
    return table[SECTION_COLUMNS]
