"""Topic models of the paper's paragraphs: LDA and NMF, a sweep over the number of
topics and seeds, coherence on the paper itself, stability across seeds.

Documents are the body paragraphs (sections are too few and too uneven), as
term sequences from the shared tokens table (:mod:`analysis.tokens`: lemmas,
stopwords removed, merged multiword expressions as one term). The vocabulary
keeps terms found in at least :data:`MIN_DF` paragraphs and in at most
:data:`MAX_DF_SHARE` of them (a term in most paragraphs, here the paper's
subject, separates no topic).

Models (scikit-learn, one seed per fit, ``n_jobs=1``):

* LDA (Blei, Ng and Jordan 2003), batch variational Bayes on term counts,
  default symmetric priors (1/k).
* NMF (Lee and Seung 1999), Frobenius loss on TF-IDF weights (l2-normalised
  rows), *random* initialisation, so that the seed matters (the default NNDSVD
  start is deterministic and would make every seed agree trivially).

Scores of one fit, on its top :data:`TOP_N` terms per topic:

* NPMI coherence (Bouma 2009; Röder, Both and Hinneburg 2015), averaged over
  term pairs and topics, with probabilities from boolean sliding windows of
  :data:`NPMI_WINDOW` consecutive content terms inside a paragraph (windows do
  not cross paragraphs; a shorter paragraph is one window). A pair that never
  shares a window scores -1.
* UMass coherence (Mimno et al. 2011), log((D(w_m, w_l) + 1) / D(w_l)) over
  ordered pairs of top terms with paragraph document counts, averaged over
  pairs (Mimno et al. sum them) and topics.
* Stability (Greene, O'Callaghan and Cunningham 2014): the topics of two fits
  with the same model and k are matched one-to-one by the Hungarian method
  (``scipy.optimize.linear_sum_assignment``) on the Jaccard similarity of
  their top-term sets; the agreement of the two fits is the mean matched
  similarity. A fit's stability is its mean agreement with the other seeds;
  its cross-model agreement is its mean agreement with the other model's fits
  at the same k.

The sweep (:func:`sweep`, ``python -m analysis.topics sweep``) fits every
model x k x seed in parallel processes and writes one row per fit to
``data/processed/topic_sweep.csv``; the number of topics is then chosen by the
rule in :data:`SELECTION_RULE` (:func:`select_setting`), fixed before any
result was seen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from analysis import paths
from analysis.outputs import write_table
from analysis.paper import Paper, load_paper
from analysis.tokens import (
    EXPRESSIONS,
    count_matrix,
    load_expressions,
    term_documents,
    tokens_table,
    units_table,
)

# ---------------------------------------------------------------------------
# Settings (printed in the methods appendix)

#: The two model families, in the order tables list them.
MODELS = ("lda", "nmf")
#: Numbers of topics swept.
K_RANGE = tuple(range(2, 13))
#: Seeds fitted per model and k.
SEEDS = tuple(range(10))
#: A term enters the vocabulary if it occurs in at least this many paragraphs.
MIN_DF = 3
#: ... and in at most this share of them.
MAX_DF_SHARE = 0.5
#: Top terms per topic used for coherence, stability and display.
TOP_N = 10
#: Width, in content terms, of the sliding window for NPMI co-occurrence.
NPMI_WINDOW = 10
#: Iterations of LDA's batch variational Bayes (fixed; no early stop).
LDA_MAX_ITER = 100
#: Iteration cap of NMF's coordinate descent (it stops earlier at its tolerance).
NMF_MAX_ITER = 1000
#: Two topics "correspond" when their top-term Jaccard similarity is at least
#: this (0.25 = 4 shared terms out of two top-10 lists).
MATCH_THRESHOLD = 0.25
#: The rule that picks the model and number of topics, stated before the sweep ran.
SELECTION_RULE = (
    "For every model and k, take the mean NPMI and the mean stability over the seeds. "
    "Rank all model x k settings on each (1 = best; tied values share the average rank). "
    "The chosen setting has the smallest sum of the two ranks; ties go to the higher mean "
    "stability, then the smaller k, then LDA before NMF. Of its seeds, the reference fit is "
    "the one whose topics agree best with the other seeds (highest stability; ties: lowest "
    "seed)."
)

#: The "model" chosen from an empty sweep: no topics.
NO_MODEL = "none"

SWEEP_COLUMNS = ["model", "k", "seed", "npmi", "npmi_min", "umass", "stability",
                 "cross_agreement", "n_iter"]
SWEEP_FILE = "topic_sweep.csv"


# ---------------------------------------------------------------------------
# Documents and the document-term matrix


@dataclass(frozen=True)
class TopicCorpus:
    """Paragraphs as documents: ids, sections, term sequences and the count matrix.

    ``documents`` holds every content term (the reference for coherence);
    ``counts`` (paragraphs x ``terms``) only the filtered vocabulary.
    """

    paragraph_ids: list[str]
    section_ids: list[str]
    documents: pd.Series
    counts: csr_matrix
    terms: list[str]


def paragraph_documents(paragraphs: pd.DataFrame, expressions: pd.DataFrame | None = None
                        ) -> pd.Series:
    """The content-term sequence of each body paragraph, indexed by paragraph_id, in order."""
    units = units_table(tokens_table(paragraphs, expressions))
    return term_documents(units, by="paragraph_id", order=paragraphs["paragraph_id"].tolist())


def document_term_matrix(documents: pd.Series, min_df: int = MIN_DF,
                         max_df_share: float = MAX_DF_SHARE) -> tuple[csr_matrix, list[str]]:
    """Counts of the vocabulary terms per document, rare and near-ubiquitous terms removed.

    Terms are kept if they occur in at least ``min_df`` documents and in at
    most ``max_df_share`` of them; columns are in alphabetical order.
    """
    matrix, terms = count_matrix(documents, min_df=min_df)
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df <= max_df_share * matrix.shape[0])
    return matrix[:, keep].tocsr(), [terms[i] for i in keep]


def topic_corpus(paper: Paper, expressions_path: Path | str = EXPRESSIONS,
                 min_df: int = MIN_DF, max_df_share: float = MAX_DF_SHARE) -> TopicCorpus:
    """The paper's paragraphs prepared for topic models."""
    paragraphs = paper.paragraphs
    documents = paragraph_documents(paragraphs, load_expressions(expressions_path))
    counts, terms = document_term_matrix(documents, min_df, max_df_share)
    return TopicCorpus(paragraphs["paragraph_id"].tolist(), paragraphs["section_id"].tolist(),
                       documents, counts, terms)


