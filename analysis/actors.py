"""Actors a paper names: where, by which names (nomination), with which words (predication).

The ``actors`` lexicon of the paper's study configuration lists every actor
(state, organisation, group, person, region or territory) with each name the
paper uses for it, one variant per row, and its ``form``: name, abbreviation,
surname, title, designation (a descriptive name for a state or government),
adjective or demonym. Adjectives and demonyms count as references to the
actor; the naming table keeps them apart so a reader can drop them. Pronouns
are not resolved, so a person's mentions are a lower bound. What the lexicon
leaves out on purpose is said in its notes. A paper whose configuration names
no actors lexicon has no actors.

Variants are matched on the tokens' written forms (keys: lower case, without
a possessive 's), greedy longest match within a sentence, never splitting a
merged expression (:func:`analysis.matcher.find_matches`): a longer name wins
over a shorter one inside it ("West Asia" is a region, not "the West").
Hyphenated compounds are one token and are not split, so a compound naming two
actors at once counts for neither.

Predication (the words used near each actor) is in :mod:`analysis.predication`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import vocabulary
from analysis.lexicons import LexiconError, read_lexicon
from analysis.matcher import add_context, find_matches, pattern_tokens
from analysis.settings import CONTEXT_CHARS, RATE_BASE

ACTOR_COLUMNS = ["actor", "actor_type", "variant", "form", "note"]
ACTOR_TYPES = ("state", "territory", "region", "organisation", "group", "person")

MENTION_COLUMNS = ["actor", "actor_type", "variant", "form", "surface", "section_id",
                   "paragraph_id", "sentence", "first", "last", "left", "right"]


def load_actors(path: Path | str | None) -> pd.DataFrame:
    """The actor list, validated; ``None`` (no lexicon applied) gives an empty one.

    Parameters
    ----------
    path : Path, str or None
        A CSV with columns actor, actor_type, variant, form, note.

    Returns
    -------
    DataFrame
        Columns actor, actor_type, variant, form, note.

    Raises
    ------
    analysis.lexicons.LexiconError
        For a variant listed twice (for one actor or two), an actor with two
        types, an unknown type, or two variants that tokenise to the same words.
    """
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ACTOR_COLUMNS})
    table = read_lexicon(path, ACTOR_COLUMNS, key=["variant"])
    bad = table.loc[~table["actor_type"].isin(ACTOR_TYPES), "actor_type"]
    if len(bad):
        raise LexiconError(f"{path}: actor_type {bad.iloc[0]!r} in data row {bad.index[0] + 1} "
                           f"is not one of {', '.join(ACTOR_TYPES)}")
    types = table.groupby("actor")["actor_type"].nunique()
    if (types > 1).any():
        raise LexiconError(f"{path}: actor {types[types > 1].index[0]!r} has more than one "
                           "actor_type")
    keys = pattern_tokens(table["variant"])["keys"]
    clash = keys.duplicated(keep=False)
    if clash.any():
        raise LexiconError(f"{path}: variants {' / '.join(table.loc[clash, 'variant'])} are "
                           "the same words once tokenised")
    return table


def actor_mentions(table: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame,
                   width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """Every mention of every actor, in reading order, with its context.

    Parameters
    ----------
    table : DataFrame
        The tokens table.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    actors : DataFrame
        :func:`load_actors`.
    width : int, default :data:`analysis.settings.CONTEXT_CHARS`
        Characters of context on each side.

    Returns
    -------
    DataFrame
        actor, actor_type, variant (the lexicon row matched), form, surface (as
        written), section_id, paragraph_id, sentence, first, last, left, right.
    """
    patterns = actors.assign(pattern=actors["variant"], match="phrase")
    found = find_matches(table, patterns, sequence_on="key")
    found = found.join(actors[["actor", "actor_type", "variant", "form"]], on="row")
    found = add_context(found, table, sentences, width)
    return found[MENTION_COLUMNS].reset_index(drop=True)


def actor_order(mentions: pd.DataFrame) -> list[str]:
    """Actors by number of mentions (most first), ties by name: the order of every actor table.

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.

    Returns
    -------
    list of str
        The mentioned actors.
    """
    n = mentions.groupby("actor").size().rename("n").reset_index()
    return n.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].tolist()


def rank_sort(frame: pd.DataFrame, order: list[str], by: list[str], ascending: list[bool],
               column: str = "actor") -> pd.DataFrame:
    """``frame`` sorted by the rank of its ``column`` in ``order`` (others last), then ``by``."""
    rank = {a: i for i, a in enumerate(order)}
    key = frame[column].map(lambda a: rank.get(a, len(rank)))
    return frame.assign(_rank=key).sort_values(
        ["_rank", *by], ascending=[True, *ascending], kind="stable"
    ).drop(columns="_rank").reset_index(drop=True)


def actor_section_counts(mentions: pd.DataFrame, sizes: pd.DataFrame, order: list[str],
                         base: int = RATE_BASE) -> pd.DataFrame:
    """Mentions per actor and section, raw and per ``base`` words, zeros included.

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes`.
    order : list of str
        :func:`actor_order`.
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    DataFrame
        actor, section_id, n_words, n, rate (:func:`analysis.vocabulary.section_rates`):
        actors in ``order``, sections in reading order, then the whole paper.
    """
    return vocabulary.section_rates(mentions, pd.DataFrame({"actor": order}), sizes, base)


def nomination(mentions: pd.DataFrame, actors: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Which names the paper uses for each actor, and how often.

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.
    actors : DataFrame
        :func:`load_actors`: every variant listed.
    order : list of str
        :func:`actor_order`.

    Returns
    -------
    DataFrame
        actor, actor_type, variant, form, n, share (of the actor's mentions),
        sections (where the variant occurs, in reading order). Variants never
        found stay with n = 0, so the whole list shows. Actors in ``order``
        (unmentioned ones last, by name), variants by n then name.
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
    table = rank_sort(table, order, ["actor", "n", "variant"], [True, False, True])
    return table[["actor", "actor_type", "variant", "form", "n", "share", "sections"]]


def naming_summary(names: pd.DataFrame) -> pd.DataFrame:
    """One row per mentioned actor: mentions, names used, and each name with its count.

    Parameters
    ----------
    names : DataFrame
        :func:`nomination`.

    Returns
    -------
    DataFrame
        actor, actor_type, mentions, names_used, names (each name with its count,
        e.g. "smith 7; john smith 3"), in the order of ``names``.
    """
    used = names[names["n"] > 0]
    rows = [(actor, g["actor_type"].iat[0], int(g["n"].sum()), len(g),
             "; ".join(f"{v} {n}" for v, n in zip(g["variant"], g["n"], strict=True)))
            for actor, g in used.groupby("actor", sort=False)]
    return pd.DataFrame(rows, columns=["actor", "actor_type", "mentions", "names_used", "names"])


def sentence_key(frame: pd.DataFrame) -> pd.Series:
    """A key naming each row's sentence: paragraph_id and sentence index."""
    return frame["paragraph_id"] + "#" + frame["sentence"].astype(str)


def outside_mentions(found: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``found`` (with paragraph_id, first, last) that overlap no actor mention."""
    covered = {(m.paragraph_id, p) for m in mentions.itertuples()
               for p in range(m.first, m.last + 1)}
    keep = [not any((f.paragraph_id, p) in covered for p in range(f.first, f.last + 1))
            for f in found.itertuples()]
    return found[pd.Series(keep, index=found.index, dtype=bool)]  # also when found is empty


# ---------------------------------------------------------------------------
# Co-mention


def comention(mentions: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Sentences in which two actors are both named, one row per pair.

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.
    order : list of str
        :func:`actor_order`: actor_a comes before actor_b in it.

    Returns
    -------
    DataFrame
        actor_a, actor_b, sentences; pairs by sentences (most first), then by
        the actors' order.
    """
    keyed = mentions.assign(key=sentence_key(mentions))[["actor", "key"]].drop_duplicates()
    rank = {a: i for i, a in enumerate(order)}
    pairs = keyed.merge(keyed, on="key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"].map(rank) < pairs["actor_b"].map(rank)]
    counts = pairs.groupby(["actor_a", "actor_b"]).size().rename("sentences").reset_index()
    counts = counts.assign(_a=counts["actor_a"].map(rank), _b=counts["actor_b"].map(rank))
    return counts.sort_values(["sentences", "_a", "_b"], ascending=[False, True, True],
                              kind="stable").drop(columns=["_a", "_b"]).reset_index(drop=True)


def comention_matrix(mentions: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Actors x actors: sentences naming both (diagonal: sentences naming the actor).

    Parameters
    ----------
    mentions : DataFrame
        :func:`actor_mentions`.
    actors : list of str
        The rows and columns, in order.

    Returns
    -------
    DataFrame
        Indexed by actor, one column per actor.
    """
    order = list(actors)
    keyed = mentions.assign(key=sentence_key(mentions))[["actor", "key"]].drop_duplicates()
    keyed = keyed[keyed["actor"].isin(order)]
    if keyed.empty:  # none of the actors is mentioned
        return pd.DataFrame(0, index=pd.Index(order, name="actor", dtype="str"),
                            columns=pd.Index(order, dtype="str"), dtype="int64")
    incidence = pd.crosstab(keyed["key"], keyed["actor"]).reindex(columns=order, fill_value=0)
    matrix = incidence.T @ incidence
    matrix.index.name, matrix.columns.name = "actor", None
    return matrix.reindex(index=order, columns=order)


# ---------------------------------------------------------------------------
# Sentences generated from the tables (the notebook's interpretation)


def describe_mentions(by_section: pd.DataFrame, order: list[str], labels: pd.Series,
                      top: int = 3) -> list[str]:
    """Sentences on the most mentioned actors: how often, in how many sections, where most.

    Parameters
    ----------
    by_section : DataFrame
        :func:`actor_section_counts`.
    order : list of str
        :func:`actor_order`.
    labels : Series
        Short section labels by section_id.
    top : int, default 3
        Actors described.

    Returns
    -------
    list of str
        One sentence per actor, or one saying no actor is named.
    """
    sections = by_section[by_section["section_id"] != vocabulary.WHOLE_PAPER]
    n_sections = sections["section_id"].nunique()
    out = []
    for actor in order[:top]:
        rows = sections[sections["actor"] == actor]
        named = rows[rows["n"] > 0]
        most = named.sort_values("n", ascending=False, kind="stable").iloc[0]
        out.append(f"{actor}: {int(rows['n'].sum())} mentions, named in {len(named)} of "
                   f"{n_sections} sections with text; most in "
                   f"{labels.get(most['section_id'], most['section_id'])} ({most['n']}).")
    return out or ["No actor of the lexicon is named in the paper."]


def describe_naming(names: pd.DataFrame, actors: list[str]) -> list[str]:
    """Sentences on the names used for each actor named in more than one way.

    Parameters
    ----------
    names : DataFrame
        :func:`nomination`.
    actors : list of str
        The actors to describe, in order.

    Returns
    -------
    list of str
        One sentence per actor: its names, each with its count and share.
    """
    out = []
    for actor in actors:
        used = names[(names["actor"] == actor) & (names["n"] > 0)]
        parts = [f"'{r.variant}' ({r.form}) {'once' if r.n == 1 else f'{r.n} times'} "
                 f"({r.share:.0%})" for r in used.itertuples()]
        out.append(f"{actor} is named in {len(used)} ways: {'; '.join(parts)}.")
    return out or ["No actor is named in more than one way."]


def describe_comention(pairs: pd.DataFrame, top: int = 5) -> str:
    """One sentence naming the pairs of actors named together most often.

    Parameters
    ----------
    pairs : DataFrame
        :func:`comention`.
    top : int, default 5
        Pairs named.

    Returns
    -------
    str
    """
    if pairs.empty:
        return "No two actors are named in the same sentence."
    shown = [f"{p.actor_a} and {p.actor_b} ({p.sentences} "
             f"sentence{'' if p.sentences == 1 else 's'})" for p in pairs.head(top).itertuples()]
    return "The actors named together most often: " + "; ".join(shown) + "."
