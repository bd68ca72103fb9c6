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
    # no body paragraph starts in lower case any more, except where a heading cut the
    # sentence ("### Military security" / "as conventionally studied")
    starts_lower = text[text.str.match(r"^[a-z]")]
    assert list(starts_lower.str.slice(0, 26)) == ["as conventionally studied,"]


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
    assert corpus.sections["n_source_words"].sum() == corpus.paragraphs[
        "n_source_words"].sum() == 5648
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


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    # each paragraph's text is exactly its source lines, joined and cleaned
    for row in parsed.paragraphs.itertuples():
        source = " ".join(lines[int(n) - 1] for n in row.lines.split())
        assert row.text == paper.clean_inline(source)
    # and the words of the body survive in order
    body_lines = sorted(int(n) for ls in parsed.paragraphs["lines"] for n in ls.split())
    assert " ".join(parsed.paragraphs["text"]).split() == " ".join(
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
