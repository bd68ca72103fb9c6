"""Sentence-level restatement: units, the statement rule, planted pairs, groups, the real paper."""

from __future__ import annotations

import pandas as pd
import pytest
from test_reuse import UNRELATED

from analysis import restatement, reuse, settings

HYPOTHESIS = ("The harbour board brought prosperity to the coast through careful dredging, "
              "steady tariffs and the creation of a merchant council.")
RESULTS = ("The research results indicate that the harbour board, through careful dredging "
           "and the creation of a merchant council, brought prosperity to the coast.")
CONCLUSION = ("Over the years the harbour board brought prosperity to the coast through "
              "dredging and steady tariffs, as the merchants had hoped.")


def _paper(texts: list[str], sections: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"S{i:02d}" for i in range(1, len(sections) + 1)]
    paragraphs = pd.DataFrame({"paragraph_id": [f"P{i:03d}" for i in range(1, len(texts) + 1)],
                               "section_id": ids[: len(texts)], "order": range(1, len(texts) + 1),
                               "text": texts})
    return paragraphs, pd.DataFrame({"section_id": ids, "heading": sections})


@pytest.mark.parametrize("heading, sentence, expected", [
    ("Research hypothesis", "Anything at all.", True),
    ("Research goal", "Anything at all.", True),
    ("Results", "Anything at all.", True),
    ("Research Methodology", "The research method is descriptive.", False),
    ("Abstract", "Accordingly, the goal of this research was to explain it.", True),
    ("Abstract", "The research results indicate that it worked.", True),
    ("Introduction", "Therefore, this article aims to address how it worked.", True),
    ("Conclusion", "Over the years he succeeded, aligning with the goal of ensuring security.",
     False),
    ("Abstract", "The research methodology was descriptive and analytical.", False),
])
def test_the_statement_rule(heading, sentence, expected):
    assert restatement.is_statement(heading, sentence) is expected


def test_sentence_units_drop_citations_and_short_sentences():
    paragraphs, _ = _paper(["Short one. The river floods every spring in the valley (Smith, "
                            "2001, p. 3). Yes."], ["A"])
    units = restatement.sentence_units(paragraphs, min_words=4)
    assert list(units["unit_id"]) == ["P001.s2"]
    assert units["text"].iloc[0] == "The river floods every spring in the valley."


def test_planted_restatements_are_found_and_classified():
    texts = [UNRELATED[0] + " " + RESULTS, UNRELATED[1], HYPOTHESIS, UNRELATED[2],
             UNRELATED[3], CONCLUSION + " " + UNRELATED[4]]
    paragraphs, sections = _paper(texts, ["Abstract", "Introduction", "Research hypothesis",
                                          "Body", "More body", "Conclusion"])
    found = restatement.repeated_sentences(paragraphs, sections)
    pairs = list(zip(found["sentence_a"], found["sentence_b"], strict=True))
    assert ("P001.s2", "P003.s1") in pairs and ("P003.s1", "P006.s1") in pairs
    assert found["similarity"].min() >= settings.SENTENCE_SIMILARITY_THRESHOLD
    assert set(found["kind"]) == {restatement.KINDS[True]}  # each pair has a statement
    assert found["group"].nunique() == 1  # the three sentences share the hypothesis
    assert all(s.startswith("SP") for s in found["pair_id"])
    assert "{+" in found["diff"].iloc[0] or "[-" in found["diff"].iloc[0]
    # the same pairs in paragraphs already reported as a passage are left to that report
    skip = {("P001", "P003"), ("P003", "P006")}
    left = restatement.repeated_sentences(paragraphs, sections, skip=skip)
    assert set(zip(left["sentence_a"], left["sentence_b"], strict=True)) <= {
        ("P001.s2", "P006.s1")}


def test_a_repeated_point_outside_any_statement():
    point = "Not all of the river pilots answered to the harbour master directly."
    again = "Although not all river pilots answered directly to the harbour master, most did."
    paragraphs, sections = _paper([UNRELATED[0], point, UNRELATED[1] + " " + again],
                                  ["Body", "Body two", "Body three"])
    found = restatement.repeated_sentences(paragraphs, sections)
    assert list(found["kind"]) == [restatement.KINDS[False]]
    assert (found["sentence_a"].iloc[0], found["sentence_b"].iloc[0]) == ("P002.s1", "P003.s2")


def test_unrelated_sentences_report_nothing():
    paragraphs, sections = _paper(UNRELATED, ["S"] * len(UNRELATED))
    assert restatement.repeated_sentences(paragraphs, sections).empty
    assert list(restatement.repeated_sentences(paragraphs, sections).columns) == \
        restatement.RESTATEMENT_COLUMNS
    dist = restatement.sentence_distribution(paragraphs)
    assert dist["n_pairs"].iloc[0] == 15 and dist["max"].iloc[0] < 0.2
    assert restatement.restatement_text(restatement.repeated_sentences(
        paragraphs, sections)).startswith("No pair")
    one, one_section = _paper(["Only one paragraph here with several words in it."], ["A"])
    assert restatement.repeated_sentences(one, one_section).empty
    assert restatement.sentence_histogram(one)["n_pairs"].sum() == 0


def test_threshold_effect_and_sentences():
    texts = [UNRELATED[0] + " " + RESULTS, UNRELATED[1], HYPOTHESIS, CONCLUSION]
    paragraphs, sections = _paper(texts, ["Abstract", "Body", "Research hypothesis",
                                          "Conclusion"])
    effect = restatement.threshold_effect(paragraphs, sections, (0.1, 0.33, 0.99))
    assert effect["n_pairs"].is_monotonic_decreasing and effect["n_pairs"].iloc[-1] == 0
    assert restatement.thresholds_around(0.33) == (0.27, 0.3, 0.33, 0.36, 0.39)
    found = restatement.repeated_sentences(paragraphs, sections)
    text = restatement.repetition_sentences(reuse.repeated_passages(paragraphs).iloc[0:0], found)
    assert text.startswith("Repeated passages: 0 pair(s)")
    assert f"{len(found)} pair(s)" in text


def test_real_paper_restatements(corpus):
    passages = reuse.repeated_passages(corpus.paragraphs)
    found = restatement.repeated_sentences(corpus.paragraphs, corpus.sections,
                                           skip=restatement.reported_pairs(passages))
    headings = corpus.sections.set_index("section_id")["heading"]
    by_section = {(headings[a], headings[b]) for a, b in
                  zip(found["section_a"], found["section_b"], strict=True)}
    # the abstract's results restate the hypothesis; the conclusion opens with it again
    assert ("Abstract", "Research hypothesis") in by_section
    assert ("Research hypothesis", "Conclusion") in by_section
    # the abstract's homeland soldier returns in the last section of the body
    text = dict(zip(found["sentence_a"], found["text_a"], strict=True))
    assert any("homeland soldier" in t for t in text.values())
    # not all Popular Mobilization forces were under his direct control, twice in a row
    assert any("direct control" in t for t in found["text_b"])
    kinds = found["kind"].value_counts()
    assert kinds[restatement.KINDS[True]] >= 3 and kinds[restatement.KINDS[False]] >= 2
    # none of them repeats a pair inside the two reported passages
    assert not set(zip(found["sentence_a"].str[:4], found["sentence_b"].str[:4],
                       strict=True)) & restatement.reported_pairs(passages)
