"""The factorised sparse matrix every count is read from."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis import counting


def test_term_matrix_by_hand():
    matrix, terms = counting.term_matrix(["S2", "S1", "S2", "S2"], ["war", "port", "war", "sea"],
                                         ["S1", "S2", "S3"])
    assert terms.tolist() == ["port", "sea", "war"]  # code-point order, as CountVectorizer
    assert matrix.toarray().tolist() == [[1, 0, 0], [0, 1, 2], [0, 0, 0]]
    weighted, _ = counting.term_matrix(["S1", "S1"], ["port", "port"], ["S1"], [2, 3])
    assert weighted.toarray().tolist() == [[5]]
    with pytest.raises(ValueError, match="not in `order`"):
        counting.term_matrix(["S9"], ["port"], ["S1"])


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["S1", "S2", "S3"]),
                          st.sampled_from(["port", "ship", "Sea", "war"])), max_size=40))
def test_term_matrix_counts_every_occurrence(pairs):
    docs = [d for d, _ in pairs]
    terms = [t for _, t in pairs]
    matrix, vocabulary = counting.term_matrix(docs, terms, ["S1", "S2", "S3"])
    assert matrix.sum() == len(pairs)
    expected = pd.crosstab(pd.Series(docs, dtype=object), pd.Series(terms, dtype=object)) \
        if pairs else None
    for i, doc in enumerate(["S1", "S2", "S3"]):
        for j, term in enumerate(vocabulary):
            assert matrix[i, j] == (expected.loc[doc, term] if doc in expected.index else 0)


def test_rank_and_first_of_runs():
    assert counting.rank_within(np.array([0, 0, 1, 1, 1, 4])).tolist() == [1, 2, 1, 2, 3, 1]
    first = counting.first_of_runs(pd.Series(["P1", "P1", "P1", "P2"]), pd.Series([0, 0, 1, 1]))
    assert first.tolist() == [True, False, True, True]
