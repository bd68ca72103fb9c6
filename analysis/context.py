"""Context of terms: keyword-in-context concordances, n-grams and collocations.

All three read the tokens table, so a merged name is found in every spelling
the lexicon lists ("Soleimani", "Soleimani's", "General Soleimani", ...).

* A concordance line shows the text before and after one occurrence, inside
  its paragraph, as written (punctuation and citations kept), cut at word
  boundaries with the keyword aligned; the tokens' character offsets point
  into the paragraph's text.
* N-grams are counted within sentences over lower-case word forms (merged
  expressions split back into words, so fixed phrases can be found), with
  scikit-learn's CountVectorizer; an n-gram that starts or ends with a
  stopword, or contains a number, is dropped.
* Collocates are content terms within
  :data:`analysis.settings.COLLOCATION_WINDOW` running words on
  either side of the node, inside the same sentence. Each 2x2 table compares
  the content words inside the node's windows (their union, so a word is
  never counted twice) with the content words elsewhere in the paper, and
  gives log-likelihood G2 (Dunning 1993), PMI (Church and Hanks 1990) and
  the t-score (Evert 2008), as in :mod:`analysis.stats`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix

from analysis import stats
from analysis.counting import first_of_runs
from analysis.frequency import preferred_terms
from analysis.settings import (
    COLLOCATION_P,
    COLLOCATION_WINDOW,
    CONCORDANCE_WIDTH,
    MIN_COLLOCATE_FREQ,
    NGRAM_MIN_FREQ,
    NGRAM_SIZES,
)
from analysis.tokens import is_stop

_DIGIT = re.compile(r"\d")

#: Central terms taken by frequency when a paper has no curated ``central`` list.
FALLBACK_CENTRAL = 6


def key_terms(terms: pd.DataFrame, preferred: tuple[str, ...] | list[str]) -> list[str]:
    """Central terms whose context is shown.

    The study configuration's ``central`` list where the paper has it, else
    its most frequent terms.

    Parameters
    ----------
    terms : DataFrame
        :func:`analysis.frequency.paper_terms`.
    preferred : sequence of str
        The study configuration's ``central`` term list (possibly empty).

    Returns
    -------
    list of str
        See :func:`analysis.frequency.preferred_terms`.
    """
    return preferred_terms(terms, preferred, n=len(preferred) or FALLBACK_CENTRAL)


def _left(text: str, width: int) -> str:
    """The last ``width`` characters of ``text``, whitespace collapsed, cut at a word boundary."""
    joined = " ".join(text.split()) + (" " if text[-1:].isspace() and text.strip() else "")
    if len(joined) <= width:
        return joined.rjust(width)
    cut = joined[-width:]
    if not joined[-width - 1].isspace() and not cut[0].isspace():  # inside a word: drop it
        cut = cut[cut.find(" ") + 1:] if " " in cut else ""
    return cut.rjust(width)


def _right(text: str, width: int) -> str:
    """The first ``width`` characters of ``text``, whitespace collapsed, cut at a word boundary."""
    joined = (" " if text[:1].isspace() and text.strip() else "") + " ".join(text.split())
    if len(joined) <= width:
        return joined
    cut = joined[:width]
    if not joined[width].isspace() and not cut[-1].isspace():  # inside a word: drop it
        cut = cut[:cut.rfind(" ")] if " " in cut else ""
    return cut


def concordance(units: pd.DataFrame, terms: str | list[str], paragraphs: pd.DataFrame,
                width: int = CONCORDANCE_WIDTH) -> pd.DataFrame:
    """Keyword-in-context lines for every occurrence of ``terms``, from the text as written.

    Each line is cut from the paragraph's own text with the word's character
    offsets (``start``, ``end`` of the units table), so punctuation and
    in-text citations appear as the paper writes them; context stays inside
    the paragraph, whitespace is collapsed, and a context is cut at a word
    boundary (a word that does not fit is left out, not cut).

    Parameters
    ----------
    units : DataFrame
        :func:`analysis.frequency.running_units` (paragraph_id, section_id,
        word, term, start, end).
    terms : str or list of str
        The node term or terms.
    paragraphs : DataFrame
        paragraph_id and text (:attr:`analysis.paper.Paper.paragraphs`), the
        text the offsets point into.
    width : int, default :data:`analysis.settings.CONCORDANCE_WIDTH`
        Characters of context on each side, at most.

    Returns
    -------
    DataFrame
        term, paragraph_id, section_id, word (index in the running text), left
        (the context before the node, right-aligned to ``width`` characters, so
        the nodes line up), node (as written), right (the context after); lines
        in reading order.
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    hits = units[units["term"].isin(set(terms)).to_numpy()]
    texts = dict(zip(paragraphs["paragraph_id"], paragraphs["text"], strict=True))
    rows = []
    for hit in hits.itertuples(index=False):
        text = texts[hit.paragraph_id]
        rows.append((hit.term, hit.paragraph_id, hit.section_id, int(hit.word),
                     _left(text[:hit.start], width), " ".join(text[hit.start:hit.end].split()),
                     _right(text[hit.end:], width)))
    table = pd.DataFrame(rows, columns=["term", "paragraph_id", "section_id", "word", "left",
                                        "node", "right"])
    return table.astype({"term": "str", "paragraph_id": "str", "section_id": "str",
                         "word": "int64", "left": "str", "node": "str", "right": "str"}
                        ).sort_values("word", kind="stable").reset_index(drop=True)


