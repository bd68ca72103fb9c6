"""Text rules every stage shares: the year pattern, abbreviations and the sentence splitter.

Each rule is defined once here, so the parser, the tokeniser, the citation
audit and the repeated-passage finder see the same years and the same
sentences.
"""

from __future__ import annotations

import re
import unicodedata

#: A publication year as the study reads it: 1500-2099, with an optional letter
#: (2019a). Used in citations, reference entries and the reference list.
YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
#: :data:`YEAR` as a whole word.
YEAR_WORD = re.compile(rf"\b({YEAR})\b")

#: Words whose full stop does not end a sentence ("p. 56", "et al.", "No. 3", "e.g.").
ABBREVIATIONS = frozenset({
    "al", "co", "dr", "e.g", "ed", "eds", "etc", "i.e", "inc", "mr", "n.d", "no", "p", "pp",
    "st", "trans", "vol", "vs",
})

#: A list item's marker at the start of a line ("- ", "1. ", "[3] ").
BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)]|\[\d{1,3}\])\s+")

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'])")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“(]?[A-Z0-9])")
_INITIAL = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ., ! or ? followed by a capital or a digit.

    A full stop after one of :data:`ABBREVIATIONS`, a dotted abbreviation
    ("U.S.") or a single capital letter (an initial) does not end a sentence.

    Parameters
    ----------
    text : str
        One paragraph.

    Returns
    -------
    list of str
        The sentences, stripped, in order; empty for an empty text.
    """
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start: match.start()].split()
        last = before[-1].rstrip(".") if before else ""
        if last.lower() in ABBREVIATIONS or _INITIAL.fullmatch(last):
            continue
        sentences.append(text[start: match.start(1) + len(match.group(1))].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` by :func:`split_sentences`, without its final full stop.

    Parameters
    ----------
    text : str
        A paragraph or a reference entry's remainder.

    Returns
    -------
    str
        The first sentence, "" for an empty text.
    """
    sentences = split_sentences(text)
    return sentences[0].removesuffix(".") if sentences else ""


# ---------------------------------------------------------------------------
# Markdown inline text


def clean_inline(text: str) -> str:
    """Text of a Markdown line as a reader sees it.

    HTML tags and bold markers (``**``, ``__``) go, backslash escapes are
    resolved, non-breaking and other Unicode spaces become plain spaces,
    whitespace is collapsed. Single ``*`` or ``_`` emphasis is kept.

    Parameters
    ----------
    text : str
        One line (or several joined) of Markdown.

    Returns
    -------
    str
        The cleaned text, stripped.
    """
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    return " ".join(text.split())


def clean_heading(text: str) -> str:
    """A heading's text without bold markers inside it or emphasis marks around it.

    Parameters
    ----------
    text : str
        The heading's text after its ``#`` marks.

    Returns
    -------
    str
        :func:`clean_inline` of the text, with ``*``, ``_`` and spaces stripped from both ends.
    """
    text = clean_inline(text)
    return text.strip("*_ ").strip()


def word_count(text: str) -> int:
    """Number of whitespace-separated tokens that contain a letter or digit.

    The ``n_source_words`` count of :mod:`analysis.vocabulary`.

    Parameters
    ----------
    text : str
        Text as written.

    Returns
    -------
    int
        The count; 0 for an empty text.
    """
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))
