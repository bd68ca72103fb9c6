"""The quality of topic models: coherence on the paper itself, and stability across fits.

Scores of one fit, on its top :data:`analysis.settings.TOPIC_TOP_TERMS` terms per topic:

* NPMI coherence (Bouma 2009; Röder, Both and Hinneburg 2015), averaged over
  term pairs and topics, with probabilities from boolean sliding windows of
  :data:`analysis.settings.NPMI_WINDOW` consecutive content terms inside a
  paragraph (windows do not cross paragraphs; a shorter paragraph is one
  window). A pair that never shares a window scores -1.
* UMass coherence (Mimno et al. 2011), log((D(w_m, w_l) + 1) / D(w_l)) over
  ordered pairs of top terms with paragraph document counts, averaged over
  pairs (Mimno et al. sum them) and topics.
* Stability (Greene, O'Callaghan and Cunningham 2014): the topics of two fits
  are matched one-to-one by the Hungarian method (Kuhn 1955;
  ``scipy.optimize.linear_sum_assignment``) on the Jaccard similarity of
  their top-term sets; the agreement of the two fits is the mean matched
  similarity.

References
----------
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation
extraction. *Proceedings of GSCL*, 31-40.
Röder, M., Both, A. and Hinneburg, A. (2015). Exploring the space of topic
coherence measures. *Proceedings of WSDM*, 399-408.
Mimno, D., Wallach, H. M., Talley, E., Leenders, M. and McCallum, A. (2011).
Optimizing semantic coherence in topic models. *Proceedings of EMNLP*, 262-272.
Greene, D., O'Callaghan, D. and Cunningham, P. (2014). How many topics?
Stability analysis for topic models. *Proceedings of ECML PKDD*, 498-513.
Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval
Research Logistics Quarterly* 2, 83-97.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix


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
        """Positions of ``terms`` in the co-occurrence vocabulary.

        Parameters
        ----------
        terms : sequence of str
            Terms of :attr:`terms`.

        Returns
        -------
        ndarray
            Integer indices, in the order of ``terms``.

        Raises
        ------
        KeyError
            If a term is not in the vocabulary.
        """
        where = {t: i for i, t in enumerate(self.terms)}
        missing = [t for t in terms if t not in where]
        if missing:
            raise KeyError(f"terms not in the co-occurrence vocabulary: {missing}")
        return np.array([where[t] for t in terms], dtype=int)


def cooccurrence(documents: Sequence[Sequence[str]], terms: Sequence[str],
                 window: int | None = None) -> CoOccurrence:
    """Count in how many windows each term, and each pair of terms, occurs.

    Parameters
    ----------
    documents : sequence of sequence of str
        Term sequences (:attr:`analysis.topics.corpus.TopicCorpus.documents`);
        empty documents are skipped.
    terms : sequence of str
        The vocabulary counted; other terms still fill window positions.
    window : int, optional
        None makes each document one window (document co-occurrence);
        otherwise every run of ``window`` consecutive terms within a document is
        a window (a shorter document is one window), Röder et al.'s (2015)
        boolean sliding window.

    Returns
    -------
    CoOccurrence
        Boolean counts: ``n`` windows, ``single`` and ``joint`` per term and pair.

    References
    ----------
    Röder, M., Both, A. and Hinneburg, A. (2015). Exploring the space of topic
    coherence measures. *Proceedings of WSDM*, 399-408.
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
    """NPMI of every pair of the terms at ``idx``.

    NPMI = log(p_ij / (p_i p_j)) / -log(p_ij), with probabilities as shares of
    the reference's windows.

    Parameters
    ----------
    reference : CoOccurrence
        :func:`cooccurrence` (sliding windows).
    idx : ndarray
        Term indices (:meth:`CoOccurrence.index`).

    Returns
    -------
    ndarray
        len(idx) x len(idx), symmetric; -1 for a pair that never co-occurs, 1
        if both occur in every window (and on the diagonal).

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation
    extraction. *Proceedings of GSCL*, 31-40.
    """
    p = reference.single[idx] / reference.n
    pij = reference.joint[np.ix_(idx, idx)] / reference.n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(pij / np.outer(p, p))
        value = pmi / -np.log(pij)
    value = np.where(pij == 0, -1.0, value)
    return np.where(pij == 1, 1.0, value)


