"""Discourse coding: the categories of a paper's coding dictionary, per section, with evidence.

The coding dictionary is the ``discourse`` lexicon of the paper's study
configuration (:mod:`analysis.config`); a paper whose configuration names none
is not coded. It has one row per pattern: its ``dimension`` (``sector`` for
the security sectors a paper defines, ``frame`` for its other recurrent
frames), its ``category``, the ``pattern`` and how it is matched, and a note on
why it belongs (what a lexicon leaves out on purpose is said in its notes).
Matching (:mod:`analysis.matcher`) runs on the tokens table of
:mod:`analysis.tokens`, so it sees the same sentences, keys and lemmas as every
other stage:

``lemma``
    one token whose lemma equals the pattern's lemma ("threats" -> threat).
``phrase``
    a run of tokens whose lemmas equal the pattern's lemmas, in order
    ("military security").
``prefix``
    one token whose written form (its key) starts with the pattern.
``term``
    one merged expression of the expressions lexicon as a whole.

Rules, decided once:

* Matching is greedy, left to right, longest match first, within a sentence.
  A token is covered by at most one match of a dimension, so "military
  security" counts once (for its category), never also for "military".
* Every pattern belongs to exactly one category of its dimension (the
  lexicon is keyed on dimension + pattern). The two dimensions are coded
  independently: a word may carry one sector and one frame.
* Merged expressions (names and fixed phrases) are coded only as wholes, never
  by their parts: a match may not start or end inside one, so a name is not
  coded by a common word inside it; names are analysed as actors in
  :mod:`analysis.actors`.

Rates are per 1,000 words of the section, the study's one denominator
(:mod:`analysis.vocabulary`). Section heatmaps stay legible on long papers:
:func:`pool_sections` keeps at most
:data:`analysis.settings.HEATMAP_MAX_SECTIONS` rows and pools the rest.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import vocabulary
from analysis.config import StudyConfig
from analysis.lexicons import LexiconError, read_lexicon
from analysis.matcher import MATCH_KINDS, add_context, find_matches
from analysis.settings import (
    CONTEXT_CHARS,
    HEATMAP_MAX_SECTIONS,
    RATE_BASE,
    VALIDATION_SAMPLE,
    VALIDATION_SEED,
)

CATEGORY_COLUMNS = ["dimension", "category", "pattern", "match", "note"]
#: The section_id of the row that pools the sections a heatmap does not draw.
POOLED = "pooled"
DIMENSIONS = ("sector", "frame")

MATCH_COLUMNS = ["dimension", "category", "pattern", "match", "section_id", "paragraph_id",
                 "sentence", "first", "last", "surface", "left", "right"]


def load_categories(path: Path | str | None) -> pd.DataFrame:
    """The coding dictionary, validated; ``None`` (no lexicon applied) gives an empty one.

    Parameters
    ----------
    path : Path, str or None
        A CSV with columns dimension, category, pattern, match, note.

    Returns
    -------
    DataFrame
        Columns dimension, category, pattern, match, note.

    Raises
    ------
    analysis.lexicons.LexiconError
        If a dimension or match kind is not one of those allowed.
    """
    if path is None:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in CATEGORY_COLUMNS})
    table = read_lexicon(path, CATEGORY_COLUMNS, key=["dimension", "pattern"])
    for column, allowed in (("dimension", DIMENSIONS), ("match", MATCH_KINDS)):
        bad = table.loc[~table[column].isin(allowed), column]
        if len(bad):
            raise LexiconError(f"{path}: {column} {bad.iloc[0]!r} in data row {bad.index[0] + 1} "
                               f"is not one of {', '.join(allowed)}")
    return table


# ---------------------------------------------------------------------------
# Coding


def code_matches(table: pd.DataFrame, sentences: pd.DataFrame, categories: pd.DataFrame,
                 width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """Every category match in the text, each dimension coded on its own.

    Parameters
    ----------
    table : DataFrame
        The tokens table.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    categories : DataFrame
        :func:`load_categories`.
    width : int, default :data:`analysis.settings.CONTEXT_CHARS`
        Characters of context on each side.

    Returns
    -------
    DataFrame
        dimension, category, pattern, match, section_id, paragraph_id,
        sentence, first, last, surface, left, right; rows by dimension (in
        :data:`DIMENSIONS` order: sector, then frame), then reading order.
    """
    parts = []
    for dimension in DIMENSIONS:
        lexicon = categories[categories["dimension"] == dimension]
        if lexicon.empty:
            continue
        found = find_matches(table, lexicon, sequence_on="lemma")
        found = found.join(lexicon[["dimension", "category", "pattern", "match"]], on="row")
        parts.append(found)
    found = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["paragraph_id", "section_id", "sentence", "first", "last", "row", "surface",
                 "dimension", "category", "pattern", "match"])
    found = add_context(found, table, sentences, width)
    return found[MATCH_COLUMNS].reset_index(drop=True)


def category_counts(matches: pd.DataFrame, sizes: pd.DataFrame, categories: pd.DataFrame,
                    base: int = RATE_BASE) -> pd.DataFrame:
    """Hits per category and section, raw and per ``base`` words, zeros included.

    Parameters
    ----------
    matches : DataFrame
        :func:`code_matches`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes`.
    categories : DataFrame
        :func:`load_categories` (gives the categories' order).
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    DataFrame
        dimension, category, section_id, n_words, n, rate (see
        :func:`analysis.vocabulary.section_rates`): categories in lexicon
        order, sections in reading order, then the whole paper.
    """
    keys = categories[["dimension", "category"]].drop_duplicates().reset_index(drop=True)
    return vocabulary.section_rates(matches, keys, sizes, base)


def pattern_hits(matches: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Each lexicon row with its number of hits, zeros kept so the whole list shows.

    Parameters
    ----------
    matches : DataFrame
        :func:`code_matches`.
    categories : DataFrame
        :func:`load_categories`.

    Returns
    -------
    DataFrame
        dimension, category, pattern, match, n (hits of the pattern); rows in
        lexicon order.
    """
    n = matches.groupby(["dimension", "pattern"]).size()
    hits = [int(n.get((r.dimension, r.pattern), 0)) for r in categories.itertuples()]
    return categories[["dimension", "category", "pattern", "match"]].assign(n=hits)


def validation_sample(matches: pd.DataFrame, categories: pd.DataFrame,
                      n: int = VALIDATION_SAMPLE, seed: int = VALIDATION_SEED) -> pd.DataFrame:
    """Up to ``n`` matches per category drawn with ``seed``, for a reader to judge precision.

    Parameters
    ----------
    matches : DataFrame
        :func:`code_matches`.
    categories : DataFrame
        :func:`load_categories` (gives the categories' order).
    n : int, default :data:`analysis.settings.VALIDATION_SAMPLE`
        Matches drawn per category (all of them if it has fewer).
    seed : int, default :data:`analysis.settings.VALIDATION_SEED`
        Random state of :meth:`pandas.DataFrame.sample`.

    Returns
    -------
    DataFrame
        dimension, category, section_id, left, surface, right; categories in
        lexicon order, matches in reading order within a category; categories
        without a match are left out.
    """
    picked = []
    for c in categories[["dimension", "category"]].drop_duplicates().itertuples():
        group = matches[(matches["dimension"] == c.dimension)
                        & (matches["category"] == c.category)]
        if len(group):
            sample = group.sample(n=min(n, len(group)), random_state=seed)
            picked.append(sample.sort_index(kind="stable"))
    columns = ["dimension", "category", "section_id", "left", "surface", "right"]
    if not picked:
        return pd.DataFrame(columns=columns)
    return pd.concat(picked)[columns].reset_index(drop=True)


def whole_paper(counts: pd.DataFrame, focus: tuple[str, ...] = ()) -> pd.DataFrame:
    """Whole-paper hits and rates of every category, with the stated-focus flag.

    Parameters
    ----------
    counts : DataFrame
        :func:`category_counts`.
    focus : tuple of str, default ()
        The sectors the paper states as its focus (the study configuration's
        ``focus.sectors``).

    Returns
    -------
    DataFrame
        dimension, category, n, rate, share (of all hits of the dimension),
        stated_focus.
    """
    whole = counts[counts["section_id"] == vocabulary.WHOLE_PAPER]
    share = whole["n"] / whole.groupby("dimension")["n"].transform("sum").where(
        lambda t: t > 0, 1)
    return pd.DataFrame({
        "dimension": whole["dimension"].to_numpy(), "category": whole["category"].to_numpy(),
        "n": whole["n"].to_numpy(), "rate": whole["rate"].to_numpy(), "share": share.to_numpy(),
        "stated_focus": ((whole["dimension"] == "sector") & whole["category"].isin(focus)
                         ).to_numpy()})


def category_summary(hits: pd.DataFrame) -> pd.DataFrame:
    """Per category: patterns listed, patterns found in the paper, and hits.

    Parameters
    ----------
    hits : DataFrame
        :func:`pattern_hits`.

    Returns
    -------
    DataFrame
        dimension, category, patterns (rows of the lexicon), found (patterns
        with at least one hit), n (hits); categories in lexicon order.
    """
    grouped = hits.groupby(["dimension", "category"], sort=False)
    return grouped.agg(patterns=("pattern", "size"), found=("n", lambda n: int((n > 0).sum())),
                       n=("n", "sum")).reset_index()


def pool_sections(counts: pd.DataFrame, labels: pd.Series, cap: int = HEATMAP_MAX_SECTIONS,
                  base: int = RATE_BASE) -> tuple[pd.DataFrame, pd.Series]:
    """A section-rates table cut to at most ``cap`` section rows, the rest pooled in one.

    With more than ``cap`` sections, the ``cap - 1`` longest (most words; ties
    in reading order) are kept in reading order and the others are pooled in a
    row :data:`POOLED` (hits and words summed, the rate recomputed), placed
    before the whole-paper row. Tables with ``cap`` sections or fewer are
    returned as they are.

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.vocabulary.section_rates` (key columns, section_id,
        n_words, n, rate), the whole paper last for each key.
    labels : Series
        Short section labels by section_id.
    cap : int, default :data:`analysis.settings.HEATMAP_MAX_SECTIONS`
        Section rows at most (the whole-paper row not counted).
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.

    Returns
    -------
    counts : DataFrame
        The same columns, the pooled row (if any) before the whole paper.
    labels : Series
        ``labels`` with the pooled row's label ("Other k sections").
    """
    words = counts.drop_duplicates("section_id").set_index("section_id")["n_words"]
    sections = words.drop(vocabulary.WHOLE_PAPER, errors="ignore")
    if len(sections) <= cap:
        return counts, labels
    ranked = pd.DataFrame({"n": sections.to_numpy(), "at": range(len(sections))},
                          index=sections.index)
    kept = ranked.sort_values(["n", "at"], ascending=[False, True], kind="stable").index[:cap - 1]
    pooled = sections.index.difference(kept)
    keys = [c for c in counts.columns if c not in ("section_id", "n_words", "n", "rate")]
    rest = counts[counts["section_id"].isin(pooled)].groupby(keys, sort=False)[
        ["n_words", "n"]].sum().reset_index()
    rest = rest.assign(section_id=POOLED, rate=vocabulary.rate(rest["n"], rest["n_words"], base))
    order = [s for s in sections.index if s in set(kept)] + [POOLED, vocabulary.WHOLE_PAPER]
    out = pd.concat([counts[~counts["section_id"].isin(pooled)], rest[counts.columns]])
    out = out.assign(_at=out["section_id"].map({s: i for i, s in enumerate(order)}))
    key_order = counts[keys].drop_duplicates().reset_index(drop=True).reset_index()
    out = out.merge(key_order, on=keys).sort_values(["index", "_at"], kind="stable")
    named = pd.concat([labels, pd.Series({POOLED: f"Other {len(pooled)} sections"})])
    return out.drop(columns=["index", "_at"]).reset_index(drop=True), named

# ---------------------------------------------------------------------------
# Sentences generated from the tables (the notebook's interpretation)


def word_list(items: Sequence[str]) -> str:
    """Items joined as in prose: "a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _hits(n: int, word: str = "hit") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def lexicon_note(config: StudyConfig) -> str:
    """Which coding dictionaries the paper's configuration applies, or how to supply them.

    Parameters
    ----------
    config : StudyConfig
        The paper's study configuration.

    Returns
    -------
    str
        One paragraph: the lexicon files applied (relative to the configuration),
        or, when none is, that nothing is coded and how to write a configuration.
    """
    keys = ("discourse", "actors", "evaluations")
    applied = {k: config.lexicon(k) for k in keys if config.lexicon(k) is not None}
    if not applied:
        return ("No coding dictionary was applied: the paper has no study configuration naming "
                "one, so no sector, frame, actor or evaluative word is coded below (the "
                "dictionaries of another paper are never borrowed). To code it, write a study "
                "configuration beside the paper (<paper>.toml or study.toml) with a [lexicons] "
                "table naming CSV files: discourse (columns dimension, category, pattern, match, "
                "note), actors (actor, actor_type, variant, form, note) and evaluations (label, "
                "pattern, match, kind, note), in the format of the lexicons in data/lexicons/.")
    base = config.source.parent
    named = [f"{k}: {os.path.relpath(p, base)}" for k, p in applied.items()]
    missing = [k for k in keys if k not in applied]
    return (f"Dictionaries applied from the study configuration ({config.source.name}): "
            f"{'; '.join(named)}." + (f" Not applied (none named): {word_list(missing)}."
                                      if missing else ""))


