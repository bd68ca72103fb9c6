"""Sentences about the topic models, generated from their tables (notebook 04 prints them).

Every number, ranking and comparison that notebook 04 states comes from one of
these functions, so the text cannot drift from the tables; each says "not
measured" and why when the paper supports no topic model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.settings import ROBUST_RETURN_SHARE, TOPIC_MATCH_THRESHOLD
from analysis.topics.selection import NO_MODEL

#: How each measure of the sweep is named in a sentence: summary column -> (name, higher is better).
MEASURES = {
    "npmi_mean": ("NPMI coherence", True),
    "stability_mean": ("stability across seeds", True),
    "resampling_mean": ("stability across document resamples", True),
    "perplexity_mean": ("LDA's held-out perplexity", False),
}

NOT_MEASURED = ("Not measured: the paper's vocabulary supports too few topics for a topic "
                "model (see the sweep's description above).")


def setting_name(model: str, k: int) -> str:
    """"LDA with k = 3", or "no setting"."""
    return "no setting" if model == NO_MODEL else f"{model.upper()} with k = {k}"


def _edge(k: int, ks: Sequence[int]) -> str:
    if k == min(ks):
        return ", the smallest k swept"
    if k == max(ks):
        return ", the largest k swept"
    return ""


def frequent_terms_sentence(terms: Sequence[str], labels: dict[str, str]) -> str:
    """Which terms the document-frequency ceiling removed (they separate no topic)."""
    if not terms:
        return "No term occurs in so many paragraphs that it was left out of the vocabulary."
    shown = ", ".join(labels.get(t, t.replace("_", " ")) for t in terms)
    return (f"Left out as too frequent ({len(terms)} term{'s' if len(terms) > 1 else ''}, "
            f"in too many paragraphs to separate one topic from another): {shown}.")


def trend_sentences(summary: pd.DataFrame) -> list[str]:
    """Per measure: where each model scores best, and whether that is an edge of the sweep."""
    if summary.empty:
        return [NOT_MEASURED]
    out = []
    ks = sorted(set(summary["k"]))
    for column, (name, higher) in MEASURES.items():
        parts = []
        for model, group in summary.dropna(subset=[column]).groupby("model", sort=True):
            values = group[column].round(9)
            best = group.loc[(values.idxmax() if higher else values.idxmin())]
            worst = group.loc[(values.idxmin() if higher else values.idxmax())]
            spread = column.replace("_mean", "_sd")
            if len(group) == 1:
                parts.append(f"{model.upper()} was fitted at k = {int(best['k'])} only "
                             f"({best[column]:.3g})")
                continue
            parts.append(f"{model.upper()} is best at k = {int(best['k'])}"
                         f"{_edge(int(best['k']), ks)} ({best[column]:.3g}) and worst at k = "
                         f"{int(worst['k'])} ({worst[column]:.3g}), a range of "
                         f"{abs(best[column] - worst[column]):.2g} against a typical standard "
                         f"deviation of {group[spread].mean():.2g} between fits of one setting")
        if parts:
            out.append(f"{name[0].upper()}{name[1:]}: {'; '.join(parts)}.")
    return out


def choice_sentence(summary: pd.DataFrame, shown: tuple[str, int, int, bool]) -> str:
    """What the rule chose, with the numbers that made it; or that it chose nothing."""
    if summary.empty:
        return NOT_MEASURED
    model, k, seed, chosen = shown
    row = summary[(summary["model"] == model) & (summary["k"] == k)].iloc[0]
    facts = (f"its topics return on average in {row['resample_return']:.0%} of the document "
             f"resamples and {row['seed_return']:.0%} of the other seeds, and its resampling "
             f"stability is {row['resampling_mean']:.2f} (standard error "
             f"{row['resampling_se']:.2f})")
    if chosen:
        group = summary[summary["model"] == model].sort_values("k")
        ks = group["k"].tolist()
        i = ks.index(k)
        neighbours = group["resampling_mean"].to_numpy()[[i - 1, i + 1]]
        return (f"The rule chooses {setting_name(model, k)} (reference fit: seed {seed}): "
                f"{facts}, above both neighbouring k ({neighbours[0]:.2f} at k = {ks[i - 1]}, "
                f"{neighbours[1]:.2f} at k = {ks[i + 1]}).")
    robust = int(summary["robust"].sum())
    peaks = int(summary["peak"].sum())
    return (f"No setting is chosen: of {len(summary)} settings, {robust} are robust and "
            f"{peaks} are interior peaks of resampling stability, and none is both, so this "
            f"paper singles out no number of topics. The topics below are those of "
            f"{setting_name(model, k)}, the setting with the highest resampling stability, "
            f"shown to let a reader see what the topics are and how fragile; they are not a "
            f"finding ({facts}).")


def alternatives_sentences(alternatives: pd.DataFrame) -> list[str]:
    """Which setting each rule picks, rules that agree grouped together."""
    out = []
    groups: dict[tuple[str, int], list[str]] = {}
    for _, row in alternatives.iterrows():
        groups.setdefault((row["model"], int(row["k"])), []).append(row["rule"])
    for (model, k), rules in groups.items():
        if model == NO_MODEL:
            out.append(f"{_rules(rules)} pick{'s' if len(rules) == 1 else ''} no setting.")
            continue
        row = alternatives[(alternatives["model"] == model) & (alternatives["k"] == k)].iloc[0]
        verdict = "robust" if row["robust"] else "not robust"
        out.append(f"{_rules(rules)} pick{'s' if len(rules) == 1 else ''} "
                   f"{setting_name(model, k)} ({verdict}; its topics return in "
                   f"{row['resample_return']:.0%} of resamples on average).")
    return out


def _rules(rules: list[str]) -> str:
    names = [f"the {r} rule" for r in rules]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return text[0].upper() + text[1:]


def reading_sentences(readings: pd.DataFrame) -> list[str]:
    """How the paper reads under each setting the rules pick: its topics, shares and returns.

    Parameters
    ----------
    readings : DataFrame
        setting (text), rules, topic, name, share, resample_return; one row per
        topic of each setting.
    """
    out = []
    for setting, group in readings.groupby("setting", sort=False):
        topics = "; ".join(f"{row['name']} ({row['share']:.0%} of the modelled text, returns "
                           f"in {row['resample_return']:.0%} of resamples)"
                           for _, row in group.iterrows())
        out.append(f"{setting} ({group['rules'].iloc[0]}): {topics}.")
    return out


def topics_sentence(scores: pd.DataFrame, names: pd.Series) -> str:
    """The shown model's topics: which carry the text, which return across resamples."""
    if scores.empty:
        return NOT_MEASURED
    largest = scores.loc[scores["share"].idxmax()]
    returning = scores[scores["resample_return"].round(9) >= ROBUST_RETURN_SHARE]
    text = (f"The largest topic, {names[int(largest['topic'])]}, carries "
            f"{largest['share']:.0%} of the modelled terms. {len(returning)} of "
            f"{len(scores)} topics return in at least {ROBUST_RETURN_SHARE:.0%} of the "
            f"document resamples")
    weakest = scores.loc[scores["resample_return"].idxmin()]
    if len(returning) < len(scores):
        text += (f"; the least robust, {names[int(weakest['topic'])]}, returns in "
                 f"{weakest['resample_return']:.0%}")
    return text + "."


