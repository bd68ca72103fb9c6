"""Keyness of each section against the rest of the paper, corrected for the number of tests.

Both comparisons use Dunning's (1993) log-likelihood G2 and Hardie's (2014)
Log Ratio for effect size (:mod:`analysis.stats`).

*Section against the rest* counts terms (lemmas and merged expressions) per
section, on the study's one denominator, words (:mod:`analysis.vocabulary`),
for major sections only. Thousands of (section, term) pairs are tested, so a
screen alone would flag many by chance: G2 at the stated p-value with an
absolute Log Ratio of at least :data:`analysis.settings.MIN_LOG_RATIO` is
the *screen* (what the study reported before), and a term is *key* only if

1. its own test is significant at :data:`analysis.settings.SECTION_P`: Fisher's
   exact test (two-sided) where any expected cell of its 2x2 table is below
   :data:`analysis.settings.FISHER_MIN_EXPECTED` (Cochran's rule: the
   chi-squared approximation of G2 is anti-conservative at small counts), G2's
   chi-squared p-value otherwise;
2. it survives the Benjamini-Hochberg correction over every test (every tested
   term in every major section) at false discovery rate
   :data:`analysis.settings.SECTION_FDR`;
3. its Log Ratio passes the minimum; and
4. if it is more frequent in the section, it occurs in at least
   :data:`analysis.settings.KEY_MIN_PARAGRAPHS` of the section's paragraphs
   (a dispersion guard: five occurrences in one paragraph are one passage).

The table lists every test where the term occurs in the section, and those
where its absence has a most likely count of one or more; the others
(absent, and absence the most likely outcome: p = 1) are counted among the
tests but not listed, so the table grows with the text, not with sections
times terms.

The paper against general English is in :mod:`analysis.english`.

References
----------
Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate.
*Journal of the Royal Statistical Society B* 57(1), 289-300.
Cochran, W. G. (1954). Some methods for strengthening the common chi-squared
tests. *Biometrics* 10(4), 417-451.
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics* 19(1), 61-74.
Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import stats, vocabulary
from analysis.counting import codes_of, counts_matrix, first_of_runs
from analysis.settings import (
    FISHER_MIN_EXPECTED,
    KEY_MIN_PARAGRAPHS,
    MIN_FREQ,
    MIN_LOG_RATIO,
    SECTION_FDR,
    SECTION_P,
    SECTION_PANELS_MAX,
)

#: Columns of :func:`section_keyness`, with the types of an empty table.
SECTION_COLUMNS = {
    "section_id": "str", "section": "str", "term": "str", "label": "str", "count": "int64",
    "count_rest": "int64", "n_paragraphs": "Int64", "rate": "float64", "rate_rest": "float64",
    "expected": "float64", "g2": "float64", "log_ratio": "float64", "test": "str",
    "p_value": "float64", "p_adjusted": "float64", "screened": "bool", "key": "bool",
    "fails": "str"}


def screen(g2: np.ndarray, log_ratio: np.ndarray, p: float, min_log_ratio: float) -> np.ndarray:
    """The keyness screen: G2 at its critical value for ``p`` and |Log Ratio| at the minimum."""
    return (g2 >= stats.critical_g2(p)) & (np.abs(log_ratio) >= min_log_ratio)


def _tested(counts: pd.DataFrame, sizes: pd.DataFrame, min_freq: int):
    matrix, terms = counts_matrix(counts, sizes)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    tested = np.flatnonzero(total >= min_freq)
    words = sizes["n_words"].to_numpy()
    # a section that is the whole paper has no rest to compare with
    chosen = np.flatnonzero(sizes["major"].to_numpy() & (words < words.sum()))
    return matrix, terms, total, tested, chosen


def section_tests(counts: pd.DataFrame, sizes: pd.DataFrame, min_freq: int = MIN_FREQ) -> int:
    """The number of section-against-rest tests: major sections times terms tested.

    Parameters
    ----------
    counts, sizes : DataFrame
        As for :func:`section_keyness`.
    min_freq : int, default :data:`analysis.settings.MIN_FREQ`

    Returns
    -------
    int
        The size of the family the Benjamini-Hochberg correction is made over.
    """
    _, _, _, tested, chosen = _tested(counts, sizes, min_freq)
    return len(tested) * len(chosen)


def _paragraph_spread(units: pd.DataFrame, sections: np.ndarray, terms: np.ndarray,
                      rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Paragraphs of section ``sections[rows]`` where term ``terms[cols]`` occurs."""
    content = units[~units["stop"].to_numpy()]
    paragraph = np.cumsum(first_of_runs(content["paragraph_id"]))
    section = codes_of(content["section_id"], sections)
    term = pd.Index(terms).get_indexer(content["term"].to_numpy(dtype=object))
    inside = (section >= 0) & (term >= 0)
    # one (paragraph, term) pair per paragraph where the term occurs, then counted by section
    pairs = np.unique(paragraph[inside].astype(np.int64) * len(terms) + term[inside],
                      return_index=True)[1]
    code = section[inside][pairs].astype(np.int64) * len(terms) + term[inside][pairs]
    found, n = np.unique(code, return_counts=True)
    wanted = rows.astype(np.int64) * len(terms) + cols
    if len(found) == 0:
        return np.zeros(len(wanted), dtype=np.int64)
    at = np.minimum(np.searchsorted(found, wanted), len(found) - 1)
    return np.where(found[at] == wanted, n[at], 0)


