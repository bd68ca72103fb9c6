"""Keyness tables: a toy corpus whose G2 and Log Ratio are computed by hand, and the paper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import wordfreq
from scipy.stats import chi2_contingency

from analysis import frequency, keyness, settings, stats, tokens

LEXICON = pd.DataFrame({"term": ["national_security"], "label": ["national security"],
                        "variant": ["national security"], "kind": ["multiword"],
                        "note": ["n"]})
SECTIONS = pd.DataFrame({"section_id": ["S01", "S02"], "order": [1, 2],
                         "heading": ["One", "Two"]})


def _toy():
    # S01: 10 words, "threat" 4 times; S02: 20 words, "threat" once
    paragraphs = pd.DataFrame({
        "paragraph_id": ["P1", "P2"], "section_id": ["S01", "S02"],
        "text": ["Threat threat threat threat alpha beta gamma delta epsilon zeta.",
                 "Threat alpha beta gamma delta epsilon zeta eta theta iota kappa lambda "
                 "omicron sigma tau upsilon phi chi psi omega."],
    })
    toks = tokens.tokens_table(paragraphs, LEXICON)
    units = frequency.running_units(toks)
    sizes = frequency.section_sizes(toks, SECTIONS, frequency.section_labels(SECTIONS),
                                    min_words=5)
    labels = frequency.term_labels(units, LEXICON)
    return toks, frequency.term_counts(units, sizes), sizes, labels


def _g2_by_hand(a: int, b: int, n1: int, n2: int) -> float:
    n = n1 + n2
    cells = [(a, n1 * (a + b) / n), (b, n2 * (a + b) / n),
             (n1 - a, n1 * (n - a - b) / n), (n2 - b, n2 * (n - a - b) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def test_section_against_rest_by_hand():
    _, counts, sizes, labels = _toy()
    assert sizes["n_words"].tolist() == [10, 20]
    table = keyness.section_keyness(counts, sizes, labels, p=0.05, min_log_ratio=1, min_freq=3)
    row = table.set_index(["section_id", "term"]).loc[("S01", "threat")]
    g2 = _g2_by_hand(4, 1, 10, 20)
    assert row["g2"] == pytest.approx(g2)
    assert g2 == pytest.approx(chi2_contingency([[4, 1], [6, 19]], correction=False,
                                                lambda_="log-likelihood")[0])
    assert row["log_ratio"] == pytest.approx(math.log2((4 / 10) / (1 / 20)))  # = 3
    assert row["log_ratio"] == pytest.approx(3.0)
    assert row["rate"] == pytest.approx(400.0) and row["rate_rest"] == pytest.approx(50.0)
    assert row["key"] == (g2 >= 3.841)
    # S02 against S01 is the mirror image: same G2, opposite Log Ratio
    mirror = table.set_index(["section_id", "term"]).loc[("S02", "threat")]
    assert mirror["g2"] == pytest.approx(g2) and mirror["log_ratio"] == pytest.approx(-3.0)
    # only terms with min_freq occurrences in the paper are tested ("alpha" occurs twice)
    assert set(table["term"]) == {"threat"}


def test_both_filters_are_needed():
    _, counts, sizes, labels = _toy()
    strict = keyness.section_keyness(counts, sizes, labels, p=0.05, min_log_ratio=3.5,
                                     min_freq=2)
    g2_alpha = _g2_by_hand(1, 1, 10, 20)  # log ratio 1, tiny G2
    alpha = strict.set_index(["section_id", "term"]).loc[("S01", "alpha")]
    assert alpha["g2"] == pytest.approx(g2_alpha) and not alpha["key"]
    # threat: significant but Log Ratio 3 < 3.5, so not key
    assert not strict.set_index(["section_id", "term"]).loc[("S01", "threat"), "key"]
    loose = keyness.section_keyness(counts, sizes, labels, p=0.05, min_log_ratio=1,
                                    min_freq=2)
    assert loose[loose["key"]]["term"].tolist() == ["threat", "threat"]


def test_word_forms_unmerge_and_key_on_form():
    paragraphs = pd.DataFrame({"paragraph_id": ["P1"], "section_id": ["S01"],
                               "text": ["Iran's national security and Iran. Security of "
                                        "Iran grew in 1391."]})
    toks = tokens.tokens_table(paragraphs, LEXICON)
    forms = keyness.word_forms(toks).set_index("form")
    assert forms.loc["iran", "count"] == 3 and forms.loc["iran", "written"] == "Iran"
    assert forms.loc["security", "count"] == 2 and forms.loc["national", "count"] == 1
    assert forms.loc["iran", "capitalised"] == 1.0
    # "Security" starts a sentence, so only the lower-case occurrence inside one counts
    assert forms.loc["security", "capitalised"] == 0.0
    assert forms.loc["security", "written"] == "security"
    assert "and" not in forms.index and "1391" not in forms.index


def test_reference_keyness_against_wordfreq():
    paragraphs = pd.DataFrame({"paragraph_id": ["P1"], "section_id": ["S01"],
                               "text": ["Security and security and the security of Iran."]})
    toks = tokens.tokens_table(paragraphs, LEXICON)
    table = keyness.reference_keyness(toks, p=0.05, min_freq=3, top=50).set_index("form")
    row = table.loc["security"]
    n1, n2 = len(toks), settings.REFERENCE_SIZE
    b = wordfreq.word_frequency("security", "en") * n2
    assert row["count"] == 3
    assert row["g2"] == pytest.approx(float(stats.log_likelihood(3, b, n1, n2)))
    assert row["g2"] == pytest.approx(chi2_contingency([[3, b], [n1 - 3, n2 - b]],
                                                       correction=False,
                                                       lambda_="log-likelihood")[0], rel=1e-6)
    assert row["log_ratio"] == pytest.approx(math.log2((3 / n1) / (b / n2)))
    assert row["key"]
    # "iran" occurs once (< min_freq) and is not among the 50 commonest words: not tested
    assert "iran" not in table.index
    # in a 9-token text no common English word is expected even once: none is added
    assert set(table.index) == {"security"}


def test_top_keys_takes_each_side():
    table = pd.DataFrame({"term": list("abcdef"), "g2": [50, 40, 30, 20, 10, 5],
                          "log_ratio": [3, -2, 2, -4, 1.5, 1], "key": [True] * 5 + [False]})
    top = keyness.top_keys(table, n=2)
    assert top["term"].tolist() == ["a", "c", "b", "d"]  # by Log Ratio for plotting


def test_real_paper(study):
    toks, sizes, labels, counts = study.tokens, study.sizes, study.labels, study.counts
    by_section = keyness.section_keyness(counts, sizes, labels)
    keys = by_section[by_section["key"]]
    assert (keys["g2"] >= stats.critical_g2(settings.SECTION_P)).all()
    assert (keys["log_ratio"].abs() >= settings.MIN_LOG_RATIO).all()
    assert set(by_section["section_id"]) == set(sizes.loc[sizes["major"], "section_id"])
    # a section and the rest always add up to the paper's count
    total = counts.groupby("term")["count"].sum()
    assert (by_section["count"] + by_section["count_rest"] == by_section["term"].map(total)).all()
    assert ("S13", "balance") in set(zip(keys["section_id"], keys["term"], strict=True))
    assert ("S15", "sanction") in set(zip(keys["section_id"], keys["term"], strict=True))
    reference = keyness.reference_keyness(toks)
    assert reference.loc[0, "form"] == "soleimani"
    assert reference["count"].sum() <= len(toks)
    ref_keys = reference[reference["key"]]
    assert (ref_keys["g2"] >= stats.critical_g2(settings.REFERENCE_P)).all()
    assert {"security", "resistance", "iran"} <= set(ref_keys["form"])
    assert np.isfinite(reference["log_ratio"]).all()
    # common English words the paper never uses are tested, all as less frequent
    absent = reference[reference["count"] == 0]
    assert len(absent) > 50 and (absent["log_ratio"] < 0).all()
    assert {"know", "good"} <= set(absent["form"])


def test_section_keyness_without_major_sections_is_empty():
    _, counts, sizes, labels = _toy()
    table = keyness.section_keyness(counts, sizes.assign(major=False), labels)
    assert table.empty and list(table.columns) == [
        "section_id", "section", "term", "label", "count", "count_rest", "rate", "rate_rest",
        "g2", "p_value", "log_ratio", "key"]
    assert keyness.top_keys(table, n=3, group="section_id").empty
    # a paper of one section has no rest to compare it with
    one = sizes.iloc[:1].assign(major=True)
    assert keyness.section_keyness(counts[counts["section_id"] == "S01"], one, labels).empty


def test_keyness_figures_with_nothing_to_show():
    import matplotlib.pyplot as plt

    from analysis.plots import keyness as plot_keyness

    empty = pd.DataFrame(columns=["section", "label", "count", "log_ratio", "written",
                                  "ref_token_rate", "group"])
    for fig in (plot_keyness.section_keyness_figure(empty),
                plot_keyness.reference_keyness_figure(empty)):
        assert fig.axes[0].texts[0].get_text().startswith("Nothing to show:")
        plt.close(fig)
    # one group empty: its panel says so, the other is drawn
    top = pd.DataFrame({"written": ["port"], "log_ratio": [3.0], "ref_token_rate": [0.1],
                        "group": ["other"]})
    fig = plot_keyness.reference_keyness_figure(top)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["port"]
    assert fig.axes[1].texts[0].get_text().startswith("Nothing to show:")
    plt.close(fig)
