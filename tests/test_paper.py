"""The parser: facts about the real paper, errors on bad input, and properties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import corpus as corpus_views
from analysis import paper, references
from analysis.build import paths

RAW_LINES = paths.STUDY_PAPER.read_text(encoding="utf-8").split("\n")


# -- The real paper ---------------------------------------------------------


def test_title_and_sections(corpus):
    assert corpus.title.startswith("The Role of Qassem Soleimani's Performance")
    headings = [ln for ln in RAW_LINES if ln.startswith("#")]
    # every heading but the title and "References" is a section
    assert len(corpus.sections) == len(headings) - 2 == 17
    assert corpus.sections["heading"].iloc[0] == "Abstract"
    assert corpus.sections["heading"].iloc[-1] == "Conclusion"
    assert not corpus.sections["heading"].str.contains(r"\*|#").any()


def test_heading_hierarchy(corpus):
    s = corpus.sections.set_index("section_id")
    assert s.loc["S09", "heading"] == "National Security"
    assert s.loc["S09", "parent_id"] == "S08"  # a level-4 heading under "Conceptual definitions"
    assert s.loc["S03", "parent_id"] == "S02"  # "Topic Importance" under "Introduction"
    assert s.loc["S17", "parent_id"] == ""  # Conclusion is top level


def test_page_break_splits_are_rejoined(corpus):
    text = corpus.paragraphs.set_index("paragraph_id")["text"]
    joined = text[text.str.contains("this article aims to address how")].iloc[0]
    assert "aims to address how Qassem Soleimani's performance provided the grounds" in joined
    assert "abroad to the survival of regimes" in " ".join(text)
    assert "the Axis of Resistance into a united front" in " ".join(text)
    assert corpus.paragraphs["n_joins"].sum() == 17
    # no body paragraph starts in lower case any more: not even where a heading cut the
    # sentence ("### Military security" / "as conventionally studied", issue #13)
    assert not text.str.match(r"^[a-z]").any()


def test_run_in_heading_is_read_back_into_its_sentence(corpus):
    sections = corpus.sections.set_index("section_id")
    run_in = corpus.paragraphs[corpus.paragraphs["run_in"]]
    assert len(run_in) == 1
    paragraph = run_in.iloc[0]
    assert paragraph.text.startswith("Military security as conventionally studied, pertains to")
    assert sections.loc[paragraph.section_id, "heading"] == "Military security"  # it stays
    raw = RAW_LINES[int(paragraph.lines.split()[0]) - 1]
    assert raw.startswith("as conventionally studied")
    assert paragraph.n_source_words == paper.word_count(paragraph.text)


def test_escaped_dollar_is_read_as_written(corpus):
    # "\$1 billion" in the source is "$1 billion" to a reader (pandoc resolves the escape)
    text = " ".join(corpus.paragraphs["text"])
    assert "less than $1 billion" in text and "\\$" not in text


def test_metadata_from_the_first_lines(corpus):
    assert corpus.metadata["title"] == corpus.title
    assert corpus.metadata["author"] == ["Yaser Soleimani", "Behnaz Azhdari",
                                         "Mehdi Hassani Bagheri"]
    assert corpus.metadata["date"].startswith("Received: 28 June 2024")
    assert corpus.bibliography is None


def test_empty_sections_are_kept(corpus):
    empty = corpus_views.empty_sections(corpus.sections)
    assert list(empty["heading"]) == ["Conceptual definitions", "Research conceptual model"]
    assert list(empty["has_subsections"]) == [True, False]


def test_references_match_the_list(corpus):
    start = RAW_LINES.index("## References")
    bullets = [ln for ln in RAW_LINES[start:] if ln.startswith("- ")]
    assert len(corpus.references) == len(bullets) == 19
    refs = corpus.references.set_index("reference_id")
    assert refs.loc["R01", ["authors", "year"]].tolist() == ["Bahman, Shueib", "2020"]
    assert refs.loc["R02", "year"] == "1998"  # year at the end of the entry
    assert refs.loc["R02", "title"] == "Security: A New Framework for Analysis"
    # the reference list is not body text
    assert not corpus.paragraphs["text"].str.contains("KHAMENEI.IR").any()


def test_boilerplate_is_set_aside_and_counted(corpus):
    kinds = corpus.boilerplate["kind"].value_counts()
    assert kinds["watermark"] == 2
    assert kinds["separator"] == 5
    assert kinds["email"] == 1
    assert {"title", "authors", "affiliation", "dates", "keywords"} <= set(kinds.index)
    body = " ".join(corpus.paragraphs["text"])
    assert "yahoo.com" not in body and "Received:" not in body and "پرتال" not in body


def test_every_nonblank_line_is_accounted_for(corpus):
    roles = corpus_views.line_roles(corpus)
    refs = set(corpus.references["line"])
    nonblank = {i for i, ln in enumerate(RAW_LINES, 1) if ln.strip(" \t\u00a0")}
    covered = set(roles["line"]) | refs
    assert roles["line"].is_unique
    assert covered == nonblank


def test_source_word_counts_add_up(corpus):
    # 5,648 source words before the run-in heading's two words were read back
    assert corpus.sections["n_source_words"].sum() == corpus.paragraphs[
        "n_source_words"].sum() == 5650
    assert paper.word_count("Soleimani's role — in 2014 (p. 5).") == 6


def test_idempotent_on_real_paper(corpus):
    again = paper.parse_markdown(corpus_views.render_markdown(corpus))
    cols = ["paragraph_id", "section_id", "text", "n_source_words"]
    assert again.paragraphs[cols].equals(corpus.paragraphs[cols])
    assert again.sections.drop(columns="line").equals(corpus.sections.drop(columns="line"))
    assert again.references.drop(columns="line").equals(corpus.references.drop(columns="line"))


@pytest.mark.parametrize(("entry", "authors", "year", "title"), [
    ("Soufan, Ali (2018). Haj Qassem: The Strongest General. Monthly.", "Soufan, Ali", "2018",
     "Haj Qassem: The Strongest General"),
    ("Buzan, Barry. People, States and Fear. Harlow: Pearson, 1991.", "Buzan, Barry", "1991",
     "People, States and Fear"),
    ('Nasri, G. (1997). "Copenhagen School," Number 33.', "Nasri, G", "1997", "Copenhagen School,"),
    ("Unsigned note (2019). Newspaper No. 5077, News No. 1.", "Unsigned note", "2019",
     "Newspaper No. 5077, News No. 1"),
    ("Smith, J. 2001. Ports and trade. Journal.", "Smith, J", "2001", "Ports and trade"),
])
def test_parse_reference(entry, authors, year, title):
    assert references.parse_reference(entry) == {"authors": authors, "year": year,
                                            "title": title.strip(" ,")}


# -- Bad input ----------------------------------------------------------------


def _copy_paper(tmp_path: Path) -> Path:
    target = tmp_path / paths.STUDY_PAPER.name
    shutil.copy(paths.STUDY_PAPER, target)
    shutil.copy(paths.RAW / "SHA256SUMS", tmp_path / "SHA256SUMS")
    return target


def test_missing_file(tmp_path):
    with pytest.raises(paper.PaperError, match=r"nothere\.md: file not found"):
        paper.load_paper(tmp_path / "nothere.md")


def test_checksum_mismatch_names_file(tmp_path):
    target = _copy_paper(tmp_path)
    target.write_text(target.read_text(encoding="utf-8") + "\nextra\n", encoding="utf-8")
    with pytest.raises(paper.PaperError, match=rf"{target.name}: checksum mismatch"):
        paper.load_paper(target)


def test_unlisted_file_is_refused(tmp_path):
    target = _copy_paper(tmp_path)
    other = target.with_name("renamed.md")
    target.rename(other)
    with pytest.raises(paper.PaperError, match="renamed.md: not listed in"):
        paper.load_paper(other)


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "looks binary"),
    ("## Intro\n\ncaf\u00e9\n".encode("latin-1"), "offset 13 are not valid UTF-8"),
    (b"Just text, no headings at all.\n", "no Markdown headings"),
    (b"# Title\n\n## One\n\n## Two\n", "headings but no body text"),
    ("# عنوان\n\n## مقدمه\n\nاین مقاله به بررسی امنیت ملی ایران می‌پردازد و نقش فرماندهان را "
     "در منطقه تحلیل می‌کند.\n".encode(), "not Latin script; the study reads English text only"),
    (("# Titre\n\n## Introduction\n\n" + "La sécurité nationale est une notion disputée "
      "dont les contours varient selon les auteurs et leurs écoles de pensée. " * 20 + "\n")
     .encode(), "common English words .* the study reads English text only"),
])
def test_bad_input_is_named(tmp_path, content, problem):
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    with pytest.raises(paper.PaperError, match=rf"bad\.md: .*{problem}"):
        paper.load_paper(bad)


def test_bom_and_windows_line_endings(corpus, tmp_path):
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"\xef\xbb\xbf" + paths.STUDY_PAPER.read_bytes().replace(b"\n", b"\r\n"))
    again = paper.load_paper(crlf)
    assert again.paragraphs["text"].equals(corpus.paragraphs["text"])
    assert again.sections.equals(corpus.sections)


# -- Properties -----------------------------------------------------------------

WORDS = st.sampled_from(["security", "region", "the", "threat", "of", "and", "resistance",
                         "Iran", "policy", "strategic", "forces", "Baghdad", "was", "in", "war"])
SENTENCE = st.lists(WORDS, min_size=2, max_size=9).map(lambda w: " ".join(w).capitalize() + ".")
FRAGMENT = st.lists(WORDS, min_size=2, max_size=6).map(" ".join)  # a page-break cut
PARA_LINES = st.lists(st.one_of(SENTENCE, SENTENCE, FRAGMENT), min_size=1, max_size=3)
HEADING = st.tuples(st.integers(2, 4), FRAGMENT, st.booleans()).map(
    lambda t: "#" * t[0] + " " + (f"**{t[1].title()}**" if t[2] else t[1].title()))
NOISE = st.sampled_from(["---", "پرتال جامع علوم انسانی", "Contact: someone@example.org"])


@st.composite
def documents(draw) -> str:
    out = ["# A Study Title", "", "An Author, Another Author", ""]
    for _ in range(draw(st.integers(1, 5))):
        out += [draw(HEADING), ""]
        for _ in range(draw(st.integers(0, 4))):
            if draw(st.integers(0, 5)) == 0:
                out += [draw(NOISE), ""]
            out += draw(PARA_LINES) + [""]
    out += ["## Body", "", "Some final text here.", ""]
    if draw(st.booleans()):
        out += ["## References", ""]
        out += [f"- Author, A. ({2000 + i}). Title {i}. Venue." for i in range(draw(
            st.integers(1, 4)))]
    return "\n".join(out) + "\n"


# Each example runs pandoc twice: fewer examples than a pure-Python parser would get.
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents())
def test_parsing_loses_no_text(text):
    parsed = paper.parse_markdown(text)
    lines = text.split("\n")
    roles = corpus_views.line_roles(parsed)
    covered = set(roles["line"]) | set(parsed.references["line"])
    ref_start = parsed.references["line"].min() if len(parsed.references) else None
    nonblank = {i for i, ln in enumerate(lines, 1) if ln.strip()
                and (ref_start is None or i < ref_start)}
    assert roles["line"].is_unique
    assert nonblank <= covered
    # each paragraph's text is exactly its source lines, joined and cleaned, after its
    # section's heading when that was read back as a run-in heading
    headings = parsed.sections.set_index("section_id")["heading"]
    written = []
    for row in parsed.paragraphs.itertuples():
        source = paper.clean_inline(" ".join(lines[int(n) - 1] for n in row.lines.split()))
        run_in = f"{headings[row.section_id]} " if row.run_in else ""
        assert row.text == run_in + source
        written.append(row.text.removeprefix(run_in))
    # and the words of the body survive in order
    body_lines = sorted(int(n) for ls in parsed.paragraphs["lines"] for n in ls.split())
    assert " ".join(written).split() == " ".join(
        paper.clean_inline(lines[n - 1]) for n in body_lines).split()


@PROPERTY
@given(documents())
def test_heading_levels_nest(text):
    sections = paper.parse_markdown(text).sections.set_index("section_id")
    for _sid, row in sections.iterrows():
        if row.parent_id:
            parent = sections.loc[row.parent_id]
            assert parent.level < row.level
            assert parent.order < row.order
            between = sections[(sections.order > parent.order) & (sections.order < row.order)]
            assert (between.level > parent.level).all()


@PROPERTY
@given(documents())
def test_parsing_is_idempotent(text):
    first = paper.parse_markdown(text)
    second = paper.parse_markdown(corpus_views.render_markdown(first))
    cols = ["section_id", "text"]
    assert second.paragraphs[cols].equals(first.paragraphs[cols])
    assert second.sections.drop(columns="line").equals(first.sections.drop(columns="line"))
    assert second.references.drop(columns="line").equals(first.references.drop(columns="line"))
    assert second.title == first.title


# -- Constructs of scholarly Markdown (each hand-made, with hand-counted expectations) -------


def _parse(text: str) -> paper.Paper:
    return paper.parse_markdown(text, source="t.md")


def _kinds(parsed: paper.Paper) -> dict[str, int]:
    return parsed.boilerplate["kind"].value_counts().to_dict()


def test_code_blocks_are_set_aside_and_hash_lines_in_them_are_not_headings():
    parsed = _parse("# Title\n\n## One\n\nBody text here.\n\n```r\n## not a heading\nlibrary(x)\n"
                    "```\n\nMore body text.\n\n    # indented code\n    import os\n\n## Two\n\n"
                    "End.\n")
    assert list(parsed.sections["heading"]) == ["One", "Two"]
    assert list(parsed.paragraphs["text"]) == ["Body text here.", "More body text.", "End."]
    assert _kinds(parsed) == {"title": 1, "code": 6}  # 4 fenced lines, 2 indented ones


def test_tables_of_every_kind_are_set_aside():
    pipe = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    grid = "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n"
    html = "<table>\n<tr><td>cell text</td></tr>\n</table>\n"
    parsed = _parse(f"# T\n\n# S\n\nBefore.\n\n{pipe}\nMiddle.\n\n{grid}\nLater.\n\n{html}\n"
                    "After.\n")
    assert list(parsed.paragraphs["text"]) == ["Before.", "Middle.", "Later.", "After."]
    assert _kinds(parsed) == {"title": 1, "table": 8, "html": 3}  # every line, once
    assert "cell" not in " ".join(parsed.paragraphs["text"])


def test_footnotes_are_set_aside_with_their_definition_line():
    parsed = _parse("# T\n\n# S\n\nA claim.[^a] Another.[^b]\n\n[^a]: First note.\n[^b]: Second "
                    "note, [@key].\n")
    assert list(parsed.paragraphs["text"]) == ["A claim. Another."]
    notes = parsed.boilerplate[parsed.boilerplate["kind"] == "footnote"]
    assert list(notes["text"]) == ["First note.", "Second note, [@key]."]
    assert list(notes["line"]) == [7, 8]


def test_html_list_author_block_orcid_figure_and_urls_never_become_body_text():
    text = ("# Title of a paper\n\n"
            "Ann Author<sup>1</sup>, Bo Author<sup>2</sup>\n\n"
            "<sup>1</sup> A University\n\n"
            "# Intro\n\n"
            "ORCID: 0000-0002-1825-0097\n\n"
            "<ol>\n<li>Hidden practice one.</li>\n<li>Hidden practice two.</li>\n</ol>\n\n"
            "![A caption with words.](fig.png){#fig:one width=50%}\n\n"
            "![](plain.png)\n\n"
            "The code of this study is at https://github.com/a/b (see <https://example.org/x>),"
            " and its data can be had from a@b.org.\n\n"
            "[fig:label]\n\n"
            "<https://only.example.org>\n")
    parsed = _parse(text)
    assert parsed.title == "Title of a paper"
    assert list(parsed.paragraphs["text"]) == [
        "The code of this study is at (see ), and its data can be had from ."]
    kinds = _kinds(parsed)
    assert kinds["authors"] == 1 and kinds["affiliation"] == 1 and kinds["orcid"] == 1
    assert kinds["html"] == 4 and kinds["figure"] == 3 and kinds["url"] == 4
    assert parsed.metadata["author"] == ["Ann Author", "Bo Author"]


def test_yaml_title_and_title_heading_after_yaml():
    parsed = _parse("---\ntitle: 'A *YAML* title'\nauthor: [Ann]\ndate: 2020\n"
                    "bibliography: refs.bib\n---\n\n# Intro\n\nText of the intro.\n\n"
                    "# Next\n\nMore text.\n")
    assert parsed.title == "A YAML title"
    assert parsed.metadata["author"] == ["Ann"] and parsed.metadata["bibliography"] == "refs.bib"
    assert list(parsed.sections["heading"]) == ["Intro", "Next"]  # not taken for the title
    assert _kinds(parsed) == {"metadata": 6}
    after = _parse("---\nlayout: page\n---\n# The Real Title\n\nBy Ann\n\n## Intro\n\nText.\n")
    assert after.title == "The Real Title"
    assert list(after.sections["heading"]) == ["Intro"]


def test_reference_heading_with_attributes_and_tag_definitions():
    parsed = _parse("## Intro\n\nText [@doi:10.1/x].\n\n## References {.page_break_before}\n\n"
                    "<!-- tags -->\n\n[@tag:a]: doi:10.1/a\n[@tag:b]: doi:10.1/b\n")
    assert list(parsed.sections["heading"]) == ["Intro"]
    assert parsed.paragraphs["text"].tolist() == ["Text [@doi:10.1/x]."]  # citation as written
    assert parsed.references.empty
    kinds = _kinds(parsed)
    assert kinds["references_heading"] == 1 and kinds["citation_tags"] >= 1


def test_text_before_the_first_heading_is_an_opening_section():
    parsed = _parse("---\ntitle: T\n---\n\nThis chapter opens with a long paragraph of real "
                    "prose, before any heading at all.\n\n# First\n\nBody.\n")
    assert list(parsed.sections["heading"]) == [paper.OPENING, "First"]
    assert parsed.paragraphs.iloc[0]["section_id"] == "S01"
    assert parsed.sections.iloc[1]["parent_id"] == ""  # the opening is nobody's parent


def test_back_matter_is_set_aside_heading_and_all():
    parsed = _parse("# Title\n\n# Intro\n\nBody text.\n\n# Acknowledgements\n\nWe thank Ann.\n\n"
                    "## Funding\n\nGrant 1.\n\n# 5. Conflicts of Interest\n\nNone.\n\n"
                    "# Discussion\n\nMore body.\n")
    assert list(parsed.sections["heading"]) == ["Intro", "Discussion"]
    assert _kinds(parsed) == {"title": 1, "acknowledgements": 4, "declarations": 2}


def test_pseudo_heading_and_colon_stop_page_break_joins():
    parsed = _parse("# S\n\n**Abstract**\n\nWe present a method\n\nthat works. It is as "
                    "follows:\n\nFirst we count.\n")
    assert list(parsed.paragraphs["text"]) == ["We present a method that works. It is as follows:",
                                               "First we count."]
    assert list(parsed.paragraphs["n_joins"]) == [1, 0]
    assert _kinds(parsed) == {"label": 1}


def test_run_in_heading_only_before_a_function_word():
    parsed = _parse("# T\n\n## Military security\n\nas studied, it pertains to force.\n\n"
                    "## Statement of need\n\ntextnets is a package.\n")
    assert list(parsed.paragraphs["text"]) == [
        "Military security as studied, it pertains to force.", "textnets is a package."]
    assert list(parsed.paragraphs["run_in"]) == [True, False]


def test_bibliography_beside_the_paper(tmp_path):
    (tmp_path / "p.md").write_text("# A\n\nText.\n", encoding="utf-8")
    assert paper.load_paper(tmp_path / "p.md").bibliography is None
    (tmp_path / "references.bib").write_text("@book{a, title={A}}\n", encoding="utf-8")
    assert paper.load_paper(tmp_path / "p.md").bibliography == tmp_path / "references.bib"
    (tmp_path / "p.bib").write_text("@book{a, title={A}}\n", encoding="utf-8")
    assert paper.load_paper(tmp_path / "p.md").bibliography == tmp_path / "p.bib"
    (tmp_path / "q.md").write_text("---\nbibliography: refs.json\n---\n# A\n\nText.\n",
                                   encoding="utf-8")
    (tmp_path / "refs.json").write_text("[]", encoding="utf-8")
    assert paper.load_paper(tmp_path / "q.md").bibliography == tmp_path / "refs.json"