def ngrams(tokens: pd.DataFrame, sizes: tuple[int, ...] = NGRAM_SIZES,
           min_freq: int = NGRAM_MIN_FREQ) -> pd.DataFrame:
    """Frequent n-grams of lower-case word forms within sentences.

    The tokens' keys are factorised to integer codes and every run of ``n``
    tokens inside one sentence is coded by pairing codes (``numpy.unique``),
    so counting is linear in tokens; only the n-grams kept are spelled out.
    The counts are those of scikit-learn's CountVectorizer over each
    sentence's keys (a test checks this).

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`: paragraph_id,
        sentence, key).
    sizes : tuple of int, default :data:`analysis.settings.NGRAM_SIZES`
        The values of n.
    min_freq : int, default :data:`analysis.settings.NGRAM_MIN_FREQ`
        Occurrences an n-gram needs to be listed.

    Returns
    -------
    DataFrame
        n, ngram (words joined by spaces), count. N-grams that start or end with
        a stopword (:func:`analysis.tokens.is_stop`) or contain a digit are
        dropped; sorted by n, count (descending), then n-gram.
    """
    codes, keys = pd.factorize(tokens["key"].to_numpy(dtype=object))
    keys = np.asarray(keys, dtype=object)
    stop = np.array([is_stop(k) for k in keys], dtype=bool)[codes]
    digit = np.array([_DIGIT.search(k) is not None for k in keys], dtype=bool)[codes]
    sentence = np.cumsum(first_of_runs(tokens["paragraph_id"], tokens["sentence"]))
    parts = []
    for n in sizes:
        m = len(codes) - n + 1
        if m <= 0:
            continue
        start = np.arange(m)
        ok = (sentence[start] == sentence[start + n - 1]) & ~stop[start] & ~stop[start + n - 1]
        for j in range(n):
            ok &= ~digit[start + j]
        start = start[ok]
        gram = codes[start].astype(np.int64)
        for j in range(1, n):  # pair the (j)-gram's code with the next token's, re-coded
            _, gram = np.unique(gram * len(keys) + codes[start + j], return_inverse=True)
        if len(start) == 0:
            continue
        found, first, count = np.unique(gram, return_index=True, return_counts=True)
        kept = first[count >= min_freq]
        parts.append(pd.DataFrame({
            "n": n, "count": count[count >= min_freq],
            "ngram": [" ".join(keys[codes[i: i + n]]) for i in start[kept]]}))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"n": [], "count": [], "ngram": []})
    table = table[["n", "ngram", "count"]].sort_values(["n", "count", "ngram"],
                                                       ascending=[True, False, True],
                                                       kind="stable")
    return table.reset_index(drop=True).astype({"n": int, "count": int, "ngram": "str"})