def topic_npmi(top: Sequence[str], reference: CoOccurrence) -> float:
    """NPMI coherence of one topic: the mean NPMI over the unordered pairs of its top terms.

    Parameters
    ----------
    top : sequence of str
        The topic's top terms.
    reference : CoOccurrence
        :func:`cooccurrence` with sliding windows.

    Returns
    -------
    float
        Between -1 and 1.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation
    extraction. *Proceedings of GSCL*, 31-40.
    Röder, M., Both, A. and Hinneburg, A. (2015). Exploring the space of topic
    coherence measures. *Proceedings of WSDM*, 399-408.
    """
    idx = reference.index(top)
    values = npmi_matrix(reference, idx)
    upper = np.triu_indices(len(idx), k=1)
    return float(values[upper].mean())


def topic_umass(top: Sequence[str], reference: CoOccurrence) -> float:
    """UMass coherence of one topic's top terms, heaviest first.

    The mean over m > l of log((D(w_m, w_l) + 1) / D(w_l)), D counting the
    documents of ``reference`` (Mimno et al. sum the terms; the mean does not
    depend on the number of top terms).

    Parameters
    ----------
    top : sequence of str
        The topic's top terms, heaviest first.
    reference : CoOccurrence
        :func:`cooccurrence` built with ``window=None``.

    Returns
    -------
    float
        Higher is more coherent; negative unless the terms nearly always co-occur.

    References
    ----------
    Mimno, D., Wallach, H. M., Talley, E., Leenders, M. and McCallum, A. (2011).
    Optimizing semantic coherence in topic models. *Proceedings of EMNLP*, 262-272.
    """
    idx = reference.index(top)
    joint = reference.joint[np.ix_(idx, idx)]
    lower = np.tril_indices(len(idx), k=-1)  # (m, l) with m > l
    values = np.log((joint[lower] + 1.0) / reference.single[idx][lower[1]])
    return float(values.mean())


def jaccard_matrix(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]
                   ) -> np.ndarray:
    """Jaccard similarity of every topic of ``tops_a`` with every topic of ``tops_b``.

    Parameters
    ----------
    tops_a, tops_b : sequence of sequence of str
        Top terms of each topic of two fits.

    Returns
    -------
    ndarray
        len(tops_a) x len(tops_b): shared terms over all terms of the two
        sets (1.0 for two empty sets).

    References
    ----------
    Jaccard, P. (1912). The distribution of the flora in the alpine zone.
    *New Phytologist* 11(2), 37-50.
    """
    sets_a, sets_b = [set(t) for t in tops_a], [set(t) for t in tops_b]
    return np.array([[len(a & b) / len(a | b) if a | b else 1.0 for b in sets_b]
                     for a in sets_a]).reshape(len(sets_a), len(sets_b))


def match_topics(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]
                 ) -> pd.DataFrame:
    """One-to-one matching of two fits' topics maximising total top-term Jaccard.

    Uses the Hungarian method (``scipy.optimize.linear_sum_assignment``) on
    :func:`jaccard_matrix`.

    Parameters
    ----------
    tops_a, tops_b : sequence of sequence of str
        Top terms of each topic of two fits.

    Returns
    -------
    DataFrame
        topic_a, topic_b (0-based), jaccard; in the order of ``tops_a``; with
        fits of unequal size, only min(len) topics are matched.

    References
    ----------
    Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval
    Research Logistics Quarterly* 2, 83-97.
    """
    sim = jaccard_matrix(tops_a, tops_b)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return pd.DataFrame({"topic_a": rows, "topic_b": cols, "jaccard": sim[rows, cols]})


def agreement(tops_a: Sequence[Sequence[str]], tops_b: Sequence[Sequence[str]]) -> float:
    """Agreement of two fits: the mean matched top-term Jaccard (:func:`match_topics`).

    Parameters
    ----------
    tops_a, tops_b : sequence of sequence of str
        Top terms of each topic of two fits.

    Returns
    -------
    float
        Between 0 and 1; 1.0 for the same topics in any order.

    References
    ----------
    Greene, D., O'Callaghan, D. and Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *Proceedings of ECML PKDD*, 498-513.
    """
    return float(match_topics(tops_a, tops_b)["jaccard"].mean())


def fit_stability(tops: Sequence[Sequence[Sequence[str]]]) -> np.ndarray:
    """Each fit's mean :func:`agreement` with every other fit of the same model and k.

    Parameters
    ----------
    tops : sequence of sequence of sequence of str
        Top terms of each topic of each fit (one fit per seed).

    Returns
    -------
    ndarray
        One stability per fit, in order; 0 for a single fit.

    References
    ----------
    Greene, D., O'Callaghan, D. and Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *Proceedings of ECML PKDD*, 498-513.
    """
    n = len(tops)
    scores = np.zeros((n, n))
    for i, j in combinations(range(n), 2):
        scores[i, j] = scores[j, i] = agreement(tops[i], tops[j])
    return scores.sum(axis=1) / max(n - 1, 1)


