"""The study on real papers written by others (tests/papers), against their hand counts.

Two levels, chosen for CI's time:

* **parse** (every paper, seconds): the parser against ``expected.toml``: title, headings
  and their lines, written reference entries, the bibliography file, code, tables,
  footnotes, HTML, figures and URLs set aside, and no markup in the vocabulary.
* **whole study** (``slow``; the two JOSS papers, *good enough practices* and two
  synthetic citation cases): every notebook is executed on the paper as ``make PAPER=…
  OUT=…`` would, and the saved tables, the notebooks' prose and their outputs are checked.
  The Manubot review (37,000 words, 69 sections, 244 paragraphs) is parsed only: its topic
  sweep alone would take many minutes on CI's two cores, and everything it adds to the
  other papers (Manubot citation keys, tag definitions) is parsed and checked here.

Notebooks are run one by one so that a notebook of another branch failing on a paper
does not hide what the others show (``make`` itself is all or nothing: see
``tests/test_other_paper.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import citations
from analysis.build import paths
from analysis.build.run_notebook import RunError, execute, for_other_paper
from analysis.build.targets import CACHED
from analysis.paper import OPENING, load_paper
from analysis.study import load_study
from analysis.tokens import lemma_of

PAPERS = Path(__file__).parent / "papers"
REAL = ["joss-bayestestr", "joss-textnets", "good-enough-practices", "manubot-deep-review"]
NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: Headings the parser sets aside with all they hold (back and front matter), by paper.
SET_ASIDE = {
    "joss-bayestestr": {"Acknowledgments"},
    "joss-textnets": set(),
    "good-enough-practices": {"Acknowledgments", "Footnotes"},
    "manubot-deep-review": {
        "Authors", "Version 2.0 authors", "Version 1.0 authors",  # front matter
        "Author contributions", "Version 2.0", "Version 2.0 competing interests",
        "Version 2.0 funding statement", "Version 1.0", "Version 1.0 competing interests",
        "Version 1.0 funding statement", "Acknowledgements"},
}
#: Body paragraphs, counted by hand from expected.toml: top-level paragraphs, list items
#: and a definition's paragraph (its term read as its run-in lead), less what is set aside.
BODY_PARAGRAPHS = {
    "joss-bayestestr": 20 - 1,  # the Acknowledgments paragraph
    "joss-textnets": 8 + 3,  # three bullet items under "Statement of Need"
    "manubot-deep-review": 253 - 9,  # nine paragraphs under Author contributions, Acknowledgements
}
#: In-text citations in the body text: expected occurrences less those in text set aside.
BODY_CITATIONS = {
    "joss-bayestestr": 22 - 1,  # "[relying on ... @ludecke2019insight]" in Acknowledgments
    "joss-textnets": 12 - 1,  # "[source: @Boy2020]" in the figure caption
    "good-enough-practices": 24,
    # two "[@url:…/deep-review]" stand under "Author contributions", set aside as back matter
    "manubot-deep-review": 844 - 2,
}
#: Tokens that only markup makes: none may reach the vocabulary.
MARKUP = {"https", "http", "www", "orcid", "png", "jpg", "svg", "pdf", "href", "nbsp", "sup",
          "autoref", "mailto", "fig", "tbl", "doi", "tag", "pmid", "pmcid", "arxiv", "url"}
#: Words that must not appear in another paper's notebooks (they are about this study's).
BORROWED = re.compile(r"Soleimani|Qassem|\bIran\b|Islamic Republic", re.I)


def _expected(name: str) -> dict:
    with (PAPERS / name / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


def _paper(name: str) -> Path:
    return PAPERS / name / "paper.md"


def _code_lines(name: str) -> set[int]:
    """Lines inside fenced code blocks, by a line scan independent of the parser."""
    inside, found = False, set()
    for number, line in enumerate(_paper(name).read_text(encoding="utf-8").split("\n"), 1):
        if line.lstrip().startswith("```"):
            inside = not inside
            found.add(number)
        elif inside:
            found.add(number)
    return found


# -- Parse -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {name: load_paper(_paper(name)) for name in REAL}


@pytest.mark.parametrize("name", REAL)
def test_title_and_sections_match_the_hand_counts(parsed, name):
    paper, expected = parsed[name], _expected(name)
    assert paper.title == expected["title"]["text"]
    kept = [(s["level"], s["text"], s["line"]) for s in expected["headings"]["sections"]
            if s["text"] not in SET_ASIDE[name]]
    found = [(int(r.level), r.heading, int(r.line)) for r in paper.sections.itertuples()
             if r.heading != OPENING]
    assert found == kept
    aside = paper.boilerplate[paper.boilerplate["text"].str.startswith("#")]
    assert {re.sub(r"^#+\s*|\s*\{.*\}$", "", t) for t in aside["text"]} >= SET_ASIDE[name]
    opening = paper.sections["heading"].eq(OPENING).any()
    # text before the first heading: good-enough's abstract and author summary (manubot's
    # banner and build note are front matter, set aside)
    assert opening == (name == "good-enough-practices")


@pytest.mark.parametrize("name", REAL)
def test_references_and_bibliography(parsed, name):
    paper, expected = parsed[name], _expected(name)["references"]
    written = expected["entries"] if expected["source"] == "written list" else 0
    assert len(paper.references) == written  # bayestestR's and textnets' lists are empty
    bib = _expected(name)["paper"]["bibliography"]
    assert paper.bibliography == (PAPERS / name / bib if bib.endswith(".bib") else None)


@pytest.mark.parametrize("name", ["joss-bayestestr", "joss-textnets", "manubot-deep-review"])
def test_body_paragraphs(parsed, name):
    assert len(parsed[name].paragraphs) == BODY_PARAGRAPHS[name]


def test_code_blocks_are_set_aside_line_by_line(parsed):
    paper = parsed["joss-bayestestr"]
    code = set(paper.boilerplate.loc[paper.boilerplate["kind"] == "code", "line"])
    source = _paper("joss-bayestestr").read_text(encoding="utf-8").split("\n")
    # 8 fenced blocks, fences included, blank lines not recorded
    assert code == {n for n in _code_lines("joss-bayestestr") if source[n - 1].strip()}
    body = " ".join(paper.paragraphs["text"])
    assert "library(" not in body and "#>" not in body and "<-" not in body


def test_tables_footnotes_html_and_labels(parsed):
    gep = parsed["good-enough-practices"]
    kinds = gep.boilerplate["kind"].value_counts()
    assert kinds["footnote"] == _expected("good-enough-practices")["body"]["footnotes"] == 38
    assert gep.boilerplate.loc[gep.boilerplate["kind"] == "footnote", "line"].notna().all()
    assert kinds["html"] > 0  # Box 1, an HTML list of 44 practices
    box = gep.sections.set_index("heading").loc["Box 1: Summary of Practices"]
    assert box.n_paragraphs == 0
    indented = {758, 763}  # "## 2016-..." lines in indented code inside a list item
    assert indented <= set(gep.boilerplate.loc[gep.boilerplate["kind"] == "code", "line"])
    body = " ".join(gep.paragraphs["text"])
    assert "[^" not in body and "[fig:" not in body and "<ol" not in body
    review = parsed["manubot-deep-review"]
    body = " ".join(review.paragraphs["text"])
    assert "Supervised learning | Machine-learning" not in body  # the glossary table
    assert "table" in set(review.boilerplate["kind"])
    assert "ORCID" not in body and "{#fig" not in body and "page_break_before" not in body
    assert (review.boilerplate["kind"] == "citation_tags").sum() >= 1
    assert review.boilerplate.loc[review.boilerplate["kind"] == "figure", "text"].str.contains(
        "#fig:biotm").any()


@pytest.mark.parametrize("name", REAL)
def test_no_url_or_address_in_body_text(parsed, name):
    text = " ".join(parsed[name].paragraphs["text"])
    outside_citations = re.sub(r"\[@[^\]]*\]", "", text)  # Manubot's [@url:https://...]
    assert not re.search(r"https?://|www\.|\w@\w+\.\w", outside_citations)


@pytest.mark.parametrize("name", REAL)
def test_no_markup_token_reaches_the_vocabulary(name, request):
    study = load_study(_paper(name), None)
    vocabulary = set(study.terms["term"])
    assert MARKUP & vocabulary - _prose_words(name) == set()
    # no word that only code blocks hold (R calls, comments) reaches the vocabulary
    source = _paper(name).read_text(encoding="utf-8").split("\n")
    code = _code_lines(name) | set(study.paper.boilerplate.loc[
        study.paper.boilerplate["kind"] == "code", "line"].dropna().astype(int))
    only_in_code = _lemmas(source[n - 1] for n in code) - _lemmas(
        line for n, line in enumerate(source, 1) if n not in code)
    assert only_in_code & vocabulary == set()


def _prose_words(name: str) -> set[str]:
    """Markup words the paper also writes as words of its prose ("an ORCID", "a PDF")."""
    text = _paper(name).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```|\[@[^\]]*\]|<[^>]*>|\([^)\s]*[/.:][^)\s]*\)|\S*://\S*|\{[^}]*\}"
                  r"|\S+\.(?:png|pdf|jpg|svg)\b|\[\^?[\w:-]+\]:?", " ", text, flags=re.S)
    return {w.lower().removesuffix("s") for w in re.findall(r"(?<![\w./@#:-])[A-Za-z]+"
                                                             r"(?![\w/:@-])", text)}


def _lemmas(lines) -> set[str]:
    return {lemma_of(w) for w in re.findall(r"[A-Za-z]{3,}", " ".join(lines))}


@pytest.mark.parametrize("name", REAL)
def test_body_citations_match_the_hand_counts(parsed, name):
    # as the audit reads them: a bracketed key without a year ("[UIllinois]") is read when
    # the reference list has that key
    keys = parsed[name].references.get("key", ())
    found = citations.citation_table(parsed[name].paragraphs, keys)
    assert len(found) == BODY_CITATIONS[name]


# -- The whole study ----------------------------------------------------------------------

WHOLE = ["joss-textnets/paper.md", "joss-bayestestr/paper.md",
         "good-enough-practices/paper.md", "synthetic/pandoc.md", "synthetic/numbered.md"]


def run_notebooks(paper: Path, out: Path) -> dict[str, str]:
    """Execute every notebook on ``paper`` into ``out``, going on after a failure.

    Returns the failures, ``{notebook stem: one-line error}``.
    """
    saved = {k: os.environ.get(k) for k in ("STUDY_PAPER", "STUDY_OUT", "STUDY_CONFIG")}
    os.environ.update(STUDY_PAPER=str(paper), STUDY_OUT=str(out), STUDY_CONFIG="")
    failures = {}
    try:
        for table in CACHED:
            done = subprocess.run(table.command(sys.executable), capture_output=True, text=True,
                                  check=False)
            if done.returncode:
                failures[f"cached table {table.name}"] = done.stderr.strip()[-300:]
        for notebook in NOTEBOOKS:
            nb = for_other_paper(nbformat.read(notebook, as_version=4), paper, out)
            try:
                execute(notebook, out / "notebooks" / notebook.name, nb=nb)
            except RunError as err:
                failures[notebook.stem] = str(err)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return failures


@pytest.fixture(scope="module", params=WHOLE)
def whole(request, tmp_path_factory):
    paper = PAPERS / request.param
    out = tmp_path_factory.mktemp(request.param.replace("/", "-").removesuffix(".md"))
    return request.param, paper, out, run_notebooks(paper, out)


def _notebook_text(out: Path, stem: str) -> str:
    """The Markdown and the outputs of an executed notebook, as text."""
    nb = json.loads((out / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and cell.get("id") != "run-note":
            parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_every_notebook_runs(whole, stem):
    name, _, _, failures = whole
    assert stem not in failures, failures.get(stem)
    assert not [k for k in failures if k.startswith("cached table")], failures


@pytest.mark.slow
@pytest.mark.parametrize("stem", [nb.stem for nb in NOTEBOOKS])
def test_no_sentence_about_the_studys_paper(whole, stem):
    name, _, out, failures = whole
    if stem in failures:
        pytest.skip(f"{stem} did not run on {name}")
    borrowed = sorted(set(BORROWED.findall(_notebook_text(out, stem))))
    assert borrowed == []


@pytest.mark.slow
def test_whole_study_tables_match_the_hand_counts(whole):
    name, paper, out, failures = whole
    if "01_corpus" in failures:
        pytest.fail(failures["01_corpus"])
    sections = pd.read_csv(out / "processed" / "sections.csv")
    parsed = load_paper(paper)
    assert len(sections) == len(parsed.sections)
    references = pd.read_csv(out / "processed" / "references.csv")
    assert len(references) == len(parsed.references)
    folder, stem = name.split("/")
    expected = _expected(folder)
    if folder == "synthetic":
        case = next(v for v in expected.values() if v["file"] == stem)
        assert len(sections) == case["headings"] - 1  # the reference heading is not a section
        assert len(references) == case.get("reference_entries", 0)
    else:
        kept = [s for s in expected["headings"]["sections"]
                if s["text"] not in SET_ASIDE[folder]]
        assert len(sections) == len(kept) + (folder == "good-enough-practices")
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert "words_per_section" in figures


@pytest.mark.slow
def test_whole_study_citations_match_the_hand_counts(whole):
    name, _, out, failures = whole
    assert "06_citations_and_reuse" not in failures
    found = pd.read_csv(out / "processed" / "citations.csv")
    folder, stem = name.split("/")
    if folder == "synthetic":
        case = next(v for v in _expected(folder).values() if v["file"] == stem)
        assert len(found) == case["occurrences"]
    else:
        assert len(found) == BODY_CITATIONS[folder]
