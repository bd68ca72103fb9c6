"""The parsed paper described: summaries, empty sections, rejoined paragraphs, line roles.

Views of a :class:`analysis.paper.Paper` for notebook 1 and the tests; nothing
here parses. :func:`render_markdown` writes a parsed paper back as Markdown
(parsing it again gives the same tables), and :func:`line_roles` accounts for
every source line.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.cleanup import FRONT_BACK_KINDS, SET_ASIDE_KINDS
from analysis.paper import OPENING, Paper
from analysis.settings import SECTIONS_DRAWN


def line_roles(paper: Paper) -> pd.DataFrame:
    """Which output each source line went to, as a check that no text is lost.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    DataFrame
        line, role (``heading``, ``paragraph`` or ``boilerplate``), id
        (section_id, paragraph_id or boilerplate kind); by line. Reference entries are not
        listed: their first lines are ``paper.references["line"]``. Left out: rows set aside
        without a known line, URLs and inline code taken out of a paragraph (they sit on its
        lines), and the unnamed opening section, which has no heading line.
    """
    opening = paper.sections["heading"] == OPENING
    rows = [{"line": int(r.line), "role": "heading", "id": r.section_id}
            for r in paper.sections[~opening].itertuples() if not pd.isna(r.line)]
    for r in paper.paragraphs.itertuples():
        rows += [{"line": int(n), "role": "paragraph", "id": r.paragraph_id}
                 for n in r.lines.split()]
    rows += [{"line": int(r.line), "role": "boilerplate", "id": r.kind}
             for r in paper.boilerplate.itertuples()
             if not pd.isna(r.line) and r.kind not in ("url", "inline_code")]
    return pd.DataFrame(rows, columns=["line", "role", "id"]).sort_values(
        "line", kind="stable").reset_index(drop=True)


_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!$^~|@\"'-])")
_LINE_START = re.compile(r"^(\d+)([.)])")


def escape_markdown(text: str) -> str:
    """Text with every character Markdown might read as markup backslash-escaped.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        pandoc reads it back as exactly ``text``.
    """
    return _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", text))


def render_markdown(paper: Paper) -> str:
    """Render a parsed paper back to clean Markdown (title, sections, paragraphs, references).

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    str
        Markdown whose parsing gives the same sections, paragraph texts and
        references: the parser is idempotent. Text set aside is not written.
    """
    out: list[str] = []
    if paper.title:
        out += [f"# {escape_markdown(paper.title)}", ""]
    by_section = dict(tuple(paper.paragraphs.groupby("section_id", sort=False)))
    for section in paper.sections.itertuples():
        if section.heading != OPENING:
            out += ["#" * int(section.level) + " " + escape_markdown(section.heading), ""]
        if section.section_id in by_section:
            for text in by_section[section.section_id]["text"]:
                out += [escape_markdown(text), ""]
    if not paper.references.empty:
        top = int(paper.sections["level"].min()) if not paper.sections.empty else 2
        out += ["#" * top + " References", ""]
        out += [f"- {text}" for text in paper.references["text"]]
        out.append("")
    return "\n".join(out)


def empty_sections(sections: pd.DataFrame) -> pd.DataFrame:
    """Sections with no paragraphs, and whether each at least has subsections.

    A heading with neither usually stood above a figure or table that the
    conversion to Markdown dropped.

    Parameters
    ----------
    sections : DataFrame
        :attr:`Paper.sections`.

    Returns
    -------
    DataFrame
        section_id, level, heading, has_subsections; in reading order.
    """
    parents = set(sections["parent_id"])
    empty = sections[sections["n_paragraphs"] == 0]
    return empty[["section_id", "level", "heading"]].assign(
        has_subsections=empty["section_id"].isin(parents)).reset_index(drop=True)


def corpus_summary(paper: Paper) -> pd.DataFrame:
    """One row per measure of the parsed paper: sections, paragraphs, words, and so on.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    DataFrame
        measure (described in words), value (int).
    """
    sections, paragraphs = paper.sections, paper.paragraphs
    rows = [
        ("sections", len(sections)),
        ("sections with no paragraphs of their own", int((sections["n_paragraphs"] == 0).sum())),
        ("  of which with no subsections either", int((~empty_sections(sections)
                                                      ["has_subsections"]).sum())),
        ("paragraphs", len(paragraphs)),
        ("page-break splits rejoined", int(paragraphs["n_joins"].sum())),
        ("source words in body paragraphs (citations included)",
         int(paragraphs["n_source_words"].sum())),
        ("reference entries", len(paper.references)),
        ("boilerplate lines set aside", len(paper.boilerplate)),
        ("  of which front or back matter", int(paper.boilerplate["kind"].isin(
            FRONT_BACK_KINDS).sum())),
        ("paragraphs of text before the first heading",
         int(paper.paragraphs["section_id"].isin(
             sections.loc[sections["heading"] == OPENING, "section_id"]).sum())),
        ("run-in headings read back into their sentence", int(paper.paragraphs["run_in"].sum())),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def boilerplate_summary(paper: Paper) -> pd.DataFrame:
    """Boilerplate lines set aside, counted by kind, with the first example of each.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    DataFrame
        kind, meaning (:data:`analysis.cleanup.SET_ASIDE_KINDS`), lines, example; by lines
        (descending), then kind.
    """
    table = paper.boilerplate
    summary = table.groupby("kind", sort=False).agg(lines=("kind", "size"),
                                                    example=("text", "first")).reset_index()
    summary.insert(1, "meaning", summary["kind"].map(SET_ASIDE_KINDS).fillna(""))
    return summary.sort_values(["lines", "kind"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)


def run_in_paragraphs(paper: Paper, width: int = 60) -> pd.DataFrame:
    """Paragraphs whose opening words are their section's heading, read back as a run-in.

    Parameters
    ----------
    paper : Paper
    width : int, default 60
        Characters of the opening shown.

    Returns
    -------
    DataFrame
        paragraph_id, section_id, opening (the first ``width`` characters and "…").
    """
    found = paper.paragraphs[paper.paragraphs["run_in"]]
    return found[["paragraph_id", "section_id"]].assign(
        opening=found["text"].str.slice(0, width) + "…").reset_index(drop=True)


def rejoined_paragraphs(paper: Paper, width: int = 40) -> pd.DataFrame:
    """Paragraphs rebuilt from page-break splits, with their opening words.

    Parameters
    ----------
    paper : Paper
    width : int, default 40
        Characters of the opening shown.

    Returns
    -------
    DataFrame
        paragraph_id, section_id, lines, n_joins, n_source_words, opening (the
        first ``width`` characters and "…"); in reading order.
    """
    joined = paper.paragraphs[paper.paragraphs["n_joins"] > 0]
    return joined[["paragraph_id", "section_id", "lines", "n_joins", "n_source_words"]].assign(
        opening=joined["text"].str.slice(0, width) + "…").reset_index(drop=True)


# ---------------------------------------------------------------------------
# What the figure draws, and sentences from the tables

BAR_COLUMNS = ["bar", "label", "level", "n_words", "n_paragraphs", "n_sections", "kind"]


def section_bars(sections: pd.DataFrame, labels: pd.Series,
                 cap: int = SECTIONS_DRAWN) -> pd.DataFrame:
    """The bars of the words-per-section figure: every section, or at most ``cap`` rows.

    Up to ``cap`` sections, one bar each. Beyond, each top-level section is drawn with its
    subsections' words added (kind ``with subsections``); if that is still more than
    ``cap`` rows, the ``cap - 1`` largest are kept in reading order and the rest summed
    into one last bar (kind ``others``).

    Parameters
    ----------
    sections : DataFrame
        :attr:`analysis.study.Study.sections` (section_id, order, level, parent_id,
        n_paragraphs, n_words).
    labels : Series
        Short section labels by section_id.
    cap : int, default :data:`analysis.settings.SECTIONS_DRAWN`

    Returns
    -------
    DataFrame
        bar (1-based, reading order), label, level, n_words, n_paragraphs, n_sections (how
        many sections the bar holds), kind (``section``, ``with subsections``, ``others``).
    """
    table = sections.sort_values("order", kind="stable")
    rows = [{"label": labels.get(r.section_id, r.heading), "level": int(r.level),
             "n_words": int(r.n_words), "n_paragraphs": int(r.n_paragraphs), "n_sections": 1,
             "kind": "section"} for r in table.itertuples()]
    if len(rows) > cap:
        top: dict[str, str] = {}
        for r in table.itertuples():
            top[r.section_id] = top.get(r.parent_id, r.section_id) if r.parent_id else \
                r.section_id
        grouped = table.assign(top=table["section_id"].map(top)).groupby("top", sort=False)
        rows = []
        for section_id, group in grouped:
            head = group.iloc[0]
            rows.append({"label": labels.get(section_id, head.heading), "level": int(head.level),
                         "n_words": int(group["n_words"].sum()),
                         "n_paragraphs": int(group["n_paragraphs"].sum()),
                         "n_sections": len(group),
                         "kind": "with subsections" if len(group) > 1 else "section"})
    if len(rows) > cap:
        ranked = sorted(range(len(rows)), key=lambda i: (-rows[i]["n_words"], i))
        kept, rest = sorted(ranked[: cap - 1]), ranked[cap - 1:]
        others = {"label": f"{sum(rows[i]['n_sections'] for i in rest)} other sections",
                  "level": min(r["level"] for r in rows),
                  "n_words": sum(rows[i]["n_words"] for i in rest),
                  "n_paragraphs": sum(rows[i]["n_paragraphs"] for i in rest),
                  "n_sections": sum(rows[i]["n_sections"] for i in rest), "kind": "others"}
        rows = [rows[i] for i in kept] + [others]
    bars = pd.DataFrame(rows, columns=BAR_COLUMNS[1:])
    bars.insert(0, "bar", range(1, len(bars) + 1))
    return bars


def _count(n: int, one: str, many: str | None = None) -> str:
    """"1 split was", "3 splits were": a count with its noun and verb agreeing."""
    return f"{n:,} {one} was" if n == 1 else f"{n:,} {many or one + 's'} were"


def _quoted(items: list[str]) -> str:
    quoted = [f"“{item}”" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def parse_sentences(paper: Paper) -> str:
    """What the parse found and set aside, in sentences written from the tables.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    str
    """
    s, p, b = paper.sections, paper.paragraphs, paper.boilerplate
    opening = int(p["section_id"].isin(s.loc[s["heading"] == OPENING, "section_id"]).sum())
    out = [f"The paper reads as {len(s):,} sections, {len(p):,} body paragraphs "
           f"({int(p['n_source_words'].sum()):,} source words) and {len(paper.references):,} "
           "entries in its written reference list."]
    if opening:
        out.append(f"{opening:,} of the paragraphs stand before the first heading, in an "
                   "unnamed opening section.")
    joins, run_in = int(p["n_joins"].sum()), int(p["run_in"].sum())
    headings = _count(run_in, "heading split off its sentence",
                      "headings split off their sentence")
    out.append(f"{_count(joins, 'page-break split')} rejoined; {headings} read back into it."
               if joins or run_in else "No paragraph needed rejoining.")
    kinds = b["kind"].value_counts()
    if len(b):
        front = int(kinds[kinds.index.isin(FRONT_BACK_KINDS)].sum())
        out.append(f"{len(b):,} source lines or pieces were set aside, {front:,} of them front "
                   f"or back matter; the most common kind is {kinds.index[0]} "
                   f"({int(kinds.iloc[0]):,}).")
    if paper.bibliography is not None:
        out.append(f"A bibliography file lies beside the paper: {paper.bibliography.name}.")
    return " ".join(out)


def empty_sections_sentence(sections: pd.DataFrame, labels: pd.Series) -> str:
    """Which sections have no paragraphs of their own, and why that may be, in a sentence.

    Parameters
    ----------
    sections : DataFrame
        :attr:`Paper.sections`.
    labels : Series
        Short section labels by section_id.

    Returns
    -------
    str
    """
    empty = empty_sections(sections)
    if empty.empty:
        return "Every section has paragraphs of its own."
    over = [labels.get(i, i) for i in empty.loc[empty["has_subsections"], "section_id"]]
    alone = [labels.get(i, i) for i in empty.loc[~empty["has_subsections"], "section_id"]]
    out = []
    if over:
        out.append(f"{_quoted(over)} {'is a heading' if len(over) == 1 else 'are headings'} "
                   "over subsections, with no paragraphs of its own.")
    if alone:
        out.append(f"{_quoted(alone)} {'has' if len(alone) == 1 else 'have'} neither "
                   "paragraphs nor subsections: a heading whose content (a figure, a table, "
                   "code) was set aside or did not survive as text.")
    return " ".join(out)
