"""Atomic, write-if-changed outputs."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import outputs


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
