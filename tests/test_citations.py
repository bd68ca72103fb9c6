"""In-text citations: every style on hand-written strings, hand counts, this paper."""

from __future__ import annotations

import re
import tomllib

import pandas as pd
import pytest
import raw_markdown
from hypothesis import given
from hypothesis import strategies as st

from analysis import citation_audit as audit_
from analysis import citations as cit
from analysis import references as refs_
from analysis.citation_styles import expand_numbers


def _paragraphs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"paragraph_id": [f"P{i:03d}" for i in range(1, len(texts) + 1)],
                         "section_id": ["S01"] * len(texts), "text": list(texts)})


def _references(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"reference_id": f"R{i:02d}", "authors": a, "year": y, "title": t,
                          "text": x} for i, (a, y, t, x) in enumerate(rows, start=1)])


def _keys(text: str, known=()) -> list[str]:
    return [c["key"] for c in cit.parse_citations(text, known)]


# -- Author-year -------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("as argued (Mundell, 2017, p. 56).", ("Mundell", "2017", "p. 56", "page", "parenthetical")),
    ("rules (Mottaghi, 2021: p. 6).", ("Mottaghi", "2021", "p. 6", "page", "parenthetical")),
    ("groups. (Pourhassan et al., 2021: 252).",
     ("Pourhassan et al.", "2021", "252", "page", "parenthetical")),
    ("identity (Hashemi and Rezai, 2019, p. 67).",
     ("Hashemi and Rezai", "2019", "p. 67", "page", "parenthetical")),
    ("Soleimani (Khabar Online, 2020, News Code: 1495491).",
     ("Khabar Online", "2020", "News Code: 1495491", "news_code", "news")),
    ("visited (Khabar Online, 2015, news code, 513728).",
     ("Khabar Online", "2015", "news code, 513728", "news_code", "news")),
    ("policy (Constitution, Articles 11, 152, and 153).",
     ("Constitution", "", "Articles 11, 152, and 153", "article", "legal")),
    ("as noted (Adesnik, 2018).", ("Adesnik", "2018", "", "none", "parenthetical")),
    ("as Buzan (1991, p. 3) argues", ("Buzan", "1991", "p. 3", "page", "narrative")),
    ("as Hashemi and Rezai (2019) show", ("Hashemi and Rezai", "2019", "", "none", "narrative")),
    ("the Torabi Kalate Ghazi (2021) study", ("Torabi Kalate Ghazi", "2021", "", "none",
                                               "narrative")),
    ("Y. Kim et al. (2020) measure", ("Y. Kim et al.", "2020", "", "none", "narrative")),
    ("an index (Kim & Lee, 2019: 14) is", ("Kim & Lee", "2019", "14", "page", "parenthetical")),
    ("and (Y. Kim et al., 2020b) extend", ("Y. Kim et al.", "2020b", "", "none",
                                           "parenthetical")),
    ("In Kim and Lee (2019) the index", ("Kim and Lee", "2019", "", "none", "narrative")),
])
def test_author_year_forms(text, expected):
    found = cit.parse_citations(text)
    assert len(found) == 1
    c = found[0]
    assert (c["authors"], c["year"], c["locator"], c["locator_kind"], c["form"]) == expected
    assert c["style"] == "author_year" and c["key"] == ""


def test_prefixes_are_kept_apart_from_the_author():
    found = cit.parse_citations("widen it (e.g., Buzan, 1991; Wæver, 1995) and narrow it "
                                "(see Baldwin, 1997, p. 5), cf. (cf. Wolfers, 1952).")
    assert [(c["prefix"], c["authors"], c["year"]) for c in found] == [
        ("e.g.,", "Buzan", "1991"), ("", "Wæver", "1995"), ("see", "Baldwin", "1997"),
        ("cf.", "Wolfers", "1952")]
    assert [cit.citation_author_key(c["authors"]) for c in found] == [
        "buzan", "wæver", "baldwin", "wolfers"]


@pytest.mark.parametrize("text", [
    "trade grew after the withdrawal since (2008), and reached $9 billion in (2018).",
    "the Popular Mobilization Forces (PMF) and the House of Peace (Dar al-Salam).",
    "from 73% in 2016 to 82% in 2019, (see above).",
    "In (2014) the city fell.",
    "No brackets at all, 2017, p. 5.",
    "Support rose in 2008 (N = 2020) and fell after (2019) the elections.",
])
def test_brackets_that_are_not_citations(text):
    assert cit.parse_citations(text) == []


# -- Keys and numbers ----------------------------------------------------------------


