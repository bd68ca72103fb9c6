"""One document, two renderings: the appendix as blocks, numbered once, as Markdown and LaTeX.

The appendix is a list of blocks (:class:`Heading`, :class:`Paragraph`,
:class:`Table`, :class:`Figure`). Tables and figures are numbered once, in
the order they appear (:func:`numbers`), and both renderers use those numbers,
so "Table 4" is the same table in ``appendix.md`` and ``appendix.tex`` (LaTeX
numbers them the same way; the compile test compares the two).

Text uses a small markup: ``*emphasis*``, ```code```, citations in pandoc's
syntax (``[@dunning1993]``, ``@hardie2014``; see
:mod:`analysis.build.bibliography`) and cross-references ``@tab:settings`` /
``@fig:top_terms``, which become "Table 2" in Markdown and
``Table~\\ref{tab:settings}`` in LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.build import bibliography
from analysis.build.latex import inline, latex_escape, longtable

#: A cross-reference in the text: @tab:name or @fig:name.
REFERENCE = re.compile(r"@(tab|fig):([A-Za-z0-9_-]+)")
_KIND_WORD = {"tab": "Table", "fig": "Figure"}
_LEVEL_COMMAND = {1: "section", 2: "subsection", 3: "subsubsection"}


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is the appendix's title, 2 its sections, 3 subsections."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text in the appendix markup."""

    text: str


@dataclass(frozen=True)
class Table:
    """A numbered table.

    Attributes
    ----------
    name : str
        Its label without the ``tab:`` prefix (a registered table's name, or
        ``settings``, ``vocabulary``, ``software``).
    caption : str
        In the appendix markup.
    cells : DataFrame
        Every cell as text, columns labelled in words.
    numeric : list of bool
        Which columns are numbers (right-aligned).
    groups : list of (int, str)
        Row positions before which a group heading spans the table.
    note : str
        A line under the table (plain text), e.g. "The first 30 of 58 rows".
    """

    name: str
    caption: str
    cells: pd.DataFrame
    numeric: list[bool]
    groups: list[tuple[int, str]] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A numbered figure: a registered figure's file stem, caption and journal width."""

    name: str
    caption: str
    width: str = "single"


Block = Heading | Paragraph | Table | Figure


def label(block: Table | Figure) -> str:
    """The LaTeX label of a table or figure (``tab:name``, ``fig:name``)."""
    return ("tab:" if isinstance(block, Table) else "fig:") + block.name


def numbers(blocks: list[Block]) -> dict[str, int]:
    """Each table's and figure's number, by label, in order of appearance (as LaTeX counts)."""
    counts = {"tab": 0, "fig": 0}
    out = {}
    for block in blocks:
        if isinstance(block, Table | Figure):
            kind = label(block).split(":")[0]
            counts[kind] += 1
            out[label(block)] = counts[kind]
    return out


def texts(blocks: list[Block]) -> list[str]:
    """Every piece of text in the blocks (paragraphs and captions), in order."""
    return [b.text if isinstance(b, Paragraph | Heading) else b.caption
            for b in blocks if not isinstance(b, Heading)]


def cited(blocks: list[Block]) -> list[str]:
    """The bibliography keys cited anywhere in the blocks, in order of first citation."""
    return bibliography.cited_keys(texts(blocks))


def _check_references(text: str, numbered: dict[str, int]) -> None:
    for kind, name in REFERENCE.findall(text):
        if f"{kind}:{name}" not in numbered:
            raise KeyError(f"@{kind}:{name} refers to no {_KIND_WORD[kind].lower()} of the "
                           "appendix")


def markdown_text(text: str, numbered: dict[str, int], works) -> str:
    """Appendix markup as Markdown: citations "(Dunning 1993)", references "Table 2"."""
    _check_references(text, numbered)
    text = REFERENCE.sub(lambda m: f"{_KIND_WORD[m.group(1)]} {numbered[m.group(0)[1:]]}",
                         text)
    return bibliography.cite_markdown(text, works)


