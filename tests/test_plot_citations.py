"""Figures of notebook 6: drawn from tables at the registered widths, empty inputs handled."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import citation_audit, citations, reuse
from analysis.build import registry
from analysis.plots import citations as plot_citations
from analysis.plots.style import WIDTHS

TEXTS = ["The river floods every spring and the farmers move their cattle uphill.",
         "Bread dough rests overnight in a cool kitchen before it is baked.",
         "The river floods every spring, so farmers move their cattle to higher ground."]


@pytest.fixture
def small():
    paragraphs = pd.DataFrame({"paragraph_id": ["P001", "P002", "P003"],
                               "section_id": ["S01", "S02", "S02"], "order": [1, 2, 3],
                               "text": TEXTS})
    sections = pd.DataFrame({"section_id": ["S01", "S02", "S03"], "order": [1, 2, 3],
                             "level": [2, 2, 2], "heading": ["Rivers", "Bread", "Empty"],
                             "n_paragraphs": [1, 2, 0], "n_source_words": [12, 24, 0],
                             "parent_id": ["", "", ""], "line": [1, 5, 9]})
    return paragraphs, sections


def _width(name: str) -> float:
    return WIDTHS[registry.get(name).width]


def test_density_figure(small):
    paragraphs, sections = small
    sizes = pd.DataFrame({"section_id": ["S01", "S02"], "n_words": [12, 24]})
    density = citation_audit.citation_density(citations.citation_table(paragraphs), sections,
                                              paragraphs, sizes)
    fig = plot_citations.citation_density_figure(density)
    assert fig.get_size_inches()[0] == pytest.approx(_width("citation_density"))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Rivers", "Bread", "Empty"]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "no paragraphs of its own" in texts
    plt.close(fig)


def test_map_and_histogram_figures(small):
    paragraphs, sections = small
    repeated = reuse.repeated_passages(paragraphs)
    nearest = reuse.paragraph_similarity(paragraphs)
    fig = plot_citations.repeated_passages_figure(nearest, repeated, sections, 0.42)
    assert fig.get_size_inches()[0] == pytest.approx(_width("repeated_passages_map"))
    arc_labels = [t.get_text() for t in fig.axes[0].texts]
    assert len(arc_labels) == len(repeated)
    plt.close(fig)
    empty = plot_citations.repeated_passages_figure(nearest, repeated.iloc[0:0], sections, 0.42)
    assert [t.get_text() for t in empty.axes[0].texts] == ["no pair at or above the threshold"]
    plt.close(empty)
    histogram = reuse.similarity_histogram(paragraphs)
    fig = plot_citations.similarity_histogram_figure(histogram, 0.42)
    assert fig.get_size_inches()[0] == pytest.approx(_width("similarity_distribution"))
    plt.close(fig)
