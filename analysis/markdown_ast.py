"""Markdown as a flat table of blocks, read through pandoc's JSON AST.

:func:`parse` returns a :class:`MarkdownDocument` with

``meta``
    the YAML metadata block (or pandoc title block) as plain Python values:
    inline values become plain text, lists stay lists, maps stay dicts.
``blocks``
    one row per text-bearing block, in document order, with the columns of
    :data:`BLOCK_COLUMNS`: block_id, order, kind, level, text, identifier,
    classes, attributes, container, parent, n_citations, line, end_line, tags,
    urls, code, emphasis.
``citations``
    one row per cited key (pandoc's ``Cite`` elements), with the columns of
    :data:`CITATION_COLUMNS`: citation_id, block_id, group, position, key,
    mode, prefix, suffix.

Kinds are ``heading``, ``para``, ``plain`` (a paragraph in a tight list or a
table cell), ``term`` (of a definition list), ``code``, ``raw`` (raw HTML or
LaTeX), ``table``, ``figure``, ``rule``, ``line_block`` and ``footnote``.
``container`` names the blocks that enclose a block, outermost first and
joined by ``/`` (``ordered_list``, ``blockquote/bullet_list``; ``html`` for
blocks between an opening and a closing raw HTML tag, such as the items of an
HTML ``<ol>``); top-level body text has an empty container. A footnote's
paragraphs are rows of kind ``footnote`` whose ``parent`` is the block that
holds the note; in that block's text the note is replaced by ``[^n]``, n
counting notes from 1 in document order.

``text`` is the plain text a reader sees (:mod:`analysis.markdown_inline`):
citations in their source form, URLs, addresses, images, ``<sup>`` marks and
inline code that is not a plain word taken out (listed in ``urls`` and
``code``); ``tags`` and ``emphasis`` describe the block's inline markup.

Why pandoc
----------
Tried on the study's paper and on the real papers in ``tests/papers/`` (see
``tests/papers/PARSERS.md`` for the numbers), pandoc's ``markdown`` reader
(through the ``pypandoc-binary`` wheel, which ships the pandoc executable, so
nothing is installed outside PyPI) is the only parser that reads every
construct scholarly Markdown uses: citations (``[@a; @b, p. 3]``, ``@key``,
``[-@key]``, Manubot's ``[@doi:10.1/x]``) as ``Cite`` elements, YAML metadata,
title blocks, heading attributes (``## References {.page_break_before}``),
fenced and indented code (a ``## line`` inside code stays code), pipe, grid
and simple tables, footnotes, definition lists, fenced divs, raw HTML and
LaTeX, and figures with attributes (``{#fig:x}``). markdown-it-py is faster and
gives source lines, but has no citation syntax, leaves heading attributes in
the heading text and turns Manubot's tag definitions into link definitions.

Readers and source lines
------------------------
The ``markdown`` reader (run as ``markdown-smart`` so that quotes and dashes
stay as written) gives ``Cite`` elements but no source positions.
``reader="commonmark_x"`` runs pandoc's CommonMark reader with ``+sourcepos``,
which gives each block its source lines but no ``Cite`` elements and none of
pandoc Markdown's own syntax. With ``lines=True`` and the default reader, the
blocks are also read with ``commonmark_x+sourcepos`` and the two sequences
are aligned on (kind, text) with :class:`difflib.SequenceMatcher`: a block
found in both gets its first and last line (``line``, ``end_line``); a lone
block between two such blocks, or the pieces of a raw HTML region there (which
the readers split differently), get the lines between them; any other gets
``<NA>``. Footnote rows carry the line of their parent block.

Examples
--------
>>> doc = parse("# Results {#sec:res}\\n\\nAs shown [@a; @b, p. 3].\\n")
>>> doc.blocks[["kind", "text", "identifier", "line"]].to_dict("records")[0]
{'kind': 'heading', 'text': 'Results', 'identifier': 'sec:res', 'line': 1}
>>> list(doc.citations["key"])
['a', 'b']
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.markdown_inline import (
    HTML_TAG,
    Inlines,
    block_inlines,
    inline_text,
    is_emphasis,
    meta_value,
)

BLOCK_COLUMNS = ["block_id", "order", "kind", "level", "text", "identifier", "classes",
                 "attributes", "container", "parent", "n_citations", "line", "end_line",
                 "tags", "urls", "code", "emphasis"]
CITATION_COLUMNS = ["citation_id", "block_id", "group", "position", "key", "mode", "prefix",
                    "suffix"]

#: Readers :func:`parse` accepts, and the pandoc input format each one runs.
READERS = {"markdown": "markdown-smart", "commonmark_x": "commonmark_x+sourcepos"}

#: Characters of each line the position pass reads (see :func:`parse`).
POSITION_LINE_CHARS = 2000
#: pandoc citation modes, as named in the citations table.
CITATION_MODES = {"NormalCitation": "normal", "AuthorInText": "author_in_text",
                  "SuppressAuthor": "suppress_author"}

_CONTAINERS = {"BlockQuote": "blockquote", "BulletList": "bullet_list",
               "OrderedList": "ordered_list", "DefinitionList": "definition_list",
               "Div": "div"}
_SOURCEPOS = re.compile(r"(\d+):(\d+)-(\d+):(\d+)")
_SOURCEPOS_KEYS = {"data-pos", "wrapper"}
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}


class MarkdownError(RuntimeError):
    """pandoc could not read the text; the message carries pandoc's own."""


