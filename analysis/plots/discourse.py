"""Figures of the discourse coding and the actors (notebook 05); they read tables, never count."""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.empty import nothing_to_show
from analysis.plots.heatmap import annotated_heatmap
from analysis.plots.style import PALETTE, new_figure
from analysis.settings import MAJOR_MIN_WORDS
from analysis.vocabulary import WHOLE_PAPER

#: Colours of name forms in the naming figure (Okabe-Ito, fixed per form).
FORM_COLOURS = {"name": PALETTE[0], "surname": PALETTE[4], "title": PALETTE[2],
                "abbreviation": PALETTE[1], "designation": PALETTE[5], "adjective": PALETTE[3],
                "demonym": PALETTE[6]}
#: Height of a heatmap row, and the tallest heatmap (rows are pooled before it gets there).
ROW_INCHES = 0.16
MAX_HEIGHT = 6.0
#: A hatch per name form as well as a colour, so the forms stay apart in grey-scale print.
FORM_HATCHES = {"name": "", "surname": "....", "title": "////", "abbreviation": "xxxx",
                "designation": "\\\\\\\\", "adjective": "----", "demonym": "oooo"}


def wrap_labels(labels: list[str], width: int = 11) -> list[str]:
    """Column labels broken into lines of at most ``width`` characters (words kept whole).

    A slash is followed by a space, so "identity/religion" may break after it.

    Parameters
    ----------
    labels : list of str
        The labels.
    width : int, default 11
        Characters per line.

    Returns
    -------
    list of str
    """
    return [textwrap.fill(label.replace("/", "/ "), width, break_long_words=False)
            for label in labels]


def section_axis_labels(words: pd.Series, labels: pd.Series) -> list[str]:
    """Row labels: each section's short label and its words; ``all`` is the whole paper.

    Parameters
    ----------
    words : Series
        n_words by section_id, :data:`analysis.vocabulary.WHOLE_PAPER` included.
    labels : Series
        Short section labels by section_id.

    Returns
    -------
    list of str
        "label (words)", or "Whole paper (words words)", in the order of ``words``.
    """
    return [f"Whole paper ({int(n):,} words)" if s == WHOLE_PAPER else
            f"{labels.get(s, s)} ({int(n):,})" for s, n in words.items()]


def rate_heatmap(counts: pd.DataFrame, column: str, columns: list[str], labels: pd.Series,
                 major: pd.Index, column_labels: list[str] | None = None,
                 height: float | None = None, note: str | None = None) -> Figure:
    """Sections (rows, reading order, whole paper last) x ``columns``: rate per 1,000 words.

    Parameters
    ----------
    counts : DataFrame
        Columns ``column``, section_id, n_words, n, rate
        (:func:`analysis.vocabulary.section_rates`).
    column : str
        The column whose values are the heatmap's columns (category, actor).
    columns : list of str
        Those values, in order.
    labels : Series
        Short section labels by section_id (with the pooled row's, if
        :func:`analysis.discourse.pool_sections` pooled some).
    major : Index
        The major sections: the colour scale tops out at the largest rate in
        one of them (shorter sections can exceed it: drawn in the top colour,
        numbers printed). With no major section, every section sets the scale.
    column_labels : list of str, optional
        Printed column labels (default: ``columns``).
    height : float, optional
        Figure height in inches (default: grows with the rows).
    note : str, optional
        A sentence added under the reading note.

    Returns
    -------
    Figure
        Each cell prints the rate and, in brackets, the raw count.
    """
    if not columns or counts.empty:
        return nothing_to_show(f"no {column} of the lexicon is found in the paper.", "double")
    rate = counts.pivot(index="section_id", columns=column, values="rate")
    n = counts.pivot(index="section_id", columns=column, values="n")
    words = counts.drop_duplicates("section_id").set_index("section_id")["n_words"]
    rate, n = rate.loc[words.index, columns], n.loc[words.index, columns]
    scale = words.index[words.index.isin(major)]
    if scale.empty:  # a short paper: every section sets the scale
        scale = words.index[words.index != WHOLE_PAPER]
    top = float(rate.loc[scale].to_numpy().max()) or 1.0
    text = [["–" if int(n.iat[i, j]) == 0 else f"{rate.iat[i, j]:.1f} ({int(n.iat[i, j])})"
             for j in range(rate.shape[1])] for i in range(rate.shape[0])]
    if height is None:
        height = min(ROW_INCHES * len(words) + 1.3, MAX_HEIGHT)
    reading = ("Cells: occurrences per 1,000 words of the section (count). The colour scale "
               f"tops out at {top:.1f}, the highest rate in a major section (at least "
               f"{MAJOR_MIN_WORDS} words); shorter sections may exceed it.")
    return annotated_heatmap(
        rate.to_numpy(), text, section_axis_labels(words, labels), column_labels or columns,
        vmax=top, height=height, cell_fontsize=5.8, row_fontsize=6.8, separate_last_row=True,
        note=textwrap.fill(reading + (" " + note if note else ""), 105))


