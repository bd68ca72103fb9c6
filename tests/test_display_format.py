"""The display layer: numbers rounded to what each column supports, labels in words."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.build import display


def test_values_are_rounded_by_column():
    f = display.format_value
    assert f("p_value", 6.31e-05) == "< 0.001" and f("p_value", 0.0123) == "0.012"
    assert f("g2", 1925.04) == "1,925.0" and f("rate", 16.9176) == "16.9"
    assert f("ref_token_rate", 6.31e-05) == "0.000063" and f("ref_token_rate", 0.158) == "0.16"
    assert f("token_rate", 0.0) == "0"
    assert f("share", 0.714286) == "71%" and f("weight", 0.0781328) == "0.078"
    assert f("npmi_mean", -0.100992) == "-0.101" and f("log_ratio", 17.1616) == "17.16"
    assert f("year", 2020) == "2020" and f("n", 12345) == "12,345"
    assert f("model", "nmf") == "NMF" and f("chosen", True) == "yes" and f("x", None) == ""


def test_settings_are_written_as_a_reader_says_them():
    f = display.format_setting
    assert f(tuple(range(2, 13))) == "2 to 12" and f(tuple(range(10))) == "0 to 9"
    assert f((3, 5)) == "3 to 5" and f((2, 3, 4)) == "2 to 4" and f((1, 5, 9)) == "1, 5, 9"
    assert f(1_000_000_000) == "1,000,000,000" and f(0.0001) == "0.0001" and f(1.0) == "1"
    assert f(("lda", "nmf")) == "LDA, NMF" and f("en") == "en" and f(False) == "no"


def test_table_cells_label_columns_and_replace_ids():
    table = pd.DataFrame({"section_id": ["S01", "S02"], "term": ["west_asia", "iran"],
                          "year": [2020.0, float("nan")], "rate": [1.234, 0.05]})
    cells, numeric = display.table_cells(table, sections=pd.Series({"S01": "Abstract"}),
                                         terms=pd.Series({"west_asia": "West Asia"}))
    assert list(cells.columns) == ["Section", "Term", "Year", "Per 1,000 words"]
    assert cells.iloc[0].tolist() == ["Abstract", "West Asia", "2020", "1.2"]
    assert cells.iloc[1].tolist() == ["S02", "iran", "", "0.050"]
    assert numeric == [False, False, True, True]


@given(st.floats(min_value=1e-9, max_value=0.999, allow_nan=False))
def test_small_rates_keep_two_significant_digits(value):
    text = display.format_value("rate", value)
    assert "e" not in text and math.isclose(float(text), value, rel_tol=0.05)
