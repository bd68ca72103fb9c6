"""In-text citations: the forms the study reads, and where they are in the text.

Table (columns) of :func:`citation_table`: citation_id, paragraph_id,
section_id, form, text, authors, year, locator, locator_kind, author_key.
Matching against the reference list and the audit are in
:mod:`analysis.citation_audit`.

Forms read (see :data:`CITATION_FORMS`): parenthetical author-year citations
with an optional locator (``(Mundell, 2017, p. 56)``, ``(Mottaghi, 2021: p. 6)``,
``(Pourhassan et al., 2021: 252)``, ``(Hashemi and Rezai, 2019, p. 67)``),
several separated by semicolons in one bracket, news citations whose locator is
a news code (``(Outlet, 2020, News Code: 1495491)``, ``(Outlet, 2015, news code,
513728)``), legal sources cited by article (``(Constitution, Articles 11, 152,
and 153)``), and narrative citations (``Buzan (1991, p. 3) argues``). A bracket
that holds a bare year after a lower-case word (``since (2008)``) is not a
citation. :func:`citation_brackets` is the one definition of where citations
are: the tokeniser removes exactly these spans.

A citation's first author is keyed for matching (:func:`citation_author_key`):
the first name before "and", "&", "et al." or a comma, with accents removed,
case folded and everything but letters and digits dropped.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from analysis.text import YEAR

CITATION_COLUMNS = ["citation_id", "paragraph_id", "section_id", "form", "text", "authors",
                    "year", "locator", "locator_kind", "author_key"]

#: The forms of in-text citation the parser reads, for the methods text.
CITATION_FORMS = {
    "parenthetical": "(Author, 2017, p. 56); (Author, 2021: p. 6); (A et al., 2021: 252); "
                     "(A and B, 2019); several separated by ';' in one bracket",
    "news": "(Outlet, 2020, News Code: 1495491) or (Outlet, 2015, news code, 513728)",
    "legal": "(Constitution, Articles 11, 152, and 153): a bracket naming an article",
    "narrative": "Author (2019) or Author et al. (2019, p. 4): capitalised name(s) "
                 "right before a bracketed year",
}

_YEAR = rf"{YEAR}|n\.d\."
_PARENS = re.compile(r"\(([^()]*)\)")
_AUTHOR_YEAR = re.compile(
    rf"^\s*(?P<authors>[^\d;()]*?[^\W\d_][^\d;()]*?)\s*,\s*(?P<year>{_YEAR})"
    r"\s*(?:(?:,|:)\s*(?P<locator>.*?))?\s*$")
_YEAR_ONLY = re.compile(rf"^\s*(?P<year>{_YEAR})\s*(?:(?:,|:)\s*(?P<locator>.*?))?\s*$")
_ARTICLE = re.compile(r"\b(?:Articles?|Arts?\.)\s*\d")
_NARRATIVE_NAME = re.compile(
    r"((?:[A-Z][\w'’-]+|de|van|von|al-[\w-]+)"
    r"(?:\s+(?:[A-Z][\w'’-]+|de|van|von|al-[\w-]+|and|&))*(?:\s+et\s+al\.)?)\s*$")
#: Capitalised words that start a phrase rather than name an author.
_NOT_NAMES = {"In", "Since", "From", "By", "Until", "After", "Before", "During", "The", "And",
              "Of", "On", "At", "To", "For", "With", "As", "Circa", "About", "Around",
              "Between", "Also", "Then", "Year", "Years", "Early", "Late", "Mid"}
_SPLIT_AUTHORS = re.compile(r"\s+(?:and|&)\s+|\s+et\s+al\.?|,", re.I)



# ---------------------------------------------------------------------------
# Keys


def normalise_name(name: str) -> str:
    """A name as a key: accents removed, case folded, only letters and digits kept.

    Parameters
    ----------
    name : str
        A name as written.

    Returns
    -------
    str
        The key ("Pourhassan-Nejad" -> "pourhassannejad").
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c.isalnum())


def citation_author_key(authors: str) -> str:
    """Key of a citation's first author: the text before "and", "&", "et al." or a comma.

    Parameters
    ----------
    authors : str
        A citation's authors as written.

    Returns
    -------
    str
        :func:`normalise_name` of the first author.
    """
    first = _SPLIT_AUTHORS.split(authors.strip(), maxsplit=1)[0]
    return normalise_name(first)


