"""Term counts, rates per 1,000 words, TF-IDF and dispersion over the paper's sections.

Everything counts *units* of the tokens table (:func:`analysis.tokens.units_table`):
a merged expression ("Qassem Soleimani", "national security") is one unit, every
other token is one unit, and a unit's term is its lemma or its merged name.

The denominator, stated once: the *words* of a section are all its units,
stopwords and numbers included, after citation parentheses were removed
(``n_words`` of :func:`section_sizes`). It differs from the corpus table's
``n_words`` (a word processor's count of the raw paragraph) because citations
are gone and a merged expression counts once. Counts of the vocabulary
(non-stop terms) are divided by it, so a rate is "occurrences per 1,000
running words".

*Major sections* are sections with at least :data:`MAJOR_MIN_WORDS` words:
comparisons between sections and keyness of a section against the rest are
only meaningful for them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from analysis import paths, stats
from analysis.lexicons import read_lexicon
from analysis.tokens import count_matrix, load_expressions, term_documents, units_table

#: A section with at least this many words is a major section. The paper's
#: sections have either fewer than 100 words or more than 180, so any value
#: between the two picks the same eight sections.
MAJOR_MIN_WORDS = 150
#: Terms with at least this many occurrences in the paper get a dispersion measure.
DISPERSION_MIN_COUNT = 5
#: Number of top terms shown per table or panel.
TOP_N = 20
#: Terms drawn in the dispersion plot, in this order (central terms by frequency and keyness).
XRAY_TERMS = ("qassem_soleimani", "security", "national_security", "islamic_republic",
              "resistance", "threat", "isis", "force", "economic")
#: On another paper, if fewer than this many of :data:`XRAY_TERMS` occur, the
#: dispersion plot shows the paper's most frequent terms instead.
XRAY_MIN_PREFERRED = 3
#: Rates are per this many words.
PER_WORDS = 1000
#: Short section labels, in the headings' own words (heading, label, note).
SECTION_LABELS = paths.LEXICONS / "section_labels.csv"


def section_labels(sections: pd.DataFrame, path: Path | str = SECTION_LABELS,
                   width: int = 40) -> pd.Series:
    """Short label of each section (indexed by section_id), for figures.

    Labels come from the lexicon at ``path`` (matched on the heading); a
    heading not listed there is shortened to ``width`` characters.
    """
    listed = read_lexicon(path, ["heading", "label", "note"], key=["heading"])
    by_heading = dict(zip(listed["heading"].str.lower(), listed["label"], strict=True))
    labels = [by_heading.get(h.lower(), textwrap.shorten(h, width=width, placeholder=" …"))
              for h in sections["heading"]]
    return pd.Series(labels, index=sections["section_id"].tolist(), name="label")


def running_units(tokens: pd.DataFrame) -> pd.DataFrame:
    """The units table in reading order, with ``word``: the unit's index in the running text.

    Also adds ``initial``: True for the first unit of a sentence (its capital
    says nothing about the word).
    """
    units = units_table(tokens).reset_index(drop=True)
    first = units.groupby(["paragraph_id", "sentence"], sort=False)["unit"].transform("min")
    return units.assign(word=np.arange(len(units)), initial=units["unit"] == first)


def section_sizes(tokens: pd.DataFrame, sections: pd.DataFrame,
                  min_words: int = MAJOR_MIN_WORDS,
                  labels_path: Path | str = SECTION_LABELS) -> pd.DataFrame:
    """Size of each section with body text, and whether it is a major section.

    Columns: section_id, order, heading, label, n_tokens (rows of the tokens
    table), n_words (units, stopwords included: the denominator of every rate),
    n_content (non-stop units), start and end (first and one-past-last word in
    the running text), major (n_words >= ``min_words``). Sections without
    paragraphs of their own are left out (they have no words to count).
    """
    units = running_units(tokens)
    grouped = units.groupby("section_id", sort=False)
    table = pd.DataFrame({
        "n_tokens": tokens.groupby("section_id", sort=False).size(),
        "n_words": grouped.size(),
        "n_content": grouped["stop"].agg(lambda s: int((~s).sum())),
        "start": grouped["word"].min(),
        "end": grouped["word"].max() + 1,
    })
    labels = section_labels(sections, labels_path)
    out = sections[["section_id", "order", "heading"]].merge(
        table, left_on="section_id", right_index=True, how="inner")
    out = out.assign(label=out["section_id"].map(labels), major=out["n_words"] >= min_words)
    out = out.sort_values("order", kind="stable").reset_index(drop=True)
    return out[["section_id", "order", "heading", "label", "n_tokens", "n_words", "n_content",
                "start", "end", "major"]]


def term_labels(units: pd.DataFrame, expressions: pd.DataFrame | None = None) -> pd.Series:
    """A display label for each term, in the paper's own words (indexed by term).

    A merged expression takes its label from the lexicon ("Qassem Soleimani");
    any other term takes its most frequent written form, without a possessive
    's, counted where it does not start a sentence (so "Iran", "forces",
    "ISIS"; ties broken alphabetically).
    """
    expressions = load_expressions() if expressions is None else expressions
    merged = dict(zip(expressions["term"], expressions["label"], strict=False))
    forms = units.assign(form=units["surface"].str.replace(r"['’]s$", "", regex=True))
    forms = forms.assign(form=forms["form"].where(~forms["initial"], forms["form"].str.lower()))
    inside = forms[~forms["initial"]]
    forms = pd.concat([inside, forms[~forms["term"].isin(set(inside["term"]))]])
    counted = forms.groupby(["term", "form"]).size().rename("n").reset_index()
    counted = counted.sort_values(["term", "n", "form"], ascending=[True, False, True],
                                  kind="stable").drop_duplicates("term")
    labels = counted.set_index("term")["form"]
    return labels.index.to_series().map(lambda t: merged.get(t, labels[t])).rename("label")


def _section_matrix(units: pd.DataFrame, sizes: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Dense terms x sections counts (non-stop terms, sections in ``sizes`` order)."""
    docs = term_documents(units, by="section_id", order=sizes["section_id"].tolist())
    if not any(len(d) for d in docs):  # CountVectorizer refuses an empty vocabulary
        return np.zeros((0, len(docs)), dtype=int), []
    matrix, terms = count_matrix(docs)
    return matrix.toarray().T, terms


