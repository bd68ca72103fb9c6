"""Concordances, n-grams and collocations: hand-made texts and the paper."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from analysis import context, frequency, settings, stats, tokens

LEXICON = pd.DataFrame({
    "term": ["qassem_soleimani", "qassem_soleimani", "qassem_soleimani"],
    "label": ["Qassem Soleimani"] * 3,
    "variant": ["qassem soleimani", "soleimani", "general soleimani"],
    "kind": ["name"] * 3, "note": ["n"] * 3,
})


def _units(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    paragraphs = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                               "section_id": "S01", "text": list(texts)})
    toks = tokens.tokens_table(paragraphs, LEXICON)
    return toks, frequency.running_units(toks)


def test_concordance_finds_every_spelling():
    _, units = _units("Then General Soleimani spoke to the troops.",
                      "Soleimani's plan worked (Adesnik, 2020). Qassem Soleimani left.")
    lines = context.concordance(units, "qassem_soleimani", width=12)
    assert lines["node"].tolist() == ["General Soleimani", "Soleimani's", "Qassem Soleimani"]
    assert lines["paragraph_id"].tolist() == ["P0", "P1", "P1"]
    assert lines.loc[0, "left"] == " " * 8 + "Then"
    assert lines.loc[0, "right"] == "spoke to the"
    # context stays inside the paragraph; citations were removed before tokenising
    assert lines.loc[1, "left"].strip() == "" and lines.loc[1, "right"] == "plan worked "
    assert lines.loc[2, "left"] == "Soleimani's plan worked"[-12:]
    assert (lines["left"].str.len() == 12).all()
    assert (lines["right"].str.len() <= 12).all()


def test_ngrams_by_hand():
    toks, _ = _units("The fight against terrorism grew. A fight against terrorism ended.",
                     "Fight against terrorism in 1391 and the fight.")
    grams = context.ngrams(toks, sizes=(2, 3), min_freq=2)
    found = dict(zip(grams["ngram"], grams["count"], strict=True))
    assert found == {"fight against terrorism": 3}
    # "fight against" ends and "against terrorism" starts with a stopword; 2-grams over
    # sentence boundaries ("grew a") are never formed
    loose = context.ngrams(toks, sizes=(2,), min_freq=1)
    assert "terrorism grew" in set(loose["ngram"]) and "grew a" not in set(loose["ngram"])
    assert not loose["ngram"].str.contains("1391").any()


def test_window_words_stay_in_the_sentence():
    _, units = _units("alpha beta Soleimani gamma delta. epsilon Soleimani zeta.")
    # words: alpha0 beta1 Soleimani2 gamma3 delta4 epsilon5 Soleimani6 zeta7
    assert context.window_words(units, "qassem_soleimani", window=1).tolist() == [1, 3, 5, 7]
    assert context.window_words(units, "qassem_soleimani", window=5).tolist() == [
        0, 1, 3, 4, 5, 7]


def test_collocations_by_hand():
    _, units = _units("Soleimani defended security. Soleimani praised security and unity.",
                      "Security grew. Unity grew. Soleimani defended unity. Unity returned.")
    table = context.collocations(units, ["qassem_soleimani"], window=2, min_freq=1, p=0.05)
    row = table.set_index("collocate").loc["security"]
    # content units: 3 x Soleimani + defend security praise security unity security grow
    # unity grow defend unity unity return = 16; N excludes the node's 3 occurrences = 13.
    # within 2 words of a node in the same sentence: defended security | praised security
    # (and) | defended unity: R1 = 6 content words, "security" twice there of 3 overall.
    assert (row["together"], row["window_size"], row["collocate_freq"], row["n"]) == (
        2, 6, 3, 13)
    assert row["expected"] == pytest.approx(6 * 3 / 13)
    g2 = chi2_contingency([[2, 4], [1, 6]], correction=False, lambda_="log-likelihood")[0]
    assert row["g2"] == pytest.approx(g2)
    assert row["pmi"] == pytest.approx(float(stats.pmi(2, 6, 3, 13)))
    assert row["t_score"] == pytest.approx((2 - 18 / 13) / 2 ** 0.5)
    # "unity" is within the windows once, expected 6 * 4 / 13 > 1: not listed
    assert "unity" not in table["collocate"].tolist()


def test_real_paper(study):
    toks, units, labels = study.tokens, study.units, study.labels
    central = context.key_terms(study.terms, study.config.term_list("central"))
    assert central == list(study.config.term_list("central"))
    lines = context.concordance(units, central)
    content = units[~units["stop"]]["term"].value_counts()
    for term in central:
        assert (lines["term"] == term).sum() == content[term]
    colloc = context.collocations(units, central, labels)
    assert (colloc["together"] >= settings.MIN_COLLOCATE_FREQ).all()
    assert (colloc["together"] <= colloc[["window_size", "collocate_freq"]].min(axis=1)).all()
    top = colloc[colloc["node"] == "national_security"].iloc[0]
    assert top["collocate"] == "islamic_republic" and top["significant"]
    grams = context.ngrams(toks)
    assert grams.set_index("ngram").loc["axis of resistance", "count"] == 6


def test_key_terms_prefer_the_curated_list():
    curated = ("security", "threat", "isis", "resistance")
    paper = pd.DataFrame({"term": list(curated), "count": 3})
    assert context.key_terms(paper, curated) == list(curated)
    other = pd.DataFrame({"term": ["port", "ship", "security"], "count": [5, 4, 1]})
    # too few curated terms occur: the paper's own most frequent terms, as many
    assert context.key_terms(other, curated) == ["port", "ship", "security"]
    # no curated list at all: the paper's most frequent terms
    assert context.key_terms(other, ()) == ["port", "ship", "security"]


def test_collocations_and_concordance_of_no_terms():
    _, units = _units("Ships left the port. The port was busy.")
    colloc = context.collocations(units, [])
    assert colloc.empty and list(colloc.columns) == [
        "node", "collocate", "label", "together", "collocate_freq", "window_size", "n",
        "expected", "g2", "p_value", "pmi", "t_score", "significant"]
    assert colloc["significant"].dtype == bool
    lines = context.concordance(units, [])
    assert lines.empty and "node" in lines.columns
    # a node that does not occur gives no collocate
    assert context.collocations(units, ["absent"]).empty
