"""Choosing the model and number of topics from the sweep, by a rule fixed in advance.

The rule (:data:`SELECTION_RULE`) was written before any sweep result was
seen; :func:`sweep_summary` applies it and :func:`select_setting` returns its
choice with the reference seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The rule that picks the model and number of topics, stated before the sweep ran.
SELECTION_RULE = (
    "For every model and k, take the mean NPMI and the mean stability over the seeds. "
    "Rank all model x k settings on each (1 = best; tied values share the average rank). "
    "The chosen setting has the smallest sum of the two ranks; ties go to the higher mean "
    "stability, then the smaller k, then LDA before NMF. Of its seeds, the reference fit is "
    "the one whose topics agree best with the other seeds (highest stability; ties: lowest "
    "seed)."
)

#: The "model" chosen from an empty sweep: no topics.
NO_MODEL = "none"


def sweep_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per model and k: mean, standard deviation and standard error over seeds, and ranks.

    Parameters
    ----------
    table : DataFrame
        The sweep (:func:`analysis.topics.sweep.sweep`, one row per fit).

    Returns
    -------
    DataFrame
        model, k, n_seeds, npmi_mean, npmi_se, npmi_sd, umass_mean, umass_sd,
        stability_mean, stability_sd, cross_mean, cross_sd (agreement with the
        other model at the same k), npmi_rank, stability_rank (1 = best, ties
        share the average rank of values rounded to 9 places), rank_sum, chosen
        (the one setting picked by :data:`SELECTION_RULE`); sorted by model,
        then k. An empty sweep gives an empty table.
    """
    grouped = table.groupby(["model", "k"], sort=True)
    out = grouped.agg(n_seeds=("seed", "size"), npmi_mean=("npmi", "mean"),
                      npmi_sd=("npmi", "std"), umass_mean=("umass", "mean"),
                      umass_sd=("umass", "std"), stability_mean=("stability", "mean"),
                      stability_sd=("stability", "std"),
                      cross_mean=("cross_agreement", "mean"),
                      cross_sd=("cross_agreement", "std")).reset_index()
    out.insert(4, "npmi_se", out["npmi_sd"] / np.sqrt(out["n_seeds"]))
    # Rank rounded values, so that floating-point noise never breaks a tie.
    out["npmi_rank"] = out["npmi_mean"].round(9).rank(ascending=False, method="average")
    out["stability_rank"] = out["stability_mean"].round(9).rank(ascending=False,
                                                               method="average")
    out["rank_sum"] = out["npmi_rank"] + out["stability_rank"]
    out["chosen"] = False
    if out.empty:  # an empty sweep (see :func:`sweep`) chooses nothing
        return out
    order = out.assign(_neg_stab=-out["stability_mean"].round(9)).sort_values(
        ["rank_sum", "_neg_stab", "k", "model"], kind="stable")
    out.loc[order.index[0], "chosen"] = True
    return out


def stability_overview(summary: pd.DataFrame) -> pd.DataFrame:
    """Per model, over k: how stable the fits are, and how well the two families agree.

    Parameters
    ----------
    summary : DataFrame
        :func:`sweep_summary`.

    Returns
    -------
    DataFrame
        model, stability_min, stability_max (range of mean stability over k),
        k_fully_stable (the k at which every seed gave the same top terms,
        comma-separated, or "none"), cross_min, cross_max (range of mean
        LDA-NMF agreement); models alphabetically.
    """
    rows = []
    for model, group in summary.groupby("model", sort=True):
        stable = group.loc[group["stability_mean"].round(9) >= 1.0, "k"]
        rows.append({"model": model, "stability_min": group["stability_mean"].min(),
                     "stability_max": group["stability_mean"].max(),
                     "k_fully_stable": ", ".join(str(k) for k in stable) or "none",
                     "cross_min": group["cross_mean"].min(),
                     "cross_max": group["cross_mean"].max()})
    return pd.DataFrame(rows, columns=["model", "stability_min", "stability_max",
                                       "k_fully_stable", "cross_min", "cross_max"])


def select_setting(table: pd.DataFrame) -> tuple[str, int, int]:
    """The model, k and reference seed picked by :data:`SELECTION_RULE` from the sweep.

    Parameters
    ----------
    table : DataFrame
        The sweep (:func:`analysis.topics.sweep.sweep`, one row per fit).

    Returns
    -------
    tuple of (str, int, int)
        (model, k, seed); an empty sweep (the paper supports too few topics)
        gives (:data:`NO_MODEL`, 0, 0), which
        :func:`analysis.topics.fitting.fit_model` turns into a model without topics.
    """
    summary = sweep_summary(table)
    if summary.empty:
        return NO_MODEL, 0, 0
    chosen = summary[summary["chosen"]].iloc[0]
    model, k = str(chosen["model"]), int(chosen["k"])
    return model, k, reference_seed(table, model, k)


def reference_seed(table: pd.DataFrame, model: str, k: int) -> int:
    """The seed whose fit agrees best with the other seeds of one model and k.

    Parameters
    ----------
    table : DataFrame
        The sweep (:func:`analysis.topics.sweep.sweep`, one row per fit).
    model : str
        The model family.
    k : int
        Number of topics.

    Returns
    -------
    int
        The seed with the highest stability (rounded to 9 places); ties go to
        the lowest seed.

    Raises
    ------
    IndexError
        If the sweep has no fit of ``model`` and ``k``.
    """
    fits = table[(table["model"] == model) & (table["k"] == k)]
    fits = fits.assign(_s=-fits["stability"].round(9)).sort_values(["_s", "seed"],
                                                                   kind="stable")
    return int(fits["seed"].iloc[0])
