"""Tables as a reader who is not a programmer sees them: the display layer of every notebook.

A notebook shows a table with :func:`show`: column labels in words (from the
notebook's caption file, ``[labels]``, else :data:`DEFAULT_LABELS`), section
ids replaced by short section labels, numbers rounded to what the method
supports (p-values as "< 0.001"), text left-aligned, no index, the first rows
with a line saying how many more are in the saved table. The CSV files on
disk keep their machine-readable columns; only the display changes.

The HTML is a pandas Styler with a fixed id, so a rerun stores the same bytes
in the notebook; the plain-text form (what nbval and a terminal see) is the
same table as text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.build import registry

#: Rows shown before the "... more rows" line.
DISPLAY_ROWS = 15
#: Characters of a text cell shown before it is cut at a word boundary.
TEXT_WIDTH = 110
#: Column labels used where a notebook's caption file gives none.
DEFAULT_LABELS = {
    "section_id": "Section", "section": "Section", "heading": "Heading", "label": "Term",
    "term": "Term", "paragraph_id": "Paragraph", "sentence": "Sentence", "count": "Count",
    "n": "Count", "rate": "Per 1,000 words", "n_words": "Words", "n_tokens": "Tokens",
    "n_content": "Content words", "n_source_words": "Source words",
    "n_paragraphs": "Paragraphs", "n_sections": "Sections", "rank": "Rank",
    "g2": "G² (log-likelihood)", "p_value": "p", "log_ratio": "Log Ratio", "key": "Key",
    "level": "Level", "order": "Order", "parent_id": "Parent", "text": "Text",
    "dimension": "Dimension", "category": "Category", "actor": "Actor", "share": "Share",
    "variant": "Variant", "kind": "Kind", "form": "Form", "written": "Word form",
    "node": "Node", "collocate": "Collocate", "together": "Co-occurrences", "pmi": "PMI",
    "t_score": "t-score", "expected": "Expected", "token_rate": "Per 1,000 tokens",
    "ref_token_rate": "Per 1,000 tokens (English)", "model": "Model", "k": "Topics (k)",
    "seed": "Seed", "topic": "Topic", "weight": "Weight", "npmi": "NPMI", "umass": "UMass",
    "npmi_mean": "NPMI (mean)", "umass_mean": "UMass (mean)",
    "stability_mean": "Stability (mean)", "cross_mean": "LDA-NMF agreement (mean)",
    "rank_sum": "Rank sum", "chosen": "Chosen", "year": "Year",
    "cited_as": "Cited as", "reference_ids": "References", "evidence": "Evidence",
    "similarity": "Similarity", "paragraph_a": "Paragraph A", "paragraph_b": "Paragraph B",
    "pair_id": "Pair", "diff": "Differences", "n_citations": "Citations",
}
#: Words for values that are code names (model families).
VALUE_WORDS = {"lda": "LDA", "nmf": "NMF"}
#: Columns holding term ids, shown as the term's label when labels are given.
TERM_COLUMNS = ("term", "node", "collocate")
SECTION_COLUMNS = ("section_id", "section_a", "section_b")


def _is_p(column: str) -> bool:
    return column in ("p", "p_value", "p_adjusted", "q_value") or column.endswith("_p")


def _small(value: float) -> str:
    """A magnitude below 1 to two significant digits, never in scientific notation."""
    digits = 1 - math.floor(math.log10(abs(value)))
    return f"{value:.{digits}f}"


def format_value(column: str, value) -> str:
    """A value as text, rounded by what its column holds.

    p-values: "< 0.001" or three decimals; shares: a percentage; rates, G2 and
    expected counts: one decimal (two significant digits below 1, so a rare
    word's rate in general English is not shown as 0.0); coherence (NPMI,
    UMass) and topic weights: three decimals; other fractions: two decimals; a
    integers with thousands
    separators, except years (a column of whole numbers with gaps is shown
    as integers by :func:`table_cells`); model names in capitals; text cut at
    :data:`TEXT_WIDTH`.
    """
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value) if "year" in column else f"{value:,}"
    if isinstance(value, float):
        if _is_p(column):
            return "< 0.001" if value < 0.001 else f"{value:.3f}"
        if "share" in column:
            return f"{value:.0%}"
        if "rate" in column or column in ("g2", "expected"):
            if value == 0:
                return "0"
            return _small(value) if abs(value) < 1 else f"{value:,.1f}"
        if any(word in column for word in ("npmi", "umass", "weight")):
            return f"{value:,.3f}"
        return f"{value:,.2f}"
    text = str(value)
    if text in VALUE_WORDS:
        return VALUE_WORDS[text]
    return textwrap.shorten(text, TEXT_WIDTH, placeholder=" …") if len(text) > TEXT_WIDTH \
        else text


def format_setting(value) -> str:
    """A declared setting's value as text: ranges as "2 to 12", model names in capitals.

    Examples
    --------
    >>> format_setting(tuple(range(2, 13))), format_setting((1, 2)), format_setting(0.0001)
    ('2 to 12', '1 to 2', '0.0001')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}" if value >= 1e-4 else f"{value:.10f}".rstrip("0")
    if isinstance(value, tuple | list):
        values = list(value)
        if len(values) >= 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                    for v in values) and values == sorted(values) \
                and (len(values) == 2 or values == list(range(values[0], values[-1] + 1))):
            return f"{values[0]} to {values[-1]}"
        return ", ".join(format_setting(v) for v in values)
    return VALUE_WORDS.get(str(value), str(value))


