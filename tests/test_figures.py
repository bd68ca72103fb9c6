"""The figure helper: deterministic bytes, no dates or versions, registry enforced."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from analysis.build import paths, registry
from analysis.build.outputs import SavedFigure, save_figure
from analysis.plots.style import new_figure


def _figure(width="double"):
    fig, ax = new_figure(width, height=2.0)
    ax.bar(["a", "b", "c"], [3, 1, 2])
    ax.set_title("A test figure")
    return fig


def test_saving_twice_gives_identical_bytes(tmp_path):
    save_figure(_figure(), "words_per_section", out_dir=tmp_path / "one")
    save_figure(_figure(), "words_per_section", out_dir=tmp_path / "two")
    for suffix in ("pdf", "png"):
        one = (tmp_path / "one" / f"words_per_section.{suffix}").read_bytes()
        two = (tmp_path / "two" / f"words_per_section.{suffix}").read_bytes()
        assert one == two and len(one) > 1000


def test_saved_files_carry_no_date_or_version(tmp_path):
    save_figure(_figure(), "words_per_section", out_dir=tmp_path)
    pdf = (tmp_path / "words_per_section.pdf").read_bytes()
    png = (tmp_path / "words_per_section.png").read_bytes()
    for blob in (pdf, png):
        assert matplotlib.__version__.encode() not in blob
        assert b"Matplotlib" not in blob and b"matplotlib.org" not in blob
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf and b"/Creator" not in pdf
    assert b"tEXtSoftware" not in png
    assert b"/FontFile2" in pdf  # TrueType (Type 42) fonts embedded
    # 7.2 x 2 in at 300 dpi
    assert png[16:24] == (2160).to_bytes(4, "big") + (600).to_bytes(4, "big")


def test_unchanged_figure_is_not_rewritten(tmp_path):
    save_figure(_figure(), "words_per_section", out_dir=tmp_path)
    target = tmp_path / "words_per_section.png"
    before = target.stat().st_mtime_ns
    save_figure(_figure(), "words_per_section", out_dir=tmp_path)
    assert target.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["words_per_section.pdf",
                                                          "words_per_section.png"]


def test_data_is_saved_beside_the_figure(tmp_path):
    data = pd.DataFrame({"label": ["a", "b"], "value": [1.5, 2.0]})
    save_figure(_figure(), "words_per_section", data=data, out_dir=tmp_path)
    assert (tmp_path / "words_per_section.csv").read_text() == "label,value\na,1.5\nb,2\n"


def test_unregistered_figure_is_refused(tmp_path):
    with pytest.raises(KeyError, match="not registered"):
        save_figure(_figure(), "no_such_figure", out_dir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_width_must_match_the_registry(tmp_path):
    with pytest.raises(ValueError, match="registry says double column"):
        save_figure(_figure("single"), "words_per_section", out_dir=tmp_path)


def test_saved_figure_shows_the_published_png(tmp_path):
    shown = save_figure(_figure(), "words_per_section", out_dir=tmp_path)
    assert isinstance(shown, SavedFigure)
    png, metadata = shown._repr_png_()
    assert png == (tmp_path / "words_per_section.png").read_bytes()
    assert metadata == {"width": int(7.2 * 110)}
    assert repr(shown) == "<figure 'words_per_section': words_per_section.pdf, " \
                          "words_per_section.png>"


def test_every_registered_figure_has_a_real_caption():
    for entry in registry.OUTPUTS.values():
        assert len(entry.caption.split()) >= 8, entry.name
        assert (paths.NOTEBOOKS / f"{entry.notebook}.ipynb").exists(), entry.name