def describe_coding(whole: pd.DataFrame, focus: Sequence[str] = ()) -> list[str]:
    """Sentences on the whole-paper rates of each dimension, and the stated focus.

    Parameters
    ----------
    whole : DataFrame
        :func:`whole_paper`.
    focus : sequence of str, default ()
        The sectors the paper states as its focus (its configuration's).

    Returns
    -------
    list of str
        One sentence per dimension with hits (most and least frequent
        categories), one on the stated focus's ranks; or one saying nothing was coded.
    """
    out = []
    for dimension in DIMENSIONS:
        rows = whole[(whole["dimension"] == dimension)].sort_values(
            ["rate", "category"], ascending=[False, True], kind="stable")
        if rows.empty or rows["n"].sum() == 0:
            continue
        shown = [f"{r.category} ({r.rate:.1f} per 1,000 words, {_hits(r.n)})"
                 for r in rows.head(3).itertuples()]
        last = rows.iloc[-1]
        out.append(f"Across the whole paper the most frequent {dimension}s are "
                   f"{word_list(shown)}; the least frequent is {last['category']} "
                   f"({last['rate']:.1f}, {_hits(last['n'])}).")
        if dimension == "sector" and focus:
            ranks = {c: i + 1 for i, c in enumerate(rows["category"])}
            stated = [c for c in focus if c in ranks]
            if stated:
                out.append(f"The sectors the paper states as its focus ({word_list(stated)}) "
                           f"rank {word_list([_ordinal(ranks[c]) for c in stated])} of "
                           f"{len(rows)} sectors by whole-paper rate.")
    return out or ["No sector or frame was coded, so there is nothing to rank."]