def section_keyness(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                    units: pd.DataFrame | None = None, p: float = SECTION_P,
                    q: float = SECTION_FDR, min_log_ratio: float = MIN_LOG_RATIO,
                    min_freq: int = MIN_FREQ, min_expected: float = FISHER_MIN_EXPECTED,
                    min_paragraphs: int = KEY_MIN_PARAGRAPHS) -> pd.DataFrame:
    """Each major section against the rest of the paper: the screen, the tests, and what survives.

    The rest is every other section with body text, minor sections included.
    See the module docstring for the rules.

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.frequency.term_counts`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, order, label, n_words, major).
    labels : Series
        :func:`analysis.frequency.term_labels`.
    units : DataFrame, optional
        :func:`analysis.frequency.running_units`, for the dispersion guard;
        without it the guard is not applied and n_paragraphs is empty.
    p : float, default :data:`analysis.settings.SECTION_P`
        Significance level of each test (and of the G2 screen).
    q : float, default :data:`analysis.settings.SECTION_FDR`
        False discovery rate of the Benjamini-Hochberg correction.
    min_log_ratio : float, default :data:`analysis.settings.MIN_LOG_RATIO`
        Minimum absolute Log Ratio of a key term.
    min_freq : int, default :data:`analysis.settings.MIN_FREQ`
        Terms with fewer occurrences in the paper are not tested.
    min_expected : float, default :data:`analysis.settings.FISHER_MIN_EXPECTED`
        Fisher's exact test is used where any expected cell is below this.
    min_paragraphs : int, default :data:`analysis.settings.KEY_MIN_PARAGRAPHS`
        Paragraphs of the section a term more frequent there must occur in.

    Returns
    -------
    DataFrame
        section_id, section (label), term, label, count, count_rest,
        n_paragraphs (of the section's paragraphs, those where the term
        occurs), rate, rate_rest (per 1,000 words), expected (the count
        expected in the section if it were like the rest), g2, log_ratio,
        test ("Fisher" or "G2"), p_value (of that test), p_adjusted
        (Benjamini-Hochberg over :func:`section_tests` tests), screened (G2 and
        Log Ratio pass: the screen), key (survives every rule), fails (for a
        screening hit that is not key: which rules it fails); sorted by section
        order, key first, then G2 (descending) and term.

    References
    ----------
    Benjamini and Hochberg (1995), Cochran (1954), Dunning (1993) and Hardie
    (2014), as in the module docstring.
    """
    matrix, terms, total, tested, chosen = _tested(counts, sizes, min_freq)
    if len(chosen) == 0 or len(tested) == 0:  # no major section, or no term frequent enough
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SECTION_COLUMNS.items()})
    words = sizes["n_words"].to_numpy().astype(np.int64)
    paper_words = int(words.sum())
    # listed: every term that occurs in the section, ...
    present = matrix[chosen][:, tested].tocoo()
    rows, cols = present.row.astype(np.int64), present.col.astype(np.int64)
    # ... and absent terms whose most likely count there is 1 or more (otherwise p = 1)
    by_total = np.argsort(-total[tested], kind="stable")
    needed = (paper_words + 2) / (words[chosen] + 1) - 1
    reach = np.searchsorted(-total[tested][by_total], -needed, side="right")
    absent_rows = np.repeat(np.arange(len(chosen)), reach)
    absent_cols = by_total[np.concatenate([np.arange(r) for r in reach])] if reach.sum() \
        else np.zeros(0, np.int64)
    extra = ~np.isin(absent_rows * len(tested) + absent_cols, rows * len(tested) + cols)
    rows = np.concatenate([rows, absent_rows[extra]])
    cols = np.concatenate([cols, absent_cols[extra]])
    a = np.concatenate([present.data, np.zeros(int(extra.sum()), np.int64)]).astype(np.int64)
    k = total[tested][cols].astype(np.int64)
    n1 = words[chosen][rows]
    n2 = paper_words - n1
    b = k - a
    g2 = stats.log_likelihood(a, b, n1, n2)
    log_ratio = stats.log_ratio(a, b, n1, n2)
    expected = np.minimum.reduce([n1 * k, n1 * (paper_words - k), n2 * k,
                                  n2 * (paper_words - k)]) / paper_words
    exact = expected < min_expected
    p_value = np.empty(len(a))
    p_value[~exact] = stats.p_value(g2[~exact])
    p_value[exact] = stats.fisher_exact(a[exact], (n1 - a)[exact], b[exact], (n2 - b)[exact])
    p_adjusted = stats.benjamini_hochberg(p_value, len(chosen) * len(tested))
    section_ids = sizes["section_id"].to_numpy(dtype=object)[chosen]
    spread = (_paragraph_spread(units, section_ids, terms[tested], rows, cols)
              if units is not None else None)
    screened = screen(g2, log_ratio, p, min_log_ratio)
    fails = [np.where(p_value >= p, np.where(exact, "Fisher", "G2"), ""),
             np.where(p_adjusted >= q, "FDR", "")]
    key = (np.abs(log_ratio) >= min_log_ratio) & (p_value < p) & (p_adjusted < q)
    if spread is not None:
        alone = (log_ratio > 0) & (spread < min_paragraphs)
        fails.append(np.where(alone, "one paragraph", ""))
        key &= ~alone
    failed = np.flatnonzero(screened & ~key)
    reasons = np.full(len(a), "", dtype=object)
    reasons[failed] = ["; ".join(r for r in rs if r)
                       for rs in zip(*(f[failed] for f in fails), strict=True)]
    table = pd.DataFrame({
        "section_id": section_ids[rows], "section": sizes["label"].to_numpy(dtype=object)[
            chosen][rows],
        "term": terms[tested][cols], "count": a, "count_rest": b,
        "n_paragraphs": pd.array(spread, dtype="Int64") if spread is not None
        else pd.array([pd.NA] * len(a), dtype="Int64"),
        "rate": vocabulary.rate(a, n1), "rate_rest": vocabulary.rate(b, n2),
        "expected": n1 * k / paper_words, "g2": g2, "log_ratio": log_ratio,
        "test": np.where(exact, "Fisher", "G2"), "p_value": p_value, "p_adjusted": p_adjusted,
        "screened": screened, "key": key,
        "fails": reasons,
        "order": sizes["order"].to_numpy()[chosen][rows],
    })
    table = table.assign(label=table["term"].map(labels))
    table = table.sort_values(["order", "key", "g2", "term"],
                              ascending=[True, False, False, True], kind="stable")
    return table[list(SECTION_COLUMNS)].astype(
        {c: t for c, t in SECTION_COLUMNS.items() if t == "str"}).reset_index(drop=True)


