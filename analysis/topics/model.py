"""The chosen topic model: its topics, their scores, where they sit, and the other family.

Functions read a fitted :class:`analysis.topics.fitting.TopicModel` and the
:class:`analysis.topics.corpus.TopicCorpus` it was fitted on; they fit
nothing except the counterpart model of the other family.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.settings import (
    NPMI_WINDOW,
    SECTION_ROWS_SHOWN,
    TOPIC_MATCH_THRESHOLD,
    TOPIC_MODELS,
    TOPIC_TOP_TERMS,
)
from analysis.topics.corpus import TopicCorpus
from analysis.topics.fitting import TopicModel, fit_model
from analysis.topics.quality import (
    cooccurrence,
    match_topics,
    topic_npmi,
    topic_stability,
    topic_umass,
)
from analysis.topics.selection import NO_MODEL, reference_seed


def counterpart(corpus: TopicCorpus, table: pd.DataFrame, model: str, k: int,
                top_n: int = TOPIC_TOP_TERMS) -> TopicModel:
    """The other model family at the same k, fitted with its own reference seed.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    table : DataFrame
        The sweep (:func:`analysis.topics.sweep.sweep`), for the reference seed
        (:func:`analysis.topics.selection.reference_seed`).
    model : str
        The chosen model family.
    k : int
        The chosen number of topics; 0 (nothing was fitted) gives a model
        without topics.
    top_n : int, default :data:`analysis.settings.TOPIC_TOP_TERMS`
        Top terms kept per topic.

    Returns
    -------
    TopicModel

    Raises
    ------
    ValueError
        If :data:`analysis.settings.TOPIC_MODELS` does not hold exactly one
        other family.
    """
    if k == 0:
        return fit_model(corpus, model, 0, 0, top_n)
    others = [m for m in TOPIC_MODELS if m != model]
    if len(others) != 1:
        raise ValueError(f"no single counterpart of {model!r} among {TOPIC_MODELS}")
    return fit_model(corpus, others[0], k, reference_seed(table, others[0], k), top_n)


def term_label(term: str, labels: dict[str, str]) -> str:
    """Display form of a term: the lexicon's label, else underscores as spaces.

    Parameters
    ----------
    term : str
        A vocabulary term.
    labels : dict of str to str
        Display labels of terms (:attr:`analysis.study.Study.labels`).

    Returns
    -------
    str
    """
    return labels.get(term, term.replace("_", " "))


def topic_terms(fitted: TopicModel, labels: dict[str, str]) -> pd.DataFrame:
    """Top terms of each topic.

    Parameters
    ----------
    fitted : TopicModel
        A fitted model (:func:`analysis.topics.fitting.fit_model`).
    labels : dict of str to str
        Display labels of terms (:attr:`analysis.study.Study.labels`).

    Returns
    -------
    DataFrame
        topic (1-based), rank, term, label, weight (the term's share of the topic).
    """
    where = {t: i for i, t in enumerate(fitted.terms)}
    rows = [{"topic": t + 1, "rank": r + 1, "term": term, "label": term_label(term, labels),
             "weight": fitted.topic_term[t, where[term]]}
            for t, top in enumerate(fitted.top) for r, term in enumerate(top)]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "label", "weight"])


def topic_names(terms: pd.DataFrame, n: int = 4) -> pd.Series:
    """A name per topic ("Topic 1: a, b, c, d") from its ``n`` top terms.

    Parameters
    ----------
    terms : DataFrame
        :func:`topic_terms` (topic, rank, label).
    n : int, default 4
        Terms in a name.

    Returns
    -------
    Series
        Names indexed by topic, in topic order.
    """
    heads = terms[terms["rank"] <= n].groupby("topic", sort=True)["label"].agg(", ".join)
    return pd.Series([f"Topic {t}: {h}" for t, h in heads.items()], index=heads.index,
                     name="name")


def topic_returns(reference: TopicModel, others: Sequence[TopicModel],
                  threshold: float = TOPIC_MATCH_THRESHOLD) -> np.ndarray:
    """For each topic of ``reference``: the share of ``others`` in which it returns.

    A topic returns in another fit when its Hungarian match there reaches
    ``threshold`` (top-term Jaccard similarity).

    Parameters
    ----------
    reference : TopicModel
        The reference fit.
    others : sequence of TopicModel
        Fits of the same k (other seeds, or document resamples).
    threshold : float, default :data:`analysis.settings.TOPIC_MATCH_THRESHOLD`
        The topic correspondence.

    Returns
    -------
    ndarray
        One share per topic; NaN without others.
    """
    if not reference.top or not others:
        return np.full(len(reference.top), np.nan)
    matched = [match_topics(reference.top, other.top)["jaccard"].to_numpy() >= threshold
               for other in others]
    return np.mean(matched, axis=0)


def topic_scores(fitted: TopicModel, corpus: TopicCorpus, others: Sequence[TopicModel],
                 window: int = NPMI_WINDOW, resamples: Sequence[TopicModel] = ()
                 ) -> pd.DataFrame:
    """Per topic of ``fitted``: NPMI, UMass, share of the paper, stability (seeds, documents).

    Parameters
    ----------
    fitted : TopicModel
        The chosen model (:func:`analysis.topics.fitting.fit_model`).
    corpus : TopicCorpus
        The corpus it was fitted on.
    others : sequence of TopicModel
        Fits of the same model and k with the other seeds
        (:func:`analysis.topics.fitting.refit_seeds`).
    window : int, default :data:`analysis.settings.NPMI_WINDOW`
        Sliding window of the NPMI reference.
    resamples : sequence of TopicModel, optional
        Fits on document resamples
        (:func:`analysis.topics.resampling.refit_resamples`).

    Returns
    -------
    DataFrame
        topic (1-based), npmi (:func:`analysis.topics.quality.topic_npmi`),
        umass (:func:`analysis.topics.quality.topic_umass`), share (the
        topic's share of all vocabulary-term occurrences: paragraph-topic shares
        weighted by the paragraph's vocabulary-term count), stability (the
        topic's mean matched Jaccard over ``others``,
        :func:`analysis.topics.quality.topic_stability`; NaN without others),
        seed_return and resample_return (:func:`topic_returns` over ``others``
        and over ``resamples``; NaN without them).
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
        "seed_return": topic_returns(fitted, others),
        "resample_return": topic_returns(fitted, resamples),
    })