def test_pandoc_citations():
    text = ("Widened [@buzan1991]. Agree [@buzan1998; @waever1995, p. 3]. @buzan1991 defines, "
            "Wæver [-@waever1995] names. Older [see @wolfers1952, pp. 481-482; also @buzan1991, "
            "chap. 1]. @stritzel2007 [p. 360] criticises. Mail security@example.org; "
            "`@notacitation` is code; Figure @fig:overview shows.")
    found = cit.parse_citations(text)
    assert [c["key"] for c in found] == ["buzan1991", "buzan1998", "waever1995", "buzan1991",
                                         "waever1995", "wolfers1952", "buzan1991", "stritzel2007"]
    assert [c["form"] for c in found] == ["parenthetical"] * 3 + ["narrative", "suppress_author"] \
        + ["parenthetical"] * 2 + ["narrative"]
    assert [c["locator"] for c in found if c["locator"]] == ["p. 3", "pp. 481-482", "chap. 1",
                                                             "p. 360"]
    assert [c["prefix"] for c in found if c["prefix"]] == ["see", "also"]
    assert {c["style"] for c in found} == {"pandoc"}


def test_manubot_keys_end_where_pandoc_says():
    text = ("Learn [@doi:10.1038/nature14539]. Genomics [@doi:10.1038/nbt.3300; @pmid:26213851] "
            "and [@arxiv:1512.03385; @tag:Krizhevsky2012_imagenet]; a post "
            "[@url:https://example.org/weak-supervision]. By @Traag2020.")
    found = cit.parse_citations(text)
    assert [c["key"] for c in found] == [
        "doi:10.1038/nature14539", "doi:10.1038/nbt.3300", "pmid:26213851", "arxiv:1512.03385",
        "tag:Krizhevsky2012_imagenet", "url:https://example.org/weak-supervision", "Traag2020"]
    assert [c["style"] for c in found] == ["manubot"] * 6 + ["pandoc"]


def test_numbered_citations_and_what_is_not_one():
    text = ("Contested [1]. Measured [2–4], compared [1, 5]. Later [2,3,6-7]; see [8]. Table 1 "
            "and step 2 are in [3]. x = data[1]; a link [4](http://x) and [0] and [^2].")
    assert _keys(text) == ["1", "2", "3", "4", "1", "5", "2", "3", "6", "7", "8", "3"]
    assert {c["form"] for c in cit.parse_citations(text)} == {"numbered"}
    assert expand_numbers("9-7") == [9, 7] and expand_numbers("1–3, 5") == [1, 2, 3, 5]


def test_bracketed_keys():
    text = ("Described [wilson2014]. Agree [wilson2014, noble2009], linked "
            "[[kitzes2016](#kitzes2016)]. A [web link](https://example.org), a marker[^1], "
            "[this bracketed aside] and [fig:project] are not. Unknown [smith2020]; an anchor "
            "key [UIllinois].")
    assert _keys(text) == ["wilson2014", "wilson2014", "noble2009", "kitzes2016", "smith2020"]
    assert _keys(text, ["UIllinois"])[-1] == "UIllinois"


def test_an_author_year_mention_before_its_key_is_read_once():
    text = "Jensen (2018) [@doi:10.1039/C8SC05372C] and Yoshikawa et al. (2019) [@doi:10.1/x]."
    assert _keys(text) == ["doi:10.1039/C8SC05372C", "doi:10.1/x"]
    spans = cit.citation_brackets(text)
    assert [text[a:b] for a, b in spans] == ["(2018)", "[@doi:10.1039/C8SC05372C]", "(2019)",
                                             "[@doi:10.1/x]"]


