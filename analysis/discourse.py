"""Discourse coding: security sectors and frames, counted per section with their evidence.

The coding dictionary ``data/lexicons/discourse_categories.csv`` has one row
per pattern: its ``dimension`` (``sector`` for the five sectors the paper
takes from Buzan, ``frame`` for the paper's other recurrent frames), its
``category``, the ``pattern`` and how it is matched, and a note on why it
belongs. Matching runs on the tokens table of :mod:`analysis.tokens`, so it
sees the same sentences, keys and lemmas as every other stage:

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

Rates are per 1,000 tokens of the section, the tokens table's own count, so
they share a denominator with every other rate of the study.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths, tokens
from analysis.lexicons import LexiconError, read_lexicon

CATEGORIES = paths.LEXICONS / "discourse_categories.csv"
CATEGORY_COLUMNS = ["dimension", "category", "pattern", "match", "note"]
DIMENSIONS = ("sector", "frame")
MATCH_KINDS = ("lemma", "phrase", "prefix", "term")

#: Characters of context shown left and right of a match.
CONTEXT_CHARS = 70
#: Matches shown per category in the validation table, and the seed that picks them.
VALIDATION_SAMPLE = 5
VALIDATION_SEED = 5
#: Rates are per this many tokens.
PER = 1000
#: The sectors named in the paper's research goal ("the military, political and economic
#: security of the Islamic Republic of Iran").
FOCUS = ("military", "political", "economic")

MATCH_COLUMNS = ["dimension", "category", "pattern", "match", "section_id", "paragraph_id",
                 "sentence", "first", "last", "surface", "left", "right"]


# ---------------------------------------------------------------------------
# Lexicon and pattern tokenisation


def load_categories(path: Path | str = CATEGORIES) -> pd.DataFrame:
    """The coding dictionary (dimension, category, pattern, match, note), validated."""
    table = read_lexicon(path, CATEGORY_COLUMNS, key=["dimension", "pattern"])
    for column, allowed in (("dimension", DIMENSIONS), ("match", MATCH_KINDS)):
        bad = table.loc[~table[column].isin(allowed), column]
        if len(bad):
            raise LexiconError(f"{path}: {column} {bad.iloc[0]!r} in data row {bad.index[0] + 1} "
                               f"is not one of {', '.join(allowed)}")
    return table


def pattern_tokens(patterns: pd.Series) -> pd.DataFrame:
    """Keys and lemmas of each pattern, tokenised exactly like the text.

    Returns one row per pattern (same index): ``keys`` and ``lemmas``, tuples.
    """
    paragraphs = pd.DataFrame({"paragraph_id": [str(i) for i in patterns.index],
                               "section_id": "", "text": patterns.tolist()})
    empty = pd.DataFrame(columns=tokens.EXPRESSION_COLUMNS)
    table = tokens.tokens_table(paragraphs, empty)
    grouped = table.groupby("paragraph_id", sort=False)
    keys = grouped["key"].agg(tuple)
    lemmas = grouped["lemma"].agg(tuple)
    ids = [str(i) for i in patterns.index]
    return pd.DataFrame({"keys": keys.reindex(ids).tolist(),
                         "lemmas": lemmas.reindex(ids).tolist()}, index=patterns.index)


# ---------------------------------------------------------------------------
# The matcher, shared with analysis.actors


def sentence_texts(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Sentences as the tokens table sees them: citations removed, same split.

    Columns: paragraph_id, section_id, sentence, text. The ``sentence`` index
    equals the tokens table's, so a match can be shown in its sentence.
    """
    rows = [(p.paragraph_id, p.section_id, i, s)
            for p in paragraphs.itertuples()
            for i, s in enumerate(tokens.split_sentences(tokens.strip_citations(p.text)))]
    return pd.DataFrame(rows, columns=["paragraph_id", "section_id", "sentence", "text"])


def _sentences(table: pd.DataFrame):
    """Yield (paragraph_id, section_id, sentence, rows) per sentence, in reading order."""
    for (paragraph, sentence), rows in table.groupby(["paragraph_id", "sentence"], sort=False):
        yield paragraph, rows["section_id"].iat[0], sentence, rows


