"""In-text citations in every common style, and where they are in the text.

Table (columns) of :func:`citation_table`: citation_id, paragraph_id,
section_id, style, form, text, key, prefix, authors, year, locator,
locator_kind, author_key: one row per cited work per mention (a bracket of
three keys gives three rows). Matching against the reference list and the
audit are in :mod:`analysis.citation_audit`.

Styles read (:data:`CITATION_STYLES`; the key-based ones in
:mod:`analysis.citation_styles`):

* **pandoc** and **Manubot**: ``[@key]``, ``[@a; @b, p. 3]``, ``[see @a]``,
  ``[-@key]``, narrative ``@key`` and ``@key [p. 3]``, ``[@doi:10.1/x]``,
  ``[@tag:x]``; pandoc-crossref ``@fig:``/``@tbl:`` are not citations.
* **numbered**: ``[1]``, ``[1–3]``, ``[1, 4]``.
* **bracketed keys**: ``[wilson2014]``, ``[a2001, b2002]``, ``[[key](#key)]``.
* **author-year**: parenthetical citations with an optional prefix ("e.g.,",
  "see", "cf.") and locator (``(Mundell, 2017, p. 56)``, ``(Mottaghi, 2021: p. 6)``,
  ``(Pourhassan et al., 2021: 252)``, ``(Kim & Lee, 2019: 14)``,
  ``(e.g., Buzan, 1991; Wæver, 1995)``), news citations whose locator is a
  news code (``(Outlet, 2020, News Code: 1495491)``), legal sources cited by
  article (``(Constitution, Articles 11, 152, and 153)``), and narrative
  citations, initials allowed (``Buzan (1991, p. 3) argues``, ``Y. Kim et al.
  (2020)``, ``Kim and Lee (2019)``). A bracket that holds a bare year after a
  lower-case word (``since (2008)``) is not a citation. Narrative citations
  without a year ("Buzan argues") need the reference list's names and are
  read by :mod:`analysis.citation_checks`.

:func:`citation_brackets` is the one definition of where citations are: the
tokeniser removes exactly these spans (a narrative author-year citation's
name stays in the text; only its bracket is a citation).

A citation's first author is keyed for matching (:func:`citation_author_key`):
the first name before "and", "&", "et al." or a comma, initials dropped, with
accents removed, case folded and everything but letters and digits dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from analysis.citation_styles import parse_bracketed_keys, parse_numbered, parse_pandoc
from analysis.text import YEAR

#: The form of a listed author named without a year ("Buzan argues"), which
#: :func:`analysis.citation_checks.author_mentions` adds: a mention, not a citation read.
MENTION_FORM = "narrative, no year"

CITATION_COLUMNS = ["citation_id", "paragraph_id", "section_id", "style", "form", "text", "key",
                    "prefix", "authors", "year", "locator", "locator_kind", "author_key"]

#: The citation styles the parser reads, for the methods text.
CITATION_STYLES = {
    "pandoc": "[@key], [@a; @b, p. 3], [see @a], [-@key], narrative @key and @key [p. 3]",
    "manubot": "pandoc citations whose key names its source: [@doi:10.1/x], [@pmid:1], "
               "[@arxiv:1.2], [@url:https://...], [@tag:x]",
    "numbered": "[1], [2–4], [1, 5]: numbers matched to a numbered reference list",
    "bracketed_key": "[wilson2014], [a2001, b2002], [[key](#key)]: keys matched to the list's "
                     "labels or anchors",
    "author_year": "(Author, 2017, p. 56), (e.g., A, 1991; B, 1995), (see A et al., 2021: 25), "
                   "news codes, articles of a constitution, and narrative Author (2019), "
                   "Y. Kim et al. (2020), Kim and Lee (2019)",
}
#: Each style's name in a sentence.
STYLE_NAMES = {"pandoc": "pandoc", "manubot": "Manubot", "numbered": "numbered",
               "bracketed_key": "bracketed keys", "author_year": "author-year"}
#: The forms of in-text citation, for the methods text.
CITATION_FORMS = {
    "parenthetical": "the citation stands in brackets: (Author, 2017, p. 56); [@key]; [key]",
    "narrative": "the author is part of the sentence: Author (2019); @key",
    "suppress_author": "pandoc's [-@key]: the year only, the author named in the sentence",
    "news": "(Outlet, 2020, News Code: 1495491) or (Outlet, 2015, news code, 513728)",
    "legal": "(Constitution, Articles 11, 152, and 153): a bracket naming an article",
    "numbered": "[1], [2–4]: a number of the reference list",
}

_YEAR = rf"{YEAR}|n\.d\."
_PARENS = re.compile(r"\(([^()]*)\)")
_PREFIX = re.compile(r"^\s*(?P<prefix>(?:e\.\s?g\.|i\.\s?e\.|cf\.|see(?:\s+also)?|also|"
                     r"for\s+example|for\s+instance|compare|(?:as\s+)?(?:cited|quoted)\s+in)"
                     r"[,:]?)\s+", re.I)
_AUTHOR_YEAR = re.compile(
    rf"^\s*(?P<authors>[^\d;()]*?[^\W\d_][^\d;()]*?)\s*,\s*(?P<year>{_YEAR})"
    r"\s*(?:(?:,|:)\s*(?P<locator>.*?))?\s*$")
_YEAR_ONLY = re.compile(rf"^\s*(?P<year>{_YEAR})\s*(?:(?:,|:)\s*(?P<locator>.*?))?\s*$")
_ARTICLE = re.compile(r"\b(?:Articles?|Arts?\.)\s*\d")
_NAME = r"(?:[A-Z][\w'’-]+|de|van|von|al-[\w-]+)"
_NARRATIVE_NAME = re.compile(
    rf"((?:[A-Z]\.\s?(?:-?[A-Z]\.\s?)*)?{_NAME}(?:\s+(?:{_NAME}|and|&))*(?:\s+et\s+al\.)?)\s*$")
#: Capitalised words that start a phrase rather than name an author.
_NOT_NAMES = {"In", "Since", "From", "By", "Until", "After", "Before", "During", "The", "And",
              "Of", "On", "At", "To", "For", "With", "As", "Circa", "About", "Around",
              "Between", "Also", "Then", "Year", "Years", "Early", "Late", "Mid", "See", "E.g.",
              "Unlike", "Like", "Following", "Per", "Cf."}
_SPLIT_AUTHORS = re.compile(r"\s+(?:and|&)\s+|\s+et\s+al\.?|,", re.I)
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?(?:-?[A-Z]\.\s?)*)+")


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
    """Key of a citation's first author: the name before "and", "&", "et al." or a comma.

    Leading initials ("Y. Kim et al.") are dropped.

    Parameters
    ----------
    authors : str
        A citation's authors as written.

    Returns
    -------
    str
        :func:`normalise_name` of the first author's surname.
    """
    first = _SPLIT_AUTHORS.split(authors.strip(), maxsplit=1)[0]
    return normalise_name(_INITIALS.sub("", first.strip()))


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
    if re.fullmatch(r"(?:pp?\.?\s*)?\d+(?:\s*[-–]+\s*\d+)?", locator.strip(), re.I):
        return "page"
    return "other"


# ---------------------------------------------------------------------------
# Author-year


def parse_bracket(content: str) -> list[dict[str, str]]:
    """Author-year citations inside one round bracket's content (without the brackets).

    Parameters
    ----------
    content : str
        The text between the parentheses.

    Returns
    -------
    list of dict
        One per citation read, in order, each with prefix ("e.g.,", "see", ...),
        authors, year, locator (all as written, "" if absent) and form
        ("parenthetical", "news" or "legal"); [] if the bracket holds none.
    """
    found = []
    for part in content.split(";"):
        prefix = _PREFIX.match(part)
        part = part[prefix.end():] if prefix else part
        prefix_text = prefix.group("prefix") if prefix else ""
        match = _AUTHOR_YEAR.match(part)
        if match:
            locator = (match.group("locator") or "").strip(" ,.")
            kind = locator_kind(locator)
            found.append({"prefix": prefix_text, "authors": match.group("authors").strip(" ,"),
                          "year": match.group("year"), "locator": locator,
                          "form": "news" if kind == "news_code" else "parenthetical"})
            continue
        article = _ARTICLE.search(part)
        if article:
            authors = part[: article.start()].strip(" ,;")
            if authors and any(c.isalpha() for c in authors):
                found.append({"prefix": prefix_text, "authors": authors, "year": "",
                              "locator": part[article.start():].strip(" ,."), "form": "legal"})
    return found


def narrative_name(before: str) -> tuple[str, int] | None:
    """The author name that ends ``before`` (the text right before a bracketed year).

    Parameters
    ----------
    before : str
        The paragraph's text up to the bracket.

    Returns
    -------
    tuple of (str, int) or None
        The name as written (capitalised words, "and", "&", initials and
        "et al."; leading phrase words such as "In" or "The" dropped) and its
        start offset in ``before``; None if no name ends there.
    """
    match = _NARRATIVE_NAME.search(before)
    if not match:
        return None
    words = match.group(1).split()
    start = match.start(1)
    while words and (words[0] in _NOT_NAMES or words[0] in ("and", "&", "de", "van", "von")):
        start = before.index(words[0], start) + len(words[0])
        words = words[1:]
    if not words or all(_INITIALS.fullmatch(w + " ") or _INITIALS.fullmatch(w) for w in words):
        return None
    start = before.index(words[0], start)
    return " ".join(words), start


def parse_author_year(text: str) -> list[dict]:
    """Author-year citations in ``text`` (see the module docstring).

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    list of dict
        In reading order, with the keys of :func:`parse_citations`; style
        "author_year", key "".
    """
    found = []
    for bracket in _PARENS.finditer(text):
        content = bracket.group(1)
        items = parse_bracket(content)
        start = bracket.start()
        if not items:
            year_only = _YEAR_ONLY.match(content)
            name = narrative_name(text[: bracket.start()]) if year_only else None
            if name is None:
                continue
            locator = (year_only.group("locator") or "").strip(" ,.")
            items = [{"prefix": "", "authors": name[0], "year": year_only.group("year"),
                      "locator": locator, "form": "narrative"}]
            start = name[1]
        for item in items:
            found.append({"style": "author_year", "key": "", **item,
                          "text": text[start: bracket.end()],
                          "span": (bracket.start(), bracket.end())})
    return found


# ---------------------------------------------------------------------------
# All styles


def _read(text: str, known_keys: Iterable[str]) -> list[dict]:
    """Every citation in ``text``, each flagged ``doubled`` if it repeats the next one."""
    keyed = parse_pandoc(text) + parse_numbered(text) + parse_bracketed_keys(text, known_keys)
    starts = {c["span"][0] for c in keyed}
    found = keyed + parse_author_year(text)
    for item in found:
        end = item["span"][1]
        gap = len(text[end:]) - len(text[end:].lstrip())
        item["doubled"] = item["style"] == "author_year" and end + gap in starts
        item["locator_kind"] = locator_kind(item["locator"])
    return sorted(found, key=lambda c: c["span"][0])


def parse_citations(text: str, known_keys: Iterable[str] = ()) -> list[dict]:
    """Every citation in a paragraph's ``text``, in every style read, in reading order.

    An author-year narrative citation written right before a keyed citation
    of the same work ("Jensen (2018) [@doi:10.1/x]") is read once, as the key.

    Parameters
    ----------
    text : str
        One paragraph as written.
    known_keys : iterable of str, optional
        The reference list's keys, so that a bracketed key without a year
        (``[UIllinois]``) is read (:func:`analysis.citation_styles.parse_bracketed_keys`).

    Returns
    -------
    list of dict
        One per cited work, each with style, form, key, prefix, authors, year,
        locator, locator_kind, text (the bracket, or the narrative phrase, as
        written) and bracket (the start and end offsets of the span the
        tokeniser removes).
    """
    found = [item for item in _read(text, known_keys) if not item.pop("doubled")]
    for item in found:
        item["bracket"] = item.pop("span")
    return found


def citation_brackets(text: str, known_keys: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Character spans of the in-text citations the tokeniser removes, in reading order.

    The one definition of a citation that the tokeniser removes and the audit
    counts, in every style of :func:`parse_citations`: a bracket of citations
    (``[@a; @b]``, ``[1–3]``, ``[key]``, ``(Buzan, 1991)``), a narrative
    pandoc key with its bracketed locator (``@key [p. 3]``), and the bracketed
    year of a narrative author-year citation ("Buzan (1991)": the name stays;
    also where a key follows, "Jensen (2018) [@doi:10.1/x]"). A bracket holding
    anything else, years included ("since (2008)", "(June 2014)"), and pandoc
    cross-references (``@fig:x``) are text.

    Parameters
    ----------
    text : str
        One paragraph as written.
    known_keys : iterable of str, optional
        As in :func:`parse_citations`.

    Returns
    -------
    list of tuple of int
        (start, end) offsets, unique, sorted, not overlapping.
    """
    spans = sorted({item["span"] for item in _read(text, known_keys)})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def citation_table(paragraphs: pd.DataFrame, known_keys: Iterable[str] = ()) -> pd.DataFrame:
    """One row per cited work per mention in ``paragraphs``.

    Parameters
    ----------
    paragraphs : DataFrame
        :attr:`analysis.paper.Paper.paragraphs` (paragraph_id, section_id, text).
    known_keys : iterable of str, optional
        As in :func:`parse_citations`.

    Returns
    -------
    DataFrame
        citation_id (``C001``, ...), paragraph_id, section_id, style, form,
        text, key, prefix, authors, year, locator, locator_kind, author_key, all
        as strings; in reading order. A paper with no citations of these styles
        gives an empty table with the same columns.
    """
    keys = list(known_keys)
    rows = []
    for paragraph in paragraphs.itertuples():
        for item in parse_citations(paragraph.text, keys):
            item.pop("bracket")
            rows.append({"citation_id": "", "paragraph_id": paragraph.paragraph_id,
                         "section_id": paragraph.section_id, **item,
                         "author_key": citation_author_key(item["authors"])})
    width = max(3, len(str(len(rows))))
    for i, row in enumerate(rows, start=1):
        row["citation_id"] = f"C{i:0{width}d}"
    return pd.DataFrame(rows, columns=CITATION_COLUMNS).astype({c: "str"
                                                                for c in CITATION_COLUMNS})


def style_counts(citations: pd.DataFrame) -> pd.DataFrame:
    """Citations and distinct works per style.

    Parameters
    ----------
    citations : DataFrame
        :func:`citation_table`.

    Returns
    -------
    DataFrame
        style, n_citations (cited works, one per mention), n_works (distinct
        keys, or distinct first author and year); by n_citations
        (descending), then style. Empty (same columns) without citations.
    """
    if citations.empty:
        return pd.DataFrame(columns=["style", "n_citations", "n_works"])
    work = citations["key"].where(citations["key"] != "",
                                  citations["author_key"] + " " + citations["year"])
    table = citations.assign(work=work).groupby("style", sort=True).agg(
        n_citations=("citation_id", "size"), n_works=("work", "nunique")).reset_index()
    return table.sort_values(["n_citations", "style"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)
