"""Figures of notebook 6: registered widths, 1 to 300 sections, empty inputs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import citation_audit, citation_report, citations, restatement, reuse
from analysis.build import registry
from analysis.plots import citations as plot_citations
from analysis.plots.style import WIDTHS

TEXTS = ["The river floods every spring and the farmers move their cattle uphill.",
         "Bread dough rests overnight in a cool kitchen before it is baked.",
         "The river floods every spring, so farmers move their cattle to higher ground."]
LABELS = pd.Series({"S01": "Rivers", "S02": "Bread", "S03": "Empty"})


@pytest.fixture
def small():
    paragraphs = pd.DataFrame({"paragraph_id": ["P001", "P002", "P003"],
                               "section_id": ["S01", "S02", "S02"], "order": [1, 2, 3],
                               "text": TEXTS})
    sections = pd.DataFrame({"section_id": ["S01", "S02", "S03"], "order": [1, 2, 3],
                             "level": [2, 2, 2], "heading": ["Rivers and their long floods",
                                                             "Bread", "Empty"],
                             "n_paragraphs": [1, 2, 0], "n_source_words": [12, 24, 0],
                             "parent_id": ["", "", ""], "line": [1, 5, 9]})
    return paragraphs, sections


def _width(name: str) -> float:
    return WIDTHS[registry.get(name).width]


def test_density_figure_uses_short_labels(small):
    paragraphs, sections = small
    sizes = pd.DataFrame({"section_id": ["S01", "S02"], "n_words": [12, 24]})
    density = citation_audit.citation_density(citations.citation_table(paragraphs), sections,
                                              paragraphs, sizes)
    rows, _ = citation_report.density_rows(density, LABELS)
    fig = plot_citations.citation_density_figure(rows)
    assert fig.get_size_inches()[0] == pytest.approx(_width("citation_density"))
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Rivers", "Bread", "Empty"]
    assert "no paragraphs of its own" in [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)


def _many_sections(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    sections = pd.DataFrame({"section_id": [f"S{i:03d}" for i in range(n)], "order": range(n),
                             "level": [2 if i % 10 == 0 else 3 for i in range(n)],
                             "heading": [f"A long heading number {i}" for i in range(n)],
                             "n_paragraphs": rng.integers(1, 4, n)})
    paragraphs = pd.DataFrame({"section_id": np.repeat(sections["section_id"],
                                                       sections["n_paragraphs"])})
    paragraphs["paragraph_id"] = [f"P{i:04d}" for i in range(1, len(paragraphs) + 1)]
    paragraphs["order"] = range(1, len(paragraphs) + 1)
    labels = pd.Series({s: f"Heading {i}" for i, s in enumerate(sections["section_id"])})
    return sections, paragraphs, labels


@pytest.mark.parametrize("n", [1, 300])
def test_figures_stay_legible_from_one_section_to_three_hundred(n):
    sections, paragraphs, labels = _many_sections(n)
    sizes = sections.assign(n_words=sections["n_paragraphs"] * 100)[["section_id", "n_words"]]
    cited = pd.DataFrame({"section_id": paragraphs["section_id"],
                          "paragraph_id": paragraphs["paragraph_id"]})
    density = citation_audit.citation_density(cited, sections, paragraphs, sizes)
    rows, note = citation_report.density_rows(density, labels)
    assert len(rows) <= citation_report.DENSITY_ROWS
    fig = plot_citations.citation_density_figure(rows)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(_width("citation_density")) and height < 8
    plt.close(fig)
    nearest = paragraphs.assign(max_similarity=0.2)
    empty = reuse.repeated_passages(paragraphs.assign(text="x").iloc[:0])
    fig = plot_citations.repeated_passages_figure(nearest, empty, labels, 0.42)
    assert fig.get_size_inches()[0] == pytest.approx(_width("repeated_passages_map"))
    ticks = [t.get_position()[0] for t in fig.axes[1].get_xticklabels()]
    span = paragraphs["order"].max()
    axis_in = fig.get_size_inches()[0] * fig.axes[1].get_position().width
    gaps = np.diff(ticks) * axis_in / span * 72  # points between neighbouring labels
    assert (gaps >= plot_citations.SECTION_FONT - 1e-9).all()
    notes = plot_citations.map_notes(fig, empty, nearest)
    assert notes["labels"].startswith("every passage pair is labelled")
    assert ("every section" in notes["sections"]) == (n == 1)
    plt.close(fig)


def test_map_and_histogram_figures(small):
    paragraphs, sections = small
    repeated = reuse.repeated_passages(paragraphs)
    nearest = reuse.paragraph_similarity(paragraphs)
    sentences = restatement.repeated_sentences(paragraphs, sections, threshold=0.2)
    fig = plot_citations.repeated_passages_figure(nearest, repeated, LABELS, 0.42, sentences)
    assert fig.get_size_inches()[0] == pytest.approx(_width("repeated_passages_map"))
    assert len(fig.axes[0].texts) == len(repeated)
    assert plot_citations.map_notes(fig, repeated, nearest)["labels"].startswith("every")
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["Rivers", "Bread"]
    plt.close(fig)
    empty = plot_citations.repeated_passages_figure(nearest, repeated.iloc[0:0], LABELS, 0.42,
                                                    sentences.iloc[0:0])
    assert [t.get_text() for t in empty.axes[0].texts] == ["no pair at or above the threshold"]
    plt.close(empty)
    histogram = pd.concat([reuse.similarity_histogram(paragraphs),
                           restatement.sentence_histogram(paragraphs)], ignore_index=True)
    fig = plot_citations.similarity_histogram_figure(histogram, {"paragraph": 0.42,
                                                                 "sentence": 0.33})
    assert fig.get_size_inches()[0] == pytest.approx(_width("similarity_distribution"))
    assert len(fig.axes[0].get_legend().get_texts()) == 3
    plt.close(fig)


def test_labels_are_moved_up_or_dropped_rather_than_overprinted():
    labels = [(10.0, 1.0, "D01, 0.50"), (10.5, 1.0, "D02, 0.60"), (50.0, 1.0, "D03, 0.70"),
              (10.2, 1.0, "D04, 0.80")]
    placed = plot_citations.place_labels(labels, (100.0, 3.0), np.array([400.0, 80.0]), 6.5)
    line = 1.3 * 6.5 / 80 * 3.0
    # lowest first, then left to right: D04 (x 10.2) clears D01 one line up, D02 two lines up
    assert [t for *_, t in placed] == ["D01, 0.50", "D04, 0.80", "D02, 0.60", "D03, 0.70"]
    ys = {t: y for _, y, t in placed}
    assert ys["D04, 0.80"] == pytest.approx(1.0 + line)
    assert ys["D02, 0.60"] == pytest.approx(1.0 + 2 * line) and ys["D03, 0.70"] == 1.0
    tight = plot_citations.place_labels(labels, (100.0, 1.2), np.array([400.0, 80.0]), 6.5)
    assert len(tight) == 2  # the stacked ones would leave the axes: dropped
