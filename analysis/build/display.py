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
}
SECTION_COLUMNS = ("section_id", "section_a", "section_b")


def _is_p(column: str) -> bool:
    return column in ("p", "p_value", "p_adjusted", "q_value") or column.endswith("_p")


def format_value(column: str, value) -> str:
    """A value as text, rounded by what its column holds.

    p-values: "< 0.001" or three decimals; rates, G2 and counts of words per
    thousand: one decimal; shares: a percentage; other fractions: two decimals;
    integers with thousands separators; text cut at :data:`TEXT_WIDTH`.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if _is_p(column):
            return "< 0.001" if value < 0.001 else f"{value:.3f}"
        if "share" in column:
            return f"{value:.0%}"
        if "rate" in column or column in ("g2", "expected"):
            return f"{value:,.1f}"
        return f"{value:,.2f}"
    text = str(value)
    return textwrap.shorten(text, TEXT_WIDTH, placeholder=" …") if len(text) > TEXT_WIDTH \
        else text


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
    frame = frame.copy()
    if sections is not None:
        for column in SECTION_COLUMNS:
            if column in frame.columns:
                frame[column] = frame[column].map(lambda s: sections.get(s, s))
    names = column_labels(name)
    names.update(labels or {})
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    text = pd.DataFrame({c: [(formats or {}).get(c, lambda v, c=c: format_value(c, v))(
        v.item() if hasattr(v, "item") else v) for v in frame[c]] for c in frame.columns},
        index=range(len(frame)))
    text.columns = [names.get(c, c.replace("_", " ")) for c in frame.columns]
    note = ""
    if rows is not None and total > rows:
        note = (f"Showing the first {rows} of {total:,} rows"
                + (f"; all are in the saved table `{name}`." if name else "."))
    styler = (text.style.hide(axis="index").set_uuid(f"table-{name or 'shown'}")
              .set_properties(**{"text-align": "left"})
              .set_table_styles([{"selector": "th", "props": "text-align: left;"}]))
    right = [text.columns[frame.columns.get_loc(c)] for c in numeric]
    if right:
        styler = styler.set_properties(subset=right, **{"text-align": "right"})
    if note:
        styler = styler.set_caption(note).set_table_styles(
            [{"selector": "caption", "props": "caption-side: bottom; text-align: left;"}],
            overwrite=False)
    plain = text.to_string(index=False) + (f"\n{note}" if note else "")
    return Shown(styler.to_html(), plain)