def too_frequent_terms(corpus: TopicCorpus, max_df_share: float = MAX_DF_SHARE
                       ) -> list[str]:
    """Terms left out of the vocabulary because they occur in more than ``max_df_share``
    of the paragraphs, alphabetically."""
    all_counts, all_terms = count_matrix(corpus.documents, min_df=1)
    df = np.asarray((all_counts > 0).sum(axis=0)).ravel()
    return [t for t, d in zip(all_terms, df, strict=True)
            if d > max_df_share * all_counts.shape[0]]


def vocabulary_summary(corpus: TopicCorpus, min_df: int = MIN_DF,
                       max_df_share: float = MAX_DF_SHARE) -> pd.DataFrame:
    """What the models see: documents, content terms, vocabulary, and what was filtered out."""
    all_counts, all_terms = count_matrix(corpus.documents, min_df=1)
    df = np.asarray((all_counts > 0).sum(axis=0)).ravel()
    frequent = too_frequent_terms(corpus, max_df_share)
    rows = [
        ("paragraphs (documents)", len(corpus.paragraph_ids)),
        ("content-term occurrences", int(all_counts.sum())),
        ("distinct content terms", len(all_terms)),
        (f"terms in fewer than {min_df} paragraphs (removed)", int((df < min_df).sum())),
        (f"terms in more than {max_df_share:.0%} of paragraphs (removed)", len(frequent)),
        ("vocabulary (terms kept)", len(corpus.terms)),
        ("occurrences of vocabulary terms", int(corpus.counts.sum())),
        ("paragraphs with no vocabulary term", int((corpus.counts.sum(axis=1) == 0).sum())),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def max_topics(corpus: TopicCorpus) -> int:
    """The largest number of topics the document-term matrix supports.

    A model cannot have more topics than there are documents with a vocabulary
    term, or than vocabulary terms (scikit-learn's NMF then has no meaningful
    solution); on a short paper, or one whose vocabulary is removed by the
    document-frequency filters, this can be below the swept range.
    """
    docs = int((np.asarray(corpus.counts.sum(axis=1)).ravel() > 0).sum())
    return min(docs, len(corpus.terms))


def supported_ks(corpus: TopicCorpus, ks: Sequence[int] = K_RANGE) -> list[int]:
    """The numbers of topics of ``ks`` that :func:`max_topics` allows, in order."""
    cap = max_topics(corpus)
    return [k for k in ks if k <= cap]


def sweep_description(table: pd.DataFrame, corpus: TopicCorpus,
                      ks: Sequence[int] = K_RANGE) -> str:
    """One sentence saying what the sweep fitted, and why k was capped if it was."""
    if table.empty:
        return (f"No fits: the document-term matrix ({len(corpus.terms)} vocabulary term(s)) "
                f"supports at most {max_topics(corpus)} topic(s), fewer than the smallest k "
                f"swept ({min(ks)}), so no topic model was fitted.")
    text = (f"{len(table)} fits: {table['model'].nunique()} models, "
            f"k = {table['k'].min()}-{table['k'].max()}, {table['seed'].nunique()} seeds each.")
    if table["k"].max() < max(ks):
        text += (f" k stops at {table['k'].max()} instead of {max(ks)}: the document-term "
                 f"matrix supports at most {max_topics(corpus)} topics (documents with a "
                 f"vocabulary term, and vocabulary terms).")
    return text


# ---------------------------------------------------------------------------
# Fitting


def fit_topics(counts: csr_matrix, model: str, k: int, seed: int,
               lda_max_iter: int = LDA_MAX_ITER, nmf_max_iter: int = NMF_MAX_ITER
               ) -> tuple[np.ndarray, np.ndarray, int]:
    """Fit one model; return topic-term weights, document-topic shares and iterations.

    Topic-term rows and document-topic rows are normalised to sum to 1 (a
    document with no vocabulary term keeps a row of zeros). LDA is fitted on
    the counts, NMF on their TF-IDF weights.
    """
    if model == "lda":
        fitted = LatentDirichletAllocation(n_components=k, learning_method="batch",
                                           max_iter=lda_max_iter, random_state=seed, n_jobs=1)
        doc_topic = fitted.fit_transform(counts)
    elif model == "nmf":
        tfidf = TfidfTransformer().fit_transform(counts)
        fitted = NMF(n_components=k, init="random", max_iter=nmf_max_iter, random_state=seed)
        doc_topic = fitted.fit_transform(tfidf)
    else:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    return (_row_normalise(fitted.components_), _row_normalise(doc_topic),
            int(fitted.n_iter_))


def _row_normalise(matrix: np.ndarray) -> np.ndarray:
    sums = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, sums, out=np.zeros_like(matrix, dtype=float), where=sums > 0)