def find_matches(table: pd.DataFrame, patterns: pd.DataFrame, sequence_on: str = "lemma"
                 ) -> pd.DataFrame:
    """Greedy longest matches of ``patterns`` over the tokens ``table``, one per token at most.

    ``patterns`` has columns ``pattern`` and ``match`` (lemma, phrase,
    prefix, term); lemma and phrase patterns are compared on the tokens'
    ``sequence_on`` column ("lemma", or "key" to match written forms). A
    match starts and ends on unit boundaries, so it never splits a merged
    expression. On equal length a term beats a sequence, which beats a prefix.

    Returns one row per match: paragraph_id, section_id, sentence, first and
    last (token positions), row (the pattern's index label) and surface (the
    tokens as written).
    """
    shapes = pattern_tokens(patterns["pattern"])
    column = "lemmas" if sequence_on == "lemma" else "keys"
    sequences: dict[tuple[str, ...], object] = {}
    prefixes: list[tuple[str, object]] = []
    terms: dict[str, object] = {}
    for label, row in patterns.iterrows():
        if row["match"] == "term":
            terms[row["pattern"]] = label
        elif row["match"] == "prefix":
            prefixes.append((row["pattern"].lower(), label))
        else:
            sequences[shapes.at[label, column]] = label
    prefixes.sort(key=lambda p: (-len(p[0]), p[0]))
    longest = max((len(s) for s in sequences), default=1)
    out = []
    for paragraph, section, sentence, rows in _sentences(table):
        values = rows[sequence_on].tolist()
        keys, units = rows["key"].tolist(), rows["unit"].tolist()
        terms_here, positions, surface = rows["term"].tolist(), rows["position"].tolist(), \
            rows["token"].tolist()
        size = len(values)
        boundary = [i == 0 or units[i] != units[i - 1] for i in range(size)] + [True]
        i = 0
        while i < size:
            unit_end = next(j for j in range(i + 1, size + 1) if boundary[j])
            best: tuple[int, object] | None = None
            if terms_here[i] in terms:
                best = (unit_end, terms[terms_here[i]])
            for n in range(min(longest, size - i), 0, -1):
                if not boundary[i + n] or (best is not None and i + n <= best[0]):
                    continue
                label = sequences.get(tuple(values[i: i + n]))
                if label is not None:
                    best = (i + n, label)
                    break
            if best is None and unit_end == i + 1:
                for prefix, label in prefixes:
                    if keys[i].startswith(prefix):
                        best = (i + 1, label)
                        break
            if best is None:
                i = unit_end
                continue
            end, label = best
            out.append((paragraph, section, sentence, positions[i], positions[end - 1], label,
                        " ".join(surface[i:end])))
            i = end
    return pd.DataFrame(out, columns=["paragraph_id", "section_id", "sentence", "first", "last",
                                      "row", "surface"])


def token_offsets(table: pd.DataFrame, sentences: pd.DataFrame
                  ) -> dict[tuple[str, int], tuple[int, int]]:
    """Character span of every token in its sentence's text, keyed by (paragraph_id, position).

    Tokens are located in order, so the spans keep the paper's punctuation.
    """
    offsets = {}
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    for (paragraph, sentence), rows in table.groupby(["paragraph_id", "sentence"], sort=False):
        text, cursor = texts[(paragraph, sentence)], 0
        for position, token in zip(rows["position"], rows["token"], strict=True):
            start = text.index(token, cursor)
            cursor = start + len(token)
            offsets[(paragraph, position)] = (start, cursor)
    return offsets


