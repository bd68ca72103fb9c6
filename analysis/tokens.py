"""Sentences, tokens, lemmas and merged expressions: the one tokens table.

Every later stage counts from this table, so the choices are made once:

* In-text citations, as :mod:`analysis.citations` reads them, are removed
  before tokenising ("(Mundell, 2017, p. 56)"; of a narrative citation,
  "Buzan (1991) argues", only the bracket): they are references, not the
  paper's language. The audit and the tokeniser share this one definition.
* A token is a run of letters and digits, with inner hyphens and apostrophes
  kept ("al-Shaabi", "Military-Security", "Soleimani's") and dotted
  abbreviations kept whole ("U.S."). Each token keeps its character offsets
  (``start``, ``end``) into the paragraph text as written, so a concordance
  can show the text with its punctuation and citations.
* The possessive ``'s`` is dropped to form the lookup key ("Soleimani's" ->
  "soleimani").
* Lemmas come from simplemma (Barbaresi 2023), an offline dictionary-based
  lemmatiser for English; acronyms written in capitals are not lemmatised. A
  capitalised word that simplemma does not know in lower case is looked up as
  written, so capitalised plurals are lemmatised like other plurals
  ("Americans" -> "american", "Iraqis" -> "iraqi").
* Stopwords are scikit-learn's English list (the Glasgow IR group's 318
  words), plus one-letter tokens and tokens with digits, decided on the
  lemma, the form that is counted: a lemma is a stopword everywhere or
  nowhere ("seen" and "saw" are stopwords because "see" is). Tokens with a
  digit ("1391", "33-day") stay in the table, marked ``stop``.
* Multiword expressions and name variants listed in the study
  configuration's expressions lexicon are merged into one term by a greedy
  longest match within a sentence; every merge is listed by
  :func:`expression_matches`.

Columns of :func:`tokens_table`: paragraph_id, section_id, sentence, position,
start, end, token, lower, key, lemma, stop, term, unit. Tokens of one merged
expression share a ``unit`` and a ``term``; other tokens' ``term`` is their
lemma. The counts built on it are named in :mod:`analysis.vocabulary`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import simplemma
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from analysis.citations import citation_brackets
from analysis.lexicons import read_lexicon
from analysis.text import split_sentences

EXPRESSION_COLUMNS = ["term", "label", "variant", "kind", "note"]

#: The stopword list, named in the methods text.
STOPWORDS_NAME = "scikit-learn English stop words (Glasgow IR group list, 318 words)"
STOPWORDS = frozenset(ENGLISH_STOP_WORDS)
LEMMATISER_NAME = "simplemma, English dictionary (offline)"

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")

_RUN = re.compile(r"\S+")

TOKEN_COLUMNS = ["paragraph_id", "section_id", "sentence", "position", "start", "end", "token",
                 "lower", "key", "lemma", "stop", "term", "unit"]


def _runs(text: str) -> list[tuple[int, int]]:
    """Offsets of the whitespace-separated runs of ``text`` outside its citation brackets."""
    runs, pos = [], 0
    for start, end in [*citation_brackets(text), (len(text), len(text))]:
        runs += [m.span() for m in _RUN.finditer(text, pos, start)]
        pos = max(pos, end)
    return runs


def strip_citations(text: str) -> str:
    """Text with its in-text citations removed (see :func:`analysis.citations.citation_brackets`).

    Parameters
    ----------
    text : str
        One paragraph as written.

    Returns
    -------
    str
        The text without citation brackets, whitespace collapsed.
    """
    return " ".join(text[a:b] for a, b in _runs(text))


def _stripped_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`strip_citations` of ``text``, with where each run starts there and in ``text``."""
    runs = _runs(text)
    in_stripped, pos = [], 0
    for a, b in runs:
        in_stripped.append(pos)
        pos += b - a + 1
    return " ".join(text[a:b] for a, b in runs), in_stripped, [a for a, _ in runs]


