"""Sentence-level restatement: sentences from different paragraphs that say nearly the same thing.

A paper can repeat a point without repeating a paragraph: a clause returns in
the next paragraphs, the abstract's description comes back near the end, the
results restate the hypothesis. Each sentence (citations removed, at least
:data:`~analysis.settings.SENTENCE_MIN_WORDS` source words) is compared with
every sentence of every other paragraph by the measure of :mod:`analysis.reuse`
(the mean of word 1-2-gram and character 3-5-gram TF-IDF cosines, IDF fitted
on the sentences), and pairs at or above
:data:`~analysis.settings.SENTENCE_SIMILARITY_THRESHOLD` are reported with a
word-level comparison. Pairs inside two paragraphs already reported as a
repeated passage are left to that report.

The threshold was set from the distribution of sentence-pair similarities on
this study's paper, as the paragraph threshold was (:func:`sentence_distribution`
tabulates it, notebook 6 draws it): of its 27,918 pairs of sentences from
different paragraphs, 99.9 % lie below 0.27 and 99.95 % below 0.34, and the
tail has no gap. At 0.33 every pair outside the two reported paragraph pairs
is a restatement read as such by hand (the abstract's goal and results
against the research question and hypothesis, the hypothesis against the
conclusion's opening, the abstract's homeland soldier against the last body
paragraph, the Popular Mobilization Forces' control in two consecutive
paragraphs, the two statements of the method, the universality of the
Revolution); the first pair below it (0.327) is a looser paraphrase, and at
0.27 the list nearly triples with pairs that merely share the paper's subject. Sentences
are short, so the threshold is lower than the paragraph one (0.42). The
hand-made tests plant a restatement above it and unrelated sentences far below.

Which pairs restate the research question: a sentence is a **statement of the
study's question** when its section's heading names a research question,
hypothesis, goal, aim, objective, purpose, results or findings
(:data:`STATEMENT_HEADING`), or its own opening words do ("the goal of this
research", "the research results indicate", "this article aims";
:data:`STATEMENT_OPENING`). A pair with a statement on either side is a
*restatement of the question or hypothesis* (the circularity of a text that
announces its findings in its question); any other pair *repeats a point*.

Tables (columns):

``sentences`` (:func:`sentence_units`)
    unit_id, paragraph_id, section_id, first_sentence, n_sentences,
    n_source_words, text (the columns of :func:`analysis.reuse.passage_units`)
``repeated_sentences`` (:func:`repeated_sentences`)
    pair_id, group, kind, sentence_a, sentence_b, section_a, section_b,
    similarity, statement_a, statement_b, source_words_a, source_words_b, diff,
    text_a, text_b
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd

from analysis.citations import citation_brackets
from analysis.reuse import (
    UNIT_COLUMNS,
    diff_markup,
    pairwise_similarities,
    word_diff,
)
from analysis.settings import (
    HISTOGRAM_BIN,
    SENTENCE_MIN_WORDS,
    SENTENCE_SIMILARITY_THRESHOLD,
)
from analysis.text import split_sentences, word_count

RESTATEMENT_COLUMNS = ["pair_id", "group", "kind", "sentence_a", "sentence_b", "section_a",
                       "section_b", "similarity", "statement_a", "statement_b",
                       "source_words_a", "source_words_b", "diff", "text_a", "text_b"]
#: What a reported pair is.
KINDS = {True: "restates the research question or hypothesis", False: "repeats a point"}

_AIM = r"(?:questions?|hypothes[ie]s|goals?|aims?|objectives?|purposes?|results?|findings?)"
_WORK = r"(?:research|study|article|paper|thesis|work)"
#: A heading that names the study's question, hypothesis, goal or results.
STATEMENT_HEADING = re.compile(rf"\b{_AIM}\b", re.I)
#: Opening words of a sentence that states the study's question, goal or results.
STATEMENT_OPENING = re.compile(
    rf"^(?:\W*[\w-]+\W+){{0,4}}?(?:(?:the|this|our|these)\s+)?(?:"
    rf"{_WORK}\s+(?:[\w-]+\s+)?{_AIM}\b"
    rf"|{_AIM}\s+of\s+(?:this|the|our)\s+{_WORK}\b"
    rf"|(?:this|the|our)\s+{_WORK}\s+(?:aims|seeks|asks|shows|finds|argues|examines|"
    rf"investigates|explores)\b)", re.I)


def is_statement(heading: str, sentence: str) -> bool:
    """Whether a sentence states the study's question, hypothesis, goal or results (the rule above).

    Parameters
    ----------
    heading : str
        The heading of the sentence's section.
    sentence : str
        The sentence.

    Returns
    -------
    bool
    """
    return bool(STATEMENT_HEADING.search(heading) or STATEMENT_OPENING.search(sentence))


def _without_citations(text: str) -> str:
    for start, end in reversed(citation_brackets(text)):
        text = text[:start] + text[end:]
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


def sentence_units(paragraphs: pd.DataFrame, min_words: int = SENTENCE_MIN_WORDS
                   ) -> pd.DataFrame:
    """Each sentence of each paragraph, citations removed, that has at least ``min_words`` words.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, section_id, text.
    min_words : int, default :data:`analysis.settings.SENTENCE_MIN_WORDS`

    Returns
    -------
    DataFrame
        The ``sentences`` table; unit_id ``P012.s3`` is the third sentence of P012.
    """
    rows = []
    for p in paragraphs.itertuples():
        for i, sentence in enumerate(split_sentences(p.text), start=1):
            text = _without_citations(sentence)
            if word_count(text) >= min_words:
                rows.append({"unit_id": f"{p.paragraph_id}.s{i}", "paragraph_id": p.paragraph_id,
                             "section_id": p.section_id, "first_sentence": i, "n_sentences": 1,
                             "n_source_words": word_count(text), "text": text})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def reported_pairs(passages: pd.DataFrame) -> set[tuple[str, str]]:
    """Paragraph pairs of :func:`analysis.reuse.repeated_passages` (windows cut to paragraphs)."""
    return {(a.split(".")[0], b.split(".")[0])
            for a, b in zip(passages["paragraph_a"], passages["paragraph_b"], strict=True)}


def _groups(pairs: pd.DataFrame) -> dict[str, str]:
    """Connected sentences (pairs sharing a sentence) as groups G1, G2, ... in reading order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in zip(pairs["unit_a"], pairs["unit_b"], strict=True):
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for unit in parent:
        members.setdefault(find(unit), []).append(unit)
    order = sorted(members.values(), key=lambda m: min(m, key=_reading_key))
    return {u: f"G{i}" for i, m in enumerate(order, start=1) for u in m}