@dataclass(frozen=True)
class Shown:
    """A table ready to display: HTML for notebooks, the same as plain text elsewhere."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def column_labels(name: str | None) -> dict[str, str]:
    """Labels in words for a registered table's columns (its notebook's, then the defaults)."""
    labels = dict(DEFAULT_LABELS)
    if name is not None:
        notebook = registry.get(name, "table").notebook
        labels.update(registry.LABELS.get(notebook, {}))
    return labels


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns whose values are all whole numbers (an integer column with gaps) as Int64."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any() \
                and (values.dropna() % 1 == 0).all():
            out[column] = values.astype("Int64")
    return out


def _plain(value):
    if value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _cell(column: str, value, formatter: Callable[[object], str] | None) -> str:
    """A cell as text: blank where the value is missing, whoever formats the column."""
    if formatter is None:
        return format_value(column, value)
    return "" if _missing(value) else formatter(value)


def table_cells(table: pd.DataFrame, name: str | None = None,
                sections: pd.Series | None = None, terms: pd.Series | None = None,
                labels: Mapping[str, str] | None = None,
                formats: Mapping[str, Callable[[object], str]] | None = None
                ) -> tuple[pd.DataFrame, list[bool]]:
    """Every cell of a table as text a reader can use, with its columns labelled in words.

    Parameters
    ----------
    table : DataFrame
        The rows and columns to show, as computed or read from the saved table.
    name : str, optional
        The registered table: its notebook's ``[labels]`` label the columns.
    sections : Series, optional
        Short section labels by section_id, shown in place of ids.
    terms : Series, optional
        Term labels by term id, shown in place of ids in :data:`TERM_COLUMNS`.
    labels, formats : mapping, optional
        Column labels and per-column formatters that override the defaults (a
        formatter is given only present values: a missing one is shown blank).

    Returns
    -------
    cells : DataFrame
        Strings, index 0..n-1, columns labelled in words.
    numeric : list of bool
        Whether each column holds numbers (to be right-aligned).
    """
    frame = _whole_numbers(table.reset_index(drop=True))
    if sections is not None:
        for column in SECTION_COLUMNS:
            if column in frame.columns:
                frame[column] = frame[column].map(lambda s: sections.get(s, s))
    if terms is not None:
        for column in TERM_COLUMNS:
            if column in frame.columns:
                frame[column] = frame[column].map(lambda t: terms.get(t, t))
    names = column_labels(name)
    names.update(labels or {})
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    cells = pd.DataFrame({c: [_cell(c, _plain(v), (formats or {}).get(c)) for v in frame[c]]
                          for c in frame.columns}, index=range(len(frame)))
    cells.columns = [names.get(c, c.replace("_", " ")) for c in frame.columns]
    return cells, numeric


def show(table: pd.DataFrame, name: str | None = None, columns: list[str] | None = None,
         rows: int | None = DISPLAY_ROWS, sections: pd.Series | None = None,
         labels: Mapping[str, str] | None = None,
         formats: Mapping[str, Callable[[object], str]] | None = None) -> Shown:
    """A table for a reader: labels in words, section names, rounded numbers, its first rows.

    Parameters
    ----------
    table : DataFrame
        The table as computed (or saved).
    name : str, optional
        The registered table it is (or is cut from): its notebook's column labels
        are used, and the "more rows" line names it.
    columns : list of str, optional
        The columns to show, in order (default: all).
    rows : int or None, default :data:`DISPLAY_ROWS`
        Rows shown; None shows all.
    sections : Series, optional
        Short section labels by section_id: columns holding section ids show them.
    labels : mapping, optional
        Column labels that override the registered ones.
    formats : mapping of column to callable, optional
        A formatter per column that overrides :func:`format_value`.

    Returns
    -------
    Shown
        Displays as HTML in a notebook, as text elsewhere.
    """
    frame = table[columns] if columns is not None else table
    total = len(frame)
    if rows is not None:
        frame = frame.head(rows)
    text, numeric_flags = table_cells(frame, name, sections=sections, labels=labels,
                                      formats=formats)
    note = ""
    if rows is not None and total > rows:
        note = (f"Showing the first {rows} of {total:,} rows"
                + (f"; all are in the saved table `{name}`." if name else "."))
    styler = (text.style.hide(axis="index").set_uuid(f"table-{name or 'shown'}")
              .set_properties(**{"text-align": "left"})
              .set_table_styles([{"selector": "th", "props": "text-align: left;"}]))
    right = [label for label, n in zip(text.columns, numeric_flags, strict=True) if n]
    if right:
        styler = styler.set_properties(subset=right, **{"text-align": "right"})
    if note:
        styler = styler.set_caption(note).set_table_styles(
            [{"selector": "caption", "props": "caption-side: bottom; text-align: left;"}],
            overwrite=False)
    plain = text.to_string(index=False) + (f"\n{note}" if note else "")
    return Shown(styler.to_html(), plain)
