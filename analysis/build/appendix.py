"""The methods appendix, generated from the registry, the tables, the facts and the settings.

Usage: ``python -m analysis.build.appendix`` writes, in ``figures/``:

``appendix.md``
    the appendix in Markdown, figures as the PNGs beside it;
``appendix-body.tex``
    the same appendix as a LaTeX body (plain ASCII, no preamble, no
    bibliography) to ``\\input`` into a paper: it needs graphicx, booktabs,
    longtable, array and natbib, and finds its figures beside itself (or in
    ``\\appendixfigurepath`` if the paper defines it);
``appendix.tex``
    a complete A4 document that wraps the body and adds the reference list
    (``pdflatex "\\def\\appendixpaper{letterpaper}\\input{appendix}"`` for US
    letter); it compiles in ``figures/``, from the repository root, or from a
    folder beside ``figures/``;
``appendix.bib``
    the cited entries of the study's bibliography, for the paper's BibTeX.

Both renderings come from one list of blocks (:mod:`analysis.build.document`),
so tables and figures carry the same numbers in both. Every number in the
text is rendered from facts and settings (:mod:`analysis.build.appendix_text`),
every caption from its template (:func:`analysis.build.facts.render`), and every
table cell through the display layer (:mod:`analysis.build.display`): labels
in words, section names, rounded numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis import settings, vocabulary
from analysis.build import appendix_text, bibliography, display, facts, paths, registry
from analysis.build.document import Block, Figure, Heading, Paragraph, Table
from analysis.build.latex import latex_escape
from analysis.build.outputs import write_text
from analysis.build.quoted import quoted_facts

#: Packages whose pinned versions the appendix reports (from requirements.lock).
PACKAGES = ["numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "simplemma", "wordfreq",
            "networkx", "pypandoc-binary", "nbclient", "ipykernel"]
LOCK = paths.ROOT / "requirements.lock"
PYTHON_REQUIRES = ">=3.11"
#: The files written, in ``figures/``.
FILES = ("appendix.md", "appendix-body.tex", "appendix.tex", "appendix.bib")


def settings_table() -> pd.DataFrame:
    """Every declared setting (:func:`analysis.settings.declared`), in the order of the study.

    Returns
    -------
    DataFrame
        stage, setting (its label), value (as text), description (what it does).
    """
    rows = [{"stage": s.stage, "setting": s.label, "value": display.format_setting(s.value),
             "description": s.description} for s in settings.declared()]
    return pd.DataFrame(rows, columns=["stage", "setting", "value", "description"])


def vocabulary_table() -> pd.DataFrame:
    """The study's one vocabulary of counts (:data:`analysis.vocabulary.COUNTS`)."""
    rows = [{"count": name, "column": column, "meaning": meaning}
            for column, (name, meaning) in vocabulary.COUNTS.items()]
    return pd.DataFrame(rows, columns=["count", "column", "meaning"])


def package_versions(lock: Path = LOCK) -> pd.DataFrame:
    """Python's required version and the pinned versions of the main packages (the lock file)."""
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", lock.read_text(encoding="utf-8"),
                           flags=re.M))
    pins = {k.lower(): v for k, v in pins.items()}
    rows = [("Python", PYTHON_REQUIRES)] + [(p, pins[p]) for p in PACKAGES if p in pins]
    return pd.DataFrame(rows, columns=["package", "version"])


def read_table(name: str, processed: Path | None = None) -> tuple[pd.DataFrame, int]:
    """A registered table cut to the rows and columns the registry asks for, and its row count.

    Returns
    -------
    table : DataFrame
        Typed as read from the CSV: the registry's ``query`` rows, its
        ``columns``, its first ``rows``.
    total : int
        The rows before the cut to ``rows`` (after the query).
    """
    entry = registry.get(name, "table")
    processed = Path(processed if processed is not None else paths.PROCESSED)
    table = pd.read_csv(processed / f"{name}.csv", keep_default_na=False, na_values=[""])
    if entry.query:
        table = table[table.eval(entry.query).to_numpy()]
    if entry.columns:
        table = table[list(entry.columns)]
    total = len(table)
    return (table.head(entry.rows) if entry.rows else table), total


def appendix_tables() -> list[registry.Output]:
    """The registered tables the appendix prints (the main ones), in registry order."""
    return [entry for entry in registry.tables() if entry.appendix]


