"""Topic-model figures: drawn from tables at the registered widths, labels as given."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.plots import topics as plot_topics
from analysis.plots.style import WIDTHS
from analysis.topics import model, selection
from analysis.topics.sweep import SWEEP_COLUMNS


@pytest.fixture(scope="module")
def sweep_table():
    rows = [(m, k, s, -0.1 * k + 0.01 * s, -1.0, 0.9 - 0.1 * k, 0.3)
            for m in ("lda", "nmf") for k in (2, 3, 4) for s in (0, 1)]
    return pd.DataFrame(rows, columns=["model", "k", "seed", "npmi", "umass", "stability",
                                       "cross_agreement"]).assign(npmi_min=-1.0, n_iter=10)


def test_sweep_figure(sweep_table):
    summary = selection.sweep_summary(sweep_table)
    fig = plot_topics.sweep_figure(sweep_table, summary)
    assert fig.get_size_inches()[0] == pytest.approx(WIDTHS["double"])
    assert len(fig.axes) == 4
    assert [t.get_text() for t in fig.axes[2].get_xticklabels()] == ["2", "3", "4"]
    plt.close(fig)


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
