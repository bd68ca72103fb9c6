"""The methods appendix: complete, up to date, numbered alike in both versions, and compilable.

The LaTeX tests compile the generated files as an author would: in ``figures/``,
from the repository root, on US letter, and pasted into another document with
BibTeX; each fails on an undefined reference or citation, an overfull box, a
LaTeX error or a BibTeX warning (parsed from the logs). They skip only outside
CI when pdflatex is not installed (``.ci/run`` installs Debian's TeX set).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis import settings
from analysis.build import appendix, document, latex, paths, registry
from analysis.build.quoted import quoted_facts

FIGURES = paths.FIGURES
NEEDS_LATEX = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex is not installed (.ci/run installs texlive-latex-base and "
           "texlive-latex-recommended; in CI these tests never skip)")


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return appendix.appendix_files()


@pytest.fixture(scope="module")
def blocks():
    return appendix.appendix_blocks()


def test_appendix_is_up_to_date(files):
    for name, text in files.items():
        assert (FIGURES / name).read_text(encoding="utf-8") == text, (
            f"figures/{name} is stale: run make appendix")


def test_every_figure_file_is_in_the_appendix_with_its_rendered_caption(files):
    text = files["appendix.md"]
    names = quoted_facts()
    stems = {p.stem for p in FIGURES.glob("*.p[dn][fg]")}
    assert stems, "no figures found"
    for stem in sorted(stems):
        entry = registry.get(stem, "figure")  # a figure on disk must be registered
        assert f"({stem}.png)" in text
        assert appendix.caption(entry, names) in text
        assert f"{{\\appendixfigurepath {stem}.pdf}}" in files["appendix-body.tex"]


def test_every_registry_entry_has_its_files():
    for entry in registry.figures():
        for suffix in ("pdf", "png"):
            assert (FIGURES / f"{entry.name}.{suffix}").exists(), entry.name
    for entry in registry.tables():
        assert (paths.PROCESSED / f"{entry.name}.csv").exists(), entry.name


def test_every_processed_table_is_registered():
    registered = {entry.name for entry in registry.tables()}
    on_disk = {p.stem for p in paths.PROCESSED.glob("*.csv")}
    assert on_disk == registered


def test_tables_and_figures_have_the_same_numbers_in_markdown_and_latex(files, blocks):
    numbers = document.numbers(blocks)
    assert numbers["tab:vocabulary"] == 1 and numbers["tab:settings"] == 2
    body = files["appendix-body.tex"]
    labels = re.findall(r"\\label\{((?:tab|fig):[^}]+)\}", body)
    assert labels == list(numbers)  # LaTeX numbers them in this order, as the Markdown does
    md = files["appendix.md"]
    for label, number in numbers.items():
        word = "Table" if label.startswith("tab:") else "Figure"
        assert f"**{word} {number}.**" in md, label


def test_tables_show_words_sections_and_rounded_numbers(blocks):
    tables = {b.name: b for b in blocks if isinstance(b, document.Table)}
    for name, table in tables.items():
        for column in table.cells.columns:
            assert "_" not in column, f"{name}: column {column!r} is a code name"
        text = " ".join(table.cells.astype(str).to_numpy().ravel())
        assert not re.search(r"\.0*[1-9]\d{3,}", text), f"{name}: unrounded number"
        assert not re.search(r"\de-\d", text), f"{name}: scientific notation"
    sections = tables["sections"].cells
    assert "Section" in sections.columns and not sections["Section"].str.match(r"S\d\d").any()


def test_settings_table_is_the_declarations_grouped_by_stage(blocks):
    table = next(b for b in blocks if isinstance(b, document.Table) and b.name == "settings")
    declared = settings.declared()
    assert len(table.cells) == len(declared)
    stages = list(dict.fromkeys(s.stage for s in declared))
    grouped = sorted(declared, key=lambda s: stages.index(s.stage))  # stable: declared order
    assert list(table.cells["Setting"]) == [s.label for s in grouped]
    assert len({s.label for s in declared}) == len(declared)  # no two settings share a label
    assert [g for _, g in table.groups] == [s[:1].upper() + s[1:] for s in stages]
    assert table.cells["What it does"].str.len().gt(10).all()
    frame = appendix.settings_table()
    assert not frame["setting"].duplicated().any()


def test_methods_text_reports_the_settings_and_results_in_force(files):
    from analysis import tokens

    text = files["appendix.md"]
    assert tokens.STOPWORDS_NAME in text and tokens.LEMMATISER_NAME in text
    selection = pd.read_csv(paths.PROCESSED / "topic_selection.csv")
    chosen = selection[selection["chosen"]].iloc[0]
    assert f"It chose {chosen['model'].upper()} with k = {int(chosen['k'])}" in text
    sweep = pd.read_csv(paths.PROCESSED / "topic_sweep.csv")
    assert f"{len(sweep)} fits in all" in text
    versions = appendix.package_versions().set_index("package")["version"]
    assert versions["pandas"].count(".") == 2


def test_reference_list_is_every_cited_work_and_nothing_else(files, blocks):
    from analysis.build import bibliography

    keys = document.cited(blocks)
    works = bibliography.load()
    md = files["appendix.md"].split("## References", 1)[1]
    assert md.count("\n- ") == len(keys)
    tex = files["appendix.tex"]
    assert sorted(re.findall(r"\\bibitem\[.*?\]\{([^}]+)\}", tex)) == sorted(keys)
    bib = files["appendix.bib"]
    assert sorted(re.findall(r"@\w+\{([^,]+),", bib)) == sorted(keys)
    text = files["appendix.md"].split("## References", 1)[0]
    for key in keys:  # each cited in the text, in parentheses or by name
        work = works[key]
        short = bibliography.short_authors(work)
        assert f"{short} {work.year}" in text or f"{short} ({work.year})" in text, key


def test_latex_body_is_plain_ascii(files):
    for name in ("appendix-body.tex", "appendix.tex"):
        text = files[name]
        assert text.isascii(), name
        assert latex.unknown_characters(text) == [], name


def test_latex_escape():
    assert latex.latex_escape("50% of A&B_c {x} #1 $ |a| >= b < c") == (
        r"50\% of A\&B\_c \{x\} \#1 \$ \textbar{}a\textbar{} \textgreater{}= b \textless{} c")
    assert latex.latex_escape("Röder, Wæver, Rodríguez: G² ≥ 3.84 – done…") == (
        r'R{\"o}der, W{\ae}ver, Rodr{\'\i}guez: G\textsuperscript{2} $\geq$ 3.84 -- done'
        r"\ldots{}")
    assert latex.latex_escape("Çelik, Łódź") == r"{\c{C}}elik, {\L}{\'o}d{\'z}"
    assert latex.unknown_characters(latex.latex_escape("سلیمانی")) != []


def test_inline_markup():
    assert latex.inline("a *b* `c_d` 10^9 x_y") == (
        r"a \emph{b} \texttt{c\_\allowbreak{}d} $10^{9}$ x\_\allowbreak{}y")


def test_column_widths_fit_the_line_and_keep_words_whole():
    cells = pd.DataFrame({"Term": ["a" * 12, "b"], "Count": ["1,234", "5"],
                          "Evidence": ["word " * 60, "short"]})
    term, count, evidence = latex.column_widths(cells, [False, True, False])
    assert count.em == pytest.approx(max(5 * latex.DIGIT_EM, 5 * latex.HEADER_EM) + 0.3)
    assert not count.share and term.em >= 12 * latex.TEXT_EM  # numbers and words: fixed
    assert 0 < evidence.share <= 1  # the long text shares what is left of the line
    narrow = latex.column_widths(pd.DataFrame({"A": ["x y"], "B": ["y"]}), [False, False])
    assert sum(c.share for c in narrow) < 0.2  # a small table stays small
    spec = latex.column_spec(cells, [False, True, False])
    assert r"p{\dimexpr(\linewidth-4\tabcolsep-" in spec and spec.count("raggedleft") == 1


# ---------------------------------------------------------------------------
# Compiling


def _latex(args: list[str], cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", *args],
                            cwd=cwd, capture_output=True, text=True, timeout=300,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout


def log_problems(log: str) -> list[str]:
    """LaTeX's complaints an author would have to fix: undefined references and citations,
    overfull boxes (a table or line wider than the page), errors, labels still moving."""
    patterns = [r"Overfull \\[hv]box.*", r"LaTeX Warning: Reference .* undefined.*",
                r"LaTeX Warning: There were undefined references.*",
                r".*Warning: Citation .* undefined.*",
                r"LaTeX Warning: Label\(s\) may have changed.*",
                r"LaTeX Warning: Float too large.*", r"^! .*",
                r"LaTeX Warning: There were multiply-defined labels.*"]
    return [m.group(0) for p in patterns for m in re.finditer(p, log, flags=re.M)]


def test_log_problems_are_found():
    log = ("Overfull \\hbox (3.0pt too wide) in alignment at lines 5--9\n"
           "LaTeX Warning: Reference `tab:x' on page 2 undefined on input line 7.\n"
           "Package natbib Warning: Citation `dunning1993' on page 1 undefined on input line 3.\n"
           "Underfull \\hbox (badness 10000) in paragraph\n")
    assert len(log_problems(log)) == 3


@NEEDS_LATEX
def test_appendix_compiles_where_it_is_generated_on_a4_without_problems(tmp_path):
    for _ in range(3):  # references, then longtable's column widths, settle
        _latex([f"-output-directory={tmp_path}", "appendix.tex"], cwd=FIGURES)
    log = (tmp_path / "appendix.log").read_text(encoding="latin-1")
    assert log_problems(log) == []
    assert "Appendix paper: 597.50787pt by 845.04684pt" in log  # A4
    pdf = (tmp_path / "appendix.pdf").read_bytes()
    assert len(pdf) > 100_000
    # LaTeX numbered the tables and figures as the Markdown does
    aux = (tmp_path / "appendix.aux").read_text(encoding="latin-1")
    in_latex = {label: int(n) for label, n in
                re.findall(r"\\newlabel\{((?:tab|fig):[^}]+)\}\{\{(\d+)\}", aux)}
    assert in_latex == document.numbers(appendix.appendix_blocks())


@NEEDS_LATEX
def test_appendix_compiles_from_the_repository_root_and_on_letter(tmp_path):
    _latex([f"-output-directory={tmp_path}", "figures/appendix.tex"], cwd=paths.ROOT)
    letter = tmp_path / "letter"
    letter.mkdir()
    _latex([f"-output-directory={letter}", r"\def\appendixpaper{letterpaper}\input{appendix}"],
           cwd=FIGURES)
    log = (letter / "appendix.log").read_text(encoding="latin-1")
    assert "Appendix paper: 614.295pt by 794.96999pt" in log  # US letter


@NEEDS_LATEX
@pytest.mark.skipif(shutil.which("bibtex") is None and not os.environ.get("CI"),
                    reason="bibtex is not installed")
def test_body_pasted_into_another_paper_compiles_with_its_bibtex(tmp_path):
    """An author's paper: its own preamble, the body \\input from figures/, appendix.bib
    through BibTeX and natbib's plainnat (texlive-latex-base; url for its DOIs)."""
    shutil.copy(FIGURES / "appendix.bib", tmp_path / "appendix.bib")
    (tmp_path / "paper.tex").write_text("\n".join([
        r"\documentclass[11pt]{article}",
        r"\usepackage[letterpaper,margin=1in]{geometry}",
        r"\usepackage{graphicx,booktabs,longtable,array,url}",
        r"\usepackage[round]{natbib}",
        r"\begin{document}",
        r"\section{Results}See the appendix.",
        r"\appendix",
        r"\input{" + str(FIGURES / "appendix-body") + "}",
        r"\bibliographystyle{plainnat}",
        r"\bibliography{appendix}",
        r"\end{document}", ""]), encoding="utf-8")
    _latex(["paper.tex"], cwd=tmp_path)
    bibtex = subprocess.run(["bibtex", "paper"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    blg = (tmp_path / "paper.blg").read_text(encoding="latin-1")
    assert bibtex.returncode == 0 and "Warning--" not in blg and "error" not in blg.lower(), blg
    for _ in range(3):
        _latex(["paper.tex"], cwd=tmp_path)
    log = (tmp_path / "paper.log").read_text(encoding="latin-1")
    # at 11 pt on letter with 1 in margins (a narrower line than the appendix's own)
    assert log_problems(log) == []
