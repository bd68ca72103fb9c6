"""Parse a paper's Markdown into sections, paragraphs, references and the text set aside.

The paper is read with pandoc's Markdown reader through its JSON AST
(:mod:`analysis.markdown_ast`; ``pypandoc-binary`` ships the binary on PyPI).
Why pandoc: on the study's paper and the real papers of ``tests/papers``
(``tests/papers/PARSERS.md``) it is the only parser that reads every construct
scholarly Markdown uses (YAML metadata, heading attributes such as
``## References {.page_break_before}``, fenced and indented code, pipe, grid
and HTML tables, footnotes, raw HTML, figures with ``{#fig:…}``, and pandoc
and Manubot citations), while the line regular expressions it replaced took
``#`` lines in code for headings, code, tables and URLs for body text, and
missed YAML titles. Line numbers come from a second, position-keeping pass
(see :mod:`analysis.markdown_ast`).

On the parsed blocks the study's own clean-up runs (its rules, and the
reasons for each, are in :mod:`analysis.cleanup`): the title and metadata are
read, front matter, back matter, boilerplate and what is not prose (code,
tables, raw HTML, captions, footnotes, URLs) are set aside line by line and
counted, prose before the first heading becomes an opening section (heading
:data:`OPENING`), page-break splits are rejoined and a run-in heading split
off its sentence is read back into it.

Paragraph text keeps in-text citations as written (``[@key]``, ``[-@key]``,
``@key``, ``[@doi:…]``, ``[1]``, ``[wilson2014]``, ``[[key](#key)]`` read as
``[key]``, ``(Buzan, 1991)``) for :func:`analysis.citations.citation_brackets`.
The reference list is read from its source lines by
:func:`analysis.references.reference_entries`.

Tables of a :class:`Paper`:

``sections``
    section_id, order, level, heading, parent_id, n_paragraphs, n_source_words, line
``paragraphs``
    paragraph_id, section_id, order, text, n_source_words, lines, n_joins, run_in
``references``
    reference_id, order, authors, year, title, text, line
``boilerplate``
    line, kind, text: one row per source line set aside (a footnote or a URL:
    one row each), kinds as in :data:`analysis.cleanup.SET_ASIDE_KINDS`.

``n_source_words`` counts whitespace-separated pieces that contain at least
one letter or digit, citations included: a word processor's count of the text
as written (``n_words``, the study's denominator, is in :mod:`analysis.vocabulary`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import markdown_ast
from analysis.build import paths
from analysis.cleanup import (
    CROSS_REFERENCE,
    CROSS_REFERENCE_IN_TEXT,
    QUIET_KINDS,
    boilerplate_kind,
    ends_sentence,
    find_bibliography,
    footnote_line,
    heading_kind,
    is_references_heading,
    is_section_name,
    language_problem,
    metadata_lines,
    paper_metadata,
    starts_mid_sentence,
)
from analysis.references import reference_entries, reference_table
from analysis.text import clean_inline, word_count


class PaperError(ValueError):
    """The paper file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Paper:
    """A parsed paper: title, metadata, bibliography file and four tables (module docstring)."""

    source: str
    title: str
    sections: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    boilerplate: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    bibliography: Path | None = None


SECTION_COLUMNS = ["section_id", "order", "level", "heading", "parent_id", "n_paragraphs",
                   "n_source_words", "line"]
PARAGRAPH_COLUMNS = ["paragraph_id", "section_id", "order", "text", "n_source_words", "lines",
                     "n_joins", "run_in"]
BOILERPLATE_COLUMNS = ["line", "kind", "text"]
#: The heading given to body text before the first heading.
OPENING = "(before the first heading)"
_NOTE_MARK = re.compile(r"\[\^\d+\]")
_TEXT_KINDS = {"para", "plain", "line_block", "term"}


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
            "raw data is immutable, restore the file as received")


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
        raise PaperError(f"{path}: looks binary (NUL byte at offset {offset}); "
                         "expected UTF-8 Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PaperError(f"{path}: bytes at offset {err.start} are not valid UTF-8; "
                         "convert the file to UTF-8 first") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_paper(path: Path | str = paths.PAPER) -> Paper:
    """Read, verify and parse a paper (by default, the paper in force).

    Parameters
    ----------
    path : Path or str, default :data:`analysis.build.paths.PAPER`

    Returns
    -------
    Paper
        Its tables as in the module docstring, and its bibliography file if it has one.

    Raises
    ------
    PaperError
        As :func:`read_paper_text` and :func:`parse_markdown`.
    """
    paper = parse_markdown(read_paper_text(path), source=str(path))
    return dataclasses.replace(paper, bibliography=find_bibliography(path, paper.metadata))


