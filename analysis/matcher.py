"""The dictionary matcher shared by the discourse coding, the actors and the stance markers.

Patterns are matched on the tokens table of :mod:`analysis.tokens`, so the
matcher sees the same sentences, keys and lemmas as every other stage. Kinds
of pattern (the ``match`` column of a lexicon):

``lemma``
    one token whose lemma (or key) equals the pattern's.
``phrase``
    a run of tokens whose lemmas (or keys) equal the pattern's, in order.
``prefix``
    one token whose written form (its key) starts with the pattern.
``term``
    one merged expression of the expressions lexicon, as a whole.

Matching is greedy, left to right, longest match first, within a sentence; a
token is covered by at most one match; a match never starts or ends inside a
merged expression. :func:`add_context` gives each match its sentence context
with the paper's punctuation.
"""

from __future__ import annotations

import pandas as pd

from analysis import tokens
from analysis.settings import CONTEXT_CHARS

MATCH_KINDS = ("lemma", "phrase", "prefix", "term")


def pattern_tokens(patterns: pd.Series) -> pd.DataFrame:
    """Keys and lemmas of each pattern, tokenised exactly like the text.

    Parameters
    ----------
    patterns : Series
        Pattern strings, as written in a lexicon.

    Returns
    -------
    DataFrame
        keys and lemmas (tuples of str, as :func:`analysis.tokens.tokens_table`
        makes them, with no expression merged), one row per pattern with the
        index of ``patterns``; NaN for a pattern that gives no token.
    """
    paragraphs = pd.DataFrame({"paragraph_id": [str(i) for i in patterns.index],
                               "section_id": "", "text": patterns.tolist()})
    empty = pd.DataFrame(columns=tokens.EXPRESSION_COLUMNS)
    table = tokens.tokens_table(paragraphs, empty)
    grouped = table.groupby("paragraph_id", sort=False)
    keys = grouped["key"].agg(tuple)
    lemmas = grouped["lemma"].agg(tuple)
    ids = [str(i) for i in patterns.index]
    return pd.DataFrame({"keys": keys.reindex(ids).tolist(),
                         "lemmas": lemmas.reindex(ids).tolist()}, index=patterns.index)


def _sentences(table: pd.DataFrame):
    """Yield (paragraph_id, section_id, sentence, rows) per sentence, in reading order."""
    for (paragraph, sentence), rows in table.groupby(["paragraph_id", "sentence"], sort=False):
        yield paragraph, rows["section_id"].iat[0], sentence, rows


def find_matches(table: pd.DataFrame, patterns: pd.DataFrame, sequence_on: str = "lemma"
                 ) -> pd.DataFrame:
    """Greedy longest matches of ``patterns`` over the tokens ``table``, one per token at most.

    Lemma and phrase patterns are compared on the tokens' ``sequence_on``
    column. A match starts and ends on unit boundaries, so it never splits a
    merged expression. On equal length a term beats a sequence, which beats a
    prefix; a prefix pattern matches a single token outside any expression.

    Parameters
    ----------
    table : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`).
    patterns : DataFrame
        Columns pattern and match (one of :data:`MATCH_KINDS`); its index
        labels identify the rows in the output.
    sequence_on : {"lemma", "key"}, default "lemma"
        Compare lemma and phrase patterns on lemmas, or on keys (written forms).

    Returns
    -------
    DataFrame
        paragraph_id, section_id, sentence, first and last (token positions),
        row (the pattern's index label), surface (the tokens as written); one row
        per match, in reading order.
    """
    shapes = pattern_tokens(patterns["pattern"])
    column = "lemmas" if sequence_on == "lemma" else "keys"
    sequences: dict[tuple[str, ...], object] = {}
    prefixes: list[tuple[str, object]] = []
    terms: dict[str, object] = {}
    for label, row in patterns.iterrows():
        if row["match"] == "term":
            terms[row["pattern"]] = label
        elif row["match"] == "prefix":
            prefixes.append((row["pattern"].lower(), label))
        else:
            sequences[shapes.at[label, column]] = label
    prefixes.sort(key=lambda p: (-len(p[0]), p[0]))
    longest = max((len(s) for s in sequences), default=1)
    out = []
    for paragraph, section, sentence, rows in _sentences(table):
        values = rows[sequence_on].tolist()
        keys, units = rows["key"].tolist(), rows["unit"].tolist()
        terms_here, positions, surface = rows["term"].tolist(), rows["position"].tolist(), \
            rows["token"].tolist()
        size = len(values)
        boundary = [i == 0 or units[i] != units[i - 1] for i in range(size)] + [True]
        i = 0
        while i < size:
            unit_end = next(j for j in range(i + 1, size + 1) if boundary[j])
            best: tuple[int, object] | None = None
            if terms_here[i] in terms:
                best = (unit_end, terms[terms_here[i]])
            for n in range(min(longest, size - i), 0, -1):
                if not boundary[i + n] or (best is not None and i + n <= best[0]):
                    continue
                label = sequences.get(tuple(values[i: i + n]))
                if label is not None:
                    best = (i + n, label)
                    break
            if best is None and unit_end == i + 1:
                for prefix, label in prefixes:
                    if keys[i].startswith(prefix):
                        best = (i + 1, label)
                        break
            if best is None:
                i = unit_end
                continue
            end, label = best
            out.append((paragraph, section, sentence, positions[i], positions[end - 1], label,
                        " ".join(surface[i:end])))
            i = end
    return pd.DataFrame(out, columns=["paragraph_id", "section_id", "sentence", "first", "last",
                                      "row", "surface"])


