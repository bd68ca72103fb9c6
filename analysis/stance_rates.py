"""Stance and engagement counted: rates on the one denominator, an audit sample, published norms.

* **Rates** are per 1,000 words on the study's one denominator
  (:func:`analysis.vocabulary.section_rates`), of the markers
  :func:`analysis.stance.stance_matches` finds in the writers' voice, for each
  category and for the two totals (stance, engagement).
* **Audit**: a seeded sample of matches per category, each with its sentence,
  for a reader to judge the coding's precision.
* **Norms** (:data:`NORMS`, the engine's own, like the stance lexicon: the same
  on every paper): published per-1,000-word rates with where each was read. A
  figure that could not be found in a source this study could read and cite is
  listed as not found and never filled in; the comparison says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import stance, vocabulary
from analysis.build import paths
from analysis.lexicons import read_lexicon
from analysis.settings import RATE_BASE, STANCE_AUDIT_SAMPLE, STANCE_AUDIT_SEED

#: Published rates to compare with: the engine's own, like the stance lexicon.
NORMS = paths.LEXICONS / "stance_norms.csv"
NORM_COLUMNS = ["category", "corpus", "rate_per_1000_words", "status", "cited_as", "source",
                "reproduces", "where", "page", "note"]
#: The two totals reported after the categories.
TOTALS = {"stance_total": "stance", "engagement_total": "engagement"}
#: Each category (and total) in prose, plural.
NAMES = {"hedge": "hedges", "booster": "boosters", "attitude_marker": "attitude markers",
         "self_mention": "self-mentions", "reader_mention": "reader mentions",
         "directive": "directives", "question": "questions",
         "shared_knowledge": "appeals to shared knowledge", "personal_aside": "personal asides",
         "stance_total": "stance markers", "engagement_total": "engagement markers"}


def rate_keys() -> pd.DataFrame:
    """dimension and category of every rate row: the categories, then the two totals."""
    rows = [*stance.CATEGORIES.items(), *((t, d) for t, d in TOTALS.items())]
    return pd.DataFrame([(d, c) for c, d in rows], columns=["dimension", "category"])


def stance_rates(matches: pd.DataFrame, sizes: pd.DataFrame, base: int = RATE_BASE,
                 voice: str = "author") -> pd.DataFrame:
    """Markers per category and section, raw and per ``base`` words, zeros included.

    Parameters
    ----------
    matches : DataFrame
        :func:`analysis.stance.stance_matches`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, n_words).
    base : int, default :data:`analysis.settings.RATE_BASE`
        Rates are per this many words.
    voice : {"author", "quoted", "all"}, default "author"
        Whose markers to count.

    Returns
    -------
    DataFrame
        dimension, category, section_id, n_words, n, rate
        (:func:`analysis.vocabulary.section_rates`): the categories of
        :data:`analysis.stance.CATEGORIES`, then ``stance_total`` and
        ``engagement_total``; sections in reading order, then the whole paper.

    Raises
    ------
    ValueError
        If a marker lies in a section without a word count in ``sizes``.
    """
    chosen = matches if voice == "all" else matches[matches["voice"] == voice]
    chosen = chosen[["dimension", "category", "section_id"]]
    missing = sorted(set(chosen["section_id"]) - set(sizes["section_id"]))
    if missing:
        raise ValueError(f"no word count for section(s) {', '.join(missing)}")
    hits = pd.concat([chosen, chosen.assign(category=chosen["dimension"] + "_total")])
    return vocabulary.section_rates(hits, rate_keys(), sizes, base)


def audit_sample(matches: pd.DataFrame, sentences: pd.DataFrame, n: int = STANCE_AUDIT_SAMPLE,
                 seed: int = STANCE_AUDIT_SEED) -> pd.DataFrame:
    """Up to ``n`` matches per category drawn with ``seed``, each shown in its sentence.

    Parameters
    ----------
    matches : DataFrame
        :func:`analysis.stance.stance_matches`, or
        :func:`analysis.stance.marker_candidates` to audit what the rules removed.
    sentences : DataFrame
        :func:`analysis.tokens.sentence_texts`.
    n : int, default :data:`analysis.settings.STANCE_AUDIT_SAMPLE`
        Matches per category at most.
    seed : int, default :data:`analysis.settings.STANCE_AUDIT_SEED`
        Random state of the draw.

    Returns
    -------
    DataFrame
        dimension, category, item, rule, reading, voice, section_id,
        paragraph_id, sentence, surface, context (the sentence around the
        marker, which is in «guillemets»), text (the whole sentence); categories
        in :data:`analysis.stance.CATEGORIES` order, reading order within one.
    """
    columns = ["dimension", "category", "item", "rule", "reading", "voice", "section_id",
               "paragraph_id", "sentence", "surface", "context"]
    matches = matches.assign(context=matches["left"] + " «" + matches["surface"] + "» "
                             + matches["right"])
    picked = [group.sample(n=min(n, len(group)), random_state=seed).sort_index(kind="stable")
              for c in stance.CATEGORIES if len(group := matches[matches["category"] == c])]
    if not picked:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, "text"]})
    sample = pd.concat(picked)[columns]
    return sample.merge(sentences[["paragraph_id", "sentence", "text"]],
                        on=["paragraph_id", "sentence"], how="left").reset_index(drop=True)


def lexicon_summary(markers: pd.DataFrame) -> pd.DataFrame:
    """Per category: items in the lexicon, items with a context rule, items from Hyland's lists.

    Parameters
    ----------
    markers : DataFrame
        :func:`analysis.stance.load_markers`.

    Returns
    -------
    DataFrame
        dimension, category, items, with_rule (rule other than ``none``),
        from_published (source not "added by this study"); categories in
        :data:`analysis.stance.CATEGORIES` order.
    """
    rows = [(d, c, int((group := markers[markers["category"] == c]).shape[0]),
             int((group["rule"] != "none").sum()),
             int((~group["source"].str.startswith("added by this study")).sum()))
            for c, d in stance.CATEGORIES.items()]
    return pd.DataFrame(rows, columns=["dimension", "category", "items", "with_rule",
                                       "from_published"])


def rule_verdicts(candidates: pd.DataFrame) -> pd.DataFrame:
    """What the context rules decided on this paper: each item and reading with its count.

    Parameters
    ----------
    candidates : DataFrame
        :func:`analysis.stance.marker_candidates`.

    Returns
    -------
    DataFrame
        lexicon_category, item, rule, reading, category (after the rule, empty
        when dropped), kept, n; items with a rule only, by lexicon category
        order, item, then count (most first).
    """
    ruled = candidates[candidates["rule"] != "none"].assign(
        category=lambda t: t["category"].where(t["kept"], ""))
    keys = ["lexicon_category", "item", "rule", "reading", "category", "kept"]
    out = ruled.groupby(keys).size().rename("n").reset_index()
    rank = {c: i for i, c in enumerate(stance.CATEGORIES)}
    out = out.assign(_r=out["lexicon_category"].map(rank)).sort_values(
        ["_r", "item", "n", "reading"], ascending=[True, True, False, True], kind="stable")
    return out.drop(columns="_r").reset_index(drop=True)


def load_norms(path: Path | str = NORMS) -> pd.DataFrame:
    """Published per-1,000-word rates, with where each was read (:data:`NORM_COLUMNS`).

    ``rate_per_1000_words`` is numeric: NaN where the figure was not found
    (``status`` says so).
    """
    table = read_lexicon(path, NORM_COLUMNS, key=["category", "corpus", "cited_as"])
    return table.assign(rate_per_1000_words=pd.to_numeric(table["rate_per_1000_words"],
                                                          errors="coerce"))


def norm_comparison(rates: pd.DataFrame, norms: pd.DataFrame) -> pd.DataFrame:
    """The paper's whole-paper rates beside every published rate, found or not.

    Parameters
    ----------
    rates : DataFrame
        :func:`stance_rates`.
    norms : DataFrame
        :func:`load_norms`.

    Returns
    -------
    DataFrame
        category, paper_n, paper_rate, corpus, cited_as, norm_rate (NaN: not
        found), ratio (paper / norm), found, status, page; norms in file order.
    """
    whole = rates[rates["section_id"] == vocabulary.WHOLE_PAPER].set_index("category")
    norm = norms["rate_per_1000_words"]
    paper = norms["category"].map(whole["rate"])
    return pd.DataFrame({
        "category": norms["category"], "paper_n": norms["category"].map(whole["n"]),
        "paper_rate": paper, "corpus": norms["corpus"], "cited_as": norms["cited_as"],
        "norm_rate": norm, "ratio": paper / norm.where(norm > 0), "found": norm.notna(),
        "status": norms["status"], "page": norms["page"]}).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Sentences generated from the tables (the notebook's interpretation)


def describe_rates(rates: pd.DataFrame, sizes: pd.DataFrame, labels: pd.Series) -> list[str]:
    """Sentences on the paper's stance and engagement rates, from :func:`stance_rates`.

    Parameters
    ----------
    rates : DataFrame
        :func:`stance_rates`.
    sizes : DataFrame
        :func:`analysis.frequency.section_sizes` (section_id, major).
    labels : Series
        Short section labels by section_id.

    Returns
    -------
    list of str
        The totals; the categories by rate (and those never found); boosters
        against hedges; the major section with the highest stance rate.
    """
    whole = rates[rates["section_id"] == vocabulary.WHOLE_PAPER].set_index("category")
    if whole.empty:
        return ["The paper has no words to count."]
    totals = [(int(whole.at[t, "n"]), NAMES[t], whole.at[t, "rate"]) for t in TOTALS]
    out = [f"Over the paper's {int(whole['n_words'].iat[0]):,} words the writers use "
           + " and ".join(f"{n} {name[:-1] if n == 1 else name} ({rate:.1f} per 1,000 words)"
                          for n, name, rate in totals) + ", quotations excluded."]
    single = whole.loc[list(stance.CATEGORIES)].reset_index()
    found = single[single["n"] > 0].sort_values(["rate", "category"], ascending=[False, True],
                                                kind="stable")
    if len(found):
        out.append("By category: " + ", ".join(f"{NAMES[r.category]} {r.rate:.1f}"
                                               for r in found.itertuples()) + ".")
    absent = [NAMES[c] for c in single.loc[single["n"] == 0, "category"]]
    if absent:
        out.append(f"Not found in the writers' voice: {', '.join(absent)}.")
    hedges, boosters = int(whole.at["hedge", "n"]), int(whole.at["booster", "n"])
    if hedges != boosters:
        more, less = ("boosters", "hedges") if boosters > hedges else ("hedges", "boosters")
        out.append(f"{more.capitalize()} outnumber {less} ({max(hedges, boosters)} to "
                   f"{min(hedges, boosters)}).")
    by_section = rates[(rates["category"] == "stance_total")
                       & rates["section_id"].isin(sizes.loc[sizes["major"], "section_id"])]
    if len(by_section) and by_section["n"].sum():
        top = by_section.sort_values("rate", ascending=False, kind="stable").iloc[0]
        out.append(f"Among major sections, stance markers are densest in "
                   f"{labels.get(top['section_id'], top['section_id'])} ({top['rate']:.1f} per "
                   f"1,000 words, {int(top['n'])} markers).")
    return out


def describe_norms(comparison: pd.DataFrame) -> list[str]:
    """Sentences setting the paper's rates beside the published ones, and what was not found.

    Parameters
    ----------
    comparison : DataFrame
        :func:`norm_comparison`.

    Returns
    -------
    list of str
        One sentence per published figure found; one per source whose figures
        were not found, naming the categories left without a comparison.
    """
    out = []
    for r in comparison[comparison["found"]].itertuples():
        name, source = NAMES[r.category].capitalize(), f"{r.corpus} as given in {r.cited_as}"
        if r.paper_n == 0:
            out.append(f"{name}: none in the paper against {r.norm_rate:.1f} per 1,000 words in "
                       f"{source}.")
        else:
            out.append(f"{name}: {r.paper_rate:.1f} per 1,000 words in the paper against "
                       f"{r.norm_rate:.1f} in {source}; the paper's rate is {r.ratio:.2f} times "
                       "the published one.")
    missing = comparison[~comparison["found"]]
    for (corpus, cited), rows in missing.groupby(["corpus", "cited_as"], sort=False):
        out.append(f"Not found: {cited}, for {corpus}. Its figures could not be read in a source "
                   f"this study could cite, so no number is given for "
                   f"{', '.join(NAMES[c] for c in rows['category'])}.")
    return out or ["No published rate is listed to compare with."]
