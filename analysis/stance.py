"""Stance and engagement markers (Hyland 2005): how a paper asserts, not what it is about.

The lexicon (:data:`MARKERS`, the engine's own: stance markers are not specific
to a paper, so every paper is coded with the same list) gives each marker its
``category`` (hedge, booster, attitude_marker, self_mention: the *stance*
dimension; reader_mention, directive, question, shared_knowledge,
personal_aside: *engagement*), its ``form`` (``word``: one token compared by
lemma; ``phrase``: tokens compared by lemma, in order; ``pattern``: a
written-form prefix, Hyland's ``X*``, or ``?`` for a question), its
``source``, the context ``rule`` that decides ambiguous uses, and a note.
Rules, decided once:

* Matching uses the tokens table and the shared matcher
  (:func:`analysis.matcher.find_matches`): greedy, longest match first, within
  a sentence, never splitting a merged expression, so no token is coded twice
  ("to a certain extent" is one hedge, not also the booster "certain").
* A context rule (:data:`RULES`) keeps a candidate, drops it, or moves it to
  another category ("we must" is a directive, "must have been" a booster);
  :func:`marker_candidates` keeps what the rules removed, for a reader to see.
* "significant" is an attitude marker when it weighs importance ("a significant
  role"), not when it measures size ("a significant part", "a significant surge").
* A question is a sentence ending with "?" (``level`` ``sentence``). A marker
  inside double quotation marks is the quoted speaker's (``voice`` ``quoted``);
  unmarked reported speech cannot be told apart and counts as the writers'.

Rates, the audit sample, published norms and claims are in :mod:`analysis.claims`.

References
----------
Hyland (2005a) *Discourse Studies* 7(2), 173-192; Hyland (2005b) *Metadiscourse*;
Hyland & Tse (2004); Hyland & Zou (2021). Full entries in the methods appendix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from analysis import matcher
from analysis.build import paths
from analysis.lexicons import LexiconError, read_lexicon
from analysis.settings import CONTEXT_CHARS

#: The stance lexicon: the engine's own, the same on every paper.
MARKERS = paths.LEXICONS / "stance_markers.csv"
MARKER_COLUMNS = ["category", "dimension", "item", "form", "source", "rule", "note"]
#: Categories in reporting order, with their dimension.
CATEGORIES = {"hedge": "stance", "booster": "stance", "attitude_marker": "stance",
              "self_mention": "stance", "reader_mention": "engagement",
              "directive": "engagement", "question": "engagement",
              "shared_knowledge": "engagement", "personal_aside": "engagement"}
FORMS = {"word": "lemma", "phrase": "phrase", "pattern": "prefix"}
MATCH_COLUMNS = ["dimension", "category", "item", "form", "rule", "reading", "voice", "level",
                 "section_id", "paragraph_id", "sentence", "first", "last", "surface", "left",
                 "right"]
_CANDIDATE_FIELDS = ["category", "lexicon_category", "item", "form", "rule", "reading", "kept",
                     *MATCH_COLUMNS[6:]]

# Word lists the rules consult (keys: lower case, possessive 's removed)

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DETERMINERS = _words("the a an his her its their our my your this that whose all military "
                      "political national free own strong good popular collective economic divine")
_PAST_CUES = _words("was were had did during then ago")
_REPORTING = _words("believed said stated declared argued thought predicted expected hoped feared "
                    "warned claimed assumed announced emphasized emphasised noted concluded "
                    "insisted promised knew realized realised understood stressed explained added "
                    "replied")
_NUMBER_WORDS = _words("one two three four five six seven eight nine ten twenty thirty forty fifty "
                       "hundred thousand million billion half dozen third quarter one-third "
                       "two-thirds")
_FIRST_PERSON = _words("i we me us")
_VIEW_NOUNS = _words("perspective view opinion belief position conviction")
_READER_SUBJECTS = _words("you we one reader readers")
_ADVERBS = _words("also therefore thus not all constantly always still then first now clearly "
                  "certainly really just only perhaps")
_MODALS = _words("can could may might must should would will cannot need shall")
_ATTENTION_VERBS = _words("note consider understand remember recognise recognize emphasize "
                          "emphasise mention stress pay bear keep look examine know realize "
                          "realise point highlight recall distinguish notice observe see ask add")
_NOTED = _words("noted remembered emphasized emphasised stressed mentioned borne kept recalled "
                "considered understood")
_LIKELY = _words("possible able likely expected sufficient enough similar adequate")
_EPISTEMIC_BE = _words("the a an true due because that clear right correct")
_EVIDENCE = _words("result finding data statistic evidence study research analysis experience "
                   "history record figure table survey report fact example")
_CLAUSE_OPENERS = _words("that how what whether why")
_MANNER_VERBS = _words("explain state define write speak see describe express mark present "
                       "articulate specify outline set hear distinguish identify formulate "
                       "communicate label separate")
_INTENSIFIERS = _words("very more most so quite less rather absolutely almost")
_PLAIN_FUTURE = _words("hold meet visit begin start open close travel arrive attend host launch")
_FUTURE_DATES = _words("tomorrow next upcoming scheduled")
_RESEARCH_VERBS = _words("argue analyse analyze examine investigate study find show propose "
                         "conclude discuss present use collect focus explore describe suggest "
                         "identify compare test measure report aim attempt seek review interview "
                         "classify survey believe claim consider address answer")
_RESEARCH_NOUNS = _words("study analysis research finding result data paper article model approach "
                         "method corpus sample hypothesis question aim argument view conclusion")
_THIS_WORK = re.compile(r"\bth(?:is|e present) (?:paper|article|study|research)\b", re.I)
_NUMERALS = _words("war phase part chapter volume vol article section type class stage level "
                   "figure table appendix")
_COURSE_BEFORE = _words("change matter part direction length end rest remainder duration")
_COURSE_AFTER = _words("work material content study studies requirement requirements credit")
_SIZE_NOUNS = _words("number amount part portion share proportion percentage increase decrease "
                     "reduction growth rise surge drop decline loss gain sum quantity territory "
                     "extent degree stride majority minority volume size")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d$")


@dataclass
class _Sentence:
    """One sentence's tokens as lists, with the sentence text and quote flags."""

    keys: list[str]
    lowers: list[str]
    lemmas: list[str]
    starts: list[int]
    text: str
    quoted: list[bool]

    def step(self, i: int, by: int, skip: frozenset[str] = frozenset()) -> int | None:
        """Index of the next token before (by=-1) or after (by=1) ``i`` not in ``skip``."""
        i += by
        while 0 <= i < len(self.keys) and self.keys[i] in skip:
            i += by
        return i if 0 <= i < len(self.keys) else None

    def key(self, i: int | None) -> str:
        return self.keys[i] if i is not None else ""

    def lemma(self, i: int | None) -> str:
        return self.lemmas[i] if i is not None else ""


