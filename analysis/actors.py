"""Actors the paper names: where, by which names (nomination), with which words (predication).

``data/lexicons/actors.csv`` lists every actor (state, organisation, group,
person, region or territory) with each name the paper uses for it, one
variant per row, and its ``form``: name, abbreviation, surname, title,
designation (a descriptive name such as "Zionist regime" or "Syrian
regime"), adjective ("American") or demonym ("Israelis"). Adjectives and
demonyms count as references to the actor; the naming table keeps them
apart so a reader can drop them. Pronouns are not resolved, so a person's
mentions are a lower bound.

Variants are matched on the tokens' written forms (keys: lower case, without
a possessive 's), greedy longest match within a sentence, never splitting a
merged expression (:func:`analysis.discourse.find_matches`). "West Asia" is
therefore the region and not "the West"; "Latin America" is not "America";
"Arab Spring" (an event) is not "Arab". Hyphenated compounds are one
token and are not split: "Iran-Iraq" (war, trade) names two actors at once
and is not counted for either, nor are "Iranian-Islamic" or
"Iranian-centric". Cities (Baghdad, Damascus, Mosul) and figures of a
parable (Moses, Khidr) are not in the list.

Predication is co-occurrence in a sentence, not syntax: a word is reported
near an actor when both are in the same sentence, with the sentence as
evidence, so the reader can judge whether the word is said of that actor.
Two measures are given: (a) the evaluative words and labels of
``data/lexicons/evaluations.csv`` counted per actor; (b) a data-driven
ranking of content words by log-likelihood G2 (Dunning 1993) over sentences,
from :func:`analysis.stats.collocation_g2`. Words that are part of an
actor's name are nominations, not predications, and are left out of both.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import discourse, paths, stats, tokens
from analysis.lexicons import LexiconError, read_lexicon

ACTORS = paths.LEXICONS / "actors.csv"
ACTOR_COLUMNS = ["actor", "actor_type", "variant", "form", "note"]
ACTOR_TYPES = ("state", "territory", "region", "organisation", "group", "person")
EVALUATIONS = paths.LEXICONS / "evaluations.csv"
EVALUATION_COLUMNS = ["label", "pattern", "match", "kind", "note"]

#: A content word is ranked for an actor only if they share at least this many sentences.
MIN_COOCCURRENCE = 3
#: Actors mentioned in fewer sentences than this get no data-driven collocate ranking.
MIN_ACTOR_SENTENCES = 5
#: ... and only if G2 reaches the 5 % critical value of chi-squared with one d.f. (3.84).
MIN_G2 = stats.critical_g2(0.05)
#: Collocates kept per actor, by G2.
TOP_COLLOCATES = 8
#: Evidence sentences shown per actor-word pair in the summary tables.
EXAMPLES = 1

MENTION_COLUMNS = ["actor", "actor_type", "variant", "form", "surface", "section_id",
                   "paragraph_id", "sentence", "first", "last", "left", "right"]


def load_actors(path: Path | str = ACTORS) -> pd.DataFrame:
    """The actor list (actor, actor_type, variant, form, note), validated.

    Refused: a variant listed twice (for one actor or two), an actor with two
    types, an unknown type, or two variants that tokenise to the same words.
    """
    table = read_lexicon(path, ACTOR_COLUMNS, key=["variant"])
    bad = table.loc[~table["actor_type"].isin(ACTOR_TYPES), "actor_type"]
    if len(bad):
        raise LexiconError(f"{path}: actor_type {bad.iloc[0]!r} in data row {bad.index[0] + 1} "
                           f"is not one of {', '.join(ACTOR_TYPES)}")
    types = table.groupby("actor")["actor_type"].nunique()
    if (types > 1).any():
        raise LexiconError(f"{path}: actor {types[types > 1].index[0]!r} has more than one "
                           "actor_type")
    keys = discourse.pattern_tokens(table["variant"])["keys"]
    clash = keys.duplicated(keep=False)
    if clash.any():
        raise LexiconError(f"{path}: variants {' / '.join(table.loc[clash, 'variant'])} are "
                           "the same words once tokenised")
    return table


def load_evaluations(path: Path | str = EVALUATIONS) -> pd.DataFrame:
    """The evaluative words and labels (label, pattern, match, kind, note), validated."""
    table = read_lexicon(path, EVALUATION_COLUMNS, key=["pattern"])
    bad = table.loc[~table["match"].isin(discourse.MATCH_KINDS), "match"]
    if len(bad):
        raise LexiconError(f"{path}: match {bad.iloc[0]!r} in data row {bad.index[0] + 1} is "
                           f"not one of {', '.join(discourse.MATCH_KINDS)}")
    return table


def variant_index(actors: pd.DataFrame) -> dict[tuple[str, ...], str]:
    """Each variant's token keys -> its actor (one actor per variant, by construction)."""
    keys = discourse.pattern_tokens(actors["variant"])["keys"]
    return {k: a for k, a in zip(keys, actors["actor"], strict=True)}


