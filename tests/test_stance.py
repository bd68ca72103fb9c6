"""Stance and engagement markers: categories, context rules, no double coding, rates, audit."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import stance, stance_rates, tokens, vocabulary
from analysis.lexicons import LexiconError

NO_EXPRESSIONS = pd.DataFrame(columns=tokens.EXPRESSION_COLUMNS)
MARKERS = stance.load_markers()


def _coded(*texts: str, candidates: bool = False) -> pd.DataFrame:
    """Markers in paragraphs P0, P1, ... (one section each), with the study's lexicon."""
    paragraphs = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                               "section_id": [f"S{i}" for i in range(len(texts))],
                               "text": list(texts)})
    table = tokens.tokens_table(paragraphs, NO_EXPRESSIONS)
    sentences = tokens.sentence_texts(paragraphs)
    found = stance.marker_candidates(table, sentences, MARKERS)
    return found if candidates else found[found["kept"]].reset_index(drop=True)


def _codes(text: str) -> list[tuple[str, str]]:
    """(category, surface) of every kept marker in ``text``."""
    found = _coded(text)
    return list(zip(found["category"], found["surface"], strict=True))


# ---------------------------------------------------------------------------
# Lexicon


def test_lexicon_is_valid_and_cites_only_named_sources():
    assert set(MARKERS["category"]) == set(stance.CATEGORIES)
    assert (MARKERS["dimension"] == MARKERS["category"].map(stance.CATEGORIES)).all()
    named = MARKERS["source"].str.startswith(("Hyland & Tse 2004", "Hyland & Zou 2021",
                                              "Zou & Hyland 2024", "added by this study"))
    assert named.all()
    assert (MARKERS["note"].str.len() > 0).all()


@pytest.mark.parametrize("change, message", [
    ({"category": "emphatic"}, "category 'emphatic'"),
    ({"rule": "guess"}, "rule 'guess'"),
    ({"dimension": "engagement"}, "dimension in data row 1"),
])
def test_lexicon_refuses_bad_rows(tmp_path, change, message):
    row = {"category": "hedge", "dimension": "stance", "item": "perhaps", "form": "word",
           "source": "s", "rule": "none", "note": "n"} | change
    path = tmp_path / "markers.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    with pytest.raises(LexiconError, match=message):
        stance.load_markers(path)


def test_lexicon_refuses_items_with_the_same_lemmas(tmp_path):
    rows = [{"category": "self_mention", "dimension": "stance", "item": item, "form": "word",
             "source": "s", "rule": "none", "note": "n"} for item in ("we", "us")]
    path = tmp_path / "markers.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(LexiconError, match="same words once lemmatised"):
        stance.load_markers(path)


# ---------------------------------------------------------------------------
# Each category, hand-counted

TEXT = ("Perhaps the results suggest a change. In fact, this is clearly true. Unfortunately, the "
        "plan failed. In this paper we argue that our analysis holds. You can see that the effect "
        "is real. Note that the data are limited. Why does this matter? Of course, readers know "
        "this. Incidentally, the data were collected in 2019. One can doubt it.")


def test_each_category_hand_counted():
    found = _coded(TEXT)
    counts = found.groupby("category").size().to_dict()
    assert counts == {"hedge": 2, "booster": 2, "attitude_marker": 1, "self_mention": 2,
                      "reader_mention": 1, "directive": 2, "question": 1,
                      "shared_knowledge": 1, "personal_aside": 1}
    assert found.loc[found["category"] == "directive", "surface"].tolist() == [
        "You can see that", "Note that"]
    assert set(found["dimension"]) == {"stance", "engagement"}
    assert (found["voice"] == "author").all()


# ---------------------------------------------------------------------------
# Context rules, each on hand-made sentences