def naming_figure(names: pd.DataFrame, actors: list[str]) -> Figure:
    """Stacked bars: for each actor, the share of its mentions under each name, coloured by form.

    Parameters
    ----------
    names : DataFrame
        :func:`analysis.actors.nomination` (actor, variant, form, n, share).
    actors : list of str
        The actors to draw, top to bottom.

    Returns
    -------
    Figure
        Double column; segments wide enough carry the name and count, each
        form has a colour and a hatch (:data:`FORM_COLOURS`,
        :data:`FORM_HATCHES`), each actor's total mentions are in brackets.
    """
    if not actors:
        return nothing_to_show("no actor of the lexicon is named in more than one way.",
                               "double")
    fig, ax = new_figure("double", height=0.25 * len(actors) + 0.9)
    for i, actor in enumerate(actors):
        rows = names[(names["actor"] == actor) & (names["n"] > 0)]
        left = 0.0
        for r in rows.itertuples():
            ax.barh(i, r.share, left=left, color=FORM_COLOURS[r.form], height=0.72,
                    edgecolor="white", linewidth=0.6, hatch=FORM_HATCHES[r.form],
                    hatchcolor="#ffffff99")
            text = f"{r.variant} {r.n}"
            if r.share >= 0.0085 * len(text):
                ax.text(left + r.share / 2, i, text, ha="center", va="center", fontsize=5.4,
                        color="black" if r.form in ("demonym", "abbreviation", "surname")
                        else "white",
                        bbox={"boxstyle": "square,pad=0.15", "facecolor": FORM_COLOURS[r.form],
                              "edgecolor": "none"})
            left += r.share
    totals = names.groupby("actor")["n"].sum()
    ax.set_yticks(range(len(actors)), [f"{a} ({totals[a]})" for a in actors])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of the actor's mentions under each name (mentions in brackets)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    used = [f for f in FORM_COLOURS if f in set(names.loc[names["actor"].isin(actors)
                                                          & (names["n"] > 0), "form"])]
    handles = [ax.barh(0, 0, color=FORM_COLOURS[f], label=f, hatch=FORM_HATCHES[f],
                       edgecolor="white", hatchcolor="#ffffff99") for f in used]
    ax.legend(handles=handles, ncols=len(used), loc="upper center", bbox_to_anchor=(0.5, -0.12),
              fontsize=6.5, handlelength=1.2, columnspacing=1.0)
    return fig


