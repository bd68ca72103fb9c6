"""Set-up shared by every notebook: display options and figure style, in one place."""

from __future__ import annotations

import pandas as pd

from analysis.plots.style import use_style

DISPLAY_OPTIONS = {
    "display.max_rows": 80,
    "display.max_columns": 20,
    "display.width": 120,
    "display.max_colwidth": 90,
    "display.precision": 3,
}


def setup() -> None:
    """Pin pandas display options and the figure style so outputs are stable."""
    for option, value in DISPLAY_OPTIONS.items():
        pd.set_option(option, value)
    use_style()
