"""In-text citations written with keys or numbers: pandoc, Manubot, numbered, bracketed keys.

Each reader takes one paragraph's text, as written, and returns the citations
it finds, in reading order, as dicts with the keys of
:func:`analysis.citations.parse_citations` (style, form, key, prefix, locator,
text and span, the start and end offsets of the text removed from the running
words). Author-year citations are read by :mod:`analysis.citations` itself.

The styles, and what is *not* read as a citation:

``pandoc`` and ``manubot``
    ``[@key]``, ``[@a; @b, p. 3]``, ``[see @a, pp. 4-5; also @b]``, ``[-@key]``
    (author suppressed), narrative ``@key`` and ``@key [p. 3]``. Keys follow
    pandoc's grammar: a letter, digit or ``_``, then letters, digits, ``_`` and
    internal punctuation (``:.#$%&-+?<>~/``) followed by a letter or digit
    (``://`` is allowed, for URLs); an ``@`` right after a letter or digit (an
    e-mail address) starts no citation. A key with a Manubot prefix
    (:data:`MANUBOT_PREFIXES`: ``doi:``, ``pmid:``, ``arxiv:``, ``url:``,
    ``tag:`` ...) is a Manubot citation. pandoc-crossref references
    (:data:`CROSSREF_PREFIXES`: ``@fig:``, ``@tbl:``, ``@eq:``, ``@sec:``) are
    not citations, nor is anything inside a code span.
``numbered``
    ``[1]``, ``[2–4]`` (a range is every number in it), ``[1, 5]``,
    ``[2,3,6-7]``: numbers from 1 to 999 in square brackets, not right after a
    letter, digit or bracket (``data[1]``), nor a link (``[1](url)``) or a
    link definition (``[1]:``).
``bracketed_key``
    ``[wilson2014]``, ``[wilson2014, noble2009]`` and the anchor-link form
    ``[[kitzes2016](#kitzes2016)]`` (whose key is the anchor). A bare key is a
    name followed by a four-digit year (``smith2020``, ``st-laurent2004b``)
    or one of the reference list's own keys (``known_keys``); a footnote
    marker ``[^1]``, a link ``[text](url)`` and an aside ``[in words]`` are
    not citations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Key prefixes that make a pandoc citation a Manubot one.
MANUBOT_PREFIXES = ("doi", "pmid", "pmcid", "arxiv", "url", "tag", "isbn", "wikidata", "raw",
                    "https", "http")
#: Key prefixes of pandoc-crossref references, which are not citations.
CROSSREF_PREFIXES = ("fig", "tbl", "eq", "sec", "lst")

_KEY = r"[\w](?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*"
_CITE_KEY = re.compile(rf"(?<![\w@])(?P<suppress>-?)@"
                       rf"(?:(?P<key>{_KEY})|\{{(?P<braced>[^{{}}]+)\}})")
_SQUARE = re.compile(r"\[([^\[\]]*)\]")
_LOCATOR_AFTER = re.compile(r"\s?\[(?P<locator>[^\[\]@]*)\]")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_NUMBER_RANGE = r"\d{1,3}(?:\s*[-–—]\s*\d{1,3})?"
_NUMBERS = re.compile(rf"^\s*{_NUMBER_RANGE}(?:\s*,\s*{_NUMBER_RANGE})*\s*$")
_BARE_KEY = re.compile(r"^[A-Za-z][A-Za-z'’_-]*(?:1[5-9]|20)\d\d[a-z]?$")
_ANCHOR_GROUP = re.compile(
    r"\[\s*(?P<links>\[[^\[\]]+\]\(#[^()\s]+\)(?:\s*[,;]\s*\[[^\[\]]+\]\(#[^()\s]+\))*)\s*\]"
    r"(?![(\[:])")
_ANCHOR_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\(#(?P<anchor>[^()\s]+)\)")
_LOCATOR_SPLIT = re.compile(r"^\s*,?\s*")


def mask_code(text: str) -> str:
    """``text`` with every code span (```` `...` ````) blanked out, offsets kept.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        The same length as ``text``; characters inside code spans, backticks
        included, replaced by spaces.
    """
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def _key_style(key: str) -> str | None:
    """"manubot", "pandoc", or None for a crossref key."""
    prefix = key.split(":", 1)[0].lower() if ":" in key else ""
    if prefix in CROSSREF_PREFIXES:
        return None
    return "manubot" if prefix in MANUBOT_PREFIXES else "pandoc"


def _item(style: str, form: str, key: str, text: str, span: tuple[int, int], prefix: str = "",
          locator: str = "") -> dict:
    return {"style": style, "form": form, "key": key, "prefix": prefix.strip(" ,;"),
            "locator": locator.strip(" ,;."), "authors": "", "year": "", "text": text,
            "span": span}


def parse_pandoc(text: str) -> list[dict]:
    """pandoc and Manubot citations in ``text`` (see the module docstring).

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    list of dict
        One per cited key, in reading order: style ("pandoc" or "manubot"),
        form ("parenthetical", "suppress_author" or "narrative"), key, prefix
        and locator (the text before and after the key in its bracket
        segment), text (the bracket, or the narrative key with its bracketed
        locator), span.
    """
    masked = mask_code(text)
    found: list[dict] = []
    taken: list[tuple[int, int]] = []
    for bracket in _SQUARE.finditer(masked):
        content = bracket.group(1)
        if not _CITE_KEY.search(content) or masked[bracket.end():bracket.end() + 1] == "(":
            continue  # no key inside, or a link
        span = (bracket.start(), bracket.end())
        items = []
        for segment in re.finditer(r"[^;]+", content):
            for cite in _CITE_KEY.finditer(segment.group(0)):
                key = cite.group("key") or cite.group("braced")
                style = _key_style(key)
                if style is None:
                    continue
                prefix = segment.group(0)[: cite.start()]
                locator = _LOCATOR_SPLIT.sub("", segment.group(0)[cite.end():])
                form = "suppress_author" if cite.group("suppress") else "parenthetical"
                items.append(_item(style, form, key, text[span[0]:span[1]], span, prefix,
                                   locator))
        if items:
            found += items
            taken.append(span)
    for cite in _CITE_KEY.finditer(masked):
        if any(a <= cite.start() < b for a, b in taken) or cite.group("suppress"):
            continue
        key = cite.group("key") or cite.group("braced")
        style = _key_style(key)
        if style is None:
            continue
        end, locator = cite.end(), ""
        after = _LOCATOR_AFTER.match(masked, end)
        if after and masked[after.end():after.end() + 1] not in "(:":
            end, locator = after.end(), after.group("locator")
        found.append(_item(style, "narrative", key, text[cite.start():end], (cite.start(), end),
                           locator=locator))
    return sorted(found, key=lambda c: c["span"][0])


def expand_numbers(content: str) -> list[int]:
    """The numbers a numbered citation's brackets hold, ranges expanded.

    Parameters
    ----------
    content : str
        The text between the brackets ("2,3,6-7", "2–4").

    Returns
    -------
    list of int
        In the order written; a range whose end is below its start, or that
        spans more than 100 numbers, gives its two ends only.
    """
    numbers: list[int] = []
    for part in content.split(","):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        if len(ends) == 2 and ends[0] <= ends[1] <= ends[0] + 100:
            numbers += list(range(ends[0], ends[1] + 1))
        else:
            numbers += ends
    return numbers


def parse_numbered(text: str) -> list[dict]:
    """Numbered citations in ``text`` (see the module docstring).

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    list of dict
        One per cited number, in reading order; key is the number as text,
        form "numbered".
    """
    masked = mask_code(text)
    found = []
    for bracket in _SQUARE.finditer(masked):
        before = masked[bracket.start() - 1] if bracket.start() else " "
        after = masked[bracket.end():bracket.end() + 1]
        if before.isalnum() or before in "]_!^" or after in ("(", "[", ":"):
            continue
        if not _NUMBERS.match(bracket.group(1)):
            continue
        numbers = expand_numbers(bracket.group(1))
        if not numbers or min(numbers) < 1:
            continue
        span = (bracket.start(), bracket.end())
        found += [_item("numbered", "numbered", str(n), text[span[0]:span[1]], span)
                  for n in numbers]
    return found


def parse_bracketed_keys(text: str, known_keys: Iterable[str] = ()) -> list[dict]:
    """Bracketed citation keys in ``text`` (see the module docstring).

    Parameters
    ----------
    text : str
        One paragraph as written.
    known_keys : iterable of str, optional
        Keys of the reference list's entries: a bracket holding only these
        (or keys of the name-and-year shape) is a citation.

    Returns
    -------
    list of dict
        One per cited key, in reading order; form "parenthetical".
    """
    known = {k.casefold() for k in known_keys if k}
    masked = mask_code(text)
    found, taken = [], []
    for group in _ANCHOR_GROUP.finditer(masked):
        span = (group.start(), group.end())
        taken.append(span)
        found += [_item("bracketed_key", "parenthetical", link.group("anchor"),
                        text[span[0]:span[1]], span)
                  for link in _ANCHOR_LINK.finditer(group.group("links"))]
    for bracket in _SQUARE.finditer(masked):
        if any(a <= bracket.start() < b for a, b in taken):
            continue
        before = masked[bracket.start() - 1] if bracket.start() else " "
        after = masked[bracket.end():bracket.end() + 1]
        if before.isalnum() or before in "]!^" or after in ("(", "[", ":"):
            continue
        keys = [k.strip() for k in re.split(r"[,;]", bracket.group(1))]
        if not keys or not all(_BARE_KEY.match(k) or k.casefold() in known for k in keys):
            continue
        if any(k.isdigit() for k in keys):
            continue
        span = (bracket.start(), bracket.end())
        found += [_item("bracketed_key", "parenthetical", k, text[span[0]:span[1]], span)
                  for k in keys]
    return sorted(found, key=lambda c: c["span"][0])