Verdict = tuple[str | None, str]
Rule = Callable[[_Sentence, int, int, str], Verdict]

# ---------------------------------------------------------------------------
# Context rules: (sentence, first, last, lexicon category) -> (category or None, reading)


def _may(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(j, 1))[:1].isdigit():
        return None, "the month May (before a year or day)"
    if i > 0 and s.text[s.starts[i]] == "M":
        return None, "the month May (capitalised inside a sentence)"
    return cat, "epistemic may"


def _might(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    noun = s.key(s.step(i, -1)) in _DETERMINERS | {"with"}
    return (None, "the noun might") if noun else (cat, "epistemic might")


def _could(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.lemma(s.step(j, 1, _ADVERBS)) == "have":
        return cat, "could have: epistemic"
    if s.key(s.step(i, -1)) in {"that", "which"}:
        return cat, "possibility of a thing ('that could achieve')"
    if any(k in _PAST_CUES or _YEAR.match(k) for k in s.keys):
        return None, "past ability in a past narrative"
    return cat, "epistemic could"


def _reported(s: _Sentence, i: int) -> bool:
    """Unquoted, after a reporting verb, or after "his view/perspective ... that"."""
    earlier = set(s.keys[:i])
    return not s.quoted[i] and bool(earlier & _REPORTING or (
        earlier & _VIEW_NOUNS and "that" in earlier))


def _would(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if _reported(s, i):
        return None, "future-in-the-past after a reporting verb"
    return cat, "hypothetical would"


def _about(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    k = s.key(s.step(j, 1, frozenset({"a", "an"})))
    return (cat, "rounder before a number") if k[:1].isdigit() or k in _NUMBER_WORDS else (
        None, "preposition")


def _epistemic_verb(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    before = s.keys[max(0, i - 3):i]
    if any(k in _FIRST_PERSON for k in before):
        return cat, "the writers' own judgement"
    if "it" in before and s.lowers[i].endswith(("ed", "ought")):
        return cat, "impersonal 'it is believed'"
    return None, "a third party's view, reported"


def _will(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(i, -1)) in _DETERMINERS or s.key(s.step(j, 1)) == "of":
        return None, "the noun will"
    if s.lemma(s.step(j, 1, _ADVERBS | {"be"})) in _PLAIN_FUTURE or _FUTURE_DATES & set(s.keys):
        return None, "plain (scheduled) future"
    return cat, "prediction"


def _clearly(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.lemma(s.step(i, -1, _INTENSIFIERS)) in _MANNER_VERBS:
        return None, "manner adverb after a verb"
    return cat, "sentence adverb"


def _modal(s: _Sentence, i: int, j: int, cat: str, epistemic: str = "hedge") -> Verdict:
    """should/must: to the reader a directive; epistemic a hedge/booster; else an obligation."""
    if s.key(s.step(i, -1, _ADVERBS)) in _READER_SUBJECTS:
        return "directive", "obligation addressed to the reader"
    if _reported(s, i):
        return None, "a reported speaker's obligation or judgement"
    n = s.step(j, 1, _ADVERBS)
    after = s.key(s.step(n, 1)) if n is not None else ""
    if s.lemma(n) == "be" and after in _NOTED:
        return "directive", "'it should be noted': addressed to the reader"
    if s.lemma(n) == "have" or (s.lemma(n) == "be" and after in (
            _LIKELY if epistemic == "hedge" else _EPISTEMIC_BE)):
        return epistemic, "epistemic"
    return "attitude_marker", "obligation on a third party"


def _certain(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(j, 1)) in {"that", "of", "about"} or \
            s.lemma(s.step(i, -1, _INTENSIFIERS)) == "be":
        return cat, "predicative certain"
    return None, "determiner ('a certain group', 'certain regions')"


def _indeed(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    return (None, "'if indeed': a condition") if s.key(s.step(i, -1)) == "if" else (cat, "booster")


def _most(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    before = s.step(i, -1)
    owner = before is not None and (s.key(before) in _DETERMINERS - {"a", "an", "all"}
                                    or s.lowers[before].endswith(("'s", "’s")))
    if owner and s.key(s.step(j, 1)) not in {"of", "part"}:
        return cat, "superlative"
    return None, "quantifier"


def _show(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(j, 1)) in _CLAUSE_OPENERS or s.lemma(s.step(i, -1, _ADVERBS)) in _EVIDENCE:
        return cat, "introduces a claim"
    return None, "ordinary verb with an object"


def _i(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    return (None, "roman numeral") if s.key(s.step(i, -1)) in _NUMERALS else (cat, "first person")


def _we(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if _reported(s, i) and not set(s.keys[:i]) & _FIRST_PERSON:
        return None, "a reported speaker's we/our"
    if s.keys[i] == "our":
        if s.lemma(s.step(j, 1)) in _RESEARCH_NOUNS:
            return cat, "exclusive: the authors' work"
    elif s.lemma(s.step(j, 1, _ADVERBS | _MODALS | {"have", "be", "do"})) in _RESEARCH_VERBS:
        return cat, "exclusive: the authors' research act"
    if _THIS_WORK.search(s.text):
        return cat, "exclusive: the sentence names this paper"
    return "reader_mention", "inclusive we"


def _one(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(j, 1)) in _MODALS or s.lowers[i].endswith(("'s", "’s")):
        return cat, "generic pronoun"
    return None, "numeral or 'one of'"


def _let(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    return (cat, "let's") if s.lowers[i] in {"let's", "let’s"} else (None, "ordinary let")


def _imperative(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.lowers[i] != s.lemmas[i]:
        return None, "not the base form"
    if i == 0 or s.text[:s.starts[i]].rstrip().endswith("(") or s.key(s.step(i, -1)) == "please":
        return cat, "imperative"
    return None, "not an imperative"


def _note_that(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    return (cat, "note that") if s.lowers[i] == "note" else (None, "reported 'noted that'")


def _of_course(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.key(s.step(i, -1)) in _COURSE_BEFORE or s.lemma(s.step(j, 1)) in _COURSE_AFTER:
        return None, "the noun course"
    return cat, "appeal to shared knowledge"


def _necessity(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if _reported(s, i):
        return None, "a reported speaker's judgement"
    if s.key(s.step(j, 1)) in _ATTENTION_VERBS:
        return cat, "necessity addressed to the reader"
    return "attitude_marker", "evaluation of importance"


def _significant(s: _Sentence, i: int, j: int, cat: str) -> Verdict:
    if s.lemma(s.step(j, 1)) in _SIZE_NOUNS:
        return None, "size, not importance ('a significant part')"
    return cat, "importance"


#: Context rules by name; ``none`` keeps every match, ``question_mark`` is sentence-level.
RULES: dict[str, Rule | None] = {
    "none": None, "question_mark": None, "may_month": _may, "might_noun": _might,
    "could_ability": _could, "would_reported": _would, "about_number": _about,
    "epistemic_verb_subject": _epistemic_verb, "will_prediction": _will,
    "clearly_manner": _clearly, "should_modal": partial(_modal, epistemic="hedge"),
    "must_modal": partial(_modal, epistemic="booster"),
    "certain_determiner": _certain, "indeed_conditional": _indeed,
    "most_superlative": _most, "show_complement": _show, "i_pronoun": _i,
    "we_clusivity": _we, "one_pronoun": _one, "let_us": _let,
    "imperative_initial": _imperative, "note_that": _note_that,
    "of_course_noun": _of_course, "necessity_to": _necessity,
    "significant_size": _significant,
}


# Lexicon

def load_markers(path: Path | str = MARKERS) -> pd.DataFrame:
    """The stance and engagement lexicon (:data:`MARKER_COLUMNS`), validated.

    Raises
    ------
    analysis.lexicons.LexiconError
        For an unknown category, form or rule, a dimension that is not the
        category's, or two items that tokenise to the same words.
    """
    table = read_lexicon(path, MARKER_COLUMNS, key=["item"])
    for column, allowed in (("category", CATEGORIES), ("form", FORMS), ("rule", RULES)):
        bad = table.loc[~table[column].isin(list(allowed)), column]
        if len(bad):
            raise LexiconError(f"{path}: {column} {bad.iloc[0]!r} in data row {bad.index[0] + 1} "
                               f"is not one of {', '.join(allowed)}")
    wrong = table.index[table["dimension"] != table["category"].map(CATEGORIES)]
    if len(wrong):
        raise LexiconError(f"{path}: dimension in data row {wrong[0] + 1} is not its category's")
    lexical = table[(table["form"] != "pattern")]
    shapes = matcher.pattern_tokens(lexical["item"])["lemmas"]
    clash = shapes.duplicated(keep=False)
    if clash.any():
        raise LexiconError(f"{path}: items {' / '.join(lexical.loc[clash, 'item'])} are the "
                           "same words once lemmatised")
    return table


# Matching

def quote_flags(sentences: pd.DataFrame) -> dict[tuple[str, int], list[bool]]:
    """For each sentence, whether each character lies inside double quotation marks.

    Quotes are followed across the sentences of a paragraph (a quotation may
    span sentences) and closed at the paragraph's end; straight quotes
    toggle, curly quotes open and close. Keyed by (paragraph_id, sentence).
    """
    flags: dict[tuple[str, int], list[bool]] = {}
    for _, group in sentences.groupby("paragraph_id", sort=False):
        inside = False
        for row in group.itertuples():
            mask = []
            for char in row.text:
                if char in "\"“”":
                    inside = (not inside) if char == '"' else char == "“"
                mask.append(inside or char in "\"“”")
            flags[(row.paragraph_id, row.sentence)] = mask
    return flags


def _sentence_objects(table: pd.DataFrame, sentences: pd.DataFrame
                      ) -> dict[tuple[str, int], tuple[_Sentence, int]]:
    """Each sentence as a :class:`_Sentence`, with the position of its first token."""
    offsets = matcher.token_offsets(table, sentences)
    texts = sentences.set_index(["paragraph_id", "sentence"])["text"]
    quotes = quote_flags(sentences)
    out = {}
    for (paragraph, sentence), rows in table.groupby(["paragraph_id", "sentence"], sort=False):
        positions = rows["position"].tolist()
        starts = [offsets[(paragraph, p)][0] for p in positions]
        mask = quotes[(paragraph, sentence)]
        out[(paragraph, sentence)] = (_Sentence(
            rows["key"].tolist(), rows["lower"].tolist(), rows["lemma"].tolist(), starts,
            texts[(paragraph, sentence)], [mask[c] for c in starts]), positions[0])
    return out


def _row(marker: pd.Series, verdict: Verdict, voice: str, level: str, where: tuple,
         span: tuple) -> dict:
    """One candidate row: lexicon row, rule verdict, voice, level, place, span and context."""
    category, reading = verdict
    values = [category or marker["category"], marker["category"], marker["item"],
              marker["form"], marker["rule"], reading, category is not None, voice, level,
              *where, *span]
    return dict(zip(_CANDIDATE_FIELDS, values, strict=True))


def _questions(table: pd.DataFrame, sentences: pd.DataFrame, markers: pd.DataFrame,
               width: int) -> list[dict]:
    """One candidate per sentence ending with '?' (after closing quotes or brackets)."""
    row = markers[markers["rule"] == "question_mark"]
    quotes = quote_flags(sentences)
    last = table.groupby(["paragraph_id", "sentence"], sort=False)["position"].max()
    out = []
    for s in sentences.itertuples() if len(row) else []:
        body, where = s.text.rstrip(" \"'”’)]"), (s.section_id, s.paragraph_id, s.sentence)
        if not body.endswith("?") or where[1:] not in last.index:
            continue
        quoted = quotes[where[1:]][len(body) - 1]
        before = body[:-1].rstrip()
        left = ("…" + before[-width:].lstrip()) if len(before) > width else before
        span = (int(last[where[1:]]), int(last[where[1:]]), "?", left, s.text[len(body):].strip())
        out.append(_row(row.iloc[0], ("question", "sentence ends with '?'"),
                        "quoted" if quoted else "author", "sentence", where, span))
    return out


def marker_candidates(table: pd.DataFrame, sentences: pd.DataFrame,
                      markers: pd.DataFrame | None = None,
                      width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """Every lexicon match with the verdict of its context rule, kept or not.

    Parameters
    ----------
    table : pandas.DataFrame
        The tokens table (:func:`analysis.tokens.tokens_table`).
    sentences : pandas.DataFrame
        The same sentences as text (:func:`analysis.tokens.sentence_texts`).
    markers : pandas.DataFrame, optional
        The lexicon (:func:`load_markers`); default the study's.
    width : int, default :data:`analysis.settings.CONTEXT_CHARS`
        Characters of context left and right.

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS` plus ``lexicon_category`` (the lexicon's
        category, before the rule) and ``kept`` (False when the rule removed
        the match), in reading order. ``category`` is the category after the
        rule; ``reading`` says what the rule decided; ``level`` is ``token``
        or ``sentence`` (questions).
    """
    markers = load_markers() if markers is None else markers
    lexical = markers[markers["rule"] != "question_mark"]
    patterns = lexical.assign(pattern=lexical["item"], match=lexical["form"].map(FORMS))
    found = matcher.find_matches(table, patterns, sequence_on="lemma")
    found = matcher.add_context(found, table, sentences, width)
    objects = _sentence_objects(table, sentences)
    rows = []
    for m in found.itertuples():
        marker = markers.loc[m.row]
        s, offset = objects[(m.paragraph_id, m.sentence)]
        i, j = m.first - offset, m.last - offset
        rule = RULES[marker["rule"]]
        verdict = (marker["category"], "no rule needed") if rule is None else rule(
            s, i, j, marker["category"])
        rows.append(_row(marker, verdict, "quoted" if s.quoted[i] else "author", "token",
                         (m.section_id, m.paragraph_id, m.sentence),
                         (m.first, m.last, m.surface, m.left, m.right)))
    rows += _questions(table, sentences, markers, width)
    columns = MATCH_COLUMNS + ["lexicon_category", "kept"]
    out = pd.DataFrame(rows, columns=_CANDIDATE_FIELDS).astype(
        {"kept": bool, "first": int, "last": int, "sentence": int})
    out.insert(0, "dimension", out["category"].map(CATEGORIES))
    rank = pd.MultiIndex.from_frame(sentences[["paragraph_id", "sentence"]]).get_indexer(
        pd.MultiIndex.from_frame(out[["paragraph_id", "sentence"]]))
    out = out.assign(_rank=rank, _level=(out["level"] == "sentence").astype(int))
    out = out.sort_values(["_rank", "first", "_level"], kind="stable")
    return out[columns].reset_index(drop=True)


def stance_matches(table: pd.DataFrame, sentences: pd.DataFrame,
                   markers: pd.DataFrame | None = None,
                   width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """The markers the rules kept (parameters of :func:`marker_candidates`).

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS`: dimension, category, item, form, rule, reading,
        voice (``author`` or ``quoted``), level, section_id, paragraph_id,
        sentence, first, last (token positions), surface, left, right; one row
        per occurrence, in reading order.
    """
    found = marker_candidates(table, sentences, markers, width)
    return found.loc[found["kept"], MATCH_COLUMNS].reset_index(drop=True)