def agreement_sentence(agreement: pd.DataFrame, first: str, second: str) -> str:
    """How many topics of one model have a counterpart in the other, and what they share."""
    if agreement.empty:
        return NOT_MEASURED
    n = int(agreement["corresponds"].sum())
    shared = agreement["shared"].map(lambda s: len([t for t in s.split(", ") if t]))
    best = agreement.loc[agreement["jaccard"].idxmax()]
    a, b = agreement.columns[:2]
    text = (f"{n} of {len(agreement)} {first.upper()} topics have a counterpart in "
            f"{second.upper()} (top-term Jaccard similarity at least "
            f"{TOPIC_MATCH_THRESHOLD}); the closest pair ({first.upper()} topic {best[a]}, "
            f"{second.upper()} topic {best[b]}) shares {int(shared[best.name])} top terms")
    weak = agreement[~agreement["corresponds"]]
    if not weak.empty:
        worst = weak.loc[weak["jaccard"].idxmin()]
        text += (f", while {first.upper()} topic {worst[a]} shares only "
                 f"{int(shared[worst.name])} with its best match")
    return text + "."


def fragility_sentence(overview: pd.DataFrame, summary: pd.DataFrame, n_paragraphs: int,
                       chosen: bool) -> str:
    """The closing reading: how stable topics are on this paper, and what may be read."""
    if summary.empty:
        return NOT_MEASURED
    parts = [f"{row['model'].upper()}: stability across seeds {row['stability_min']:.2f}-"
             f"{row['stability_max']:.2f}, across document resamples "
             f"{row['resampling_min']:.2f}-{row['resampling_max']:.2f}, robust at k = "
             f"{row['k_robust']}" for _, row in overview.iterrows()]
    verdict = ("The chosen setting meets the rule's bar, so its topics are the ones read "
               "here; other settings' topics are not interpreted as themes of the paper."
               if chosen else
               "No setting meets the rule (robust, at an interior peak of resampling "
               "stability), so the topics shown are an illustration of the paper's vocabulary, "
               "not stable themes.")
    return (f"On {n_paragraphs:,} paragraphs, {'; '.join(parts)}. {verdict}")


def mean_or_nan(values: Sequence[float]) -> float:
    """The mean, NaN for no value (no warning)."""
    return float(np.mean(values)) if len(values) else float("nan")


def heatmap_sentence(shares: pd.DataFrame, per_run: int, max_rows: int) -> str:
    """What the topic-by-section heatmap shows: every section, or runs of merged sections."""
    n = shares["section_id"].nunique()
    if n == 0:
        return "Not measured: the model has no topics, so no section has topic shares."
    if per_run == 1:
        return f"All {n:,} sections with paragraphs are shown, one a row."
    return (f"The paper's {n:,} sections with paragraphs are merged into {max_rows} runs of up "
            f"to {per_run} consecutive sections, one a row.")


def counterpart_text(other, names: pd.Series) -> str:
    """The other model family's topics at the same k, one a line; empty without topics."""
    if other.k == 0:
        return ""
    return "\n".join([f"{other.model.upper()}, k = {other.k}, seed {other.seed}:",
                      *names.tolist()]) + "\n"