def latex_text(text: str, numbered: dict[str, int], works) -> str:
    """Appendix markup as LaTeX: natbib citations, ``\\ref``, the rest escaped."""
    _check_references(text, numbered)
    commands: list[str] = []

    def keep(latex: str) -> str:
        commands.append(latex)
        return f"\x00{len(commands) - 1}\x00"

    text = REFERENCE.sub(lambda m: keep(f"{_KIND_WORD[m.group(1)]}~\\ref{{{m.group(0)[1:]}}}"),
                         text)
    text = bibliography.CITATION.sub(
        lambda m: keep(bibliography.cite_latex(m.group(0), works)), text)
    return re.sub(r"\x00(\d+)\x00", lambda m: commands[int(m.group(1))], inline(text))


# ---------------------------------------------------------------------------
# Markdown


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    """A table's cells as a Markdown table, numbers right-aligned, group rows in bold."""
    cells = table.cells
    rule = ["---:" if n else "---" for n in table.numeric]
    lines = ["| " + " | ".join(_md_cell(c) for c in cells.columns) + " |",
             "| " + " | ".join(rule) + " |"]
    heads = dict(table.groups)
    for i, row in enumerate(cells.itertuples(index=False)):
        if i in heads:
            lines.append("| " + " | ".join([f"**{_md_cell(heads[i])}**"]
                                           + [""] * (len(cells.columns) - 1)) + " |")
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines)


def render_markdown(blocks: list[Block], works, figure_dir: str = "") -> str:
    """The blocks as Markdown, with the reference list of every cited work at the end."""
    numbered = numbers(blocks)
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            out += [markdown_text(block.text, numbered, works), ""]
        elif isinstance(block, Table):
            number = numbered[label(block)]
            out += [f"**Table {number}.** {markdown_text(block.caption, numbered, works)}", "",
                    markdown_table(block), ""]
            if block.note:
                out += [f"*{block.note}*", ""]
        else:
            number = numbered[label(block)]
            out += [f"![Figure {number}]({figure_dir}{block.name}.png)", "",
                    f"**Figure {number}.** {markdown_text(block.caption, numbered, works)}", ""]
    keys = cited(blocks)
    if keys:
        out += ["## References", "", bibliography.markdown_list(keys, works), ""]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------
# LaTeX

#: Widths of a figure on the page, by its registered journal width.
FIGURE_WIDTH = {"single": r"0.55\linewidth", "double": r"\linewidth"}


def latex_figure(figure: Figure, numbered: dict[str, int], works) -> str:
    """A figure float; the file is found through ``\\appendixfigurepath`` or ``\\graphicspath``."""
    width = FIGURE_WIDTH[figure.width]
    return "\n".join([
        r"\begin{figure}[!htbp]", r"\centering",
        rf"\includegraphics[width={width},height=0.78\textheight,keepaspectratio]"
        rf"{{\appendixfigurepath {figure.name}.pdf}}",
        rf"\caption{{{latex_text(figure.caption, numbered, works)}}}\label{{{label(figure)}}}",
        r"\end{figure}"])


def render_latex_body(blocks: list[Block], works) -> str:
    """The blocks as a LaTeX body (no preamble, no bibliography): ASCII, ready to ``\\input``."""
    numbered = numbers(blocks)
    out: list[str] = []
    figures_in_a_row = 0
    for block in blocks:
        if not isinstance(block, Figure) and figures_in_a_row:
            out += [r"\clearpage", ""]  # place every figure before what follows them
            figures_in_a_row = 0
        if isinstance(block, Heading):
            command = _LEVEL_COMMAND[block.level]
            slug = re.sub(r"[^a-z0-9]+", "-", block.text.lower()).strip("-")
            out += [rf"\{command}{{{latex_escape(block.text)}}}\label{{sec:{slug}}}", ""]
        elif isinstance(block, Paragraph):
            out += [latex_text(block.text, numbered, works), ""]
        elif isinstance(block, Table):
            note = latex_escape(block.note) if block.note else ""
            out += [longtable(block.cells, block.numeric,
                              latex_text(block.caption, numbered, works), label(block),
                              block.groups, note), ""]
        else:
            figures_in_a_row += 1
            out += [latex_figure(block, numbered, works), ""]
            if figures_in_a_row % 6 == 0:
                out += [r"\clearpage", ""]  # LaTeX holds at most 18 floats in waiting
    return "\n".join(out).rstrip() + "\n"