def sentence_bounds(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last word index of each word's sentence (the window's limits).

    Parameters
    ----------
    units : DataFrame
        :func:`analysis.frequency.running_units` (paragraph_id, sentence, word), in order.

    Returns
    -------
    start, end : ndarray
        One value per row of ``units``.
    """
    first = first_of_runs(units["paragraph_id"], units["sentence"])
    last = np.r_[first[1:], True] if len(first) else first
    words = units["word"].to_numpy()
    group = np.cumsum(first) - 1
    return words[first][group], words[last][group]


def window_words(units: pd.DataFrame, node: str, window: int = COLLOCATION_WINDOW,
                 bounds: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Running-text indexes of the words within ``window`` words of any occurrence of ``node``.

    Windows stay inside the node's sentence; the node's own occurrences are
    excluded, and a word in two windows is listed once.

    Parameters
    ----------
    units : DataFrame
        :func:`analysis.frequency.running_units` (paragraph_id, sentence, word, term).
    node : str
        The node term.
    window : int, default :data:`analysis.settings.COLLOCATION_WINDOW`
        Words on each side.
    bounds : tuple of ndarray, optional
        :func:`sentence_bounds` of ``units``, if already computed.

    Returns
    -------
    ndarray
        Sorted, unique word indexes (empty if the node does not occur).
    """
    start, end = sentence_bounds(units) if bounds is None else bounds
    words = units["word"].to_numpy()
    is_node = (units["term"] == node).to_numpy()
    near = words[is_node][:, None] + np.arange(-window, window + 1)
    inside = (near >= start[is_node][:, None]) & (near <= end[is_node][:, None])
    return np.setdiff1d(np.unique(near[inside]), words[is_node])


#: Column types of an empty collocations table.
_COLLOCATION_DTYPES = {"node": "str", "collocate": "str", "label": "str", "together": "int64",
                       "collocate_freq": "int64", "window_size": "int64", "n": "int64",
                       "expected": "float64", "g2": "float64", "p_value": "float64",
                       "pmi": "float64", "t_score": "float64", "significant": "bool"}


def collocations(units: pd.DataFrame, nodes: tuple[str, ...] | list[str],
                 labels: pd.Series | None = None, window: int = COLLOCATION_WINDOW,
                 min_freq: int = MIN_COLLOCATE_FREQ, p: float = COLLOCATION_P
                 ) -> pd.DataFrame:
    """Collocates of each node term, with G2, PMI and t-score.

    For a node, the 2x2 table is: content words inside the node's windows
    (:func:`window_words`; their number is ``window_size``, R1) or elsewhere,
    and the collocate or another term; N is the paper's content words minus the
    node's own occurrences, C1 the collocate's frequency among content words.

    Parameters
    ----------
    units : DataFrame
        :func:`analysis.frequency.running_units` (term, stop, word, paragraph_id, sentence).
    nodes : sequence of str
        Node terms (for example :func:`key_terms`).
    labels : Series, optional
        Display labels by term (:func:`analysis.frequency.term_labels`);
        without it a collocate's label is the term itself.
    window : int, default :data:`analysis.settings.COLLOCATION_WINDOW`
        Words on each side of the node.
    min_freq : int, default :data:`analysis.settings.MIN_COLLOCATE_FREQ`
        Co-occurrences a collocate needs in the windows.
    p : float, default :data:`analysis.settings.COLLOCATION_P`
        Significance level of G2.

    Returns
    -------
    DataFrame
        node, collocate, label, together (O11), collocate_freq (C1),
        window_size (R1), n (N), expected (R1 * C1 / N), g2, p_value, pmi,
        t_score, significant (G2 at least the critical value for ``p``). Only
        collocates seen more often than expected; sorted by node (as given),
        then G2 (descending) and collocate.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.
    Church, K. W. and Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. *Computational Linguistics* 16(1), 22-29.
    Evert, S. (2008). Corpora and collocations. In A. Lüdeling and M. Kytö
    (eds), *Corpus Linguistics: An International Handbook*, vol. 2,
    1212-1248. Berlin: Mouton de Gruyter.
    """
    stop = units["stop"].to_numpy()
    words = units["word"].to_numpy()
    codes, terms = pd.factorize(units["term"].to_numpy(dtype=object), sort=True)
    terms = np.asarray(terms, dtype=object)
    frequency = np.bincount(codes[~stop], minlength=len(terms))
    bounds = sentence_bounds(units)
    # one sparse nodes x terms matrix of the content words inside each node's windows
    rows, cols, window_sizes, ns = [], [], [], []
    for i, node in enumerate(nodes):
        inside = np.searchsorted(words, window_words(units, node, window, bounds))
        inside = inside[~stop[inside]]
        rows.append(np.full(len(inside), i))
        cols.append(codes[inside])
        window_sizes.append(len(inside))
        node_code = np.searchsorted(terms, node)
        own = frequency[node_code] if node_code < len(terms) and terms[node_code] == node else 0
        ns.append(int((~stop).sum() - own))
    matrix = coo_matrix((np.ones(sum(len(r) for r in rows), dtype=np.int64),
                         (np.concatenate(rows) if rows else [], np.concatenate(cols) if cols
                          else [])), shape=(len(nodes), len(terms))).tocsr()
    parts = []
    for i, node in enumerate(nodes):
        row = matrix.getrow(i).tocoo()
        keep = (row.data >= min_freq) & (terms[row.col] != node)
        o11 = row.data[keep].astype(float)
        c1 = frequency[row.col[keep]].astype(float)
        r1, n = window_sizes[i], ns[i]
        expected = r1 * c1 / n if n else np.zeros_like(c1)
        g2 = stats.collocation_g2(o11, r1, c1, n)
        parts.append(pd.DataFrame({
            "node": node, "collocate": terms[row.col[keep]], "together": o11.astype(int),
            "collocate_freq": c1.astype(int), "window_size": r1, "n": n, "expected": expected,
            "g2": g2, "p_value": stats.p_value(g2), "pmi": stats.pmi(o11, r1, c1, n),
            "t_score": stats.t_score(o11, r1, c1, n), "rank": i,
        }))
    columns = ["node", "collocate", "label", "together", "collocate_freq", "window_size",
               "n", "expected", "g2", "p_value", "pmi", "t_score", "significant"]
    if not parts:  # no node term given
        return pd.DataFrame({c: pd.Series(dtype=_COLLOCATION_DTYPES[c]) for c in columns})
    table = pd.concat(parts, ignore_index=True)
    table = table[table["together"] > table["expected"]]
    table = table.assign(significant=table["g2"] >= stats.critical_g2(p),
                         label=table["collocate"].map(labels) if labels is not None
                         else table["collocate"])
    table = table.sort_values(["rank", "g2", "collocate"], ascending=[True, False, True],
                              kind="stable")
    return table[columns].reset_index(drop=True)


