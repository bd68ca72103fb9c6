"""Tests for analysis.markdown_ast on small hand-made inputs with hand-checked expectations."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.markdown_ast import (
    BLOCK_COLUMNS,
    CITATION_COLUMNS,
    headings,
    html_depth,
    inline_text,
    parse,
)


def test_heading_attributes_are_stripped_and_kept_apart():
    doc = parse("## Results {#sec:res .page_break_before}\n\nText.\n")
    row = doc.blocks.iloc[0]
    assert (row["kind"], row["level"], row["text"]) == ("heading", 2, "Results")
    assert row["identifier"] == "sec:res"
    assert row["classes"] == "page_break_before"
    assert row["line"] == 1
    assert doc.blocks.iloc[1]["line"] == 3


def test_bold_inside_a_heading_is_dropped_from_its_text():
    doc = parse("### **Topic Importance**\n\nBody.\n")
    assert list(headings(doc)["text"]) == ["Topic Importance"]


def test_hash_lines_inside_code_are_not_headings():
    text = "# Only heading\n\n```r\n## not a heading\n# nor this\n```\n\nPara.\n\n    ## indented\n"
    doc = parse(text)
    assert list(headings(doc)["text"]) == ["Only heading"]
    code = doc.blocks[doc.blocks["kind"] == "code"]
    assert list(code["text"]) == ["## not a heading\n# nor this", "## indented"]
    assert list(code["line"]) == [3, 10]
    assert code.iloc[0]["classes"] == "r"


def test_pipe_table_is_one_block_with_its_cells():
    doc = parse("Before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n")
    assert list(doc.blocks["kind"]) == ["para", "table", "para"]
    table = doc.blocks.iloc[1]
    assert table["text"] == "a | b\n1 | 2"
    assert table["line"] == 3


def test_footnote_is_its_own_row_under_its_paragraph():
    doc = parse("Text with a note.[^n] More.\n\n[^n]: The note.\n")
    assert list(doc.blocks["kind"]) == ["para", "footnote"]
    para, note = doc.blocks.iloc[0], doc.blocks.iloc[1]
    assert para["text"] == "Text with a note.[^1] More."
    assert note["text"] == "The note."
    assert note["parent"] == para["block_id"]
    assert note["container"] == "note"
    assert note["line"] == 1


def test_yaml_title_goes_to_meta_not_to_blocks():
    doc = parse("---\ntitle: 'A *study* of things'\nauthor: [Ann, Bo]\n---\n\n# Intro\n\nText.\n")
    assert doc.meta["title"] == "A study of things"
    assert doc.meta["author"] == ["Ann", "Bo"]
    assert list(headings(doc)["text"]) == ["Intro"]
    assert headings(doc)["line"].tolist() == [6]


def test_citations_keep_source_form_in_text_and_are_listed_with_locators():
    doc = parse("As shown [@a; @b, p. 3], and @c says so [-@d; see @e].\n")
    para = doc.blocks.iloc[0]
    assert para["text"] == "As shown [@a; @b, p. 3], and @c says so [-@d; see @e]."
    assert para["n_citations"] == 5
    cites = doc.citations
    assert list(cites["key"]) == ["a", "b", "c", "d", "e"]
    assert list(cites["group"]) == [1, 1, 2, 3, 3]
    assert list(cites["position"]) == [1, 2, 1, 1, 2]
    assert list(cites["mode"]) == ["normal", "normal", "author_in_text", "suppress_author",
                                   "normal"]
    assert list(cites["suffix"]) == ["", ", p. 3", "", "", ""]
    assert list(cites["prefix"]) == ["", "", "", "", "see"]
    assert set(cites["block_id"]) == {para["block_id"]}


def test_manubot_keys_and_email_addresses():
    doc = parse("Shown before [@doi:10.1000/xyz; @tag:Smith2019]. Mail a.b@example.org.\n")
    assert list(doc.citations["key"]) == ["doi:10.1000/xyz", "tag:Smith2019"]


def test_bracketed_keys_and_numbers_are_not_pandoc_citations():
    doc = parse("Earlier work [wilson2014] and others [1], [2-4].\n")
    assert doc.citations.empty
    assert doc.blocks.iloc[0]["text"] == "Earlier work [wilson2014] and others [1], [2-4]."


def test_figure_with_attributes():
    doc = parse("Intro.\n\n![A caption [@x].](fig.png){#fig:one width=50%}\n")
    figure = doc.blocks.iloc[1]
    assert figure["kind"] == "figure"
    assert figure["text"] == "A caption [@x]."
    assert figure["identifier"] == "fig:one"
    assert figure["attributes"] == "width=50%"
    assert list(doc.citations["key"]) == ["x"]


def test_lists_and_quotes_record_their_container():
    doc = parse("- one\n- two\n\n> quoted\n")
    assert list(doc.blocks["container"]) == ["bullet_list", "bullet_list", "blockquote"]
    assert list(doc.blocks["kind"]) == ["plain", "plain", "para"]


def test_commonmark_reader_gives_lines_but_no_citations():
    doc = parse("# T\n\nSee [@a].\n", reader="commonmark_x")
    assert doc.citations.empty
    assert list(doc.blocks["line"]) == [1, 3]
    assert doc.blocks.iloc[1]["text"] == "See [@a]."


def test_empty_text_gives_empty_tables_with_their_columns():
    doc = parse("")
    assert list(doc.blocks.columns) == BLOCK_COLUMNS
    assert list(doc.citations.columns) == CITATION_COLUMNS
    assert doc.blocks.empty and doc.citations.empty
    assert doc.meta == {}


def test_output_is_deterministic():
    text = "---\ntitle: T\n---\n\n# A {#a}\n\nText [@k, 2].[^1]\n\n[^1]: Note.\n"
    first, second = parse(text), parse(text)
    pd.testing.assert_frame_equal(first.blocks, second.blocks)
    pd.testing.assert_frame_equal(first.citations, second.citations)
    assert first.meta == second.meta


def test_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="reader must be one of"):
        parse("text", reader="gfm")


def test_inline_text_collapses_unicode_spaces():
    inlines = [{"t": "Str", "c": "a\u00a0b"}, {"t": "Space"}, {"t": "Emph",
               "c": [{"t": "Str", "c": "c"}]}]
    assert inline_text(inlines) == "a b c"


def test_urls_and_addresses_leave_the_text_and_are_listed():
    doc = parse("Code at https://github.com/a/b (see <https://x.org/y>), [docs](https://d.io), "
                "[https://e.org](https://e.org), doi:10.5281/zenodo.1 and a@b.org.\n")
    row = doc.blocks.iloc[0]
    assert row["text"] == "Code at (see ), docs, , and ."
    assert row["urls"].split() == ["https://github.com/a/b", "https://x.org/y", "https://e.org",
                                   "doi:10.5281/zenodo.1", "a@b.org"]


def test_citation_keys_with_urls_stay_as_written():
    doc = parse("Shown [@url:https://example.org/a; @doi:10.1/b].\n")
    assert doc.blocks.iloc[0]["text"] == "Shown [@url:https://example.org/a; @doi:10.1/b]."
    assert doc.blocks.iloc[0]["urls"] == ""


def test_sup_marks_images_and_tags():
    doc = parse("Ann<sup>1,2</sup>, Bo<sup>3</sup> ![logo](x.png)\n\n"
                "<small>*A note*</small>\n\n[Banner text]{.banner}\n")
    rows = doc.blocks
    assert list(rows["text"]) == ["Ann, Bo", "A note", "Banner text"]
    assert list(rows["tags"]) == ["sup image", "small", "banner"]


def test_blocks_inside_raw_html_are_marked():
    doc = parse("Before.\n\n<ol>\n<li>\n\nHidden item.\n\n</li>\n</ol>\n\nOutside.\n")
    rows = doc.blocks.set_index("text")
    assert rows.loc["Hidden item.", "container"] == "html"
    assert rows.loc["Outside.", "container"] == ""
    assert rows.loc["Outside.", "line"] == 11
    # the readers split the region differently: each raw piece gets the lines between the
    # blocks both readers place (blank lines included; users skip those)
    raw = doc.blocks[doc.blocks["kind"] == "raw"]
    assert list(raw["line"]) == [2, 2, 7, 7] and list(raw["end_line"]) == [5, 5, 10, 10]


def test_emphasis_only_blocks_and_line_spans():
    doc = parse("**Abstract**\n\nA paragraph that runs\nover three\nlines.\n\n*Italic* and not.\n")
    assert list(doc.blocks["emphasis"]) == [True, False, False]
    assert list(doc.blocks["line"]) == [1, 3, 7]
    assert list(doc.blocks["end_line"]) == [1, 5, 7]
    assert doc.blocks.iloc[1]["text"] == "A paragraph that runs\nover three\nlines."


def test_html_depth_counts_block_tags_only():
    assert html_depth("<ol type='1'>") == 1
    assert html_depth("</li>\n</ol>") == -2
    assert html_depth("<br/><img src=x><!-- <div> -->") == 0


def test_definition_terms_are_their_own_kind():
    doc = parse("Term\n:   Its definition.\n")
    assert list(doc.blocks["kind"]) == ["term", "plain"]


# ---------------------------------------------------------------------------
# The real papers in tests/papers: headings and pandoc citations against hand counts

PAPERS = Path(__file__).parent / "papers"
REAL_PAPERS = ["joss-bayestestr", "joss-textnets", "good-enough-practices",
               "manubot-deep-review"]


def _expected(name: str) -> dict:
    with (PAPERS / name / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("name", REAL_PAPERS)
def test_real_paper_headings_match_the_hand_counts(name):
    expected = _expected(name)
    doc = parse((PAPERS / name / "paper.md").read_text(encoding="utf-8"))
    found = [(int(r.level), r.text, int(r.line)) for r in headings(doc).itertuples()]
    sections = [(s["level"], s["text"], s["line"]) for s in expected["headings"]["sections"]]
    reference = expected["headings"]["reference_heading"]
    assert [h for h in found if h[1] != reference and h[1] != expected["title"]["text"]] == sections
    if expected["title"]["source"] == "yaml":
        assert doc.meta["title"] == expected["title"]["text"]


@pytest.mark.parametrize("name", ["joss-bayestestr", "joss-textnets"])
def test_real_paper_pandoc_citations_match_the_hand_counts(name):
    expected = _expected(name)["citations"]
    doc = parse((PAPERS / name / "paper.md").read_text(encoding="utf-8"), lines=False)
    assert len(doc.citations) == expected["occurrences"]
    assert doc.citations["key"].nunique() == expected["distinct_keys"]
