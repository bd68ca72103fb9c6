"""Claims and their evidence: which boosted or evaluative sentences a citation supports.

:mod:`analysis.stance` finds the markers and :mod:`analysis.stance_rates` counts
them; this module asks a second, descriptive question: which of the paper's
strongest claims carry a citation. It says which claims a reference supports,
not whether they are true.

* **Claims.** A sentence is a *claim* when it carries a booster in the writers'
  voice or, if the paper's configuration names an evaluation lexicon, one of
  its evaluative words or labels (of the kinds in
  :data:`analysis.settings.CLAIM_KINDS`) outside quotation marks. Its
  *strength* is the number of boosters plus evaluative words, each token
  counted once (a word that is both, "undeniable", counts as a booster). On a
  paper without an evaluation lexicon, boosters alone define claims.
* **Citations** are the brackets :func:`analysis.citations.citation_brackets`
  finds (the ones the tokeniser removes; one bracket may name several works),
  each placed in the sentence of the tokens table it lies in or closes ("... as
  follows. (Smith, 2018)" belongs to the sentence before it).
* **Scope rule** (:func:`support_scope`, :data:`analysis.settings.CLAIM_SCOPE`):
  ``backward``, a citation supports its own sentence and the uncited sentences
  before it in the same paragraph, back to the previous citation; sentences
  after a paragraph's last citation are unsupported. Much humanities writing
  closes a paraphrased passage with one citation, which a sentence-only rule
  would call unsupported. The backward rule is generous (an upper bound), so
  the strict count, a citation in the sentence itself, is always reported beside
  it (``cited_in_sentence``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import citations, matcher, stance, tokens, vocabulary
from analysis.settings import CLAIM_KINDS, CLAIM_SCOPE, CLAIMS_SHOWN

SCOPES = ("backward", "sentence")
CLAIM_COLUMNS = ["order", "section_id", "paragraph_id", "sentence", "word", "n_boosters",
                 "n_evaluative", "strength", "claim", "boosted", "n_citations",
                 "cited_in_sentence", "supported_by", "supported", "boosters", "evaluative",
                 "citations", "text"]
#: Sections named at most in the sentence on sections without supported boosted claims.
SECTIONS_NAMED = 8
SUPPORT_COLUMNS = ["section_id", "n_sentences", "n_claims", "n_supported", "share_supported",
                   "n_cited_in_sentence", "share_cited_in_sentence", "n_boosted",
                   "n_boosted_supported", "share_boosted_supported"]

# ---------------------------------------------------------------------------
# Citations placed in sentences


def _stripped_with_index(text: str) -> tuple[str, list[int]]:
    """:func:`analysis.tokens.strip_citations` of ``text``, each character's index in ``text``."""
    chars: list[tuple[str, int]] = []
    cursor = 0
    for start, end in citations.citation_brackets(text):
        chars += [(text[k], k) for k in range(cursor, start)] + [(" ", start)]
        cursor = end
    chars += [(text[k], k) for k in range(cursor, len(text))]
    out: list[tuple[str, int]] = []
    for char, k in chars:  # collapse whitespace as " ".join(text.split()) does
        if not char.isspace():
            out.append((char, k))
        elif out and out[-1][0] != " ":
            out.append((" ", k))
    if out and out[-1][0] == " ":
        out.pop()
    stripped = "".join(c for c, _ in out)
    if stripped != tokens.strip_citations(text):
        raise ValueError("citation stripping could not be mapped back to the text")
    return stripped, [k for _, k in out]


