"""Repeated passages: paragraphs or sentence windows that say nearly the same thing.

Similarity is the mean of two cosines between TF-IDF vectors (Salton and
Buckley 1988, "Term-weighting approaches in automatic text retrieval"): one over
word unigrams and bigrams, one over character 3- to 5-grams inside word
boundaries (scikit-learn's ``char_wb``). Word n-grams reward shared wording
regardless of where it stands; character n-grams also credit inflected or
re-spelled words ("captured"/"capture", "Shia"/"Shi'a"), so a paraphrase that
keeps the content words but changes their order and endings still scores high.
IDF is fitted on the units being compared, so words common throughout the
paper (its subject's name, "security") count for little.

The reporting threshold (:data:`analysis.settings.SIMILARITY_THRESHOLD`) was
set from the distribution of pairwise similarities on this study's paper
(:func:`similarity_distribution` tabulates it, notebook 6 draws it): of the
1,830 pairs of distinct paragraphs, 99.9 % lie below 0.33, and of 18,508
pairs of two-sentence windows 99.9 % lie below 0.29; the highest window pair
outside the reported paragraph pairs is 0.37 and the lowest reported
paragraph pair is 0.48. 0.42 sits in that gap, above the tail of unrelated
text and below reworded copies. The hand-made tests plant a paraphrase that
scores above it and unrelated text that scores far below it.

Tables (columns):

``units`` (:func:`passage_units`)
    unit_id, paragraph_id, section_id, first_sentence, n_sentences, n_source_words, text
``pairs`` (:func:`similar_pairs`, :func:`pairwise_similarities`)
    unit_a, unit_b, paragraph_a, paragraph_b, section_a, section_b, similarity,
    word_cosine, char_cosine
``repeated_passages`` (:func:`repeated_passages`)
    pair_id, unit, paragraph_a, paragraph_b, section_a, section_b, similarity,
    source_words_a, source_words_b, source_words_kept, source_words_deleted,
    source_words_inserted, source_words_substituted,
    diff, text_a, text_b (paragraph_a and paragraph_b hold the unit id: a paragraph
    id, or a window id such as ``P012.s3`` when unit is "window")
``paragraph_similarity`` (:func:`paragraph_similarity`)
    paragraph_id, section_id, order, max_similarity, nearest
``similarity_histogram`` (:func:`similarity_histogram`)
    unit, bin_left, bin_right, n_pairs

Parameters shared by the functions: ``paragraphs`` (DataFrame) is
:attr:`analysis.paper.Paper.paragraphs` (paragraph_id, section_id, order,
text); ``window`` (int, sentences per window), ``threshold`` (float),
``word_ngrams`` and ``char_ngrams`` (tuples of int, the word and character
n-gram ranges) default to ``REUSE_WINDOW``, ``SIMILARITY_THRESHOLD``,
``REUSE_WORD_NGRAMS`` and ``REUSE_CHAR_NGRAMS`` of :mod:`analysis.settings`.
"""

from __future__ import annotations

import textwrap
from difflib import SequenceMatcher

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from analysis.settings import (
    HISTOGRAM_BIN,
    REUSE_CHAR_NGRAMS,
    REUSE_WINDOW,
    REUSE_WORD_NGRAMS,
    SIMILARITY_THRESHOLD,
)
from analysis.text import split_sentences, word_count

UNIT_COLUMNS = ["unit_id", "paragraph_id", "section_id", "first_sentence", "n_sentences",
                "n_source_words", "text"]
PAIR_COLUMNS = ["unit_a", "unit_b", "paragraph_a", "paragraph_b", "section_a", "section_b",
                "similarity", "word_cosine", "char_cosine"]
REPEAT_COLUMNS = ["pair_id", "unit", "paragraph_a", "paragraph_b", "section_a", "section_b",
                  "similarity", "source_words_a", "source_words_b", "source_words_kept",
                  "source_words_deleted", "source_words_inserted", "source_words_substituted",
                  "diff", "text_a", "text_b"]

# ---------------------------------------------------------------------------
# Units