@dataclass(frozen=True)
class MarkdownDocument:
    """A Markdown text read into metadata, blocks and citations (see the module docstring)."""

    reader: str
    meta: dict[str, Any]
    blocks: pd.DataFrame
    citations: pd.DataFrame


# ---------------------------------------------------------------------------
# Running pandoc


def pandoc_ast(text: str, reader: str = "markdown") -> dict[str, Any]:
    """pandoc's JSON AST of ``text`` read with ``reader`` (a key of :data:`READERS`).

    Parameters
    ----------
    text : str
        Markdown source.
    reader : str
        ``"markdown"`` (pandoc Markdown with citations, no positions) or
        ``"commonmark_x"`` (CommonMark with extensions and source positions).

    Returns
    -------
    dict
        The decoded JSON: ``pandoc-api-version``, ``meta`` and ``blocks``.

    Raises
    ------
    MarkdownError
        If pandoc exits with an error.
    """
    import pypandoc  # imported here: the rest of the package runs without it

    if reader not in READERS:
        raise ValueError(f"reader must be one of {sorted(READERS)}, not {reader!r}")
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from", READERS[reader], "--to", "json"],
        input=text.encode("utf-8"), capture_output=True, check=False)
    if done.returncode != 0:
        raise MarkdownError(f"pandoc ({READERS[reader]}) failed: "
                            f"{done.stderr.decode('utf-8', 'replace').strip()}")
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------
# Blocks


Span = tuple[int, int] | None


def _attributes(attr: list[Any]) -> tuple[str, str, str]:
    """identifier, space-joined classes, and sorted ``key=value`` pairs (positions dropped)."""
    identifier, classes, pairs = attr
    kept = sorted(f"{key}={value}" for key, value in pairs if key not in _SOURCEPOS_KEYS)
    return identifier, " ".join(classes), ";".join(kept)


def _source_span(attr: list[Any] | None) -> Span:
    """First and last source line of a ``data-pos`` attribute (commonmark_x+sourcepos)."""
    if not attr:
        return None
    # the last data-pos: pandoc gives a code block in a list item its list's too, first
    for key, value in reversed(attr[2]):
        if key == "data-pos":
            found = _SOURCEPOS.findall(value)
            if found:
                ends = [int(l2) - 1 if int(c2) == 1 and int(l2) > int(l1) else int(l2)
                        for l1, _, l2, c2 in found]
                return min(int(f[0]) for f in found), max(ends)
    return None


