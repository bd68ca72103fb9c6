"""Discourse coding: hand-counted matches, longest match, no double counting, real paper."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import discourse, frequency, matcher, tokens, vocabulary
from analysis.lexicons import LexiconError

EXPRESSIONS = pd.DataFrame({
    "term": ["axis_of_resistance", "islamic_republic"],
    "label": ["Axis of Resistance", "Islamic Republic"],
    "variant": ["axis of resistance", "islamic republic"],
    "kind": ["multiword", "multiword"],
    "note": ["n", "n"],
})

CATEGORIES = pd.DataFrame(
    [("sector", "military", "military", "lemma"),
     ("sector", "military", "military security", "phrase"),
     ("sector", "political", "political", "lemma"),
     ("sector", "political", "government", "lemma"),
     ("sector", "political", "political security", "phrase"),
     ("frame", "terrorism", "terror", "prefix"),
     ("frame", "resistance", "axis_of_resistance", "term"),
     ("frame", "resistance", "resistance", "lemma"),
     ("frame", "identity", "islamic", "lemma")],
    columns=["dimension", "category", "pattern", "match"]).assign(note="n")

TEXT_A = ("Military security and military threats worry the government. "
          "The Islamic Republic joined the Axis of Resistance against terrorists and terrorism.")
TEXT_B = "Islamic unity and political governments matter."


def _coded(*texts: str, sections: tuple[str, ...] | None = None):
    sections = sections or tuple(f"S{i:02d}" for i in range(len(texts)))
    paragraphs = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(len(texts))],
                               "section_id": list(sections), "text": list(texts)})
    table = tokens.tokens_table(paragraphs, EXPRESSIONS)
    sentences = tokens.sentence_texts(paragraphs)
    return table, sentences, discourse.code_matches(table, sentences, CATEGORIES)


def _sizes(table: pd.DataFrame) -> pd.DataFrame:
    ids = sorted(set(table["section_id"]))
    sections = pd.DataFrame({"section_id": ids, "order": range(1, len(ids) + 1),
                             "heading": ids})
    return frequency.section_sizes(table, sections, frequency.section_labels(sections))


def test_hand_counts_and_rates():
    table, _, matches = _coded(TEXT_A, TEXT_B)
    counts = matches.groupby(["category"]).size().to_dict()
    # military: "Military security" (once, as the phrase) + "military"; not 3.
    # political: government, political, governments; "Islamic Republic" is a name, not
    # religion; "Axis of Resistance" counts once, and its "Resistance" not again.
    assert counts == {"military": 2, "political": 3, "terrorism": 2, "resistance": 1,
                      "identity": 1}
    assert matches.loc[matches["category"] == "military", "surface"].tolist() == [
        "Military security", "military"]
    rates = discourse.category_counts(matches, _sizes(table), CATEGORIES).set_index(
        ["category", "section_id"])
    # the one denominator: 8 + 12 tokens, less one for "Islamic Republic" and two for
    # "Axis of Resistance", each merged into one word
    assert rates.loc[("military", "S00"), "n_words"] == 17
    assert rates.loc[("military", "S00"), "rate"] == pytest.approx(2 / 17 * 1000)
    assert rates.loc[("political", "S01"), ["n_words", "n"]].tolist() == [6, 2]
    assert rates.loc[("political", "all"), ["n_words", "n"]].tolist() == [23, 3]
    assert rates.loc[("identity", "S00"), "n"] == 0  # zeros are kept


def test_context_keeps_punctuation():
    _, _, matches = _coded(TEXT_A, TEXT_B)
    first = matches.iloc[0]
    assert (first["left"], first["surface"], first["right"]) == (
        "", "Military security", "and military threats worry the government.")
    term = matches[matches["pattern"] == "axis_of_resistance"].iloc[0]
    assert term["left"] == "The Islamic Republic joined the"
    assert term["right"] == "against terrorists and terrorism."
    short = discourse.add_context(matches.head(1).drop(columns=["left", "right"]),
                                  *_coded(TEXT_A)[:2], width=10)
    assert short["right"].iat[0] == "and milita…"


def test_pattern_hits_lists_zeros():
    _, _, matches = _coded(TEXT_A, TEXT_B)
    hits = discourse.pattern_hits(matches, CATEGORIES).set_index("pattern")["n"]
    assert hits["political security"] == 0 and hits["military security"] == 1
    assert hits["resistance"] == 0 and hits["axis_of_resistance"] == 1
    assert hits.sum() == len(matches)


def test_validation_sample_is_seeded_and_bounded():
    _, _, matches = _coded(TEXT_A, TEXT_B)
    one = discourse.validation_sample(matches, CATEGORIES, n=1, seed=3)
    assert one.equals(discourse.validation_sample(matches, CATEGORIES, n=1, seed=3))
    assert one.groupby("category").size().max() == 1
    assert one["category"].tolist() == ["military", "political", "terrorism", "resistance",
                                        "identity"]


def test_lexicon_refuses_unknown_match(tmp_path):
    bad = tmp_path / "cats.csv"
    bad.write_text("dimension,category,pattern,match,note\nsector,military,war,regex,n\n")
    with pytest.raises(LexiconError, match=r"match 'regex' in data row 1"):
        discourse.load_categories(bad)
    bad.write_text("dimension,category,pattern,match,note\nsector,a,war,lemma,n\n"
                   "sector,b,War,lemma,n\n")
    with pytest.raises(LexiconError, match="duplicated dimension"):
        discourse.load_categories(bad)


WORDS = ["military", "security", "political", "government", "and", "the", "terrorist",
         "Islamic", "Republic", "resistance", "Axis", "of", "threat"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_no_token_counted_twice(words):
    table, _, matches = _coded(" ".join(words) + ".")
    for _, group in matches.groupby("dimension"):
        covered = [p for m in group.itertuples() for p in range(m.first, m.last + 1)]
        assert len(covered) == len(set(covered))
    # every "military" is one military hit, whether or not "security" follows it
    assert (matches["category"] == "military").sum() == words.count("military")


def test_real_paper_coding(study):
    table, sentences = study.tokens, study.sentences
    # sentence indices agree with the tokens table
    assert len(sentences) == len(table[["paragraph_id", "sentence"]].drop_duplicates())
    categories = discourse.load_categories(study.config.lexicon("discourse"))
    single = categories[categories["match"].isin(["lemma", "prefix"])]
    assert matcher.pattern_tokens(single["pattern"])["keys"].map(len).eq(1).all()
    assert set(categories.loc[categories["dimension"] == "sector", "category"]) == {
        "military", "political", "economic", "societal", "environmental"}
    matches = discourse.code_matches(table, sentences, categories)
    counts = discourse.category_counts(matches, study.sizes, categories)
    whole = counts[counts["section_id"] == vocabulary.WHOLE_PAPER].set_index("category")["n"]
    sections = counts[counts["section_id"] != vocabulary.WHOLE_PAPER].groupby("category")["n"]
    sections = sections.sum()
    assert whole.equals(sections.reindex(whole.index))
    assert whole["environmental"] == 1  # only in Buzan's list of five sectors
    economic = counts[(counts["category"] == "economic")
                      & (counts["section_id"] != vocabulary.WHOLE_PAPER)]
    assert economic.loc[economic["rate"].idxmax(), "section_id"] == "S15"  # economic section
    # names are never coded by their parts
    assert not matches["surface"].str.contains("Islamic Republic").any()
    assert (matches["surface"] == "Axis of Resistance").sum() >= 4


def test_stated_focus_comes_from_the_configuration(study):
    assert study.config.focus == ("military", "political", "economic")
    counts = pd.DataFrame({"dimension": ["sector", "sector", "frame"],
                           "category": ["military", "societal", "military"],
                           "section_id": vocabulary.WHOLE_PAPER, "n": [3, 1, 2],
                           "rate": [3.0, 1.0, 2.0]})
    whole = discourse.whole_paper(counts, ("military",))
    # only a sector can be the stated focus; shares are within a dimension
    assert whole["stated_focus"].tolist() == [True, False, False]
    assert whole["share"].tolist() == [0.75, 0.25, 1.0]
    assert not discourse.whole_paper(counts)["stated_focus"].any()


def test_no_lexicon_codes_nothing():
    table, sentences, _ = _coded(TEXT_A)
    empty = discourse.load_categories(None)
    matches = discourse.code_matches(table, sentences, empty)
    assert matches.empty and list(matches.columns) == discourse.MATCH_COLUMNS
    assert discourse.category_counts(matches, _sizes(table), empty).empty


def _rates(words: dict[str, int], hits: dict[str, int]) -> pd.DataFrame:
    sizes = pd.DataFrame({"section_id": list(words), "n_words": list(words.values())})
    rows = pd.DataFrame({"category": ["c"] * sum(hits.values()),
                         "section_id": [s for s, n in hits.items() for _ in range(n)]})
    return vocabulary.section_rates(rows, pd.DataFrame({"category": ["c", "d"]}), sizes)


def test_pool_sections_keeps_the_longest_and_pools_the_rest():
    counts = _rates({"A": 100, "B": 10, "C": 300, "D": 20, "E": 200}, {"B": 1, "D": 3, "C": 2})
    labels = pd.Series({s: s.lower() for s in "ABCDE"})
    pooled, named = discourse.pool_sections(counts, labels, cap=3)
    rows = pooled[pooled["category"] == "c"]
    # the two longest (C, E) stay in reading order, then B, A and D pooled, then the paper
    assert rows["section_id"].tolist() == ["C", "E", discourse.POOLED, vocabulary.WHOLE_PAPER]
    other = rows.set_index("section_id").loc[discourse.POOLED]
    assert other[["n_words", "n"]].tolist() == [130, 4]
    assert other["rate"] == pytest.approx(4 / 130 * 1000)
    assert named[discourse.POOLED] == "Other 3 sections"
    assert pooled["category"].drop_duplicates().tolist() == ["c", "d"]  # key order kept
    same, _ = discourse.pool_sections(counts, labels, cap=5)
    assert same is counts
    sections = pd.DataFrame({"section_id": [*"ABCDE", "F"], "n_words": [100, 10, 300, 20, 200, 0]})
    assert discourse.rows_note(sections, pooled) == (
        "1 heading with no text of its own is omitted. Of the paper's 5 sections with text, the "
        "2 longest are drawn in reading order and the other 3 are pooled in one row.")
    assert discourse.rows_note(sections.iloc[:5], counts) == ""


def test_pool_sections_scales_to_many_sections():
    words = {f"S{i:03d}": 50 + i for i in range(300)}
    counts = _rates(words, {"S000": 2, "S299": 1})
    pooled, named = discourse.pool_sections(counts, pd.Series(dtype=str), cap=24)
    rows = pooled[pooled["category"] == "c"]
    assert len(rows) == 25 and rows["section_id"].iat[-2] == discourse.POOLED
    whole = rows.set_index("section_id")
    assert whole.loc[vocabulary.WHOLE_PAPER, "n"] == 3
    assert rows["n"].iloc[:-1].sum() == 3  # every hit is in one drawn or pooled row


def test_generated_sentences():
    whole = pd.DataFrame({"dimension": ["sector"] * 3 + ["frame"],
                          "category": ["military", "economic", "societal", "order"],
                          "n": [10, 1, 4, 5], "rate": [10.0, 1.0, 4.0, 5.0],
                          "share": [0.5] * 4, "stated_focus": [True, True, False, False]})
    assert discourse.describe_coding(whole, ("military", "economic")) == [
        "Across the whole paper the most frequent sectors are military (10.0 per 1,000 words, "
        "10 hits), societal (4.0 per 1,000 words, 4 hits) and economic (1.0 per 1,000 words, "
        "1 hit); the least frequent is economic (1.0, 1 hit).",
        "The sectors the paper states as its focus (military and economic) rank 1st and 3rd of "
        "3 sectors by whole-paper rate.",
        "Across the whole paper the most frequent frames are order (5.0 per 1,000 words, "
        "5 hits); the least frequent is order (5.0, 5 hits)."]
    assert discourse.describe_coding(whole.iloc[:0]) == [
        "No sector or frame was coded, so there is nothing to rank."]
    counts = _rates({"A": 200, "B": 20}, {"A": 2, "B": 1})
    sizes = pd.DataFrame({"section_id": ["A", "B"], "n_words": [200, 20], "major": [True, False]})
    # the short section B has the higher rate, but only major sections are compared
    assert discourse.describe_sections(counts, sizes, pd.Series({"A": "Alpha"})) == [
        "c: highest in Alpha (10.0 per 1,000 words; 2 of 3 hits)."]
    assert discourse.word_list(["a", "b", "c"]) == "a, b and c"


def test_lexicon_note_says_what_is_applied_or_how_to_supply_it(study):
    from analysis.config import EMPTY

    note = discourse.lexicon_note(EMPTY)
    assert note.startswith("No coding dictionary was applied") and "[lexicons]" in note
    applied = discourse.lexicon_note(study.config)
    assert "discourse: data/lexicons/discourse_categories.csv" in applied
