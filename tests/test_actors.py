"""Actors: mentions by longest match, nomination counts, per-section rates, co-mention."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import actors, frequency, tokens, vocabulary
from analysis.lexicons import LexiconError

EXPRESSIONS = pd.DataFrame({
    "term": ["zionist_regime", "united_states", "united_states", "west_asia", "arab_spring"],
    "label": ["Zionist regime", "United States", "United States", "West Asia", "Arab Spring"],
    "variant": ["zionist regime", "united states", "u.s.", "west asia", "arab spring"],
    "kind": ["multiword", "name", "name", "name", "name"],
    "note": ["n"] * 5,
})

ACTORS = pd.DataFrame(
    [("Israel", "state", "israel", "name"),
     ("Israel", "state", "zionist regime", "designation"),
     ("Israel", "state", "israelis", "demonym"),
     ("United States", "state", "united states", "name"),
     ("United States", "state", "u.s.", "abbreviation"),
     ("United States", "state", "america", "name"),
     ("West Asia", "region", "west asia", "name"),
     ("the West", "group", "west", "name"),
     ("Latin America", "region", "latin america", "name"),
     ("Arab countries", "group", "arab", "adjective"),
     ("ISIS", "organisation", "isis", "abbreviation"),
     ("Qassem Soleimani", "person", "soleimani", "surname"),
     ("Qassem Soleimani", "person", "qassem soleimani", "name")],
    columns=["actor", "actor_type", "variant", "form"]).assign(note="n")

EVALUATIONS = pd.DataFrame(
    [("terrorist", "terrorist", "lemma", "label"), ("hero", "hero", "lemma", "label"),
     ("regime", "regime", "lemma", "label")],
    columns=["label", "pattern", "match", "kind"]).assign(note="n")

TEXT = ("The Zionist regime and Israel faced Israelis. "
        "The United States, the U.S. and America's allies met in West Asia, not the West. "
        "In Latin America the Arab Spring began. "
        "ISIS is a terrorist group. "
        "Qassem Soleimani, a hero, fought ISIS, and Soleimani's men fought Israel.")


def _mentions(text: str = TEXT):
    paragraphs = pd.DataFrame({"paragraph_id": ["P0"], "section_id": ["S01"], "text": [text]})
    table = tokens.tokens_table(paragraphs, EXPRESSIONS)
    sentences = tokens.sentence_texts(paragraphs)
    return table, sentences, actors.actor_mentions(table, sentences, ACTORS)


def test_nomination_hand_counts():
    _, _, mentions = _mentions()
    order = actors.actor_order(mentions)
    names = actors.nomination(mentions, ACTORS, order).set_index("variant")
    assert names.loc[["zionist regime", "israel", "israelis"], "n"].tolist() == [1, 2, 1]
    assert names.loc["zionist regime", "share"] == pytest.approx(0.25)
    assert names.loc[["united states", "u.s.", "america"], "n"].tolist() == [1, 1, 1]
    # longest match: West Asia is the region, Latin America is not America,
    # and "Arab" inside the merged "Arab Spring" is not an actor
    assert names.loc[["west asia", "west", "latin america", "arab"], "n"].tolist() == [1, 1, 1, 0]
    assert names.loc[["soleimani", "qassem soleimani"], "n"].tolist() == [1, 1]
    assert names["n"].sum() == len(mentions)
    summary = actors.naming_summary(actors.nomination(mentions, ACTORS, order)).set_index("actor")
    assert summary.loc["Israel", "names"] == "israel 2; israelis 1; zionist regime 1"
    assert mentions.loc[mentions["variant"] == "america", "surface"].iat[0] == "America's"


def test_comention_matrix():
    _, _, mentions = _mentions()
    order = actors.actor_order(mentions)
    matrix = actors.comention_matrix(mentions, order)
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Israel", "Israel"] == 2  # sentences, not mentions (Israel named 4 times)
    assert matrix.loc["ISIS", "Qassem Soleimani"] == 1
    assert matrix.loc["Israel", "Qassem Soleimani"] == 1
    pairs = actors.comention(mentions, order)
    assert len(pairs) == (np.triu(matrix.to_numpy(), 1) > 0).sum()


def test_section_counts_on_the_one_denominator():
    table, _, mentions = _mentions()
    sections = pd.DataFrame({"section_id": ["S01"], "order": [1], "heading": ["One"]})
    sizes = frequency.section_sizes(table, sections, frequency.section_labels(sections))
    counts = actors.actor_section_counts(mentions, sizes, actors.actor_order(mentions))
    israel = counts[(counts["actor"] == "Israel")].set_index("section_id")
    # words, not tokens: "Zionist regime", "United States", "U.S.", "West Asia" and
    # "Arab Spring" are one word each
    assert israel.loc["S01", "n_words"] == len(frequency.running_units(table))
    assert israel.loc["S01", "n"] == 4
    assert israel.loc[vocabulary.WHOLE_PAPER, "rate"] == pytest.approx(
        4 / israel.loc["S01", "n_words"] * 1000)


def test_actor_lexicon_errors(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,actor_type,variant,form,note\nIsrael,state,israel,name,n\n"
                    "Zion,state,Israel,name,n\n")
    with pytest.raises(LexiconError, match="duplicated variant 'israel'"):
        actors.load_actors(path)
    path.write_text("actor,actor_type,variant,form,note\nIsrael,state,israel,name,n\n"
                    "Israel,group,israelis,demonym,n\n")
    with pytest.raises(LexiconError, match="more than one actor_type"):
        actors.load_actors(path)
    path.write_text("actor,actor_type,variant,form,note\nQS,person,soleimani,name,n\n"
                    "QS,person,Soleimani's,name,n\n")
    with pytest.raises(LexiconError, match="same words once tokenised"):
        actors.load_actors(path)
    path.write_text("actor,actor_type,variant,form,note\nQS,hero,soleimani,name,n\n")
    with pytest.raises(LexiconError, match="actor_type 'hero' in data row 1 is not one of"):
        actors.load_actors(path)
    assert actors.load_actors(None).empty


def test_real_paper_actors(study):
    table, sentences = study.tokens, study.sentences
    lexicon = actors.load_actors(study.config.lexicon("actors"))
    mentions = actors.actor_mentions(table, sentences, lexicon)
    names = actors.nomination(mentions, lexicon, actors.actor_order(mentions))
    israel = names[names["actor"] == "Israel"].set_index("variant")["n"]
    assert israel["zionist regime"] >= 8 and israel["israel"] >= 8
    assert actors.actor_order(mentions)[0] == "Qassem Soleimani"
    assert (mentions["actor"] == "Qassem Soleimani").sum() > 80
    # "West Asia" is never read as "the West", "Latin America" never as the United States
    assert not mentions.loc[mentions["actor"] == "the West", "surface"].str.contains(
        "Asia").any()
    assert not mentions.loc[mentions["actor"] == "United States", "surface"].str.contains(
        "Latin").any()
    # no two mentions share a token
    covered = [(m.paragraph_id, p) for m in mentions.itertuples()
               for p in range(m.first, m.last + 1)]
    assert len(covered) == len(set(covered))


def test_no_actor_mentioned():
    table, sentences, mentions = _mentions("Ships left the port. The crew was a hero.")
    assert mentions.empty
    assert actors.actor_order(mentions) == []
    assert actors.comention(mentions, []).empty
    assert actors.comention_matrix(mentions, []).shape == (0, 0)
    named = actors.comention_matrix(mentions, ["Israel", "ISIS"])
    assert named.to_numpy().tolist() == [[0, 0], [0, 0]]
    sections = pd.DataFrame({"section_id": ["S01"], "order": [1], "heading": ["One"]})
    sizes = frequency.section_sizes(table, sections, frequency.section_labels(sections))
    assert actors.actor_section_counts(mentions, sizes, []).empty
    assert actors.naming_summary(actors.nomination(mentions, ACTORS, [])).empty


def test_generated_sentences():
    table, sentences, mentions = _mentions()
    order = actors.actor_order(mentions)
    names = actors.nomination(mentions, ACTORS, order)
    # Israel: "Zionist regime", "Israel", "Israelis", "Israel" (4 mentions)
    assert actors.describe_naming(names, ["Israel"]) == [
        "Israel is named in 3 ways: 'israel' (name) 2 times (50%); 'israelis' (demonym) once "
        "(25%); 'zionist regime' (designation) once (25%)."]
    assert actors.describe_naming(names, []) == ["No actor is named in more than one way."]
    sizes = pd.DataFrame({"section_id": ["S01"], "n_words": [60]})
    by_section = actors.actor_section_counts(mentions, sizes, order)
    assert actors.describe_mentions(by_section, order, pd.Series({"S01": "One"}), top=1) == [
        "Israel: 4 mentions, named in 1 of 1 sections with text; most in One (4)."]
    pairs = actors.comention(mentions, order)
    assert actors.describe_comention(pairs, top=1) == (
        "The actors named together most often: Israel and ISIS (1 sentence).")
    assert actors.describe_comention(pairs.iloc[:0]) == (
        "No two actors are named in the same sentence.")