def add_context(matches: pd.DataFrame, table: pd.DataFrame, sentences: pd.DataFrame,
                width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """``matches`` with ``left`` and ``right``: up to ``width`` characters of its sentence."""
    offsets = token_offsets(table, sentences)
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    left, right = [], []
    for m in matches.itertuples():
        text = texts[(m.paragraph_id, m.sentence)]
        start = offsets[(m.paragraph_id, m.first)][0]
        end = offsets[(m.paragraph_id, m.last)][1]
        before, after = text[:start].rstrip(), text[end:].lstrip()
        left.append(("…" + before[-width:].lstrip()) if len(before) > width else before)
        right.append((after[:width].rstrip() + "…") if len(after) > width else after)
    return matches.assign(left=left, right=right)


def mark_spans(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` with each (start, end, open, close) span wrapped in its marks."""
    for start, end, opening, closing in sorted(spans, key=lambda s: -s[0]):
        text = text[:start] + opening + text[start:end] + closing + text[end:]
    return text


# ---------------------------------------------------------------------------
# Coding


def code_matches(table: pd.DataFrame, sentences: pd.DataFrame,
                 categories: pd.DataFrame | None = None, width: int = CONTEXT_CHARS
                 ) -> pd.DataFrame:
    """Every category match in the text, each dimension coded on its own.

    Columns: dimension, category, pattern, match, section_id, paragraph_id,
    sentence, first, last, surface, left, right. Rows in lexicon dimension
    order, then reading order.
    """
    categories = load_categories() if categories is None else categories
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


def section_words(table: pd.DataFrame) -> pd.Series:
    """Tokens per section (the rate denominator), in reading order."""
    return table.groupby("section_id", sort=False).size().rename("words")


def category_counts(matches: pd.DataFrame, table: pd.DataFrame, categories: pd.DataFrame,
                    per: int = PER) -> pd.DataFrame:
    """Hits per category and section, raw and per ``per`` tokens, zeros included.

    Columns: dimension, category, section_id, words, n, rate. Sections are
    those with tokens, in reading order; categories in lexicon order. A last
    block with section_id ``all`` gives the whole paper.
    """
    words = section_words(table)
    order = categories[["dimension", "category"]].drop_duplicates()
    n = matches.groupby(["dimension", "category", "section_id"]).size()
    rows = []
    for c in order.itertuples():
        for section, size in [*words.items(), ("all", int(words.sum()))]:
            if section == "all":
                hits = int(n.loc[(c.dimension, c.category)].sum()) if (
                    c.dimension, c.category) in n.index.droplevel(2) else 0
            else:
                hits = int(n.get((c.dimension, c.category, section), 0))
            rows.append((c.dimension, c.category, section, int(size), hits, per * hits / size))
    return pd.DataFrame(rows, columns=["dimension", "category", "section_id", "words", "n", "rate"])


def pattern_hits(matches: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Each lexicon row with its number of hits ``n`` (zeros kept, so the whole list shows)."""
    n = matches.groupby(["dimension", "pattern"]).size()
    hits = [int(n.get((r.dimension, r.pattern), 0)) for r in categories.itertuples()]
    return categories[["dimension", "category", "pattern", "match"]].assign(n=hits)


def validation_sample(matches: pd.DataFrame, categories: pd.DataFrame,
                      n: int = VALIDATION_SAMPLE, seed: int = VALIDATION_SEED) -> pd.DataFrame:
    """Up to ``n`` matches per category drawn with ``seed``, for a reader to judge precision.

    Columns: dimension, category, section_id, left, surface, right; categories
    in lexicon order, matches in reading order within a category.
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


def stated_focus(paper: Path | str = paths.PAPER, focus: tuple[str, ...] = FOCUS
                 ) -> tuple[str, ...]:
    """The sectors the analysed paper's research goal names: :data:`FOCUS` for the study's
    paper, none for another paper (its research goal has not been read)."""
    return focus if Path(paper).resolve() == paths.STUDY_PAPER.resolve() else ()


def whole_paper(counts: pd.DataFrame, focus: tuple[str, ...] = FOCUS) -> pd.DataFrame:
    """Whole-paper hits and rates of every category, with the stated-focus flag.

    ``focus`` are the sectors the paper's research goal names. Columns:
    dimension, category, n, rate, share (of all hits of the dimension),
    stated_focus.
    """
    whole = counts[counts["section_id"] == "all"]
    share = whole["n"] / whole.groupby("dimension")["n"].transform("sum").where(
        lambda t: t > 0, 1)
    return pd.DataFrame({
        "dimension": whole["dimension"].to_numpy(), "category": whole["category"].to_numpy(),
        "n": whole["n"].to_numpy(), "rate": whole["rate"].to_numpy(), "share": share.to_numpy(),
        "stated_focus": ((whole["dimension"] == "sector") & whole["category"].isin(focus)
                         ).to_numpy()})


def category_summary(hits: pd.DataFrame) -> pd.DataFrame:
    """Per category: patterns listed, patterns found in the paper, and hits.

    ``hits`` is :func:`pattern_hits`. Columns: dimension, category, patterns,
    found, n; categories in lexicon order.
    """
    grouped = hits.groupby(["dimension", "category"], sort=False)
    return grouped.agg(patterns=("pattern", "size"), found=("n", lambda n: int((n > 0).sum())),
                       n=("n", "sum")).reset_index()