def sentence_texts(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Sentences as the tokens table sees them: citations removed, the same split.

    Parameters
    ----------
    paragraphs : DataFrame
        Columns paragraph_id, section_id, text.

    Returns
    -------
    DataFrame
        paragraph_id, section_id, sentence, text. The ``sentence`` index equals
        the tokens table's, so a token can be shown in its sentence.
    """
    rows = [(p.paragraph_id, p.section_id, i, s)
            for p in paragraphs.itertuples()
            for i, s in enumerate(split_sentences(strip_citations(p.text)))]
    return pd.DataFrame(rows, columns=["paragraph_id", "section_id", "sentence", "text"])


def token_key(token: str) -> str:
    """Lower-case lookup form of a token, without a possessive 's ("Soleimani's" -> "soleimani")."""
    return _POSSESSIVE.sub("", token.lower().replace("’", "'"))


@cache
def lemma_of(token: str) -> str:
    """The lemma of one token, lower case; acronyms in capitals and tokens with digits stay.

    simplemma lemmatises the lower-case key; a capitalised word it leaves
    unchanged there is looked up as written (simplemma knows "Americans" but
    not "americans"), so capitalised plurals are lemmatised like others.

    References
    ----------
    Barbaresi, A. (2023). simplemma: a simple multilingual lemmatizer for Python.
    """
    key = token_key(token)
    if any(c.isdigit() for c in key):
        return key
    if len(token) > 1 and token.replace(".", "").replace("'s", "").isupper():
        return key
    lemma = simplemma.lemmatize(key, lang="en").lower()
    if lemma == key and token[:1].isupper():
        lemma = simplemma.lemmatize(_POSSESSIVE.sub("", token.replace("’", "'")),
                                    lang="en").lower()
    return lemma


def is_stop(form: str) -> bool:
    """True for stopwords (:data:`STOPWORDS`), one-letter forms and forms with a digit.

    The tokens table applies it to the lemma (the form that is counted).
    """
    return form in STOPWORDS or len(form) < 2 or any(c.isdigit() for c in form)


def load_expressions(path: Path | str | None) -> pd.DataFrame:
    """The expressions lexicon, validated; ``None`` gives an empty lexicon (nothing merged).

    Parameters
    ----------
    path : Path, str or None
        A CSV with columns term, label, variant, kind, note (one row per variant).

    Returns
    -------
    DataFrame
        Columns term, label, variant, kind, note.
    """
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in EXPRESSION_COLUMNS})
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
    """Tokenise body paragraphs into the tokens table.

    Parameters
    ----------
    paragraphs : DataFrame
        Columns paragraph_id, section_id, text (:attr:`analysis.paper.Paper.paragraphs`).
    expressions : DataFrame, optional
        The expressions lexicon (:func:`load_expressions`); None merges nothing.

    Returns
    -------
    DataFrame
        One row per token: paragraph_id, section_id, sentence (index in the
        paragraph), position (index in the paragraph), start and end (character
        offsets of the token in the paragraph's text as written, so
        ``text[start:end] == token``), token (as written), lower, key
        (:func:`token_key`), lemma (:func:`lemma_of`), stop (:func:`is_stop` of
        the lemma; never inside a merged expression), term (the merged term,
        else the lemma) and unit (tokens of one merged expression share it).
    """
    expressions = load_expressions(None) if expressions is None else expressions
    index = _expression_index(expressions)
    longest = max((len(k) for k in index), default=1)
    rows = []
    for p in paragraphs.itertuples():
        position = unit = 0
        stripped, run_stripped, run_text = _stripped_with_offsets(p.text)
        offset = 0
        for s, sentence in enumerate(split_sentences(stripped)):
            offset = stripped.find(sentence, offset)
            found = list(_TOKEN.finditer(sentence))
            surface = [m.group() for m in found]
            keys = [token_key(t) for t in surface]
            for first, last, term in _merge(keys, index, longest):
                for i in range(first, last):
                    token = surface[i]
                    lemma = lemma_of(token)
                    at = offset + found[i].start()
                    run = bisect_right(run_stripped, at) - 1
                    start = run_text[run] + at - run_stripped[run]
                    rows.append((p.paragraph_id, p.section_id, s, position, start,
                                 start + len(token), token, token.lower(), keys[i], lemma,
                                 False if term else is_stop(lemma), term or lemma, unit))
                    position += 1
                unit += 1
            offset += len(sentence)
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def unit_starts(tokens: pd.DataFrame) -> np.ndarray:
    """Rows of the tokens table that start a word (a new paragraph or a new ``unit``)."""
    unit = tokens["unit"].to_numpy()
    paragraph = tokens["paragraph_id"].to_numpy(dtype=object)
    starts = np.ones(len(tokens), dtype=bool)
    starts[1:] = (unit[1:] != unit[:-1]) | (paragraph[1:] != paragraph[:-1])
    return starts


def units_table(tokens: pd.DataFrame) -> pd.DataFrame:
    """Words: one row per running word, a merged expression counting once.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`tokens_table`).

    Returns
    -------
    DataFrame
        Columns paragraph_id, section_id, sentence, unit, position (of its
        first token), start and end (character offsets in the paragraph's text,
        from its first token's start to its last token's end), term, stop,
        surface (the words as written, joined by spaces), in reading order.
    """
    starts = unit_starts(tokens)
    first = np.flatnonzero(starts)
    surface = tokens["token"].to_numpy(dtype=object)[first]
    lengths = np.diff(np.append(first, len(tokens)))
    if (lengths > 1).any():  # merged expressions: join their tokens as written
        surface = surface.copy()
        tokens_as_written = tokens["token"].to_numpy(dtype=object)
        for i in np.flatnonzero(lengths > 1):
            surface[i] = " ".join(tokens_as_written[first[i]: first[i] + lengths[i]])
    columns = {c: tokens[c].array.take(first) for c in
               ["paragraph_id", "section_id", "sentence", "unit", "position", "start"]}
    columns["end"] = tokens["end"].array.take(first + lengths - 1)
    columns["term"] = tokens["term"].array.take(first)
    columns["stop"] = tokens["stop"].array.take(first)
    columns["surface"] = pd.array(surface, dtype=tokens["token"].dtype)
    return pd.DataFrame(columns)