def _labels(processed: Path) -> tuple[pd.Series | None, pd.Series | None]:
    """Section labels and term labels by id, from the saved tables."""
    sections = terms = None
    if (processed / "sections.csv").exists():
        table = pd.read_csv(processed / "sections.csv", dtype=str, keep_default_na=False)
        sections = table.set_index("section_id")["label"]
    if (processed / "paper_terms.csv").exists():
        table = pd.read_csv(processed / "paper_terms.csv", dtype=str, keep_default_na=False)
        if {"term", "label"} <= set(table.columns):
            terms = table.drop_duplicates("term").set_index("term")["label"]
    return sections, terms


# ---------------------------------------------------------------------------
# The blocks


def _setting_blocks() -> Table:
    table = settings_table()
    groups, cells = [], []
    for stage, rows in table.groupby("stage", sort=False):
        groups.append((len(cells), stage[:1].upper() + stage[1:]))
        cells += rows[["setting", "value", "description"]].values.tolist()
    frame = pd.DataFrame(cells, columns=["Setting", "Value", "What it does"])
    return Table("settings", "Settings that shape the results, declared once in "
                 "`analysis.settings` with what each does, grouped by the stage where it "
                 "applies.", frame, [False, False, False], groups)


def _vocabulary_block() -> Table:
    table = vocabulary_table()
    frame = pd.DataFrame({"Count": table["count"], "Name in the tables": table["column"],
                          "What it counts": table["meaning"]})
    return Table("vocabulary", "The study's counts. Every rate is per {RATE_BASE:,} words "
                 "(`n_words`); each other count has its own name.", frame, [False] * 3)


def _software_block() -> Table:
    table = package_versions()
    frame = pd.DataFrame({"Package": table["package"], "Version": table["version"]})
    return Table("software", "Python and the main packages, at the versions pinned in the "
                 "lock file.", frame, [False, False])


def caption(entry: registry.Output, names: Mapping[str, object]) -> str:
    """A registered caption rendered from the facts and settings in force.

    A caption whose braces hold no name (``{+inserted+}``, written before the
    captions became templates) is taken as it is; its notebook's caption file
    should write such braces doubled.
    """
    if not all(name.isidentifier() for name in facts.placeholders(entry.caption)):
        return entry.caption
    return facts.render(entry.caption, names, where=entry.name)


def _data_block(entry: registry.Output, processed: Path, names: Mapping[str, object],
                sections, terms) -> Table:
    table, total = read_table(entry.name, processed)
    cells, numeric = display.table_cells(table, entry.name, sections=sections, terms=terms)
    note = ""
    if len(table) < total:
        note = (f"The first {len(table):,} of {total:,} rows; all are in "
                f"data/processed/{entry.name}.csv.")
    return Table(entry.name, caption(entry, names), cells, numeric, note=note)


def appendix_blocks(processed: Path | None = None,
                    quoted: Mapping[str, object] | None = None) -> list[Block]:
    """The appendix as blocks: methods, counts, settings, software, figures, tables.

    Parameters
    ----------
    processed : Path, optional
        The processed-data folder (default: the one in force).
    quoted : mapping, optional
        The facts the text quotes (default: :func:`analysis.build.quoted.quoted_facts`).
    """
    processed = Path(processed if processed is not None else paths.PROCESSED)
    names = dict(quoted if quoted is not None else quoted_facts(processed))
    sections, terms = _labels(processed)
    blocks: list[Block] = [
        Heading("Methods appendix", 1),
        Paragraph("Generated by `python -m analysis.build.appendix` from the study's tables, "
                  "facts and declared settings; the numbers of tables and figures are the same "
                  "in the Markdown and LaTeX versions."),
        Heading("Methods", 2)]
    for heading, paragraphs in appendix_text.methods_sections(names):
        blocks.append(Heading(heading, 3))
        blocks += [Paragraph(p) for p in paragraphs]
    blocks += [Heading("Counts, settings and software", 2),
               Paragraph("@tab:vocabulary names the study's counts, @tab:settings every "
                         "setting that shapes a result, with its value, and @tab:software the "
                         "software versions."),
               _vocabulary_block(), _setting_blocks(), Paragraph(appendix_text.software_text()),
               _software_block(), Heading("Figures", 2)]
    blocks += [Figure(e.name, caption(e, names), e.width) for e in registry.figures()]
    blocks += [Heading("Tables", 2),
               Paragraph("The main tables, cut to the rows and columns shown; every table is "
                         "in full in data/processed/ (CSV).")]
    blocks += [_data_block(e, processed, names, sections, terms) for e in appendix_tables()]
    return [_render_caption(b, names) for b in blocks]


