"""Atomic, write-if-changed outputs; registered tables only; the registry's refusals."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.build import outputs, registry


def test_write_if_changed_keeps_mtime(tmp_path):
    target = tmp_path / "t.csv"
    table = pd.DataFrame({"term": ["b", "a"], "rate": [1 / 3, 2.0]})
    assert outputs.write_table(table, target) == target
    assert target.read_text() == "term,rate\nb,0.333333\na,2\n"
    before = target.stat().st_mtime_ns
    outputs.write_table(table, target)
    assert target.stat().st_mtime_ns == before
    assert outputs.write_text(target, "changed\n") is True
    assert target.read_text() == "changed\n"


def test_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old\n")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(outputs.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        outputs.write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_save_table_refuses_an_unregistered_name_and_writes_nothing(tmp_path):
    with pytest.raises(KeyError, match="table 'no_such_table' is not registered"):
        outputs.save_table(pd.DataFrame({"a": [1]}), "no_such_table", out_dir=tmp_path)
    assert not list(tmp_path.iterdir())
    # a figure's name is not a table's
    with pytest.raises(KeyError, match="table 'top_terms' is not registered"):
        outputs.save_table(pd.DataFrame({"a": [1]}), "top_terms", out_dir=tmp_path)


def test_save_table_writes_the_registered_file_once(tmp_path):
    table = pd.DataFrame({"term": ["b", "a"], "rate": [1 / 3, 2.0]})
    path = outputs.save_table(table, "paper_terms", out_dir=tmp_path)
    assert path == tmp_path / "paper_terms.csv"
    before = path.stat().st_mtime_ns
    outputs.save_table(table, "paper_terms", out_dir=tmp_path)
    assert path.stat().st_mtime_ns == before
    assert outputs.read_table("paper_terms", out_dir=tmp_path)["term"].tolist() == ["b", "a"]
    with pytest.raises(FileNotFoundError, match="run notebook 02_term_frequency first"):
        outputs.read_table("term_counts", out_dir=tmp_path)


def test_registry_refuses_bad_caption_files(tmp_path):
    (tmp_path / "01_x.toml").write_text('[[figure]]\nname = "a"\ncaption = "c"\nwidth = "wide"\n')
    with pytest.raises(registry.RegistryError, match="width 'wide'"):
        registry.load_captions(tmp_path)
    (tmp_path / "01_x.toml").write_text('[[table]]\nname = "a"\ncaption = "c"\n'
                                        '[[table]]\nname = "a"\ncaption = "d"\n')
    with pytest.raises(registry.RegistryError, match="table 'a' is registered twice"):
        registry.load_captions(tmp_path)
    (tmp_path / "01_x.toml").write_text('[[table]]\nname = "a"\ncaption = "c"\nrow = 3\n')
    with pytest.raises(registry.RegistryError, match="no other fields"):
        registry.load_captions(tmp_path)
    # a figure and a table may share a name (a figure and the table it draws from)
    (tmp_path / "01_x.toml").write_text('[[table]]\nname = "a"\ncaption = "c"\n'
                                        '[[figure]]\nname = "a"\ncaption = "d"\n')
    loaded = registry.load_captions(tmp_path)
    assert {(k, o.notebook) for k, o in loaded.items()} == {(("table", "a"), "01_x"),
                                                             (("figure", "a"), "01_x")}
