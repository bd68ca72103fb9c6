"""The study's bibliography: complete entries, citations resolved, one reading rendered twice."""

from __future__ import annotations

import re
import unicodedata

import pytest

from analysis.build import bibliography as bib
from analysis.build import paths

WORKS = bib.load()
#: Fields each entry type needs for a reader to find the work.
REQUIRED = {
    "article": {"title", "journal", "volume", "pages"},
    "inproceedings": {"title", "booktitle", "pages"},
    "incollection": {"title", "booktitle", "editor", "pages", "publisher", "address"},
    "book": {"title", "publisher", "address"},
    "misc": {"title"},
}
#: What the brief asked the bibliography to hold (issue #12), by key.
ASKED = ["dunning1993", "rayson2000", "hardie2014", "gries2008", "lijffijt2012",
         "juilland1964", "roder2015", "bouma2009", "mimno2011", "greene2014", "blei2003",
         "lee1999", "kuhn1955", "buzan1998", "church1990", "evert2008", "salton1988",
         "benjamini1995", "fisher1922", "speer2022", "barbaresi2026", "macfarlane2025",
         "pedregosa2011"]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def test_the_asked_works_are_all_there():
    assert set(ASKED) <= set(WORKS), sorted(set(ASKED) - set(WORKS))


@pytest.mark.parametrize("key", sorted(WORKS))
def test_entry_is_complete_and_keyed_by_first_author_and_year(key):
    work = WORKS[key]
    assert work.kind in REQUIRED, work.kind
    missing = REQUIRED[work.kind] - set(work.fields)
    assert not missing, f"{key} lacks {sorted(missing)}"
    assert work.authors and re.fullmatch(r"1[89]\d\d|20\d\d", work.year)
    family = _ascii(work.authors[0][0]).split()[-1].replace("'", "")
    assert key == f"{family}{work.year}"
    if "doi" in work.fields:
        assert re.fullmatch(r"10\.\d{4,9}/\S+", work.fields["doi"]), work.fields["doi"]
    if "pages" in work.fields:
        assert re.fullmatch(r"\d+–\d+|\d+", work.fields["pages"].replace("--", "–"))
    if work.kind == "misc":
        assert "url" in work.fields or "doi" in work.fields


def test_software_versions_in_the_bibliography_are_the_ones_in_use():
    import pypandoc

    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    simplemma = re.search(r"^simplemma==(\S+)", lock, flags=re.M).group(1)
    assert WORKS["barbaresi2026"].fields["note"].endswith(f"version {simplemma}")
    assert WORKS["macfarlane2025"].fields["note"].endswith(
        f"version {pypandoc.get_pandoc_version()}")


def test_citations_render_as_author_year():
    text = "as [@dunning1993; @rayson2000] and @blei2003 say, see @tab:settings"
    assert bib.cite_markdown(text, WORKS) == (
        "as (Dunning 1993; Rayson and Garside 2000) and Blei et al. (2003) say, "
        "see @tab:settings")
    assert bib.cite_latex(text, WORKS) == (
        r"as \citep{dunning1993,rayson2000} and \citet{blei2003} say, see @tab:settings")
    assert bib.cited_keys([text, "[@blei2003]", "e-mail@host.org"]) == [
        "dunning1993", "rayson2000", "blei2003"]
    with pytest.raises(bib.CitationError, match="@nobody2020"):
        bib.cite_markdown("[@nobody2020]", WORKS)


def test_names_and_entries():
    assert bib.initials("Stefan Th.") == "S. Th."
    assert bib.initials("H. Sebastian") == "H. S."
    assert bib.initials("Jean-Paul") == "J.-P."
    assert bib.markdown_entry(WORKS["dunning1993"]) == (
        "Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. "
        "*Computational Linguistics* 19(1), 61–74. https://aclanthology.org/J93-1003")
    assert bib.markdown_entry(WORKS["buzan1998"]).startswith(
        "Buzan, B., Wæver, O. and de Wilde, J. (1998). *Security: A New Framework for Analysis.*")
    assert bib.natbib_label(WORKS["dunning1993"]) == "{Dunning}(1993)"
    assert bib.natbib_label(WORKS["rayson2000"]) == "{Rayson and Garside}(2000)"
    assert bib.natbib_label(WORKS["roder2015"]) == (
        r'{R{\"o}der et~al.}(2015){R{\"o}der, Both and Hinneburg}')
    assert r"Information Processing \& Management" in bib.latex_entry(WORKS["salton1988"])
    assert bib.to_text(r"On the interpretation of $\chi^2$ from {P}") == (
        "On the interpretation of χ² from P")


def test_reference_list_is_sorted_by_family_name_without_particles():
    keys = ["roder2015", "buzan1998", "dunning1993", "blei2003"]
    md = bib.markdown_list(keys, WORKS)
    assert [line[2:8] for line in md.splitlines()] == ["Blei, ", "Buzan,", "Dunnin", "Röder,"]


def test_bibtex_subset_copies_entries_as_written():
    subset = bib.bibtex_subset(["salton1988", "dunning1993"])
    raw = bib.raw_entries()
    assert subset.index("@article{dunning1993") < subset.index("@article{salton1988")
    assert raw["salton1988"] in subset and r"Processing \& Management" in subset
