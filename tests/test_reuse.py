"""Repeated passages: sentences, units, the similarity finder and the word diff."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis import reuse, settings, text, tokens

UNRELATED = [
    "The river floods every spring and farmers move their cattle to the higher pastures "
    "before the water rises over the lower fields.",
    "Bread dough needs time to rest; the yeast works slowly in a cool kitchen and the loaf "
    "rises overnight before it is baked at dawn.",
    "The orchestra tuned its violins while the conductor studied the score of the symphony "
    "that would open the winter season.",
    "Glaciers carve deep valleys over thousands of years, leaving moraines of gravel and "
    "boulders where the ice finally melts.",
    "A chess opening trades a pawn for quick development, hoping to attack the king before "
    "the opponent can castle safely.",
    "Migrating birds navigate by the stars and by the earth's magnetic field across oceans "
    "and deserts every autumn.",
]
ORIGINAL = ("In June 2014, armed forces captured the northern city, which had nearly two million "
            "residents. Facing the advance, tens of thousands of soldiers and police withdrew "
            "and dissolved, and by October the fighters had reached the outskirts of the capital.")
PARAPHRASE = ("In June 2014, armed forces seized the northern city, a city with a population of "
              "approximately two million. Faced with the advance, thousands of soldiers and "
              "police abandoned their posts, and by October the fighters had reached the capital's "
              "outskirts.")


def _paragraphs(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"paragraph_id": [f"P{i:03d}" for i in range(1, len(texts) + 1)],
                         "section_id": ["S01"] * len(texts), "text": texts})


def test_passages_use_the_study_sentence_splitter():
    # one splitter for the whole study (analysis.text), whose abbreviation rules hold here
    assert reuse.split_sentences is text.split_sentences is tokens.split_sentences


def test_split_sentences_keeps_abbreviations():
    text = ("The U.S. forces left in 2011. Soufan (2018, p. 6) wrote this. Pourhassan et al. "
            "agree! Is it so? Yes. J. Smith said \"Stop.\" Then he left.")
    assert reuse.split_sentences(text) == [
        "The U.S. forces left in 2011.", "Soufan (2018, p. 6) wrote this.",
        "Pourhassan et al. agree!", "Is it so?", "Yes.", "J. Smith said \"Stop.\"", "Then he left."]


def test_windows_of_sentences():
    units = reuse.passage_units(_paragraphs(["A a. B b. C c.", "D d."]), "window", window=2)
    assert list(units["unit_id"]) == ["P001.s1", "P001.s2", "P002.s1"]
    assert list(units["text"]) == ["A a. B b.", "B b. C c.", "D d."]
    assert list(units["n_sentences"]) == [2, 2, 1]


def test_planted_paraphrase_is_found():
    texts = UNRELATED[:3] + [ORIGINAL] + UNRELATED[3:] + [PARAPHRASE]
    found = reuse.repeated_passages(_paragraphs(texts))
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["unit"], row["paragraph_a"], row["paragraph_b"]) == ("paragraph", "P004", "P008")
    assert row["similarity"] >= settings.SIMILARITY_THRESHOLD
    assert "[-captured-]{+seized+}" in row["diff"]


def test_planted_passage_inside_different_paragraphs_is_found_by_windows():
    texts = [UNRELATED[0] + " " + ORIGINAL + " " + UNRELATED[1],
             UNRELATED[2], UNRELATED[3],
             UNRELATED[4] + " " + PARAPHRASE + " " + UNRELATED[5]]
    found = reuse.repeated_passages(_paragraphs(texts))
    assert list(found["unit"]) == ["window"]
    assert (found.iloc[0]["paragraph_a"], found.iloc[0]["paragraph_b"]) == ("P001.s2", "P004.s2")


def test_no_pair_in_unrelated_text():
    assert reuse.repeated_passages(_paragraphs(UNRELATED)).empty
    sims = reuse.pairwise_similarities(reuse.passage_units(_paragraphs(UNRELATED)))
    assert len(sims) == 15 and sims["similarity"].max() < settings.SIMILARITY_THRESHOLD / 2


def test_word_order_changes_score_high():
    a = "soldiers withdrew from the city in June after heavy fighting near the river"
    b = "after heavy fighting near the river in June soldiers withdrew from the city"
    sims = reuse.pairwise_similarities(reuse.passage_units(_paragraphs([a, b] + UNRELATED)))
    assert sims.iloc[0][["unit_a", "unit_b"]].tolist() == ["P001", "P002"]
    assert sims.iloc[0]["word_cosine"] > 0.6 and sims.iloc[0]["char_cosine"] > 0.9


def test_word_diff_by_hand():
    diff = reuse.word_diff("the cat sat on the mat today", "the dog sat on the mat")
    assert diff.values.tolist() == [["equal", "the", "the"], ["replace", "cat", "dog"],
                                    ["equal", "sat on the mat", "sat on the mat"],
                                    ["delete", "today", ""]]
    assert reuse.diff_markup(diff) == "the [-cat-]{+dog+} sat on the mat [-today-]"
    assert reuse.diff_counts(diff) == {"source_words_kept": 5, "source_words_deleted": 1,
                                       "source_words_inserted": 0, "source_words_substituted": 1}
    # source words have a letter or digit: a dash is not a word
    dash = reuse.diff_counts(reuse.word_diff("war – peace", "war peace"))
    assert dash["source_words_kept"] == 2 and dash["source_words_deleted"] == 0
    insert = reuse.word_diff("a b", "a new b")
    assert reuse.diff_markup(insert) == "a {+new+} b"


words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "war", "peace", "city",
                                  "army"]),
                 max_size=12)


@given(words, words)
def test_diff_reconstructs_both_sides(a, b):
    diff = reuse.word_diff(" ".join(a), " ".join(b))
    side_a = " ".join(t for t in diff["words_a"] if t).split()
    side_b = " ".join(t for t in diff["words_b"] if t).split()
    assert side_a == a and side_b == b
    counts = reuse.diff_counts(diff)
    assert (counts["source_words_kept"] + counts["source_words_deleted"]
            + counts["source_words_substituted"]) == len(a)


def test_real_paper_pairs(corpus):
    found = reuse.repeated_passages(corpus.paragraphs)
    texts = corpus.paragraphs.set_index("paragraph_id")["text"]
    mosul = [tuple(p) for p in found[["paragraph_a", "paragraph_b"]].itertuples(index=False)
             if "Mosul" in texts[p[0].split(".")[0]] and "Mosul" in texts[p[1].split(".")[0]]]
    assert len(mosul) == 1
    assert found["similarity"].between(settings.SIMILARITY_THRESHOLD, 1).all()
    dist = reuse.similarity_distribution(corpus.paragraphs)
    assert (dist["q0.999"] < settings.SIMILARITY_THRESHOLD).all()


def test_paragraph_similarity_and_histogram():
    texts = UNRELATED[:3] + [ORIGINAL, PARAPHRASE]
    nearest = reuse.paragraph_similarity(_paragraphs(texts).assign(order=range(1, 6)))
    assert list(nearest["paragraph_id"]) == ["P001", "P002", "P003", "P004", "P005"]
    assert nearest.set_index("paragraph_id").loc["P004", "nearest"] == "P005"
    assert nearest["max_similarity"].idxmax() in (3, 4)
    histogram = reuse.similarity_histogram(_paragraphs(texts), bin_width=0.1)
    by_unit = histogram.groupby("unit")["n_pairs"].sum()
    assert by_unit["paragraph"] == 10  # 5 paragraphs, 10 pairs
    assert len(histogram) == 20 and histogram["bin_right"].max() == 1.0
