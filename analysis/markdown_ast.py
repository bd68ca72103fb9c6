"""Markdown as a flat table of blocks, read through pandoc's JSON AST (prototype).

Nothing imports this module yet: it is the groundwork for replacing the line
regular expressions of :mod:`analysis.paper` and :mod:`analysis.citations` with
a real Markdown parser. :func:`parse` returns a :class:`MarkdownDocument` with

``meta``
    the YAML metadata block (or pandoc title block) as plain Python values:
    inline values become plain text, lists stay lists, maps stay dicts.
``blocks``
    one row per text-bearing block, in document order, with the columns of
    :data:`BLOCK_COLUMNS`: block_id, order, kind, level, text, identifier,
    classes, attributes, container, parent, n_citations, line.
``citations``
    one row per cited key (pandoc's ``Cite`` elements), with the columns of
    :data:`CITATION_COLUMNS`: citation_id, block_id, group, position, key,
    mode, prefix, suffix.

Kinds are ``heading``, ``para``, ``plain`` (a paragraph in a tight list or a
table cell), ``code``, ``raw`` (raw HTML or LaTeX), ``table``, ``figure``,
``rule``, ``line_block`` and ``footnote``. ``container`` names the blocks that
enclose a block, outermost first and joined by ``/`` (for example
``ordered_list`` or ``blockquote/bullet_list``); top-level body text has an
empty container. A footnote's paragraphs are rows of kind ``footnote`` whose
``parent`` is the block that holds the note; in that block's text the note is
replaced by ``[^n]``, n counting notes from 1 in document order. ``text`` is
the plain text a reader sees (emphasis, links and HTML tags dropped, Unicode
spaces made plain), except that each citation keeps its source form
(``[@a; @b, p. 3]``, ``@key``) so that citation parsers and readers of the
text see what the author wrote.

Why pandoc
----------
Tried on the study's paper and on the real papers in ``tests/papers/`` (see
``tests/papers/PARSERS.md`` for the numbers), pandoc's ``markdown`` reader
(through the ``pypandoc-binary`` wheel, which ships the pandoc executable, so
nothing is installed outside PyPI) is the only parser that reads every
construct scholarly Markdown uses:

* citations: ``[@a; @b, p. 3]``, ``@key``, ``[-@key]``, ``[see @key]`` and
  Manubot's ``[@doi:10.1/x]`` become ``Cite`` elements with the key, prefix,
  suffix and mode; markdown-it-py has no citation syntax at all, and pandoc's
  own ``commonmark_x`` reader refuses the ``citations`` extension;
* YAML metadata, pandoc title blocks (``% Title``), setext and ATX headings
  with attributes (``## References {.page_break_before}``, ``{#sec:x}``),
  fenced and indented code (a ``## line`` inside code stays code), pipe, grid
  and simple tables, footnotes, definition lists, fenced divs, raw HTML and
  LaTeX, figures with attributes (``{#fig:x}``) and math.

markdown-it-py is 6 to 30 times faster on these papers and gives every block
its source lines, but leaves heading attributes in the heading text, has no citations and
treats Manubot's ``[@tag:x]: doi:...`` lines as link definitions, which turns
every ``[@tag:x]`` citation into a link. Speed does not decide here: pandoc
reads the 37,000-word Manubot review in about half a second.

Readers and source lines
------------------------
``reader="markdown"`` (the default, run as ``markdown-smart`` so that quotes
and dashes stay as written) gives ``Cite`` elements but no source positions.
``reader="commonmark_x"`` runs pandoc's CommonMark reader with ``+sourcepos``,
which gives each block its source line but no ``Cite`` elements (citations
stay literal text) and none of pandoc Markdown's own syntax (title blocks,
grid and simple tables). With ``lines=True`` and the default reader, the
blocks are also read with ``commonmark_x+sourcepos`` and the two sequences
are aligned on (kind, text) with :class:`difflib.SequenceMatcher`: a block
found in both gets its line, any other gets ``<NA>``. Footnote rows carry the
line of their parent block.

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
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

BLOCK_COLUMNS = ["block_id", "order", "kind", "level", "text", "identifier", "classes",
                 "attributes", "container", "parent", "n_citations", "line"]
CITATION_COLUMNS = ["citation_id", "block_id", "group", "position", "key", "mode", "prefix",
                    "suffix"]

#: Readers :func:`parse` accepts, and the pandoc input format each one runs.
READERS = {"markdown": "markdown-smart", "commonmark_x": "commonmark_x+sourcepos"}

#: pandoc citation modes, as named in the citations table.
CITATION_MODES = {"NormalCitation": "normal", "AuthorInText": "author_in_text",
                  "SuppressAuthor": "suppress_author"}

_CONTAINERS = {"BlockQuote": "blockquote", "BulletList": "bullet_list",
               "OrderedList": "ordered_list", "DefinitionList": "definition_list",
               "Div": "div"}
_SOURCEPOS = re.compile(r"(\d+):\d+-\d+:\d+")
_SOURCEPOS_KEYS = {"data-pos", "wrapper"}


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
# Inline text


def _plain(text: str) -> str:
    """Unicode spaces made plain and runs of whitespace collapsed."""
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return " ".join(text.split())


class _Inlines:
    """Turns pandoc inlines into text, collecting citations and footnotes on the way."""

    def __init__(self) -> None:
        self.cites: list[dict[str, Any]] = []
        self.notes: list[list[dict[str, Any]]] = []
        self.n_notes = 0

    def text(self, inlines: list[dict[str, Any]]) -> str:
        out: list[str] = []
        self._walk(inlines, out)
        return _plain("".join(out))

    def _walk(self, inlines: list[dict[str, Any]], out: list[str]) -> None:
        for node in inlines:
            kind = node["t"]
            content = node.get("c")
            if kind == "Str":
                out.append(content)
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Code", "Math"):
                out.append(content[1])
            elif kind == "RawInline":
                if content[0] not in ("html", "latex", "tex"):
                    out.append(content[1])
            elif kind == "Quoted":
                mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
                out.append(mark)
                self._walk(content[1], out)
                out.append(mark)
            elif kind == "Cite":
                self.cites.append(node)
                source: list[str] = []
                _Inlines()._walk(content[1], source)
                out.append("".join(source))
            elif kind == "Note":
                self.n_notes += 1
                self.notes.append(content)
                out.append(f"[^{self.n_notes}]")
            elif kind in ("Link", "Image", "Span"):
                self._walk(content[1], out)
            elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript",
                          "Subscript", "SmallCaps"):
                self._walk(content, out)
            # anything else carries no text


def inline_text(inlines: list[dict[str, Any]]) -> str:
    """Plain text of pandoc inlines, citations in their source form.

    Parameters
    ----------
    inlines : list of dict
        pandoc inline elements (JSON).

    Returns
    -------
    str
        The text a reader sees; a footnote becomes ``[^n]``.
    """
    return _Inlines().text(inlines)


def meta_value(value: dict[str, Any]) -> Any:
    """A pandoc metadata value as plain Python (str, bool, list or dict)."""
    kind, content = value["t"], value.get("c")
    if kind == "MetaMap":
        return {key: meta_value(item) for key, item in content.items()}
    if kind == "MetaList":
        return [meta_value(item) for item in content]
    if kind == "MetaInlines":
        return inline_text(content)
    if kind == "MetaBlocks":
        converter = _Inlines()
        return "\n\n".join(converter.text(_block_inlines(block)) for block in content)
    return content  # MetaString, MetaBool


def _block_inlines(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The inlines of a Para, Plain or Header (empty for other blocks)."""
    if block["t"] in ("Para", "Plain"):
        return block["c"]
    if block["t"] == "Header":
        return block["c"][2]
    return []