def describe_sections(counts: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series,
                      key: str = "category") -> list[str]:
    """Per key (category or actor): where its rate is highest among major sections.

    Parameters
    ----------
    counts : DataFrame
        :func:`analysis.vocabulary.section_rates` rows of one dimension (or of actors).
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, n_words, major).
    labels : Series
        Short section labels by section_id.
    key : str, default "category"
        The key column.

    Returns
    -------
    list of str
        One sentence per key with hits: its highest-rate major section (or any
        section, if the paper has no major one), the hits there and in all.
    """
    major = sizes.loc[sizes["major"], "section_id"]
    pool = major if len(major) else sizes["section_id"]
    out = []
    for name, rows in counts.groupby(key, sort=False):
        total = int(rows.loc[rows["section_id"] == vocabulary.WHOLE_PAPER, "n"].sum())
        rows = rows[rows["section_id"].isin(pool) & (rows["n"] > 0)]
        if total == 0 or rows.empty:
            continue
        best = rows.sort_values("rate", ascending=False, kind="stable").iloc[0]
        out.append(f"{name}: highest in {labels.get(best['section_id'], best['section_id'])} "
                   f"({best['rate']:.1f} per 1,000 words; {best['n']} of {total} hits).")
    return out


def rows_note(sections: pd.DataFrame, drawn: pd.DataFrame) -> str:
    """How a section heatmap's rows relate to the paper's sections, for its caption.

    Parameters
    ----------
    sections : DataFrame
        Every section of the paper (section_id, n_words), empty ones included.
    drawn : DataFrame
        :func:`pool_sections` output (section_id; the :data:`POOLED` row if any).

    Returns
    -------
    str
        Sentences on the headings without text (omitted) and on pooled
        sections; empty if every section is drawn.
    """
    empty = int((sections["n_words"] == 0).sum())
    with_text = int((sections["n_words"] > 0).sum())
    rows = set(drawn["section_id"]) - {vocabulary.WHOLE_PAPER}
    parts = []
    if empty:
        parts.append(f"{empty} heading{'s' if empty > 1 else ''} with no text of "
                     f"{'their' if empty > 1 else 'its'} own {'are' if empty > 1 else 'is'} "
                     "omitted.")
    if POOLED in rows:
        kept = len(rows) - 1
        parts.append(f"Of the paper's {with_text} sections with text, the {kept} longest are "
                     f"drawn in reading order and the other {with_text - kept} are pooled in "
                     "one row.")
    return " ".join(parts)
