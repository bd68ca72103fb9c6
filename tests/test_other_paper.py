"""The study runs on another paper, leaving its own outputs alone; bad papers are refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from synthetic import synthetic_paper

from analysis import paper
from analysis.build import paths, registry, run_notebook

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _study_outputs() -> dict[str, int]:
    files = [*paths.PROCESSED.glob("*.csv"), *paths.FIGURES.iterdir()]
    return {str(f): f.stat().st_mtime_ns for f in files}


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("STUDY_")}


@pytest.mark.parametrize(("level", "wrap", "newline", "bom"), [
    (1, 60, "\r\n", True), (2, 1000, "\n", False), (3, 40, "\n", True)])
def test_synthetic_papers_parse(tmp_path, level, wrap, newline, bom):
    source = tmp_path / "p.md"
    source.write_bytes(synthetic_paper(heading_level=level, wrap=wrap, newline=newline,
                                       bom=bom))
    parsed = paper.load_paper(source)
    assert parsed.title == "Ports and Trade on a Synthetic Coast"
    assert len(parsed.sections) == 9 and len(parsed.paragraphs) == 33
    assert parsed.paragraphs["n_joins"].sum() == 0  # hard wraps are lines, not page breaks
    assert len(parsed.references) == 5 and list(parsed.references["year"]) == [
        "1991", "1992", "1993", "1994", "1995"]


@pytest.mark.slow
def test_whole_study_runs_on_another_paper(tmp_path):
    source = tmp_path / "synthetic.md"
    source.write_bytes(synthetic_paper())
    out = tmp_path / "out"
    before = _study_outputs()
    result = subprocess.run(
        [sys.executable, "-m", "analysis.build.run_notebook", "--paper", str(source), "--out",
         str(out), *map(str, NOTEBOOKS)],
        cwd=paths.ROOT, env=_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == [nb.name for nb in NOTEBOOKS]
    sections = pd.read_csv(out / "processed" / "sections.csv")
    assert len(sections) == 9
    # numbered citations ("[3]", one per paragraph) are read and matched to the numbered list
    cited = pd.read_csv(out / "processed" / "citations.csv", dtype=str)
    assert len(cited) == 32 and set(cited["status"]) == {"matched"}
    for entry in registry.figures():
        if entry.notebook == "01_corpus":
            assert (out / "figures" / f"{entry.name}.png").exists()
    assert _study_outputs() == before  # the study's own tables and figures are untouched


@pytest.mark.parametrize(("content", "problem"), [
    (None, "file not found"), (b"", "file is empty"), (b"\x00\x01\x02binary", "looks binary"),
    (b"# Title\n\n## Empty\n\n## Also empty\n", "has headings but no body text")])
def test_bad_paper_is_refused_and_leaves_nothing(tmp_path, capsys, content, problem):
    source = tmp_path / "bad.md"
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out"
    code = run_notebook.main(["--paper", str(source), "--out", str(out), str(NOTEBOOKS[0])])
    assert code == 2
    assert f"bad.md: {problem}" in capsys.readouterr().err
    assert not out.exists()
