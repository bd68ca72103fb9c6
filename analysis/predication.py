"""Predication: the words the paper uses near each actor, from a dictionary and from the data.

Predication is co-occurrence in a sentence, not syntax: a word is reported
near an actor when both are in the same sentence, with the sentence as
evidence, so the reader can judge whether the word is said of that actor.
Two measures are given: (a) the evaluative words and labels of the study
configuration's ``evaluations`` lexicon counted per actor; (b) a data-driven
ranking of content words by log-likelihood G2 (Dunning 1993) over sentences,
from :func:`analysis.stats.collocation_g2`. Words that are part of an actor's
name are nominations, not predications, and are left out of both.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import stats, tokens
from analysis.actors import outside_mentions, rank_sort, sentence_key
from analysis.lexicons import LexiconError, read_lexicon
from analysis.matcher import MATCH_KINDS, find_matches, mark_spans, token_offsets
from analysis.settings import (
    ACTOR_COLLOCATE_P,
    EVIDENCE_EXAMPLES,
    MIN_ACTOR_SENTENCES,
    MIN_COOCCURRENCE,
    TOP_COLLOCATES,
)

EVALUATION_COLUMNS = ["label", "pattern", "match", "kind", "note"]


def load_evaluations(path: Path | str | None) -> pd.DataFrame:
    """The evaluative words and labels, validated; ``None`` gives an empty lexicon.

    Parameters
    ----------
    path : Path, str or None
        A CSV with columns label, pattern, match, kind, note.

    Returns
    -------
    DataFrame
        Columns label, pattern, match, kind, note.
    """
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in EVALUATION_COLUMNS})
    table = read_lexicon(path, EVALUATION_COLUMNS, key=["pattern"])
    bad = table.loc[~table["match"].isin(MATCH_KINDS), "match"]
    if len(bad):
        raise LexiconError(f"{path}: match {bad.iloc[0]!r} in data row {bad.index[0] + 1} is "
                           f"not one of {', '.join(MATCH_KINDS)}")
    return table


def evaluation_hits(table: pd.DataFrame, mentions: pd.DataFrame,
                    evaluations: pd.DataFrame) -> pd.DataFrame:
    """Evaluative words and labels in the text, outside actors' names.

    Parameters
    ----------
    table : DataFrame
        The tokens table.
    mentions : DataFrame
        :func:`actor_mentions` (words inside them are naming, not predication).
    evaluations : DataFrame
        :func:`load_evaluations`.

    Returns
    -------
    DataFrame
        label, kind, paragraph_id, section_id, sentence, first, last, surface.
    """
    found = find_matches(table, evaluations, sequence_on="lemma")
    found = found.join(evaluations[["label", "kind"]], on="row")
    found = outside_mentions(found, mentions)
    return found[["label", "kind", "paragraph_id", "section_id", "sentence", "first", "last",
                  "surface"]].reset_index(drop=True)


def predication_evidence(mentions: pd.DataFrame, hits: pd.DataFrame, table: pd.DataFrame,
                         sentences: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each sentence in which an actor and an evaluative word or label both occur.

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.
    hits : DataFrame
        :func:`evaluation_hits`.
    table : DataFrame
        The tokens table.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    order : list of str
        :func:`actor_order`.

    Returns
    -------
    DataFrame
        actor, label, kind, section_id, paragraph_id, sentence, words (as
        written), text (the sentence with the actor's names in [brackets] and
        the word in «guillemets»); rows by actor in ``order``, label, then
        reading order.
    """
    offsets = token_offsets(table, sentences)
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    m = mentions.assign(key=sentence_key(mentions))
    h = hits.assign(key=sentence_key(hits))
    pairs = m[["actor", "key", "paragraph_id", "section_id", "sentence"]].drop_duplicates(
        ["actor", "key"]).merge(h[["label", "kind", "key"]].drop_duplicates(), on="key")
    rows = []
    for p in pairs.itertuples():
        spans = [(*offsets[(p.paragraph_id, x.first)][:1], offsets[(p.paragraph_id, x.last)][1],
                  "[", "]")
                 for x in m[(m["key"] == p.key) & (m["actor"] == p.actor)].itertuples()]
        words = h[(h["key"] == p.key) & (h["label"] == p.label)]
        spans += [(offsets[(p.paragraph_id, x.first)][0], offsets[(p.paragraph_id, x.last)][1],
                   "«", "»") for x in words.itertuples()]
        text = mark_spans(texts[(p.paragraph_id, p.sentence)], spans)
        rows.append((p.actor, p.label, p.kind, p.section_id, p.paragraph_id, p.sentence,
                     "; ".join(dict.fromkeys(words["surface"])), text))
    evidence = pd.DataFrame(rows, columns=["actor", "label", "kind", "section_id", "paragraph_id",
                                           "sentence", "words", "text"])
    return rank_sort(evidence, order, ["label", "paragraph_id", "sentence"], [True] * 3)


