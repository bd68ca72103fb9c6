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
        without a known line, URLs taken out of a paragraph (they sit on its lines), and the
        unnamed opening section, which has no heading line.
    """
    opening = paper.sections["heading"] == OPENING
    rows = [{"line": int(r.line), "role": "heading", "id": r.section_id}
            for r in paper.sections[~opening].itertuples() if not pd.isna(r.line)]
    for r in paper.paragraphs.itertuples():
        rows += [{"line": int(n), "role": "paragraph", "id": r.paragraph_id}
                 for n in r.lines.split()]
    rows += [{"line": int(r.line), "role": "boilerplate", "id": r.kind}
             for r in paper.boilerplate.itertuples() if not pd.isna(r.line) and r.kind != "url"]
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
