"""Notebook dependency rules for make."""

from __future__ import annotations

import json

from analysis import makedeps


def test_imports_are_found_and_followed(tmp_path):
    nb = tmp_path / "07_demo.ipynb"
    cells = [{"cell_type": "code",
              "source": ["%matplotlib inline\n", "from analysis import paper\n"]},
             {"cell_type": "markdown", "source": "from analysis import figures"},
             {"cell_type": "code", "source": "import analysis.outputs as o\nimport pandas"}]
    nb.write_text(json.dumps({"cells": cells}))
    assert makedeps.imported_modules(makedeps.notebook_source(nb)) == {"paper", "outputs"}
    rule = makedeps.rules([nb])
    assert rule.startswith("build/07_demo.run: analysis/__init__.py ")
    deps = rule.split(":", 1)[1].split()
    # paper imports paths and outputs; figures is only in a markdown cell
    assert {"analysis/paper.py", "analysis/paths.py", "analysis/outputs.py"} <= set(deps)
    assert "analysis/figures.py" not in deps


def test_relative_imports():
    assert makedeps.imported_modules("from .paper import Paper\nfrom . import paths") == {
        "paper", "paths"}


def test_lexicons_named_by_a_module_are_dependencies():
    assert makedeps.lexicon_files("tokens") == ["data/lexicons/expressions.csv"]
    assert "data/lexicons/expressions.csv" not in makedeps.module_files({"paper"})
    assert "data/lexicons/expressions.csv" in makedeps.module_files({"tokens"})