def locator_kind(locator: str) -> str:
    """What a locator points to.

    Parameters
    ----------
    locator : str
        The locator of a citation, as written ("p. 56", "News Code: 1495491").

    Returns
    -------
    str
        "none" (no locator), "news_code", "article", "page" (a number or range,
        with or without "p." or "pp.") or "other", tested in that order.
    """
    if not locator:
        return "none"
    if re.search(r"news\s*code|news\s*no", locator, re.I):
        return "news_code"
    if _ARTICLE.search(locator):
        return "article"
    if re.fullmatch(r"(?:pp?\.?\s*)?\d+(?:\s*[-–]\s*\d+)?", locator.strip(), re.I):
        return "page"
    return "other"


# ---------------------------------------------------------------------------
# Parsing


def parse_bracket(content: str) -> list[dict[str, str]]:
    """Citations inside one bracket's content (without the brackets).

    Parameters
    ----------
    content : str
        The text between the parentheses.

    Returns
    -------
    list of dict
        One per citation read, in order, each with authors, year, locator (all
        as written, "" if absent) and form ("parenthetical", "news" or
        "legal"); [] if the bracket holds none.
    """
    found = []
    for part in content.split(";"):
        part = part.strip()
        match = _AUTHOR_YEAR.match(part)
        if match:
            locator = (match.group("locator") or "").strip(" ,.")
            kind = locator_kind(locator)
            found.append({"authors": match.group("authors").strip(" ,"),
                          "year": match.group("year"), "locator": locator,
                          "form": "news" if kind == "news_code" else "parenthetical"})
            continue
        article = _ARTICLE.search(part)
        if article:
            authors = part[: article.start()].strip(" ,;")
            if authors and any(c.isalpha() for c in authors):
                found.append({"authors": authors, "year": "",
                              "locator": part[article.start():].strip(" ,."),
                              "form": "legal"})
    return found


def parse_citations(text: str) -> list[dict[str, str]]:
    """Every citation in a paragraph's ``text``, in reading order.

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    list of dict
        Each with text (the bracket, or the narrative phrase, as written), form,
        authors, year, locator, locator_kind, and bracket (the bracket's start
        and end offsets in ``text``).
    """
    found = []
    for bracket in _PARENS.finditer(text):
        content = bracket.group(1)
        items = parse_bracket(content)
        if not items:
            year_only = _YEAR_ONLY.match(content)
            name = _NARRATIVE_NAME.search(text[: bracket.start()]) if year_only else None
            if name and name.group(1).split()[0] not in _NOT_NAMES:
                locator = (year_only.group("locator") or "").strip(" ,.")
                items = [{"authors": name.group(1), "year": year_only.group("year"),
                          "locator": locator, "form": "narrative"}]
                start = name.start(1)
            else:
                continue
        else:
            start = bracket.start()
        for item in items:
            item["text"] = text[start: bracket.end()]
            item["bracket"] = (bracket.start(), bracket.end())
            item["locator_kind"] = locator_kind(item["locator"])
            found.append(item)
    return found


def citation_brackets(text: str) -> list[tuple[int, int]]:
    """Character spans of the brackets that hold in-text citations, in reading order.

    The one definition of a citation that the tokeniser removes and the audit
    counts: a narrative citation's name ("Buzan (1991)") stays in the text,
    only its bracket is a citation. A bracket holding anything else, years
    included ("since (2008)", "(June 2014)"), is text.

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    list of tuple of int
        (start, end) offsets, unique, sorted.
    """
    return sorted({item["bracket"] for item in parse_citations(text)})


def citation_table(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per in-text citation in ``paragraphs``.

    Parameters
    ----------
    paragraphs : DataFrame
        :attr:`analysis.paper.Paper.paragraphs` (paragraph_id, section_id, text).

    Returns
    -------
    DataFrame
        citation_id (``C001``, ...), paragraph_id, section_id, form, text,
        authors, year, locator, locator_kind, author_key, all as strings; in
        reading order. A paper with no citations of these forms gives an empty
        table with the same columns.
    """
    rows = []
    for paragraph in paragraphs.itertuples():
        for item in parse_citations(paragraph.text):
            rows.append({"citation_id": f"C{len(rows) + 1:03d}",
                         "paragraph_id": paragraph.paragraph_id,
                         "section_id": paragraph.section_id, **item,
                         "author_key": citation_author_key(item["authors"])})
    return pd.DataFrame(rows, columns=CITATION_COLUMNS).astype({c: "str"
                                                                for c in CITATION_COLUMNS})