def top_term_indices(topic_term: np.ndarray, n: int = TOP_N) -> np.ndarray:
    """Column indices of each topic's ``n`` heaviest terms, heaviest first.

    Ties are broken by column index (the vocabulary is alphabetical, so by term).
    """
    order = [np.lexsort((np.arange(row.size), -row))[:n] for row in topic_term]
    return np.array(order, dtype=int)


# ---------------------------------------------------------------------------
# Coherence


@dataclass(frozen=True)
class CoOccurrence:
    """Boolean co-occurrence counts of a vocabulary over a set of windows or documents.

    ``n`` windows; ``single[i]`` windows containing term i; ``joint[i, j]``
    windows containing both.
    """

    terms: list[str]
    n: int
    single: np.ndarray
    joint: np.ndarray

    def index(self, terms: Sequence[str]) -> np.ndarray:
        where = {t: i for i, t in enumerate(self.terms)}
        missing = [t for t in terms if t not in where]
        if missing:
            raise KeyError(f"terms not in the co-occurrence vocabulary: {missing}")
        return np.array([where[t] for t in terms], dtype=int)


def cooccurrence(documents: Sequence[Sequence[str]], terms: Sequence[str],
                 window: int | None = None) -> CoOccurrence:
    """Count in how many windows each term, and each pair of terms, occurs.

    ``window=None`` makes each document one window (paragraph co-occurrence);
    otherwise every run of ``window`` consecutive terms within a document is a
    window (documents shorter than that are one window), as in Röder et al.
    (2015)'s boolean sliding window.
    """
    terms = list(terms)
    where = {t: i for i, t in enumerate(terms)}
    rows, cols = [], []
    n = 0
    for doc in documents:
        doc = list(doc)
        if not doc:
            continue
        if window is None or len(doc) <= window:
            spans = [doc]
        else:
            spans = [doc[s: s + window] for s in range(len(doc) - window + 1)]
        for span in spans:
            present = sorted({where[t] for t in span if t in where})
            rows += [n] * len(present)
            cols += present
            n += 1
    incidence = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(terms)))
    joint = (incidence.T @ incidence).toarray()
    return CoOccurrence(terms, n, np.diag(joint).copy(), joint)


