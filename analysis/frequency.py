"""Term counts, rates per 1,000 words, TF-IDF and dispersion over the paper's sections.

Everything counts *words* (:func:`analysis.tokens.units_table`): a merged
expression ("Qassem Soleimani", "national security") is one word, every other
token is one word, and a word's term is its lemma or its merged name. The
study's one denominator (:mod:`analysis.vocabulary`): the ``n_words`` of a
section are all its words, stopwords and numbers included, after citations
were removed; counts of content words (non-stop terms) are divided by it, so a
rate is "occurrences per 1,000 words".

*Major sections* are sections with at least
:data:`analysis.settings.MAJOR_MIN_WORDS` words: comparisons between sections
and keyness of a section against the rest are only meaningful for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from analysis import stats, vocabulary
from analysis.counting import counts_matrix, rank_within, section_matrix
from analysis.counting import running_units as running_units
from analysis.sections import balance as balance
from analysis.sections import largest_sections
from analysis.sections import section_labels as section_labels
from analysis.sections import section_sizes as section_sizes
from analysis.sections import section_table as section_table
from analysis.settings import (
    DISPERSION_MIN_COUNT,
    PREFERRED_MIN_FOUND,
    RATE_BASE,
    SECTION_PANELS_MAX,
    SECTION_TERMS_SHOWN,
)

#: Terms taken by frequency when a paper has no curated list.
FALLBACK_TERMS = 9


def term_labels(units: pd.DataFrame, expressions: pd.DataFrame) -> pd.Series:
    """A display label for each term, in the paper's own words.

    A merged expression takes its label from the lexicon ("Qassem Soleimani");
    any other term takes its most frequent written form, without a possessive
    's, counted where it does not start a sentence (so "Iran", "forces",
    "ISIS"; ties broken alphabetically).

    Parameters
    ----------
    units : DataFrame
        :func:`running_units` (term, surface, initial).
    expressions : DataFrame
        The expressions lexicon applied (term, label).

    Returns
    -------
    Series
        Labels indexed by term.
    """
    merged = dict(zip(expressions["term"], expressions["label"], strict=False))
    # string work on the distinct surfaces only, then mapped back to every word
    surface_codes, surfaces = pd.factorize(units["surface"].to_numpy(dtype=object))
    written = pd.Series(surfaces, dtype=object).str.replace(r"['’]s$", "", regex=True)
    lowered = written.str.lower()
    initial = units["initial"].to_numpy()
    form = np.where(initial, lowered.to_numpy(object)[surface_codes],
                    written.to_numpy(object)[surface_codes])
    term_codes, terms = pd.factorize(units["term"].to_numpy(dtype=object), sort=True)
    # a term's label is read where it does not start a sentence, if it ever does not
    inside_terms = np.zeros(len(terms), dtype=bool)
    inside_terms[term_codes[~initial]] = True
    kept = ~initial | ~inside_terms[term_codes]
    form_codes, forms = pd.factorize(form[kept], sort=True)
    pair = term_codes[kept].astype(np.int64) * len(forms) + form_codes
    pairs, n = np.unique(pair, return_counts=True)
    term_of, form_of = pairs // len(forms), pairs % len(forms)
    best = np.lexsort((form_of, -n, term_of))
    chosen = best[np.r_[True, term_of[best][1:] != term_of[best][:-1]]]
    labels = pd.Series(np.asarray(forms, dtype=object)[form_of[chosen]],
                       index=pd.Index(np.asarray(terms, dtype=object)[term_of[chosen]],
                                      name="term"))
    return labels.index.to_series().map(lambda t: merged.get(t, labels[t])).rename("label")


def term_counts(units: pd.DataFrame, sizes: pd.DataFrame, base: int = RATE_BASE
                ) -> pd.DataFrame:
    """Count and rate of every content term in every section where it occurs.

    Counted on one factorised sparse sections x terms matrix (:func:`section_matrix`).

    Parameters
    ----------
    units : DataFrame
        :func:`running_units`.
    sizes : DataFrame
        :func:`section_sizes` (section_id, order, n_words).
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    DataFrame
        section_id, term, count, rate (per ``base`` words of the section);
        sorted by section order, count (descending), term.
    """
    matrix, terms = section_matrix(units, sizes)
    entries = matrix.tocoo()
    # sizes are in reading order and the columns in term order: one lexsort orders the table
    rank = np.lexsort((entries.col, -entries.data, entries.row))
    rows, cols, count = entries.row[rank], entries.col[rank], entries.data[rank]
    words = sizes["n_words"].to_numpy()
    return pd.DataFrame({
        "section_id": pd.array(sizes["section_id"].to_numpy(dtype=object)[rows], dtype="str"),
        "term": pd.array(terms[cols], dtype="str"),
        "count": count.astype(np.int64),
        "rate": vocabulary.rate(count, words[rows], base),
    })


def paper_terms(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                base: int = RATE_BASE) -> pd.DataFrame:
    """Count and rate of every content term in the whole paper.

    Parameters
    ----------
    counts : DataFrame
        :func:`term_counts`.
    sizes : DataFrame
        :func:`section_sizes`.
    labels : Series
        :func:`term_labels`.
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    DataFrame
        rank, term, label, count, rate (per ``base`` words of the paper),
        n_sections (sections where it occurs); sorted by count, then term.
    """
    total = int(sizes["n_words"].sum())
    codes, terms = pd.factorize(counts["term"].to_numpy(dtype=object), sort=True)
    table = pd.DataFrame({
        "term": pd.array(np.asarray(terms, dtype=object), dtype="str"),
        "count": np.bincount(codes, weights=counts["count"].to_numpy(),
                             minlength=len(terms)).astype(np.int64),
        "n_sections": np.bincount(codes, minlength=len(terms)).astype(np.int64)})
    table = table.assign(label=table["term"].map(labels),
                         rate=vocabulary.rate(table["count"], total, base))
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    table = table.assign(rank=np.arange(1, len(table) + 1))
    return table[["rank", "term", "label", "count", "rate", "n_sections"]].reset_index(drop=True)


def dispersion(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
               min_count: int = DISPERSION_MIN_COUNT) -> pd.DataFrame:
    """Dispersion across sections of every term with at least ``min_count`` occurrences.

    Parts are the sections with body text, weighted by their words. With
    parts as uneven as a paper's sections, DP is the safer measure: Juilland's
    D gives a tiny section's rate the same weight as the largest's. Computed
    on the sparse terms x sections matrix.

    Parameters
    ----------
    counts : DataFrame
        :func:`term_counts`.
    sizes : DataFrame
        :func:`section_sizes`.
    labels : Series
        :func:`term_labels`.
    min_count : int, default :data:`analysis.settings.DISPERSION_MIN_COUNT`
        Occurrences a term needs to be measured.

    Returns
    -------
    DataFrame
        term, label, count, n_sections, dp (deviation of proportions: 0 =
        spread as the sections' sizes, near 1 = concentrated), dp_norm (DP over
        its maximum), juilland_d (1 = even); sorted by dp, then term.

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    *International Journal of Corpus Linguistics* 13(4), 403-437.
    Lijffijt, J. and Gries, S. Th. (2012). Correction to Gries (2008).
    *International Journal of Corpus Linguistics* 17(1), 147-149.
    Juilland, A. and Chang-Rodriguez, E. (1964). *Frequency Dictionary of Spanish
    Words*. The Hague: Mouton.
    """
    matrix, terms = counts_matrix(counts, sizes)
    freqs = matrix.T.tocsr()
    total = np.asarray(freqs.sum(axis=1)).ravel()
    keep = np.flatnonzero(total >= min_count)
    freqs = freqs[keep]
    parts = sizes["n_words"].to_numpy(float)
    table = pd.DataFrame({
        "term": pd.array(terms[keep], dtype="str"),
        "count": total[keep].astype(np.int64),
        "n_sections": np.diff(freqs.indptr).astype(np.int64),
        "dp": stats.gries_dp(freqs, parts),
        "dp_norm": stats.gries_dp_norm(freqs, parts),
        # D = 0 exactly when a term sits in one part; clip floating-point noise below it
        "juilland_d": np.clip(stats.juilland_d(freqs, parts), 0.0, 1.0),
    })
    # equal DPs (to 12 decimals: floating-point noise aside) are ordered by term
    table = table.assign(label=table["term"].map(labels), tie=table["dp"].round(12))
    table = table.sort_values(["tie", "term"], kind="stable").reset_index(drop=True)
    return table[["term", "label", "count", "n_sections", "dp", "dp_norm", "juilland_d"]]


def tfidf_by_section(units: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                     top_n: int | None = None) -> pd.DataFrame:
    """TF-IDF of each term in each section (sections with body text as the documents).

    scikit-learn's TfidfTransformer on the CountVectorizer counts, with its
    defaults: smoothed idf, ln((1 + n) / (1 + df)) + 1, and each section's
    vector scaled to unit length (so values compare within a section).

    Parameters
    ----------
    units : DataFrame
        :func:`running_units`.
    sizes : DataFrame
        :func:`section_sizes`.
    labels : Series
        :func:`term_labels`.
    top_n : int, optional
        Keep the ``top_n`` terms per section, by tfidf then term.

    Returns
    -------
    DataFrame
        section_id, rank, term, label, count, tfidf; sections in reading order.

    References
    ----------
    Salton, G. and Buckley, C. (1988). Term-weighting approaches in automatic text
    retrieval. *Information Processing & Management* 24(5), 513-523.
    """
    matrix, terms = section_matrix(units, sizes)
    columns = ["section_id", "rank", "term", "label", "count", "tfidf"]
    if matrix.nnz == 0:  # no vocabulary: nothing to weigh
        return pd.DataFrame({c: pd.Series(dtype="str" if c in ("section_id", "term", "label")
                                          else "float64" if c == "tfidf" else "int64")
                             for c in columns})
    weights = TfidfTransformer().fit_transform(matrix.astype(float)).tocoo()
    entries = matrix.tocoo()
    if not (np.array_equal(weights.row, entries.row) and np.array_equal(weights.col, entries.col)):
        raise AssertionError("TF-IDF changed the matrix's structure")  # idf >= 1: it cannot
    # sections in reading order, then weight (descending), then term (the column order)
    rank = np.lexsort((entries.col, -weights.data, entries.row))
    rows, cols = entries.row[rank], entries.col[rank]
    frame = pd.DataFrame({
        "section_id": pd.array(sizes["section_id"].to_numpy(dtype=object)[rows], dtype="str"),
        "term": pd.array(terms[cols], dtype="str"),
        "count": entries.data[rank].astype(np.int64),
        "tfidf": weights.data[rank],
    })
    frame = frame.assign(rank=rank_within(rows), label=frame["term"].map(labels))
    if top_n is not None:
        frame = frame[frame["rank"] <= top_n]
    return frame[["section_id", "rank", "term", "label", "count", "tfidf"]].reset_index(drop=True)


def top_terms_by_section(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                         n: int = SECTION_TERMS_SHOWN, max_sections: int = SECTION_PANELS_MAX
                         ) -> pd.DataFrame:
    """The ``n`` most frequent terms of the largest major sections, for small multiples.

    Parameters
    ----------
    counts : DataFrame
        :func:`term_counts`.
    sizes : DataFrame
        :func:`section_sizes` (section_id, label, n_words, major).
    labels : Series
        :func:`term_labels`.
    n : int, default :data:`analysis.settings.SECTION_TERMS_SHOWN`
        Terms per section.
    max_sections : int, default :data:`analysis.settings.SECTION_PANELS_MAX`
        Sections kept: the largest major sections (:func:`analysis.sections.largest_sections`).

    Returns
    -------
    DataFrame
        section_id, section (short label), rank, term, label, count, rate;
        sections in reading order, ties in count broken alphabetically by term.
    """
    chosen = largest_sections(sizes, max_sections)
    top = counts[counts["section_id"].isin(set(chosen))]
    top = top.assign(rank=top.groupby("section_id", sort=False).cumcount() + 1)
    top = top[top["rank"] <= n]
    top = top.assign(section=top["section_id"].map(sizes.set_index("section_id")["label"]),
                     label=top["term"].map(labels))
    return top[["section_id", "section", "rank", "term", "label", "count", "rate"]].reset_index(
        drop=True)


def preferred_terms(terms: pd.DataFrame, preferred: tuple[str, ...] | list[str],
                    n: int | None = None, min_found: int = PREFERRED_MIN_FOUND) -> list[str]:
    """A curated term list where the paper has it, else the paper's most frequent terms.

    Parameters
    ----------
    terms : DataFrame
        :func:`paper_terms` (term, count).
    preferred : sequence of str
        A curated list of the study configuration (possibly empty).
    n : int, optional
        Terms to return in the fallback; default: as many as ``preferred``, or
        :data:`FALLBACK_TERMS` if it is empty.
    min_found : int, default :data:`analysis.settings.PREFERRED_MIN_FOUND`
        How many curated terms must occur for the list to be used.

    Returns
    -------
    list of str
        Those of ``preferred`` that occur, in the order given; or, if fewer than
        ``min_found`` occur, the ``n`` most frequent terms by count, then term.
    """
    n = (len(preferred) or FALLBACK_TERMS) if n is None else n
    occurring = set(terms.loc[terms["count"] > 0, "term"])
    found = [t for t in preferred if t in occurring]
    if found and len(found) >= min(min_found, len(preferred)):
        return found
    ranked = terms[terms["count"] > 0].sort_values(["count", "term"], ascending=[False, True],
                                                   kind="stable")
    return ranked["term"].head(n).tolist()


# ---------------------------------------------------------------------------
# Sentences for the notebook, generated from the tables


def _join(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_top_terms(terms: pd.DataFrame, n: int = 5) -> str:
    """Which terms lead the paper, in one sentence.

    Parameters
    ----------
    terms : DataFrame
        :func:`paper_terms` (label, count, rate), most frequent first.
    n : int, default 5
        Terms named.

    Returns
    -------
    str
    """
    if terms.empty:
        return "The paper has no content terms to count."
    first = terms.iloc[0]
    text = (f"The most frequent term is {first['label']} ({first['count']:,} occurrences, "
            f"{first['rate']:.1f} per {RATE_BASE:,} words)")
    if len(terms) > 1:
        second = terms.iloc[1]
        text += (f", {first['count'] / second['count']:.1f} times as frequent as the next, "
                 f"{second['label']} ({second['count']:,})")
    rest = [f"{r.label} ({r.count:,})" for r in terms.iloc[2:n].itertuples()]
    return text + (f"; then {_join(rest)}." if rest else ".")


def describe_section_leaders(top: pd.DataFrame, n_major: int) -> str:
    """The most frequent term (ties included) of each section drawn, in one sentence.

    Parameters
    ----------
    top : DataFrame
        :func:`top_terms_by_section` (section_id, section, label, count).
    n_major : int
        The paper's major sections (to say how many are drawn).

    Returns
    -------
    str
    """
    if top.empty:
        return "No section is long enough to compare its terms."
    parts = []
    for _, rows in top.groupby("section_id", sort=False):
        lead = rows[rows["count"] == rows["count"].max()]
        each = " each" if len(lead) > 1 else ""
        parts.append(f"{rows['section'].iloc[0]}: {_join(lead['label'].tolist())} "
                     f"({lead['count'].iloc[0]:,}{each})")
    shown = top["section_id"].nunique()
    scope = ("each major section" if shown == n_major
             else f"each of the {shown} largest of {n_major} major sections")
    return f"Most frequent term of {scope}: " + "; ".join(parts) + "."


def tfidf_leaders(tfidf: pd.DataFrame, sections: list[str], n: int = 5) -> pd.DataFrame:
    """The ``n`` highest TF-IDF terms of each of ``sections``, one row per section.

    Parameters
    ----------
    tfidf : DataFrame
        :func:`tfidf_by_section` (section_id, rank, label).
    sections : list of str
        Section ids, in the order to list them.
    n : int, default 5
        Terms per section.

    Returns
    -------
    DataFrame
        section_id, terms (labels by weight, joined by commas).
    """
    top = tfidf[(tfidf["rank"] <= n) & tfidf["section_id"].isin(set(sections))]
    joined = top.groupby("section_id", sort=False)["label"].agg(", ".join)
    return pd.DataFrame({"section_id": sections,
                         "terms": [joined.get(s, "") for s in sections]})


def describe_dispersion(spread: pd.DataFrame, n: int = 5) -> str:
    """The most evenly spread and the most concentrated terms, by Gries' DP.

    Parameters
    ----------
    spread : DataFrame
        :func:`dispersion` (label, dp), sorted by DP.
    n : int, default 5
        Terms named at each end.

    Returns
    -------
    str
    """
    if spread.empty:
        return "No term is frequent enough for a dispersion measure."
    even = [f"{r.label} ({r.dp:.2f})" for r in spread.head(n).itertuples()]
    tight = [f"{r.label} ({r.dp:.2f})" for r in spread.iloc[::-1].head(n).itertuples()]
    return (f"Most evenly spread (lowest DP): {_join(even)}. "
            f"Most concentrated (highest DP): {_join(tight)}.")


def check_totals(counts: pd.DataFrame, units: pd.DataFrame, sizes: pd.DataFrame) -> str:
    """A sentence confirming that the counts add up (or saying where they do not).

    Parameters
    ----------
    counts : DataFrame
        :func:`term_counts`.
    units : DataFrame
        :func:`running_units`.
    sizes : DataFrame
        :func:`section_sizes`.

    Returns
    -------
    str
    """
    content = int((~units["stop"]).sum())
    counted, words = int(counts["count"].sum()), int(sizes["n_words"].sum())
    verdict = "add up" if counted == content and words == len(units) else "DO NOT add up"
    return (f"The term counts ({counted:,}) and the paper's content words ({content:,}) "
            f"{verdict}; the sections' words ({words:,}) are the paper's {len(units):,} words.")


def describe_terms(terms: pd.DataFrame, wanted: list[str]) -> str:
    """The paper's count of each of ``wanted`` terms ("America 2; Latin America 1"), 0 if absent.

    Parameters
    ----------
    terms : DataFrame
        :func:`paper_terms` (term, label, count).
    wanted : list of str
        Terms, in the order to list them.

    Returns
    -------
    str
    """
    table = terms.set_index("term")
    return "; ".join(f"{table['label'].get(t, t)} {int(table['count'].get(t, 0)):,}"
                     for t in wanted) + "."
