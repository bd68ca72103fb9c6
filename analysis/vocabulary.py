"""The study's one vocabulary of counts, and its one denominator.

Every rate in the study is occurrences per :data:`analysis.settings.RATE_BASE`
**words**, computed by :func:`rate`. The other counts each have their own name,
used in every table, notebook, caption and the appendix:

``n_words`` (words)
    Running words of the body text after in-text citations are removed, a
    merged expression ("Qassem Soleimani", "national security") counting as
    one word; stopwords and numbers included. The denominator of every rate.
``n_content`` (content words)
    Words that are not stopwords or numbers: what term counts count.
``n_tokens`` (tokens)
    Rows of the tokens table: like words, but a merged expression counts as
    each of its tokens. Word forms, as general-English frequency lists count
    them; the paper-against-English comparison is the one place where
    proportions are per token (its rates are named ``per 1,000 tokens``).
``n_source_words`` (source words)
    Whitespace-separated pieces of the paragraph as written that contain a
    letter or digit, citations included (a word processor's count). Describes
    the parsed paper before tokenising; never a denominator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.settings import RATE_BASE

#: Each count's column name, its name in words, and what it counts.
COUNTS = {
    "n_words": ("words", "running words after citation removal, a merged expression counting "
                "once, stopwords and numbers included; the denominator of every rate"),
    "n_content": ("content words", "words that are not stopwords or numbers"),
    "n_tokens": ("tokens", "rows of the tokens table: a merged expression counts as each of its "
                 "tokens (word forms, as general-English frequency lists count them)"),
    "n_source_words": ("source words", "whitespace-separated words of the text as written, "
                       "citations included (a word processor's count); never a denominator"),
}
#: How every rate is described.
RATE_UNIT = f"per {RATE_BASE:,} words"


def rate(count, n_words, base: int = RATE_BASE):
    """Occurrences per ``base`` words.

    Parameters
    ----------
    count : array-like or scalar
        Occurrences.
    n_words : array-like or scalar
        Words of the text they occur in (``n_words``); zero gives NaN.
    base : int, default :data:`analysis.settings.RATE_BASE`
        The rate base.

    Returns
    -------
    ndarray, Series or float
        ``base * count / n_words``, of the same shape as the input.
    """
    if isinstance(n_words, pd.Series):
        return base * count / n_words.where(n_words > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        words = np.asarray(n_words, dtype=float)
        out = base * np.asarray(count, dtype=float) / np.where(words > 0, words, np.nan)
    if isinstance(count, pd.Series):
        return pd.Series(out, index=count.index, name=count.name)
    return out if np.ndim(out) else float(out)


#: The section_id of the whole-paper row of :func:`section_rates`.
WHOLE_PAPER = "all"


def section_rates(hits: pd.DataFrame, keys: pd.DataFrame, sizes: pd.DataFrame,
                  base: int = RATE_BASE) -> pd.DataFrame:
    """Hits per key and section, raw and per ``base`` words, zeros included.

    Parameters
    ----------
    hits : DataFrame
        One row per hit, with the columns of ``keys`` and section_id.
    keys : DataFrame
        The keys to count (e.g. dimension and category, or actor), one row
        each, in the order the table lists them.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, n_words): the
        sections with words, in reading order.
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    DataFrame
        The key columns, section_id, n_words, n (hits), rate (per ``base``
        words); for each key, every section with words in reading order, then
        a row with section_id :data:`WHOLE_PAPER` for the whole paper.
    """
    columns = list(keys.columns)
    words = sizes.set_index("section_id")["n_words"].astype(int)
    sections = [*words.index, WHOLE_PAPER]
    n_words = np.array([*words.to_numpy(), int(words.sum())], dtype=int)
    by_section = hits.groupby([*columns, "section_id"]).size()
    by_key = hits.groupby(columns).size()
    rows = []
    for key in keys.itertuples(index=False):
        key = tuple(key)
        one = key[0] if len(key) == 1 else key
        for section, size in zip(sections, n_words, strict=True):
            if section == WHOLE_PAPER:
                n = int(by_key.get(one, 0))
            else:
                n = int(by_section.get((*key, section), 0))
            rows.append((*key, section, int(size), n, rate(n, int(size), base)))
    return pd.DataFrame(rows, columns=[*columns, "section_id", "n_words", "n", "rate"])