def describe_collocations(colloc: pd.DataFrame, labels: pd.Series | None = None) -> list[str]:
    """The strongest significant collocate of each node, and how many co-occurrences they rest on.

    Parameters
    ----------
    colloc : DataFrame
        :func:`collocations` (node, label, together, g2, significant), by node then G2.
    labels : Series, optional
        Display labels of the nodes, by term.

    Returns
    -------
    list of str
        One sentence per node, then the range of co-occurrences of significant collocations.
    """
    shown = colloc[colloc["significant"]]
    if shown.empty:
        return ["No collocation reaches the significance level."]
    lines = []
    for node, rows in shown.groupby("node", sort=False):
        name = labels.get(node, node) if labels is not None else node
        top = rows.head(3)
        lines.append(f"{name}: " + ", ".join(
            f"{r.label} ({r.together:,} together, G² {r.g2:,.1f})" for r in top.itertuples())
                     + ".")
    lines.append(f"Significant collocations rest on {shown['together'].min():,} to "
                 f"{shown['together'].max():,} co-occurrences.")
    return lines


def describe_ngrams(grams: pd.DataFrame, expressions: pd.DataFrame, n: int = 6) -> str:
    """The most frequent n-grams, and which of them the expressions lexicon merges.

    Parameters
    ----------
    grams : DataFrame
        :func:`ngrams` (n, ngram, count).
    expressions : DataFrame
        The expressions lexicon applied (variant).
    n : int, default 6
        N-grams named.

    Returns
    -------
    str
    """
    if grams.empty:
        return "No word sequence recurs often enough to be listed."
    ranked = grams.sort_values(["count", "n", "ngram"], ascending=[False, False, True],
                               kind="stable")
    merged = set(expressions["variant"].str.lower())
    kept = ranked[ranked["ngram"].isin(merged)]
    text = "Most frequent: " + ", ".join(
        f"'{r.ngram}' ({r.count})" for r in ranked.head(n).itertuples()) + "."
    if len(kept):
        text += (f" {len(kept):,} of the {len(grams):,} listed sequences are merged into one "
                 "term by the expressions lexicon: " + ", ".join(kept["ngram"].head(n))
                 + (", …" if len(kept) > n else "") + ".")
    return text
