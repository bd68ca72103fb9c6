"""The reference list: a written list grouped from its lines, or a bibliography file.

Table (columns) of :func:`reference_table` and :func:`read_bibliography`:
reference_id, order, key, authors, n_authors, year, title, text, line.

``key`` is the entry's label, what in-text citations point to: the number of
a numbered list ("1" for ``1.`` or ``[1]``), the anchor or label of a keyed
entry (``<a name="kitzes2016"></a>[kitzes2016]:``), the citation key of a
BibTeX or CSL JSON entry; "" for an entry without one. ``authors`` is written
"Surname, Given and Surname, Given" for a bibliography file and as written for
a written list; ``n_authors`` counts them (:func:`count_authors`; 3 stands for
"three or more" where an entry ends its list with "et al." or "others").

A paper's reference list (:func:`paper_references`) is its written list when
it has one; otherwise the bibliography file the paper names or has beside it
(``Paper.bibliography``), read with bibtexparser (BibTeX) or the json module
(CSL JSON; a Manubot ``citations.tsv`` gives keys only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from analysis import bibliography
from analysis.citations import normalise_name
from analysis.settings import TITLE_MIN_WORDS, TITLE_SIMILARITY
from analysis.text import BULLET, YEAR, YEAR_WORD, clean_inline, first_sentence

REFERENCE_COLUMNS = ["reference_id", "order", "key", "authors", "n_authors", "year", "title",
                     "text", "line"]

_YEAR_IN_PARENS = re.compile(rf"\(({YEAR}|n\.d\.)\)")
_YEAR_SENTENCE = re.compile(rf"(?<=\.)\s+({YEAR})\.\s")
_YEAR_VANCOUVER = re.compile(rf"[.;]\s*({YEAR})(?=[;:.(\s]|$)")
_ANCHOR = re.compile(r"<a\s+(?:name|id)\s*=\s*[\"']?([^\"'\s>]+)[\"']?\s*>\s*</a>\s*", re.I)
_LABEL = re.compile(r"^\[(?P<key>[^\]\s]+)\]:?\s*")
_NUMBER = re.compile(r"^(?:(?P<n>\d{1,3})[.)]|\[(?P<b>\d{1,3})\])\s+")
_TAG_DEFINITION = re.compile(r"^\s*\[@[^\]]+\]:")
_TERMINAL = re.compile(r"[.?!)\]>]\s*$")
_VANCOUVER = re.compile(r"^(?P<authors>[A-Z][\w'’ -]*? [A-Z]{1,3}(?:, [A-Z][\w'’ -]*? [A-Z]{1,3})*"
                        r"(?:, et al)?)\.\s+(?P<rest>.*)$")
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.?\s*-?\s*)+$")
_VANCOUVER_NAME = re.compile(r"^[\w'’ -]+\s[A-Z]{1,3}$")


def count_authors(authors: str) -> int:
    """How many authors an entry's author field names (3 stands for "three or more").

    Reads the common shapes: Vancouver (``Hart EM, Barmby P``: one name per
    comma), APA (``Kim, Y., Park, J., & Choi, H.``: one name per run of
    initials) and Chicago or full names (``Buzan, Barry, Ole Wæver, and Jaap de
    Wilde``: the first name inverted, the rest in order; ``Hashemi, Amir and
    Rezai, Alireza``: every name inverted). "et al." or "others" counts 3.

    Parameters
    ----------
    authors : str
        An author field as written.

    Returns
    -------
    int
        0 for an empty field.
    """
    text = authors.strip(" .,;")
    if not text:
        return 0
    if re.search(r"\bet\s+al\b|\bothers\b", text, re.I):
        return 3
    tokens = [t.strip() for t in re.split(r",|\s+(?:and|&)\s+|;", text) if t.strip()]
    if all(_VANCOUVER_NAME.match(t) for t in tokens):
        return len(tokens)
    initials = sum(bool(_INITIALS_ONLY.match(t)) for t in tokens)
    if initials:
        return initials
    parts = [p.strip(" ,") for p in re.split(r",?\s+(?:and|&)\s+", text) if p.strip(" ,")]
    count = 0
    for i, part in enumerate(parts):
        names = [t.strip() for t in part.split(",") if t.strip()]
        if i == 0:
            count += 1 + max(0, len(names) - 2)
        else:
            count += 1 if len(names) <= 2 else len(names) - 1
    return count


def parse_reference(text: str) -> dict[str, str]:
    """Authors, year and title of one reference entry, as written.

    Four shapes are read: ``Author, A. (2020). Title. Venue``, ``Author AB,
    Other C. Title. Venue. 2020;5(7)`` (Vancouver), ``Author, A. 2020. Title.
    Venue`` and ``Author, A. Title. Place: Publisher, 1998``. The title is the text after the
    year (or after the authors) up to the end of its first sentence
    (:func:`analysis.text.first_sentence`); a quoted title is taken whole. Entries that
    run title and venue together with commas keep the venue in the title: the field is
    what the entry says, not a repair.

    Parameters
    ----------
    text : str
        One entry, as written.

    Returns
    -------
    dict
        authors, year (as written, "" if none) and title.
    """
    year_match = _YEAR_IN_PARENS.search(text)
    vancouver = None if year_match else _VANCOUVER.match(text)
    year_match = year_match or (None if vancouver else _YEAR_SENTENCE.search(text))
    if year_match:
        authors = text[: year_match.start()]
        year = year_match.group(1)
        rest = text[year_match.end():].lstrip(" .,:;")
    else:
        authors = vancouver.group("authors") if vancouver else first_sentence(text)
        rest = vancouver.group("rest") if vancouver else text[len(authors):].lstrip(" .")
        in_venue = _YEAR_VANCOUVER.search(text)
        years = YEAR_WORD.findall(text)
        year = in_venue.group(1) if in_venue else (years[-1] if years else "")
    rest = rest.strip()
    quoted = re.match(r"^[\"“](.+?)(?:[.,][\"”]|[\"”](?=\s*[.,;:(]|\s*$))", rest)
    title = quoted.group(1) if quoted else first_sentence(rest)
    title = re.sub(rf"[;,]\s*{YEAR}$", "", title.strip(" ,.;"))
    return {
        "authors": authors.strip(" ,.;"),
        "year": year,
        "title": title.strip(" ,.;\"“”"),
    }


def _continues(previous: str, block: str) -> bool:
    """Whether a blank-line block continues the entry before it (a page-break split)."""
    if _LABEL.match(block) or _NUMBER.match(block) or _ANCHOR.match(block):
        return False
    if block[:1].islower() or not block[:1].isalnum():
        return True
    return not _TERMINAL.search(previous) and not YEAR_WORD.search(block)


def reference_entries(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Group reference-section lines into entries: by bullet, else by blank-line block.

    A bulleted list starts an entry at each bullet; any other line, after a
    blank line or not, continues the entry before it. Otherwise a blank-line
    block is an entry, unless it continues the one before (an entry split by
    a page break): it starts in lower case or with punctuation, or the entry
    before it has no closing punctuation and the block has no year and no
    label. Lines that hold only HTML (``<div id="refs"></div>``) and Manubot
    citation-tag definitions (``[@tag:x]: doi:...``) are not entries. A
    numbered bullet (``1.``, ``[1]``) and an anchor
    (``<a name="key"></a>``) are kept as a leading ``[label]`` for
    :func:`reference_table`.

    Parameters
    ----------
    lines : list of (int, str)
        (line number, text) of the reference section, "" for a blank line.

    Returns
    -------
    list of (int, str)
        (first line number, cleaned text) of each entry.
    """
    bulleted = any(BULLET.match(text) for _, text in lines if text)
    entries: list[tuple[int, list[str]]] = []
    new_block = True
    for number, text in lines:
        if not text.strip() or _TAG_DEFINITION.match(text) or not (
                clean_inline(text) or _ANCHOR.match(text.strip())):
            new_block = True
            continue
        text = text.strip()
        if bulleted:
            starts = bool(BULLET.match(text))
        else:
            starts = new_block and not (entries and _continues(" ".join(entries[-1][1]), text))
        label = ""
        anchor = _ANCHOR.match(text)
        if anchor:
            text = _LABEL.sub("", text[anchor.end():], count=1)
            label = f"[{anchor.group(1)}]: "
        numbered = _NUMBER.match(text)
        if numbered and starts:
            label = f"[{numbered.group('n') or numbered.group('b')}] "
        if starts or not entries:
            entries.append((number, [label + BULLET.sub("", text, count=1)]))
        else:
            entries[-1][1].append(label + text)
        new_block = False
    return [(number, clean_inline(" ".join(parts))) for number, parts in entries]