@pytest.mark.parametrize("text, expected", [
    # may: epistemic vs the month
    ("In May 2019 the talks began.", []),
    ("The talks began in May.", []),
    ("The talks may fail.", [("hedge", "may")]),
    # will: prediction vs plain future vs the noun
    ("The alliance will contribute to security.", [("booster", "will")]),
    ("The summit will be held next week.", []),
    ("It reflects the will of the people.", []),
    # clearly: booster vs manner
    ("The officer explained clearly how it works.", []),
    ("This is clearly wrong.", [("booster", "clearly")]),
    ("Clearly, the plan failed.", [("booster", "Clearly")]),
    # should: directive (reader), hedge (likelihood), obligation on a third party
    ("You should read the report.", [("reader_mention", "You"), ("directive", "should")]),
    ("The results should be similar.", [("hedge", "should")]),
    ("It should be noted that costs rose.", [("directive", "should")]),
    ("The state should act.", [("attitude_marker", "should")]),
    # must: deontic (reader / third party) vs epistemic
    ("This must have been deliberate.", [("booster", "must")]),
    ("The state must act.", [("attitude_marker", "must")]),
    # we: exclusive, inclusive, inside an appeal to shared knowledge
    ("We argue that power matters.", [("self_mention", "We")]),
    ("Today we can observe the change.", [("reader_mention", "we")]),
    ("As we all know, power matters.", [("shared_knowledge", "As we all know")]),
    ("We must act now.", [("reader_mention", "We"), ("directive", "must")]),
    ("He emphasized that our country is free.", []),
    # might: modal vs noun; could: hedge vs past ability
    ("Military might decides wars.", []),
    ("The war might end.", [("hedge", "might")]),
    ("He was the only one who could help.", []),
    ("This could explain the rise.", [("hedge", "could")]),
    ("These factors could have caused the war.", [("hedge", "could")]),
    # certain: booster only when predicative
    ("A certain group opposed it.", []),
    ("It is certain that he left.", [("booster", "certain")]),
    ("It holds to a certain extent.", [("hedge", "to a certain extent")]),
    # indeed, of course, let us
    ("Indeed, the war ended.", [("booster", "Indeed")]),
    ("If indeed the war ended, peace followed.", []),
    ("Of course, power matters.", [("shared_knowledge", "Of course")]),
    ("The change of course surprised them.", []),
    ("Let us consider the case.", [("directive", "Let us")]),
    ("Let's consider the case.", [("directive", "Let's")]),
    ("They let them go.", []),
    # imperatives: sentence-initial or after a bracket, base form
    ("See Table 1 for details.", [("directive", "See")]),
    ("Consider the case of Iraq.", [("directive", "Consider")]),
    ("Costs rose (see Table 2) in 2019.", [("directive", "see")]),
    ("He wanted to see the future.", []),
    ("Considering the costs, they left.", []),
    # questions
    ("Why did the war end?", [("question", "?")]),
    # self-mention I vs the numeral; generic one
    ("World War I changed the region.", []),
    ("I argue that it failed.", [("self_mention", "I")]),
    ("One can see the difference.", [("reader_mention", "One")]),
    ("One of the leaders left.", []),
    # rounders, reported would and believe, superlative most, show with a claim
    ("About 30 people came.", [("hedge", "About")]),
    ("They talked about the war.", []),
    ("He believed that the war would end.", []),
    ("This would weaken the state.", [("hedge", "would")]),
    ("We believe that the claim holds.", [("self_mention", "We"), ("hedge", "believe")]),
    ("It is the most important factor.", [("booster", "most"), ("attitude_marker", "important")]),
    ("Most countries agreed.", []),
    ("The results show that power matters.", [("booster", "show")]),
    ("He showed them the map.", []),
    ("It is important to note the costs.", [("directive", "is important to")]),
    ("It is important to the region.", [("attitude_marker", "is important to")]),
    # significant: importance is an attitude, size is not
    ("He played a significant role.", [("attitude_marker", "significant")]),
    ("A significant part of it was lost.", []),
    ("Trade saw a significant surge.", []),
    # an obligation or judgement reported from a third party is not the writers'
    ("His perspective was that forces should be identified.", []),
    ("The government concluded that it must act.", []),
    ("He believed that it is necessary to act.", []),
])
def test_context_rules(text, expected):
    assert _codes(text) == expected


def test_rules_keep_what_they_remove_as_candidates():
    found = _coded("In May 2019 the talks began. The talks may fail.", candidates=True)
    assert found[["surface", "kept", "rule"]].values.tolist() == [
        ["May", False, "may_month"], ["may", True, "may_month"]]
    assert found.loc[0, "reading"].startswith("the month May")


def test_quoted_speech_is_the_speakers_voice_across_sentences():
    found = _coded('He said, "We will win. We must fight." Then he left. Why?')
    assert found["voice"].tolist() == ["quoted"] * 4 + ["author"]
    assert found["category"].tolist() == ["reader_mention", "booster", "reader_mention",
                                          "directive", "question"]
    reported = _coded("He said that we will win.")  # unquoted: reported, not the writers' we
    assert reported["category"].tolist() == ["booster"]
    asked = _coded('He asked, "Why now?"')
    assert asked[["category", "voice"]].values.tolist() == [["question", "quoted"]]


# ---------------------------------------------------------------------------
# No token coded twice