def npmi_matrix(reference: CoOccurrence, idx: np.ndarray) -> np.ndarray:
    """NPMI of every pair of the terms at ``idx`` (Bouma 2009).

    NPMI = log(p_ij / (p_i p_j)) / -log(p_ij); -1 if the pair never
    co-occurs, 1 if both occur in every window.
    """
    p = reference.single[idx] / reference.n
    pij = reference.joint[np.ix_(idx, idx)] / reference.n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(pij / np.outer(p, p))
        value = pmi / -np.log(pij)
    value = np.where(pij == 0, -1.0, value)
    return np.where(pij == 1, 1.0, value)


def topic_npmi(top: Sequence[str], reference: CoOccurrence) -> float:
    """Mean NPMI over the unordered pairs of a topic's top terms."""
    idx = reference.index(top)
    values = npmi_matrix(reference, idx)
    upper = np.triu_indices(len(idx), k=1)
    return float(values[upper].mean())


def topic_umass(top: Sequence[str], reference: CoOccurrence) -> float:
    """Mean UMass coherence of a topic's top terms, heaviest first (Mimno et al. 2011).

    The mean over m > l of log((D(w_m, w_l) + 1) / D(w_l)), D counting the
    documents of ``reference`` (built with ``window=None``).
    """
    idx = reference.index(top)
    joint = reference.joint[np.ix_(idx, idx)]
    lower = np.tril_indices(len(idx), k=-1)  # (m, l) with m > l
    values = np.log((joint[lower] + 1.0) / reference.single[idx][lower[1]])
    return float(values.mean())


# ---------------------------------------------------------------------------
# Stability


def jaccard_matrix(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]
                   ) -> np.ndarray:
    """Jaccard similarity of every topic of ``tops_a`` with every topic of ``tops_b``."""
    sets_a, sets_b = [set(t) for t in tops_a], [set(t) for t in tops_b]
    return np.array([[len(a & b) / len(a | b) if a | b else 1.0 for b in sets_b]
                     for a in sets_a]).reshape(len(sets_a), len(sets_b))


def match_topics(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]
                 ) -> pd.DataFrame:
    """One-to-one matching of two fits' topics maximising total top-term Jaccard.

    Uses the Hungarian method (``scipy.optimize.linear_sum_assignment``).
    Returns topic_a, topic_b (0-based) and jaccard, in the order of ``tops_a``.
    """
    sim = jaccard_matrix(tops_a, tops_b)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return pd.DataFrame({"topic_a": rows, "topic_b": cols, "jaccard": sim[rows, cols]})


def agreement(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]) -> float:
    """Mean matched top-term Jaccard of two fits (1.0 for the same topics in any order)."""
    return float(match_topics(tops_a, tops_b)["jaccard"].mean())


def fit_stability(tops: Sequence[Sequence[Sequence[str]]]) -> np.ndarray:
    """Each fit's mean agreement with every other fit of the same model and k."""
    n = len(tops)
    scores = np.zeros((n, n))
    for i, j in combinations(range(n), 2):
        scores[i, j] = scores[j, i] = agreement(tops[i], tops[j])
    return scores.sum(axis=1) / max(n - 1, 1)


def topic_stability(reference: Sequence[Sequence[str]],
                    others: Sequence[Sequence[Sequence[str]]]) -> np.ndarray:
    """For each topic of ``reference``: its mean matched Jaccard over the ``others`` fits."""
    if not reference or not others:
        return np.full(len(reference), np.nan)
    matched = [match_topics(reference, other)["jaccard"].to_numpy() for other in others]
    return np.mean(matched, axis=0)


# ---------------------------------------------------------------------------
# The sweep


