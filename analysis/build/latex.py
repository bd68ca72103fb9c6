"""Text and tables as LaTeX that compiles in any document: plain ASCII, no package assumed.

The appendix body is meant to be ``\\input`` into an author's paper, whose
preamble we do not know, so everything written here is ASCII: accented letters
become accent commands (``ö`` -> ``{\\"o}``), typographic characters their
LaTeX spellings, and a character with no spelling a visible ``[U+XXXX]``
(:func:`unknown_characters` finds them, and a test keeps the study's appendix
free of them). The body needs only ``graphicx``, ``booktabs``, ``longtable``,
``array`` and ``natbib``, which the generated wrapper loads.

The inline markup of the appendix text is a small subset of Markdown:
``*emphasis*``, ```code```, ``10^9``; citations and cross-references are
resolved before (:mod:`analysis.build.bibliography`, :mod:`analysis.build.document`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

#: Characters with a special meaning in LaTeX.
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
            "|": r"\textbar{}"}
#: Non-ASCII characters with a LaTeX spelling that needs no package.
_UNICODE = {
    "—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}",
    "\u00a0": "~", "\u202f": r"\,", "\u2009": r"\,", "−": "$-$", "±": r"$\pm$",
    "×": r"$\times$", "≥": r"$\geq$", "≤": r"$\leq$", "≈": r"$\approx$", "→": r"$\to$",
    "·": r"$\cdot$", "µ": r"$\mu$", "χ": r"$\chi$", "°": r"$^\circ$",
    "²": r"\textsuperscript{2}", "³": r"\textsuperscript{3}", "⁹": r"\textsuperscript{9}",
    "«": r"$\ll$", "»": r"$\gg$", "æ": r"{\ae}", "Æ": r"{\AE}", "ø": r"{\o}", "Ø": r"{\O}",
    "œ": r"{\oe}", "Œ": r"{\OE}", "ß": r"{\ss}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}",
    "•": r"$\bullet$", "§": r"\S{}", "©": r"\copyright{}", "€": "EUR", "†": r"\dag{}",
    "‡": r"\ddag{}",
}
#: Combining marks and the accent command that writes them.
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0308": '"', "\u0302": "^", "\u0303": "~",
            "\u0304": "=", "\u0306": "u", "\u0307": ".", "\u030a": "r", "\u030b": "H",
            "\u030c": "v", "\u0327": "c", "\u0328": "k"}


def _char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    if c.isascii():
        return c
    if c in _UNICODE:
        return _UNICODE[c]
    base, *marks = unicodedata.normalize("NFD", c)
    if base.isascii() and marks and all(m in _ACCENTS for m in marks):
        out = {"i": r"\i", "j": r"\j"}.get(base, base)
        for mark in marks:
            command = _ACCENTS[mark]
            out = rf"\{command}{{{out}}}" if command.isalpha() else rf"\{command}{out}"
        return "{" + out + "}"
    return f"[U+{ord(c):04X}]"


def latex_escape(text: object) -> str:
    """``text`` as plain-ASCII LaTeX: special characters escaped, non-ASCII spelled out.

    Examples
    --------
    >>> latex_escape("Röder & Wæver: G² ≥ 3.84, 50%")
    '{R\\\\"o}der \\\\& W{\\\\ae}ver: G\\\\textsuperscript{2} $\\\\geq$ 3.84, 50\\\\%'
    """
    return "".join(_char(c) for c in str(text))


def unknown_characters(latex: str) -> list[str]:
    """The characters :func:`latex_escape` could not spell (as ``[U+XXXX]``)."""
    return re.findall(r"\[U\+[0-9A-F]{4,}\]", latex)


def breakable(text: str) -> str:
    """LaTeX of ``text`` that may break after ``/`` and ``_`` (paths, names in tables)."""
    return latex_escape(text).replace(r"\_", r"\_\allowbreak{}").replace("/", r"/\allowbreak{}")


_INLINE = re.compile(r"`([^`]+)`|\*([^*]+)\*|(?<![\w^])(\d+)\^(\d+)\b")


def inline(text: str) -> str:
    """Inline Markdown as LaTeX: ``*emphasis*``, ```code```, ``10^9``; the rest escaped.

    Text already converted to LaTeX commands must not pass through here (see
    :func:`analysis.build.document.render_latex`, which protects citations and
    references first).
    """
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(breakable(text[last:match.start()]))
        code, emph, base, power = match.groups()
        if code is not None:
            out.append(r"\texttt{" + breakable(code) + "}")
        elif emph is not None:
            out.append(r"\emph{" + inline(emph) + "}")
        else:
            out.append(f"${base}^{{{power}}}$")
        last = match.end()
    out.append(breakable(text[last:]))
    return "".join(out)


#: Width of a character, in em of the table's font: cell text, digits, bold header words.
TEXT_EM, DIGIT_EM, HEADER_EM = 0.55, 0.5, 0.62
#: The line the widths are planned for, in em of the table's font: 400 pt at the 8 pt
#: footnotesize of a 10 pt document (the appendix's own A4 line is 470 pt), or a letter
#: page with 1 in margins at 11 pt. On a wider line the shared columns grow.
PLANNED_LINE_EM = 50.0
#: Space between two columns: 2 x \tabcolsep of 4 pt, in em at 8 pt.
GAP_EM = 1.0
TABCOLSEP = "4pt"


def _longest_word(text: str) -> int:
    return max((len(word) for word in str(text).split()), default=1)


@dataclass(frozen=True)
class Column:
    """A column's planned width: fixed (``em``) or a share of what the fixed ones leave."""

    em: float = 0.0
    share: float = 0.0


