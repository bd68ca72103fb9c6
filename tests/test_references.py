"""The reference list: entries, keys, authors, page-break splits and bibliography files."""

from __future__ import annotations

import json

import pytest
import raw_markdown

from analysis import references


@pytest.mark.parametrize("authors, n", [
    ("Hashemi, Amir and Rezai, Alireza", 2),
    ("Buzan, Barry, Ole WÆVER, and Jaap de WILDE", 3),
    ("Motalebi, Masoud and Jamal Khan Mohammadi", 2),
    ("Kim, Y., Park, J., & Choi, H.", 3),
    ("Kim, Y., & Lee, S.", 2),
    ("Hart EM, Barmby P, LeBauer D", 3),
    ("Wilson G, Aruliah DA, et al", 3),
    ("National Security from the Perspective of General Soleimani", 1),
    ("Haji Najari, Abbas", 1),
    ("", 0),
])
def test_count_authors(authors, n):
    assert references.count_authors(authors) == n


def test_entries_keys_and_shapes():
    lines = [(1, "1. Buzan B. People, States and Fear. Harvester Wheatsheaf; 1991."), (2, ""),
             (3, "2. Kim, Y., & Lee, S. (2019). Measuring security. Journal of Tests, 1.")]
    table = references.reference_table(references.reference_entries(lines))
    assert list(table["key"]) == ["1", "2"]
    assert table[["authors", "year", "title"]].values.tolist() == [
        ["Buzan B", "1991", "People, States and Fear"],
        ["Kim, Y., & Lee, S", "2019", "Measuring security"]]
    assert list(table["n_authors"]) == [1, 2]
    assert not table["text"].str.startswith("[").any()


def test_anchored_entries_and_what_is_not_an_entry():
    lines = [(1, '<a name="kitzes2016"></a>[kitzes2016]:'), (2, "Kitzes J. Reproducible "
             "Workflows; 2016."), (3, ""), (4, '<div id="refs"></div>'), (5, ""),
             (6, "[@tag:Unused2020]: doi:10.1000/unused"), (7, ""),
             (8, '<a name="hunt1999"></a>[hunt1999]:'), (9, "Hunt A, Thomas D. The Pragmatic "
             "Programmer. Addison-Wesley; 1999.")]
    table = references.reference_table(references.reference_entries(lines))
    assert list(table["key"]) == ["kitzes2016", "hunt1999"]
    assert list(table["title"]) == ["Reproducible Workflows", "The Pragmatic Programmer"]
    assert list(table["line"]) == [1, 8]


def test_an_entry_split_by_a_page_break_is_one_entry():
    blocks = [(1, "Smith, A. (2001). A title that runs over"), (2, ""),
              (3, "the page break. Journal of Tests."), (4, ""),
              (5, "Jones, B. (2002). Complete. Journal of Tests."), (6, ""),
              (7, "Brown, C. (2003). Another that runs, Publisher"), (8, ""),
              (9, "Press, London.")]
    table = references.reference_table(references.reference_entries(blocks))
    assert len(table) == 3
    assert table["text"].iloc[0] == ("Smith, A. (2001). A title that runs over the page break. "
                                     "Journal of Tests.")
    assert table["text"].iloc[2].endswith("Publisher Press, London.")
    bulleted = [(1, "- Smith, A. (2001). Split"), (2, ""), (3, "here. J."), (4, "- Jones (2002).")]
    assert len(references.reference_entries(bulleted)) == 2


def test_read_bibtex(tmp_path):
    bib = tmp_path / "x.bib"
    bib.write_text("@book{buzan1998,\n author = {Buzan, Barry and W{\\ae}ver, Ole and de Wilde, "
                   "Jaap},\n title = {{Security}: A New Framework},\n year = {1998}\n}\n\n"
                   "@online{boy2020,\n author = {Boy, John D. and others},\n title = {Enemies},\n"
                   " date = {2020-06-11},\n pages = {58--33}\n}\n", encoding="utf-8")
    table = references.read_bibliography(bib)
    assert list(table.columns) == references.REFERENCE_COLUMNS + ["pages"]
    assert table[["key", "authors", "n_authors", "year", "title", "line"]].values.tolist() == [
        ["buzan1998", "Buzan, Barry and Wæver, Ole and de Wilde, Jaap", 3, "1998",
         "Security: A New Framework", 1],
        ["boy2020", "Boy, John D.", 3, "2020", "Enemies", 7]]
    assert references.reference_author_key(table["authors"].iloc[0]) == "buzan"


def test_read_csl_json_and_manubot_tsv(tmp_path):
    csl = tmp_path / "x.json"
    csl.write_text(json.dumps([{"id": "a", "title": "T", "issued": {"date-parts": [[2019, 3]]},
                                "author": [{"family": "Kim", "given": "Y."},
                                           {"literal": "A Consortium"}]}]), encoding="utf-8")
    table = references.read_bibliography(csl)
    assert table[["key", "authors", "n_authors", "year"]].values.tolist() == [
        ["a", "Kim, Y. and A Consortium", 2, "2019"]]
    tsv = raw_markdown.PAPERS / "manubot-deep-review" / "citations.tsv"
    table = references.read_bibliography(tsv)
    assert len(table) == 635 and table["key"].is_unique
    with pytest.raises(ValueError, match="BibTeX"):
        references.read_bibliography(tmp_path / "x.ris")


@pytest.mark.parametrize("folder, n, cited", [("joss-bayestestr", 45, 19),
                                               ("joss-textnets", 12, 12),
                                               ("good-enough-practices", 21, 16)])
def test_real_bib_files(folder, n, cited):
    table = references.read_bibliography(raw_markdown.PAPERS / folder / "paper.bib")
    assert len(table) == n and table["key"].is_unique
    assert (table["year"] != "").sum() >= n - 1


def test_paper_references_prefers_the_written_list(corpus, tmp_path):
    chosen = references.paper_references(corpus)
    assert chosen.source == "written list" and len(chosen.table) == 19

    class Bare:
        references = corpus.references.iloc[0:0]
        bibliography = raw_markdown.PAPERS / "joss-textnets" / "paper.bib"

    chosen = references.paper_references(Bare())
    assert (chosen.source, chosen.name, len(chosen.table)) == ("bibliography file", "paper.bib",
                                                               12)
    Bare.bibliography = None
    assert references.paper_references(Bare()).source == "none"
