"""Topic-model figures: drawn from tables at the registered widths, labels as given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.plots import topics as plot_topics
from analysis.plots.style import WIDTHS
from analysis.topics import model, selection
from analysis.topics.sweep import SWEEP_COLUMNS


@pytest.fixture(scope="module")
def sweep_table():
    rows = []
    for m in ("lda", "nmf"):
        for k in (2, 3, 4):
            for s in (0, 1):
                rows.append({"model": m, "k": k, "seed": s, "sample": 0,
                             "npmi": -0.1 * k + 0.01 * s, "npmi_min": -1.0, "umass": -1.0,
                             "stability": 0.9 - 0.1 * k, "cross_agreement": 0.3,
                             "reference_agreement": 1.0 if s == 0 else 0.5,
                             "returned": 1.0, "perplexity": float("nan"), "n_iter": 10})
            for i in (1, 2):
                rows.append({"model": m, "k": k, "seed": 0, "sample": i,
                             "reference_agreement": 0.8 if k == 3 else 0.4 + 0.01 * i,
                             "returned": 1.0, "n_iter": 10,
                             "perplexity": 200.0 + k if m == "lda" else float("nan")})
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def test_sweep_figure(sweep_table):
    summary = selection.sweep_summary(sweep_table)
    assert summary["chosen"].sum() == 1
    fig = plot_topics.sweep_figure(sweep_table, summary)
    assert fig.get_size_inches()[0] == pytest.approx(WIDTHS["double"])
    assert len(fig.axes) == 6
    assert [t.get_text() for t in fig.axes[4].get_xticklabels()] == ["2", "3", "4"]
    plt.close(fig)
    # with no setting chosen, the curves are still drawn (no ring)
    fig = plot_topics.sweep_figure(sweep_table, summary.assign(chosen=False))
    assert len(fig.axes) == 6
    plt.close(fig)


def test_heatmap_of_many_sections_merges_runs():
    n = 300
    ids = [f"S{i:03d}" for i in range(n)]
    shares = pd.DataFrame({"section_id": np.repeat(ids, 2), "heading": "x",
                           "topic": np.tile([1, 2], n), "share": np.tile([0.25, 0.75], n),
                           "n_terms": np.repeat(np.arange(1, n + 1), 2)})
    labels = pd.Series({s: f"Sec {i}" for i, s in enumerate(ids)})
    capped, row_labels, per_run = model.cap_sections(shares, labels, max_rows=40)
    assert capped["section_id"].nunique() == 40 and per_run == 8
    # runs keep every term: the total of n_terms is unchanged, shares stay weighted means
    assert capped.groupby("topic")["n_terms"].sum().tolist() == [n * (n + 1) // 2] * 2
    assert np.allclose(capped["share"], np.tile([0.25, 0.75], 40))
    assert row_labels[ids[0]] == "Sec 0 – Sec 7 (8 sections)"
    names = pd.Series({1: "Topic 1: a", 2: "Topic 2: b"})
    fig = plot_topics.section_heatmap(shares, names, labels, max_rows=40)
    assert len(fig.axes[0].get_yticklabels()) == 40
    assert fig.get_size_inches()[1] < 10
    plt.close(fig)
    one, _, per_run = model.cap_sections(shares.head(2), labels, max_rows=40)
    assert per_run == 1 and len(one) == 2


def test_top_terms_and_heatmap():
    terms = pd.DataFrame({"topic": [1, 1, 2, 2], "rank": [1, 2, 1, 2],
                          "term": ["a", "b_c", "d", "e"], "label": ["a", "B C", "d", "e"],
                          "weight": [0.5, 0.2, 0.4, 0.3]})
    names = model.topic_names(terms, n=2)
    assert names.tolist() == ["Topic 1: a, B C", "Topic 2: d, e"]
    fig = plot_topics.top_terms_figure(terms, names)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "B C"]
    plt.close(fig)
    shares = pd.DataFrame({"section_id": ["S1", "S1", "S2", "S2"], "heading": ["x"] * 4,
                           "topic": [1, 2, 1, 2], "share": [0.25, 0.75, 1.0, 0.0],
                           "n_terms": [8, 8, 3, 3]})
    labels = pd.Series({"S1": "One", "S2": "Two"})
    fig = plot_topics.section_heatmap(shares, names, labels)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["One (8 terms)", "Two (3 terms)"]
    assert sorted(t.get_text() for t in ax.texts) == ["0%", "100%", "25%", "75%"]
    plt.close(fig)


def test_topic_figures_with_nothing_to_show():
    summary = selection.sweep_summary(pd.DataFrame(columns=SWEEP_COLUMNS))
    terms = pd.DataFrame(columns=["topic", "rank", "term", "label", "weight"])
    shares = pd.DataFrame(columns=["section_id", "heading", "topic", "share", "n_terms"])
    for fig in (plot_topics.sweep_figure(pd.DataFrame(columns=SWEEP_COLUMNS), summary),
                plot_topics.top_terms_figure(terms, model.topic_names(terms)),
                plot_topics.section_heatmap(shares, pd.Series(dtype=str),
                                            pd.Series(dtype=str))):
        assert fig.get_size_inches()[0] == pytest.approx(WIDTHS["double"])
        assert fig.axes[0].texts[0].get_text().startswith("Nothing to show:")
        plt.close(fig)