def passage_units(paragraphs: pd.DataFrame, unit: str = "paragraph",
                  window: int = REUSE_WINDOW) -> pd.DataFrame:
    """Paragraphs, or windows of ``window`` consecutive sentences within each paragraph.

    Sentences come from :func:`analysis.text.split_sentences`; a paragraph
    shorter than the window is one window.

    Parameters
    ----------
    paragraphs : DataFrame
        The paper's paragraphs (see the module docstring).
    unit : {"paragraph", "window"}, default "paragraph"
        The kind of unit.
    window : int
        Sentences per window.

    Returns
    -------
    DataFrame
        The ``units`` table, in reading order; unit_id is the paragraph id, or
        ``P012.s3`` for the window that starts at sentence 3 of P012.

    Raises
    ------
    ValueError
        If ``unit`` is neither "paragraph" nor "window".
    """
    if unit not in ("paragraph", "window"):
        raise ValueError(f"unit must be 'paragraph' or 'window', not {unit!r}")
    rows = []
    for p in paragraphs.itertuples():
        sentences = split_sentences(p.text)  # the study's one splitter (analysis.text)
        if unit == "paragraph":
            spans = [(0, len(sentences))]
        else:
            spans = [(i, min(i + window, len(sentences)))
                     for i in range(max(1, len(sentences) - window + 1))]
        for first, last in spans:
            text = " ".join(sentences[first:last]) if unit == "window" else p.text
            rows.append({"unit_id": p.paragraph_id if unit == "paragraph"
                         else f"{p.paragraph_id}.s{first + 1}",
                         "paragraph_id": p.paragraph_id, "section_id": p.section_id,
                         "first_sentence": first + 1, "n_sentences": last - first,
                         "n_source_words": word_count(text), "text": text})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


# ---------------------------------------------------------------------------
# Similarity