FILLER = ["the", "state", "war", "policy", "and", "of", "region", "in", "2019", "power"]
ITEMS = [i for i in MARKERS.loc[MARKERS["form"] != "pattern", "item"]] + ["May", "Let's", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FILLER + ITEMS), min_size=1, max_size=25))
def test_no_token_coded_twice(words):
    found = _coded(" ".join(words), candidates=True)
    spans = found[found["level"] == "token"]
    covered = [(p, pos) for p, a, b in zip(spans["paragraph_id"], spans["first"], spans["last"],
                                           strict=True) for pos in range(a, b + 1)]
    assert len(covered) == len(set(covered))
    assert found["kept"].isin([True, False]).all()
    assert set(found.loc[found["kept"], "category"]) <= set(stance.CATEGORIES)


# ---------------------------------------------------------------------------
# Rates and audit (analysis.claims)


def _matches(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["category", "section_id", "voice"]).assign(
        dimension=lambda m: m["category"].map(stance.CATEGORIES))


def _sizes(words: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"section_id": list(words), "n_words": list(words.values())})


def test_section_rates_hand_computed():
    matches = _matches([("hedge", "A", "author"), ("hedge", "A", "author"),
                        ("booster", "B", "author"), ("question", "B", "author"),
                        ("hedge", "B", "quoted")])
    rates = stance_rates.stance_rates(matches, _sizes({"A": 400, "B": 100}))
    rates = rates.set_index(["category", "section_id"])
    whole = vocabulary.WHOLE_PAPER
    assert rates.loc[("hedge", "A"), ["n_words", "n", "rate"]].tolist() == [400, 2, 5.0]
    assert rates.loc[("hedge", "B"), "n"] == 0  # the quoted hedge is the speaker's
    assert rates.loc[("hedge", whole), "rate"] == pytest.approx(2 / 500 * 1000)
    assert rates.loc[("booster", "B"), "rate"] == pytest.approx(10.0)
    assert rates.loc[("stance_total", whole), "n"] == 3
    assert rates.loc[("engagement_total", "B"), "rate"] == pytest.approx(10.0)
    assert rates.loc[("directive", "A"), "n"] == 0  # zeros kept
    every = stance_rates.stance_rates(matches, _sizes({"A": 400, "B": 100}), voice="all")
    assert every.set_index(["category", "section_id"]).loc[("hedge", "B"), "n"] == 1
    order = rates.reset_index()["section_id"].drop_duplicates().tolist()
    assert order == ["A", "B", whole]
    categories = rates.reset_index()["category"].drop_duplicates().tolist()
    assert categories == [*stance.CATEGORIES, "stance_total", "engagement_total"]


def test_section_rates_refuse_a_missing_denominator_and_mark_empty_sections():
    matches = _matches([("hedge", "C", "author")])
    with pytest.raises(ValueError, match="no word count for section"):
        stance_rates.stance_rates(matches, _sizes({"A": 10}))
    rates = stance_rates.stance_rates(_matches([]), _sizes({"A": 0}))
    assert rates["rate"].isna().all()


def test_audit_sample_is_seeded_and_bounded():
    texts = ["The talks may fail. This is clearly wrong. It might work. We must act. "
             "Perhaps it ends. Why? It could rain. This is indeed so."] * 3
    found = _coded(*texts)
    sentences = tokens.sentence_texts(pd.DataFrame({
        "paragraph_id": [f"P{i}" for i in range(3)], "section_id": [f"S{i}" for i in range(3)],
        "text": texts}))
    first = stance_rates.audit_sample(found, sentences, n=2, seed=3)
    assert first.equals(stance_rates.audit_sample(found, sentences, n=2, seed=3))
    assert (first.groupby("category").size() <= 2).all()
    categories = first["category"].drop_duplicates().tolist()
    assert categories == [c for c in stance.CATEGORIES if c in categories]
    assert first["text"].notna().all()
    assert stance_rates.audit_sample(found.iloc[0:0], sentences).empty


# ---------------------------------------------------------------------------
# The study's paper


def test_real_paper(study):
    found = stance.marker_candidates(study.tokens, study.sentences)
    kept = found[found["kept"]]
    month = found[(found["surface"] == "May") & found["right"].str.startswith("2011")]
    assert len(month) == 1 and not month["kept"].iat[0]  # "in May 2011"
    regions = found[(found["surface"] == "certain") & found["right"].str.startswith("regions")]
    assert len(regions) == 1 and not regions["kept"].iat[0]  # "certain regions"
    boosters = kept[kept["category"] == "booster"]["surface"].str.lower().tolist()
    assert boosters.count("undeniable") == 2 and "unparalleled" in boosters
    assert "foremost" in boosters
    duty = kept[kept["right"].str.startswith("respond")]  # "I have a duty, and I must respond."
    assert duty["voice"].tolist() == ["quoted"]
    assert (kept.loc[kept["category"] == "self_mention", "voice"] == "quoted").all()
    assert set(kept["category"]) <= set(stance.CATEGORIES)
    size = found[(found["item"] == "significant") & found["right"].str.startswith("part")]
    assert len(size) == 1 and not size["kept"].iat[0]


