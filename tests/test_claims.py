"""Claims and evidence: citation placement, the scope rule, support per section, norms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import citations, claims, stance, stance_rates, tokens, vocabulary

NO_EXPRESSIONS = pd.DataFrame(columns=tokens.EXPRESSION_COLUMNS)
EVALUATIONS = pd.DataFrame(
    [("heroic", "heroic", "lemma", "evaluation"), ("undeniable", "undeniably", "lemma",
                                                   "evaluation")],
    columns=["label", "pattern", "match", "kind"]).assign(note="n")


def _paragraphs(*texts: str, sections: tuple[str, ...] | None = None) -> pd.DataFrame:
    sections = sections or tuple("S1" for _ in texts)
    return pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                         "section_id": list(sections), "text": list(texts)})


def _claims(paragraphs: pd.DataFrame, scope: str = "backward") -> pd.DataFrame:
    table = tokens.tokens_table(paragraphs, NO_EXPRESSIONS)
    sentences = tokens.sentence_texts(paragraphs)
    matches = stance.stance_matches(table, sentences)
    return claims.claim_table(table, sentences, paragraphs, matches, EVALUATIONS, scope)


# ---------------------------------------------------------------------------
# The scope rule on constructed paragraphs


@pytest.mark.parametrize("cited, backward, sentence", [
    ([False, True, False, False, True, False], [1, 1, 4, 4, 4, -1], [-1, 1, -1, -1, 4, -1]),
    ([True, True], [0, 1], [0, 1]),
    ([False, False], [-1, -1], [-1, -1]),
    ([], [], []),
])
def test_support_scope(cited, backward, sentence):
    assert claims.support_scope(cited) == backward
    assert claims.support_scope(cited, "sentence") == sentence


def test_support_scope_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="scope 'paragraph'"):
        claims.support_scope([True], "paragraph")


# ---------------------------------------------------------------------------
# Citations placed in the tokens table's sentences


def test_citations_go_to_the_sentence_they_follow_or_lie_in():
    text = ("A rose early. B is vital (Smith, 2019, p. 4). C holds. (Jones, 2020) "
            "Buzan (1991, p. 3) argues that D follows.")
    evidence = claims.evidence_sentences(_paragraphs(text))
    # a narrative citation's bracket is the citation; the name stays in the text
    assert evidence["citations"].tolist() == ["", "(Smith, 2019, p. 4)", "(Jones, 2020)",
                                              "(1991, p. 3)"]
    assert evidence["text"].tolist()[2] == "C holds. (Jones, 2020)"
    stripped = tokens.sentence_texts(_paragraphs(text))
    assert len(stripped) == len(evidence)  # the tokens table's sentence numbering
    assert evidence["sentence"].tolist() == stripped["sentence"].tolist()


def test_a_paragraph_without_citations_has_none():
    evidence = claims.evidence_sentences(_paragraphs("No source here. None there."))
    assert evidence["n_citations"].tolist() == [0, 0]


# ---------------------------------------------------------------------------
# Claims, support per section, strongest unsupported claims

P0 = ("Soleimani was undeniably a heroic commander. The war lasted years (Smith, 2019). "
      "He was a heroic figure.")
P1 = 'This was truly a heroic act. He said, "a heroic act". It rained.'


def test_claims_strength_support_and_quotes():
    table = _claims(_paragraphs(P0, P1, sections=("S1", "S2")))
    rows = table.set_index(["paragraph_id", "sentence"])
    # "undeniably" is a booster and an evaluation pattern: counted once, as a booster
    assert rows.loc[("P0", 0), ["n_boosters", "n_evaluative", "strength"]].tolist() == [1, 1, 2]
    assert rows.loc[("P0", 0), "supported_by"] == 1  # the citation in the next sentence
    assert not rows.loc[("P0", 0), "cited_in_sentence"]
    assert rows.loc[("P0", 1), "cited_in_sentence"] and not rows.loc[("P0", 1), "claim"]
    assert not rows.loc[("P0", 2), "supported"]  # after the paragraph's last citation
    assert rows.loc[("P1", 1), "n_evaluative"] == 0  # inside quotation marks
    assert rows.loc[("P1", 0), "boosters"] == "truly"
    paragraphs = _paragraphs(P0, P1, sections=("S1", "S2"))
    table, sentences = tokens.tokens_table(paragraphs, NO_EXPRESSIONS), tokens.sentence_texts(
        paragraphs)
    matches = stance.stance_matches(table, sentences)
    labels_only = claims.claim_table(table, sentences, paragraphs, matches, EVALUATIONS,
                                     kinds=("label",))
    assert labels_only["n_evaluative"].sum() == 0  # both test entries are evaluations
    # without an evaluation lexicon (a paper without a configuration) boosters alone count
    boosters_only = claims.claim_table(table, sentences, paragraphs, matches, None)
    assert boosters_only["claim"].tolist() == boosters_only["boosted"].tolist()
    assert boosters_only["n_evaluative"].sum() == 0 and boosters_only["claim"].sum() == 2
    assert table.shape[0] and rows["word"].is_monotonic_increasing
    strict = _claims(_paragraphs(P0, P1, sections=("S1", "S2")), "sentence")
    assert not strict.set_index(["paragraph_id", "sentence"]).loc[("P0", 0), "supported"]


def test_section_support_hand_computed():
    table = _claims(_paragraphs(P0, P1, sections=("S1", "S2")))
    support = claims.section_support(table).set_index("section_id")
    assert support.loc["S1", ["n_sentences", "n_claims", "n_supported"]].tolist() == [3, 2, 1]
    assert support.loc["S1", "share_supported"] == pytest.approx(0.5)
    assert support.loc["S1", "share_cited_in_sentence"] == 0
    assert support.loc["S1", ["n_boosted", "n_boosted_supported"]].tolist() == [1, 1]
    assert support.loc["S2", "share_supported"] == 0
    assert support.loc["all", "n_claims"] == 3
    assert support.index.tolist() == ["S1", "S2", vocabulary.WHOLE_PAPER]
    empty = claims.section_support(_claims(_paragraphs("It rained.")))
    assert np.isnan(empty.loc[0, "share_supported"])  # no claim: not measured, not zero


def test_strongest_unsupported_claims_ranked_with_ties_in_reading_order():
    table = _claims(_paragraphs(P0, P1, "It was a heroic day.", sections=("S1", "S2", "S3")))
    top = claims.unsupported_claims(table, top=3)
    assert top["rank"].tolist() == [1, 2, 3]
    assert list(zip(top["paragraph_id"], top["sentence"], top["strength"], strict=True)) == [
        ("P1", 0, 2), ("P0", 2, 1), ("P2", 0, 1)]
    assert top.loc[0, "text"] == "This was truly a heroic act."
    assert len(claims.unsupported_claims(table, top=1)) == 1


# ---------------------------------------------------------------------------
# Published norms


def test_norms_cite_every_number_and_mark_what_was_not_found():
    norms = stance_rates.load_norms()
    found = norms[norms["rate_per_1000_words"].notna()]
    missing = norms[norms["rate_per_1000_words"].isna()]
    assert len(found) and len(missing)
    assert (found["status"].str.startswith("read in")).all()
    assert (missing["status"] == "not found").all()
    assert found["source"].str.contains("http").all()  # where each figure was read
    assert (found["where"] != "not found").all()
    assert set(norms["category"]) <= set(stance_rates.rate_keys()["category"])
    # Hyland (2005a)'s table was not found: every category listed as such, none filled in
    hyland = norms[norms["cited_as"].str.startswith("Hyland 2005a")]
    assert set(hyland["category"]) == set(stance_rates.rate_keys()["category"])
    assert hyland["rate_per_1000_words"].isna().all()


def test_norm_comparison_keeps_what_was_not_found():
    rates = pd.DataFrame({"dimension": ["stance", "stance"], "category": ["hedge", "booster"],
                          "section_id": [vocabulary.WHOLE_PAPER] * 2, "n_words": [1000, 1000],
                          "n": [5, 1], "rate": [5.0, 1.0]})
    norms = pd.DataFrame({"category": ["hedge", "booster"], "corpus": ["g", "g"],
                          "rate_per_1000_words": [10.0, np.nan], "status": ["read", "not found"],
                          "cited_as": ["a", "b"], "source": ["s", "s"], "reproduces": ["r", "r"],
                          "where": ["t", "t"], "page": ["p", "p"], "note": ["n", "n"]})
    compared = stance_rates.norm_comparison(rates, norms)
    assert compared[["category", "paper_rate", "norm_rate", "ratio", "found"]].values.tolist(
        )[0] == ["hedge", 5.0, 10.0, 0.5, True]
    assert not compared.loc[1, "found"] and np.isnan(compared.loc[1, "ratio"])


# ---------------------------------------------------------------------------
# The study's paper


def test_real_paper_claims(study):
    paragraphs = study.paper.paragraphs
    evidence = claims.evidence_sentences(paragraphs)
    brackets = sum(len(citations.citation_brackets(t)) for t in paragraphs["text"])
    assert evidence["n_citations"].sum() == brackets  # every citation placed once
    table, sentences = study.tokens, study.sentences
    assert len(evidence) == len(sentences)
    matches = stance.stance_matches(table, sentences)
    from analysis import predication

    evaluations = predication.load_evaluations(study.config.lexicon("evaluations"))
    claim = claims.claim_table(table, sentences, paragraphs, matches, evaluations)
    assert claim["word"].is_monotonic_increasing and claim["word"].max() < len(study.units)
    assert (claim.loc[claim["supported"], "supported_by"] >= claim.loc[claim["supported"],
                                                                       "sentence"]).all()
    assert (claim["cited_in_sentence"] <= claim["supported"]).all()
    top = claims.unsupported_claims(claim)
    assert top["strength"].is_monotonic_decreasing and not top.empty


# ---------------------------------------------------------------------------
# Sentences generated from the tables, and a paper without citations


def test_describe_support_hand_computed():
    table = _claims(_paragraphs(P0, P1, sections=("S1", "S2")))
    support = claims.section_support(table)
    assert claims.describe_support(support, pd.Series({"S2": "Second"})) == [
        "3 of the paper's 6 sentences are claims in this sense; under the backward scope rule "
        "1 of them (33%) have a supporting citation, and 0 (0%) a citation in the sentence "
        "itself.",
        "Of the 2 sentences with a booster, 1 (50%) have a supporting citation.",
        "Sections whose boosted claims carry no supporting citation (boosted claims in "
        "brackets, most first): Second (1)."]
    assert claims.support_note(table) == (
        "a citation in the sentence (0 claims), a citation later in the paragraph under the "
        "'backward' scope rule (1), or none (2)")


def test_without_any_citation_support_is_not_measured():
    table = _claims(_paragraphs("This was truly a heroic act. It rained."))
    assert not claims.support_measured(table)
    support = claims.section_support(table)
    assert support[["n_supported", "share_supported", "n_boosted_supported"]].isna().all().all()
    assert support["n_claims"].tolist() == [1, 1]  # claims are still counted
    assert claims.unsupported_claims(table).empty  # no false "unsupported" finding
    assert "not measured" in claims.describe_support(support, pd.Series(dtype=str))[0]
    assert "not measured" in claims.support_note(table)


def test_claim_definitions_and_note():
    paragraphs = _paragraphs(P0, P1, sections=("S1", "S2"))
    table, sentences = tokens.tokens_table(paragraphs, NO_EXPRESSIONS), tokens.sentence_texts(
        paragraphs)
    matches = stance.stance_matches(table, sentences)
    definitions = claims.claim_definitions(table, sentences, paragraphs, matches, EVALUATIONS)
    assert definitions[["definition", "n_claims"]].values.tolist() == [
        ["boosters only", 2], ["boosters and evaluative words", 3],
        ["boosters, evaluative words and labels", 3]]
    alone = claims.claim_definitions(table, sentences, paragraphs, matches, None)
    assert alone["definition"].tolist() == ["boosters only"]
    assert claims.definition_note(None).startswith(
        "The paper's study configuration names no evaluation lexicon, so boosters alone")
    assert claims.definition_note(EVALUATIONS) == (
        "Claims are sentences with a booster or one of the 2 entries of the paper's evaluation "
        "lexicon of kind label or evaluation (2 entries in all).")
