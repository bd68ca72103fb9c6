"""The selection rule fixed in advance, its alternatives, and document resampling, by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from sklearn.decomposition import LatentDirichletAllocation

from analysis.topics import fitting, quality, resampling, selection
from analysis.topics.sweep import SWEEP_COLUMNS


def _setting(model: str, k: int, agreements: list[float], returned: list[float],
             stability: tuple[float, float] = (0.9, 0.8), seed_returned: float = 1.0,
             npmi: float = 0.0, perplexity: float = float("nan")) -> list[dict]:
    """Two seed fits (seed 0 the reference) and one resampled fit per agreement."""
    rows = [{"model": model, "k": k, "seed": s, "sample": 0, "npmi": npmi, "npmi_min": npmi,
             "umass": -1.0, "stability": stability[s], "cross_agreement": 0.5,
             "reference_agreement": 1.0 if s == 0 else 0.5,
             "returned": 1.0 if s == 0 else seed_returned, "perplexity": float("nan"),
             "n_iter": 10} for s in (0, 1)]
    rows += [{"model": model, "k": k, "seed": 0, "sample": i + 1, "npmi": float("nan"),
              "npmi_min": float("nan"), "umass": float("nan"), "stability": float("nan"),
              "cross_agreement": float("nan"), "reference_agreement": a, "returned": r,
              "perplexity": perplexity, "n_iter": 10}
             for i, (a, r) in enumerate(zip(agreements, returned, strict=True))]
    return rows


def _table(*settings: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([row for rows in settings for row in rows], columns=SWEEP_COLUMNS)


def test_a_maximum_at_the_edge_of_the_sweep_is_not_chosen():
    # resampling stability falls with k: the best k is the smallest, which the rule refuses
    table = _table(_setting("lda", 2, [0.8, 0.8], [1, 1]),
                   _setting("lda", 3, [0.7, 0.7], [1, 1]),
                   _setting("lda", 4, [0.4, 0.4], [1, 1]))
    summary = selection.sweep_summary(table)
    assert summary["robust"].all() and not summary["peak"].any()
    assert not summary["chosen"].any()
    assert selection.select_setting(table) == (selection.NO_MODEL, 0, 0)
    # the notebook still shows the least fragile setting, marked as not chosen
    assert selection.shown_setting(table) == ("lda", 2, 0, False)
    picks = selection.alternatives(summary).set_index("rule")
    assert picks.loc["pre-registered", "model"] == selection.NO_MODEL
    assert picks.loc["resampling maximum", ["model", "k"]].tolist() == ["lda", 2]


def test_a_robust_interior_peak_is_chosen():
    # k = 3: mean 0.7, sd 0.02 * sqrt(2), se 0.02: 0.68 beats both neighbours (0.5, 0.4)
    table = _table(_setting("lda", 2, [0.5, 0.5], [1, 1]),
                   _setting("lda", 3, [0.68, 0.72], [1.0, 0.8], seed_returned=0.8),
                   _setting("lda", 4, [0.4, 0.4], [1, 1]))
    summary = selection.sweep_summary(table).set_index("k")
    assert summary.loc[3, "resampling_mean"] == pytest.approx(0.7)
    assert summary.loc[3, "resampling_se"] == pytest.approx(0.02)
    assert summary.loc[3, "resample_return"] == pytest.approx(0.9)
    assert summary.loc[3, "seed_return"] == pytest.approx(0.8)  # the reference is left out
    assert summary["peak"].tolist() == [False, True, False]
    assert summary["chosen"].tolist() == [False, True, False]
    assert selection.select_setting(table) == ("lda", 3, 0)
    assert selection.shown_setting(table) == ("lda", 3, 0, True)


def test_a_peak_within_its_standard_error_or_below_the_bar_is_not_chosen():
    # mean 0.7 but se 0.2: 0.5 does not beat the neighbour's 0.5
    noisy = _table(_setting("lda", 2, [0.5, 0.5], [1, 1]),
                   _setting("lda", 3, [0.5, 0.9], [1, 1]),
                   _setting("lda", 4, [0.4, 0.4], [1, 1]))
    assert not selection.sweep_summary(noisy)["peak"].any()
    # a clear peak whose topics return in only 3 resamples of 4 on average
    fragile = _table(_setting("lda", 2, [0.5, 0.5], [1, 1]),
                     _setting("lda", 3, [0.7, 0.7], [1.0, 0.5]),
                     _setting("lda", 4, [0.4, 0.4], [1, 1]))
    summary = selection.sweep_summary(fragile).set_index("k")
    assert summary.loc[3, "peak"] and not summary.loc[3, "robust"]
    assert selection.select_setting(fragile) == (selection.NO_MODEL, 0, 0)
    assert selection.shown_setting(fragile) == ("lda", 3, 0, False)


def test_peaks_of_both_models_and_the_alternatives():
    table = _table(_setting("lda", 2, [0.5, 0.5], [1, 1], perplexity=200.0),
                   _setting("lda", 3, [0.7, 0.7], [1, 1], npmi=-0.1, perplexity=190.0),
                   _setting("lda", 4, [0.4, 0.4], [1, 1], perplexity=195.0),
                   _setting("nmf", 2, [0.6, 0.6], [1, 1], stability=(1.0, 1.0), npmi=0.2),
                   _setting("nmf", 3, [0.7, 0.7], [1, 1], npmi=0.1),
                   _setting("nmf", 4, [0.3, 0.3], [1, 1]))
    summary = selection.sweep_summary(table)
    # both k = 3 are peaks with the same stability: the tie goes to LDA
    assert summary.loc[summary["peak"], ["model", "k"]].values.tolist() == [["lda", 3],
                                                                          ["nmf", 3]]
    assert selection.select_setting(table) == ("lda", 3, 0)
    picks = selection.alternatives(summary).set_index("rule")
    assert list(picks.index) == list(selection.ALTERNATIVE_RULES)
    got = {rule: (row["model"], row["k"]) for rule, row in picks.iterrows()}
    assert got == {"pre-registered": ("lda", 3), "rank sum": ("nmf", 2),
                   "resampling maximum": ("lda", 3), "seed-stability maximum": ("nmf", 2),
                   "coherence maximum": ("nmf", 2), "perplexity minimum": ("lda", 3)}
    overview = selection.stability_overview(summary).set_index("model")
    assert overview.loc["nmf", "k_fully_stable"] == "2"
    assert overview.loc["lda", "k_robust"] == "2, 3, 4"
    assert overview.loc["nmf", "resampling_max"] == pytest.approx(0.7)


def test_reference_seed_ties_go_to_the_lowest_seed():
    table = _table(_setting("nmf", 2, [0.5], [1], stability=(0.8, 0.8)))
    assert selection.reference_seed(table, "nmf", 2) == 0
    table.loc[table["seed"] == 1, "stability"] = 0.9
    assert selection.reference_seed(table, "nmf", 2) == 1


def test_the_rule_is_committed_text():
    assert "interior peak" in selection.SELECTION_RULE
    assert "edge" in selection.SELECTION_REASONING
    assert set(selection.ALTERNATIVE_RULES) >= {"pre-registered", "rank sum"}


# -- document resampling ----------------------------------------------------------


def test_subsamples_are_fixed_and_shared():
    rows = resampling.subsample_rows(61, 1)
    assert len(rows) == 49 and len(set(rows)) == 49 and (np.diff(rows) > 0).all()
    assert np.array_equal(rows, resampling.subsample_rows(61, 1))
    assert not np.array_equal(rows, resampling.subsample_rows(61, 2))
    held = resampling.held_out_rows(61, rows)
    assert len(held) == 12 and set(held).isdisjoint(rows)
    assert len(resampling.subsample_rows(3, 1)) == 2  # round(2.4)
    assert len(resampling.subsample_rows(1, 1)) == 1


@hypothesis_settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), min_size=4, max_size=4), min_size=1, max_size=6))
def test_completion_split_halves_each_document(rows):
    counts = csr_matrix(np.array(rows))
    first, second = resampling.completion_split(counts)
    assert np.array_equal((first + second).toarray(), counts.toarray())
    assert first.min() >= 0 and second.min() >= 0
    diff = np.asarray(first.sum(axis=1)).ravel() - np.asarray(second.sum(axis=1)).ravel()
    assert set(diff) <= {0, 1}


def test_held_out_perplexity_by_hand_with_one_topic():
    # One topic: every document's share is 1, so p(w | d) = beta_w, and the perplexity of
    # the scored half [[1, 1, 0, 1]] is exp(-(log b0 + log b1 + log b3) / 3).
    train = csr_matrix([[2, 1, 1, 0], [1, 0, 2, 1]])
    fitted = LatentDirichletAllocation(1, learning_method="batch", random_state=0).fit(train)
    beta = fitted.components_[0] / fitted.components_[0].sum()
    expected = math.exp(-(math.log(beta[0]) + math.log(beta[1]) + math.log(beta[3])) / 3)
    held = csr_matrix([[3, 1, 0, 2]])  # halves [2, 0, 0, 1] and [1, 1, 0, 1]
    assert resampling.held_out_perplexity(fitted, held) == pytest.approx(expected)
    assert math.isnan(resampling.held_out_perplexity(fitted, csr_matrix([[1, 0, 0, 0]])))


def test_unigram_perplexity_by_hand():
    assert fitting.unigram_perplexity(csr_matrix([[1, 1], [0, 2]])) == pytest.approx(
        math.exp(-(0.25 * math.log(0.25) + 0.75 * math.log(0.75))))
    assert fitting.unigram_perplexity(csr_matrix((2, 3))) == 1.0


# -- the index-based scores of the sweep ---------------------------------------------


def test_matched_jaccard_by_hand():
    first = np.array([[0, 1], [2, 3]])
    second = np.array([[2, 3], [0, 4]])
    assert quality.index_jaccard(first, second).tolist() == [[0.0, 1 / 3], [1.0, 0.0]]
    assert quality.matched_jaccard(first, second).tolist() == pytest.approx([1 / 3, 1.0])
    assert quality.index_stability([first, second, first]).tolist() == pytest.approx(
        [(2 / 3 + 1) / 2, 2 / 3, (2 / 3 + 1) / 2])


@hypothesis_settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 15), min_size=3, max_size=3, unique=True),
                min_size=1, max_size=5),
       st.lists(st.lists(st.integers(0, 15), min_size=3, max_size=3, unique=True),
                min_size=1, max_size=5))
def test_index_scores_equal_the_term_scores(a, b):
    words = [[f"w{i}" for i in row] for row in a], [[f"w{i}" for i in row] for row in b]
    assert np.allclose(quality.index_jaccard(np.array(a), np.array(b)),
                       quality.jaccard_matrix(*words))
    if len(a) == len(b):
        assert quality.matched_jaccard(np.array(a), np.array(b)).mean() == pytest.approx(
            quality.agreement(*words))