def paragraph_topics(fitted: TopicModel, corpus: TopicCorpus) -> pd.DataFrame:
    """Paragraph-topic shares, long.

    Parameters
    ----------
    fitted : TopicModel
        The chosen model (:func:`analysis.topics.fitting.fit_model`).
    corpus : TopicCorpus
        The corpus it was fitted on.

    Returns
    -------
    DataFrame
        paragraph_id, section_id, topic (1-based), share, weight (the
        paragraph's number of vocabulary-term occurrences); paragraphs in
        reading order, topics in order within each.
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
    """Topic shares per section, in reading order.

    A section's share of a topic is the mean of its paragraphs' shares weighted
    by their vocabulary-term counts, i.e. the topic's share of the section's
    modelled text.

    Parameters
    ----------
    paragraph_shares : DataFrame
        :func:`paragraph_topics`.
    sections : DataFrame
        :attr:`analysis.paper.Paper.sections` (section_id, order, heading).

    Returns
    -------
    DataFrame
        section_id, heading, topic, share (0 for a section without vocabulary
        terms), n_terms; by section order, then topic. Sections without
        paragraphs are left out.
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


def model_agreement(first: TopicModel, second: TopicModel, labels: dict[str, str],
                    threshold: float = TOPIC_MATCH_THRESHOLD) -> pd.DataFrame:
    """Topics of two models matched one-to-one (Hungarian method on top-term Jaccard).

    Parameters
    ----------
    first, second : TopicModel
        The two models (for example the chosen one and its :func:`counterpart`).
    labels : dict of str to str
        Display labels of terms (:attr:`analysis.study.Study.labels`).
    threshold : float, default :data:`analysis.settings.TOPIC_MATCH_THRESHOLD`
        Jaccard from which two matched topics correspond.

    Returns
    -------
    DataFrame
        topic_<first model>, topic_<second model> (1-based; suffixed ``_a`` and
        ``_b`` if the two models are one family), jaccard, shared (the shared top
        terms, as labels, in the first model's order), corresponds (jaccard >=
        threshold); in the first model's topic order.

    References
    ----------
    Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval
    Research Logistics Quarterly* 2, 83-97.
    """
    matched = match_topics(first.top, second.top)
    shared = [", ".join(term_label(t, labels) for t in first.top[a] if t in set(second.top[b]))
              for a, b in zip(matched["topic_a"], matched["topic_b"], strict=True)]
    a, b = f"topic_{first.model}", f"topic_{second.model}"
    if a == b:
        a, b = f"{a}_a", f"{b}_b"
    return pd.DataFrame({a: matched["topic_a"] + 1, b: matched["topic_b"] + 1,
                         "jaccard": matched["jaccard"], "shared": shared,
                         "corresponds": matched["jaccard"] >= threshold})