def reference_table(entries: list[tuple[int, str]]) -> pd.DataFrame:
    """The reference entries parsed into a table.

    Parameters
    ----------
    entries : list of (int, str)
        (first line number, text) of each entry (:func:`reference_entries`).

    Returns
    -------
    DataFrame
        reference_id (``R01``, ``R02``, ...), order (1-based), key (a leading
        ``[label]``, else ""), authors, n_authors, year and title
        (:func:`parse_reference`), text (the entry as written, label removed),
        line; one row per entry in list order, an empty table with these
        columns if there is none.
    """
    rows = []
    for i, (number, text) in enumerate(entries, start=1):
        label = _LABEL.match(text)
        key = label.group("key") if label else ""
        text = text[label.end():] if label else text
        parsed = parse_reference(text)
        rows.append({"reference_id": f"R{i:02d}", "order": i, "key": key, **parsed,
                     "n_authors": count_authors(parsed["authors"]), "text": text,
                     "line": number})
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)


# ---------------------------------------------------------------------------
# One work listed twice


def reference_author_key(authors: str) -> str:
    """Key of a reference entry's first author: its surname, normalised.

    Entries are written "Surname, Given" (the part before the first comma) or
    "Surname AB" (Vancouver: the initials dropped); an entry with no comma (a
    corporate author or a title standing in for one) is keyed on its author
    field up to an "and" or "&".

    Parameters
    ----------
    authors : str
        The entry's author field.

    Returns
    -------
    str
        :func:`analysis.citations.normalise_name` of the surname.
    """
    first = str(authors).split(",", 1)[0]
    first = re.split(r"\s+(?:and|&)\s+", first, maxsplit=1)[0].strip()
    vancouver = re.match(r"^(.+?)\s[A-Z]{1,3}$", first)
    return normalise_name(vancouver.group(1) if vancouver else first)