def topic_stability(reference: Sequence[Sequence[str]],
                    others: Sequence[Sequence[Sequence[str]]]) -> np.ndarray:
    """For each topic of ``reference``: its mean matched Jaccard over the ``others`` fits.

    Parameters
    ----------
    reference : sequence of sequence of str
        Top terms of each topic of the reference fit.
    others : sequence of sequence of sequence of str
        Top terms of each topic of the other fits.

    Returns
    -------
    ndarray
        One value per topic of ``reference``; NaN if either is empty.
    """
    if not reference or not others:
        return np.full(len(reference), np.nan)
    matched = [match_topics(reference, other)["jaccard"].to_numpy() for other in others]
    return np.mean(matched, axis=0)


# ---------------------------------------------------------------------------
# The same scores on top-term *indices*, for the sweep's thousands of comparisons.
# Fits of one corpus share its vocabulary (document resamples keep every column),
# so a topic is a set of column indices and Jaccard similarity is a matrix product.

def index_jaccard(top_a: np.ndarray, top_b: np.ndarray) -> np.ndarray:
    """Jaccard similarity of every topic of ``top_a`` with every topic of ``top_b``.

    Parameters
    ----------
    top_a, top_b : ndarray
        k_a x n and k_b x n column indices of each topic's top terms
        (:func:`analysis.topics.fitting.top_term_indices`), no index repeated
        within a row.

    Returns
    -------
    ndarray
        k_a x k_b similarities, as :func:`jaccard_matrix` gives for the terms.
    """
    top_a, top_b = np.asarray(top_a), np.asarray(top_b)
    if top_a.size == 0 or top_b.size == 0:
        return np.zeros((len(top_a), len(top_b)))
    width = int(max(top_a.max(), top_b.max())) + 1
    a = np.zeros((len(top_a), width))
    b = np.zeros((len(top_b), width))
    np.put_along_axis(a, top_a, 1.0, axis=1)
    np.put_along_axis(b, top_b, 1.0, axis=1)
    shared = a @ b.T
    union = a.sum(axis=1)[:, None] + b.sum(axis=1)[None, :] - shared
    return shared / union


def matched_jaccard(top_a: np.ndarray, top_b: np.ndarray) -> np.ndarray:
    """For each topic of ``top_a``: the Jaccard similarity of its Hungarian match in ``top_b``.

    Parameters
    ----------
    top_a, top_b : ndarray
        Top-term indices of two fits with the same number of topics.

    Returns
    -------
    ndarray
        One similarity per topic of ``top_a``, in its order; 0 for a topic left
        unmatched when ``top_b`` has fewer topics.

    References
    ----------
    Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval
    Research Logistics Quarterly* 2, 83-97.
    """
    sim = index_jaccard(top_a, top_b)
    out = np.zeros(len(sim))
    if sim.size:
        rows, cols = linear_sum_assignment(sim, maximize=True)
        out[rows] = sim[rows, cols]
    return out


def index_stability(tops: Sequence[np.ndarray]) -> np.ndarray:
    """:func:`fit_stability` on top-term indices: each fit's mean agreement with the others.

    Parameters
    ----------
    tops : sequence of ndarray
        Top-term indices of each fit (one per seed).

    Returns
    -------
    ndarray
        One stability per fit, in order; 0 for a single fit.
    """
    n = len(tops)
    scores = np.zeros((n, n))
    for i, j in combinations(range(n), 2):
        scores[i, j] = scores[j, i] = matched_jaccard(tops[i], tops[j]).mean()
    return scores.sum(axis=1) / max(n - 1, 1)


def index_npmi(top: np.ndarray, reference: CoOccurrence) -> float:
    """:func:`topic_npmi` of one topic given as indices into the reference's vocabulary."""
    values = npmi_matrix(reference, np.asarray(top))
    return float(values[np.triu_indices(len(top), k=1)].mean())


def index_umass(top: np.ndarray, reference: CoOccurrence) -> float:
    """:func:`topic_umass` of one topic given as indices, heaviest first."""
    idx = np.asarray(top)
    joint = reference.joint[np.ix_(idx, idx)]
    lower = np.tril_indices(len(idx), k=-1)
    return float(np.log((joint[lower] + 1.0) / reference.single[idx][lower[1]]).mean())