def token_offsets(table: pd.DataFrame, sentences: pd.DataFrame
                  ) -> dict[tuple[str, int], tuple[int, int]]:
    """Character span of every token in its sentence's text.

    Tokens are located in order, so the spans keep the paper's punctuation.

    Parameters
    ----------
    table : DataFrame
        The tokens table (paragraph_id, sentence, position, token).
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts` (paragraph_id, sentence, text).

    Returns
    -------
    dict
        (paragraph_id, position) -> (start, end) offsets in the sentence's text.
    """
    offsets = {}
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    for (paragraph, sentence), rows in table.groupby(["paragraph_id", "sentence"], sort=False):
        text, cursor = texts[(paragraph, sentence)], 0
        for position, token in zip(rows["position"], rows["token"], strict=True):
            start = text.index(token, cursor)
            cursor = start + len(token)
            offsets[(paragraph, position)] = (start, cursor)
    return offsets


def add_context(matches: pd.DataFrame, table: pd.DataFrame, sentences: pd.DataFrame,
                width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """``matches`` with the text around each match in its sentence.

    Parameters
    ----------
    matches : DataFrame
        :func:`find_matches` (paragraph_id, sentence, first, last).
    table : DataFrame
        The tokens table the matches were found in.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    width : int, default :data:`analysis.settings.CONTEXT_CHARS`
        Characters of context on each side.

    Returns
    -------
    DataFrame
        ``matches`` plus left and right: up to ``width`` characters of the
        sentence before and after the match, with "…" where the sentence was cut.
    """
    offsets = token_offsets(table, sentences)
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    left, right = [], []
    for m in matches.itertuples():
        text = texts[(m.paragraph_id, m.sentence)]
        start = offsets[(m.paragraph_id, m.first)][0]
        end = offsets[(m.paragraph_id, m.last)][1]
        before, after = text[:start].rstrip(), text[end:].lstrip()
        left.append(("…" + before[-width:].lstrip()) if len(before) > width else before)
        right.append((after[:width].rstrip() + "…") if len(after) > width else after)
    return matches.assign(left=left, right=right)


def mark_spans(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` with each span wrapped in its marks.

    Parameters
    ----------
    text : str
        The text to mark.
    spans : list of (int, int, str, str)
        (start, end, opening mark, closing mark); spans must not overlap.

    Returns
    -------
    str
        The marked text.
    """
    for start, end, opening, closing in sorted(spans, key=lambda s: -s[0]):
        text = text[:start] + opening + text[start:end] + closing + text[end:]
    return text