def cap_sections(shares: pd.DataFrame, labels: pd.Series, max_rows: int = SECTION_ROWS_SHOWN
                 ) -> tuple[pd.DataFrame, pd.Series, int]:
    """Section-topic shares for a figure of at most ``max_rows`` rows: runs of sections merged.

    With more sections than ``max_rows``, consecutive sections are merged into
    ``max_rows`` runs of (nearly) equal numbers of sections, in reading order;
    a run's share of a topic is the mean of its sections' shares weighted by
    their modelled terms (the topic's share of the run's modelled text).

    Parameters
    ----------
    shares : DataFrame
        :func:`section_topics` (section_id, topic, share, n_terms).
    labels : Series
        A short label per section_id.
    max_rows : int, default :data:`analysis.settings.SECTION_ROWS_SHOWN`
        Rows of the figure at most.

    Returns
    -------
    DataFrame
        section_id (the run's first section), topic, share, n_terms; as
        ``shares`` when nothing was merged.
    Series
        Labels per row: a section's label, or "first – last (n sections)".
    int
        Sections per run at most (1 when nothing was merged).
    """
    order = list(dict.fromkeys(shares["section_id"]))
    if len(order) <= max_rows:
        return shares, labels, 1
    runs = np.array_split(np.arange(len(order)), max_rows)
    run_of = {order[i]: run[0] for run in runs for i in run}
    merged = shares.assign(run=shares["section_id"].map(run_of),
                           mass=shares["share"] * shares["n_terms"])
    out = merged.groupby(["run", "topic"], sort=True).agg(
        mass=("mass", "sum"), n_terms=("n_terms", "sum")).reset_index()
    out["share"] = np.where(out["n_terms"] > 0, out["mass"] / out["n_terms"].where(
        out["n_terms"] > 0, 1), 0.0)
    out["section_id"] = [order[r] for r in out["run"]]
    names = {order[run[0]]: (f"{labels.get(order[run[0]], order[run[0]])} – "
                             f"{labels.get(order[run[-1]], order[run[-1]])} "
                             f"({len(run)} sections)" if len(run) > 1
                             else labels.get(order[run[0]], order[run[0]]))
             for run in runs}
    return (out[["section_id", "topic", "share", "n_terms"]], pd.Series(names),
            max(len(run) for run in runs))


def readings(corpus: TopicCorpus, table: pd.DataFrame, picks: pd.DataFrame,
             labels: dict[str, str]) -> pd.DataFrame:
    """The topics of each setting that a rule picks: how the paper reads under each rule.

    Parameters
    ----------
    corpus : TopicCorpus
        :func:`analysis.topics.corpus.topic_corpus`.
    table : DataFrame
        The sweep, for each setting's reference seed.
    picks : DataFrame
        :func:`analysis.topics.selection.alternatives`.
    labels : dict of str to str
        Display labels of terms.

    Returns
    -------
    DataFrame
        setting (in words), rules (the rules that pick it), model, k, topic,
        name (:func:`topic_names`), share (of the modelled text), resample_return
        (:func:`topic_returns` over the document resamples); settings in the
        order the rules are listed, topics in order.
    """
    from analysis.topics.resampling import refit_resamples

    rows = []
    chosen = picks[picks["model"] != NO_MODEL]
    for (model, k), group in chosen.groupby(["model", "k"], sort=False):
        seed = reference_seed(table, model, int(k))
        fitted = fit_model(corpus, model, int(k), seed)
        names = topic_names(topic_terms(fitted, labels))
        weights = np.asarray(corpus.counts.sum(axis=1)).ravel()
        share = weights @ fitted.doc_topic / max(weights.sum(), 1)
        returns = topic_returns(fitted, refit_resamples(corpus, model, int(k), seed))
        for t in range(fitted.k):
            rows.append({"setting": f"{model.upper()} with k = {int(k)}",
                         "rules": ", ".join(group["rule"]), "model": model, "k": int(k),
                         "topic": t + 1, "name": names[t + 1], "share": share[t],
                         "resample_return": returns[t]})
    return pd.DataFrame(rows, columns=["setting", "rules", "model", "k", "topic", "name",
                                       "share", "resample_return"])