def _fit_task(counts: csr_matrix, model: str, k: int, seed: int, n: int
              ) -> tuple[str, int, int, np.ndarray, int]:
    """One fit in a worker process, BLAS pinned to one thread."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        topic_term, _, n_iter = fit_topics(counts, model, k, seed)
    return model, k, seed, top_term_indices(topic_term, n), n_iter


def sweep(corpus: TopicCorpus, models: Sequence[str] = MODELS, ks: Sequence[int] = K_RANGE,
          seeds: Sequence[int] = SEEDS, top_n: int = TOP_N, window: int = NPMI_WINDOW,
          workers: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """Fit every model x k x seed and score each fit; one row per fit.

    Columns: model, k, seed, npmi (mean topic NPMI), npmi_min (least coherent
    topic), umass (mean topic UMass), stability (mean agreement with the other
    seeds' fits), cross_agreement (mean agreement with the other model's fits at
    the same k; empty with one model), n_iter. Fits run in ``workers``
    processes (joblib, loky), each with ``n_jobs=1`` and one BLAS thread; rows
    are sorted by (model, k, seed), so the table does not depend on the number
    of workers. ``progress=None`` shows a progress bar on stderr only when
    stderr is a terminal (never in a notebook run headless). Values of ``ks``
    above :func:`max_topics` are skipped (see :func:`sweep_description`); if
    none is left, the table is empty.
    """
    from joblib import Parallel, delayed
    from tqdm import tqdm

    ks = supported_ks(corpus, ks)
    if not ks:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "model" else "float64")
                             for c in SWEEP_COLUMNS})

    tasks = [(m, k, s) for m in models for k in ks for s in seeds]
    jobs = (delayed(_fit_task)(corpus.counts, m, k, s, top_n) for m, k, s in tasks)
    results = Parallel(n_jobs=workers, backend="loky", return_as="generator")(jobs)
    fits = list(tqdm(results, total=len(tasks), desc="topic fits", unit="fit",
                     disable=None if progress is None else not progress))
    fits.sort(key=lambda f: (f[0], f[1], f[2]))

    windows = cooccurrence(corpus.documents, corpus.terms, window=window)
    paragraphs = cooccurrence(corpus.documents, corpus.terms, window=None)
    groups = {key: ([[[corpus.terms[i] for i in topic] for topic in fit[3]] for fit in group],
                    group) for key, group in _groupby(fits)}
    rows = []
    for (model, k), (tops, group) in groups.items():
        stability = fit_stability(tops)
        others = [groups[(m, k)][0] for m in models if m != model and (m, k) in groups]
        for fit, top, stab in zip(group, tops, stability, strict=True):
            npmis = [topic_npmi(t, windows) for t in top]
            cross = [agreement(top, other) for tops_m in others for other in tops_m]
            rows.append({"model": model, "k": k, "seed": fit[2], "npmi": np.mean(npmis),
                         "npmi_min": np.min(npmis),
                         "umass": np.mean([topic_umass(t, paragraphs) for t in top]),
                         "stability": stab,
                         "cross_agreement": np.mean(cross) if cross else np.nan,
                         "n_iter": fit[4]})
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def _groupby(fits: list) -> list[tuple[tuple[str, int], list]]:
    groups: dict[tuple[str, int], list] = {}
    for fit in fits:
        groups.setdefault((fit[0], fit[1]), []).append(fit)
    return sorted(groups.items())


def read_sweep(path: Path | str | None = None) -> pd.DataFrame:
    """The cached sweep table; a clear error if it has not been built."""
    path = Path(path) if path is not None else paths.PROCESSED / SWEEP_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: the topic sweep has not been run; build it with "
                                "`make data/processed/topic_sweep.csv` or "
                                "`python -m analysis.topics sweep --workers 2`")
    table = pd.read_csv(path)
    missing = set(SWEEP_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}; rerun the sweep")
    return table


# ---------------------------------------------------------------------------
# Choosing the number of topics


def sweep_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per model and k: mean, standard deviation and standard error over seeds, and ranks.

    Columns: model, k, n_seeds, npmi_mean, npmi_sd, npmi_se, umass_mean,
    umass_sd, stability_mean, stability_sd, cross_mean, cross_sd (agreement
    with the other model at the same k), npmi_rank, stability_rank, rank_sum,
    chosen (the setting picked by :data:`SELECTION_RULE`).
    """
    grouped = table.groupby(["model", "k"], sort=True)
    out = grouped.agg(n_seeds=("seed", "size"), npmi_mean=("npmi", "mean"),
                      npmi_sd=("npmi", "std"), umass_mean=("umass", "mean"),
                      umass_sd=("umass", "std"), stability_mean=("stability", "mean"),
                      stability_sd=("stability", "std"),
                      cross_mean=("cross_agreement", "mean"),
                      cross_sd=("cross_agreement", "std")).reset_index()
    out.insert(4, "npmi_se", out["npmi_sd"] / np.sqrt(out["n_seeds"]))
    # Rank rounded values, so that floating-point noise never breaks a tie.
    out["npmi_rank"] = out["npmi_mean"].round(9).rank(ascending=False, method="average")
    out["stability_rank"] = out["stability_mean"].round(9).rank(ascending=False,
                                                               method="average")
    out["rank_sum"] = out["npmi_rank"] + out["stability_rank"]
    out["chosen"] = False
    if out.empty:  # an empty sweep (see :func:`sweep`) chooses nothing
        return out
    order = out.assign(_neg_stab=-out["stability_mean"].round(9)).sort_values(
        ["rank_sum", "_neg_stab", "k", "model"], kind="stable")
    out.loc[order.index[0], "chosen"] = True
    return out