def column_widths(table: pd.DataFrame, numeric: list[bool]) -> list[Column]:
    """Each column's width, planned so that the table fits any line without an overfull box.

    Every column is at least as wide as its longest word (its bold header
    included; a numeric column as its widest number). Numbers, and text
    columns held at that minimum, get a fixed width in em, which scales with
    the font. The other text columns share what the fixed columns and the
    gaps leave of the line, each as wide as its typical cell (90th percentile,
    capped at 60 characters) when the planned line (:data:`PLANNED_LINE_EM`)
    allows, otherwise giving back width in proportion to what it has above its
    minimum. On a narrower page only these shared columns shrink; a table
    narrower than the line stays narrow.

    Parameters
    ----------
    table : DataFrame
        The cells as they will be printed (strings), with printed column labels.
    numeric : list of bool
        Whether each column is numeric.

    Returns
    -------
    list of Column
    """
    minimum, typical = [], []
    for column, is_numeric in zip(table.columns, numeric, strict=True):
        cells = table[column].astype(str)
        header = _longest_word(column) * HEADER_EM + 0.3
        if is_numeric:
            minimum.append(max([header] + [len(c) * DIGIT_EM + 0.3 for c in cells]))
        else:
            minimum.append(max([header] + [_longest_word(c) * TEXT_EM + 0.3 for c in cells]))
        body = int(cells.str.len().quantile(0.9)) if len(cells) else 0
        typical.append(min(max(body, len(str(column))), 60) * TEXT_EM)
    available = PLANNED_LINE_EM - GAP_EM * (len(minimum) - 1)
    plan = list(minimum)
    text = [i for i, n in enumerate(numeric) if not n]
    for i in text:
        plan[i] = max(plan[i], typical[i])
    excess = sum(plan) - available
    if excess > 0:  # take it back from the text columns above their minimum, pro rata
        room = {i: plan[i] - minimum[i] for i in text}
        free = sum(room.values())
        for i in text:
            plan[i] -= min(excess, free) * room[i] / free if free else 0
    flexible = [i for i in text if plan[i] > minimum[i] + 1e-9]
    fixed_em = sum(plan[i] for i in range(len(plan)) if i not in flexible)
    left = max(available - fixed_em, 1e-9)
    return [Column(share=plan[i] / left) if i in flexible else Column(em=plan[i])
            for i in range(len(plan))]


def column_spec(table: pd.DataFrame, numeric: list[bool]) -> str:
    """Column types for :func:`longtable`: numbers right-aligned, text ragged right, each a
    paragraph column of :func:`column_widths` (shares as ``\\dimexpr`` of ``\\linewidth``)."""
    columns = column_widths(table, numeric)
    fixed = sum(c.em for c in columns if not c.share)
    rest = (rf"\linewidth-{2 * (len(columns) - 1)}\tabcolsep-{fixed:.2f}em"
            if len(columns) > 1 else rf"\linewidth-{fixed:.2f}em")
    spec = []
    for column, is_numeric in zip(columns, numeric, strict=True):
        align = r"\raggedleft" if is_numeric else r"\raggedright"
        width = (rf"\dimexpr({rest})*{math.floor(column.share * 1000)}/1000\relax"
                 if column.share else f"{column.em:.2f}em")
        spec.append(r">{" + align + r"\arraybackslash}p{" + width + "}")
    return "".join(spec)


def longtable(table: pd.DataFrame, numeric: list[bool], caption: str, label: str,
              groups: list[tuple[int, str]] | None = None, note: str = "") -> str:
    """A table as a ``longtable`` with booktabs rules, its caption and label.

    Parameters
    ----------
    table : DataFrame
        Cells as text, columns already labelled in words (plain text: escaped here).
    numeric : list of bool
        Which columns are numeric (right-aligned).
    caption : str
        The caption, already LaTeX.
    label : str
        The ``\\label``.
    groups : list of (int, str), optional
        Row positions before which a group heading (plain text) spans the table.
    note : str
        A line under the table (already LaTeX), e.g. how many rows are shown.

    Returns
    -------
    str
        LaTeX for the body; it breaks across pages and repeats its header.
    """
    spec = column_spec(table, numeric)
    header = " & ".join(r"\textbf{" + breakable(c) + "}" for c in table.columns) + r" \\"
    n = len(table.columns)
    heads = dict(groups or [])
    lines = [r"{\footnotesize\setlength{\tabcolsep}{" + TABCOLSEP + "}",
             r"\begin{longtable}{@{}" + spec + "@{}}",
             rf"\caption{{{caption}}}\label{{{label}}}\\", r"\toprule", header, r"\midrule",
             r"\endfirsthead", r"\multicolumn{" + str(n) + r"}{@{}l}{\emph{(continued)}}\\",
             r"\toprule", header, r"\midrule", r"\endhead", r"\bottomrule", r"\endfoot"]
    for i, row in enumerate(table.itertuples(index=False)):
        if i in heads:
            if i:
                lines.append(r"\addlinespace")
            lines.append(r"\multicolumn{" + str(n) + r"}{@{}l}{\textit{"
                         + latex_escape(heads[i]) + r"}}\\")
        lines.append(" & ".join(breakable(v) for v in row) + r" \\")
    lines.append(r"\end{longtable}")
    if note:
        lines.append(r"\vspace{-1.5ex}\noindent{}" + note + r"\par\medskip")
    lines.append("}")
    return "\n".join(lines)
