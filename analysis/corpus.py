"""The parsed paper described: summaries, empty sections, rejoined paragraphs, line roles.

Views of a :class:`analysis.paper.Paper` for notebook 1 and the tests; nothing
here parses. :func:`render_markdown` writes a parsed paper back as Markdown
(parsing it again gives the same tables), and :func:`line_roles` accounts for
every source line.
"""

from __future__ import annotations

import pandas as pd

from analysis.paper import Paper


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
        listed: their first lines are ``paper.references["line"]``.
    """
    rows = [{"line": int(r.line), "role": "heading", "id": r.section_id}
            for r in paper.sections.itertuples()]
    for r in paper.paragraphs.itertuples():
        rows += [{"line": int(n), "role": "paragraph", "id": r.paragraph_id}
                 for n in r.lines.split()]
    rows += [{"line": int(r.line), "role": "boilerplate", "id": r.kind}
             for r in paper.boilerplate.itertuples()]
    return pd.DataFrame(rows, columns=["line", "role", "id"]).sort_values(
        "line", kind="stable").reset_index(drop=True)


def render_markdown(paper: Paper) -> str:
    """Render a parsed paper back to clean Markdown (title, front matter, sections, references).

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    str
        Markdown whose parsing gives the same sections, paragraph texts and
        references: the parser is idempotent.
    """
    out: list[str] = []
    if paper.title:
        out += [f"# {paper.title}", ""]
    front = paper.boilerplate[~paper.boilerplate["kind"].isin(["title", "references_heading"])]
    for text in front["text"]:
        out += [text, ""]
    by_section = dict(tuple(paper.paragraphs.groupby("section_id", sort=False)))
    for section in paper.sections.itertuples():
        out += ["#" * int(section.level) + " " + section.heading, ""]
        if section.section_id in by_section:
            for text in by_section[section.section_id]["text"]:
                out += [text, ""]
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
        kind, lines, example; by lines (descending), then kind.
    """
    table = paper.boilerplate
    summary = table.groupby("kind", sort=False).agg(lines=("line", "size"),
                                                    example=("text", "first"))
    return summary.reset_index().sort_values(["lines", "kind"], ascending=[False, True],
                                             kind="stable").reset_index(drop=True)


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