# ---------------------------------------------------------------------------
# Blocks


def _attributes(attr: list[Any]) -> tuple[str, str, str]:
    """identifier, space-joined classes, and sorted ``key=value`` pairs (positions dropped)."""
    identifier, classes, pairs = attr
    kept = sorted(f"{key}={value}" for key, value in pairs if key not in _SOURCEPOS_KEYS)
    return identifier, " ".join(classes), ";".join(kept)


def _source_line(attr: list[Any] | None) -> int | None:
    if not attr:
        return None
    for key, value in attr[2]:
        if key == "data-pos":
            starts = [int(start) for start in _SOURCEPOS.findall(value)]
            if starts:
                return min(starts)
    return None


class _Flattener:
    """Walks pandoc blocks depth first and writes one row per text-bearing block."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.cites: list[dict[str, Any]] = []
        self.n_notes = 0

    def add(self, kind: str, text: str, containers: list[str], *, level: int = 0,
            attr: list[Any] | None = None, line: int | None = None, parent: str = "",
            cites: list[dict[str, Any]] | None = None) -> str:
        identifier, classes, attributes = _attributes(attr) if attr else ("", "", "")
        block_id = f"B{len(self.rows) + 1:04d}"
        cites = cites or []
        self.rows.append({
            "block_id": block_id, "order": len(self.rows) + 1, "kind": kind, "level": level,
            "text": text, "identifier": identifier, "classes": classes,
            "attributes": attributes, "container": "/".join(containers), "parent": parent,
            "n_citations": sum(len(cite["c"][0]) for cite in cites), "line": line,
        })
        self.cites += [{"block_id": block_id, "cite": cite} for cite in cites]
        return block_id

    def inline_block(self, kind: str, inlines: list[dict[str, Any]], containers: list[str],
                     *, level: int = 0, attr: list[Any] | None = None,
                     line: int | None = None, parent: str = "") -> str:
        converter = _Inlines()
        converter.n_notes = self.n_notes
        text = converter.text(inlines)
        self.n_notes = converter.n_notes
        block_id = self.add(kind, text, containers, level=level, attr=attr, line=line,
                            parent=parent, cites=converter.cites)
        for note in converter.notes:
            self.blocks(note, ["note"], parent=block_id, line=line, note=True)
        return block_id

    def blocks(self, blocks: list[dict[str, Any]], containers: list[str], *, parent: str = "",
               line: int | None = None, note: bool = False) -> None:
        for block in blocks:
            self.block(block, containers, parent=parent, line=line, note=note)

    def block(self, block: dict[str, Any], containers: list[str], *, parent: str = "",
              line: int | None = None, note: bool = False) -> None:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            label = "footnote" if note else kind.lower()
            self.inline_block(label, content, containers, parent=parent, line=line)
        elif kind == "Header":
            level, attr, inlines = content
            self.inline_block("heading", inlines, containers, level=level, attr=attr,
                              line=_source_line(attr), parent=parent)
        elif kind == "CodeBlock":
            attr, code = content
            self.add("code", code, containers, attr=attr, line=_source_line(attr) or line,
                     parent=parent)
        elif kind == "RawBlock":
            fmt, raw = content
            self.add("raw", raw.strip(), containers, attr=["", [fmt], []], line=line,
                     parent=parent)
        elif kind == "HorizontalRule":
            self.add("rule", "", containers, line=line, parent=parent)
        elif kind == "LineBlock":
            converter = _Inlines()
            text = " / ".join(converter.text(part) for part in content)
            self.add("line_block", text, containers, line=line, parent=parent,
                     cites=converter.cites)
        elif kind == "Table":
            self.table(content, containers, parent=parent)
        elif kind == "Figure":
            attr, caption, body = content
            images = [node for item in body for node in _block_inlines(item)
                      if node["t"] == "Image"]
            if images:  # pandoc moves the identifier to the figure, the rest stays on the image
                image_attr = images[0]["c"][0]
                attr = [attr[0] or image_attr[0], attr[1] + image_attr[1], attr[2] + image_attr[2]]
            inlines = [node for item in caption[1] for node in _block_inlines(item)]
            self.inline_block("figure", inlines, containers, attr=attr, parent=parent,
                              line=_source_line(content[0]) or line)
        elif kind == "Div":
            attr, inner = content
            pairs = dict(attr[2])
            own = _source_line(attr) or line
            if pairs.get("wrapper") == "1":  # a sourcepos wrapper, not a fenced div
                self.blocks(inner, containers, parent=parent, line=own, note=note)
            else:
                self.blocks(inner, containers + ["div"], parent=parent, line=own, note=note)
        elif kind == "BlockQuote":
            self.blocks(content, containers + ["blockquote"], parent=parent, line=line,
                        note=note)
        elif kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            for item in items:
                self.blocks(item, containers + [_CONTAINERS[kind]], parent=parent, line=line,
                            note=note)
        elif kind == "DefinitionList":
            for term, definitions in content:
                self.inline_block("plain", term, containers + ["definition_list"],
                                  parent=parent, line=line)
                for definition in definitions:
                    self.blocks(definition, containers + ["definition_list"], parent=parent,
                                line=line, note=note)

    def table(self, content: list[Any], containers: list[str], *, parent: str = "") -> None:
        attr, caption, _colspecs, head, bodies, foot = content
        converter = _Inlines()
        rows: list[str] = []

        def add_rows(table_rows: list[Any]) -> None:
            for _row_attr, cells in table_rows:
                rows.append(" | ".join(
                    " ".join(converter.text(_block_inlines(b)) for b in cell[4]).strip()
                    for cell in cells))

        add_rows(head[1])
        for body in bodies:
            add_rows(body[2])
            add_rows(body[3])
        add_rows(foot[1])
        title = " ".join(converter.text(_block_inlines(b)) for b in caption[1]).strip()
        text = "\n".join(([title] if title else []) + rows)
        self.add("table", text, containers, attr=attr, line=_source_line(attr),
                 parent=parent, cites=converter.cites)


def _flatten(ast: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    flat = _Flattener()
    flat.blocks(ast["blocks"], [])
    blocks = pd.DataFrame(flat.rows, columns=BLOCK_COLUMNS)
    blocks["line"] = blocks["line"].astype("Int64")
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


def _alignment_key(row: pd.Series) -> tuple[str, str]:
    """What a block looks like to both readers: kind and its letters, citations removed."""
    kind = "para" if row["kind"] in ("para", "plain", "figure") else row["kind"]
    text = re.sub(r"\[[^\]]*@[^\]]*\]|@[\w:.#$%&+?<>~/-]+", "", row["text"])
    return kind, re.sub(r"[^0-9a-z]+", "", text.lower())[:80]


def _align_lines(blocks: pd.DataFrame, positioned: pd.DataFrame) -> pd.Series:
    """Lines of ``blocks`` taken from the same text read with source positions."""
    lines: list[Any] = [pd.NA] * len(blocks)
    ours = [_alignment_key(row) for _, row in blocks.iterrows()]
    theirs = [_alignment_key(row) for _, row in positioned.iterrows()]
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                if ours[i1 + offset][0] == theirs[j1 + offset][0]:
                    lines[i1 + offset] = positioned["line"].iloc[j1 + offset]
    result = pd.Series(lines, index=blocks.index, dtype="Int64")
    # a footnote sits on its parent's line
    by_id = dict(zip(blocks["block_id"], result, strict=True))
    notes = blocks["kind"].eq("footnote") & blocks["parent"].ne("")
    result[notes] = [by_id.get(parent, pd.NA) for parent in blocks.loc[notes, "parent"]]
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
        readers agree on. Ignored by ``commonmark_x``, which always has lines.

    Returns
    -------
    MarkdownDocument
        ``meta`` (dict), ``blocks`` (columns :data:`BLOCK_COLUMNS`) and
        ``citations`` (columns :data:`CITATION_COLUMNS`).
    """
    ast = pandoc_ast(text, reader)
    meta = {key: meta_value(value) for key, value in sorted(ast["meta"].items())}
    blocks, citations = _flatten(ast)
    if reader == "markdown" and lines and not blocks.empty:
        positioned, _ = _flatten(pandoc_ast(text, "commonmark_x"))
        blocks["line"] = _align_lines(blocks, positioned)
    return MarkdownDocument(reader, meta, blocks, citations)


def headings(document: MarkdownDocument) -> pd.DataFrame:
    """The document's headings: block_id, level, text, identifier, classes, line."""
    table = document.blocks[document.blocks["kind"] == "heading"]
    return table[["block_id", "level", "text", "identifier", "classes", "line"]].reset_index(
        drop=True)
