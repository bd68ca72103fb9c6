"""Make rules: notebooks, cached tables and the appendix on the files they use."""

from __future__ import annotations

import json

from analysis.build import makedeps, targets


def test_imports_are_found_and_followed_into_sub_packages(tmp_path):
    nb = tmp_path / "07_demo.ipynb"
    cells = [{"cell_type": "code",
              "source": ["%matplotlib inline\n", "from analysis import paper\n"]},
             {"cell_type": "markdown", "source": "from analysis import discourse"},
             {"cell_type": "code",
              "source": "import analysis.build.outputs as o\nfrom analysis.plots import heatmap"}]
    nb.write_text(json.dumps({"cells": cells}))
    assert makedeps.imported_modules(makedeps.notebook_source(nb)) == {
        "analysis.paper", "analysis.build.outputs", "analysis.plots.heatmap"}
    rule = makedeps.rules([nb]).splitlines()[0]
    assert rule.startswith("build/07_demo.run: analysis/__init__.py ")
    deps = rule.split(":", 1)[1].split()
    # imported modules, what they import, their packages' __init__ and their data files
    assert {"analysis/paper.py", "analysis/build/paths.py", "analysis/build/outputs.py",
            "analysis/build/__init__.py", "analysis/plots/__init__.py",
            "analysis/plots/style.py", "analysis/plots/study.mplstyle"} <= set(deps)
    # discourse is only in a markdown cell
    assert "analysis/discourse.py" not in deps


def test_relative_and_package_imports():
    found = makedeps.imported_modules("from .paper import Paper\nfrom . import tokens\n"
                                      "from analysis.topics import fitting", "analysis")
    assert found == {"analysis.paper", "analysis.tokens", "analysis.topics.fitting"}
    assert makedeps.imported_modules("from .outputs import save_table",
                                     "analysis.build") == {"analysis.build.outputs"}


def test_the_study_configuration_and_its_lexicons_are_dependencies():
    files = makedeps.module_files({"analysis.study"})
    assert "study.toml" in files and "data/lexicons/expressions.csv" in files
    assert "study.toml" not in makedeps.module_files({"analysis.stats"})


def test_cached_tables_get_their_rule_from_the_one_declaration(tmp_path):
    rules = makedeps.rules([])
    for table in targets.CACHED:
        target = f"data/processed/{table.name}.csv"
        assert f"\t{' '.join(table.command('$(BIN)/python'))}" in rules
        for notebook in table.notebooks:
            assert f"build/{notebook}.run: {target}" in rules.splitlines()
    assert "CACHED_TABLES := data/processed/topic_sweep.csv" in rules
    appendix = next(r for r in rules.splitlines() if r.startswith("APPENDIX_DEPS"))
    assert "analysis/build/captions/04_topic_models.toml" in appendix