# ---------------------------------------------------------------------------
# Parsing


class _Parse:
    """One walk over the blocks of a document, writing the Paper's tables."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.split("\n")
        self.doc = markdown_ast.parse(text)
        self.aside: list[dict] = []
        self.lines_aside: set[int] = set()
        self.current: dict | None = None  # the section being read
        self.stack: list[dict] = []  # its ancestors
        self.refs_level = self.aside_level = None  # inside the reference list or back matter
        self.aside_kind = ""
        self.last: dict | None = None  # a paragraph that may still be joined to
        self.term = None  # a definition-list term waiting for its definition
        self.sections: list[dict] = []
        self.paragraphs: list[dict] = []
        self.reference_lines: list[tuple[int, str]] = []

    # -- lines ---------------------------------------------------------------

    def span(self, row) -> list[int]:
        """The non-blank source lines of a block ([] if its lines are unknown)."""
        if pd.isna(row.line):
            return []
        last = int(row.end_line) if not pd.isna(row.end_line) else int(row.line)
        return [n for n in range(int(row.line), last + 1)
                if self.lines[n - 1].strip(" \t\u00a0")]

    def set_aside(self, kind: str, row=None, text: str | None = None, line=None) -> None:
        """Set a block aside, one row per source line (or one row if its lines are unknown)."""
        numbers = self.span(row) if row is not None and text is None else []
        if numbers:
            self.aside += [{"line": n, "kind": kind, "text": self.lines[n - 1].strip()}
                           for n in numbers if n not in self.lines_aside]
            self.lines_aside.update(numbers)
        else:
            first = line if line is not None else (row.line if row is not None else pd.NA)
            shown = text if text is not None else " ".join(str(row.text).split())
            self.aside.append({"line": first, "kind": kind, "text": shown})

    # -- the walk ------------------------------------------------------------

    def title_block(self, blocks: pd.DataFrame, meta_title: str) -> str | None:
        """The block id of the title heading, if the title is written as one."""
        headings = blocks[blocks["kind"] == "heading"]
        if headings.empty:
            return None
        first = headings.iloc[0]
        if meta_title:
            return first.block_id if first.text.lower() == meta_title.lower() else None
        before = blocks[blocks["order"] < first.order]
        prose = before[before["kind"].isin(_TEXT_KINDS) & before["text"].ne("")]
        named = is_section_name(first.text)
        return first.block_id if len(headings) >= 2 and prose.empty and not named else None

    def run(self) -> tuple[str, dict[str, Any]]:
        blocks = self.doc.blocks
        meta = dict(self.doc.meta)
        self.aside += [{"line": n, "kind": "metadata", "text": self.lines[n - 1].strip()}
                       for n in metadata_lines(self.lines) if meta]
        self.title = str(meta.get("title", "")).strip()
        self.title_id = self.title_block(blocks, self.title)
        self.check_language(blocks)
        self.top_level = min(blocks.loc[blocks["kind"] == "heading", "level"], default=1)
        for row in blocks[blocks["kind"] != "footnote"].itertuples():
            if row.kind != "term" and self.term is not None and (
                    "definition_list" not in row.container or row.kind not in _TEXT_KINDS):
                self.set_aside("label", self.term)  # a term with no definition to lead
                self.term = None
            if row.kind == "heading":
                self.heading(row)
            elif self.refs_level is not None:
                self.reference_block(row)
            elif self.aside_level is not None:
                self.set_aside(self.aside_kind, row)
            elif row.kind == "term" and self.current is not None:
                self.term = row  # read as the run-in lead of its definition
            else:
                self.body_block(row)
        if self.term is not None:
            self.set_aside("label", self.term)
        taken: set[int] = set()
        for note in blocks[blocks["kind"] == "footnote"].itertuples():
            text = " ".join(f"{note.text} {note.urls} {note.code}".split())
            self.set_aside("footnote", text=text, line=footnote_line(self.lines, text, taken))
        return self.title, meta

    def heading(self, row) -> None:
        """A heading: the title, a reference-list or back-matter heading, or a new section."""
        self.last = None
        if row.block_id == self.title_id:
            self.title = self.title or row.text
            self.set_aside("title", row)
        elif self.refs_level is not None and row.level > self.refs_level:
            self.reference_block(row)
        elif self.aside_level is not None and row.level > self.aside_level:
            self.set_aside(self.aside_kind, row)
        else:
            self.refs_level = self.aside_level = None
            kind = heading_kind(row.text)
            if is_references_heading(row.text) or row.identifier == "refs":
                self.refs_level, self.current = row.level, None
                self.set_aside("references_heading", row)
            elif kind is not None:
                self.aside_level, self.aside_kind, self.current = row.level, kind, None
                self.set_aside(kind, row)
            else:
                while self.stack and self.stack[-1]["level"] >= row.level:
                    self.stack.pop()
                self.current = self.new_section(row.level, row.text, row.line,
                                                self.stack[-1]["section_id"] if self.stack
                                                else "")
                self.stack.append(self.current)

    def body_block(self, row) -> None:
        """A block outside the reference list and back matter: set aside, or body text."""
        kind = self.block_kind(row, self.current is None)
        if kind is not None:
            self.set_aside(kind, row)
            if kind not in QUIET_KINDS:
                self.last = None
            return
        text = " ".join(CROSS_REFERENCE_IN_TEXT.sub("", _NOTE_MARK.sub("", row.text)).split())
        if not text:
            return
        if self.current is None:
            self.current = self.new_section(self.top_level, OPENING, row.line, "")
        lead = ""
        if self.term is not None:
            lead, self.term = " ".join(self.term.text.split()), None
        self.last = self.add_paragraph(row, text, self.current, self.last, lead)

    def check_language(self, blocks: pd.DataFrame) -> None:
        """Refuse a paper whose prose is mostly not in Latin script, or not English."""
        prose = blocks[blocks["kind"].isin(_TEXT_KINDS | {"heading"})]
        problem = language_problem(" ".join(prose["text"]))
        if problem is not None:
            raise PaperError(f"{self.source}: {problem}")

    def block_kind(self, row, front: bool) -> str | None:
        """What a non-heading block outside the reference list is set aside as (None: body)."""
        if row.kind == "rule":
            return "separator"
        if row.kind in ("code", "table", "figure"):
            return row.kind
        if row.kind == "raw":
            return "latex" if row.classes in ("latex", "tex") else "html"
        if "html" in row.container.split("/"):
            return "html"
        text = " ".join(row.text.split())
        if not text:
            return "url" if row.urls else ("figure" if "image" in row.tags.split() else None)
        if row.emphasis and word_count(text) <= 12 and not ends_sentence(text):
            return "label"
        if CROSS_REFERENCE.match(text):
            return "figure"
        kind = boilerplate_kind(text, row.urls)
        if kind is not None or not front:
            return kind
        if "sup" in row.tags.split():
            raw = self.lines[int(row.line) - 1].strip() if not pd.isna(row.line) else ""
            return "affiliation" if raw.startswith("<sup>") else "authors"
        if row.container or row.tags or row.emphasis or row.kind != "para" \
                or not ends_sentence(text) or word_count(text) < 8:
            return "front_matter"
        return None

    def reference_block(self, row) -> None:
        """A block of the reference list: its source lines go to the entries."""
        text = " ".join(row.text.split())
        if row.kind in ("raw", "code", "rule", "table", "figure") \
                or "html" in row.container.split("/"):
            self.set_aside({"rule": "separator", "code": "code", "table": "table",
                            "figure": "figure"}.get(row.kind, "html"), row)
        elif text.startswith("[@") and re.match(r"^\[@[^\]]+\]:", text):
            self.set_aside("citation_tags", row)
        elif row.kind == "heading":
            self.reference_lines += [(n, clean_inline(self.lines[n - 1])) for n in self.span(row)]
            self.reference_lines.append((0, ""))
        elif text:
            numbers = self.span(row)
            if numbers:
                self.reference_lines += [(n, self.lines[n - 1].strip()) for n in numbers]
            else:
                bullet = "- " if "list" in row.container else ""
                self.reference_lines += [(pd.NA, bullet + ln) for ln in row.text.split("\n")]
            self.reference_lines.append((0, ""))

    def new_section(self, level: int, heading: str, line, parent: str) -> dict:
        section = {"section_id": f"S{len(self.sections) + 1:02d}",
                   "order": len(self.sections) + 1, "level": int(level), "heading": heading,
                   "parent_id": parent, "line": line, "fresh": True}
        self.sections.append(section)
        return section

    def add_paragraph(self, row, text: str, section: dict, last: dict | None,
                      lead: str = "") -> dict | None:
        """Add a body paragraph, joining it to the one before across a page break.

        ``lead`` (a definition-list term) is read as its run-in first words. Returns the
        paragraph a later one may still be joined to (None if none may).
        """
        numbers = self.span(row)
        top = row.kind == "para" and row.container == ""
        if top and last is not None and last["section_id"] == section["section_id"] and (
                not ends_sentence(last["text"]) and not last["text"].endswith(":")
                or starts_mid_sentence(text)) and not last["emphasis"]:
            last["text"] = f"{last['text']} {text}"
            last["numbers"] += numbers
            last["n_joins"] += 1
            return last
        run_in = bool(lead)
        if lead:
            text = f"{lead} {text}"
        elif section.pop("fresh", False) and section["heading"] != OPENING and top \
                and starts_mid_sentence(text) and not re.search(r"[.:?!]$", section["heading"]):
            text, run_in = f"{section['heading']} {text}", True
        paragraph = {"section_id": section["section_id"], "text": text, "numbers": numbers,
                     "n_joins": 0, "run_in": run_in, "emphasis": bool(row.emphasis)}
        self.paragraphs.append(paragraph)
        for url in row.urls.split():
            self.set_aside("url", text=url, line=row.line)
        for piece in [*row.code.split("\n"), *CROSS_REFERENCE_IN_TEXT.findall(row.text)]:
            if piece:
                self.set_aside("inline_code", text=piece, line=row.line)
        return paragraph if top else None


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
        Its tables as in the module docstring (no bibliography: see :func:`load_paper`).

    Raises
    ------
    PaperError
        If the text has no heading, no body text, or is not English.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    try:
        parse = _Parse(text, source)
    except markdown_ast.MarkdownError as err:
        raise PaperError(f"{source}: {err}") from None
    if not (parse.doc.blocks["kind"] == "heading").any():
        raise PaperError(f"{source}: no Markdown headings found (expected lines starting with '#')")
    title, meta = parse.run()
    if not parse.paragraphs:
        raise PaperError(f"{source}: has headings but no body text under any of them")
    paragraphs = pd.DataFrame([
        {"paragraph_id": f"P{i:03d}", "section_id": p["section_id"], "order": i,
         "text": p["text"], "n_source_words": word_count(p["text"]),
         "lines": " ".join(str(n) for n in p["numbers"]), "n_joins": p["n_joins"],
         "run_in": p["run_in"]}
        for i, p in enumerate(parse.paragraphs, start=1)], columns=PARAGRAPH_COLUMNS)
    sections = pd.DataFrame(parse.sections).drop(columns="fresh", errors="ignore")
    sizes = paragraphs.groupby("section_id").agg(n_paragraphs=("paragraph_id", "size"),
                                                  n_source_words=("n_source_words", "sum"))
    sections = sections.join(sizes, on="section_id")
    sections[["n_paragraphs", "n_source_words"]] = sections[
        ["n_paragraphs", "n_source_words"]].fillna(0).astype(int)
    sections["line"] = sections["line"].astype("Int64")
    aside = pd.DataFrame(parse.aside, columns=BOILERPLATE_COLUMNS)
    aside["line"] = aside["line"].astype("Int64")
    aside = aside.sort_values("line", kind="stable", na_position="last").reset_index(drop=True)
    references = reference_table(reference_entries(parse.reference_lines))
    return Paper(source, title, sections[SECTION_COLUMNS], paragraphs, references, aside,
                 paper_metadata(meta, title, aside))
