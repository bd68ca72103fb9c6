"""Counting on one factorised sparse matrix: the arithmetic every count, rate and test shares.

The units of the study (sections, paragraphs, collocation windows) and its
terms are factorised to integer codes (``pandas.factorize``) and every
occurrence is summed once in a :class:`scipy.sparse.coo_matrix`, converted to
CSR; counts, rates, TF-IDF, dispersion, keyness and collocations are read off
that matrix with NumPy, and their tables are built once at the end. The cost
grows with the number of occurrences (tokens), never with documents times
terms, and nothing loops over groups in Python.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix

from analysis.tokens import units_table


def running_units(tokens: pd.DataFrame) -> pd.DataFrame:
    """The words of the text in reading order, with their place in the running text.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`).

    Returns
    -------
    DataFrame
        :func:`analysis.tokens.units_table` plus ``word`` (the word's index in
        the running text) and ``initial`` (True for the first word of a
        sentence, whose capital says nothing about the word).
    """
    units = units_table(tokens).reset_index(drop=True)
    return units.assign(word=np.arange(len(units)),
                        initial=first_of_runs(units["paragraph_id"], units["sentence"]))


def first_of_runs(*columns: pd.Series) -> np.ndarray:
    """True where any of ``columns`` differs from the row before (and on the first row)."""
    first = np.zeros(len(columns[0]), dtype=bool)
    first[:1] = True
    for column in columns:
        values = column.to_numpy(dtype=object)
        first[1:] |= values[1:] != values[:-1]
    return first


def section_matrix(units: pd.DataFrame, sizes: pd.DataFrame) -> tuple[csr_matrix, np.ndarray]:
    """Sections x terms counts of content words, one factorised sparse matrix.

    Parameters
    ----------
    units : DataFrame
        :func:`running_units` (section_id, term, stop).
    sizes : DataFrame
        :func:`section_sizes`: the rows, in its order.

    Returns
    -------
    matrix : csr_matrix
        Sections (in ``sizes`` order) x terms (code-point order), int64.
    terms : ndarray of str
    """
    content = units[~units["stop"].to_numpy()]
    return term_matrix(content["section_id"], content["term"], sizes["section_id"].tolist())


def counts_matrix(counts: pd.DataFrame, sizes: pd.DataFrame) -> tuple[csr_matrix, np.ndarray]:
    """The sections x terms matrix back from the long :func:`term_counts` table.

    Parameters
    ----------
    counts : DataFrame
        :func:`term_counts` (section_id, term, count).
    sizes : DataFrame
        :func:`section_sizes`: the rows, in its order.

    Returns
    -------
    matrix : csr_matrix
    terms : ndarray of str
        See :func:`section_matrix`.
    """
    return term_matrix(counts["section_id"], counts["term"], sizes["section_id"].tolist(),
                       counts["count"].to_numpy())


def rank_within(groups: np.ndarray) -> np.ndarray:
    """1, 2, 3, ... within each run of equal values of a sorted array."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)])) + 1


def term_matrix(documents: pd.Series | np.ndarray, terms: pd.Series | np.ndarray,
                order: list[str] | pd.Index, counts: np.ndarray | None = None
                ) -> tuple[csr_matrix, np.ndarray]:
    """One factorised sparse document-term matrix from parallel arrays of ids.

    The one way the study counts: the documents (sections, paragraphs, windows)
    and terms of every occurrence are factorised to integer codes
    (``pandas.factorize``) and summed in a :class:`scipy.sparse.coo_matrix`,
    so the cost grows with the number of occurrences, never with documents
    times terms.

    Parameters
    ----------
    documents : Series or ndarray
        The document of each occurrence (or of each row of ``counts``).
    terms : Series or ndarray
        The term of each occurrence.
    order : list of str or Index
        Every document, in the matrix's row order; an occurrence in a document
        not listed is an error.
    counts : ndarray, optional
        A count per row (default: 1, one occurrence per row).

    Returns
    -------
    matrix : csr_matrix
        Documents (in ``order``) x terms, int64, canonical (sorted indices, no
        duplicates).
    terms : ndarray of str
        The columns, in code-point order (as scikit-learn's CountVectorizer
        sorts its vocabulary).
    """
    rows = codes_of(documents, order)
    if (rows < 0).any():
        raise ValueError("an occurrence belongs to a document that is not in `order`")
    codes, vocabulary = pd.factorize(np.asarray(terms, dtype=object), sort=True)
    data = np.ones(len(codes), dtype=np.int64) if counts is None else np.asarray(counts,
                                                                                 np.int64)
    matrix = coo_matrix((data, (rows, codes)), shape=(len(order), len(vocabulary))).tocsr()
    matrix.sum_duplicates()
    return matrix, np.asarray(vocabulary, dtype=object)


def codes_of(values, order) -> np.ndarray:
    """Position of each value in ``order`` (-1 if absent), hashing each run of equal values once.

    Tables in reading order hold long runs of one section or paragraph id, so
    only the first value of each run is looked up.

    Parameters
    ----------
    values : array-like
        Ids, typically in runs.
    order : list or Index
        The ids' positions.

    Returns
    -------
    ndarray of int64
    """
    values = np.asarray(values, dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    heads = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    found = pd.Index(order).get_indexer(values[heads])
    return np.repeat(found, np.diff(np.r_[heads, len(values)])).astype(np.int64)