def _render_caption(block: Block, names: Mapping[str, object]) -> Block:
    """Captions written here with setting placeholders are rendered like the registry's."""
    if isinstance(block, Table) and block.name in ("vocabulary", "settings", "software"):
        return Table(block.name, facts.render(block.caption, names, where=block.name),
                     block.cells, block.numeric, block.groups, block.note)
    return block


# ---------------------------------------------------------------------------
# The files

WRAPPER = r"""% appendix.tex: the methods appendix as a complete document. Generated by
% python -m analysis.build.appendix; edit the study, not this file.
% Compile in figures/ (pdflatex appendix, twice), from the repository root
% (pdflatex figures/appendix), or from a folder beside figures/. A4 by default;
% US letter: pdflatex "\def\appendixpaper{letterpaper}\input{appendix}".
% To paste the appendix into a paper, \input{appendix-body} there (it needs graphicx,
% booktabs, longtable, array and natbib) and add appendix.bib to its bibliography
% (natbib's plainnat style shows its DOIs with the url package).
\providecommand{\appendixpaper}{a4paper}
\documentclass[10pt,\appendixpaper]{article}
\usepackage[margin=2.2cm]{geometry}
\usepackage{graphicx}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{array}
\usepackage[round]{natbib}
\usepackage[font=small,labelfont=bf]{caption}
\usepackage{url}
\setlength{\emergencystretch}{2em}
\makeatletter
\def\input@path{{./}{figures/}{../figures/}}
\makeatother
\graphicspath{{./}{figures/}{../figures/}}
\typeout{Appendix paper: \the\paperwidth\space by \the\paperheight}
\begin{document}
\input{appendix-body}

<<references>>
\end{document}
"""

BODY_HEADER = r"""% appendix-body.tex: the methods appendix without preamble or bibliography,
% to \input into a paper (generated by python -m analysis.build.appendix; edit the study, not this
% file). Needs graphicx, booktabs, longtable, array and natbib; cites the keys of
% appendix.bib. Figures are read from \appendixfigurepath if the paper defines it,
% otherwise from the folder this file is in.
\makeatletter
\@ifundefined{appendixfigurepath}{\ifdefined\CurrentFilePath
  \edef\appendixfigurepath{\ifx\CurrentFilePath\@empty\else\CurrentFilePath/\fi}%
  \else\def\appendixfigurepath{}\fi}{}
\makeatother

"""


def appendix_files(processed: Path | None = None,
                   quoted: Mapping[str, object] | None = None) -> dict[str, str]:
    """The text of every appendix file, by file name (:data:`FILES`)."""
    from analysis.build import document

    blocks = appendix_blocks(processed, quoted)
    works = bibliography.load()
    keys = document.cited(blocks)
    return {
        "appendix.md": document.render_markdown(blocks, works),
        "appendix-body.tex": BODY_HEADER + document.render_latex_body(blocks, works),
        "appendix.tex": WRAPPER.replace("<<references>>", bibliography.latex_list(keys, works)),
        "appendix.bib": bibliography.bibtex_subset(keys),
    }


def appendix_markdown(processed: Path | None = None) -> str:
    """The appendix as Markdown."""
    return appendix_files(processed)["appendix.md"]


def appendix_latex(processed: Path | None = None) -> str:
    """The appendix's LaTeX body (what ``appendix.tex`` inputs)."""
    return appendix_files(processed)["appendix-body.tex"]


def write_appendix(out_dir: Path | None = None, processed: Path | None = None) -> list[Path]:
    """Write the appendix files (:data:`FILES`) to ``out_dir`` (default ``figures/``)."""
    out_dir = Path(out_dir if out_dir is not None else paths.FIGURES)
    written = []
    for name, text in appendix_files(processed).items():
        write_text(out_dir / name, text)
        written.append(out_dir / name)
    return written


__all__ = ["appendix_blocks", "appendix_files", "appendix_markdown", "appendix_latex",
           "latex_escape", "package_versions", "read_table", "settings_table",
           "vocabulary_table", "write_appendix"]

if __name__ == "__main__":
    for path in write_appendix():
        print(path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path)
