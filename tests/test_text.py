"""The shared text rules: sentences, years, inline Markdown."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analysis import text


def test_sentences():
    assert text.split_sentences("As Nasri et al. argue, p. 5 shows it. Then U.S. troops left! "
                                "\"Yes.\" Done") == [
        "As Nasri et al. argue, p. 5 shows it.", "Then U.S. troops left!", "\"Yes.\"", "Done"]


def test_single_lower_case_letter_ends_a_sentence_but_an_initial_does_not():
    assert text.split_sentences("Plan a. Then J. Smith came. E.g. this.") == [
        "Plan a.", "Then J. Smith came.", "E.g. this."]


def test_every_abbreviation_keeps_its_sentence_whole():
    for abbreviation in sorted(text.ABBREVIATIONS):
        sentence = f"See {abbreviation}. Three here."
        assert text.split_sentences(sentence) == [sentence], abbreviation


def test_first_sentence_of_a_reference_title():
    assert text.first_sentence("Security: A New Framework. Boulder: Lynne Rienner") == (
        "Security: A New Framework")
    assert text.first_sentence("People, States and Fear, Vol. 2. London") == (
        "People, States and Fear, Vol. 2")
    assert text.first_sentence("") == ""


def test_year_pattern():
    assert text.YEAR_WORD.findall("in 1991, 2019a and 2101 or 1499; 33-day") == ["1991", "2019a"]
    assert re.fullmatch(text.YEAR, "2008") and not re.fullmatch(text.YEAR, "2208")


def test_clean_inline_and_word_count():
    assert text.clean_inline("**Bold**&nbsp;and <sup>1</sup> \\*escaped\\*") == (
        "Bold&nbsp;and 1 *escaped*")
    assert text.clean_heading("**Topic** ") == "Topic"
    assert text.word_count("A – b, 12 (c).") == 4


@given(st.lists(st.sampled_from(["Iran", "acts.", "U.S.", "p.", "5", "Then", "et", "al.",
                                 "war!", "Why?", "no.", "the"]), min_size=1, max_size=40))
def test_splitting_loses_no_text(words):
    paragraph = " ".join(words)
    assert " ".join(text.split_sentences(paragraph)).split() == paragraph.split()