def term_counts(units: pd.DataFrame, sizes: pd.DataFrame, per: int = PER_WORDS
                ) -> pd.DataFrame:
    """Count and rate of every vocabulary term in every section where it occurs.

    Counting is done by scikit-learn's CountVectorizer (via
    :func:`analysis.tokens.count_matrix`). Columns: section_id, term, count,
    rate (count per ``per`` words of the section, words as in
    :func:`section_sizes`). Rows are sorted by section order, then count
    (descending), then term.
    """
    counts, terms = _section_matrix(units, sizes)
    frame = pd.DataFrame(counts, index=terms, columns=sizes["section_id"].tolist())
    long = frame.rename_axis("term").reset_index().melt(
        id_vars="term", var_name="section_id", value_name="count")
    long = long[long["count"] > 0].astype({"count": int})
    words = sizes.set_index("section_id")["n_words"]
    long = long.assign(rate=(per * long["count"] / long["section_id"].map(words)).astype(float),
                       order=long["section_id"].map(sizes.set_index("section_id")["order"]))
    long = long.sort_values(["order", "count", "term"], ascending=[True, False, True],
                            kind="stable")
    return long[["section_id", "term", "count", "rate"]].reset_index(drop=True)


def paper_terms(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                per: int = PER_WORDS) -> pd.DataFrame:
    """Count and rate of every vocabulary term in the whole paper.

    Columns: rank, term, label, count, rate (per ``per`` words of the paper),
    n_sections (sections where it occurs). Sorted by count, then term.
    """
    total = int(sizes["n_words"].sum())
    grouped = counts.groupby("term")
    table = pd.DataFrame({"count": grouped["count"].sum(),
                          "n_sections": grouped.size()}).reset_index()
    table = table.assign(label=table["term"].map(labels), rate=per * table["count"] / total)
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    table = table.assign(rank=np.arange(1, len(table) + 1))
    return table[["rank", "term", "label", "count", "rate", "n_sections"]].reset_index(drop=True)


def dispersion(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
               min_count: int = DISPERSION_MIN_COUNT) -> pd.DataFrame:
    """Dispersion across sections of every term with at least ``min_count`` occurrences.

    Parts are the sections with body text, weighted by their words. Columns:
    term, label, count, n_sections, dp (Gries 2008 deviation of proportions,
    0 = spread as the sections' sizes, near 1 = concentrated), dp_norm (DP
    over its maximum, Lijffijt and Gries 2012), juilland_d (Juilland's D on
    rates per section; 1 = even). Sorted by dp, then term. With parts as
    uneven as these sections (13 to 2,800 words), DP is the safer measure:
    Juilland's D gives a tiny section's rate the same weight as the largest's.
    """
    wide = counts.pivot_table(index="term", columns="section_id", values="count",
                              fill_value=0, aggfunc="sum")
    wide = wide.reindex(columns=sizes["section_id"].tolist(), fill_value=0)
    wide = wide[wide.sum(axis=1) >= min_count].sort_index()
    freqs = wide.to_numpy(float)
    parts = sizes["n_words"].to_numpy(float)
    table = pd.DataFrame({
        "term": wide.index.tolist(),
        "count": wide.sum(axis=1).astype(int).to_numpy(),
        "n_sections": (wide > 0).sum(axis=1).to_numpy(),
        "dp": stats.gries_dp(freqs, parts),
        "dp_norm": stats.gries_dp_norm(freqs, parts),
        # D = 0 exactly when a term sits in one part; clip floating-point noise below it
        "juilland_d": np.clip(stats.juilland_d(freqs, parts), 0.0, 1.0),
    })
    table = table.assign(label=table["term"].map(labels))
    table = table.sort_values(["dp", "term"], kind="stable").reset_index(drop=True)
    return table[["term", "label", "count", "n_sections", "dp", "dp_norm", "juilland_d"]]


