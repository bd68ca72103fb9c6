"""Sentences, tokens, lemmas and merged expressions: the one tokens table.

Every later stage counts from this table, so the choices are made once:

* Citation parentheses, which contain a year ("(Mundell, 2017, p. 56)"), are
  removed before tokenising; they are references, not the paper's language.
* A token is a run of letters and digits, with inner hyphens and apostrophes
  kept ("al-Shaabi", "Military-Security", "Soleimani's") and dotted
  abbreviations kept whole ("U.S."). Tokens containing a digit ("1391",
  "33-day") are kept in the table but marked ``stop`` so they stay out of the
  vocabulary.
* The possessive ``'s`` is dropped to form the lookup key ("Soleimani's" ->
  "soleimani").
* Lemmas come from simplemma (Barbaresi 2023), an offline dictionary-based
  lemmatiser for English; acronyms written in capitals are not lemmatised.
* Stopwords are scikit-learn's English list (the Glasgow IR group's 318
  words), plus one-letter tokens and tokens with digits.
* Multiword expressions and name variants listed in
  ``data/lexicons/expressions.csv`` are merged into one term by a greedy
  longest match within a sentence; every merge is listed by
  :func:`expression_matches`.

Columns of :func:`tokens_table`: paragraph_id, section_id, sentence, position,
token, lower, key, lemma, stop, term, unit. Tokens of one merged expression
share a ``unit`` and a ``term``; other tokens' ``term`` is their lemma.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import simplemma
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from analysis import paths
from analysis.lexicons import read_lexicon

EXPRESSIONS = paths.LEXICONS / "expressions.csv"
EXPRESSION_COLUMNS = ["term", "label", "variant", "kind", "note"]

#: The stopword list, named in the methods text.
STOPWORDS_NAME = "scikit-learn English stop words (Glasgow IR group list, 318 words)"
STOPWORDS = frozenset(ENGLISH_STOP_WORDS)
LEMMATISER_NAME = "simplemma, English dictionary (offline)"

_CITATION = re.compile(r"\([^()]*\b(?:1[5-9]\d\d|20\d\d)\b[^()]*\)")
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_ABBREVIATIONS = ("p", "pp", "al", "no", "vol", "mr", "dr", "st", "e.g", "i.e", "etc", "vs")
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“(]?[A-Z0-9])")

TOKEN_COLUMNS = ["paragraph_id", "section_id", "sentence", "position", "token", "lower", "key",
                 "lemma", "stop", "term", "unit"]


def strip_citations(text: str) -> str:
    """Text with parenthesised citations (any parentheses holding a year) removed."""
    return " ".join(_CITATION.sub(" ", text).split())


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ., ! or ? followed by a capital.

    A full stop after a common abbreviation ("p.", "et al."), a dotted one
    ("U.S.", "e.g.") or a single capital letter (an initial) does not end a sentence.
    """
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start: match.start()]
        last = before.split()[-1].rstrip(".") if before.split() else ""
        if last.lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", last):
            continue
        sentences.append(text[start: match.start(1) + len(match.group(1))].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def sentence_table(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: paragraph_id, section_id, sentence, text (citations kept)."""
    rows = [
        {"paragraph_id": p.paragraph_id, "section_id": p.section_id, "sentence": i, "text": s}
        for p in paragraphs.itertuples()
        for i, s in enumerate(split_sentences(p.text))
    ]
    return pd.DataFrame(rows, columns=["paragraph_id", "section_id", "sentence", "text"])


def token_key(token: str) -> str:
    """Lower-case lookup form of a token, without a possessive 's."""
    return _POSSESSIVE.sub("", token.lower().replace("’", "'"))


@cache
def lemma_of(token: str) -> str:
    """The lemma of one token (its key); acronyms in capitals are kept as they are."""
    key = token_key(token)
    if any(c.isdigit() for c in key):
        return key
    if len(token) > 1 and token.replace(".", "").replace("'s", "").isupper():
        return key
    return simplemma.lemmatize(key, lang="en").lower()


def is_stop(key: str) -> bool:
    """True for stopwords, one-letter tokens and tokens with a digit."""
    return key in STOPWORDS or len(key) < 2 or any(c.isdigit() for c in key)


def load_expressions(path: Path | str = EXPRESSIONS) -> pd.DataFrame:
    """The expressions lexicon (term, label, variant, kind, note), validated."""
    return read_lexicon(path, EXPRESSION_COLUMNS, key=["variant"])


def _expression_index(expressions: pd.DataFrame) -> dict[tuple[str, ...], str]:
    return {tuple(token_key(t) for t in _TOKEN.findall(row.variant)): row.term
            for row in expressions.itertuples()}


def _merge(keys: list[str], index: dict[tuple[str, ...], str], longest: int
           ) -> list[tuple[int, int, str | None]]:
    """Greedy longest-match spans over ``keys``: (start, end, term or None)."""
    spans, i = [], 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            term = index.get(tuple(keys[i: i + n]))
            if term is not None:
                spans.append((i, i + n, term))
                i += n
                break
        else:
            spans.append((i, i + 1, None))
            i += 1
    return spans


def tokens_table(paragraphs: pd.DataFrame,
                 expressions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tokenise body paragraphs into the tokens table (columns in the module docstring)."""
    expressions = load_expressions() if expressions is None else expressions
    index = _expression_index(expressions)
    longest = max((len(k) for k in index), default=1)
    rows = []
    for p in paragraphs.itertuples():
        position = unit = 0
        for s, sentence in enumerate(split_sentences(strip_citations(p.text))):
            surface = _TOKEN.findall(sentence)
            keys = [token_key(t) for t in surface]
            for start, end, term in _merge(keys, index, longest):
                for i in range(start, end):
                    token = surface[i]
                    lemma = lemma_of(token)
                    rows.append((p.paragraph_id, p.section_id, s, position, token, token.lower(),
                                 keys[i], lemma, False if term else is_stop(keys[i]),
                                 term or lemma, unit))
                    position += 1
                unit += 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def units_table(tokens: pd.DataFrame) -> pd.DataFrame:
    """Analysis units: one row per term occurrence, a merged expression counting once.

    Columns: paragraph_id, section_id, sentence, unit, position (first token),
    term, stop, surface (the words as written).
    """
    grouped = tokens.groupby(["paragraph_id", "unit"], sort=False)
    units = grouped.agg(section_id=("section_id", "first"), sentence=("sentence", "first"),
                        position=("position", "first"), term=("term", "first"),
                        stop=("stop", "first"), surface=("token", " ".join)).reset_index()
    return units[["paragraph_id", "section_id", "sentence", "unit", "position", "term", "stop",
                  "surface"]]


def expression_matches(tokens: pd.DataFrame, expressions: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """Every merge the lexicon made in the text: term, label, variant, kind, n (occurrences).

    Variants listed in the lexicon but never found are kept with n = 0, so a
    reader sees the whole list that was applied.
    """
    expressions = load_expressions() if expressions is None else expressions
    units = units_table(tokens)
    found = units[units["term"].isin(set(expressions["term"]))].assign(
        variant=lambda u: u["surface"].map(lambda s: " ".join(token_key(t) for t in s.split())))
    counts = found.groupby("variant").size().rename("n")
    table = expressions.assign(n=expressions["variant"].map(
        lambda v: int(counts.get(" ".join(token_key(t) for t in _TOKEN.findall(v)), 0))))
    return table[["term", "label", "variant", "kind", "n"]].sort_values(
        ["term", "n", "variant"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def term_documents(units: pd.DataFrame, by: str = "section_id", keep_stop: bool = False,
                   order: list[str] | None = None) -> pd.Series:
    """The term sequence of each document (grouping by ``by``), in reading order.

    Returns a Series of lists of terms indexed by document id; ``order`` fixes
    the documents' order (default: order of first appearance).
    """
    kept = units if keep_stop else units[~units["stop"]]
    docs = kept.groupby(by, sort=False)["term"].agg(list)
    ids = order if order is not None else list(units[by].drop_duplicates())
    return docs.reindex(ids).map(lambda d: d if isinstance(d, list) else [])


def count_matrix(documents: pd.Series, min_df: int = 1) -> tuple[csr_matrix, list[str]]:
    """Document-term counts of pre-tokenised documents with scikit-learn's CountVectorizer.

    Returns the sparse matrix (documents in the Series' order) and the terms
    (columns, in alphabetical order, as CountVectorizer sorts them). No
    document, or no term in at least ``min_df`` documents, gives a matrix
    without columns.
    """
    if not any(len(doc) for doc in documents):  # CountVectorizer refuses an empty vocabulary
        return csr_matrix((len(documents), 0), dtype=np.int64), []
    vectoriser = CountVectorizer(analyzer=_identity, min_df=min_df, lowercase=False)
    try:
        matrix = vectoriser.fit_transform(documents.tolist())
    except ValueError as err:  # every term is in fewer than min_df documents
        if "no terms remain" not in str(err):
            raise
        return csr_matrix((len(documents), 0), dtype=np.int64), []
    return matrix.tocsr(), vectoriser.get_feature_names_out().tolist()


def _identity(document: list[str]) -> list[str]:
    return document


def corpus_tokens(paragraphs: pd.DataFrame, expressions_path: Path | str = EXPRESSIONS
                  ) -> pd.DataFrame:
    """The tokens table of a paper's paragraphs with the lexicon at ``expressions_path``."""
    return tokens_table(paragraphs, load_expressions(expressions_path))
