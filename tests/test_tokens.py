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


def test_citations_are_removed_by_the_one_definition():
    # the tokeniser removes exactly what the citation parser reads: a legal citation by
    # article goes, a narrative citation keeps its name, a bracketed bare year stays text
    table = tokens.tokens_table(_paragraphs(
        "The law (Constitution, Articles 11, 152, and 153) binds. Buzan (1991, p. 3) argues "
        "so since (2008) and in (June 2014)."), LEXICON)
    assert table["token"].tolist() == ["The", "law", "binds", "Buzan", "argues", "so", "since",
                                       "2008", "and", "in", "June", "2014"]


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


def test_real_paper_tokens(study):
    corpus, table = study.paper, study.tokens
    units = tokens.units_table(table)
    # every body paragraph contributes, in reading order
    assert table["paragraph_id"].drop_duplicates().tolist() == corpus.paragraphs[
        "paragraph_id"].tolist()
    # no citation survives into the tokens
    assert not table["token"].isin(["Mundell", "Pourhassan", "Adesnik"]).any()
    # nor the legal citation by article (its words stay only where the text itself uses them)
    assert not table["token"].isin(["Articles", "152", "153"]).any()
    # name variants of one person are one term, with the possessive folded in
    soleimani = units[units["term"] == "qassem_soleimani"]
    assert len(soleimani) > 80
    assert {"Soleimani", "Soleimani's", "Qassem Soleimani", "General Soleimani"} <= set(
        soleimani["surface"])
    matches = tokens.expression_matches(table, study.expressions)
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


def test_no_lexicon_merges_nothing():
    table = tokens.tokens_table(_paragraphs("Qassem Soleimani and national security."))
    assert table["unit"].tolist() == list(range(5))
    assert tokens.load_expressions(None).empty


def test_sentence_texts_match_the_tokens_sentences():
    paragraphs = _paragraphs("One (Mundell, 2017). Two here. Three.")
    sentences = tokens.sentence_texts(paragraphs)
    assert sentences["text"].tolist() == ["One .", "Two here.", "Three."]
    table = tokens.tokens_table(paragraphs, LEXICON)
    assert sorted(set(table["sentence"])) == sentences["sentence"].tolist()


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


def test_offsets_point_into_the_text_as_written():
    text = "Iran's forces (Mundell, 2017, p. 56) won;  the  U.S. lost — badly."
    table = tokens.tokens_table(_paragraphs(text), LEXICON)
    assert [text[a:b] for a, b in zip(table["start"], table["end"], strict=True)] == \
        table["token"].tolist()
    # by hand: "Iran's" 0-6, "forces" 7-13, the citation 14-36 skipped, "won" 37-40, ";" and
    # two spaces, "the" 43-46, two spaces, "U.S." 48-52
    assert table.set_index("token").loc["won", ["start", "end"]].tolist() == [37, 40]
    assert table.set_index("token").loc["U.S.", ["start", "end"]].tolist() == [48, 52]
    units = tokens.units_table(tokens.tokens_table(_paragraphs("He met Qassem  Soleimani."),
                                                   LEXICON))
    merged = units[units["term"] == "qassem_soleimani"].iloc[0]
    assert (merged["start"], merged["end"]) == (7, 24)  # the whole name, both spaces included


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["Iran's", "forces", "(Mundell, 2017)", "won.", "U.S.", "—",
                                 "\n", "the", "(June 2014)", "al-Shaabi", "Soleimani"]),
                min_size=1, max_size=25))
def test_offsets_and_stripped_text_agree(words):
    text = " ".join(words)
    table = tokens.tokens_table(_paragraphs(text), LEXICON)
    assert all(text[a:b] == t for a, b, t in zip(table["start"], table["end"], table["token"],
                                                  strict=True))
    stripped, _, _ = tokens._stripped_with_offsets(text)
    assert stripped == tokens.strip_citations(text)


def test_strip_citations_by_hand():
    assert tokens.strip_citations("Trade grew (Mundell, 2017, p. 56).  It fell.") == \
        "Trade grew . It fell."
    assert tokens.strip_citations("No citation here") == "No citation here"


def test_capitalised_plurals_are_lemmatised_and_acronyms_stay():
    assert tokens.lemma_of("Americans") == "american"
    assert tokens.lemma_of("Iraqis") == "iraqi"
    assert tokens.lemma_of("Iranians") == "iranian"
    assert tokens.lemma_of("forces") == "force" and tokens.lemma_of("Forces") == "force"
    assert tokens.lemma_of("ISIS") == "isis" and tokens.lemma_of("IRGC") == "irgc"
    assert tokens.lemma_of("U.S.") == "u.s." and tokens.lemma_of("1391") == "1391"


def test_stopwords_are_decided_on_the_lemma():
    # "see" is a stopword, so every form counted under it is; "made" is, but its lemma is not
    table = tokens.tokens_table(_paragraphs("We see it; they saw it and had seen it. Made it."))
    stop = dict(zip(table["token"], table["stop"], strict=False))
    assert stop["see"] and stop["saw"] and stop["seen"]
    assert not stop["Made"]
    assert (table.groupby("lemma")["stop"].nunique() == 1).all()


def test_names_kept_whole_by_the_study_lexicon(study):
    units = study.units
    assert set(units.loc[units["term"] == "america", "surface"]) <= {"America", "America's"}
    security = units.loc[units["term"] == "security", "surface"]
    assert not security.str.contains("Council|Studies").any()
    assert (units["term"] == "latin_america").sum() == 1
    assert (units["term"] == "un_security_council").sum() == 1


def test_describe_expressions_by_hand():
    matches = pd.DataFrame({"term": ["a", "a", "b"], "label": ["A", "A", "B"],
                            "variant": ["a one", "a two", "b"], "kind": "name", "n": [3, 0, 2]})
    assert tokens.describe_expressions(matches) == (
        "The lexicon lists 3 variants of 2 terms; 2 variants of 2 terms occur, 5 times in all. "
        "Most varied: A (1 of 2 variants found, 3 in all; most often 'a one', 3); "
        "B (1 of 1 variants found, 2 in all; most often 'b', 2).")
    assert "nothing is merged" in tokens.describe_expressions(matches.iloc[:0])