def evidence_sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Each sentence of the tokens table with its text and the citations placed in it.

    Parameters
    ----------
    paragraphs : DataFrame
        The paper's paragraphs (paragraph_id, section_id, text).

    Returns
    -------
    DataFrame
        paragraph_id, section_id, sentence (the tokens table's index),
        n_citations (citation brackets), citations (their text, joined by
        "; "), text (the sentence with its citations, up to the next sentence).
    """
    rows = []
    for p in paragraphs.itertuples():
        stripped, index = _stripped_with_index(p.text)
        starts, cursor = [], 0
        for sentence in tokens.split_sentences(stripped):
            at = stripped.index(sentence, cursor)
            starts.append(index[at])
            cursor = at + len(sentence)
        placed: list[list[str]] = [[] for _ in starts]
        for start, end in citations.citation_brackets(p.text) if starts else []:
            placed[max(0, bisect.bisect_right(starts, start) - 1)].append(p.text[start:end])
        ends = [*starts[1:], len(p.text)]
        for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
            rows.append((p.paragraph_id, p.section_id, k, len(placed[k]), "; ".join(placed[k]),
                         p.text[start:end].strip()))
    return pd.DataFrame(rows, columns=["paragraph_id", "section_id", "sentence", "n_citations",
                                       "citations", "text"])


def support_scope(cited: Sequence[bool], scope: str = CLAIM_SCOPE) -> list[int]:
    """For each sentence of one paragraph, the sentence whose citation supports it, or -1.

    Parameters
    ----------
    cited : sequence of bool
        Whether each sentence of the paragraph, in order, holds a citation.
    scope : {"backward", "sentence"}, default :data:`analysis.settings.CLAIM_SCOPE`
        ``backward``: a citation supports its sentence and the uncited
        sentences before it, back to the previous citation. ``sentence``: a
        citation supports only its own sentence.

    Returns
    -------
    list of int
        The index of the supporting sentence, -1 where none supports it.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    if scope == "sentence":
        return [k if c else -1 for k, c in enumerate(cited)]
    support, current = [-1] * len(cited), -1
    for k in range(len(cited) - 1, -1, -1):
        current = k if cited[k] else current
        support[k] = current
    return support

# ---------------------------------------------------------------------------
# Claims


def _evaluative_hits(table: pd.DataFrame, sentences: pd.DataFrame, evaluations: pd.DataFrame,
                     boosters: pd.DataFrame) -> pd.DataFrame:
    """Evaluation-lexicon hits outside quotation marks and off booster tokens."""
    if evaluations.empty:
        return pd.DataFrame(columns=["paragraph_id", "sentence", "surface"])
    hits = matcher.find_matches(table, evaluations, sequence_on="lemma")
    offsets = matcher.token_offsets(table, sentences)
    quotes = stance.quote_flags(sentences)
    taken = {(b.paragraph_id, p) for b in boosters.itertuples()
             for p in range(b.first, b.last + 1)}
    keep = [not quotes[(h.paragraph_id, h.sentence)][offsets[(h.paragraph_id, h.first)][0]]
            and not any((h.paragraph_id, p) in taken for p in range(h.first, h.last + 1))
            for h in hits.itertuples()]
    return hits[pd.Series(keep, index=hits.index, dtype=bool)]


def _first_words(table: pd.DataFrame, sentences: pd.DataFrame) -> list[int]:
    """Each sentence's first word in the running text (a sentence without words: the next)."""
    units = tokens.units_table(table).reset_index(drop=True)
    first = units.reset_index().groupby(["paragraph_id", "sentence"])["index"].min()
    keys = zip(sentences["paragraph_id"], sentences["sentence"], strict=True)
    words = pd.Series([first.get(k, np.nan) for k in keys], dtype=float)
    return words.bfill().fillna(len(units)).astype(int).tolist()


def claim_table(table: pd.DataFrame, sentences: pd.DataFrame, paragraphs: pd.DataFrame,
                matches: pd.DataFrame, evaluations: pd.DataFrame | None = None,
                scope: str = CLAIM_SCOPE, kinds: tuple[str, ...] = CLAIM_KINDS
                ) -> pd.DataFrame:
    """Every sentence: its boosters and evaluative words, its citations and their scope.

    Parameters
    ----------
    table : DataFrame
        The tokens table.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts` of the same paragraphs.
    paragraphs : DataFrame
        The paragraphs, citations kept (paragraph_id, section_id, text).
    matches : DataFrame
        :func:`analysis.stance.stance_matches`; boosters in the writers' voice count.
    evaluations : DataFrame, optional
        The paper's evaluation lexicon (:func:`analysis.predication.load_evaluations`);
        None or empty: boosters alone make claims.
    scope : {"backward", "sentence"}, default :data:`analysis.settings.CLAIM_SCOPE`
        The citation scope rule (:func:`support_scope`).
    kinds : tuple of str, default :data:`analysis.settings.CLAIM_KINDS`
        Which ``kind`` of evaluation-lexicon entries count.

    Returns
    -------
    DataFrame
        :data:`CLAIM_COLUMNS`, one row per sentence in reading order (``order``;
        ``word``: its first word in the running text): n_boosters, n_evaluative,
        strength (their sum), claim (strength > 0), boosted (n_boosters > 0),
        n_citations, cited_in_sentence, supported_by (the sentence whose citation
        supports it under ``scope``, -1 if none), supported, boosters and
        evaluative (the words, joined by "; "), citations, text (citations kept).
    """
    if evaluations is None:
        evaluations = pd.DataFrame(columns=["pattern", "match", "kind"])
    evaluations = evaluations[evaluations["kind"].isin(kinds)]
    boosters = matches[(matches["category"] == "booster") & (matches["voice"] == "author")
                       & (matches["level"] == "token")]
    evaluative = _evaluative_hits(table, sentences, evaluations, boosters)
    evidence = evidence_sentences(paragraphs).set_index(["paragraph_id", "sentence"])
    out = sentences[["section_id", "paragraph_id", "sentence"]].reset_index(drop=True)
    keys = list(zip(out["paragraph_id"], out["sentence"], strict=True))
    for name, frame in (("boosters", boosters), ("evaluative", evaluative)):
        words = frame.groupby(["paragraph_id", "sentence"])["surface"].agg(list)
        found = [words.get(k, []) for k in keys]
        out[f"n_{name}"] = [len(w) for w in found]
        out[name] = ["; ".join(w) for w in found]
    out["n_citations"] = [int(evidence["n_citations"].get(k, 0)) for k in keys]
    for column in ("citations", "text"):
        out[column] = [evidence[column].get(k, "") for k in keys]
    out["cited_in_sentence"] = out["n_citations"] > 0
    support = out.groupby("paragraph_id", sort=False)["cited_in_sentence"].transform(
        lambda c: support_scope(c.tolist(), scope)) if len(out) else out["n_citations"]
    out = out.assign(order=np.arange(len(out)), word=_first_words(table, sentences),
                     strength=out["n_boosters"] + out["n_evaluative"],
                     supported_by=support.astype(int), supported=support >= 0)
    out = out.assign(claim=out["strength"] > 0, boosted=out["n_boosters"] > 0)
    return out[CLAIM_COLUMNS]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else np.nan


def section_support(claims: pd.DataFrame) -> pd.DataFrame:
    """Per section: how many claims, and what share of them a citation supports.

    Parameters
    ----------
    claims : DataFrame
        :func:`claim_table`.

    Returns
    -------
    DataFrame
        :data:`SUPPORT_COLUMNS`; sections in reading order, then the whole
        paper (:data:`analysis.vocabulary.WHOLE_PAPER`). A share is NaN where a
        section has no such claim (nothing to measure, not zero); every support
        column is NaN when the paper has no citation the parser reads
        (:func:`support_measured`).
    """
    rows = []
    for section, group in [*claims.groupby("section_id", sort=False),
                           (vocabulary.WHOLE_PAPER, claims)]:
        c, b = group[group["claim"]], group[group["boosted"]]
        supported, cited = int(c["supported"].sum()), int(c["cited_in_sentence"].sum())
        boosted = int(b["supported"].sum())
        rows.append((section, len(group), len(c), supported, _share(supported, len(c)), cited,
                     _share(cited, len(c)), len(b), boosted, _share(boosted, len(b))))
    out = pd.DataFrame(rows, columns=SUPPORT_COLUMNS)
    if not support_measured(claims):
        measured = [c for c in SUPPORT_COLUMNS if "supported" in c or "cited" in c]
        out[measured] = np.nan
    return out


def support_measured(claims: pd.DataFrame) -> bool:
    """Whether support can be measured: the paper has a citation the parser reads.

    With none, every claim would look unsupported because the citation style is
    not read (or the paper cites nothing), so support is reported as not measured.
    """
    return bool(claims["n_citations"].sum() > 0)


def unsupported_claims(claims: pd.DataFrame, top: int = CLAIMS_SHOWN) -> pd.DataFrame:
    """The strongest claims that no citation supports, with their text.

    Parameters
    ----------
    claims : DataFrame
        :func:`claim_table`.
    top : int, default :data:`analysis.settings.CLAIMS_SHOWN`
        Rows kept.

    Returns
    -------
    DataFrame
        rank, section_id, paragraph_id, sentence, strength, n_boosters,
        n_evaluative, boosters, evaluative, text; by strength (boosters +
        evaluative words), ties in reading order. Empty when support is not
        measured (:func:`support_measured`).
    """
    weak = claims[claims["claim"] & ~claims["supported"] & support_measured(claims)]
    ranked = weak.sort_values(["strength", "order"], ascending=[False, True], kind="stable")
    ranked = ranked.head(top).reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked[["rank", "section_id", "paragraph_id", "sentence", "strength", "n_boosters",
                   "n_evaluative", "boosters", "evaluative", "text"]]


def claim_definitions(table: pd.DataFrame, sentences: pd.DataFrame, paragraphs: pd.DataFrame,
                      matches: pd.DataFrame, evaluations: pd.DataFrame | None,
                      scope: str = CLAIM_SCOPE) -> pd.DataFrame:
    """How the counts change with what makes a claim: boosters, + evaluative words, + labels.

    Parameters
    ----------
    table, sentences, paragraphs, matches, evaluations, scope
        As for :func:`claim_table`.

    Returns
    -------
    DataFrame
        definition, kinds (of the evaluation lexicon counted), n_claims,
        n_supported, share_supported, n_cited_in_sentence, share_cited_in_sentence;
        one row per definition (definitions needing an evaluation lexicon are
        left out when there is none).
    """
    options = [("boosters only", ())]
    if evaluations is not None and len(evaluations):
        options += [("boosters and evaluative words", ("evaluation",)),
                    ("boosters, evaluative words and labels", ("label", "evaluation"))]
    rows = []
    for name, kinds in options:
        whole = section_support(claim_table(table, sentences, paragraphs, matches, evaluations,
                                            scope, kinds)).iloc[-1]
        rows.append((name, ", ".join(kinds) or "none", whole["n_claims"], whole["n_supported"],
                     whole["share_supported"], whole["n_cited_in_sentence"],
                     whole["share_cited_in_sentence"]))
    return pd.DataFrame(rows, columns=["definition", "kinds", "n_claims", "n_supported",
                                       "share_supported", "n_cited_in_sentence",
                                       "share_cited_in_sentence"])


def describe_support(support: pd.DataFrame, labels: pd.Series, scope: str = CLAIM_SCOPE
                     ) -> list[str]:
    """Sentences on claims and their citations, from :func:`section_support`.

    Parameters
    ----------
    support : DataFrame
        :func:`section_support`.
    labels : Series
        Short section labels by section_id.
    scope : str, default :data:`analysis.settings.CLAIM_SCOPE`
        The scope rule the table was made with (named in the text).

    Returns
    -------
    list of str
        The whole paper's claims and their support (scope rule and strict);
        boosted claims; the sections whose boosted claims carry no citation.
    """
    whole = support.iloc[-1]
    if not whole["n_claims"]:
        return ["No sentence carries a booster or an evaluative word, so there is no claim "
                "to weigh against the citations."]
    if pd.isna(whole["n_supported"]):
        return [f"{whole['n_claims']} of the paper's {whole['n_sentences']} sentences are claims "
                "in this sense. No in-text citation in a style the citation parser reads was "
                "found, so whether they carry a citation is not measured (the support columns "
                "are left empty) and no claim is listed as unsupported."]
    pct = "{:.0%}".format
    out = [f"{whole['n_claims']} of the paper's {whole['n_sentences']} sentences are claims in "
           f"this sense; under the {scope} scope rule {whole['n_supported']} of them "
           f"({pct(whole['share_supported'])}) have a supporting citation, and "
           f"{whole['n_cited_in_sentence']} ({pct(whole['share_cited_in_sentence'])}) a "
           f"citation in the sentence itself."]
    if whole["n_boosted"]:
        out.append(f"Of the {whole['n_boosted']} sentences with a booster, "
                   f"{whole['n_boosted_supported']} ({pct(whole['share_boosted_supported'])}) "
                   f"have a supporting citation.")
    sections = support.iloc[:-1]
    bare = sections[(sections["n_boosted"] > 0) & (sections["n_boosted_supported"] == 0)]
    bare = bare.sort_values("n_boosted", ascending=False, kind="stable")
    if len(bare):
        named = [f"{labels.get(s.section_id, s.section_id)} ({s.n_boosted})"
                 for s in bare.head(SECTIONS_NAMED).itertuples()]
        more = f" and {len(bare) - SECTIONS_NAMED} more" if len(bare) > SECTIONS_NAMED else ""
        out.append(f"Sections whose boosted claims carry no supporting citation (boosted "
                   f"claims in brackets, most first): {', '.join(named)}{more}.")
    return out


def support_note(claims: pd.DataFrame, scope: str = CLAIM_SCOPE) -> str:
    """How the claims are coloured by support, with counts, for the figure's caption."""
    chosen = claims[claims["claim"]]
    if not support_measured(claims):
        return ("support is not measured (no in-text citation in a style the citation parser "
                "reads), so every claim is drawn in grey")
    cited = int(chosen["cited_in_sentence"].sum())
    scoped = int((chosen["supported"] & ~chosen["cited_in_sentence"]).sum())
    return (f"a citation in the sentence ({cited} claims), a citation later in the paragraph "
            f"under the '{scope}' scope rule ({scoped}), or none ({len(chosen) - cited - scoped})")


def definition_note(evaluations: pd.DataFrame | None, kinds: tuple[str, ...] = CLAIM_KINDS
                    ) -> str:
    """What makes a claim on this paper: boosters, and which evaluation-lexicon entries.

    Parameters
    ----------
    evaluations : DataFrame or None
        The paper's evaluation lexicon, or None if its configuration names none.
    kinds : tuple of str, default :data:`analysis.settings.CLAIM_KINDS`
        The kinds of entries counted.

    Returns
    -------
    str
    """
    if evaluations is None or evaluations.empty:
        return ("The paper's study configuration names no evaluation lexicon, so boosters alone "
                "define claims here; with one, its evaluative words and labels would count too.")
    counted = evaluations[evaluations["kind"].isin(kinds)]
    return (f"Claims are sentences with a booster or one of the {len(counted)} entries of the "
            f"paper's evaluation lexicon of kind {' or '.join(kinds)} ({len(evaluations)} "
            f"entries in all).")
