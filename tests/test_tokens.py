"""Tokens, sentences, lemmas and merged expressions."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import tokens
from analysis.lexicons import LexiconError, read_lexicon

LEXICON = pd.DataFrame({
    "term": ["qassem_soleimani", "qassem_soleimani", "national_security", "pmf", "pmf"],
    "label": ["Qassem Soleimani"] * 2 + ["national security", "PMF", "PMF"],
    "variant": ["qassem soleimani", "soleimani", "national security",
                "popular mobilization forces", "hashd al-shaabi"],
    "kind": ["name", "name", "multiword", "name", "name"],
    "note": ["n"] * 5,
})


def _paragraphs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                         "section_id": "S01", "text": list(texts)})


def test_citations_removed_and_possessives_keyed():
    table = tokens.tokens_table(_paragraphs(
        "Soleimani's role grew (Mundell, 2017, p. 56). Iran's forces (House of Peace) won."),
        LEXICON)
    assert list(table["token"]) == ["Soleimani's", "role", "grew", "Iran's", "forces", "House",
                                    "of", "Peace", "won"]
    assert table.loc[0, "key"] == "soleimani" and table.loc[0, "term"] == "qassem_soleimani"
    assert table.loc[4, "lemma"] == "force"
    assert list(table["sentence"]) == [0, 0, 0, 1, 1, 1, 1, 1, 1]


def test_longest_match_merges_once():
    table = tokens.tokens_table(_paragraphs(
        "Qassem Soleimani and the national security of Hashd al-Shaabi. Soleimani returned."),
        LEXICON)
    units = tokens.units_table(table)
    assert units["term"].tolist() == ["qassem_soleimani", "and", "the", "national_security",
                                      "of", "pmf", "qassem_soleimani", "return"]
    matches = tokens.expression_matches(table, LEXICON).set_index("variant")["n"]
    assert matches.to_dict() == {"hashd al-shaabi": 1, "popular mobilization forces": 0,
                                 "national security": 1, "qassem soleimani": 1, "soleimani": 1}


def test_numbers_and_stopwords_are_out_of_vocabulary():
    table = tokens.tokens_table(_paragraphs("In 1391 the 33-day war of U.S. forces ended."),
                                LEXICON)
    stop = table.set_index("token")["stop"]
    assert stop["1391"] and stop["33-day"] and stop["the"] and stop["In"]
    assert not stop["war"] and not stop["U.S."]
    assert table.set_index("token").loc["U.S.", "lemma"] == "u.s."


def test_sentences():
    assert tokens.split_sentences("As Nasri et al. argue, p. 5 shows it. Then U.S. troops left! "
                                  "\"Yes.\" Done") == [
        "As Nasri et al. argue, p. 5 shows it.", "Then U.S. troops left!", "\"Yes.\"", "Done"]


def test_single_lower_case_letter_ends_a_sentence_but_an_initial_does_not():
    assert tokens.split_sentences("Plan a. Then J. Smith came. E.g. this.") == [
        "Plan a.", "Then J. Smith came.", "E.g. this."]


def test_count_matrix_sums_to_units():
    table = tokens.tokens_table(_paragraphs("Security of security.", "Threat and security."),
                                LEXICON)
    units = tokens.units_table(table)
    docs = tokens.term_documents(units, by="paragraph_id")
    matrix, terms = tokens.count_matrix(docs)
    assert terms == ["security", "threat"]
    assert matrix.toarray().tolist() == [[2, 0], [1, 1]]


def test_count_matrix_of_stopwords_only_is_empty():
    matrix, terms = tokens.count_matrix(pd.Series([[], []]))
    assert matrix.shape == (2, 0) and terms == []


def test_count_matrix_with_every_term_below_min_df_is_empty():
    matrix, terms = tokens.count_matrix(pd.Series([["port"], ["ship"]]), min_df=2)
    assert matrix.shape == (2, 0) and terms == []


def test_real_paper_tokens(corpus):
    table = tokens.tokens_table(corpus.paragraphs)
    units = tokens.units_table(table)
    # every body paragraph contributes, in reading order
    assert table["paragraph_id"].drop_duplicates().tolist() == corpus.paragraphs[
        "paragraph_id"].tolist()
    # no citation survives into the tokens
    assert not table["token"].isin(["Mundell", "Pourhassan", "Adesnik"]).any()
    # name variants of one person are one term, with the possessive folded in
    soleimani = units[units["term"] == "qassem_soleimani"]
    assert len(soleimani) > 80
    assert {"Soleimani", "Soleimani's", "Qassem Soleimani", "General Soleimani"} <= set(
        soleimani["surface"])
    matches = tokens.expression_matches(table)
    assert matches["n"].sum() == units["term"].isin(set(matches["term"])).sum()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Soleimani", "national", "security", "and", "the", "war",
                                 "Qassem", "forces", "of", "Iran's", "1391"]),
                min_size=1, max_size=30))
def test_merging_loses_no_token(words):
    text = " ".join(words) + "."
    table = tokens.tokens_table(_paragraphs(text), LEXICON)
    assert table["token"].tolist() == words
    units = tokens.units_table(table)
    assert " ".join(units["surface"]).split() == words


def test_lexicon_errors(tmp_path):
    bad = tmp_path / "lex.csv"
    bad.write_text("term,variant\na,x\n")
    with pytest.raises(LexiconError, match=r"lex\.csv: missing column\(s\) label"):
        read_lexicon(bad, ["term", "label", "variant"], key=["variant"])
    bad.write_text("term,variant\na,x\nb,X\n")
    with pytest.raises(LexiconError, match=r"lex\.csv: duplicated variant 'x'"):
        read_lexicon(bad, ["term", "variant"], key=["variant"])
    bad.write_text("term,variant\na,\n")
    with pytest.raises(LexiconError, match=r"lex\.csv: empty 'variant' in data row 1"):
        read_lexicon(bad, ["term", "variant"], key=["variant"])
    with pytest.raises(LexiconError, match="nothere.csv: lexicon file not found"):
        read_lexicon(tmp_path / "nothere.csv", ["term"], key=["term"])