def actor_mentions(table: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame | None = None,
                   width: int = discourse.CONTEXT_CHARS) -> pd.DataFrame:
    """Every mention of every actor, in reading order, with its context.

    Columns: actor, actor_type, variant (the lexicon row matched), form,
    surface (as written), section_id, paragraph_id, sentence, first, last,
    left, right.
    """
    actors = load_actors() if actors is None else actors
    patterns = actors.assign(pattern=actors["variant"], match="phrase")
    found = discourse.find_matches(table, patterns, sequence_on="key")
    found = found.join(actors[["actor", "actor_type", "variant", "form"]], on="row")
    found = discourse.add_context(found, table, sentences, width)
    return found[MENTION_COLUMNS].reset_index(drop=True)


def actor_order(mentions: pd.DataFrame) -> list[str]:
    """Actors by number of mentions (most first), ties by name."""
    n = mentions.groupby("actor").size().rename("n").reset_index()
    return n.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].tolist()


def actor_section_counts(mentions: pd.DataFrame, table: pd.DataFrame,
                         per: int = discourse.PER) -> pd.DataFrame:
    """Mentions per actor and section, raw and per ``per`` tokens, zeros included.

    Columns: actor, section_id, words, n, rate; actors by mentions, sections
    in reading order, then a block with section_id ``all``.
    """
    words = discourse.section_words(table)
    n = mentions.groupby(["actor", "section_id"]).size()
    totals = mentions.groupby("actor").size()
    rows = []
    for actor in actor_order(mentions):
        for section, size in [*words.items(), ("all", int(words.sum()))]:
            hits = int(totals[actor]) if section == "all" else int(n.get((actor, section), 0))
            rows.append((actor, section, int(size), hits, per * hits / size))
    return pd.DataFrame(rows, columns=["actor", "section_id", "words", "n", "rate"])


