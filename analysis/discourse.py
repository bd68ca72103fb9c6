"""Discourse coding: security sectors and frames, counted per section with their evidence.

The coding dictionary (the ``discourse`` lexicon of the study configuration;
this study's is ``data/lexicons/discourse_categories.csv``) has one row
per pattern: its ``dimension`` (``sector`` for the five sectors the paper
takes from Buzan, ``frame`` for the paper's other recurrent frames), its
``category``, the ``pattern`` and how it is matched, and a note on why it
belongs. Matching (:mod:`analysis.matcher`) runs on the tokens table of
:mod:`analysis.tokens`, so it sees the same sentences, keys and lemmas as every
other stage:

``lemma``
    one token whose lemma equals the pattern's lemma ("threats" -> threat).
``phrase``
    a run of tokens whose lemmas equal the pattern's lemmas, in order
    ("military security", "territorial integrity").
``prefix``
    one token whose written form (its key) starts with the pattern
    ("shia" matches "Shia" and "Shia-led").
``term``
    one merged expression of ``expressions.csv`` as a whole
    ("axis_of_resistance").

Rules, decided once:

* Matching is greedy, left to right, longest match first, within a sentence.
  A token is covered by at most one match of a dimension, so "military
  security" counts once (for ``military``), never also for "military".
* Every pattern belongs to exactly one category of its dimension (the
  lexicon is keyed on dimension + pattern). The two dimensions are coded
  independently: a word may carry one sector and one frame ("identity" is
  both Buzan's societal sector and the identity/religion frame).
* Merged expressions (names and fixed phrases of ``expressions.csv``) are
  coded only as wholes, never by their parts: a match may not start or end
  inside one. So "Islamic Republic" is a name, not a religion word, and
  "Zionist regime" is not the political-sector word "regime"; names are
  analysed as actors in :mod:`analysis.actors`.
* Left out on purpose, because the paper uses them mostly in other senses:
  "force" (also "social forces"), "fight" (mostly "the fight against
  terrorism"), "defend" (defending Islam, the homeland), "policy" alone
  ("security policy"), "environment" (surroundings), "resilience",
  "jihadist" (applied to opposite sides; it is in the predication list).

Rates are per 1,000 words of the section, the study's one denominator
(:mod:`analysis.vocabulary`). A paper whose configuration names no
``discourse`` lexicon is not coded.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import vocabulary
from analysis.lexicons import LexiconError, read_lexicon
from analysis.matcher import MATCH_KINDS, add_context, find_matches
from analysis.settings import CONTEXT_CHARS, RATE_BASE, VALIDATION_SAMPLE, VALIDATION_SEED

CATEGORY_COLUMNS = ["dimension", "category", "pattern", "match", "note"]
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