def top_keys(table: pd.DataFrame, n: int, by: str = "g2", group: str | None = None
             ) -> pd.DataFrame:
    """The ``n`` key rows with the largest ``by`` on each side, within each ``group`` if given.

    Parameters
    ----------
    table : DataFrame
        :func:`section_keyness` or :func:`analysis.english.reference_keyness`
        (optionally with :func:`analysis.english.reference_groups`' group column).
    n : int
        Rows kept per side (and group).
    by : str, default "g2"
        Column that ranks the key rows (largest first, ties by term or form).
    group : str, optional
        Column to group by first, such as "section_id" or "group".

    Returns
    -------
    DataFrame
        The key rows kept, with ``side`` ("more" for a positive Log Ratio,
        "less" otherwise); sorted by ``group`` (in the order the table first
        lists each), then Log Ratio (descending) and term or form, for plotting.
    """
    keys = table[table["key"]]
    keys = keys.assign(side=np.where(keys["log_ratio"] > 0, "more", "less"))
    if group is not None:  # groups in the table's own order (reading order for sections)
        first = {g: i for i, g in enumerate(pd.unique(table[group].to_numpy(dtype=object)))}
        keys = keys.assign(group_at=keys[group].map(first))
    groups = ["side"] if group is None else ["group_at", "side"]
    name = "form" if "form" in keys.columns else "term"
    keys = keys.sort_values([*groups, by, name], ascending=[True] * len(groups) + [False, True],
                            kind="stable")
    keys = keys.groupby(groups, sort=False).head(n)
    order = [] if group is None else ["group_at"]
    keys = keys.sort_values([*order, "log_ratio", name],
                            ascending=[True] * len(order) + [False, True], kind="stable")
    return keys.drop(columns=order).reset_index(drop=True)