def comention_network(pairs: pd.DataFrame, mentions: pd.Series, min_sentences: int = 2
                      ) -> Figure:
    """Actors on a circle (area ~ mentions), chords for sentences naming both (width ~ sentences).

    Parameters
    ----------
    pairs : DataFrame
        :func:`analysis.actors.comention` (actor_a, actor_b, sentences).
    mentions : Series
        Mentions per actor to draw, in the order they are placed clockwise from the top.
    min_sentences : int, default 2
        Only pairs with at least this many shared sentences are drawn; the
        numbers are in the co-mention table.

    Returns
    -------
    Figure
        Double column, with a legend of chord widths.
    """
    if mentions.empty:
        return nothing_to_show("no actor is mentioned often enough to draw.", "double")
    kept = pairs[(pairs["sentences"] >= min_sentences) & pairs["actor_a"].isin(mentions.index)
                 & pairs["actor_b"].isin(mentions.index)]
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(mentions)) / len(mentions)
    position = {a: (np.cos(t), np.sin(t)) for a, t in zip(mentions.index, angles, strict=True)}
    graph = nx.Graph()
    graph.add_nodes_from(mentions.index)
    graph.add_weighted_edges_from((p.actor_a, p.actor_b, int(p.sentences))
                                  for p in kept.itertuples())
    fig, ax = new_figure("double", height=4.4)
    widest = float(kept["sentences"].max()) if len(kept) else 0.0
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1])):
        (x0, y0), (x1, y1) = position[a], position[b]
        share = data["weight"] / widest
        ax.plot([x0, x1], [y0, y1], color=PALETTE[0], zorder=1, linewidth=0.3 + 4.0 * share,
                alpha=0.25 + 0.6 * share, solid_capstyle="round")
    # legend entries only for weights that occur in the drawn range (share <= 1)
    for weight in sorted({min_sentences, int(round(widest / 2)), int(widest)}):
        if 0 < weight <= widest and weight >= min_sentences:
            share = weight / widest
            ax.plot([], [], color=PALETTE[0], linewidth=0.3 + 4.0 * share,
                    alpha=0.25 + 0.6 * share, label=f"{weight} sentences")
    if len(kept):
        ax.legend(loc="lower left", title="Named in the same sentence", title_fontsize=6.5,
                  fontsize=6.5, frameon=False)
    else:
        ax.text(-1.7, -1.2, f"No two actors share {min_sentences} sentences.", fontsize=6.5,
                color="0.3")
    xy = np.array([position[a] for a in mentions.index])
    area = 20 + 250 * mentions.to_numpy() / max(int(mentions.max()), 1)
    ax.scatter(xy[:, 0], xy[:, 1], s=area, color=PALETTE[1], zorder=2, edgecolor="white",
               linewidth=0.6)
    for actor, (x, y) in zip(mentions.index, xy, strict=True):
        ha = "left" if x > 0.05 else "right" if x < -0.05 else "center"
        va = "bottom" if y > 0.5 else "top" if y < -0.5 else "center"
        ax.text(1.1 * x, 1.1 * y, f"{actor} ({mentions[actor]})", ha=ha, va=va, fontsize=6.5)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig


def focus_figure(whole: pd.DataFrame) -> Figure:
    """Whole-paper rate of every sector and frame, the sectors of the stated focus marked.

    Parameters
    ----------
    whole : DataFrame
        :func:`analysis.discourse.whole_paper` (dimension, category, n, rate,
        stated_focus).

    Returns
    -------
    Figure
        Single column; bars of hits per 1,000 words sorted by rate (descending),
        ties by category, each labelled with its count; sectors of the stated
        focus, other sectors and frames in three colours.
    """
    if whole.empty:
        return nothing_to_show("no sector or frame was coded (no discourse lexicon applied).",
                               "single")
    rows = whole.sort_values(["rate", "category"], ascending=[False, True], kind="stable")
    colours = [PALETTE[1] if r.stated_focus else PALETTE[0] if r.dimension == "sector"
               else "#9a9a9a" for r in rows.itertuples()]
    fig, ax = new_figure("single", height=0.17 * len(rows) + 1.0)
    y = np.arange(len(rows))
    ax.barh(y, rows["rate"], color=colours, height=0.7)
    ax.set_yticks(y, [f"{c} ({d})" for c, d in
                      zip(rows["category"], rows["dimension"], strict=True)])
    ax.invert_yaxis()
    limit = float(rows["rate"].max()) or 1.0  # 1.0: no hit at all
    for i, r in enumerate(rows.itertuples()):
        ax.text(r.rate + limit * 0.01, i, f"{r.n}", va="center", fontsize=6)
    ax.set_xlim(0, limit * 1.12)
    ax.set_xlabel("Hits per 1,000 words")
    ax.tick_params(axis="y", length=0)
    handles = [ax.barh(0, 0, color=c, label=lab) for c, lab in
               ((PALETTE[1], "research-goal sector"), (PALETTE[0], "other sector"),
                ("#9a9a9a", "frame"))]
    ax.legend(handles=handles, loc="lower right", fontsize=6)
    return fig