def _reading_key(unit_id: str) -> tuple[str, int]:
    paragraph, sentence = unit_id.split(".s")
    return paragraph, int(sentence)


def repeated_sentences(paragraphs: pd.DataFrame, sections: pd.DataFrame,
                       threshold: float = SENTENCE_SIMILARITY_THRESHOLD,
                       skip: set[tuple[str, str]] | None = None,
                       min_words: int = SENTENCE_MIN_WORDS) -> pd.DataFrame:
    """Pairs of sentences from different paragraphs at or above ``threshold``, with word diffs.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, section_id, text (in reading order).
    sections : DataFrame
        section_id, heading: for the statement rule.
    threshold : float, default :data:`analysis.settings.SENTENCE_SIMILARITY_THRESHOLD`
    skip : set of (str, str), optional
        Paragraph pairs (in reading order) already reported as repeated
        passages; their sentence pairs are not reported again.
    min_words : int, default :data:`analysis.settings.SENTENCE_MIN_WORDS`

    Returns
    -------
    DataFrame
        The ``repeated_sentences`` table, pair ids ``SP01``, ... in reading
        order of sentence_a, then sentence_b; group joins pairs that share a
        sentence (``G1``, ...); empty with these columns when no pair reaches
        the threshold.
    """
    units = sentence_units(paragraphs, min_words)
    pairs = pairwise_similarities(units)
    pairs = pairs[pairs["similarity"] >= threshold]
    if skip:
        pairs = pairs[[(a, b) not in skip for a, b in
                       zip(pairs["paragraph_a"], pairs["paragraph_b"], strict=True)]]
    if pairs.empty:
        return pd.DataFrame(columns=RESTATEMENT_COLUMNS)
    pairs = pairs.assign(_a=pairs["unit_a"].map(_reading_key), _b=pairs["unit_b"].map(_reading_key)
                         ).sort_values(["_a", "_b"], kind="stable")
    groups = _groups(pairs)
    text = units.set_index("unit_id")["text"]
    headings = sections.set_index("section_id")["heading"].astype(str)
    rows = []
    for i, pair in enumerate(pairs.itertuples(), start=1):
        a, b = text[pair.unit_a], text[pair.unit_b]
        state_a = is_statement(headings.get(pair.section_a, ""), a)
        state_b = is_statement(headings.get(pair.section_b, ""), b)
        rows.append({"pair_id": f"SP{i:02d}", "group": groups[pair.unit_a],
                     "kind": KINDS[state_a or state_b], "sentence_a": pair.unit_a,
                     "sentence_b": pair.unit_b, "section_a": pair.section_a,
                     "section_b": pair.section_b, "similarity": pair.similarity,
                     "statement_a": state_a, "statement_b": state_b,
                     "source_words_a": word_count(a), "source_words_b": word_count(b),
                     "diff": diff_markup(word_diff(a, b)), "text_a": a, "text_b": b})
    return pd.DataFrame(rows, columns=RESTATEMENT_COLUMNS)


def restatement_text(table: pd.DataFrame, width: int = 100) -> str:
    """Each reported sentence pair as a header and its wrapped word diff, or a note saying none.

    Parameters
    ----------
    table : DataFrame
        :func:`repeated_sentences`.
    width : int, default 100

    Returns
    -------
    str
    """
    if table.empty:
        return "No pair of sentences from different paragraphs reaches the threshold."
    blocks = []
    for row in table.itertuples():
        head = (f"{row.pair_id} ({row.group}, {row.kind}): {row.sentence_a} vs {row.sentence_b}, "
                f"similarity {row.similarity:.2f}; [-only in the first-] {{+only in the second+}}")
        blocks.append(head + "\n" + textwrap.fill(row.diff, width=width))
    return "\n\n".join(blocks)


