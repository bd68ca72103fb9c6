"""Figures of notebook 5: drawn from tables at the registered widths, with the numbers they show."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.build import registry
from analysis.plots import discourse as plot_discourse
from analysis.plots.style import WIDTHS


def _width(name: str) -> float:
    return WIDTHS[registry.get(name).width]


COUNTS = pd.DataFrame({
    "category": ["military"] * 3 + ["economic"] * 3,
    "section_id": ["S01", "S02", "all"] * 2,
    "n_words": [300, 20, 320] * 2,
    "n": [3, 0, 3, 1, 1, 2],
    "rate": [10.0, 0.0, 3 / 320 * 1000, 1 / 300 * 1000, 50.0, 2 / 320 * 1000],
})
LABELS = pd.Series({"S01": "Long", "S02": "Short"})
MAJOR = pd.Index(["S01"])


def test_rate_heatmap_prints_rates_counts_and_caps_colour():
    fig = plot_discourse.rate_heatmap(COUNTS, "category", ["military", "economic"], LABELS,
                                      MAJOR, ["military†", "economic†"])
    ax = fig.axes[0]
    assert fig.get_size_inches()[0] == pytest.approx(_width("discourse_sectors"))
    cells = [t.get_text() for t in ax.texts]
    assert cells == ["10.0 (3)", "3.3 (1)", "–", "50.0 (1)", "9.4 (3)", "6.2 (2)"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Long (300)", "Short (20)", "Whole paper (320 words)"]
    # the colour scale is set by the major section only (rate 10), not the 20-word one
    assert ax.images[0].norm.vmax == pytest.approx(10.0)
    assert "tops out at 10.0" in ax.get_xlabel()
    plt.close(fig)


def test_naming_figure_labels_wide_segments():
    names = pd.DataFrame({"actor": ["Israel"] * 3, "variant": ["zionist regime", "israel",
                                                                "israelis"],
                          "form": ["designation", "name", "demonym"], "n": [9, 8, 1],
                          "share": [0.5, 8 / 18, 1 / 18]})
    fig = plot_discourse.naming_figure(names, ["Israel"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["zionist regime 9", "israel 8"]  # the 1/18 segment is too narrow
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Israel (18)"]
    assert fig.get_size_inches()[0] == pytest.approx(_width("actor_naming"))
    plt.close(fig)


def test_network_and_focus_figures():
    pairs = pd.DataFrame({"actor_a": ["A", "A"], "actor_b": ["B", "C"], "sentences": [6, 1]})
    mentions = pd.Series({"A": 10, "B": 7, "C": 5})
    fig = plot_discourse.comention_network(pairs, mentions, min_sentences=2)
    ax = fig.axes[0]
    drawn = [line for line in ax.lines if len(line.get_xdata())]
    assert len(drawn) == 1  # the pair named together once is not drawn
    assert [t.get_text() for t in ax.texts] == ["A (10)", "B (7)", "C (5)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "2 sentences", "3 sentences", "6 sentences"]
    plt.close(fig)
    whole = pd.DataFrame({"dimension": ["sector", "sector", "frame"],
                          "category": ["military", "societal", "resistance"], "n": [5, 9, 7],
                          "rate": [5.0, 9.0, 7.0], "stated_focus": [True, False, False]})
    fig = plot_discourse.focus_figure(whole)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["societal (sector)", "resistance (frame)", "military (sector)"]
    assert fig.get_size_inches()[0] == pytest.approx(_width("discourse_focus"))
    plt.close(fig)


def _nothing(fig) -> bool:
    return fig.axes[0].texts[0].get_text().startswith("Nothing to show:")


def test_discourse_figures_with_nothing_to_show():
    empty = COUNTS.iloc[:0].rename(columns={"category": "actor"})
    fig = plot_discourse.rate_heatmap(empty, "actor", [], LABELS, MAJOR)
    assert fig.get_size_inches()[0] == pytest.approx(_width("actor_sections")) and _nothing(fig)
    plt.close(fig)
    fig = plot_discourse.naming_figure(pd.DataFrame(columns=["actor", "variant", "form", "n",
                                                             "share"]), [])
    assert fig.get_size_inches()[0] == pytest.approx(_width("actor_naming")) and _nothing(fig)
    plt.close(fig)
    fig = plot_discourse.comention_network(
        pd.DataFrame(columns=["actor_a", "actor_b", "sentences"]), pd.Series(dtype=int))
    assert fig.get_size_inches()[0] == pytest.approx(_width("actor_comention_network"))
    assert _nothing(fig)
    plt.close(fig)


def test_short_paper_scale_and_no_hits():
    # no major section: every section sets the colour scale
    fig = plot_discourse.rate_heatmap(COUNTS, "category", ["military", "economic"], LABELS,
                                      pd.Index([]))
    assert fig.axes[0].images[0].norm.vmax == pytest.approx(50.0)
    plt.close(fig)
    whole = pd.DataFrame({"dimension": ["sector", "frame"], "category": ["military", "order"],
                          "n": [0, 0], "rate": [0.0, 0.0], "stated_focus": [True, False]})
    fig = plot_discourse.focus_figure(whole)
    assert fig.axes[0].get_xlim() == pytest.approx((0.0, 1.12))
    plt.close(fig)


def test_network_with_no_pair_above_the_minimum_draws_no_out_of_range_alpha():
    # one-word paragraphs: actors mentioned but never twice together (the alpha of 1.45)
    pairs = pd.DataFrame({"actor_a": ["A"], "actor_b": ["B"], "sentences": [1]})
    fig = plot_discourse.comention_network(pairs, pd.Series({"A": 6, "B": 5}), min_sentences=2)
    ax = fig.axes[0]
    assert ax.get_legend() is None
    assert all(0 <= (line.get_alpha() or 1) <= 1 for line in ax.lines)
    assert "No two actors share 2 sentences." in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_heatmap_height_grows_with_rows_and_stays_bounded():
    words = {f"S{i:02d}": 200 for i in range(24)}
    rows = [("military", s, 200, 1, 5.0) for s in words] + [("military", "all", 4800, 24, 5.0)]
    counts = pd.DataFrame(rows, columns=["category", "section_id", "n_words", "n", "rate"])
    labels = pd.Series({s: s for s in words})
    fig = plot_discourse.rate_heatmap(counts, "category", ["military"], labels,
                                      pd.Index(list(words)))
    assert plot_discourse.ROW_INCHES * 25 < fig.get_size_inches()[1] <= plot_discourse.MAX_HEIGHT
    plt.close(fig)
    small = plot_discourse.rate_heatmap(COUNTS, "category", ["military"], LABELS, MAJOR)
    assert small.get_size_inches()[1] < 2.0
    plt.close(small)
