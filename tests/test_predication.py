"""Predication: evaluative words near actors (dictionary) and over-represented words (data)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_actors import EVALUATIONS, EXPRESSIONS, _mentions

from analysis import actors, predication, stats, tokens


def test_predication_sentence_window():
    table, sentences, mentions = _mentions()
    hits = predication.evaluation_hits(table, mentions, EVALUATIONS)
    # "regime" inside the designation "Zionist regime" is naming, not predication
    assert hits["label"].tolist() == ["terrorist", "hero"]
    order = actors.actor_order(mentions)
    evidence = predication.predication_evidence(mentions, hits, table, sentences, order)
    pairs = sorted(zip(evidence["actor"], evidence["label"], strict=True))
    assert pairs == [("ISIS", "hero"), ("ISIS", "terrorist"), ("Israel", "hero"),
                     ("Qassem Soleimani", "hero")]
    marked = evidence.loc[evidence["actor"] == "Qassem Soleimani", "text"].iat[0]
    assert marked == ("[Qassem Soleimani], a «hero», fought ISIS, and [Soleimani's] men "
                      "fought Israel.")
    table_ = predication.predication_table(evidence, mentions, order).set_index(
        ["actor", "label"])
    assert table_.loc[("ISIS", "terrorist"), ["sentences", "actor_sentences"]].tolist() == [1, 2]


def test_collocates_use_shared_statistics():
    text = " ".join(["Iran seeks security."] * 3 + ["Iraq trades oil."] * 3
                    + ["Iran and Iraq meet."] + ["Security matters."])
    paragraphs = pd.DataFrame({"paragraph_id": ["P0"], "section_id": ["S01"], "text": [text]})
    table = tokens.tokens_table(paragraphs, EXPRESSIONS)
    sentences = tokens.sentence_texts(paragraphs)
    lexicon = pd.DataFrame({"actor": ["Iran", "Iraq"], "actor_type": "state",
                            "variant": ["iran", "iraq"], "form": "name", "note": "n"})
    mentions = actors.actor_mentions(table, sentences, lexicon)
    ranked = predication.actor_collocates(table, mentions, sentences,
                                          actors.actor_order(mentions), min_cooccurrence=3,
                                          min_actor_sentences=3, p=1.0)
    row = ranked[(ranked["actor"] == "Iran") & (ranked["term"] == "security")].iloc[0]
    # 8 sentences; Iran in 4; "security" in 4; both in 3
    assert row[["o11", "r1", "c1", "n"]].tolist() == [3, 4, 4, 8]
    assert row["g2"] == pytest.approx(float(stats.collocation_g2(3, 4, 4, 8)))
    assert row["evidence"] == "Iran seeks security."
    assert "iraq" not in set(ranked["term"])  # actor names are not collocates




def test_no_actor_no_predication():
    table, sentences, mentions = _mentions("Ships left the port. The crew was a hero.")
    hits = predication.evaluation_hits(table, mentions, EVALUATIONS)
    assert hits["label"].tolist() == ["hero"]
    none_found = predication.evaluation_hits(table.iloc[:0], mentions, EVALUATIONS)
    assert none_found.empty and "label" in none_found.columns
    evidence = predication.predication_evidence(mentions, hits, table, sentences, [])
    assert evidence.empty and predication.predication_table(evidence, mentions, []).empty
    assert predication.load_evaluations(None).empty



def test_generated_sentences():
    table, sentences, mentions = _mentions()
    hits = predication.evaluation_hits(table, mentions, EVALUATIONS)
    order = actors.actor_order(mentions)
    evidence = predication.predication_evidence(mentions, hits, table, sentences, order)
    table_p = predication.predication_table(evidence, mentions, order)
    # ISIS is named in 2 sentences; "terrorist" and "hero" each share one with it
    assert predication.describe_predication(table_p, ["ISIS"], words=2) == [
        "Sentences naming ISIS most often also hold: hero (1 of 2), terrorist (1 of 2)."]
    assert predication.describe_predication(table_p.iloc[:0], ["ISIS"]) == [
        "No evaluative word or label occurs in a sentence naming an actor."]
    collocates = pd.DataFrame({"o11": [3, 14]})
    assert predication.describe_collocates(collocates).startswith(
        "These rankings rest on 3 to 14 shared sentences")
    assert predication.describe_collocates(collocates.iloc[:0]).startswith("No content word")