def sentence_distribution(paragraphs: pd.DataFrame, min_words: int = SENTENCE_MIN_WORDS,
                          quantiles: tuple[float, ...] = (0.5, 0.9, 0.99, 0.999, 0.9995)
                          ) -> pd.DataFrame:
    """Quantiles and maximum of sentence-pair similarity: the evidence for the threshold.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, section_id, text.
    min_words : int, default :data:`analysis.settings.SENTENCE_MIN_WORDS`
    quantiles : tuple of float
        The quantiles reported.

    Returns
    -------
    DataFrame
        One row: unit "sentence", n_pairs, one column per quantile (``q0.5``
        ...), max; NaN where there is no pair.
    """
    sims = pairwise_similarities(sentence_units(paragraphs, min_words))["similarity"].to_numpy()
    row = {"unit": "sentence", "n_pairs": len(sims)}
    row.update({f"q{q:g}": float(np.quantile(sims, q)) if len(sims) else np.nan
                for q in quantiles})
    row["max"] = float(sims.max()) if len(sims) else np.nan
    return pd.DataFrame([row])


def sentence_histogram(paragraphs: pd.DataFrame, bin_width: float = HISTOGRAM_BIN,
                       min_words: int = SENTENCE_MIN_WORDS) -> pd.DataFrame:
    """Counts of sentence-pair similarities in bins, as :func:`analysis.reuse.similarity_histogram`.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, section_id, text.
    bin_width : float, default :data:`analysis.settings.HISTOGRAM_BIN`
    min_words : int, default :data:`analysis.settings.SENTENCE_MIN_WORDS`

    Returns
    -------
    DataFrame
        unit ("sentence"), bin_left, bin_right, n_pairs; bins from 0 to 1.
    """
    edges = np.round(np.arange(0, 1 + bin_width / 2, bin_width), 10)
    sims = pairwise_similarities(sentence_units(paragraphs, min_words))["similarity"].to_numpy()
    counts, _ = np.histogram(np.clip(sims, 0, 1), bins=edges)
    return pd.DataFrame({"unit": "sentence", "bin_left": edges[:-1], "bin_right": edges[1:],
                         "n_pairs": counts.astype(int)})


def thresholds_around(threshold: float, step: float = 0.03, n: int = 2) -> tuple[float, ...]:
    """``threshold`` and ``n`` values either side of it, ``step`` apart, rounded to 2 places."""
    return tuple(round(threshold + k * step, 2) for k in range(-n, n + 1))


def threshold_effect(paragraphs: pd.DataFrame, sections: pd.DataFrame,
                     thresholds: tuple[float, ...], skip: set[tuple[str, str]] | None = None
                     ) -> pd.DataFrame:
    """How many sentence pairs, and of which kind, each threshold would report.

    Parameters
    ----------
    paragraphs, sections, skip
        As in :func:`repeated_sentences`.
    thresholds : tuple of float
        The thresholds compared.

    Returns
    -------
    DataFrame
        threshold, n_pairs, n_restatements (pairs that restate the question or
        hypothesis), n_groups.
    """
    lowest = repeated_sentences(paragraphs, sections, min(thresholds), skip)
    rows = []
    for t in thresholds:
        part = lowest[lowest["similarity"] >= t]
        units = part.rename(columns={"sentence_a": "unit_a", "sentence_b": "unit_b"})
        rows.append({"threshold": t, "n_pairs": len(part),
                     "n_restatements": int((part["kind"] == KINDS[True]).sum()),
                     "n_groups": len(set(_groups(units).values()))})
    return pd.DataFrame(rows, columns=["threshold", "n_pairs", "n_restatements", "n_groups"])


def repetition_sentences(passages: pd.DataFrame, sentences: pd.DataFrame) -> str:
    """What the two finders report, in words: passage pairs, sentence pairs, groups and kinds.

    Parameters
    ----------
    passages : DataFrame
        :func:`analysis.reuse.repeated_passages`.
    sentences : DataFrame
        :func:`repeated_sentences`.

    Returns
    -------
    str
        Two sentences, one per line.
    """
    whole = int((passages["unit"] == "paragraph").sum()) if len(passages) else 0
    lines = [f"Repeated passages: {len(passages)} pair(s), {whole} of whole paragraphs and "
             f"{len(passages) - whole} of sentence windows."]
    if sentences.empty:
        lines.append("Restated sentences: none outside the repeated passages.")
    else:
        kinds = sentences["kind"].value_counts()
        lines.append(f"Restated sentences: {len(sentences)} pair(s) in "
                     f"{sentences['group'].nunique()} group(s) outside the repeated passages; "
                     f"{kinds.get(KINDS[True], 0)} restate the research question or "
                     f"hypothesis, {kinds.get(KINDS[False], 0)} repeat a point.")
    return "\n".join(lines)
