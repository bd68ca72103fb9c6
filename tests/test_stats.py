"""Corpus statistics against hand-computed and published values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from analysis import stats


def test_g2_of_a_2x2_table_by_hand():
    # term 10 times in 1,000 words vs 5 times in 2,000 words
    a, b, n1, n2 = 10, 5, 1000, 2000
    n = n1 + n2
    expected = [n1 * 15 / n, n2 * 15 / n, n1 * (n - 15) / n, n2 * (n - 15) / n]
    observed = [10, 5, 990, 1995]
    by_hand = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected, strict=True))
    assert stats.log_likelihood(a, b, n1, n2) == pytest.approx(by_hand, rel=1e-12)
    assert by_hand == pytest.approx(6.9692, abs=1e-4)  # 2 * (6.931 - 3.466 - 4.987 + 5.006)
    g2_scipy = chi2_contingency([[10, 5], [990, 1995]], correction=False,
                                lambda_="log-likelihood")[0]
    assert stats.log_likelihood(a, b, n1, n2) == pytest.approx(g2_scipy, rel=1e-12)


def test_g2_with_a_zero_cell_and_thresholds():
    assert stats.log_likelihood(0, 0, 100, 100) == 0.0
    assert stats.log_likelihood(5, 0, 100, 100) == pytest.approx(
        2 * (5 * math.log(5 / 2.5) + 95 * math.log(95 / 97.5) + 100 * math.log(100 / 97.5)))
    assert stats.critical_g2(0.05) == pytest.approx(3.841, abs=1e-3)
    assert stats.critical_g2(0.0001) == pytest.approx(15.137, abs=1e-3)
    assert stats.p_value(3.841459) == pytest.approx(0.05, abs=1e-6)


def test_log_ratio():
    # 20 per 1,000 vs 5 per 1,000: four times as frequent, two doublings
    assert stats.log_ratio(20, 10, 1000, 2000) == pytest.approx(2.0)
    assert stats.log_ratio(5, 20, 1000, 1000) == pytest.approx(-2.0)
    assert stats.log_ratio(4, 0, 1000, 1000) == pytest.approx(3.0)  # 0 counted as 0.5


def test_pmi_and_t_score_by_hand():
    # node 20, collocate 50, together 10, in 10,000 tokens: E11 = 0.1
    assert stats.pmi(10, 20, 50, 10_000) == pytest.approx(math.log2(100))
    assert stats.t_score(10, 20, 50, 10_000) == pytest.approx((10 - 0.1) / math.sqrt(10))
    assert stats.collocation_g2(10, 20, 50, 10_000) == pytest.approx(chi2_contingency(
        [[10, 10], [40, 9940]], correction=False, lambda_="log-likelihood")[0])


def test_gries_dp_published_example():
    # Gries (2008: 415): five parts of 9, 10, 10, 10 and 11 words; the term occurs
    # 1, 2, 3, 4 and 5 times; DP = 0.18
    dp = stats.gries_dp(np.array([[1, 2, 3, 4, 5]]), np.array([9, 10, 10, 10, 11]))
    assert dp[0] == pytest.approx(0.18, abs=1e-9)
    assert stats.gries_dp_norm(np.array([[1, 2, 3, 4, 5]]),
                               np.array([9, 10, 10, 10, 11]))[0] == pytest.approx(0.18 / 0.82)


def test_juilland_d_by_hand():
    # equal parts, counts 2, 2, 2: perfectly even; counts 6, 0, 0: maximally uneven
    sizes = np.array([100, 100, 100])
    assert stats.juilland_d(np.array([[2, 2, 2]]), sizes)[0] == pytest.approx(1.0)
    assert stats.juilland_d(np.array([[6, 0, 0]]), sizes)[0] == pytest.approx(0.0)
    # counts 1, 2, 3: mean 2, sd sqrt(2/3), V = 0.4082, D = 1 - V / sqrt(2)
    assert stats.juilland_d(np.array([[1, 2, 3]]), sizes)[0] == pytest.approx(
        1 - math.sqrt(2 / 3) / 2 / math.sqrt(2))


@given(st.integers(0, 500), st.integers(0, 500), st.integers(500, 5000), st.integers(500, 5000))
def test_g2_properties(a, b, n1, n2):
    g2 = stats.log_likelihood(a, b, n1, n2)
    assert g2 >= -1e-9
    assert g2 == pytest.approx(stats.log_likelihood(b, a, n2, n1), abs=1e-9)


@given(st.lists(st.integers(0, 50), min_size=2, max_size=8).filter(lambda f: sum(f) > 0))
def test_dp_is_between_zero_and_one(freqs):
    sizes = np.arange(len(freqs)) + 10
    assert 0 <= stats.gries_dp(np.array([freqs]), sizes)[0] <= 1


def test_fisher_exact_by_hand():
    # [[4, 6], [1, 19]]: the first cell is hypergeometric (30 words, 10 in the section, 5 of
    # the term); the tables no more probable than x = 4 are x = 4 and x = 5:
    # (C(10,4) C(20,1) + C(10,5) C(20,0)) / C(30,5) = (4200 + 252) / 142506
    assert stats.fisher_exact(4, 6, 1, 19)[()] == pytest.approx(4452 / 142506, rel=1e-12)
    # the lady tasting tea, Fisher (1935): [[3, 1], [1, 3]], two-sided p = 34 / 70
    assert stats.fisher_exact(3, 1, 1, 3)[()] == pytest.approx(34 / 70)
    # an empty row or column: p = 1; arrays keep their shape
    assert stats.fisher_exact([0, 4], [0, 6], [3, 1], [4, 19]).tolist() == pytest.approx(
        [1.0, 4452 / 142506])


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.integers(0, 60), st.integers(0, 40), st.integers(0, 2000))
def test_fisher_exact_is_scipys(a, b, c, d):
    from scipy.stats import fisher_exact

    assert stats.fisher_exact(a, b, c, d)[()] == pytest.approx(
        fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-9, abs=1e-300)


def test_fisher_exact_on_many_tables_at_once():
    from scipy.stats import fisher_exact

    rng = np.random.default_rng(0)
    for total in (5_000, 55_000, 550_000):  # scipy's own pmf changes method across these
        n1 = rng.integers(150, 600, 300)
        k = rng.integers(3, 4000, 300)
        a = np.minimum(np.maximum(rng.binomial(k, n1 / total) + rng.integers(-2, 4, 300), 0),
                       np.minimum(k, n1))
        tables = np.stack([a, n1 - a, k - a, total - n1 - k + a], axis=1)
        expected = [fisher_exact([[w, x], [y, z]]).pvalue for w, x, y, z in tables]
        assert stats.fisher_exact(*tables.T) == pytest.approx(expected, rel=1e-8)


def test_benjamini_hochberg_by_hand():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    # sorted 0.01 0.03 0.04 0.2, times 4 / rank: 0.04 0.06 0.0533 0.2, then the running
    # minimum from the top: 0.04 0.0533 0.0533 0.2, back in the order given
    assert stats.benjamini_hochberg(p) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2])
    # four more tests with p = 1 double every factor: 0.08 0.1067 0.1067 0.4
    assert stats.benjamini_hochberg(p, 8) == pytest.approx([0.08, 0.32 / 3, 0.32 / 3, 0.4])
    from scipy.stats import false_discovery_control
    assert stats.benjamini_hochberg(p, 8) == pytest.approx(
        false_discovery_control(np.r_[p, np.ones(4)])[:4])
    with pytest.raises(ValueError, match="smaller than"):
        stats.benjamini_hochberg(p, 3)