def stability_overview(summary: pd.DataFrame) -> pd.DataFrame:
    """Per model, over k: the range of mean stability, the k at which every seed gave the
    same top terms (stability 1), and the range of LDA-NMF agreement.

    Columns: model, stability_min, stability_max, k_fully_stable, cross_min, cross_max.
    """
    rows = []
    for model, group in summary.groupby("model", sort=True):
        stable = group.loc[group["stability_mean"].round(9) >= 1.0, "k"]
        rows.append({"model": model, "stability_min": group["stability_mean"].min(),
                     "stability_max": group["stability_mean"].max(),
                     "k_fully_stable": ", ".join(str(k) for k in stable) or "none",
                     "cross_min": group["cross_mean"].min(),
                     "cross_max": group["cross_mean"].max()})
    return pd.DataFrame(rows, columns=["model", "stability_min", "stability_max",
                                       "k_fully_stable", "cross_min", "cross_max"])


def select_setting(table: pd.DataFrame) -> tuple[str, int, int]:
    """The model, k and reference seed picked by :data:`SELECTION_RULE` from the sweep.

    An empty sweep (the paper supports too few topics) gives (:data:`NO_MODEL`, 0, 0):
    :func:`fit_model` turns that into a model without topics.
    """
    summary = sweep_summary(table)
    if summary.empty:
        return NO_MODEL, 0, 0
    chosen = summary[summary["chosen"]].iloc[0]
    model, k = str(chosen["model"]), int(chosen["k"])
    return model, k, reference_seed(table, model, k)


def reference_seed(table: pd.DataFrame, model: str, k: int) -> int:
    """The seed whose fit agrees best with the other seeds (ties: the lowest seed)."""
    fits = table[(table["model"] == model) & (table["k"] == k)]
    fits = fits.assign(_s=-fits["stability"].round(9)).sort_values(["_s", "seed"],
                                                                   kind="stable")
    return int(fits["seed"].iloc[0])


# ---------------------------------------------------------------------------
# The chosen model


@dataclass(frozen=True)
class TopicModel:
    """One fitted model: its settings, topic-term and paragraph-topic shares, top terms."""

    model: str
    k: int
    seed: int
    terms: list[str]
    topic_term: np.ndarray
    doc_topic: np.ndarray
    top: list[list[str]]


def fit_model(corpus: TopicCorpus, model: str, k: int, seed: int, top_n: int = TOP_N
              ) -> TopicModel:
    """Fit one model on the corpus (BLAS pinned to one thread) and keep its top terms.

    ``k=0`` (see :func:`select_setting`) gives a model without topics, fitting nothing.
    """
    from threadpoolctl import threadpool_limits

    if k == 0:
        return TopicModel(model, 0, seed, corpus.terms, np.zeros((0, len(corpus.terms))),
                          np.zeros((len(corpus.paragraph_ids), 0)), [])
    with threadpool_limits(limits=1):
        topic_term, doc_topic, _ = fit_topics(corpus.counts, model, k, seed)
    top = [[corpus.terms[i] for i in row] for row in top_term_indices(topic_term, top_n)]
    return TopicModel(model, k, seed, corpus.terms, topic_term, doc_topic, top)