def nomination(mentions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Which names the paper uses for each actor, and how often.

    Columns: actor, actor_type, variant, form, n, share (of the actor's
    mentions), sections (where the variant occurs, in reading order).
    Variants never found stay with n = 0, so the whole list shows. Actors by
    mentions, variants by n then name.
    """
    n = mentions.groupby("variant").size()
    sections = mentions.groupby("variant")["section_id"].agg(
        lambda s: " ".join(dict.fromkeys(s)))
    table = actors[["actor", "actor_type", "variant", "form"]].assign(
        n=lambda t: t["variant"].map(lambda v: int(n.get(v, 0))),
        sections=lambda t: t["variant"].map(lambda v: sections.get(v, "")))
    totals = table.groupby("actor")["n"].transform("sum")
    table = table.assign(share=np.where(totals > 0, table["n"] / totals.where(totals > 0, 1),
                                        0.0))
    rank = {a: i for i, a in enumerate(actor_order(mentions))}
    table = table.assign(_rank=table["actor"].map(lambda a: rank.get(a, len(rank))))
    table = table.sort_values(["_rank", "actor", "n", "variant"],
                              ascending=[True, True, False, True], kind="stable")
    return table[["actor", "actor_type", "variant", "form", "n", "share", "sections"]
                 ].reset_index(drop=True)


def naming_summary(names: pd.DataFrame) -> pd.DataFrame:
    """One row per mentioned actor: mentions, names used, and each name with its count.

    Columns: actor, actor_type, mentions, names_used, names (e.g. "soleimani
    70; qassem soleimani 15").
    """
    used = names[names["n"] > 0]
    rows = [(actor, g["actor_type"].iat[0], int(g["n"].sum()), len(g),
             "; ".join(f"{v} {n}" for v, n in zip(g["variant"], g["n"], strict=True)))
            for actor, g in used.groupby("actor", sort=False)]
    return pd.DataFrame(rows, columns=["actor", "actor_type", "mentions", "names_used", "names"])


# ---------------------------------------------------------------------------
# Predication


def _sentence_key(frame: pd.DataFrame) -> pd.Series:
    return frame["paragraph_id"] + "#" + frame["sentence"].astype(str)


def _outside_mentions(found: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``found`` (with paragraph_id, first, last) that overlap no actor mention."""
    covered = {(m.paragraph_id, p) for m in mentions.itertuples()
               for p in range(m.first, m.last + 1)}
    keep = [not any((f.paragraph_id, p) in covered for p in range(f.first, f.last + 1))
            for f in found.itertuples()]
    return found[pd.Series(keep, index=found.index, dtype=bool)]  # also when found is empty


def evaluation_hits(table: pd.DataFrame, mentions: pd.DataFrame,
                    evaluations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Evaluative words and labels in the text, outside actors' names.

    Columns: label, kind, paragraph_id, section_id, sentence, first, last, surface.
    """
    evaluations = load_evaluations() if evaluations is None else evaluations
    found = discourse.find_matches(table, evaluations, sequence_on="lemma")
    found = found.join(evaluations[["label", "kind"]], on="row")
    found = _outside_mentions(found, mentions)
    return found[["label", "kind", "paragraph_id", "section_id", "sentence", "first", "last",
                  "surface"]].reset_index(drop=True)


def predication_evidence(mentions: pd.DataFrame, hits: pd.DataFrame, table: pd.DataFrame,
                         sentences: pd.DataFrame) -> pd.DataFrame:
    """Each sentence in which an actor and an evaluative word or label both occur.

    The sentence is given with the actor's names in [brackets] and the word
    in «guillemets». Columns: actor, label, kind, section_id, paragraph_id,
    sentence, words (as written), text. Rows by actor (most mentioned first),
    label, then reading order.
    """
    offsets = discourse.token_offsets(table, sentences)
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    m = mentions.assign(key=_sentence_key(mentions))
    h = hits.assign(key=_sentence_key(hits))
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
        text = discourse.mark_spans(texts[(p.paragraph_id, p.sentence)], spans)
        rows.append((p.actor, p.label, p.kind, p.section_id, p.paragraph_id, p.sentence,
                     "; ".join(dict.fromkeys(words["surface"])), text))
    evidence = pd.DataFrame(rows, columns=["actor", "label", "kind", "section_id", "paragraph_id",
                                           "sentence", "words", "text"])
    rank = {a: i for i, a in enumerate(actor_order(mentions))}
    return evidence.assign(_r=evidence["actor"].map(rank)).sort_values(
        ["_r", "label", "paragraph_id", "sentence"], kind="stable").drop(columns="_r"
                                                                         ).reset_index(drop=True)


def predication_table(evidence: pd.DataFrame, mentions: pd.DataFrame,
                      examples: int = EXAMPLES) -> pd.DataFrame:
    """Per actor and evaluative word: sentences shared, sections, and evidence.

    Columns: actor, label, kind, sentences (shared with the actor),
    actor_sentences (all sentences naming the actor), sections, evidence
    (the first ``examples`` marked sentences). Rows by actor, then sentences
    (most first), then label.
    """
    actor_sentences = mentions.assign(key=_sentence_key(mentions)).groupby("actor")["key"
                                                                                ].nunique()
    rows = [(actor, label, g["kind"].iat[0], len(g), int(actor_sentences[actor]),
             " ".join(dict.fromkeys(g["section_id"])), " | ".join(g["text"].head(examples)))
            for (actor, label), g in evidence.groupby(["actor", "label"], sort=False)]
    table = pd.DataFrame(rows, columns=["actor", "label", "kind", "sentences", "actor_sentences",
                                        "sections", "evidence"])
    rank = {a: i for i, a in enumerate(actor_order(mentions))}
    return table.assign(_r=table["actor"].map(rank)).sort_values(
        ["_r", "sentences", "label"], ascending=[True, False, True], kind="stable"
    ).drop(columns="_r").reset_index(drop=True)


def actor_collocates(table: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame,
                     min_cooccurrence: int = MIN_COOCCURRENCE,
                     min_actor_sentences: int = MIN_ACTOR_SENTENCES,
                     min_g2: float = MIN_G2, top: int = TOP_COLLOCATES) -> pd.DataFrame:
    """Content words over-represented in the sentences that name each actor.

    The window is the sentence. For actor A and term w: O11 = sentences with
    both, R1 = sentences with A, C1 = sentences with w, N = all sentences;
    G2 from :func:`analysis.stats.collocation_g2`, PMI from
    :func:`analysis.stats.pmi`. Terms are the tokens table's non-stopword
    terms (lemmas, merged expressions kept whole) outside any actor's name.
    Kept: O11 >= ``min_cooccurrence``, O11 above its expectation and G2 >=
    ``min_g2``, for actors in at least ``min_actor_sentences`` sentences; the ``top`` by G2
    (ties by term). Columns: actor, term, o11, r1, c1, n, expected, g2, pmi,
    evidence (the first sentence with both).
    """
    units = tokens.units_table(table)
    units = units[~units["stop"]].assign(first=units["position"], last=units["position"])
    spans = table.groupby(["paragraph_id", "unit"])["position"].agg(["min", "max"])
    units = units.assign(first=[spans.at[(u.paragraph_id, u.unit), "min"] for u in
                                units.itertuples()],
                         last=[spans.at[(u.paragraph_id, u.unit), "max"] for u in
                               units.itertuples()])
    units = _outside_mentions(units, mentions)
    word_sentences = units.assign(key=_sentence_key(units))[["term", "key"]].drop_duplicates()
    actor_sentences = mentions.assign(key=_sentence_key(mentions))[["actor", "key"]
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
    rank = {a: i for i, a in enumerate(actor_order(mentions))}
    frame = frame.assign(_r=frame["actor"].map(rank)).sort_values(
        ["_r", "g2", "term"], ascending=[True, False, True], kind="stable")
    frame = frame.groupby("actor", sort=False).head(top)
    texts = sentences.assign(key=_sentence_key(sentences)).set_index("key")["text"]
    first_both = actor_sentences.merge(word_sentences, on="key").drop_duplicates(
        ["actor", "term"]).set_index(["actor", "term"])["key"]
    frame = frame.assign(evidence=[texts[first_both[(f.actor, f.term)]]
                                   for f in frame.itertuples()])
    return frame[["actor", "term", "o11", "r1", "c1", "n", "expected", "g2", "pmi", "evidence"]
                 ].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Co-mention


def comention(mentions: pd.DataFrame) -> pd.DataFrame:
    """Sentences in which two actors are both named, one row per pair (a before b).

    Columns: actor_a, actor_b, sentences. Pairs by sentences (most first),
    then by the actors' order of mentions.
    """
    keyed = mentions.assign(key=_sentence_key(mentions))[["actor", "key"]].drop_duplicates()
    rank = {a: i for i, a in enumerate(actor_order(mentions))}
    pairs = keyed.merge(keyed, on="key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"].map(rank) < pairs["actor_b"].map(rank)]
    counts = pairs.groupby(["actor_a", "actor_b"]).size().rename("sentences").reset_index()
    counts = counts.assign(_a=counts["actor_a"].map(rank), _b=counts["actor_b"].map(rank))
    return counts.sort_values(["sentences", "_a", "_b"], ascending=[False, True, True],
                              kind="stable").drop(columns=["_a", "_b"]).reset_index(drop=True)


def comention_matrix(mentions: pd.DataFrame, actors: list[str] | None = None) -> pd.DataFrame:
    """Actors x actors: sentences naming both (diagonal: sentences naming the actor).

    ``actors`` picks and orders the rows and columns (default: all, by mentions).
    """
    order = actor_order(mentions) if actors is None else list(actors)
    keyed = mentions.assign(key=_sentence_key(mentions))[["actor", "key"]].drop_duplicates()
    keyed = keyed[keyed["actor"].isin(order)]
    if keyed.empty:  # none of the actors is mentioned
        return pd.DataFrame(0, index=pd.Index(order, name="actor", dtype="str"),
                            columns=pd.Index(order, dtype="str"), dtype="int64")
    incidence = pd.crosstab(keyed["key"], keyed["actor"]).reindex(columns=order, fill_value=0)
    matrix = incidence.T @ incidence
    matrix.index.name, matrix.columns.name = "actor", None
    return matrix.reindex(index=order, columns=order)