def key_sections(table: pd.DataFrame, max_sections: int = SECTION_PANELS_MAX) -> list[str]:
    """The sections with the most key terms (ties in reading order), at most ``max_sections``.

    Parameters
    ----------
    table : DataFrame
        :func:`section_keyness` (section_id, key), in reading order.
    max_sections : int, default :data:`analysis.settings.SECTION_PANELS_MAX`

    Returns
    -------
    list of str
        Section ids with at least one key term, in reading order.
    """
    keys = table[table["key"]]
    at = {s: i for i, s in enumerate(pd.unique(table["section_id"].to_numpy(dtype=object)))}
    n = keys.groupby("section_id", sort=False).size()
    ranked = sorted(n.index, key=lambda s: (-n[s], at[s]))[:max_sections]
    return sorted(ranked, key=at.get)


def _named(items: list[str], n: int) -> str:
    """Up to ``n`` items joined by commas, then how many more there are."""
    return ", ".join(items[:n]) + (f" and {len(items) - n:,} more" if len(items) > n else "")


def describe_section_keyness(table: pd.DataFrame, n_tests: int, p: float = SECTION_P,
                             q: float = SECTION_FDR, max_sections: int = SECTION_PANELS_MAX,
                             max_terms: int = 8) -> list[str]:
    """What the screen flagged, what each rule removed, and what survives, in sentences.

    Parameters
    ----------
    table : DataFrame
        :func:`section_keyness`.
    n_tests : int
        :func:`section_tests`.
    p, q : float
        The significance level and the false discovery rate used.
    max_sections : int, default :data:`analysis.settings.SECTION_PANELS_MAX`
        Sections whose key terms are named (:func:`key_sections`).
    max_terms : int, default 8
        Key terms named per section and side.

    Returns
    -------
    list of str
    """
    if n_tests == 0:
        return ["Not measured: the paper has no major section with a rest to compare it with, "
                "or no term frequent enough to test."]
    hits = table[table["screened"]]
    lost = hits[~hits["key"]]
    reasons = lost["fails"].str.split("; ").explode()

    def failing(names: list[str]) -> int:
        return int(reasons.isin(names).groupby(level=0).any().sum()) if len(lost) else 0

    keys = table[table["key"]]
    lines = [f"{n_tests:,} tests (tested terms in major sections); the screen (G² at p < {p}, "
             f"|Log Ratio| >= {MIN_LOG_RATIO:g}) flags {len(hits):,}, where about "
             f"{n_tests * p:,.0f} would pass G² by chance alone.",
             f"Of the {len(hits):,} screening hits, {len(lost):,} do not survive: "
             f"{failing(['Fisher', 'G2']):,} fail their own test at p < {p} (Fisher's exact "
             f"test where an expected cell is small), {failing(['FDR']):,} fail the "
             f"Benjamini-Hochberg correction at FDR {q}, and {failing(['one paragraph']):,} "
             f"occur in only one of the section's paragraphs (a hit can fail several).",
             f"{len(keys):,} key terms survive"
             + (", some of them below the screen." if (~keys["screened"]).any() else ".")]
    shown = key_sections(table, max_sections)
    for section in shown:
        rows = keys[keys["section_id"] == section]
        more = rows.loc[rows["log_ratio"] > 0, "label"].tolist()
        less = rows.loc[rows["log_ratio"] <= 0, "label"].tolist()
        parts = ([f"more frequent: {_named(more, max_terms)}"] if more else []) + (
            [f"less frequent: {_named(less, max_terms)}"] if less else [])
        lines.append(f"{rows['section'].iloc[0]}: {'; '.join(parts)}.")
    rest = keys["section_id"].nunique() - len(shown)
    if rest > 0:
        lines.append(f"Key terms of {rest:,} more sections are in the saved table.")
    return lines
