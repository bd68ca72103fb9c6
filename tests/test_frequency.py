"""Term counts, rates, TF-IDF and dispersion: tiny hand-made corpora and the real paper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis import frequency, settings, tokens

LEXICON = pd.DataFrame({
    "term": ["qassem_soleimani", "qassem_soleimani", "national_security"],
    "label": ["Qassem Soleimani", "Qassem Soleimani", "national security"],
    "variant": ["qassem soleimani", "soleimani", "national security"],
    "kind": ["name", "name", "multiword"],
    "note": ["n"] * 3,
})
SECTIONS = pd.DataFrame({"section_id": ["S01", "S02", "S03"], "order": [1, 2, 3],
                         "heading": ["First part", "Empty heading", "Second part"]})


def _toy(*texts: tuple[str, str]) -> pd.DataFrame:
    """Tokens of (section_id, text) paragraphs."""
    paragraphs = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                               "section_id": [s for s, _ in texts],
                               "text": [t for _, t in texts]})
    return tokens.tokens_table(paragraphs, LEXICON)


@pytest.fixture
def toy():
    toks = _toy(("S01", "Soleimani's forces met the forces of Iran."),
                ("S03", "National security of Iran grew. Iran's forces won."))
    units = frequency.running_units(toks)
    sizes = frequency.section_sizes(toks, SECTIONS, frequency.section_labels(SECTIONS),
                                    min_words=7)
    return toks, units, sizes


def test_section_sizes_by_hand(toy):
    _, _, sizes = toy
    # S01: Soleimani's forces met the forces of Iran = 7 words, 5 content
    # S03: national-security(1) of Iran grew Iran's forces won = 8 tokens, 7 words, 6 content;
    # S02 has no paragraphs
    assert sizes["section_id"].tolist() == ["S01", "S03"]
    assert sizes["n_words"].tolist() == [7, 7]
    assert sizes["n_tokens"].tolist() == [7, 8]
    assert sizes["n_content"].tolist() == [5, 6]
    assert sizes["start"].tolist() == [0, 7] and sizes["end"].tolist() == [7, 14]
    assert sizes["major"].tolist() == [True, True]
    assert sizes["label"].tolist() == ["First part", "Second part"]


def test_counts_and_rates_by_hand(toy):
    _, units, sizes = toy
    counts = frequency.term_counts(units, sizes).set_index(["section_id", "term"])
    assert counts.loc[("S01", "force"), "count"] == 2
    assert counts.loc[("S01", "force"), "rate"] == pytest.approx(1000 * 2 / 7)
    assert counts.loc[("S03", "iran"), "count"] == 2
    assert counts.loc[("S03", "national_security"), "rate"] == pytest.approx(1000 / 7)
    assert ("S03", "of") not in counts.index  # stopwords are out of the vocabulary
    labels = frequency.term_labels(units, LEXICON)
    terms = frequency.paper_terms(counts.reset_index(), sizes, labels).set_index("term")
    assert terms.loc["force", "count"] == 3 and terms.loc["force", "n_sections"] == 2
    assert terms.loc["force", "rate"] == pytest.approx(1000 * 3 / 14)
    assert terms.loc["force", "label"] == "forces"
    assert terms.loc["iran", "label"] == "Iran"  # possessive dropped
    assert terms.loc["national_security", "label"] == "national security"  # lexicon label
    assert terms.index[0] == "force"  # most frequent first


def test_label_lowercases_sentence_starts():
    toks = _toy(("S01", "Forces left. The forces came. Forces went."))
    units = frequency.running_units(toks)
    assert frequency.term_labels(units, LEXICON)["force"] == "forces"


def test_tfidf_by_hand():
    toks = _toy(("S01", "alpha alpha beta."), ("S03", "beta gamma."))
    units = frequency.running_units(toks)
    sizes = frequency.section_sizes(toks, SECTIONS, frequency.section_labels(SECTIONS))
    labels = frequency.term_labels(units, LEXICON)
    table = frequency.tfidf_by_section(units, sizes, labels).set_index(["section_id", "term"])
    # smoothed idf: ln((1 + 2) / (1 + df)) + 1; then each section's vector has unit length
    idf_rare, idf_common = math.log(3 / 2) + 1, 1.0
    norm = math.hypot(2 * idf_rare, idf_common)
    assert table.loc[("S01", "alpha"), "tfidf"] == pytest.approx(2 * idf_rare / norm)
    assert table.loc[("S01", "beta"), "tfidf"] == pytest.approx(idf_common / norm)
    assert table.loc[("S01", "alpha"), "rank"] == 1
    assert ("S01", "gamma") not in table.index


def test_dispersion_published_example():
    # Gries (2008: 415): five parts of 9, 10, 10, 10 and 11 words, frequencies 1 to 5: DP = 0.18
    ids = [f"S{i}" for i in range(5)]
    sizes = pd.DataFrame({"section_id": ids, "n_words": [9, 10, 10, 10, 11]})
    counts = pd.DataFrame({"section_id": ids, "term": "x", "count": [1, 2, 3, 4, 5]})
    table = frequency.dispersion(counts, sizes, pd.Series({"x": "x"}), min_count=5)
    assert table.loc[0, "dp"] == pytest.approx(0.18)
    assert table.loc[0, "dp_norm"] == pytest.approx(0.18 / 0.82)
    rates = np.array([1 / 9, 2 / 10, 3 / 10, 4 / 10, 5 / 11])
    assert table.loc[0, "juilland_d"] == pytest.approx(1 - rates.std() / rates.mean() / 2)
    assert frequency.dispersion(counts, sizes, pd.Series({"x": "x"}), min_count=16).empty


def test_section_labels_from_lexicon(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("heading,label,note\nFirst part,First,short\n")
    labels = frequency.section_labels(SECTIONS, path)
    assert labels.to_dict() == {"S01": "First", "S02": "Empty heading", "S03": "Second part"}


def test_occurrences_in_running_order(toy):
    _, units, _ = toy
    labels = frequency.term_labels(units, LEXICON)
    occ = frequency.occurrences(units, ["iran", "force"], labels)
    assert occ["term"].tolist() == ["iran"] * 3 + ["force"] * 3
    assert occ["word"].tolist() == [6, 9, 11, 1, 4, 12]
    assert occ["surface"].tolist()[:3] == ["Iran", "Iran", "Iran's"]


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["S01", "S03"]),
                          st.lists(st.sampled_from(["Soleimani", "national", "security", "the",
                                                    "war", "forces", "of", "Iran's", "1391"]),
                                   min_size=1, max_size=15)),
                min_size=1, max_size=5))
def test_counts_sum_to_vocabulary_units(paragraphs):
    toks = _toy(*[(s, " ".join(words) + ".") for s, words in paragraphs])
    units = frequency.running_units(toks)
    sizes = frequency.section_sizes(toks, SECTIONS, frequency.section_labels(SECTIONS))
    counts = frequency.term_counts(units, sizes)
    assert counts["count"].sum() == (~units["stop"]).sum()
    assert sizes["n_words"].sum() == len(units)
    words = sizes.set_index("section_id")["n_words"]
    expected = 1000 * counts["count"] / counts["section_id"].map(words).astype(float)
    assert np.allclose(counts["rate"].to_numpy(float), expected.to_numpy(float))


def test_real_paper(study):
    toks, units, sizes = study.tokens, study.units, study.sizes
    counts, labels, terms = study.counts, study.labels, study.terms
    # counts add up to the vocabulary units; section words to all units
    assert counts["count"].sum() == (~units["stop"]).sum() == terms["count"].sum()
    assert sizes["n_words"].sum() == len(units)
    assert sizes["n_tokens"].sum() == len(toks)
    words = sizes.set_index("section_id")["n_words"]
    assert np.allclose(counts["rate"], 1000 * counts["count"] / counts["section_id"].map(words))
    assert np.allclose(terms["rate"], 1000 * terms["count"] / len(units))
    # the eight sections of 150 words or more; the two empty headings have no row
    assert sizes.loc[sizes["major"], "section_id"].tolist() == [
        "S01", "S02", "S03", "S13", "S14", "S15", "S16", "S17"]
    assert not sizes["section_id"].isin(["S08", "S12"]).any()
    assert terms.loc[0, "term"] == "qassem_soleimani" and terms.loc[0, "count"] == 91
    assert terms.set_index("term").loc["qassem_soleimani", "label"] == "Qassem Soleimani"
    spread = frequency.dispersion(counts, sizes, labels)
    assert (spread["count"] >= settings.DISPERSION_MIN_COUNT).all()
    assert spread["dp"].between(0, 1).all() and spread["juilland_d"].between(0, 1).all()
    # "balance" occurs only in the regional-balance section: the least even frequent term
    assert spread.iloc[-1]["term"] == "balance"
    tfidf = frequency.tfidf_by_section(units, sizes, labels)
    norms = (tfidf.assign(sq=tfidf["tfidf"] ** 2).groupby("section_id")["sq"].sum())
    assert np.allclose(norms, 1.0)


TERMS = pd.DataFrame({"term": ["port", "ship", "trade", "security", "crew"],
                      "count": [9, 7, 7, 2, 0]})


def test_preferred_terms_kept_in_given_order_when_enough_occur():
    chosen = frequency.preferred_terms(TERMS, ("trade", "absent", "port", "security"), n=2,
                                       min_found=3)
    assert chosen == ["trade", "port", "security"]


def test_preferred_terms_fall_back_to_most_frequent():
    # only "security" of the curated list occurs: the 3 most frequent terms, ties by term
    chosen = frequency.preferred_terms(TERMS, ("security", "threat", "isis"), n=3,
                                       min_found=2)
    assert chosen == ["port", "ship", "trade"]
    # a term with count 0 never counts as occurring, and n defaults to the list's length
    assert frequency.preferred_terms(TERMS, ("crew", "x"), min_found=1) == ["port", "ship"]
    assert frequency.preferred_terms(TERMS.iloc[:0], ("crew",)) == []


def test_xray_terms_on_another_paper_and_on_this_one(study):
    # a paper without a curated list: its most frequent terms
    assert frequency.xray_terms(TERMS, ()) == ["port", "ship", "trade", "security"]
    curated = study.config.term_list("xray")
    assert frequency.xray_terms(study.terms, curated) == list(curated)
    # this study's list on a paper that has none of it: the paper's own terms, as many
    assert frequency.xray_terms(TERMS, curated) == ["port", "ship", "trade", "security"]


def test_balance_sentence_on_the_paper(study):
    assert frequency.balance(study.sections) == (
        "Largest section: 'Performance of Qassem Soleimani in the Military-Security and "
        "Political Security of Iran' (S16), 27 paragraphs, 51% of the words.\n"
        "Sections under 100 words: 9 of 17.")


def test_balance_sentence(study):
    text = frequency.balance(study.sections)
    largest = study.sections.sort_values("n_words", ascending=False).iloc[0]
    share = largest.n_words / study.sections["n_words"].sum()
    assert f"{share:.0%} of the words" in text and largest.heading in text
    short = int((study.sections["n_words"] < settings.SHORT_SECTION_WORDS).sum())
    assert f"{short} of {len(study.sections)}" in text


def test_section_table_gives_every_section_its_words(study):
    table = study.sections
    assert len(table) == len(study.paper.sections)
    assert table["n_words"].sum() == len(study.units)
    empty = table["n_paragraphs"] == 0
    assert (table.loc[empty, "n_words"] == 0).all() and (table.loc[~empty, "n_words"] > 0).all()


def test_frequency_figures_with_nothing_to_show():
    import matplotlib.pyplot as plt

    from analysis.plots import frequency as plot_frequency
    from analysis.plots.style import WIDTHS

    empty_occ = pd.DataFrame(columns=["term", "label", "word", "section_id", "paragraph_id",
                                      "surface"])
    sizes = pd.DataFrame({"section_id": ["S01"], "label": ["One"], "start": [0], "end": [5],
                          "major": [False]})
    figs = [plot_frequency.xray_figure(empty_occ, sizes),
            plot_frequency.section_terms_figure(pd.DataFrame(
                columns=["section_id", "section", "rank", "term", "label", "count", "rate"])),
            plot_frequency.top_terms_figure(pd.DataFrame(columns=["label", "count", "rate"]))]
    widths = [WIDTHS["double"], WIDTHS["double"], WIDTHS["single"]]
    for fig, width in zip(figs, widths, strict=True):
        assert fig.get_size_inches()[0] == pytest.approx(width)
        assert fig.axes[0].texts[0].get_text().startswith("Nothing to show:")
        plt.close(fig)