def similarity_matrices(texts: list[str], word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                        char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Word and character TF-IDF cosine matrices of ``texts``.

    Two scikit-learn TfidfVectorizers, lower-casing, with sublinear term
    frequency (1 + ln tf) and smoothed idf fitted on ``texts``.

    Parameters
    ----------
    texts : list of str
        The units' texts.
    word_ngrams, char_ngrams : tuple of int
        Word and character (within word boundaries) n-gram ranges.

    Returns
    -------
    tuple of ndarray
        (word cosines, character cosines), each texts x texts.

    References
    ----------
    Salton, G. and Buckley, C. (1988). Term-weighting approaches in automatic text
    retrieval. *Information Processing & Management* 24(5), 513-523.
    """
    word = TfidfVectorizer(analyzer="word", ngram_range=word_ngrams, lowercase=True,
                           sublinear_tf=True).fit_transform(texts)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, lowercase=True,
                           sublinear_tf=True).fit_transform(texts)
    return cosine_similarity(word), cosine_similarity(char)


def pairwise_similarities(units: pd.DataFrame, word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                          char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS) -> pd.DataFrame:
    """Similarity of every pair of units from different paragraphs (:func:`similarity_matrices`).

    Windows of one paragraph are not compared with each other (they overlap).

    Parameters
    ----------
    units : DataFrame
        :func:`passage_units`.
    word_ngrams, char_ngrams : tuple of int
        Word and character (within word boundaries) n-gram ranges.

    Returns
    -------
    DataFrame
        The ``pairs`` table (unit_a before unit_b in ``units`` order;
        similarity is the mean of word_cosine and char_cosine); sorted by
        similarity (descending), then unit ids. Empty with fewer than two units.
    """
    if len(units) < 2:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    word, char = similarity_matrices(list(units["text"]), word_ngrams, char_ngrams)
    a, b = np.triu_indices(len(units), k=1)
    para = units["paragraph_id"].to_numpy()
    keep = para[a] != para[b]
    a, b = a[keep], b[keep]
    table = pd.DataFrame({
        "unit_a": units["unit_id"].to_numpy()[a], "unit_b": units["unit_id"].to_numpy()[b],
        "paragraph_a": para[a], "paragraph_b": para[b],
        "section_a": units["section_id"].to_numpy()[a],
        "section_b": units["section_id"].to_numpy()[b],
        "similarity": (word[a, b] + char[a, b]) / 2,
        "word_cosine": word[a, b], "char_cosine": char[a, b]}, columns=PAIR_COLUMNS)
    table = table.astype({c: "str" for c in PAIR_COLUMNS[:6]})
    return table.sort_values(["similarity", "unit_a", "unit_b"], ascending=[False, True, True],
                             kind="stable").reset_index(drop=True)


def similar_pairs(units: pd.DataFrame, threshold: float = SIMILARITY_THRESHOLD,
                  word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                  char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS) -> pd.DataFrame:
    """Pairs of units with similarity at or above ``threshold``.

    Parameters
    ----------
    units : DataFrame
        :func:`passage_units`.
    threshold : float
        The reporting threshold.
    word_ngrams, char_ngrams : tuple of int
        Word and character (within word boundaries) n-gram ranges.

    Returns
    -------
    DataFrame
        The rows of :func:`pairwise_similarities` that reach ``threshold``, in its order.
    """
    pairs = pairwise_similarities(units, word_ngrams, char_ngrams)
    return pairs[pairs["similarity"] >= threshold].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Word-level comparison


def word_diff(a: str, b: str) -> pd.DataFrame:
    """Word-level differences between two texts, by difflib's SequenceMatcher.

    Words are compared case-insensitively with surrounding punctuation
    stripped, and shown as written; difflib's automatic junk heuristic is off.

    Parameters
    ----------
    a, b : str
        The two texts.

    Returns
    -------
    DataFrame
        op ("equal", "delete", "insert", "replace"), words_a, words_b (the words
        of each side in that stretch, as written); stretches in text order.

    References
    ----------
    Ratcliff, J. W. and Metzener, D. E. (1988). Pattern matching: the gestalt
    approach. *Dr. Dobb's Journal* 13(7), 46.
    """
    words_a, words_b = a.split(), b.split()
    key_a = [w.strip(".,;:!?\"'“”‘’()[]").lower() for w in words_a]
    key_b = [w.strip(".,;:!?\"'“”‘’()[]").lower() for w in words_b]
    matcher = SequenceMatcher(None, key_a, key_b, autojunk=False)
    rows = [{"op": op, "words_a": " ".join(words_a[i1:i2]), "words_b": " ".join(words_b[j1:j2])}
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    return pd.DataFrame(rows, columns=["op", "words_a", "words_b"])


def diff_markup(diff: pd.DataFrame) -> str:
    """A word diff as one line, wdiff style: ``[-deleted-]``, ``{+inserted+}``.

    Parameters
    ----------
    diff : DataFrame
        :func:`word_diff`.

    Returns
    -------
    str
        The marked-up text; a substitution shows both, ``[-old-]{+new+}``.
    """
    parts = []
    for row in diff.itertuples():
        if row.op == "equal":
            parts.append(row.words_a)
        if row.op in ("delete", "replace"):
            parts.append(f"[-{row.words_a}-]")
        if row.op in ("insert", "replace"):
            parts.append(f"{{+{row.words_b}+}}")
    return " ".join(parts).replace("-] {+", "-]{+")


def diff_counts(diff: pd.DataFrame) -> dict[str, int]:
    """Words kept, deleted, inserted and substituted in a word diff.

    Parameters
    ----------
    diff : DataFrame
        :func:`word_diff`.

    Returns
    -------
    dict of str to int
        source_words_kept, source_words_deleted and source_words_substituted
        (counted on side a), source_words_inserted (on side b), by
        :func:`analysis.text.word_count`.
    """
    def count(op: str, side: str) -> int:
        return int(sum(word_count(t) for t in diff.loc[diff["op"] == op, side]))
    return {"source_words_kept": count("equal", "words_a"),
            "source_words_deleted": count("delete", "words_a"),
            "source_words_inserted": count("insert", "words_b"),
            "source_words_substituted": count("replace", "words_a")}


def pair_differences(repeated: pd.DataFrame, pair_id: str) -> pd.DataFrame:
    """The stretches where the two passages of one reported pair differ.

    Parameters
    ----------
    repeated : DataFrame
        :func:`repeated_passages`.
    pair_id : str
        The pair, such as "D01"; a KeyError if ``repeated`` has no such pair.

    Returns
    -------
    DataFrame
        op (delete, insert, replace), words_a, words_b, as in :func:`word_diff`.
    """
    row = repeated.set_index("pair_id").loc[pair_id]
    diff = word_diff(row["text_a"], row["text_b"])
    return diff[diff["op"] != "equal"].reset_index(drop=True)


def diff_text(repeated: pd.DataFrame, pair_id: str, width: int = 100) -> str:
    """One pair's wdiff-style comparison, wrapped to ``width`` characters, with a header.

    Parameters
    ----------
    repeated : DataFrame
        :func:`repeated_passages`.
    pair_id : str
        The pair, such as "D01"; a KeyError if ``repeated`` has no such pair.
    width : int, default 100
        Line width of the wrapped diff.

    Returns
    -------
    str
        A header line (ids, sections, similarity, how to read the marks) and the diff.
    """
    row = repeated.set_index("pair_id").loc[pair_id]
    head = (f"{pair_id}: {row['paragraph_a']} ({row['section_a']}) vs {row['paragraph_b']} "
            f"({row['section_b']}), similarity {row['similarity']:.2f}; "
            "[-only in the first-] {+only in the second+}")
    return head + "\n" + textwrap.fill(row["diff"], width=width)


# ---------------------------------------------------------------------------
# The report


def repeated_passages(paragraphs: pd.DataFrame, threshold: float = SIMILARITY_THRESHOLD,
                      window: int = REUSE_WINDOW, word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                      char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS) -> pd.DataFrame:
    """Repeated passages with their word-level differences.

    Whole paragraphs are compared first. Sentence windows are then compared
    to catch a passage repeated inside otherwise different paragraphs; for
    each pair of paragraphs only the most similar window pair is kept, and
    none for paragraph pairs already reported whole.

    Parameters
    ----------
    paragraphs, threshold, window, word_ngrams, char_ngrams
        As in the module docstring.

    Returns
    -------
    DataFrame
        The ``repeated_passages`` table; pair_id ``D01``, ``D02``, ... in order
        of paragraph_a, paragraph_b, then unit ("paragraph" before "window").
    """
    para_units = passage_units(paragraphs, "paragraph")
    found = similar_pairs(para_units, threshold, word_ngrams, char_ngrams).assign(
        unit="paragraph")
    whole = set(zip(found["paragraph_a"], found["paragraph_b"], strict=True))
    win_units = passage_units(paragraphs, "window", window)
    windows = similar_pairs(win_units, threshold, word_ngrams, char_ngrams)
    pairs = zip(windows["paragraph_a"], windows["paragraph_b"], strict=True)
    windows = windows[[(a, b) not in whole for a, b in pairs]]
    windows = windows.drop_duplicates(["paragraph_a", "paragraph_b"], keep="first")
    found = pd.concat([found, windows.assign(unit="window")], ignore_index=True)
    text = pd.concat([para_units, win_units]).drop_duplicates("unit_id").set_index(
        "unit_id")["text"]
    rows = []
    for i, pair in enumerate(found.sort_values(["paragraph_a", "paragraph_b", "unit"],
                                               kind="stable").itertuples(), start=1):
        a, b = text[pair.unit_a], text[pair.unit_b]
        diff = word_diff(a, b)
        rows.append({"pair_id": f"D{i:02d}", "unit": pair.unit,
                     "paragraph_a": pair.unit_a, "paragraph_b": pair.unit_b,
                     "section_a": pair.section_a, "section_b": pair.section_b,
                     "similarity": pair.similarity, "source_words_a": word_count(a),
                     "source_words_b": word_count(b), **diff_counts(diff),
                     "diff": diff_markup(diff), "text_a": a, "text_b": b})
    return pd.DataFrame(rows, columns=REPEAT_COLUMNS)


def similarity_distribution(paragraphs: pd.DataFrame, window: int = REUSE_WINDOW,
                            word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                            char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS,
                            quantiles: tuple[float, ...] = (0.5, 0.9, 0.99, 0.999)
                            ) -> pd.DataFrame:
    """Quantiles and maximum of pairwise similarity, for paragraphs and for windows.

    The evidence for :data:`analysis.settings.SIMILARITY_THRESHOLD`.

    Parameters
    ----------
    paragraphs, window, word_ngrams, char_ngrams
        As in the module docstring.
    quantiles : tuple of float, default (0.5, 0.9, 0.99, 0.999)
        The quantiles reported.

    Returns
    -------
    DataFrame
        unit ("paragraph", then "window"), n_pairs, one column per quantile
        (``q0.5`` ...), max; NaN where there is no pair.
    """
    rows = []
    for unit in ("paragraph", "window"):
        sims = pairwise_similarities(passage_units(paragraphs, unit, window), word_ngrams,
                                     char_ngrams)["similarity"].to_numpy()
        row = {"unit": unit, "n_pairs": len(sims)}
        row.update({f"q{q:g}": float(np.quantile(sims, q)) if len(sims) else np.nan
                    for q in quantiles})
        row["max"] = float(sims.max()) if len(sims) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def paragraph_similarity(paragraphs: pd.DataFrame, word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                         char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS) -> pd.DataFrame:
    """Each paragraph's highest similarity to any other paragraph, in reading order.

    Parameters
    ----------
    paragraphs, word_ngrams, char_ngrams
        As in the module docstring.

    Returns
    -------
    DataFrame
        The ``paragraph_similarity`` table; nearest is the paragraph it is most
        similar to (ties by id); NaN for a paper of one paragraph.
    """
    pairs = pairwise_similarities(passage_units(paragraphs, "paragraph"), word_ngrams,
                                  char_ngrams)
    both = pd.concat([
        pairs[["paragraph_a", "paragraph_b", "similarity"]].set_axis(
            ["paragraph_id", "nearest", "max_similarity"], axis=1),
        pairs[["paragraph_b", "paragraph_a", "similarity"]].set_axis(
            ["paragraph_id", "nearest", "max_similarity"], axis=1)], ignore_index=True)
    best = both.sort_values(["paragraph_id", "max_similarity", "nearest"],
                            ascending=[True, False, True], kind="stable").drop_duplicates(
                                "paragraph_id")
    table = paragraphs[["paragraph_id", "section_id", "order"]].merge(
        best, on="paragraph_id", how="left")
    return table[["paragraph_id", "section_id", "order", "max_similarity", "nearest"]]


def similarity_histogram(paragraphs: pd.DataFrame, window: int = REUSE_WINDOW,
                         bin_width: float = HISTOGRAM_BIN,
                         word_ngrams: tuple[int, int] = REUSE_WORD_NGRAMS,
                         char_ngrams: tuple[int, int] = REUSE_CHAR_NGRAMS) -> pd.DataFrame:
    """Counts of pairwise similarities in bins of ``bin_width``, for paragraphs and windows.

    Parameters
    ----------
    paragraphs, window
        As in the module docstring.
    bin_width : float, default :data:`analysis.settings.HISTOGRAM_BIN`
        Width of a bin.
    word_ngrams, char_ngrams
        As in the module docstring.

    Returns
    -------
    DataFrame
        The ``similarity_histogram`` table: unit ("paragraph", then "window"),
        bins from 0 to 1 (empty ones kept, the last one closed).
    """
    edges = np.round(np.arange(0, 1 + bin_width / 2, bin_width), 10)
    rows = []
    for unit in ("paragraph", "window"):
        sims = pairwise_similarities(passage_units(paragraphs, unit, window), word_ngrams,
                                     char_ngrams)["similarity"].to_numpy()
        counts, _ = np.histogram(np.clip(sims, 0, 1), bins=edges)
        rows += [{"unit": unit, "bin_left": left, "bin_right": right, "n_pairs": int(n)}
                 for left, right, n in zip(edges[:-1], edges[1:], counts, strict=True)]
    return pd.DataFrame(rows, columns=["unit", "bin_left", "bin_right", "n_pairs"])
