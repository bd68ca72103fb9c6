"""Readers of bibliography files, for :func:`analysis.references.read_bibliography`.

Each reader returns one dict per entry, in file order, with key, authors,
n_authors, year, title, text, line and pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.text import YEAR_WORD


def bibtex_rows(path: Path) -> list[dict]:
    """Entries of a BibTeX file, read with bibtexparser 2 (LaTeX decoded, names split).

    Parameters
    ----------
    path : Path

    Returns
    -------
    list of dict
        key, authors ("Surname, Given and ..."), n_authors (3 at least when the
        list ends with "others"), year (from ``year`` or ``date``), title,
        text ("Authors (year). Title. Venue"), line (the entry's first line),
        pages.
    """
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(
        path.read_text(encoding="utf-8"),
        append_middleware=[middlewares.LatexDecodingMiddleware(),
                           middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    rows = []
    for entry in library.entries:
        fields = {k.lower(): v.value for k, v in entry.fields_dict.items()}
        names = fields.get("author") or fields.get("editor") or []
        if isinstance(names, str):
            names = [names]
        people = []
        for name in names:
            if hasattr(name, "last"):
                surname = " ".join(name.von + name.last)
                given = " ".join(name.first + name.jr)
                people.append(f"{surname}, {given}".strip(" ,"))
            else:
                people.append(str(name))
        others = any(p.lower() == "others" for p in people)
        people = [p for p in people if p.lower() != "others"]
        year_field = str(fields.get("year") or fields.get("date") or "")
        year = (YEAR_WORD.search(year_field) or [""])[0] if year_field else ""
        title = " ".join(str(fields.get("title", "")).replace("{", "").replace("}", "").split())
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("publisher") or ""
        rows.append({"key": entry.key, "authors": " and ".join(people),
                     "n_authors": 3 if others and len(people) < 3 else len(people),
                     "year": year, "title": title,
                     "text": f"{'; '.join(people)} ({year or 'n.d.'}). {title}. {venue}".strip(
                         " ."), "line": entry.start_line + 1, "pages": fields.get("pages", "")})
    return rows


def csl_rows(path: Path) -> list[dict]:
    """Entries of a CSL JSON file, with the keys of :func:`bibtex_rows`."""
    rows = []
    for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        people = [a.get("literal") or f"{a.get('family', '')}, {a.get('given', '')}".strip(" ,")
                  for a in item.get("author", [])]
        parts = (item.get("issued") or {}).get("date-parts") or [[""]]
        year = str(parts[0][0]) if parts and parts[0] else ""
        title = item.get("title", "")
        rows.append({"key": str(item.get("id", "")), "authors": " and ".join(people),
                     "n_authors": len(people), "year": year, "title": title,
                     "text": f"{'; '.join(people)} ({year or 'n.d.'}). {title}. "
                             f"{item.get('container-title', '')}".strip(" ."),
                     "line": i + 1, "pages": item.get("page", "")})
    return rows


def manubot_rows(path: Path) -> list[dict]:
    """Cited keys of a Manubot ``citations.tsv`` (input_id; standard_id as the text)."""
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return [{"key": r.input_id, "authors": "", "n_authors": 0, "year": "", "title": "",
             "text": r.standard_id, "line": i + 2, "pages": ""}
            for i, r in enumerate(table.itertuples())]