def predication_table(evidence: pd.DataFrame, mentions: pd.DataFrame, order: list[str],
                      examples: int = EVIDENCE_EXAMPLES) -> pd.DataFrame:
    """Per actor and evaluative word: sentences shared, sections, and evidence.

    Parameters
    ----------
    evidence : DataFrame
        :func:`predication_evidence`.
    mentions : DataFrame
        :func:`actor_mentions`.
    order : list of str
        :func:`actor_order`.
    examples : int, default :data:`analysis.settings.EVIDENCE_EXAMPLES`
        Marked sentences kept as evidence.

    Returns
    -------
    DataFrame
        actor, label, kind, sentences (shared with the actor), actor_sentences
        (all sentences naming the actor), sections, evidence (the first
        ``examples`` marked sentences); rows by actor in ``order``, then
        sentences (most first), then label.
    """
    actor_sentences = mentions.assign(key=sentence_key(mentions)).groupby("actor")["key"
                                                                                ].nunique()
    rows = [(actor, label, g["kind"].iat[0], len(g), int(actor_sentences[actor]),
             " ".join(dict.fromkeys(g["section_id"])), " | ".join(g["text"].head(examples)))
            for (actor, label), g in evidence.groupby(["actor", "label"], sort=False)]
    table = pd.DataFrame(rows, columns=["actor", "label", "kind", "sentences", "actor_sentences",
                                        "sections", "evidence"])
    return rank_sort(table, order, ["sentences", "label"], [False, True])


