"""Keyness of the paper against general English, with wordfreq as the reference.

The comparison uses the ``wordfreq`` package (Speer 2022)
as the reference. wordfreq counts word forms, not lemmas, and knows no
multiword expressions, so this comparison counts lower-case word forms
(possessive 's dropped), with merged expressions split back into their
words, and divides by all tokens of the paper: the one comparison whose
proportions are per token (``token_rate``, ``ref_token_rate``). wordfreq's
proportion becomes a count in a notional reference corpus of
:data:`analysis.settings.REFERENCE_SIZE` tokens. wordfreq lists every word
down to a floor (its smallest listed frequency, about one in 10^8); a word
below it (not listed, or estimated below it from its parts, as "al-shaabi")
has an unknown frequency under the floor, so it is flagged (``below_floor``)
and given the floor: its G2 and Log Ratio are then lower bounds, not scores.

G2 and Log Ratio are Dunning's (1993) and Hardie's (2014), as in
:mod:`analysis.keyness`; the p-values are corrected by Benjamini and
Hochberg's (1995) procedure over every form tested.

References
----------
Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate.
*Journal of the Royal Statistical Society B* 57(1), 289-300.
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. *Computational Linguistics* 19(1), 61-74.
Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS).
Speer, R. (2022). wordfreq (version 3). Zenodo. doi:10.5281/zenodo.7199437.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import wordfreq

from analysis import stats, vocabulary
from analysis.counting import first_of_runs
from analysis.keyness import screen
from analysis.settings import (
    CAPITALISED_SHARE,
    MIN_FREQ,
    MIN_LOG_RATIO,
    REFERENCE_LANG,
    REFERENCE_P,
    REFERENCE_SIZE,
    REFERENCE_TOP,
    SECTION_FDR,
)
from analysis.tokens import is_stop


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


@cache
def reference_floor(lang: str = REFERENCE_LANG) -> float:
    """wordfreq's floor: the smallest frequency its word list gives (about 1e-8 in English).

    A word below it is not listed (or is estimated from its parts below it):
    its frequency in general English is unknown but lower than this.

    Parameters
    ----------
    lang : str, default :data:`analysis.settings.REFERENCE_LANG`

    Returns
    -------
    float
        A proportion of all tokens.
    """
    return float(min(wordfreq.get_frequency_dict(lang, wordlist="best").values()))


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


def reference_keyness(tokens: pd.DataFrame, p: float = REFERENCE_P, q: float = SECTION_FDR,
                      min_log_ratio: float = MIN_LOG_RATIO, min_freq: int = MIN_FREQ,
                      reference_size: int = REFERENCE_SIZE, lang: str = REFERENCE_LANG,
                      top: int = REFERENCE_TOP) -> pd.DataFrame:
    """G2 and Log Ratio of the paper's word forms against general English (wordfreq).

    Tested: every word form with at least ``min_freq`` occurrences in the
    paper, and those of :func:`reference_candidates` that would be expected
    at least once in a text of the paper's size (they may not occur in it at
    all). The paper's size is all its tokens; the reference's is
    ``reference_size``, and a form's reference count is its wordfreq
    proportion times ``reference_size``. A form below wordfreq's floor
    (:func:`reference_floor`) is given the floor: its reference count is then
    an upper bound, so its G2 and Log Ratio are lower bounds (``below_floor``).

    Parameters
    ----------
    tokens : DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`).
    p : float, default :data:`analysis.settings.REFERENCE_P`
        Significance level of G2.
    q : float, default :data:`analysis.settings.SECTION_FDR`
        False discovery rate of the Benjamini-Hochberg correction over the forms tested.
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
        ref_token_rate (per 1,000 tokens of English; the floor's for a form
        below it), zipf (wordfreq's Zipf value, log10 of frequency per billion
        words; 0 below the floor), below_floor (G2 and Log Ratio are lower
        bounds), g2, p_value, p_adjusted (Benjamini-Hochberg), log_ratio,
        capitalised (see :func:`word_forms`), key (G2 at ``p``, adjusted p
        below ``q`` and the Log Ratio filter); sorted by key (key forms first),
        G2 (descending), form.

    References
    ----------
    Dunning (1993), Hardie (2014), Benjamini and Hochberg (1995) and Speer
    (2022), as in the module docstring.
    """
    forms = word_forms(tokens)
    n1, n2 = len(tokens), reference_size
    # common English words enter only if at least one occurrence is expected in a text
    # of this size: otherwise absence says nothing
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
    floor = reference_floor(lang)
    listed = reference_frequencies(table["form"].tolist(), lang)
    below = listed < floor
    freq = np.where(below, floor, listed)
    a, b = table["count"].to_numpy(float), freq * n2
    g2 = stats.log_likelihood(a, b, n1, n2)
    p_value = stats.p_value(g2)
    log_ratio = stats.log_ratio(a, b, n1, n2)
    p_adjusted = stats.benjamini_hochberg(p_value)
    table = table.assign(token_rate=vocabulary.rate(a, n1),
                         ref_token_rate=vocabulary.rate(freq, 1.0),
                         zipf=[wordfreq.zipf_frequency(f, lang) for f in table["form"]],
                         below_floor=below, g2=g2, p_value=p_value, p_adjusted=p_adjusted,
                         log_ratio=log_ratio,
                         key=screen(g2, log_ratio, p, min_log_ratio) & (p_adjusted < q))
    table = table.sort_values(["key", "g2", "form"], ascending=[False, False, True],
                              kind="stable")
    return table[["form", "written", "count", "token_rate", "ref_token_rate", "zipf",
                  "below_floor", "g2", "p_value", "p_adjusted", "log_ratio", "capitalised",
                  "key"]].reset_index(drop=True)


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




def describe_reference(table: pd.DataFrame, n_tokens: int, n_less: int = 4) -> list[str]:
    """What the comparison with general English finds, in sentences.

    Parameters
    ----------
    table : DataFrame
        :func:`reference_groups` of :func:`reference_keyness`.
    n_tokens : int
        The paper's tokens (the comparison's denominator).
    n_less : int, default 4
        Forms named among the closest candidates for "less frequent".

    Returns
    -------
    list of str
    """
    if table.empty:
        return ["Not measured: the paper has no word form frequent enough to test."]
    keys = table[table["key"]]
    more, less = keys[keys["log_ratio"] > 0], keys[keys["log_ratio"] <= 0]
    capitalised = int((keys["group"] == "capitalised").sum()) if "group" in keys else 0
    floor = keys[keys["below_floor"]]
    lines = [f"{len(table):,} word forms tested; {len(keys):,} key: {len(more):,} more "
             f"frequent and {len(less):,} less frequent than in general English; "
             f"{capitalised:,} of the key forms are capitalised (names, acronyms, proper "
             f"adjectives)."]
    if len(floor):
        lines.append(f"{len(floor):,} key form{'s are' if len(floor) > 1 else ' is'} below "
                     "wordfreq's floor ("
                     + ", ".join(floor["written"].head(8)) + (", …" if len(floor) > 8 else "")
                     + "): their G² and Log Ratio are lower bounds.")
    candidates = table[(table["log_ratio"] < 0) & ~table["key"]].sort_values(
        ["g2", "form"], ascending=[False, True], kind="stable").head(n_less)
    named = ", ".join(less["written"].head(12)) if len(less) else "none"
    if len(less) > 12:
        named += f" and {len(less) - 12:,} more"
    lines.append(f"Key as less frequent in the paper: {named}."
                 + (f" The closest forms that are not: {', '.join(candidates['written'])} "
                    f"(a text of {n_tokens:,} tokens can show a word "
                    "to be underused only if general English uses it very often)."
                    if len(candidates) else ""))
    return lines
