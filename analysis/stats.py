"""Corpus statistics, vectorised over terms: log-likelihood, log ratio, PMI, t-score, dispersion.

All functions take NumPy arrays (or scalars) of frequencies and return arrays,
so keyness, collocation and predication tables compute every term at once.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as _stats

ArrayLike = np.ndarray | float | int


def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """O * ln(O / E), with 0 where O is 0 (its limit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(observed > 0, observed * np.log(observed / expected), 0.0)


def log_likelihood(a: ArrayLike, b: ArrayLike, n1: ArrayLike, n2: ArrayLike) -> np.ndarray:
    """Log-likelihood G2 of a term's frequency ``a`` in a corpus of ``n1`` words
    against ``b`` in a reference of ``n2`` words.

    The full 2x2 contingency table (term vs other words, corpus vs reference)
    is used, as in Dunning (1993) and ``scipy.stats.chi2_contingency(...,
    lambda_="log-likelihood")``. G2 is asymptotically chi-squared with one
    degree of freedom (see :func:`p_value`).
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    n1, n2 = np.asarray(n1, float), np.asarray(n2, float)
    c, d = n1 - a, n2 - b
    total = n1 + n2
    cells = [(a, n1 * (a + b) / total), (b, n2 * (a + b) / total),
             (c, n1 * (c + d) / total), (d, n2 * (c + d) / total)]
    return 2.0 * sum(_xlogx_over(o, e) for o, e in cells)


def p_value(g2: ArrayLike) -> np.ndarray:
    """Upper-tail p-value of G2 under chi-squared with one degree of freedom."""
    return _stats.chi2.sf(np.asarray(g2, float), df=1)


def critical_g2(p: float) -> float:
    """The G2 a term must reach to be significant at level ``p`` (one d.f.).

    For example 3.84 at p = 0.05, 6.63 at 0.01, 10.83 at 0.001, 15.14 at 0.0001.
    """
    return float(_stats.chi2.isf(p, df=1))


def log_ratio(a: ArrayLike, b: ArrayLike, n1: ArrayLike, n2: ArrayLike,
              zero: float = 0.5) -> np.ndarray:
    """Hardie's (2014) Log Ratio: log2 of the ratio of relative frequencies.

    A zero frequency is replaced by ``zero`` (0.5) so the ratio stays finite.
    Each unit is a doubling: 1 means twice as frequent, -1 half as frequent.
    """
    a = np.where(np.asarray(a, float) == 0, zero, np.asarray(a, float))
    b = np.where(np.asarray(b, float) == 0, zero, np.asarray(b, float))
    return np.log2((a / np.asarray(n1, float)) / (b / np.asarray(n2, float)))


def pmi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Pointwise mutual information, log2(O11 * N / (R1 * C1)) (Church and Hanks 1990)."""
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    with np.errstate(divide="ignore"):
        return np.log2(o11 * n / (r1 * c1))


def t_score(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Collocation t-score, (O11 - E11) / sqrt(O11), with E11 = R1 * C1 / N (Evert 2008)."""
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o11 > 0, (o11 - r1 * c1 / n) / np.sqrt(o11), 0.0)


def collocation_g2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Log-likelihood G2 of a co-occurrence count O11 given marginals R1, C1 and total N."""
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    # rows: node / not node; columns: collocate / not collocate
    return log_likelihood(o11, c1 - o11, r1, n - r1)


def gries_dp(frequencies: np.ndarray, part_sizes: np.ndarray) -> np.ndarray:
    """Gries' (2008) deviation of proportions, DP, for each row of ``frequencies``.

    ``frequencies`` is terms x parts; ``part_sizes`` the words in each part.
    DP = 0.5 * sum |v_i - s_i|, with v_i the share of the term's occurrences in
    part i and s_i the part's share of the corpus: 0 is perfectly even, values
    near 1 mean the term is concentrated in one small part.
    """
    freqs = np.atleast_2d(np.asarray(frequencies, float))
    sizes = np.asarray(part_sizes, float)
    expected = sizes / sizes.sum()
    totals = freqs.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(totals > 0, freqs / totals, np.nan)
    return 0.5 * np.abs(observed - expected).sum(axis=1)


def gries_dp_norm(frequencies: np.ndarray, part_sizes: np.ndarray) -> np.ndarray:
    """DP divided by its maximum, 1 - min(s_i) (Lijffijt and Gries 2012), so it spans 0 to 1."""
    sizes = np.asarray(part_sizes, float)
    return gries_dp(frequencies, sizes) / (1 - (sizes / sizes.sum()).min())


def juilland_d(frequencies: np.ndarray, part_sizes: np.ndarray) -> np.ndarray:
    """Juilland's D, 1 - V / sqrt(n - 1), on relative frequencies per part.

    V is the coefficient of variation (population standard deviation over the
    mean) of the term's frequency per word in each of the n parts; using rates
    rather than counts lets parts differ in size. 1 is perfectly even.
    """
    freqs = np.atleast_2d(np.asarray(frequencies, float))
    sizes = np.asarray(part_sizes, float)
    rates = freqs / sizes
    mean = rates.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        variation = rates.std(axis=1) / mean
    return 1 - variation / np.sqrt(freqs.shape[1] - 1)
