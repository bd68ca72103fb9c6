"""Every published figure file is print-ready: journal width, 300 dpi, fonts, no metadata."""

from __future__ import annotations

import re
import struct

import pytest

from analysis.build import paths, registry
from analysis.plots.style import WIDTHS

FIGURES = [entry.name for entry in registry.figures()]


def _png_header(data: bytes) -> tuple[int, int, float]:
    """Width and height in pixels and the horizontal resolution in dots per inch."""
    width, height = struct.unpack(">II", data[16:24])
    phys = data.find(b"pHYs")
    ppm = struct.unpack(">I", data[phys + 4: phys + 8])[0] if phys > 0 else 0
    return width, height, ppm * 0.0254


@pytest.mark.parametrize("name", FIGURES)
def test_png_is_300_dpi_at_a_journal_width(name):
    data = (paths.FIGURES / f"{name}.png").read_bytes()
    width, height, dpi = _png_header(data)
    assert round(dpi) == 300
    inches = WIDTHS[registry.get(name).width]
    assert width == pytest.approx(inches * 300, abs=1)
    assert 0.8 <= height / 300 <= 9.5  # fits a journal page
    assert b"tEXt" not in data  # no Software or other text chunks


@pytest.mark.parametrize("name", FIGURES)
def test_pdf_is_vector_with_truetype_fonts_and_no_metadata(name):
    data = (paths.FIGURES / f"{name}.pdf").read_bytes()
    assert b"/FontFile2" in data  # TrueType (Type 42) fonts embedded
    assert b"/Type3" not in data and b"/Subtype /Type3" not in data
    assert not re.search(rb"/(CreationDate|ModDate|Producer|Creator) ", data)
    media = re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", data)
    assert media, "no page size"
    inches = WIDTHS[registry.get(name).width]
    assert float(media.group(1)) == pytest.approx(inches * 72, abs=0.5)
