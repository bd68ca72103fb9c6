"""Corpus statistics, vectorised over terms: log-likelihood, log ratio, PMI, t-score, dispersion.

All functions take NumPy arrays (or scalars) of frequencies and return arrays,
so keyness, collocation and predication tables compute every term at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import special as _special
from scipy import stats as _stats

ArrayLike = np.ndarray | float | int


def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """O * ln(O / E), with 0 where O is 0 (its limit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(observed > 0, observed * np.log(observed / expected), 0.0)


def log_likelihood(a: ArrayLike, b: ArrayLike, n1: ArrayLike, n2: ArrayLike) -> np.ndarray:
    """Log-likelihood G2 of frequency ``a`` in a corpus of ``n1`` words against ``b`` in ``n2``.

    The full 2x2 contingency table (term vs other words, corpus vs reference)
    is used, as in Dunning (1993) and ``scipy.stats.chi2_contingency(...,
    lambda_="log-likelihood")``. G2 is asymptotically chi-squared with one
    degree of freedom (see :func:`p_value`).

    Parameters
    ----------
    a, b : array-like or scalar
        The term's frequency in the corpus and in the reference.
    n1, n2 : array-like or scalar
        Sizes of the corpus and the reference, in the same unit as the frequencies.

    Returns
    -------
    ndarray
        G2 (>= 0; 0 where the two relative frequencies are equal), broadcast
        over the inputs. It says how surprising the difference is, not in which
        direction: see :func:`log_ratio` for that.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    n1, n2 = np.asarray(n1, float), np.asarray(n2, float)
    c, d = n1 - a, n2 - b
    total = n1 + n2
    cells = [(a, n1 * (a + b) / total), (b, n2 * (a + b) / total),
             (c, n1 * (c + d) / total), (d, n2 * (c + d) / total)]
    return 2.0 * sum(_xlogx_over(o, e) for o, e in cells)


def p_value(g2: ArrayLike) -> np.ndarray:
    """Upper-tail p-value of G2 under chi-squared with one degree of freedom.

    Parameters
    ----------
    g2 : array-like or scalar
        :func:`log_likelihood` or :func:`collocation_g2`.

    Returns
    -------
    ndarray
        P(chi2(1) >= g2), of the same shape.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.
    """
    return _special.chdtrc(1, np.asarray(g2, float))  # what scipy.stats.chi2.sf computes


def critical_g2(p: float) -> float:
    """The G2 a term must reach to be significant at level ``p`` (one d.f.).

    For example 3.84 at p = 0.05, 6.63 at 0.01, 10.83 at 0.001, 15.14 at 0.0001.

    Parameters
    ----------
    p : float
        The significance level, between 0 and 1.

    Returns
    -------
    float
        The upper ``p`` quantile of chi-squared with one degree of freedom.
    """
    return float(_stats.chi2.isf(p, df=1))


def log_ratio(a: ArrayLike, b: ArrayLike, n1: ArrayLike, n2: ArrayLike,
              zero: float = 0.5) -> np.ndarray:
    """Hardie's (2014) Log Ratio: log2 of the ratio of relative frequencies.

    Each unit is a doubling: 1 means twice as frequent in the corpus as in
    the reference, -1 half as frequent, 0 equally frequent.

    Parameters
    ----------
    a, b : array-like or scalar
        The term's frequency in the corpus and in the reference.
    n1, n2 : array-like or scalar
        Sizes of the corpus and the reference.
    zero : float, default 0.5
        Stand-in for a zero frequency, so the ratio stays finite.

    Returns
    -------
    ndarray
        log2((a / n1) / (b / n2)), broadcast over the inputs.

    References
    ----------
    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
    Corpus Approaches to Social Science (CASS), Lancaster University.
    """
    a = np.where(np.asarray(a, float) == 0, zero, np.asarray(a, float))
    b = np.where(np.asarray(b, float) == 0, zero, np.asarray(b, float))
    return np.log2((a / np.asarray(n1, float)) / (b / np.asarray(n2, float)))


def pmi(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Pointwise mutual information of a node and a collocate, log2(O11 * N / (R1 * C1)).

    Parameters
    ----------
    o11 : array-like or scalar
        Co-occurrences of node and collocate.
    r1 : array-like or scalar
        Row marginal: the size of the node's context (words in its windows).
    c1 : array-like or scalar
        Column marginal: the collocate's frequency.
    n : array-like or scalar
        The sample size.

    Returns
    -------
    ndarray
        PMI in bits; -inf where ``o11`` is 0.

    References
    ----------
    Church, K. W. and Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. *Computational Linguistics* 16(1), 22-29.
    """
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    with np.errstate(divide="ignore"):
        return np.log2(o11 * n / (r1 * c1))


def t_score(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Collocation t-score, (O11 - E11) / sqrt(O11), with E11 = R1 * C1 / N.

    Parameters
    ----------
    o11, r1, c1, n : array-like or scalar
        Co-occurrences and marginals, as in :func:`pmi`.

    Returns
    -------
    ndarray
        The t-score; 0 where ``o11`` is 0.

    References
    ----------
    Evert, S. (2008). Corpora and collocations. In A. Lüdeling and M. Kytö
    (eds), *Corpus Linguistics: An International Handbook*, vol. 2,
    1212-1248. Berlin: Mouton de Gruyter.
    """
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o11 > 0, (o11 - r1 * c1 / n) / np.sqrt(o11), 0.0)


def collocation_g2(o11: ArrayLike, r1: ArrayLike, c1: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Log-likelihood G2 of a co-occurrence count O11 given marginals R1, C1 and total N.

    The 2x2 table has rows node context / elsewhere and columns collocate /
    other words; it is passed to :func:`log_likelihood` as a = O11,
    b = C1 - O11, n1 = R1, n2 = N - R1.

    Parameters
    ----------
    o11, r1, c1, n : array-like or scalar
        Co-occurrences and marginals, as in :func:`pmi`.

    Returns
    -------
    ndarray
        G2 (>= 0).

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.
    """
    o11, r1, c1, n = (np.asarray(x, float) for x in (o11, r1, c1, n))
    # rows: node / not node; columns: collocate / not collocate
    return log_likelihood(o11, c1 - o11, r1, n - r1)


def _rows(frequencies) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A terms x parts matrix, dense or sparse, as its non-zero entries: row, column, value."""
    if sparse.issparse(frequencies):
        entries = sparse.coo_matrix(frequencies)
        return (entries.row, entries.col, entries.data.astype(float), entries.shape[0])
    freqs = np.atleast_2d(np.asarray(frequencies, float))
    row, col = np.nonzero(freqs)
    return row, col, freqs[row, col], freqs.shape[0]


def gries_dp(frequencies, part_sizes: np.ndarray) -> np.ndarray:
    """Gries' deviation of proportions, DP, for each row of ``frequencies``.

    DP = 0.5 * sum |v_i - s_i|, with v_i the share of the term's occurrences
    in part i and s_i the part's share of the corpus: 0 is perfectly even,
    values near 1 mean the term is concentrated in one small part. A part
    where the term is absent adds s_i, so only the non-zero entries are visited.

    Parameters
    ----------
    frequencies : ndarray or sparse matrix
        Terms x parts counts (a 1-D array is one term).
    part_sizes : ndarray
        The words in each part.

    Returns
    -------
    ndarray
        One DP per term; NaN for a term that never occurs.

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    *International Journal of Corpus Linguistics* 13(4), 403-437.
    """
    row, col, value, n_terms = _rows(frequencies)
    sizes = np.asarray(part_sizes, float)
    expected = sizes / sizes.sum()
    totals = np.bincount(row, weights=value, minlength=n_terms)
    observed = value / totals[row]
    inside = np.bincount(row, weights=np.abs(observed - expected[col]) - expected[col],
                         minlength=n_terms)
    with np.errstate(invalid="ignore"):
        return np.where(totals > 0, 0.5 * (expected.sum() + inside), np.nan)


def gries_dp_norm(frequencies, part_sizes: np.ndarray) -> np.ndarray:
    """DP divided by its maximum, 1 - min(s_i), so it spans 0 to 1.

    Parameters
    ----------
    frequencies : ndarray or sparse matrix
        Terms x parts counts.
    part_sizes : ndarray
        The words in each part.

    Returns
    -------
    ndarray
        One normalised DP per term; NaN for a term that never occurs.

    References
    ----------
    Lijffijt, J. and Gries, S. Th. (2012). Correction to Gries (2008).
    *International Journal of Corpus Linguistics* 17(1), 147-149.
    """
    sizes = np.asarray(part_sizes, float)
    return gries_dp(frequencies, sizes) / (1 - (sizes / sizes.sum()).min())


def juilland_d(frequencies, part_sizes: np.ndarray) -> np.ndarray:
    """Juilland's D, 1 - V / sqrt(n - 1), on relative frequencies per part.

    V is the coefficient of variation (population standard deviation over the
    mean) of the term's frequency per word in each of the n parts; using rates
    rather than counts lets parts differ in size. 1 is perfectly even, 0 means
    the term sits in one part. Computed from the non-zero entries (a part
    where the term is absent contributes the squared mean to the variance).

    Parameters
    ----------
    frequencies : ndarray or sparse matrix
        Terms x parts counts, with at least two parts.
    part_sizes : ndarray
        The words in each part.

    Returns
    -------
    ndarray
        One D per term; NaN for a term that never occurs.

    References
    ----------
    Juilland, A. and Chang-Rodriguez, E. (1964). *Frequency Dictionary of
    Spanish Words*. The Hague: Mouton.
    """
    row, col, value, n_terms = _rows(frequencies)
    sizes = np.asarray(part_sizes, float)
    n = len(sizes)
    rates = value / sizes[col]
    mean = np.bincount(row, weights=rates, minlength=n_terms) / n
    present = np.bincount(row, minlength=n_terms)
    squares = np.bincount(row, weights=(rates - mean[row]) ** 2, minlength=n_terms)
    variance = (squares + (n - present) * mean ** 2) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        variation = np.sqrt(variance) / mean
    return 1 - variation / np.sqrt(n - 1)


#: Relative tolerance under which two tables count as equally probable (as R's fisher.test).
FISHER_TOLERANCE = 1e-7


def fisher_exact(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> np.ndarray:
    """Two-sided p-value of Fisher's exact test for many 2x2 tables [[a, b], [c, d]] at once.

    The p-value of ``scipy.stats.fisher_exact(table)`` (and of R's
    ``fisher.test``): under the hypergeometric distribution of the first cell
    given the margins, the probability of every table no more probable than the
    one observed (within a relative tolerance of :data:`FISHER_TOLERANCE`).
    The distribution is unimodal, so those tables are two tails: the one that
    starts at the observed table and the one beyond the mode where the
    probabilities fall below the observed one's. Both are summed outwards with
    the ratio of successive probabilities, starting from scipy's
    ``hypergeom.logpmf``; each distinct table is computed once. Called per table,
    scipy's Fisher test costs about 0.1 ms, and its hypergeometric ``pmf`` and
    ``sf`` up to 0.1 ms per value for totals between about 10^3 and 10^5;
    this costs about a microsecond per table, whatever the total. Tests check
    the result against scipy's on thousands of tables. Tables with an empty
    row or column have p = 1.

    Parameters
    ----------
    a, b, c, d : array-like of int
        The four cells, broadcast together.

    Returns
    -------
    ndarray
        The two-sided p-values, in [0, 1], of the broadcast shape.

    References
    ----------
    Fisher, R. A. (1922). On the interpretation of chi-squared from contingency
    tables, and the calculation of P. *Journal of the Royal Statistical
    Society* 85(1), 87-94.
    """
    cells = np.broadcast_arrays(*(np.asarray(x, dtype=np.int64) for x in (a, b, c, d)))
    shape = cells[0].shape
    # each distinct table once (hashing the four cells, as pandas groups rows)
    flat = pd.DataFrame({i: x.ravel() for i, x in enumerate(cells)})
    back = flat.groupby([0, 1, 2, 3], sort=False).ngroup().to_numpy()
    first = np.unique(back, return_index=True)[1]
    a, b, c, d = (flat[i].to_numpy()[first] for i in range(4))
    row, column = a + b, a + c
    total = a + b + c + d
    p = np.ones(len(first))
    live = np.flatnonzero((row > 0) & (c + d > 0) & (column > 0) & (b + d > 0))
    p[live] = _fisher_two_sided(a[live], total[live], row[live], column[live])
    return p[back].reshape(shape)


def _fisher_two_sided(x: np.ndarray, m: np.ndarray, k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Fisher's two-sided p of X = x, X hypergeometric (m in all, k drawn, n marked)."""
    low, high = np.maximum(0, k + n - m), np.minimum(k, n)
    mode = ((n + 1) * (k + 1) / (m + 2)).astype(np.int64)
    log_exact = _stats.hypergeom.logpmf(x, m, n, k)
    log_mode = _stats.hypergeom.logpmf(mode, m, n, k)
    target = np.exp(log_exact) * (1 + FISHER_TOLERANCE)
    tied = log_exact >= log_mode + np.log1p(-FISHER_TOLERANCE)
    up = x > mode
    # the tail of the observed table, summed away from the mode
    near = _tail(np.exp(log_exact), x, np.where(up, 1, -1), low, high, m, k, n)
    # the far tail: from the mode towards the other side, down to the target, then summed
    start = _first_below(np.exp(log_mode), mode, np.where(up, -1, 1), target, low, high, m, k, n)
    far = np.where(np.isnan(start[1]), 0.0,
                   _tail(np.nan_to_num(start[1]), start[0], np.where(up, -1, 1), low, high, m,
                         k, n, live=~np.isnan(start[1])))
    return np.where(tied, 1.0, np.minimum(near + far, 1.0))


def _ratio(j: np.ndarray, step: np.ndarray, m, k, n) -> np.ndarray:
    """P(X = j + step) / P(X = j) for a step of +1 or -1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        forward = (k - j) * (n - j) / ((j + 1) * (m - k - n + j + 1))
        backward = j * (m - k - n + j) / ((k - j + 1) * (n - j + 1))
    return np.where(step > 0, forward, backward)


def _tail(value: np.ndarray, at: np.ndarray, step: np.ndarray, low, high, m, k, n,
          live: np.ndarray | None = None) -> np.ndarray:
    """Sum of P(X = j) from ``at`` outwards in direction ``step`` (probabilities falling)."""
    total = np.where(live if live is not None else True, value, 0.0).astype(float)
    active = np.flatnonzero((live if live is not None else True) & (value > 0)
                            & np.where(step > 0, at < high, at > low))
    value, at = value.astype(float).copy(), at.copy()
    while len(active):
        value[active] *= _ratio(at[active], step[active], m[active], k[active], n[active])
        at[active] += step[active]
        total[active] += value[active]
        active = active[(value[active] > 1e-17 * total[active])
                        & np.where(step[active] > 0, at[active] < high[active],
                                   at[active] > low[active])]
    return total


def _first_below(value: np.ndarray, at: np.ndarray, step: np.ndarray, target: np.ndarray,
                 low, high, m, k, n) -> tuple[np.ndarray, np.ndarray]:
    """The first table from ``at`` in direction ``step`` whose probability is at most ``target``.

    Returns its position and probability (NaN where the support ends first).
    """
    value, at = value.astype(float).copy(), at.copy()
    found = np.full(len(value), np.nan)
    active = np.arange(len(value))
    while len(active):
        inside = np.where(step[active] > 0, at[active] < high[active], at[active] > low[active])
        active = active[inside]
        if not len(active):
            break
        value[active] *= _ratio(at[active], step[active], m[active], k[active], n[active])
        at[active] += step[active]
        done = value[active] <= target[active]
        found[active[done]] = value[active[done]]
        active = active[~done]
    return at, found


def benjamini_hochberg(p_values: ArrayLike, n_tests: int | None = None) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), with tests left out counted as p = 1.

    ``scipy.stats.false_discovery_control(p, method="bh")`` when every test is
    given. When ``n_tests`` is larger than the number given, the tests not
    given are tests whose p-value is 1 (they cannot be rejected, but they
    count in the correction): the result equals scipy's on the p-values padded
    with ones, without building that array.

    Parameters
    ----------
    p_values : array-like
        The p-values of the tests listed.
    n_tests : int, optional
        The number of tests in the family (default: as many as given).

    Returns
    -------
    ndarray
        Adjusted p-values in the order given; reject at FDR level q where < q.

    References
    ----------
    Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery
    rate: a practical and powerful approach to multiple testing. *Journal of
    the Royal Statistical Society B* 57(1), 289-300.
    """
    p = np.asarray(p_values, dtype=float).ravel()
    m = len(p) if n_tests is None else int(n_tests)
    if m < len(p):
        raise ValueError(f"n_tests ({m}) is smaller than the number of p-values ({len(p)})")
    if len(p) == 0:
        return p
    if m == len(p):
        return _stats.false_discovery_control(p, method="bh")
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, len(p) + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(len(p))
    out[order] = np.clip(adjusted, 0.0, 1.0)
    return out