def test_citation_brackets_cover_every_style():
    text = ("Buzan (1991, p. 3) argues (Waever, 1995; Smith, 2001) since (2008); pandoc "
            "[@a; @b, p. 3] and @c [p. 4]; numbered [2–4]; keyed [smith2020]; @fig:x is not.")
    assert [text[a:b] for a, b in cit.citation_brackets(text)] == [
        "(1991, p. 3)", "(Waever, 1995; Smith, 2001)", "[@a; @b, p. 3]", "@c [p. 4]", "[2–4]",
        "[smith2020]"]


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs", "S"]), max_size=120))
def test_parser_never_fails_and_spans_are_clean(text):
    for c in cit.parse_citations(text):
        assert c["year"] == "" or c["year"][:4].isdigit() or c["year"] == "n.d."
        assert c["style"] in cit.CITATION_STYLES and c["form"] in cit.CITATION_FORMS
        assert c["key"] or c["authors"].strip() == c["authors"] and c["authors"]
    spans = cit.citation_brackets(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


def test_table_columns_ids_and_style_counts():
    table = cit.citation_table(_paragraphs("A (Smith, 2001, p. 2). B (Jones, 2002).",
                                           "Nothing cited here [@k1; @k1].", "None."))
    assert list(table.columns) == cit.CITATION_COLUMNS
    assert list(table["citation_id"]) == ["C001", "C002", "C003", "C004"]
    assert list(table["author_key"]) == ["smith", "jones", "", ""]
    counts = cit.style_counts(table).set_index("style")
    assert counts.loc["author_year", "n_citations"] == 2 and counts.loc["pandoc", "n_works"] == 1


def test_paper_without_citations_gives_empty_table():
    table = cit.citation_table(_paragraphs("No citations. None at all (really).", "Plain."))
    assert table.empty and list(table.columns) == cit.CITATION_COLUMNS
    assert cit.style_counts(table).empty
    matches = audit_.match_citations(table, _references(("Smith, A", "2001", "T", "x")))
    assert matches.empty and list(matches.columns) == audit_.MATCH_COLUMNS


def test_normalised_keys():
    assert cit.citation_author_key("Pourhassan et al.") == "pourhassan"
    assert cit.citation_author_key("Hashemi and Rezai") == "hashemi"
    assert cit.citation_author_key("Y. Kim et al.") == "kim"
    assert cit.citation_author_key("Wæver & Buzan") == cit.citation_author_key("WÆVER") == "wæver"
    assert cit.citation_author_key("Pak Ayin") == refs_.reference_author_key("Pak Ayin, Mohsen")
    assert refs_.reference_author_key("Buzan, Barry, Ole WÆVER, and Jaap de WILDE") == "buzan"
    assert refs_.reference_author_key("Hashemi, Amir and Rezai, Alireza") == "hashemi"
    assert refs_.reference_author_key("St Laurent AM") == "stlaurent"
    assert cit.normalise_name("Ébadi-Nasr") == "ebadinasr"


# -- The test papers against their hand counts --------------------------------------------


def _expected(folder: str) -> dict:
    return tomllib.loads((raw_markdown.PAPERS / folder / "expected.toml").read_text("utf-8"))


def _read(path: str, known=()) -> pd.DataFrame:
    return cit.citation_table(raw_markdown.paragraphs(raw_markdown.PAPERS / path), known)


def _works(table: pd.DataFrame) -> pd.Series:
    return table["key"].where(table["key"] != "", table["author_key"] + " " + table["year"])


@pytest.mark.parametrize("folder, style", [
    ("joss-bayestestr", "pandoc"), ("joss-textnets", "pandoc"),
    ("good-enough-practices", "bracketed_key"), ("manubot-deep-review", "manubot")])
def test_real_papers_match_their_hand_counts(folder, style):
    expected = _expected(folder)["citations"]
    table = _read(f"{folder}/paper.md")
    assert len(table) == expected["occurrences"]
    assert table["key"].nunique() == expected["distinct_keys"]
    assert set(table["style"]) == {style}
    if "key_counts" in expected:
        assert table["key"].value_counts().to_dict() == expected["key_counts"]
    if "occurrences_by_prefix" in expected:
        prefixes = table["key"].str.split(":").str[0].value_counts().to_dict()
        assert prefixes == expected["occurrences_by_prefix"]


@pytest.mark.parametrize("case", ["pandoc", "manubot", "numbered", "bracketed_keys",
                                  "author_year"])
def test_synthetic_cases_match_their_hand_counts(case):
    expected = _expected("synthetic")[case]
    table = _read(f"synthetic/{expected['file']}")
    assert len(table) == expected["occurrences"]
    assert _works(table).nunique() == expected["distinct"]
    if "keys_in_order" in expected:
        assert list(table["key"]) == expected["keys_in_order"]
    if "numbers_in_order" in expected:
        assert list(table["key"].astype(int)) == expected["numbers_in_order"]
    if "locators" in expected and case == "author_year":
        assert [x for x in table["locator"] if x] == ["p. 5", "14", "p. 3"]
    if case == "author_year":
        assert (table["form"] == "narrative").sum() == expected["narrative"]
        assert [p for p in table["prefix"] if p] == ["e.g.,", "see"]


# -- The real paper -----------------------------------------------------------------


def test_real_paper_citations(corpus):
    table = cit.citation_table(corpus.paragraphs)
    assert len(table) == 24
    assert set(table["form"]) == {"parenthetical", "news", "legal"}
    assert set(table["style"]) == {"author_year"}
    assert not table["authors"].str.match(r"^(?:since|in)\b", case=False).any()
    assert (table["locator_kind"] == "news_code").sum() == 3
    for paragraph in corpus.paragraphs["text"]:
        assert len(cit.citation_brackets(paragraph)) <= len(cit.parse_citations(paragraph))


@pytest.mark.parametrize("name", ["pandoc.md", "manubot.md", "numbered.md", "bracketed-keys.md",
                                  "author-year.md"])
def test_no_citation_marker_reaches_the_tokeniser(name):
    from analysis.tokens import strip_citations

    for text in raw_markdown.paragraphs(raw_markdown.PAPERS / "synthetic" / name)["text"]:
        left = re.sub(r"`[^`]*`", "", strip_citations(text))  # a code span is not a citation
        assert not re.search(r"(?<![\w@])-?@(?!fig:)[A-Za-z]", left), left
        assert not re.search(r"\[(?:\d[\d,\s–-]*|[a-z]+\d{4}[a-z]?)\]", left), left
        assert not re.search(r"\([^()]*[A-Z][^()]*,\s*\d{4}[a-z]?[^()]*\)", left), left


def test_methods_text_quotes_the_settings():
    from analysis import citation_report, settings

    text = citation_report.methods_text()
    assert f"{settings.SENTENCE_SIMILARITY_THRESHOLD}" in text and "et al." in text