def actor_collocates(table: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame,
                     order: list[str], min_cooccurrence: int = MIN_COOCCURRENCE,
                     min_actor_sentences: int = MIN_ACTOR_SENTENCES,
                     p: float = ACTOR_COLLOCATE_P, top: int = TOP_COLLOCATES) -> pd.DataFrame:
    """Content words over-represented in the sentences that name each actor.

    The window is the sentence. For actor A and term w: O11 = sentences with
    both, R1 = sentences with A, C1 = sentences with w, N = all sentences.
    Terms are the tokens table's non-stopword terms (lemmas, merged
    expressions kept whole) outside any actor's name.

    Parameters
    ----------
    table : DataFrame
        The tokens table.
    mentions : DataFrame
        :func:`actor_mentions`.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    order : list of str
        :func:`actor_order`.
    min_cooccurrence : int, default :data:`analysis.settings.MIN_COOCCURRENCE`
        Kept only if O11 is at least this (and above its expectation).
    min_actor_sentences : int, default :data:`analysis.settings.MIN_ACTOR_SENTENCES`
        Actors named in fewer sentences are not ranked.
    p : float, default :data:`analysis.settings.ACTOR_COLLOCATE_P`
        Kept only if G2 reaches the critical value for ``p``.
    top : int, default :data:`analysis.settings.TOP_COLLOCATES`
        Collocates kept per actor, by G2 (ties by term).

    Returns
    -------
    DataFrame
        actor, term, o11, r1, c1, n, expected, g2, pmi, evidence (the first
        sentence with both).

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics* 19(1), 61-74.
    Church, K. W. and Hanks, P. (1990). Word association norms, mutual information,
    and lexicography. *Computational Linguistics* 16(1), 22-29.
    """
    min_g2 = stats.critical_g2(p)
    units = tokens.units_table(table)
    units = units[~units["stop"]].assign(first=units["position"], last=units["position"])
    spans = table.groupby(["paragraph_id", "unit"])["position"].agg(["min", "max"])
    units = units.assign(first=[spans.at[(u.paragraph_id, u.unit), "min"] for u in
                                units.itertuples()],
                         last=[spans.at[(u.paragraph_id, u.unit), "max"] for u in
                               units.itertuples()])
    units = outside_mentions(units, mentions)
    word_sentences = units.assign(key=sentence_key(units))[["term", "key"]].drop_duplicates()
    actor_sentences = mentions.assign(key=sentence_key(mentions))[["actor", "key"]
                                                                   ].drop_duplicates()
    n_sentences = int(table[["paragraph_id", "sentence"]].drop_duplicates().shape[0])
    r1 = actor_sentences.groupby("actor").size()
    c1 = word_sentences.groupby("term").size()
    both = actor_sentences.merge(word_sentences, on="key").groupby(["actor", "term"]).size()
    frame = both.rename("o11").reset_index()
    frame = frame.assign(r1=frame["actor"].map(r1), c1=frame["term"].map(c1), n=n_sentences)
    frame = frame.assign(expected=frame["r1"] * frame["c1"] / frame["n"])
    frame = frame.assign(g2=stats.collocation_g2(frame["o11"], frame["r1"], frame["c1"],
                                                 frame["n"]),
                         pmi=stats.pmi(frame["o11"], frame["r1"], frame["c1"], frame["n"]))
    frame = frame[(frame["o11"] >= min_cooccurrence) & (frame["o11"] > frame["expected"])
                  & (frame["g2"] >= min_g2) & (frame["r1"] >= min_actor_sentences)]
    frame = rank_sort(frame, order, ["g2", "term"], [False, True])
    frame = frame.groupby("actor", sort=False).head(top)
    texts = sentences.assign(key=sentence_key(sentences)).set_index("key")["text"]
    first_both = actor_sentences.merge(word_sentences, on="key").drop_duplicates(
        ["actor", "term"]).set_index(["actor", "term"])["key"]
    frame = frame.assign(evidence=[texts[first_both[(f.actor, f.term)]]
                                   for f in frame.itertuples()])
    return frame[["actor", "term", "o11", "r1", "c1", "n", "expected", "g2", "pmi", "evidence"]
                 ].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Sentences generated from the tables (the notebook's interpretation)


def describe_predication(table: pd.DataFrame, actors: list[str], words: int = 4) -> list[str]:
    """For each actor, the evaluative words found most often in the sentences naming it.

    Parameters
    ----------
    table : DataFrame
        :func:`predication_table`.
    actors : list of str
        The actors to describe, in order.
    words : int, default 4
        Words named per actor.

    Returns
    -------
    list of str
        One sentence per actor with such words.
    """
    out = []
    for actor in actors:
        rows = table[table["actor"] == actor].head(words)
        if len(rows):
            found = [f"{r.label} ({r.sentences} of {r.actor_sentences})" for r in rows.itertuples()]
            out.append(f"Sentences naming {actor} most often also hold: " + ", ".join(found) + ".")
    return out or ["No evaluative word or label occurs in a sentence naming an actor."]


def describe_collocates(collocates: pd.DataFrame) -> str:
    """How much evidence the data-driven rankings rest on (shared sentences, min to max)."""
    if collocates.empty:
        return "No content word passes the collocate filters for any actor."
    low, high = int(collocates["o11"].min()), int(collocates["o11"].max())
    return (f"These rankings rest on {low} to {high} shared sentences per word and actor, and "
            f"are indicative only; each row's evidence sentence shows the context.")
