"""Actors: variants map to one actor, nomination counts, predication, co-mention, collocates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import actors, discourse, stats, tokens
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
    sentences = discourse.sentence_texts(paragraphs)
    return table, sentences, actors.actor_mentions(table, sentences, ACTORS)


def test_nomination_hand_counts():
    _, _, mentions = _mentions()
    names = actors.nomination(mentions, ACTORS).set_index("variant")
    assert names.loc[["zionist regime", "israel", "israelis"], "n"].tolist() == [1, 2, 1]
    assert names.loc["zionist regime", "share"] == pytest.approx(0.25)
    assert names.loc[["united states", "u.s.", "america"], "n"].tolist() == [1, 1, 1]
    # longest match: West Asia is the region, Latin America is not America,
    # and "Arab" inside the merged "Arab Spring" is not an actor
    assert names.loc[["west asia", "west", "latin america", "arab"], "n"].tolist() == [1, 1, 1, 0]
    assert names.loc[["soleimani", "qassem soleimani"], "n"].tolist() == [1, 1]
    assert names["n"].sum() == len(mentions)
    summary = actors.naming_summary(actors.nomination(mentions, ACTORS)).set_index("actor")
    assert summary.loc["Israel", "names"] == "israel 2; israelis 1; zionist regime 1"
    assert mentions.loc[mentions["variant"] == "america", "surface"].iat[0] == "America's"


def test_predication_sentence_window():
    table, sentences, mentions = _mentions()
    hits = actors.evaluation_hits(table, mentions, EVALUATIONS)
    # "regime" inside the designation "Zionist regime" is naming, not predication
    assert hits["label"].tolist() == ["terrorist", "hero"]
    evidence = actors.predication_evidence(mentions, hits, table, sentences)
    pairs = sorted(zip(evidence["actor"], evidence["label"], strict=True))
    assert pairs == [("ISIS", "hero"), ("ISIS", "terrorist"), ("Israel", "hero"),
                     ("Qassem Soleimani", "hero")]
    marked = evidence.loc[evidence["actor"] == "Qassem Soleimani", "text"].iat[0]
    assert marked == ("[Qassem Soleimani], a «hero», fought ISIS, and [Soleimani's] men "
                      "fought Israel.")
    table_ = actors.predication_table(evidence, mentions).set_index(["actor", "label"])
    assert table_.loc[("ISIS", "terrorist"), ["sentences", "actor_sentences"]].tolist() == [1, 2]


def test_comention_matrix():
    _, _, mentions = _mentions()
    matrix = actors.comention_matrix(mentions)
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Israel", "Israel"] == 2  # sentences, not mentions (Israel named 4 times)
    assert matrix.loc["ISIS", "Qassem Soleimani"] == 1
    assert matrix.loc["Israel", "Qassem Soleimani"] == 1
    pairs = actors.comention(mentions)
    assert len(pairs) == (np.triu(matrix.to_numpy(), 1) > 0).sum()


def test_collocates_use_shared_statistics():
    text = " ".join(["Iran seeks security."] * 3 + ["Iraq trades oil."] * 3
                    + ["Iran and Iraq meet."] + ["Security matters."])
    paragraphs = pd.DataFrame({"paragraph_id": ["P0"], "section_id": ["S01"], "text": [text]})
    table = tokens.tokens_table(paragraphs, EXPRESSIONS)
    sentences = discourse.sentence_texts(paragraphs)
    lexicon = pd.DataFrame({"actor": ["Iran", "Iraq"], "actor_type": "state",
                            "variant": ["iran", "iraq"], "form": "name", "note": "n"})
    mentions = actors.actor_mentions(table, sentences, lexicon)
    ranked = actors.actor_collocates(table, mentions, sentences, min_cooccurrence=3,
                                     min_actor_sentences=3, min_g2=0.0)
    row = ranked[(ranked["actor"] == "Iran") & (ranked["term"] == "security")].iloc[0]
    # 8 sentences; Iran in 4; "security" in 4; both in 3
    assert row[["o11", "r1", "c1", "n"]].tolist() == [3, 4, 4, 8]
    assert row["g2"] == pytest.approx(float(stats.collocation_g2(3, 4, 4, 8)))
    assert row["evidence"] == "Iran seeks security."
    assert "iraq" not in set(ranked["term"])  # actor names are not collocates


def test_every_variant_maps_to_one_actor():
    lexicon = actors.load_actors()
    index = actors.variant_index(lexicon)
    assert len(index) == len(lexicon)
    assert lexicon.groupby("variant")["actor"].nunique().eq(1).all()
    assert lexicon.groupby("actor")["actor_type"].nunique().eq(1).all()


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


def test_real_paper_actors(corpus):
    table = tokens.tokens_table(corpus.paragraphs)
    sentences = discourse.sentence_texts(corpus.paragraphs)
    lexicon = actors.load_actors()
    mentions = actors.actor_mentions(table, sentences, lexicon)
    names = actors.nomination(mentions, lexicon)
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
    hits = actors.evaluation_hits(table, mentions, EVALUATIONS)
    assert hits["label"].tolist() == ["hero"]
    none_found = actors.evaluation_hits(table.iloc[:0], mentions, EVALUATIONS)
    assert none_found.empty and "label" in none_found.columns
    evidence = actors.predication_evidence(mentions, hits, table, sentences)
    assert evidence.empty and actors.predication_table(evidence, mentions).empty
    assert actors.comention(mentions).empty
    matrix = actors.comention_matrix(mentions)
    assert matrix.shape == (0, 0)
    named = actors.comention_matrix(mentions, ["Israel", "ISIS"])
    assert named.to_numpy().tolist() == [[0, 0], [0, 0]]
    assert actors.actor_section_counts(mentions, table).empty
    assert actors.naming_summary(actors.nomination(mentions, ACTORS)).empty
