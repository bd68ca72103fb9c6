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