def expression_matches(tokens: pd.DataFrame, expressions: pd.DataFrame) -> pd.DataFrame:
    """Every merge the lexicon made in the text, variants never found kept with n = 0.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table.
    expressions : DataFrame
        The expressions lexicon applied (:func:`load_expressions`).

    Returns
    -------
    DataFrame
        Columns term, label, variant, kind, n (occurrences); sorted by term,
        n (descending), variant.
    """
    units = units_table(tokens)
    found = units[units["term"].isin(set(expressions["term"]))].assign(
        variant=lambda u: u["surface"].map(lambda s: " ".join(token_key(t) for t in s.split())))
    counts = found.groupby("variant").size().rename("n")
    table = expressions.assign(n=expressions["variant"].map(
        lambda v: int(counts.get(" ".join(token_key(t) for t in _TOKEN.findall(v)), 0))))
    return table[["term", "label", "variant", "kind", "n"]].astype({"n": "int64"}).sort_values(
        ["term", "n", "variant"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def term_documents(units: pd.DataFrame, by: str = "section_id",
                   order: list[str] | None = None) -> pd.Series:
    """The content-term sequence of each document, in reading order.

    Parameters
    ----------
    units : DataFrame
        Words (:func:`units_table`); stopwords are left out.
    by : str, default "section_id"
        The column that names a word's document ("section_id" or "paragraph_id").
    order : list of str, optional
        The documents' order; default: order of first appearance.

    Returns
    -------
    Series
        Lists of terms, indexed by document id (an empty list for a document
        with no content word).
    """
    kept = units[~units["stop"]]
    docs = kept.groupby(by, sort=False)["term"].agg(list)
    ids = order if order is not None else list(units[by].drop_duplicates())
    return docs.reindex(ids).map(lambda d: d if isinstance(d, list) else [])


def identity(document: list[str]) -> list[str]:
    """Return ``document`` unchanged: the analyzer of pre-tokenised documents."""
    return document


def count_matrix(documents: pd.Series, min_df: int = 1) -> tuple[csr_matrix, list[str]]:
    """Document-term counts of pre-tokenised documents with scikit-learn's CountVectorizer.

    Parameters
    ----------
    documents : Series
        Lists of terms (:func:`term_documents`).
    min_df : int, default 1
        Keep terms found in at least this many documents.

    Returns
    -------
    matrix : csr_matrix
        Documents (in the Series' order) x terms.
    terms : list of str
        The columns, in alphabetical order (as CountVectorizer sorts them).
        No document, or no term in ``min_df`` documents, gives no columns.
    """
    if not any(len(doc) for doc in documents):  # CountVectorizer refuses an empty vocabulary
        return csr_matrix((len(documents), 0), dtype=np.int64), []
    vectoriser = CountVectorizer(analyzer=identity, min_df=min_df, lowercase=False)
    try:
        matrix = vectoriser.fit_transform(documents.tolist())
    except ValueError as err:  # every term is in fewer than min_df documents
        if "no terms remain" not in str(err):
            raise
        return csr_matrix((len(documents), 0), dtype=np.int64), []
    return matrix.tocsr(), vectoriser.get_feature_names_out().tolist()


def describe_expressions(matches: pd.DataFrame, n: int = 4) -> str:
    """How many listed variants the text uses, and the terms with most variants found.

    Parameters
    ----------
    matches : DataFrame
        :func:`expression_matches` (term, label, variant, n).
    n : int, default 4
        Terms named.

    Returns
    -------
    str
    """
    if matches.empty:
        return "No expressions lexicon is applied: nothing is merged."
    found = matches[matches["n"] > 0]
    text = (f"The lexicon lists {len(matches):,} variants of {matches['term'].nunique():,} "
            f"terms; {len(found):,} variants of {found['term'].nunique():,} terms occur, "
            f"{int(found['n'].sum()):,} times in all.")
    per = found.groupby("term", sort=False).agg(label=("label", "first"), kinds=("n", "size"),
                                                 total=("n", "sum"))
    per = per.assign(listed=matches.groupby("term").size().reindex(per.index))
    per = per.sort_values(["kinds", "total"], ascending=False, kind="stable").head(n)
    parts = []
    for term, row in per.iterrows():
        common = found[found["term"] == term].iloc[0]
        parts.append(f"{row['label']} ({row['kinds']} of {row['listed']} variants found, "
                     f"{row['total']:,} in all; most often '{common['variant']}', "
                     f"{common['n']:,})")
    return text + (" Most varied: " + "; ".join(parts) + "." if parts else "")
