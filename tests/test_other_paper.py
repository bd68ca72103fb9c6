"""The study runs on another paper, all or nothing, into a safe OUT; bad papers are refused."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from synthetic import synthetic_paper

from analysis import paper
from analysis.build import paths, registry, run_notebook
from analysis.build.run_notebook import RECORD, RunError, check_out, resolve_from

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _study_outputs() -> dict[str, int]:
    files = [*paths.PROCESSED.glob("*.csv"), *paths.FIGURES.iterdir()]
    return {str(f): f.stat().st_mtime_ns for f in files}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("STUDY_") and k not in ("PAPER", "OUT", "REPLACE", "MAKEFLAGS",
                                                        "MAKELEVEL", "MFLAGS")}
    env.update(extra)
    return env


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def synthetic(tmp_path) -> Path:
    source = tmp_path / "papers" / "synthetic.md"
    source.parent.mkdir()
    source.write_bytes(synthetic_paper())
    return source


# -- Papers -------------------------------------------------------------------------


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


@pytest.mark.parametrize(("content", "problem"), [
    (None, "file not found"), (b"", "file is empty"), (b"\x00\x01\x02binary", "looks binary"),
    (b"# Title\n\n## Empty\n\n## Also empty\n", "has headings but no body text")])
def test_bad_paper_is_refused_and_leaves_nothing(tmp_path, capsys, content, problem):
    source = tmp_path / "bad.md"
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "new" / "out"
    code = run_notebook.main(["--paper", str(source), "--out", str(out), str(NOTEBOOKS[0])])
    assert code == 2
    assert f"bad.md: {problem}" in capsys.readouterr().err
    assert not out.exists() and not out.parent.exists()


def test_paper_and_out_go_together(capsys, synthetic, tmp_path):
    assert run_notebook.main(["--paper", str(synthetic), str(NOTEBOOKS[0])]) == 2
    assert run_notebook.main(["--out", str(tmp_path / "o"), str(NOTEBOOKS[0])]) == 2
    assert run_notebook.main(["--paper", "", "--out", str(tmp_path / "o"),
                              str(NOTEBOOKS[0])]) == 2
    assert capsys.readouterr().err.count("give both a paper and an OUT folder") == 3


# -- OUT ------------------------------------------------------------------------------


@pytest.mark.parametrize(("out", "problem"), [
    ("/", "is a system folder"), ("/usr", "is a system folder"),
    ("/usr/local/share/x", "is a system folder"), ("/etc/study", "is a system folder"),
    ("/tmp", "is a system folder"), ("~", "is a system folder"),
    (".", "is the repository or holds it"), ("..", "is the repository or holds it"),
    ("data/processed", "inside the repository a run goes in a folder of its own under runs/"),
    ("figures", "not figures/"), ("notebooks/x", "not notebooks/x/"),
    ("runs", "inside the repository a run goes"),
])
def test_out_that_could_lose_data_is_refused(out, problem):
    resolved = resolve_from(out, paths.ROOT)
    if problem in ("is a system folder", "is the repository or holds it") \
            and paths.ROOT.is_relative_to(resolved):
        # a clone under /tmp or ~: that folder is both, and either reason refuses it
        problem = "is a system folder|is the repository or holds it"
    with pytest.raises(RunError, match=problem):
        check_out(resolved)


def test_out_rules_for_folders_outside_the_repository(tmp_path):
    assert check_out(tmp_path / "new") is None  # a new folder
    (tmp_path / "empty").mkdir()
    assert check_out(tmp_path / "empty") is None  # an empty one
    assert check_out(paths.ROOT / "runs" / "x") is None  # runs/ inside the repository
    (tmp_path / "file").write_text("x")
    with pytest.raises(RunError, match="is a file"):
        check_out(tmp_path / "file")
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.docx").write_text("mine")
    with pytest.raises(RunError, match="not an earlier run of the study"):
        check_out(other)
    run = tmp_path / "run"
    (run / "processed").mkdir(parents=True)
    (run / "processed" / "a.csv").write_text("x")
    (run / RECORD).write_text(json.dumps({"paper": "/p/old.md", "files": ["processed/a.csv"]}))
    with pytest.raises(RunError, match=r"holds an earlier run \(of old.md\); add REPLACE=1"):
        check_out(run)
    assert check_out(run, replace=True)["files"] == ["processed/a.csv"]
    (run / "notes.txt").write_text("mine")
    with pytest.raises(RunError, match=r"files the earlier run did not write \(notes.txt\)"):
        check_out(run, replace=True)


def test_relative_paths_resolve_from_where_they_were_typed(tmp_path):
    assert resolve_from("p.md", tmp_path) == tmp_path / "p.md"
    (tmp_path / "a").mkdir()
    assert resolve_from("../p.md", tmp_path / "a") == tmp_path / "p.md"
    assert resolve_from(tmp_path / "abs.md", "/somewhere") == tmp_path / "abs.md"
    assert resolve_from("p.md", tmp_path / "not-a-dir") == Path.cwd().resolve() / "p.md"


# -- All or nothing ---------------------------------------------------------------------


def test_a_failed_run_leaves_out_as_it_was_and_names_the_cell(tmp_path, synthetic, capsys):
    writes = ("from analysis.build import paths\n"
              "paths.PROCESSED.mkdir(parents=True, exist_ok=True)\n"
              "_ = (paths.PROCESSED / 'a.csv').write_text('first run')")
    good = _notebook(tmp_path, "x_good", writes)
    out = tmp_path / "runs" / "one"
    assert run_notebook.main(["--paper", str(synthetic), "--out", str(out), str(good)]) == 0
    record = json.loads((out / RECORD).read_text())
    assert record["files"] == ["notebooks/x_good.ipynb", "processed/a.csv"]
    assert record["paper"] == str(synthetic) and record["config"] is None
    executed = nbformat.read(out / "notebooks" / "x_good.ipynb", as_version=4)
    assert executed.cells[1].id == "run-note" and "synthetic.md" in executed.cells[1].source
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    bad = _notebook(tmp_path, "x_bad", "print('fine')", "raise ValueError('boom')")
    code = run_notebook.main(["--paper", str(synthetic), "--out", str(out), "--replace",
                              str(good), str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "error: x_bad.ipynb: cell 3 (id cell-2) failed: ValueError: boom" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["one"]  # no temporary folder left

    again = _notebook(tmp_path, "x_again", writes.replace("a.csv", "b.csv"))
    code = run_notebook.main(["--paper", str(synthetic), "--out", str(out), str(again)])
    assert code == 2 and "holds an earlier run" in capsys.readouterr().err
    code = run_notebook.main(["--paper", str(synthetic), "--out", str(out), "--replace",
                              str(again)])
    assert code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "notebooks/x_again.ipynb", "processed/b.csv", RECORD]  # the old run's files are gone


# -- make ---------------------------------------------------------------------------------


def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # a shell sets PWD to the directory it runs make in; make -C does not change it
    return subprocess.run(["make", "-C", str(paths.ROOT), *args], cwd=cwd,
                          env=_env(PWD=str(cwd)), capture_output=True, text=True, timeout=120)


def test_make_resolves_paper_and_out_from_where_it_was_typed(tmp_path):
    result = _make(tmp_path, "PAPER=missing.md", "OUT=out")
    assert result.returncode != 0
    assert f"{tmp_path}/missing.md: file not found" in result.stderr
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "thesis.docx").write_text("mine")
    (tmp_path / "p.md").write_bytes(synthetic_paper())
    result = _make(tmp_path, "PAPER=p.md", "OUT=taken")
    assert f"OUT={tmp_path}/taken holds files that are not an earlier run" in result.stderr
    assert (tmp_path / "taken" / "thesis.docx").read_text() == "mine"


@pytest.mark.parametrize("args", [["PAPER="], ["PAPER=p.md"], ["OUT=runs/x"],
                                  ["PAPER=p.md", "OUT=runs/x", "test"]])
def test_make_refuses_half_a_run(tmp_path, args):
    before = _study_outputs()
    result = _make(tmp_path, *args)
    assert result.returncode != 0
    assert "PAPER" in result.stderr and "OUT" in result.stderr
    assert _study_outputs() == before  # the study's own paper was not run instead


@pytest.mark.slow
def test_whole_study_runs_on_another_paper_through_make(tmp_path, synthetic):
    before = _study_outputs()
    result = _make(synthetic.parent, "PAPER=synthetic.md", "OUT=../out")
    assert result.returncode == 0, result.stderr[-4000:]
    out = tmp_path / "out"
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == [nb.name for nb in NOTEBOOKS]
    sections = pd.read_csv(out / "processed" / "sections.csv")
    assert len(sections) == 9
    # numbered citations ("[3]", one per paragraph) are read and matched to the numbered list
    cited = pd.read_csv(out / "processed" / "citations.csv", dtype=str)
    assert len(cited) == 32 and set(cited["status"]) == {"matched"}
    for entry in registry.figures():
        if entry.notebook == "01_corpus":
            assert (out / "figures" / f"{entry.name}.png").exists()
    record = json.loads((out / RECORD).read_text())
    assert "processed/sections.csv" in record["files"]
    assert _study_outputs() == before  # the study's own tables and figures are untouched

