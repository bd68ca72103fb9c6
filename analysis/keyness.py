"""Keyness: each section against the rest of the paper, and the paper against general English.

Both comparisons use Dunning's (1993) log-likelihood G2 for significance and
Hardie's (2014) Log Ratio for effect size (:mod:`analysis.stats`). A term is
*key* only if it passes three filters at once: it occurs at least
:data:`MIN_FREQ` times in the paper, its G2 reaches the critical value for
the stated p-value, and the absolute Log Ratio is at least the stated minimum
(1 = twice or half as frequent). Thousands of terms are tested, so the
p-values are a screening threshold, not a confirmatory test.

*Section against the rest* counts terms (lemmas and merged expressions) per
section, on the study's one denominator, words (:mod:`analysis.vocabulary`);
it is computed for major sections only.

*Paper against general English* uses the ``wordfreq`` package (Speer 2022)
as the reference. wordfreq counts word forms, not lemmas, and knows no
multiword expressions (it estimates a phrase from its words as if they were
independent), so this comparison counts lower-case word forms (possessive 's
dropped), with merged expressions split back into their words, and divides
by all tokens of the paper: this is the one comparison whose proportions are
per token (its rates are named ``token_rate`` and ``ref_token_rate``).
wordfreq gives a proportion; it is turned into a count in a notional
reference corpus of :data:`analysis.settings.REFERENCE_SIZE` tokens. That
size is large enough for the reference to act as a known proportion (G2 then
tests the paper's count against it); words wordfreq does not list get the
Log Ratio's 0.5 stand-in count.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics* 19(1), 61-74.
Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS).
Speer, R. (2022). wordfreq (version 3). Zenodo. doi:10.5281/zenodo.7199437.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import wordfreq

from analysis import stats, vocabulary
from analysis.frequency import counts_matrix, first_of_runs
from analysis.settings import (
    CAPITALISED_SHARE,
    MIN_FREQ,
    MIN_LOG_RATIO,
    REFERENCE_LANG,
    REFERENCE_P,
    REFERENCE_SIZE,
    REFERENCE_TOP,
    SECTION_P,
)
from analysis.tokens import is_stop

#: Column types of an empty keyness table.
_DTYPES = {"section_id": "str", "section": "str", "term": "str", "label": "str", "count": "int64",
           "count_rest": "int64", "rate": "float64", "rate_rest": "float64", "g2": "float64",
           "p_value": "float64", "log_ratio": "float64", "key": "bool"}


def _filters(table: pd.DataFrame, p: float, min_log_ratio: float) -> pd.Series:
    return (table["g2"] >= stats.critical_g2(p)) & (table["log_ratio"].abs() >= min_log_ratio)


def section_keyness(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                    p: float = SECTION_P, min_log_ratio: float = MIN_LOG_RATIO,
                    min_freq: int = MIN_FREQ) -> pd.DataFrame:
    """G2 and Log Ratio of every term in each major section against the rest of the paper.

    The rest is every other section with body text, minor sections included.

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.frequency.term_counts`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, order, label, n_words, major).
    labels : Series
        :func:`analysis.frequency.term_labels`.
    p : float, default :data:`analysis.settings.SECTION_P`
        Significance level of G2.
    min_log_ratio : float, default :data:`analysis.settings.MIN_LOG_RATIO`
        Minimum absolute Log Ratio of a key term.
    min_freq : int, default :data:`analysis.settings.MIN_FREQ`
        Terms with fewer occurrences in the paper are not tested.

    Returns
    -------
    DataFrame
        section_id, section (label), term, label, count, count_rest, rate,
        rate_rest (per 1,000 words), g2, p_value, log_ratio, key (passes both
        the G2 and the Log Ratio filter); sorted by section order, key first,
        then G2 (descending) and term.
    """
    matrix, terms = counts_matrix(counts, sizes)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    tested = np.flatnonzero(total >= min_freq)
    words = sizes["n_words"].to_numpy()
    paper_words = int(words.sum())
    # a section that is the whole paper has no rest to compare with
    chosen = np.flatnonzero(sizes["major"].to_numpy() & (words < paper_words))
    columns = ["section_id", "section", "term", "label", "count", "count_rest", "rate",
               "rate_rest", "g2", "p_value", "log_ratio", "key"]
    if len(chosen) == 0 or len(tested) == 0:  # no major section, or no term frequent enough
        return pd.DataFrame({c: pd.Series(dtype=_DTYPES[c]) for c in columns})
    a = matrix[chosen][:, tested].toarray().ravel()
    b = np.tile(total[tested], len(chosen)) - a
    n1 = np.repeat(words[chosen], len(tested))
    n2 = paper_words - n1
    g2 = stats.log_likelihood(a, b, n1, n2)
    parts = [pd.DataFrame({
        "section_id": np.repeat(sizes["section_id"].to_numpy(dtype=object)[chosen], len(tested)),
        "section": np.repeat(sizes["label"].to_numpy(dtype=object)[chosen], len(tested)),
        "term": np.tile(terms[tested], len(chosen)), "count": a, "count_rest": b,
        "rate": vocabulary.rate(a, n1), "rate_rest": vocabulary.rate(b, n2),
        "g2": g2, "p_value": stats.p_value(g2),
        "log_ratio": stats.log_ratio(a, b, n1, n2),
        "order": np.repeat(sizes["order"].to_numpy()[chosen], len(tested)),
    })]
    table = pd.concat(parts, ignore_index=True)
    table = table.assign(label=table["term"].map(labels),
                         key=_filters(table, p, min_log_ratio))
    table = table.sort_values(["order", "key", "g2", "term"],
                              ascending=[True, False, False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def word_forms(tokens: pd.DataFrame) -> pd.DataFrame:
    """Lower-case word forms of the paper's vocabulary, unmerged, as wordfreq counts them.

    Stopwords, one-letter tokens and tokens with digits
    (:func:`analysis.tokens.is_stop`) are left out, also inside merged expressions.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`: paragraph_id,
        sentence, position, token, key).

    Returns
    -------
    DataFrame
        form (the token's key: lower case, possessive 's dropped), written (its
        most frequent written form, lower-cased at a sentence start; ties
        alphabetically), count, capitalised (share of its occurrences written
        with a capital where it does not start a sentence, 0 if it only starts
        sentences: near 1 for names, acronyms and words such as "Islamic");
        sorted by count (descending), then form.
    """
    initial = first_of_runs(tokens["paragraph_id"], tokens["sentence"])
    # string work on the distinct tokens only, then mapped back to every token
    token_codes, written_as = pd.factorize(tokens["token"].to_numpy(dtype=object))
    written_as = pd.Series(written_as, dtype=object)
    capital = written_as.str[:1].str.isupper().to_numpy(bool)[token_codes]
    bare = written_as.str.replace(r"['’]s$", "", regex=True)
    written = np.where(initial, bare.str.lower().to_numpy(object)[token_codes],
                       bare.to_numpy(object)[token_codes])
    key_codes, keys = pd.factorize(tokens["key"].to_numpy(dtype=object), sort=True)
    keys = np.asarray(keys, dtype=object)
    vocabulary = ~np.array([is_stop(k) for k in keys], dtype=bool)
    kept = vocabulary[key_codes]
    key_codes, written, capital, initial = (key_codes[kept], written[kept], capital[kept],
                                            initial[kept])
    n = len(keys)
    count = np.bincount(key_codes, minlength=n)
    inside = np.bincount(key_codes[~initial], minlength=n)
    capitalised = np.bincount(key_codes[~initial], weights=capital[~initial], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(inside > 0, capitalised / np.maximum(inside, 1), 0.0)
    # each key's most frequent written form, ties alphabetically
    form_codes, forms = pd.factorize(written, sort=True)
    pair = key_codes.astype(np.int64) * max(len(forms), 1) + form_codes
    pairs, times = np.unique(pair, return_counts=True)
    key_of, form_of = pairs // max(len(forms), 1), pairs % max(len(forms), 1)
    best = np.lexsort((form_of, -times, key_of))
    best = best[np.r_[True, key_of[best][1:] != key_of[best][:-1]]] if len(best) else best
    chosen = np.full(n, "", dtype=object)
    chosen[key_of[best]] = np.asarray(forms, dtype=object)[form_of[best]]
    present = np.flatnonzero(count > 0)
    table = pd.DataFrame({"form": pd.array(keys[present], dtype="str"),
                          "written": pd.array(chosen[present], dtype="str"),
                          "count": count[present].astype(np.int64),
                          "capitalised": share[present]})
    return table.sort_values(["count", "form"], ascending=[False, True], kind="stable"
                             ).reset_index(drop=True)


def reference_frequencies(forms: list[str], lang: str = REFERENCE_LANG) -> np.ndarray:
    """wordfreq's frequency of each word form, a proportion of all tokens.

    Parameters
    ----------
    forms : list of str
        Lower-case word forms.
    lang : str, default :data:`analysis.settings.REFERENCE_LANG`
        wordfreq's language code.

    Returns
    -------
    ndarray
        One proportion per form, in order; 0.0 for a form wordfreq does not list.

    References
    ----------
    Speer, R. (2022). wordfreq (version 3). Zenodo. doi:10.5281/zenodo.7199437.
    """
    return np.array([wordfreq.word_frequency(f, lang) for f in forms], dtype=float)


def reference_candidates(lang: str = REFERENCE_LANG, top: int = REFERENCE_TOP) -> list[str]:
    """wordfreq's ``top`` most frequent words that would be vocabulary here.

    Parameters
    ----------
    lang : str, default :data:`analysis.settings.REFERENCE_LANG`
        wordfreq's language code.
    top : int, default :data:`analysis.settings.REFERENCE_TOP`
        How many of wordfreq's most frequent words to consider.

    Returns
    -------
    list of str
        Those of them made of letters only that are not stopwords
        (:func:`analysis.tokens.is_stop`), in wordfreq's order.
    """
    words = wordfreq.top_n_list(lang, top)
    return [w for w in words if w.isalpha() and not is_stop(w)]


def reference_keyness(tokens: pd.DataFrame, p: float = REFERENCE_P,
                      min_log_ratio: float = MIN_LOG_RATIO, min_freq: int = MIN_FREQ,
                      reference_size: int = REFERENCE_SIZE, lang: str = REFERENCE_LANG,
                      top: int = REFERENCE_TOP) -> pd.DataFrame:
    """G2 and Log Ratio of the paper's word forms against general English (wordfreq).

    Tested: every word form with at least ``min_freq`` occurrences in the
    paper, and those of :func:`reference_candidates` that would be expected
    at least once in a text of the paper's size (they may not occur in it at
    all). The paper's size is all its tokens; the reference's is
    ``reference_size``, and a form's reference count is its wordfreq
    proportion times ``reference_size``.

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`).
    p : float, default :data:`analysis.settings.REFERENCE_P`
        Significance level of G2.
    min_log_ratio : float, default :data:`analysis.settings.MIN_LOG_RATIO`
        Minimum absolute Log Ratio of a key form.
    min_freq : int, default :data:`analysis.settings.MIN_FREQ`
        Occurrences a form of the paper needs to be tested.
    reference_size : int, default :data:`analysis.settings.REFERENCE_SIZE`
        Tokens of the notional reference corpus.
    lang : str, default :data:`analysis.settings.REFERENCE_LANG`
        wordfreq's language code.
    top : int, default :data:`analysis.settings.REFERENCE_TOP`
        See :func:`reference_candidates`.

    Returns
    -------
    DataFrame
        form, written, count, token_rate (per 1,000 tokens of the paper),
        ref_token_rate (per 1,000 tokens of English), zipf (wordfreq's Zipf
        value, log10 of frequency per billion words), g2, p_value, log_ratio,
        capitalised (see :func:`word_forms`), key (passes both the G2 and the
        Log Ratio filter); sorted by key (key forms first), G2 (descending), form.

    References
    ----------
    Dunning (1993), Hardie (2014) and Speer (2022), as in the module docstring.
    """
    forms = word_forms(tokens)
    n1, n2 = len(tokens), reference_size
    # common English words enter only if at least one occurrence is expected in a text
    # of this size: otherwise absence says nothing (and the 0.5 stand-in would exceed it)
    candidates = reference_candidates(lang, top)
    common = [w for w, f in zip(candidates, reference_frequencies(candidates, lang), strict=True)
              if f * n1 >= 1]
    extra = sorted(set(common) - set(forms["form"]))
    table = pd.concat([forms[forms["form"].isin(set(common)) & (forms["count"] < min_freq)],
                       forms[forms["count"] >= min_freq],
                       pd.DataFrame({"form": extra, "written": extra, "count": 0,
                                     "capitalised": 0.0})],
                      ignore_index=True)
    table = table.drop_duplicates("form").reset_index(drop=True)
    freq = reference_frequencies(table["form"].tolist(), lang)
    a, b = table["count"].to_numpy(float), freq * n2
    g2 = stats.log_likelihood(a, b, n1, n2)
    table = table.assign(token_rate=vocabulary.rate(a, n1),
                         ref_token_rate=vocabulary.rate(freq, 1.0),
                         zipf=[wordfreq.zipf_frequency(f, lang) for f in table["form"]],
                         g2=g2, p_value=stats.p_value(g2),
                         log_ratio=stats.log_ratio(a, b, n1, n2))
    table = table.assign(key=_filters(table, p, min_log_ratio))
    table = table.sort_values(["key", "g2", "form"], ascending=[False, False, True],
                              kind="stable")
    return table[["form", "written", "count", "token_rate", "ref_token_rate", "zipf", "g2",
                  "p_value",
                  "log_ratio", "capitalised", "key"]].reset_index(drop=True)


def reference_groups(table: pd.DataFrame, share: float = CAPITALISED_SHARE) -> pd.DataFrame:
    """The reference keyness table with ``group``, so that names do not hide the other words.

    Proper names dominate keyness against general English; grouping shows the
    other words too.

    Parameters
    ----------
    table : DataFrame
        :func:`reference_keyness` (capitalised).
    share : float, default :data:`analysis.settings.CAPITALISED_SHARE`
        The share of capitalised occurrences from which a form is "capitalised".

    Returns
    -------
    DataFrame
        ``table`` (same rows and order) plus group: "capitalised" (names,
        acronyms and proper adjectives) or "other".
    """
    return table.assign(group=np.where(table["capitalised"] >= share, "capitalised", "other"))


def top_keys(table: pd.DataFrame, n: int, by: str = "g2", group: str | None = None
             ) -> pd.DataFrame:
    """The ``n`` key rows with the largest ``by`` on each side, within each ``group`` if given.

    Parameters
    ----------
    table : DataFrame
        :func:`section_keyness` or :func:`reference_keyness` (optionally with
        :func:`reference_groups`' group column).
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
        "less" otherwise); sorted by ``group`` (if given), then Log Ratio
        (descending) and term or form, for plotting.
    """
    keys = table[table["key"]]
    keys = keys.assign(side=np.where(keys["log_ratio"] > 0, "more", "less"))
    groups = ["side"] if group is None else [group, "side"]
    name = "form" if "form" in keys.columns else "term"
    keys = keys.sort_values([*groups, by, name], ascending=[True] * len(groups) + [False, True],
                            kind="stable")
    keys = keys.groupby(groups, sort=False).head(n)
    order = [] if group is None else [group]
    return keys.sort_values([*order, "log_ratio", name],
                            ascending=[True] * len(order) + [False, True],
                            kind="stable").reset_index(drop=True)