def keyed_references(references: pd.DataFrame) -> pd.DataFrame:
    """The reference list with author_key, and key, n_authors and year as text filled in."""
    refs = references.copy()
    if "key" not in refs:
        refs["key"] = ""
    if "order" not in refs:
        refs["order"] = range(1, len(refs) + 1)
    if "n_authors" not in refs:
        refs["n_authors"] = [count_authors(str(a)) for a in refs["authors"]]
    return refs.assign(author_key=[reference_author_key(a) for a in refs["authors"]],
                       year=refs["year"].fillna("").astype(str),
                       key=refs["key"].fillna("").astype(str))


def title_ratio(first: str, second: str) -> float:
    """Share of the shorter title's words found, in order, in the longer one.

    Titles are compared as normalised words with difflib's SequenceMatcher
    (a refinement of Ratcliff/Obershelp matching; the sum of its matching
    blocks over the shorter title's length). Entries often run the title
    into the venue ("Title, Publisher"), and a translation adds "Translator:
    ...", so the measure asks whether one title is contained in the other.

    Parameters
    ----------
    first, second : str
        Two titles as written.

    Returns
    -------
    float
        Between 0 and 1; 0.0 if either title has no word.

    References
    ----------
    Ratcliff, J. W. and Metzener, D. E. (1988). Pattern matching: the gestalt
    approach. *Dr. Dobb's Journal* 13(7), 46.
    """
    a = [w for w in (normalise_name(w) for w in str(first).split()) if w]
    b = [w for w in (normalise_name(w) for w in str(second).split()) if w]
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(a)


def _given_initial(authors: str) -> str:
    parts = str(authors).split(",")
    given = parts[1].strip() if len(parts) > 1 else ""
    return given[:1].upper()


def same_work(a, b, title_similarity: float) -> bool:
    """Whether two entries (same first author) list one work: same initial, titles alike
    (see :func:`duplicate_references`)."""
    ia, ib = _given_initial(a.authors), _given_initial(b.authors)
    if ia and ib and ia != ib:
        return False
    long_enough = min(len(str(a.title).split()), len(str(b.title).split())) >= TITLE_MIN_WORDS
    if long_enough:
        return title_ratio(a.title, b.title) >= title_similarity
    return bool(a.title) and normalise_name(a.title) == normalise_name(b.title)


