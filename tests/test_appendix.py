"""The methods appendix: complete in both directions, up to date, and compilable."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from analysis import settings
from analysis.build import appendix, paths, registry

APPENDIX_MD = paths.FIGURES / "appendix.md"


def test_every_figure_file_is_in_the_appendix_with_a_caption():
    text = APPENDIX_MD.read_text(encoding="utf-8")
    stems = {p.stem for p in paths.FIGURES.glob("*.p[dn][fg]")}
    assert stems, "no figures found"
    for stem in sorted(stems):
        entry = registry.get(stem, "figure")  # a figure on disk must be registered
        assert f"({stem}.png)" in text
        assert entry.caption in text


def test_every_registry_entry_has_its_files():
    for entry in registry.figures():
        for suffix in ("pdf", "png"):
            assert (paths.FIGURES / f"{entry.name}.{suffix}").exists(), entry.name
    for entry in registry.tables():
        assert (paths.PROCESSED / f"{entry.name}.csv").exists(), entry.name


def test_every_processed_table_is_registered():
    registered = {entry.name for entry in registry.tables()}
    on_disk = {p.stem for p in paths.PROCESSED.glob("*.csv")}
    assert on_disk == registered


def test_appendix_is_up_to_date():
    assert APPENDIX_MD.read_text(encoding="utf-8") == appendix.appendix_markdown()
    tex = (paths.FIGURES / "appendix.tex").read_text(encoding="utf-8")
    assert tex == appendix.appendix_latex()


def test_methods_text_reports_the_settings_in_force():
    from analysis import tokens

    text = " ".join(appendix.methods_paragraphs())
    assert tokens.STOPWORDS_NAME in text and tokens.LEMMATISER_NAME in text
    table = appendix.settings_table()
    # built from the explicit declarations: one row each, none scanned from upper-case names
    assert len(table) == len(settings.declared()) and not table["setting"].duplicated().any()
    assert table["description"].str.len().gt(10).all()
    versions = appendix.package_versions().set_index("package")["version"]
    assert versions["pandas"].count(".") == 2


def test_latex_escape():
    assert appendix.latex_escape("50% of A&B_c {x} #1 $ |a| >= b < c") == (
        r"50\% of A\&B\_c \{x\} \#1 \$ \textbar{}a\textbar{} \textgreater{}= b \textless{} c")


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="pdflatex is not installed (.ci/run installs Debian's "
                           "texlive-latex-base when it runs as root)")
def test_latex_appendix_compiles(tmp_path):
    tex = paths.FIGURES / "appendix.tex"
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", str(tex)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"TEXINPUTS": f"{paths.FIGURES}:", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "appendix.pdf").stat().st_size > 10_000
