"""Term counts, rates, TF-IDF and dispersion: tiny hand-made corpora and the real paper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis import frequency, sections, settings, tokens, xray

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
    occ = xray.occurrences(units, ["iran", "force"], labels)
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
    assert xray.xray_terms(TERMS, ()) == ["port", "ship", "trade", "security"]
    curated = study.config.term_list("xray")
    assert xray.xray_terms(study.terms, curated) == list(curated)
    # this study's list on a paper that has none of it: the paper's own terms, as many
    assert xray.xray_terms(TERMS, curated) == ["port", "ship", "trade", "security"]


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


def test_repeated_headings_get_unique_labels():
    table = pd.DataFrame({
        "section_id": ["S1", "S2", "S3", "S4", "S5", "S6", "S7"],
        "heading": ["Iran", "Reputational concerns", "Iraq", "Reputational concerns",
                    "Abstract", "Abstract", "Abstract (2)"],
        "parent_id": ["", "S1", "", "S3", "", "", ""]})
    labels = frequency.section_labels(table)
    assert labels.tolist() == ["Iran", "Reputational concerns (Iran)", "Iraq",
                               "Reputational concerns (Iraq)", "Abstract (1)",
                               "Abstract (2) [S6]", "Abstract (2) [S7]"]
    assert labels.is_unique


def test_one_section_no_vocabulary_and_no_major_section():
    one = pd.DataFrame({"section_id": ["S01"], "order": [1], "heading": ["Only"]})
    toks = tokens.tokens_table(pd.DataFrame({"paragraph_id": ["P1"], "section_id": ["S01"],
                                             "text": ["The of and it."]}))
    units = frequency.running_units(toks)
    sizes = frequency.section_sizes(toks, one, frequency.section_labels(one))
    counts = frequency.term_counts(units, sizes)
    labels = frequency.term_labels(units, LEXICON)
    assert counts.empty and list(counts.columns) == ["section_id", "term", "count", "rate"]
    terms = frequency.paper_terms(counts, sizes, labels)
    assert terms.empty
    assert frequency.dispersion(counts, sizes, labels).empty
    assert frequency.tfidf_by_section(units, sizes, labels).empty
    assert frequency.top_terms_by_section(counts, sizes, labels).empty
    assert frequency.describe_top_terms(terms) == "The paper has no content terms to count."


def test_top_terms_by_section_keeps_the_largest_sections():
    ids = ["S1", "S2", "S3", "S4"]
    sizes = pd.DataFrame({"section_id": ids, "label": ["a", "b", "c", "d"],
                          "n_words": [200, 500, 300, 500], "major": True})
    counts = pd.DataFrame({"section_id": ids, "term": "x", "count": 1, "rate": 1.0})
    top = frequency.top_terms_by_section(counts, sizes, pd.Series({"x": "x"}), max_sections=2)
    assert top["section_id"].tolist() == ["S2", "S4"]  # the two largest, in reading order
    assert sections.largest_sections(sizes, 3) == ["S2", "S3", "S4"]


def test_spaced_sections_keep_labels_apart():
    sizes = pd.DataFrame({"section_id": ["A", "B", "C", "D"], "n_words": [10, 50, 45, 100],
                          "start": [0, 10, 60, 105], "end": [10, 60, 105, 205],
                          "major": [True, True, True, True]})
    # midpoints 0.02, 0.17, 0.40, 0.76; with a gap of 0.3 D, B, then (C too close to both) A
    assert sections.spaced_sections(sizes, 4, 0.3) == ["B", "D"]
    assert sections.spaced_sections(sizes, 4, 0.1) == ["A", "B", "C", "D"]
    assert sections.spaced_sections(sizes, 1, 0.1) == ["D"]


def test_sparse_dispersion_equals_the_dense_formulas():
    rng = np.random.default_rng(3)
    freqs = rng.poisson(0.7, size=(40, 9))
    freqs[0] = 0
    freqs[1] = [5, 0, 0, 0, 0, 0, 0, 0, 0]
    parts = rng.integers(20, 400, size=9).astype(float)
    expected = parts / parts.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = freqs / freqs.sum(axis=1, keepdims=True)
        dense_dp = 0.5 * np.abs(shares - expected).sum(axis=1)
        rates = freqs / parts
        dense_d = 1 - rates.std(axis=1) / rates.mean(axis=1) / np.sqrt(8)
    from scipy.sparse import csr_matrix

    from analysis import stats
    assert np.allclose(stats.gries_dp(csr_matrix(freqs), parts), dense_dp, equal_nan=True)
    assert np.allclose(stats.juilland_d(csr_matrix(freqs), parts), dense_d, equal_nan=True)
    assert np.isnan(stats.gries_dp(freqs, parts)[0])


def test_describe_sentences_by_hand():
    terms = pd.DataFrame({"label": ["Iran", "security", "war"], "count": [10, 5, 2],
                          "rate": [20.0, 10.0, 4.0]})
    assert frequency.describe_top_terms(terms) == (
        "The most frequent term is Iran (10 occurrences, 20.0 per 1,000 words), 2.0 times as "
        "frequent as the next, security (5); then war (2).")
    top = pd.DataFrame({"section_id": ["S1", "S1", "S2"], "section": ["One", "One", "Two"],
                        "label": ["a", "b", "c"], "count": [3, 3, 4]})
    assert frequency.describe_section_leaders(top, 3) == (
        "Most frequent term of each of the 2 largest of 3 major sections: One: a and b (3 each); "
        "Two: c (4).")
    spread = pd.DataFrame({"label": ["x", "y"], "dp": [0.1, 0.9]})
    assert frequency.describe_dispersion(spread, n=1) == (
        "Most evenly spread (lowest DP): x (0.10). Most concentrated (highest DP): y (0.90).")
    tfidf = pd.DataFrame({"section_id": ["S1", "S1", "S2"], "rank": [1, 2, 1],
                          "label": ["a", "b", "c"]})
    assert frequency.tfidf_leaders(tfidf, ["S2", "S1", "S3"], n=2)["terms"].tolist() == [
        "c", "a, b", ""]


def test_xray_sentences_by_hand(toy):
    _, units, sizes = toy
    labels = frequency.term_labels(units, LEXICON)
    occ = xray.occurrences(units, ["iran"], labels)
    # Iran at words 6, 9, 11 of 14: densest in "Second part" (2 of 7 words against 3 of 14)
    assert xray.describe_xray(occ, sizes) == [
        "Iran: 3 occurrences, densest in Second part (1.3 times its rate in the paper); "
        "longest stretch without it: 6 words."]
    note = xray.labelled_note(sizes, ["S01"], max_boundaries=60)
    assert note == ("Thin lines mark every section boundary; the 1 largest of the 2 major "
                    "sections that fit without overlapping labels are shaded in alternation "
                    "and labelled above.")