def duplicate_references(references: pd.DataFrame,
                         title_similarity: float = TITLE_SIMILARITY) -> pd.DataFrame:
    """Pairs of reference entries that list one work twice.

    Two entries are paired when they have the same first author (surname and,
    where both give it, first initial) and their titles are alike: a
    :func:`title_ratio` of at least ``title_similarity`` for titles of at
    least :data:`analysis.settings.TITLE_MIN_WORDS` words, the same words for
    shorter ones. The year does not decide: the same work may be listed in
    two years (an edition, a translation), and two works by one surname in one
    year (Kim 2020a, 2020b, or two authors called Kim) are two works.

    Parameters
    ----------
    references : DataFrame
        The reference list.
    title_similarity : float, default :data:`analysis.settings.TITLE_SIMILARITY`

    Returns
    -------
    DataFrame
        reference_ids (the two ids, space-separated), author_key, years (the
        two years), title_ratio (rounded to 3 places), same_year; by author key,
        then list order.
    """
    refs = keyed_references(references).reset_index(drop=True)
    rows = []
    for key, group in refs[refs["author_key"] != ""].groupby("author_key", sort=True):
        items = list(group.itertuples())
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if same_work(a, b, title_similarity):
                    rows.append({"reference_ids": f"{a.reference_id} {b.reference_id}",
                                 "author_key": key, "years": f"{a.year} {b.year}",
                                 "title_ratio": round(title_ratio(a.title, b.title), 3),
                                 "same_year": a.year == b.year})
    return pd.DataFrame(rows, columns=["reference_ids", "author_key", "years", "title_ratio",
                                       "same_year"])


# ---------------------------------------------------------------------------
# Bibliography files


def read_bibliography(path: Path | str) -> pd.DataFrame:
    """A bibliography file as a reference table.

    BibTeX (``.bib``) is read with bibtexparser 2 (LaTeX decoded, names split
    into their parts); CSL JSON (``.json``) with the json module; a Manubot
    ``citations.tsv`` gives each cited key (``input_id``) and its standard id,
    without authors, years or titles.

    Parameters
    ----------
    path : Path or str
        The file.

    Returns
    -------
    DataFrame
        The columns of :func:`reference_table` plus pages (the BibTeX
        ``pages`` or CSL ``page`` field); one row per entry in file order;
        ``line`` is the entry's first line in the file; ``text`` a rendering
        "Authors (year). Title. Venue".

    Raises
    ------
    ValueError
        For a file type other than .bib, .json or .tsv.
    """
    path = Path(path)
    readers = {".bib": bibliography.bibtex_rows, ".bibtex": bibliography.bibtex_rows,
               ".json": bibliography.csl_rows, ".tsv": bibliography.manubot_rows}
    if path.suffix.lower() not in readers:
        raise ValueError(f"{path}: a bibliography must be BibTeX (.bib), CSL JSON (.json) or "
                         "a Manubot citations.tsv")
    rows = readers[path.suffix.lower()](path)
    table = pd.DataFrame(rows, columns=["key", "authors", "n_authors", "year", "title", "text",
                                        "line", "pages"])
    table.insert(0, "reference_id", [f"R{i:02d}" for i in range(1, len(table) + 1)])
    table.insert(1, "order", range(1, len(table) + 1))
    return table[REFERENCE_COLUMNS + ["pages"]]


@dataclass(frozen=True)
class ReferenceList:
    """A paper's reference list and where it comes from.

    Attributes
    ----------
    table : DataFrame
        The :func:`reference_table` columns (plus pages for a file).
    source : str
        "written list", "bibliography file" or "none".
    name : str
        The file's name for a bibliography file, else "".
    """

    table: pd.DataFrame
    source: str
    name: str = ""


def paper_references(paper) -> ReferenceList:
    """The reference list an audit checks the paper's citations against.

    The written list when it has entries (what the reader sees); otherwise
    the bibliography file the paper names or has beside it (its
    ``bibliography`` attribute); otherwise none.

    Parameters
    ----------
    paper : analysis.paper.Paper
        The parsed paper (``references``, and ``bibliography`` if the parser sets it).

    Returns
    -------
    ReferenceList
    """
    if len(paper.references):
        return ReferenceList(paper.references, "written list")
    bibliography = getattr(paper, "bibliography", None)
    if bibliography is not None and Path(bibliography).is_file():
        return ReferenceList(read_bibliography(bibliography), "bibliography file",
                             Path(bibliography).name)
    return ReferenceList(pd.DataFrame(columns=REFERENCE_COLUMNS), "none")