def html_depth(raw: str) -> int:
    """Opening minus closing HTML tags in a raw block (void and self-closing tags ignored)."""
    depth = 0
    for closing, name, self_closing in HTML_TAG.findall(_HTML_COMMENT.sub("", raw)):
        if name.lower() in _VOID_TAGS or self_closing:
            continue
        depth += -1 if closing else 1
    return depth


class _Flattener:
    """Walks pandoc blocks depth first and writes one row per text-bearing block."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.cites: list[dict[str, Any]] = []
        self.n_notes = 0

    def add(self, kind: str, text: str, containers: list[str], *, level: int = 0,
            attr: list[Any] | None = None, span: Span = None, parent: str = "",
            inlines: Inlines | None = None, emphasis: bool = False) -> str:
        identifier, classes, attributes = _attributes(attr) if attr else ("", "", "")
        block_id = f"B{len(self.rows) + 1:04d}"
        cites = inlines.cites if inlines else []
        self.rows.append({
            "block_id": block_id, "order": len(self.rows) + 1, "kind": kind, "level": level,
            "text": text, "identifier": identifier, "classes": classes,
            "attributes": attributes, "container": "/".join(containers), "parent": parent,
            "n_citations": sum(len(cite["c"][0]) for cite in cites),
            "line": span[0] if span else None, "end_line": span[1] if span else None,
            "tags": " ".join(inlines.tags) if inlines else "",
            "urls": " ".join(inlines.urls) if inlines else "",
            "code": "\n".join(inlines.code) if inlines else "", "emphasis": emphasis,
        })
        self.cites += [{"block_id": block_id, "cite": cite} for cite in cites]
        return block_id

    def inline_block(self, kind: str, inlines: list[dict[str, Any]], containers: list[str],
                     *, level: int = 0, attr: list[Any] | None = None, span: Span = None,
                     parent: str = "") -> str:
        converter = Inlines()
        converter.n_notes = self.n_notes
        text = converter.text(inlines)
        self.n_notes = converter.n_notes
        block_id = self.add(kind, text, containers, level=level, attr=attr, span=span,
                            parent=parent, inlines=converter, emphasis=is_emphasis(inlines))
        for note in converter.notes:
            self.blocks(note, ["note"], parent=block_id, span=span, note=True)
        return block_id

    def blocks(self, blocks: list[dict[str, Any]], containers: list[str], *, parent: str = "",
               span: Span = None, note: bool = False) -> None:
        depth = 0
        for block in blocks:
            inside = containers + ["html"] if depth > 0 and block["t"] != "RawBlock" \
                else containers
            self.block(block, inside, parent=parent, span=span, note=note)
            if block["t"] == "RawBlock" and block["c"][0] == "html":
                depth = max(0, depth + html_depth(block["c"][1]))

    def block(self, block: dict[str, Any], containers: list[str], *, parent: str = "",
              span: Span = None, note: bool = False) -> None:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            label = "footnote" if note else kind.lower()
            self.inline_block(label, content, containers, parent=parent, span=span)
        elif kind == "Header":
            level, attr, inlines = content
            self.inline_block("heading", inlines, containers, level=level, attr=attr,
                              span=_source_span(attr), parent=parent)
        elif kind == "CodeBlock":
            attr, code = content
            self.add("code", code, containers, attr=attr, span=_source_span(attr) or span,
                     parent=parent)
        elif kind == "RawBlock":
            fmt, raw = content
            self.add("raw", raw.strip(), containers, attr=["", [fmt], []], span=span,
                     parent=parent)
        elif kind == "HorizontalRule":
            self.add("rule", "", containers, span=span, parent=parent)
        elif kind == "LineBlock":
            converter = Inlines()
            text = "\n".join(converter.text(part) for part in content)
            self.add("line_block", text, containers, span=span, parent=parent,
                     inlines=converter)
        elif kind == "Table":
            self.table(content, containers, parent=parent, span=span)
        elif kind == "Figure":
            attr, caption, body = content
            images = [node for item in body for node in block_inlines(item)
                      if node["t"] == "Image"]
            if images:  # pandoc moves the identifier to the figure, the rest stays on the image
                image_attr = images[0]["c"][0]
                attr = [attr[0] or image_attr[0], attr[1] + image_attr[1], attr[2] + image_attr[2]]
            inlines = [node for item in caption[1] for node in block_inlines(item)]
            self.inline_block("figure", inlines, containers, attr=attr, parent=parent,
                              span=_source_span(content[0]) or span)
        elif kind == "Div":
            attr, inner = content
            own = _source_span(attr) or span
            if dict(attr[2]).get("wrapper") == "1":  # a sourcepos wrapper, not a fenced div
                self.blocks(inner, containers, parent=parent, span=own, note=note)
            else:
                self.blocks(inner, containers + ["div"], parent=parent, span=own, note=note)
        elif kind == "BlockQuote":
            self.blocks(content, containers + ["blockquote"], parent=parent, span=span,
                        note=note)
        elif kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            for item in items:
                self.blocks(item, containers + [_CONTAINERS[kind]], parent=parent, span=span,
                            note=note)
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.inline_block("term", term, containers + ["definition_list"],
                                  parent=parent)  # no span of its own: the list's is not its
                for definition in definitions:
                    self.blocks(definition, containers + ["definition_list"], parent=parent,
                                span=span, note=note)

    def table(self, content: list[Any], containers: list[str], *, parent: str = "",
              span: Span = None) -> None:
        attr, caption, _colspecs, head, bodies, foot = content
        converter = Inlines()
        rows: list[str] = []

        def add_rows(table_rows: list[Any]) -> None:
            for _row_attr, cells in table_rows:
                rows.append(" | ".join(
                    " ".join(" ".join(converter.text(block_inlines(b)).split())
                             for b in cell[4]) for cell in cells))

        add_rows(head[1])
        for body in bodies:
            add_rows(body[2])
            add_rows(body[3])
        add_rows(foot[1])
        title = " ".join(" ".join(converter.text(block_inlines(b)).split())
                         for b in caption[1]).strip()
        text = "\n".join(([title] if title else []) + rows)
        self.add("table", text, containers, attr=attr, span=_source_span(attr) or span,
                 parent=parent, inlines=converter)


def _flatten(ast: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    flat = _Flattener()
    flat.blocks(ast["blocks"], [])
    blocks = pd.DataFrame(flat.rows, columns=BLOCK_COLUMNS)
    blocks[["line", "end_line"]] = blocks[["line", "end_line"]].astype("Int64")
    blocks["emphasis"] = blocks["emphasis"].astype(bool)
    rows = []
    for group, item in enumerate(flat.cites, start=1):
        for position, citation in enumerate(item["cite"]["c"][0], start=1):
            rows.append({
                "citation_id": f"C{len(rows) + 1:04d}",
                "block_id": item["block_id"],
                "group": group,
                "position": position,
                "key": citation["citationId"],
                "mode": CITATION_MODES.get(citation["citationMode"]["t"],
                                           citation["citationMode"]["t"]),
                "prefix": inline_text(citation["citationPrefix"]),
                "suffix": inline_text(citation["citationSuffix"]),
            })
    return blocks, pd.DataFrame(rows, columns=CITATION_COLUMNS)


def _alignment_key(kind: str, text: str) -> tuple[str, str]:
    """What a block looks like to both readers: kind and its letters, citations removed."""
    if kind == "figure":  # its caption is the image's alt text, which a paragraph drops
        return "para", ""
    kind = "para" if kind in ("para", "plain", "term") else kind
    if kind == "table":  # the last row: a caption is not in both readers' tables
        text = text.rsplit("\n", 1)[-1]
    text = re.sub(r"\[[^\]]*@[^\]]*\]|@[\w:.#$%&+?<>~/-]+", "", text)
    return kind, re.sub(r"[^0-9a-z]+", "", text.lower())[:80]


def _fill_gaps(lines: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """Give blocks without lines, between two blocks with lines, the lines between them.

    A lone block gets them, and so does each piece of a raw HTML region (raw blocks and
    what they enclose), which the two readers split differently; any other run of
    several blocks keeps ``<NA>``.
    """
    own = blocks["kind"].ne("footnote").to_numpy()
    html = (blocks["kind"].eq("raw") | blocks["container"].str.contains("html")).to_numpy()
    known = [i for i in range(len(blocks)) if own[i] and not pd.isna(lines["line"].iloc[i])]
    for before, after in zip(known, known[1:], strict=False):
        between = [i for i in range(before + 1, after) if own[i]]
        first = lines["end_line"].iloc[before] + 1
        last = lines["line"].iloc[after] - 1
        if between and first <= last and (len(between) == 1 or all(html[between])):
            for i in between:
                lines.iloc[i, [0, 1]] = [first, last]
    return lines


def _align_lines(blocks: pd.DataFrame, positioned: pd.DataFrame) -> pd.DataFrame:
    """``line`` and ``end_line`` of ``blocks`` taken from the same text read with positions."""
    found: dict[str, list[Any]] = {"line": [pd.NA] * len(blocks),
                                   "end_line": [pd.NA] * len(blocks)}
    ours = [_alignment_key(k, t) for k, t in zip(blocks["kind"], blocks["text"], strict=True)]
    theirs = [_alignment_key(k, t) for k, t in zip(positioned["kind"], positioned["text"],
                                                    strict=True)]
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                if ours[i1 + offset][0] == theirs[j1 + offset][0]:
                    for column in found:
                        found[column][i1 + offset] = positioned[column].iloc[j1 + offset]
    result = _fill_gaps(pd.DataFrame(found, index=blocks.index).astype("Int64"), blocks)
    # a footnote sits on its parent's line
    by_id = dict(zip(blocks["block_id"], result["line"], strict=True))
    notes = blocks["kind"].eq("footnote") & blocks["parent"].ne("")
    result.loc[notes, "line"] = [by_id.get(p, pd.NA) for p in blocks.loc[notes, "parent"]]
    result.loc[notes, "end_line"] = result.loc[notes, "line"]
    return result.astype("Int64")


def parse(text: str, reader: str = "markdown", *, lines: bool = True) -> MarkdownDocument:
    """Read Markdown into metadata, a flat block table and a citation table.

    Parameters
    ----------
    text : str
        Markdown source (a paper as received).
    reader : str
        ``"markdown"`` (default) or ``"commonmark_x"``; see the module docstring
        for what each reader gives and loses.
    lines : bool
        With the ``markdown`` reader, also read the text with
        ``commonmark_x+sourcepos`` and copy source lines onto the blocks both
        readers agree on (each line cut to :data:`POSITION_LINE_CHARS` characters
        for that pass: enough for block structure and alignment, and a paper
        written as one long line stays fast). Ignored by ``commonmark_x``.

    Returns
    -------
    MarkdownDocument
        ``meta`` (dict), ``blocks`` (columns :data:`BLOCK_COLUMNS`) and
        ``citations`` (columns :data:`CITATION_COLUMNS`).

    Raises
    ------
    MarkdownError
        If pandoc cannot read the text.
    """
    ast = pandoc_ast(text, reader)
    meta = {key: meta_value(value) for key, value in sorted(ast["meta"].items())}
    blocks, citations = _flatten(ast)
    if reader == "markdown" and lines and not blocks.empty:
        # Block structure is decided at the start of lines: cutting very long lines keeps
        # it and keeps the position pass (every inline wrapped in a span) small.
        cut = "\n".join(line[:POSITION_LINE_CHARS] for line in text.split("\n"))
        positioned, _ = _flatten(pandoc_ast(cut, "commonmark_x"))
        blocks[["line", "end_line"]] = _align_lines(blocks, positioned)
    return MarkdownDocument(reader, meta, blocks, citations)


def headings(document: MarkdownDocument) -> pd.DataFrame:
    """The document's headings: block_id, level, text, identifier, classes, line.

    Parameters
    ----------
    document : MarkdownDocument

    Returns
    -------
    DataFrame
    """
    table = document.blocks[document.blocks["kind"] == "heading"]
    return table[["block_id", "level", "text", "identifier", "classes", "line"]].reset_index(
        drop=True)