def counterpart(corpus: TopicCorpus, table: pd.DataFrame, model: str, k: int,
                top_n: int = TOP_N) -> TopicModel:
    """The other model family at the same k, fitted with its own reference seed.

    With ``k=0`` (nothing was fitted) the counterpart is a model without topics too.
    """
    if k == 0:
        return fit_model(corpus, model, 0, 0, top_n)
    others = [m for m in MODELS if m != model]
    if len(others) != 1:
        raise ValueError(f"no single counterpart of {model!r} among {MODELS}")
    return fit_model(corpus, others[0], k, reference_seed(table, others[0], k), top_n)


def term_label(term: str, labels: dict[str, str]) -> str:
    """Display form of a term: the lexicon's label, else underscores as spaces."""
    return labels.get(term, term.replace("_", " "))


def expression_labels(expressions_path: Path | str = EXPRESSIONS) -> dict[str, str]:
    """Display labels of the merged expressions, by term."""
    expressions = load_expressions(expressions_path)
    return dict(zip(expressions["term"], expressions["label"], strict=False))


def topic_terms(fitted: TopicModel, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Top terms of each topic: topic (1-based), rank, term, label, weight (share in topic)."""
    labels = expression_labels() if labels is None else labels
    where = {t: i for i, t in enumerate(fitted.terms)}
    rows = [{"topic": t + 1, "rank": r + 1, "term": term, "label": term_label(term, labels),
             "weight": fitted.topic_term[t, where[term]]}
            for t, top in enumerate(fitted.top) for r, term in enumerate(top)]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "label", "weight"])


def topic_names(terms: pd.DataFrame, n: int = 4) -> pd.Series:
    """A name per topic ("Topic 1: a, b, c, d") from its ``n`` top terms, indexed by topic."""
    heads = terms[terms["rank"] <= n].groupby("topic", sort=True)["label"].agg(", ".join)
    return pd.Series([f"Topic {t}: {h}" for t, h in heads.items()], index=heads.index,
                     name="name")


def refit_seeds(corpus: TopicCorpus, model: str, k: int, seeds: Sequence[int] = SEEDS,
                skip: int | None = None) -> list[TopicModel]:
    """Fits of one model and k for each seed in ``seeds`` except ``skip``."""
    return [fit_model(corpus, model, k, s) for s in seeds if s != skip]


def topic_scores(fitted: TopicModel, corpus: TopicCorpus, others: Sequence[TopicModel],
                 window: int = NPMI_WINDOW) -> pd.DataFrame:
    """Per topic of ``fitted``: NPMI, UMass, share of the paper, stability across ``others``.

    ``share`` is the topic's share of all vocabulary-term occurrences
    (paragraph-topic shares weighted by the paragraph's vocabulary size);
    ``stability`` is the mean matched Jaccard of the topic over the other seeds.
    """
    windows = cooccurrence(corpus.documents, corpus.terms, window=window)
    paragraphs = cooccurrence(corpus.documents, corpus.terms, window=None)
    weights = np.asarray(corpus.counts.sum(axis=1)).ravel()
    share = weights @ fitted.doc_topic / max(weights.sum(), 1)
    return pd.DataFrame({
        "topic": np.arange(1, fitted.k + 1),
        "npmi": [topic_npmi(t, windows) for t in fitted.top],
        "umass": [topic_umass(t, paragraphs) for t in fitted.top],
        "share": share,
        "stability": topic_stability(fitted.top, [o.top for o in others]),
    })


def paragraph_topics(fitted: TopicModel, corpus: TopicCorpus) -> pd.DataFrame:
    """Paragraph-topic shares, long: paragraph_id, section_id, topic (1-based), share, weight.

    ``weight`` is the paragraph's number of vocabulary-term occurrences.
    """
    weights = np.asarray(corpus.counts.sum(axis=1)).ravel()
    n, k = fitted.doc_topic.shape
    return pd.DataFrame({
        "paragraph_id": np.repeat(corpus.paragraph_ids, k),
        "section_id": np.repeat(corpus.section_ids, k),
        "topic": np.tile(np.arange(1, k + 1), n),
        "share": fitted.doc_topic.ravel(),
        "weight": np.repeat(weights, k),
    })


def section_topics(paragraph_shares: pd.DataFrame, sections: pd.DataFrame) -> pd.DataFrame:
    """Topic shares per section, in reading order: section_id, heading, topic, share, n_terms.

    A section's share of a topic is the mean of its paragraphs' shares weighted
    by their vocabulary-term counts, i.e. the topic's share of the section's
    modelled text. Sections without paragraphs are left out.
    """
    weighted = paragraph_shares.assign(mass=paragraph_shares["share"] * paragraph_shares["weight"])
    by = weighted.groupby(["section_id", "topic"], sort=False).agg(
        mass=("mass", "sum"), n_terms=("weight", "sum")).reset_index()
    by["share"] = np.where(by["n_terms"] > 0, by["mass"] / by["n_terms"].where(
        by["n_terms"] > 0, 1), 0.0)
    order = sections[["section_id", "order", "heading"]]
    out = order.merge(by, on="section_id", how="inner").sort_values(["order", "topic"],
                                                                    kind="stable")
    return out[["section_id", "heading", "topic", "share", "n_terms"]].reset_index(drop=True)


def model_agreement(first: TopicModel, second: TopicModel,
                    labels: dict[str, str] | None = None,
                    threshold: float = MATCH_THRESHOLD) -> pd.DataFrame:
    """Topics of two models matched one-to-one (Hungarian method on top-term Jaccard).

    Columns: topic_<first model>, topic_<second model> (1-based), jaccard,
    shared (the shared top terms, as labels), corresponds (jaccard >= threshold).
    """
    labels = expression_labels() if labels is None else labels
    matched = match_topics(first.top, second.top)
    shared = [", ".join(term_label(t, labels) for t in first.top[a] if t in set(second.top[b]))
              for a, b in zip(matched["topic_a"], matched["topic_b"], strict=True)]
    a, b = f"topic_{first.model}", f"topic_{second.model}"
    if a == b:
        a, b = f"{a}_a", f"{b}_b"
    return pd.DataFrame({a: matched["topic_a"] + 1, b: matched["topic_b"] + 1,
                         "jaccard": matched["jaccard"], "shared": shared,
                         "corresponds": matched["jaccard"] >= threshold})


def settings() -> pd.DataFrame:
    """The module's settings as a table (name, value), for the methods appendix."""
    values = {"MODELS": MODELS, "K_RANGE": f"{K_RANGE[0]}-{K_RANGE[-1]}",
              "SEEDS": f"{SEEDS[0]}-{SEEDS[-1]} ({len(SEEDS)} seeds)", "MIN_DF": MIN_DF,
              "MAX_DF_SHARE": MAX_DF_SHARE, "TOP_N": TOP_N, "NPMI_WINDOW": NPMI_WINDOW,
              "LDA_MAX_ITER": LDA_MAX_ITER, "NMF_MAX_ITER": NMF_MAX_ITER,
              "MATCH_THRESHOLD": MATCH_THRESHOLD}
    return pd.DataFrame({"setting": list(values), "value": [str(v) for v in values.values()]})


# ---------------------------------------------------------------------------
# Command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.topics",
                                     description="Topic-model sweep over k and seeds.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("sweep", help=f"fit every model x k x seed and write {SWEEP_FILE}")
    run.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    run.add_argument("--paper", type=Path, default=paths.PAPER)
    run.add_argument("--output", type=Path, default=None,
                     help=f"default: {paths.PROCESSED / SWEEP_FILE}")
    args = parser.parse_args(argv)
    output = args.output if args.output is not None else paths.PROCESSED / SWEEP_FILE
    start = time.perf_counter()
    corpus = topic_corpus(load_paper(args.paper))
    table = sweep(corpus, workers=args.workers)
    write_table(table, output)
    print(f"{output}: {len(table)} fits ({len(MODELS)} models x "
          f"{len(supported_ks(corpus))} k x {len(SEEDS)} seeds), {args.workers} worker(s), "
          f"{time.perf_counter() - start:.1f} s wall clock", file=sys.stdout)
    if len(supported_ks(corpus)) < len(K_RANGE):
        print(sweep_description(table, corpus), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
