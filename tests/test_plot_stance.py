"""Figures of notebook 7: the rate heatmap with reference rows, claims along the running text."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.build import registry
from analysis.plots import stance as plot_stance
from analysis.plots.style import WIDTHS
from analysis.vocabulary import WHOLE_PAPER


def _width(name: str) -> float:
    return WIDTHS[registry.get(name).width]


RATES = pd.DataFrame({
    "dimension": ["stance"] * 6 + ["engagement"] * 3,
    "category": ["hedge"] * 3 + ["stance_total"] * 3 + ["question"] * 3,
    "section_id": ["S01", "S02", WHOLE_PAPER] * 3,
    "n_words": [400, 100, 500] * 3,
    "n": [2, 0, 2, 3, 1, 4, 0, 1, 1],
    "rate": [5.0, 0.0, 4.0, 7.5, 10.0, 8.0, 0.0, 10.0, 2.0],
})
LABELS = pd.Series({"S01": "Long", "S02": "Short"})
COMPARISON = pd.DataFrame({
    "category": ["hedge", "stance_total", "hedge"], "corpus": ["research articles"] * 3,
    "cited_as": ["Lin 2024, Table 4 (from X)", "Lin 2024, Table 4 (from X)", "Hyland 2005a"],
    "norm_rate": [15.0, 25.0, np.nan], "found": [True, True, False]})


def test_heatmap_prints_rates_and_reference_rows():
    fig = plot_stance.stance_heatmap(RATES, COMPARISON, LABELS, pd.Index(["S01"]))
    ax = fig.axes[0]
    assert fig.get_size_inches()[0] == pytest.approx(_width("stance_rates"))
    cells = [t.get_text() for t in ax.texts]
    # rows: two sections, the whole paper, one reference (the one not found is not drawn)
    assert cells == ["5.0 (2)", "7.5 (3)", "–", "–", "10.0 (1)", "10.0 (1)",
                     "4.0 (2)", "8.0 (4)", "2.0 (1)", "15.0", "25.0", "n.a."]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Long (400)", "Short (100)", "Whole paper (500 words)",
                    "Research articles (Lin 2024, Table 4)"]
    assert ax.get_yticklabels()[-1].get_fontstyle() == "italic"
    # the scale tops out at the largest single-category rate (a reference's 15.0), not a total
    assert ax.images[0].norm.vmax == pytest.approx(15.0)
    plt.close(fig)


def _claims(cited: bool = True) -> pd.DataFrame:
    return pd.DataFrame({
        "order": [0, 1, 2, 3], "section_id": ["S01", "S01", "S02", "S02"],
        "word": [0, 10, 400, 450], "strength": [2, 0, 1, 3],
        "claim": [True, False, True, True],
        "cited_in_sentence": [cited, False, False, False],
        "supported": [cited, cited, False, False],
        "n_citations": [int(cited), 0, 0, 0]})


SIZES = pd.DataFrame({"section_id": ["S01", "S02"], "start": [0, 400], "end": [400, 500]})


def test_claims_figure_colours_claims_by_support():
    fig = plot_stance.claims_figure(_claims(), SIZES, LABELS)
    assert fig.get_size_inches()[0] == pytest.approx(_width("claims_evidence"))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["cited in the sentence (1)", "cited later in the paragraph (scope rule) (0)",
                      "no supporting citation (2)"]
    top, bottom = fig.axes
    assert top.get_ylim()[1] == pytest.approx(3.8)
    assert [t.get_text() for t in bottom.get_yticklabels()] == ["citations (1)"]
    labels = [t.get_text() for t in top.texts]
    assert labels[0] == "Long"  # a wide section is labelled, a narrow one shortened or not
    plt.close(fig)


def test_claims_figure_without_any_citation_says_support_is_not_measured():
    fig = plot_stance.claims_figure(_claims(cited=False), SIZES, LABELS)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["support not measured (no citation read) (3)"]
    plt.close(fig)


def test_stance_figures_with_nothing_to_show():
    fig = plot_stance.stance_heatmap(RATES.iloc[:0], COMPARISON, LABELS, pd.Index([]))
    assert fig.axes[0].texts[0].get_text().startswith("Nothing to show:")
    assert fig.get_size_inches()[0] == pytest.approx(_width("stance_rates"))
    plt.close(fig)
    fig = plot_stance.claims_figure(_claims().iloc[:0], SIZES, LABELS)
    assert fig.axes[0].texts[0].get_text().startswith("Nothing to show:")
    plt.close(fig)
