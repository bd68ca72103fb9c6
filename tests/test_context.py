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


def _paragraphs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                         "section_id": "S01", "text": list(texts)})


def _units(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    toks = tokens.tokens_table(_paragraphs(*texts), LEXICON)
    return toks, frequency.running_units(toks)


def test_concordance_finds_every_spelling_and_keeps_the_text():
    texts = ("Then, General Soleimani spoke to the troops.",
             "Soleimani's plan worked (Adesnik, 2020). Qassem  Soleimani left; Iran-backed units "
             "followed.")
    _, units = _units(*texts)
    lines = context.concordance(units, "qassem_soleimani", _paragraphs(*texts), width=12)
    assert lines["node"].tolist() == ["General Soleimani", "Soleimani's", "Qassem Soleimani"]
    assert lines["paragraph_id"].tolist() == ["P0", "P1", "P1"]
    # punctuation kept; "Then," fits in 12 characters with its comma and a space
    assert lines.loc[0, "left"] == "Then, ".rjust(12)
    # "spoke to the troops." cut at 12 characters would end inside "troops": the word goes
    assert lines.loc[0, "right"] == " spoke to"
    # the citation is shown as written; cutting inside "worked" or "(Adesnik," drops the word
    assert lines.loc[1, "left"] == " " * 12 and lines.loc[1, "right"] == " plan worked"
    assert lines.loc[2, "left"] == "2020). ".rjust(12)
    assert lines.loc[2, "right"] == " left;"
    assert (lines["left"].str.len() == 12).all() and (lines["right"].str.len() <= 12).all()


def test_concordance_cut_at_word_boundaries():
    assert context._left("alpha beta gamma ", 11) == "beta gamma "
    assert context._left("alpha beta gamma ", 9) == "   gamma "
    assert context._left("a\n  b ", 10) == "      a b "
    assert context._right(" beta, gamma delta", 12) == " beta, gamma"
    assert context._right(" beta, gamma delta", 11) == " beta,"
    assert context._right("supercalifragilistic", 5) == ""


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
    lines = context.concordance(units, central, study.paper.paragraphs)
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
    lines = context.concordance(units, [], _paragraphs("Ships left the port. The port was busy."))
    assert lines.empty and "node" in lines.columns
    # a node that does not occur gives no collocate
    assert context.collocations(units, ["absent"]).empty


def test_ngrams_equal_countvectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    toks, _ = _units("The fight against terrorism grew and the fight against terrorism ended.",
                     "Fight against terrorism in 1391 and the fight. Terrorism grew again.")
    sentences = toks.groupby(["paragraph_id", "sentence"], sort=False)["key"].agg(list)
    vectoriser = CountVectorizer(analyzer=lambda d: [" ".join(d[i: i + 3])
                                                     for i in range(len(d) - 2)])
    matrix = vectoriser.fit_transform(sentences.tolist())
    counts = dict(zip(vectoriser.get_feature_names_out(), matrix.sum(axis=0).A1, strict=True))
    grams = context.ngrams(toks, sizes=(3,), min_freq=1)
    expected = {g: n for g, n in counts.items() if not any(c.isdigit() for c in g)
                and not tokens.is_stop(g.split()[0]) and not tokens.is_stop(g.split()[-1])}
    assert dict(zip(grams["ngram"], grams["count"], strict=True)) == expected


def test_describe_collocations_and_ngrams_by_hand():
    colloc = pd.DataFrame({"node": ["a", "a", "b"], "label": ["X", "Y", "Z"],
                           "together": [5, 3, 4], "g2": [12.34, 7.0, 9.0],
                           "significant": [True, True, True]})
    assert context.describe_collocations(colloc, pd.Series({"a": "Alpha"})) == [
        "Alpha: X (5 together, G² 12.3), Y (3 together, G² 7.0).",
        "b: Z (4 together, G² 9.0).", "Significant collocations rest on 3 to 5 co-occurrences."]
    grams = pd.DataFrame({"n": [2, 2], "ngram": ["west asia", "foreign policy"],
                          "count": [4, 3]})
    expressions = pd.DataFrame({"variant": ["West Asia"]})
    assert context.describe_ngrams(grams, expressions) == (
        "Most frequent: 'west asia' (4), 'foreign policy' (3). 1 of the 2 listed sequences are "
        "merged into one term by the expressions lexicon: west asia.")
