"""Topic models: coherence against hand-computed values, stability, the sweep, the rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis import settings
from analysis.topics import corpus as documents
from analysis.topics import fitting, model, quality, selection
from analysis.topics import sweep as sweeping

# A toy corpus of four paragraphs, small enough to count by hand.
TOY = [["a", "b", "c"], ["a", "b"], ["a", "d"], ["c", "d"]]
TOY_TERMS = ["a", "b", "c", "d"]


@pytest.fixture(scope="module")
def topic_corpus(study):
    return documents.topic_corpus(study.units, study.paper.paragraphs)


def test_npmi_by_hand_paragraph_cooccurrence():
    ref = quality.cooccurrence(TOY, TOY_TERMS, window=None)
    assert ref.n == 4 and ref.single.tolist() == [3, 2, 2, 2]
    # p(a) = 3/4, p(b) = 1/2, p(a,b) = 1/2: log(4/3) / log(2)
    assert quality.topic_npmi(["a", "b"], ref) == pytest.approx(math.log(4 / 3) / math.log(2))
    # p(a,c) = 1/4: log(2/3) / log(4); p(b,c) = 1/4 = p(b) p(c): 0
    expected = (math.log(4 / 3) / math.log(2) + math.log(2 / 3) / math.log(4) + 0.0) / 3
    assert quality.topic_npmi(["a", "b", "c"], ref) == pytest.approx(expected)
    assert expected == pytest.approx(0.0408530, abs=1e-6)
    # b and d never share a paragraph: -1 by convention
    assert quality.topic_npmi(["b", "d"], ref) == -1.0


def test_npmi_by_hand_sliding_window():
    # windows of 2: {a,b} {b,c} {c,a} and the short paragraph {d} as one window
    ref = quality.cooccurrence([["a", "b", "c", "a"], ["d"]], TOY_TERMS, window=2)
    assert ref.n == 4 and ref.single.tolist() == [2, 2, 2, 1]
    assert ref.joint[0, 1] == 1 and ref.joint[0, 3] == 0
    # p(a) = p(b) = 1/2, p(a,b) = 1/4 = p(a) p(b): 0
    assert quality.topic_npmi(["a", "b"], ref) == pytest.approx(0.0)
    assert quality.topic_npmi(["a", "d"], ref) == -1.0
    # a term in every window with itself-like partner: p(x,y) = 1 gives 1
    full = quality.cooccurrence([["x", "y"], ["y", "x"]], ["x", "y"], window=None)
    assert quality.topic_npmi(["x", "y"], full) == 1.0


def test_umass_by_hand():
    ref = quality.cooccurrence(TOY, TOY_TERMS, window=None)
    # (b|a): log((2+1)/3) = 0; (c|a): log((1+1)/3); (c|b): log((1+1)/2) = 0
    expected = (0.0 + math.log(2 / 3) + 0.0) / 3
    assert quality.topic_umass(["a", "b", "c"], ref) == pytest.approx(expected)
    assert expected == pytest.approx(-0.1351550, abs=1e-6)
    # the order of the top terms matters: conditioning is on the earlier term
    assert quality.topic_umass(["b", "a"], ref) == pytest.approx(math.log(3 / 2))


def test_unknown_term_is_refused():
    ref = quality.cooccurrence(TOY, TOY_TERMS)
    with pytest.raises(KeyError, match="not in the co-occurrence vocabulary"):
        quality.topic_npmi(["a", "zzz"], ref)


def test_matching_by_hand():
    first = [["a", "b"], ["c", "d"]]
    second = [["c", "d"], ["a", "e"]]
    matched = quality.match_topics(first, second)
    assert matched["topic_b"].tolist() == [1, 0]
    assert matched["jaccard"].tolist() == pytest.approx([1 / 3, 1.0])
    assert quality.agreement(first, second) == pytest.approx(2 / 3)


@hypothesis_settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefghijklmnop"), min_size=3, max_size=6,
                         unique=True), min_size=2, max_size=6), st.randoms())
def test_stability_is_one_for_the_same_topics_in_any_order(tops, rnd):
    shuffled = list(tops)
    rnd.shuffle(shuffled)
    assert quality.agreement(tops, shuffled) == pytest.approx(1.0)
    assert quality.fit_stability([tops, shuffled, tops]).tolist() == pytest.approx([1.0] * 3)


def test_stability_lower_for_shuffled_topics(topic_corpus):
    fitted = fitting.fit_model(topic_corpus, "nmf", 5, seed=0)
    assert quality.agreement(fitted.top, fitted.top) == 1.0
    rng = np.random.default_rng(0)
    permuted = fitted.topic_term[:, rng.permutation(len(fitted.terms))]
    shuffled = [[fitted.terms[i] for i in row] for row in fitting.top_term_indices(permuted)]
    score = quality.agreement(fitted.top, shuffled)
    assert score < 0.2
    per_topic = quality.topic_stability(fitted.top, [fitted.top, shuffled])
    assert (per_topic < 1.0).all() and (per_topic >= 0.5).all()


def test_top_terms_break_ties_by_term():
    weights = np.array([[0.2, 0.5, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25]])
    assert fitting.top_term_indices(weights, 3).tolist() == [[1, 0, 2], [0, 1, 2]]


def test_vocabulary_of_the_paper(topic_corpus):
    assert len(topic_corpus.paragraph_ids) == topic_corpus.counts.shape[0] == 61
    df = np.asarray((topic_corpus.counts > 0).sum(axis=0)).ravel()
    assert df.min() >= settings.TOPIC_MIN_DF and df.max() <= settings.TOPIC_MAX_DF_SHARE * 61
    assert topic_corpus.terms == sorted(topic_corpus.terms)
    # the paper's subject is in most paragraphs, so it separates no topic
    assert "qassem_soleimani" not in topic_corpus.terms
    assert "qassem_soleimani" in topic_corpus.documents.iloc[0]
    assert {"popular_mobilization_forces", "national_security", "isis"} <= set(topic_corpus.terms)
    summary = documents.vocabulary_summary(topic_corpus).set_index("quantity")["value"]
    assert summary["vocabulary (terms kept)"] == len(topic_corpus.terms)


@pytest.mark.parametrize("model", settings.TOPIC_MODELS)
def test_fit_is_deterministic_and_normalised(topic_corpus, model):
    one = fitting.fit_model(topic_corpus, model, 4, seed=3)
    two = fitting.fit_model(topic_corpus, model, 4, seed=3)
    assert np.array_equal(one.topic_term, two.topic_term)
    assert np.allclose(one.topic_term.sum(axis=1), 1.0)
    assert np.allclose(one.doc_topic.sum(axis=1), 1.0)
    assert len(one.top) == 4 and all(len(t) == settings.TOPIC_TOP_TERMS for t in one.top)


def test_section_shares_are_weighted_by_modelled_terms():
    shares = pd.DataFrame({"paragraph_id": ["P1", "P1", "P2", "P2", "P3", "P3"],
                           "section_id": ["S2", "S2", "S2", "S2", "S1", "S1"],
                           "topic": [1, 2, 1, 2, 1, 2],
                           "share": [1.0, 0.0, 0.25, 0.75, 0.5, 0.5],
                           "weight": [1, 1, 3, 3, 2, 2]})
    sections = pd.DataFrame({"section_id": ["S1", "S2", "S3"], "order": [1, 2, 3],
                             "heading": ["One", "Two", "Empty"]})
    out = model.section_topics(shares, sections)
    assert out["section_id"].tolist() == ["S1", "S1", "S2", "S2"]
    # S2: (1 * 1 + 3 * 0.25) / 4 = 0.4375 for topic 1
    assert out["share"].tolist() == pytest.approx([0.5, 0.5, 0.4375, 0.5625])
    assert out["n_terms"].tolist() == [2, 2, 4, 4]


def test_chosen_model_tables(corpus, topic_corpus):
    fitted = fitting.fit_model(topic_corpus, "nmf", 3, seed=0)
    labels = {"popular_mobilization_forces": "Popular Mobilization Forces"}
    terms = model.topic_terms(fitted, labels)
    assert len(terms) == 3 * settings.TOPIC_TOP_TERMS
    assert terms.groupby("topic")["weight"].apply(lambda w: w.is_monotonic_decreasing).all()
    assert model.term_label("islamic_republic", labels) == "islamic republic"
    names = model.topic_names(terms, n=3)
    assert names.index.tolist() == [1, 2, 3] and names.iloc[0].startswith("Topic 1: ")
    per_section = model.section_topics(model.paragraph_topics(fitted, topic_corpus),
                                        corpus.sections)
    totals = per_section.groupby("section_id", sort=False)["share"].sum()
    assert np.allclose(totals, 1.0)
    assert totals.index.tolist() == [s for s in corpus.sections["section_id"]
                                     if s in set(corpus.paragraphs["section_id"])]
    other = fitting.fit_model(topic_corpus, "lda", 3, seed=0)
    agree = model.model_agreement(fitted, other, labels)
    assert list(agree.columns) == ["topic_nmf", "topic_lda", "jaccard", "shared", "corresponds"]
    assert sorted(agree["topic_lda"]) == [1, 2, 3]
    assert (agree["corresponds"] == (agree["jaccard"] >= settings.TOPIC_MATCH_THRESHOLD)).all()


def test_missing_sweep_gives_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="topic sweep has not been run"):
        sweeping.read_sweep(tmp_path)


def _small_corpus(texts: list[list[str]], min_df: int = 1,
                  max_df_share: float = 1.0) -> documents.TopicCorpus:
    docs = pd.Series(texts, index=[f"P{i}" for i in range(len(texts))])
    counts, terms = documents.document_term_matrix(docs, min_df, max_df_share)
    return documents.TopicCorpus(list(docs.index), ["S01"] * len(docs), docs, counts, terms)


def test_max_topics_caps_k_by_documents_and_terms():
    corpus = _small_corpus([["a", "b"], ["b", "c"], ["c", "a"], []])
    assert documents.max_topics(corpus) == 3  # 3 documents with a term, 3 terms
    assert documents.supported_ks(corpus) == [2, 3]
    # the vocabulary filters can leave nothing: no k is supported
    empty = _small_corpus([["a"], ["b"]], min_df=2)
    assert empty.terms == [] and documents.max_topics(empty) == 0
    assert documents.supported_ks(empty) == []


def test_sweep_skips_unsupported_k_and_says_so():
    corpus = _small_corpus([["a", "b", "a"], ["b", "c", "b"], ["c", "a", "c"]])
    table = sweeping.sweep(corpus, ks=(2, 3, 4, 5), seeds=(0, 1), top_n=2, progress=False)
    assert sorted(set(table["k"])) == [2, 3]
    text = sweeping.sweep_description(table, corpus, ks=(2, 3, 4, 5))
    # 2 models x 2 k x 2 seeds on all paragraphs; a subsample of 2 of the 3 paragraphs
    # supports 2 topics at most, so only k = 2 is resampled (2 models x 10 subsamples)
    assert (table["sample"] > 0).sum() == 2 * settings.TOPIC_RESAMPLES
    assert set(table.loc[table["sample"] > 0, "k"]) == {2}
    assert text.startswith("28 fits: 2 models, k = 2-3; 8 on all 3 paragraphs (2 seeds each) "
                           "and 20 on subsamples of 80% of them (10 subsamples, each fitted "
                           "for every k it supports")
    assert "k stops at 3 instead of 5" in text
    full = sweeping.sweep_description(table, corpus, ks=(2, 3))
    assert "k stops" not in full


def test_empty_sweep_gives_a_model_without_topics():
    corpus = _small_corpus([["a"], ["a"]])
    table = sweeping.sweep(corpus, seeds=(0,), progress=False)
    assert table.empty and list(table.columns) == sweeping.SWEEP_COLUMNS
    assert sweeping.sweep_description(table, corpus).startswith("Not measured: 2 paragraph(s)")
    summary = selection.sweep_summary(table)
    assert summary.empty and "chosen" in summary.columns
    assert list(selection.stability_overview(summary).columns) == [
        "model", "stability_min", "stability_max", "k_fully_stable", "resampling_min",
        "resampling_max", "k_robust", "cross_min", "cross_max"]
    assert selection.shown_setting(table) == (selection.NO_MODEL, 0, 0, False)
    assert (selection.alternatives(summary)["model"] == selection.NO_MODEL).all()
    chosen, k, seed = selection.select_setting(table)
    assert (chosen, k, seed) == (selection.NO_MODEL, 0, 0)
    fitted = fitting.fit_model(corpus, chosen, k, seed)
    assert fitted.k == 0 and fitted.top == [] and fitted.doc_topic.shape == (2, 0)
    terms = model.topic_terms(fitted, {})
    assert terms.empty and list(terms.columns) == ["topic", "rank", "term", "label", "weight"]
    assert model.topic_names(terms).empty
    scores = model.topic_scores(fitted, corpus, fitting.refit_seeds(corpus, chosen, k, seeds=(1,)))
    assert scores.empty
    shares = model.section_topics(model.paragraph_topics(fitted, corpus),
                                   pd.DataFrame({"section_id": ["S01"], "order": [1],
                                                 "heading": ["One"]}))
    assert shares.empty
    other = model.counterpart(corpus, table, chosen, k)
    agreement = model.model_agreement(fitted, other, {})
    assert agreement.empty and "corresponds" in agreement.columns


def test_a_vocabulary_no_larger_than_the_top_terms_is_not_measured():
    # 3 terms, each topic scored by its top 3: every topic would be the whole vocabulary
    corpus = _small_corpus([["a", "b", "a"], ["b", "c", "b"], ["c", "a", "c"]])
    table = sweeping.sweep(corpus, ks=(2,), seeds=(0, 1), top_n=3, progress=False)
    assert table.empty
    text = sweeping.sweep_description(table, corpus, ks=(2,), top_n=3)
    assert text.startswith("Not measured: the vocabulary has 3 term(s), no more than the 3 top")
