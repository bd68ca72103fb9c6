"""Fitting one topic model: LDA or NMF on the paragraphs, one seed, ``n_jobs=1``.

* LDA (Blei, Ng and Jordan 2003), batch variational Bayes on term counts,
  default symmetric priors (1/k), stopped when its perplexity settles
  (:func:`fit_estimator`).
* NMF (Lee and Seung 1999), Frobenius loss on TF-IDF weights (l2-normalised
  rows), *random* initialisation, so that the seed matters (the default NNDSVD
  start is deterministic and would make every seed agree trivially).

References
----------
Blei, D. M., Ng, A. Y. and Jordan, M. I. (2003). Latent Dirichlet allocation.
*Journal of Machine Learning Research* 3, 993-1022.
Lee, D. D. and Seung, H. S. (1999). Learning the parts of objects by
non-negative matrix factorization. *Nature* 401, 788-791.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.settings import (
    LDA_EVALUATE_EVERY,
    LDA_MAX_ITER,
    LDA_PERP_TOL,
    NMF_MAX_ITER,
    TOPIC_MODELS,
    TOPIC_SEEDS,
    TOPIC_TOP_TERMS,
)
from analysis.topics.corpus import TopicCorpus


def unigram_perplexity(counts: csr_matrix) -> float:
    """Perplexity of the documents under their own unigram distribution, exp(entropy).

    The scale of LDA's stopping tolerance (:data:`analysis.settings.LDA_PERP_TOL`):
    a topic model's perplexity is of the same order, so a share of it is a
    tolerance that means the same on a short paper and a long one.

    Parameters
    ----------
    counts : csr_matrix
        Documents x terms counts.

    Returns
    -------
    float
        exp(-sum p log p) over the terms' shares of all occurrences; 1.0 for no
        occurrence.

    Examples
    --------
    Two terms, equally frequent: perplexity 2.

    >>> from scipy.sparse import csr_matrix
    >>> round(unigram_perplexity(csr_matrix([[1, 0], [0, 1]])), 6)
    2.0
    """
    totals = np.asarray(counts.sum(axis=0), dtype=float).ravel()
    totals = totals[totals > 0]
    if totals.size == 0:
        return 1.0
    p = totals / totals.sum()
    return float(np.exp(-(p * np.log(p)).sum()))


def fit_estimator(counts: csr_matrix, model: str, k: int, seed: int,
                  lda_max_iter: int = LDA_MAX_ITER, nmf_max_iter: int = NMF_MAX_ITER,
                  lda_tol: float | None = LDA_PERP_TOL):
    """Fit one scikit-learn model; return it with its document-topic weights.

    LDA is fitted on the counts, NMF on their TF-IDF weights (scikit-learn's
    TfidfTransformer defaults), both with ``n_jobs=1`` where it applies.

    Parameters
    ----------
    counts : csr_matrix
        Documents x terms counts (:attr:`analysis.topics.corpus.TopicCorpus.counts`).
    model : {"lda", "nmf"}
        The model family.
    k : int
        Number of topics.
    seed : int
        The random state of the fit.
    lda_max_iter : int, default :data:`analysis.settings.LDA_MAX_ITER`
        Cap on the passes of batch variational Bayes.
    nmf_max_iter : int, default :data:`analysis.settings.NMF_MAX_ITER`
        Cap on the iterations of NMF (it stops at scikit-learn's tolerance).
    lda_tol : float or None, default :data:`analysis.settings.LDA_PERP_TOL`
        LDA stops when its training perplexity, checked every
        :data:`analysis.settings.LDA_EVALUATE_EVERY` iterations, changes by less
        than ``lda_tol`` times :func:`unigram_perplexity`; None runs all
        ``lda_max_iter`` iterations. The check does not draw random numbers, so
        a stopped fit is the fixed-iteration fit cut short.

    Returns
    -------
    estimator
        The fitted LatentDirichletAllocation or NMF.
    ndarray
        Documents x k weights, as fitted (not normalised).

    Raises
    ------
    ValueError
        If ``model`` is neither "lda" nor "nmf".
    """
    if model == "lda":
        check = {} if lda_tol is None else {
            "evaluate_every": LDA_EVALUATE_EVERY,
            "perp_tol": lda_tol * unigram_perplexity(counts)}
        fitted = LatentDirichletAllocation(n_components=k, learning_method="batch",
                                           max_iter=lda_max_iter, random_state=seed, n_jobs=1,
                                           **check)
        return fitted, fitted.fit_transform(counts)
    if model == "nmf":
        tfidf = TfidfTransformer().fit_transform(counts)
        fitted = NMF(n_components=k, init="random", max_iter=nmf_max_iter, random_state=seed)
        return fitted, fitted.fit_transform(tfidf)
    raise ValueError(f"model must be one of {TOPIC_MODELS}, not {model!r}")


def fit_topics(counts: csr_matrix, model: str, k: int, seed: int,
               lda_max_iter: int = LDA_MAX_ITER, nmf_max_iter: int = NMF_MAX_ITER,
               lda_tol: float | None = LDA_PERP_TOL) -> tuple[np.ndarray, np.ndarray, int]:
    """Fit one model; return topic-term weights, document-topic shares and iterations.

    Parameters
    ----------
    counts : csr_matrix
        Documents x terms counts (:attr:`analysis.topics.corpus.TopicCorpus.counts`).
    model : {"lda", "nmf"}
        The model family.
    k : int
        Number of topics.
    seed : int
        The random state of the fit.
    lda_max_iter, nmf_max_iter, lda_tol
        As in :func:`fit_estimator`.

    Returns
    -------
    topic_term : ndarray
        k x terms, rows summing to 1.
    doc_topic : ndarray
        Documents x k, rows summing to 1 (a document with no vocabulary term
        keeps a row of zeros).
    n_iter : int
        Iterations run.

    Raises
    ------
    ValueError
        If ``model`` is neither "lda" nor "nmf".

    References
    ----------
    Blei, D. M., Ng, A. Y. and Jordan, M. I. (2003). Latent Dirichlet allocation.
    *Journal of Machine Learning Research* 3, 993-1022.
    Lee, D. D. and Seung, H. S. (1999). Learning the parts of objects by
    non-negative matrix factorization. *Nature* 401, 788-791.
    Salton, G. and Buckley, C. (1988). Term-weighting approaches in automatic text
    retrieval. *Information Processing & Management* 24(5), 513-523.
    """
    fitted, doc_topic = fit_estimator(counts, model, k, seed, lda_max_iter, nmf_max_iter,
                                      lda_tol)
    return (_row_normalise(fitted.components_), _row_normalise(doc_topic),
            int(fitted.n_iter_))


def _row_normalise(matrix: np.ndarray) -> np.ndarray:
    sums = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, sums, out=np.zeros_like(matrix, dtype=float), where=sums > 0)


def top_term_indices(topic_term: np.ndarray, n: int = TOPIC_TOP_TERMS) -> np.ndarray:
    """Column indices of each topic's ``n`` heaviest terms, heaviest first.

    Parameters
    ----------
    topic_term : ndarray
        k x terms weights (:func:`fit_topics`).
    n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Terms per topic.

    Returns
    -------
    ndarray
        k x n integer indices; ties broken by column index (the vocabulary is
        alphabetical, so by term).
    """
    order = [np.lexsort((np.arange(row.size), -row))[:n] for row in topic_term]
    return np.array(order, dtype=int)


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


def fit_model(corpus: TopicCorpus, model: str, k: int, seed: int, top_n: int = TOPIC_TOP_TERMS
              ) -> TopicModel:
    """Fit one model on the corpus (BLAS pinned to one thread) and keep its top terms.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    model : {"lda", "nmf"}
        The model family.
    k : int
        Number of topics; 0 (see :func:`analysis.topics.selection.select_setting`)
        gives a model without topics, fitting nothing.
    seed : int
        The random state of the fit.
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Top terms kept per topic.

    Returns
    -------
    TopicModel
        Fitted with :func:`fit_topics` and its default iteration limits.
    """
    from threadpoolctl import threadpool_limits

    if k == 0:
        return TopicModel(model, 0, seed, corpus.terms, np.zeros((0, len(corpus.terms))),
                          np.zeros((len(corpus.paragraph_ids), 0)), [])
    with threadpool_limits(limits=1):
        topic_term, doc_topic, _ = fit_topics(corpus.counts, model, k, seed)
    top = [[corpus.terms[i] for i in row] for row in top_term_indices(topic_term, top_n)]
    return TopicModel(model, k, seed, corpus.terms, topic_term, doc_topic, top)


def refit_seeds(corpus: TopicCorpus, model: str, k: int, seeds: Sequence[int] = TOPIC_SEEDS,
                skip: int | None = None) -> list[TopicModel]:
    """Fits of one model and k for each seed in ``seeds`` except ``skip``.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    model : {"lda", "nmf"}
        The model family.
    k : int
        Number of topics.
    seeds : sequence of int, default :data:`analysis.settings.TOPIC_SEEDS`
        The seeds.
    skip : int, optional
        A seed left out (the reference fit's, already fitted).

    Returns
    -------
    list of TopicModel
        In the order of ``seeds``, each with the default number of top terms.
    """
    return [fit_model(corpus, model, k, s) for s in seeds if s != skip]
