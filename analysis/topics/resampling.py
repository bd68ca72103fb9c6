"""Document resampling: subsamples of the paragraphs, and refits of one setting on them.

Stability under document resampling (Greene, O'Callaghan and Cunningham 2014):
a setting is refitted on random subsamples of
:data:`analysis.settings.TOPIC_RESAMPLE_SHARE` of the paragraphs, drawn
without replacement, and each subsample's topics are matched (Hungarian
method) with those of the fit on all paragraphs. Subsample ``i`` (1, 2, ...) is
drawn by ``numpy.random.default_rng(i)`` from the paragraphs in reading order,
the same for every model and number of topics, so settings are compared on the
same subsamples. The paragraphs left out are held out for LDA's perplexity.
Subsamples keep the corpus's vocabulary (every column), so topics of all fits
are sets of the same terms.

References
----------
Greene, D., O'Callaghan, D. and Cunningham, P. (2014). How many topics?
Stability analysis for topic models. *Proceedings of ECML PKDD*, 498-513.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from analysis.settings import TOPIC_RESAMPLE_SHARE, TOPIC_RESAMPLES, TOPIC_TOP_TERMS
from analysis.topics.corpus import TopicCorpus
from analysis.topics.fitting import TopicModel, fit_model


def subsample_rows(n_documents: int, sample: int, share: float = TOPIC_RESAMPLE_SHARE
                   ) -> np.ndarray:
    """The documents of subsample ``sample``: sorted row indices.

    Parameters
    ----------
    n_documents : int
        Documents in the corpus.
    sample : int
        The subsample's number (1, 2, ...), also the seed of its draw.
    share : float, default :data:`analysis.settings.TOPIC_RESAMPLE_SHARE`
        Share of the documents drawn (rounded, at least one).

    Returns
    -------
    ndarray
        Sorted, distinct row indices.

    Examples
    --------
    >>> len(subsample_rows(61, 1))
    49
    """
    size = min(n_documents, max(1, round(share * n_documents)))
    rng = np.random.default_rng(sample)
    return np.sort(rng.choice(n_documents, size=size, replace=False))


def held_out_rows(n_documents: int, rows: np.ndarray) -> np.ndarray:
    """The documents not in a subsample, sorted."""
    return np.setdiff1d(np.arange(n_documents), rows)


def supported_topics(counts: csr_matrix) -> int:
    """The most topics a count matrix supports: min(documents with a term, terms that occur)."""
    docs = int((np.asarray(counts.sum(axis=1)).ravel() > 0).sum())
    terms = int((np.asarray(counts.sum(axis=0)).ravel() > 0).sum())
    return min(docs, terms)


def subsample_corpus(corpus: TopicCorpus, sample: int,
                     share: float = TOPIC_RESAMPLE_SHARE) -> TopicCorpus:
    """The corpus restricted to subsample ``sample`` (same vocabulary).

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    sample : int
        The subsample's number (:func:`subsample_rows`).
    share : float, default :data:`analysis.settings.TOPIC_RESAMPLE_SHARE`
        Share of the paragraphs drawn.

    Returns
    -------
    TopicCorpus
    """
    rows = subsample_rows(len(corpus.paragraph_ids), sample, share)
    return TopicCorpus([corpus.paragraph_ids[i] for i in rows],
                       [corpus.section_ids[i] for i in rows],
                       corpus.documents.iloc[rows], corpus.counts[rows], corpus.terms)


def refit_resamples(corpus: TopicCorpus, model: str, k: int, seed: int,
                    samples: int = TOPIC_RESAMPLES, top_n: int = TOPIC_TOP_TERMS
                    ) -> list[TopicModel]:
    """Fits of one setting on each subsample that supports ``k`` topics, with one seed.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    model : {"lda", "nmf"}
        The model family.
    k : int
        Number of topics.
    seed : int
        The seed of every fit (the reference fit's, so only the documents change).
    samples : int, default :data:`analysis.settings.TOPIC_RESAMPLES`
        Subsamples 1 to ``samples``.
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Top terms kept per topic.

    Returns
    -------
    list of TopicModel
        In the order of the subsamples (their ``doc_topic`` rows are the
        subsample's paragraphs).
    """
    fits = []
    for sample in range(1, samples + 1):
        part = subsample_corpus(corpus, sample)
        if k <= supported_topics(part.counts):
            fits.append(fit_model(part, model, k, seed, top_n))
    return fits


def completion_split(counts: csr_matrix) -> tuple[csr_matrix, csr_matrix]:
    """Split each document's words into two halves, for held-out perplexity.

    Each document's word occurrences, taken in vocabulary order, go alternately
    to the first half (used to estimate the document's topic shares) and the
    second (scored): deterministic, and each half keeps about half of each
    document.

    Parameters
    ----------
    counts : csr_matrix
        Documents x terms counts.

    Returns
    -------
    tuple of csr_matrix
        (estimation half, evaluation half), summing to ``counts``.

    Examples
    --------
    >>> from scipy.sparse import csr_matrix
    >>> first, second = completion_split(csr_matrix([[3, 1, 0, 2]]))
    >>> first.toarray().tolist(), second.toarray().tolist()
    ([[2, 0, 0, 1]], [[1, 1, 0, 1]])
    """
    counts = csr_matrix(counts)
    first = counts.copy().astype(np.int64)
    for d in range(counts.shape[0]):
        start, end = counts.indptr[d], counts.indptr[d + 1]
        values = counts.data[start:end].astype(np.int64)
        before = np.concatenate(([0], np.cumsum(values)[:-1]))
        # positions before..before+n-1; the even positions (0, 2, ...) go to the first half
        first.data[start:end] = (before + values + 1) // 2 - (before + 1) // 2
    first.eliminate_zeros()
    second = (counts.astype(np.int64) - first).tocsr()
    second.eliminate_zeros()
    return first.tocsr(), second


def held_out_perplexity(fitted, counts: csr_matrix) -> float:
    """LDA's perplexity on held-out documents by document completion (Wallach et al. 2009).

    Each held-out document's topic shares are inferred from one half of its
    words (:func:`completion_split`, scikit-learn's ``transform``) and the other
    half is scored: exp(-sum n_dw log sum_k theta_dk beta_kw / sum n_dw), with
    beta the fitted topic-word distributions. (scikit-learn's own
    ``perplexity`` adds the whole model's prior term to the held-out bound,
    which on a few held-out paragraphs swamps the words and grows with k.)

    Parameters
    ----------
    fitted : LatentDirichletAllocation
        A fitted model.
    counts : csr_matrix
        Held-out documents x the same terms.

    Returns
    -------
    float
        NaN when the evaluation half has no word.

    References
    ----------
    Wallach, H. M., Murray, I., Salakhutdinov, R. and Mimno, D. (2009).
    Evaluation methods for topic models. *Proceedings of ICML*, 1105-1112.
    """
    first, second = completion_split(counts)
    n = second.sum()
    if n == 0:
        return float("nan")
    theta = fitted.transform(first)
    beta = fitted.components_ / fitted.components_.sum(axis=1, keepdims=True)
    rows, cols = second.nonzero()
    p = np.einsum("ik,ki->i", theta[rows], beta[:, cols])
    return float(np.exp(-(np.asarray(second[rows, cols]).ravel() * np.log(p)).sum() / n))