def test_another_paper_is_coded_with_the_same_lexicon(tmp_path):
    paper = tmp_path / "other.md"
    paper.write_text("# A title\n\n## Methods\n\nWe argue that the results clearly show "
                     "a change. Perhaps it may rain in May 2020.\n", encoding="utf-8")
    from analysis.study import load_study

    other = load_study(paper, config=None)
    found = stance.stance_matches(other.tokens, other.sentences)
    assert found[["category", "surface"]].values.tolist() == [
        ["self_mention", "We"], ["booster", "clearly"], ["booster", "show"], ["hedge", "Perhaps"],
        ["hedge", "may"]]
    rates = stance_rates.stance_rates(found, other.sizes)
    assert rates.loc[rates["section_id"] == vocabulary.WHOLE_PAPER, "n_words"].iat[0] == int(
        other.sizes["n_words"].sum())


# ---------------------------------------------------------------------------
# Summaries and sentences generated from the tables


def test_lexicon_summary_and_rule_verdicts():
    summary = stance_rates.lexicon_summary(MARKERS).set_index("category")
    assert summary["items"].sum() == len(MARKERS)
    assert summary.loc["question", ["items", "with_rule"]].tolist() == [1, 1]
    verdicts = stance_rates.rule_verdicts(
        _coded("In May 2019 the talks began. The talks may fail. It may rain.", candidates=True))
    assert verdicts[["item", "reading", "category", "kept", "n"]].values.tolist() == [
        ["may", "epistemic may", "hedge", True, 2],
        ["may", "the month May (before a year or day)", "", False, 1]]


def test_audit_shows_the_marker_in_its_sentence():
    found = _coded("The talks may fail.")
    sentences = tokens.sentence_texts(pd.DataFrame({"paragraph_id": ["P0"],
                                                    "section_id": ["S0"],
                                                    "text": ["The talks may fail."]}))
    audit = stance_rates.audit_sample(found, sentences)
    assert audit["context"].tolist() == ["The talks «may» fail."]


def test_describe_rates_hand_computed():
    matches = _matches([("hedge", "A", "author"), ("booster", "A", "author"),
                        ("booster", "B", "author"), ("question", "B", "author")])
    sizes = _sizes({"A": 400, "B": 100}).assign(major=[True, False])
    rates = stance_rates.stance_rates(matches, sizes)
    assert stance_rates.describe_rates(rates, sizes, pd.Series({"A": "Alpha"})) == [
        "Over the paper's 500 words the writers use 3 stance markers (6.0 per 1,000 words) and "
        "1 engagement marker (2.0 per 1,000 words), quotations excluded.",
        "By category: boosters 4.0, hedges 2.0, questions 2.0.",
        "Not found in the writers' voice: attitude markers, self-mentions, reader mentions, "
        "directives, appeals to shared knowledge, personal asides.",
        "Boosters outnumber hedges (2 to 1).",
        "Among major sections, stance markers are densest in Alpha (5.0 per 1,000 words, "
        "2 markers)."]


def test_describe_norms_says_what_was_not_found():
    comparison = pd.DataFrame({
        "category": ["hedge", "self_mention", "directive"], "paper_n": [2, 0, 1],
        "paper_rate": [4.0, 0.0, 2.0], "corpus": ["research articles"] * 3,
        "cited_as": ["A 2024, Table 4", "A 2024, Table 4", "B 2005"],
        "norm_rate": [16.0, 4.0, float("nan")], "ratio": [0.25, 0.0, float("nan")],
        "found": [True, True, False]})
    assert stance_rates.describe_norms(comparison) == [
        "Hedges: 4.0 per 1,000 words in the paper against 16.0 in research articles as given in "
        "A 2024, Table 4; the paper's rate is 0.25 times the published one.",
        "Self-mentions: none in the paper against 4.0 per 1,000 words in research articles as "
        "given in A 2024, Table 4.",
        "Not found: B 2005, for research articles. Its figures could not be read in a source "
        "this study could cite, so no number is given for directives."]