def tfidf_by_section(units: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                     top_n: int | None = None) -> pd.DataFrame:
    """TF-IDF of each term in each section (sections with body text as the documents).

    scikit-learn's TfidfTransformer on the CountVectorizer counts, with its
    defaults: smoothed idf, ln((1 + n) / (1 + df)) + 1, and each section's
    vector scaled to unit length (so values compare within a section).
    Columns: section_id, rank, term, label, count, tfidf; the ``top_n`` terms
    per section if given, by tfidf then term.
    """
    counts, terms = _section_matrix(units, sizes)
    weights = TfidfTransformer().fit_transform(counts.T).toarray().T
    frame = pd.DataFrame({
        "section_id": np.repeat([sizes["section_id"].tolist()], len(terms), axis=0).ravel(),
        "term": np.repeat(terms, len(sizes)),
        "count": counts.ravel(),
        "tfidf": weights.ravel(),
    })
    frame = frame[frame["count"] > 0]
    order = sizes.set_index("section_id")["order"]
    frame = frame.assign(order=frame["section_id"].map(order))
    frame = frame.sort_values(["order", "tfidf", "term"], ascending=[True, False, True],
                              kind="stable")
    frame = frame.assign(rank=frame.groupby("section_id", sort=False).cumcount() + 1,
                         label=frame["term"].map(labels))
    if top_n is not None:
        frame = frame[frame["rank"] <= top_n]
    return frame[["section_id", "rank", "term", "label", "count", "tfidf"]].reset_index(drop=True)


def top_terms_by_section(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                         n: int = 8, major_only: bool = True) -> pd.DataFrame:
    """The ``n`` most frequent terms of each (major) section, for small multiples.

    Columns: section_id, section (short label), rank, term, label, count, rate.
    Ties in count are broken alphabetically by term.
    """
    chosen = sizes[sizes["major"]] if major_only else sizes
    top = counts[counts["section_id"].isin(set(chosen["section_id"]))]
    top = top.assign(rank=top.groupby("section_id", sort=False).cumcount() + 1)
    top = top[top["rank"] <= n]
    top = top.assign(section=top["section_id"].map(chosen.set_index("section_id")["label"]),
                     label=top["term"].map(labels))
    return top[["section_id", "section", "rank", "term", "label", "count", "rate"]].reset_index(
        drop=True)


def occurrences(units: pd.DataFrame, terms: list[str], labels: pd.Series) -> pd.DataFrame:
    """Where each of ``terms`` occurs in the running text, for a dispersion plot.

    Columns: term, label, word (index in the running text), section_id,
    paragraph_id, surface (as written). Terms keep the order given.
    """
    found = units[units["term"].isin(set(terms))]
    rank = {t: i for i, t in enumerate(terms)}
    found = found.assign(label=found["term"].map(labels), rank=found["term"].map(rank))
    found = found.sort_values(["rank", "word"], kind="stable")
    return found[["term", "label", "word", "section_id", "paragraph_id", "surface"]].reset_index(
        drop=True)


def preferred_terms(terms: pd.DataFrame, preferred: tuple[str, ...] | list[str],
                    n: int | None = None, min_preferred: int = XRAY_MIN_PREFERRED) -> list[str]:
    """The curated ``preferred`` terms that occur in the paper, or its most frequent terms.

    The study's curated term lists were chosen for its own paper. On another
    paper they are a preference: those of ``preferred`` that occur in
    ``terms`` (:func:`paper_terms`, columns term and count) are kept in the
    order given; if fewer than ``min_preferred`` of them occur, the ``n``
    (default: as many as ``preferred``) most frequent terms of the paper are
    used instead, by count, then term. Returns a list, possibly empty.
    """
    n = len(preferred) if n is None else n
    occurring = set(terms.loc[terms["count"] > 0, "term"])
    found = [t for t in preferred if t in occurring]
    if len(found) >= min(min_preferred, len(preferred)) and found:
        return found
    ranked = terms[terms["count"] > 0].sort_values(["count", "term"], ascending=[False, True],
                                                   kind="stable")
    return ranked["term"].head(n).tolist()


def xray_terms(terms: pd.DataFrame, preferred: tuple[str, ...] = XRAY_TERMS,
               n: int | None = None, min_preferred: int = XRAY_MIN_PREFERRED) -> list[str]:
    """Terms for the dispersion plot: :data:`XRAY_TERMS` where the paper has them.

    See :func:`preferred_terms`; ``terms`` is :func:`paper_terms`.
    """
    return preferred_terms(terms, preferred, n, min_preferred)
