"""Reference-list entries: grouped from the list's lines and parsed into authors, year, title.

Table (columns) of :func:`reference_table`: reference_id, order, authors,
year, title, text, line.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.text import BULLET, YEAR, YEAR_WORD, clean_inline, first_sentence

REFERENCE_COLUMNS = ["reference_id", "order", "authors", "year", "title", "text", "line"]

_YEAR_IN_PARENS = re.compile(rf"\(({YEAR}|n\.d\.)\)")
_YEAR_SENTENCE = re.compile(rf"(?<=\.)\s+({YEAR})\.\s")


def parse_reference(text: str) -> dict[str, str]:
    """Authors, year and title of one reference entry, as written.

    Three shapes are read: ``Author, A. (2020). Title. Venue``, ``Author, A. 2020.
    Title. Venue`` and ``Author, A. Title. Place: Publisher, 1998``. The title is the
    text after the year (or after the authors) up to the end of its first sentence
    (:func:`analysis.text.first_sentence`); a quoted title is taken whole. Entries that
    run title and venue together with commas keep the venue in the title: the field is
    what the entry says, not a repair.

    Parameters
    ----------
    text : str
        One entry, as written.

    Returns
    -------
    dict
        authors, year (as written, "" if none) and title.
    """
    year_match = _YEAR_IN_PARENS.search(text) or _YEAR_SENTENCE.search(text)
    if year_match:
        authors = text[: year_match.start()]
        year = year_match.group(1)
        rest = text[year_match.end():].lstrip(" .,:;")
    else:
        authors = first_sentence(text)
        rest = text[len(authors):].lstrip(" .")
        years = YEAR_WORD.findall(text)
        year = years[-1] if years else ""
    rest = rest.strip()
    quoted = re.match(r"^[\"“](.+?)[\"”]", rest)
    title = quoted.group(1) if quoted else first_sentence(rest)
    return {
        "authors": authors.strip(" ,.;"),
        "year": year,
        "title": title.strip(" ,.;\"“”"),
    }


def reference_entries(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Group reference-section lines into entries: by bullet, else by blank-line block.

    Parameters
    ----------
    lines : list of (int, str)
        (line number, text) of the reference section, "" for a blank line.

    Returns
    -------
    list of (int, str)
        (first line number, cleaned text) of each entry.
    """
    bulleted = any(BULLET.match(text) for _, text in lines if text)
    entries: list[tuple[int, list[str]]] = []
    new_block = True
    for number, text in lines:
        if not text:
            new_block = True
            continue
        starts = bool(BULLET.match(text)) if bulleted else new_block
        if starts or not entries:
            entries.append((number, [BULLET.sub("", text, count=1)]))
        else:
            entries[-1][1].append(text)
        new_block = False
    return [(number, clean_inline(" ".join(parts))) for number, parts in entries]


def reference_table(entries: list[tuple[int, str]]) -> pd.DataFrame:
    """The reference entries parsed into a table.

    Parameters
    ----------
    entries : list of (int, str)
        (first line number, text) of each entry (:func:`reference_entries`).

    Returns
    -------
    DataFrame
        reference_id (``R01``, ``R02``, ...), order (1-based), authors, year
        and title (:func:`parse_reference`), text (the entry as written), line;
        one row per entry in list order, an empty table with these columns if
        there is none.
    """
    rows = [
        {"reference_id": f"R{i:02d}", "order": i, **parse_reference(text), "text": text,
         "line": number}
        for i, (number, text) in enumerate(entries, start=1)
    ]
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)


