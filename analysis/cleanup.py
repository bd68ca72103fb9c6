"""The study's clean-up rules on a parsed paper: what is set aside, joined or refused.

:mod:`analysis.paper` walks pandoc's blocks and asks these rules about each:
whether a block of text is boilerplate (:func:`boilerplate_kind`), whether a
heading opens back matter (:func:`heading_kind`) or the reference list
(:func:`is_references_heading`), whether a paragraph ends a sentence
(:func:`ends_sentence`) or opens in the middle of one
(:func:`starts_mid_sentence`, the signs of a page break and of a run-in
heading), whether the text is English (:func:`language_problem`), and what
the paper's metadata are (:func:`paper_metadata`). The kinds of text set aside
are listed, with what each means, in :data:`SET_ASIDE_KINDS`.

On the parsed blocks, the study's own clean-up runs:

* the **title** is the YAML (or title-block) title, else a first heading that
  opens the file and names no section; **metadata** is the YAML block, with
  title, author and date filled from the first lines when it has none;
* **front matter** before the first heading (author and affiliation lines with
  ``<sup>`` marks, dates, lists, notes, short lines) is set aside; prose there
  is body text in an unnamed opening section (:data:`analysis.paper.OPENING`);
* **boilerplate** anywhere (separators, images, keywords, dates, e-mail lines,
  ORCID lines, copyright lines, lines mostly in another script, URLs), and
  what is not prose (code, tables, raw HTML and what it encloses, figure
  captions, footnotes) is set aside line by line and counted;
* **back matter** (acknowledgements, funding, declarations and competing
  interests, author contributions and biographies, notes), heading and all
  that lies under it, is set aside like the front matter;
* **page-break splits**: a paragraph that does not end a sentence (nor ends in
  a colon) is joined by the next one in the same section, as is one followed
  by a paragraph opening on a lower-case function word;
* a **run-in heading** that a PDF conversion split off its sentence
  (``### Military security`` then "as conventionally studied, pertains to …")
  is read back as the sentence's first words; the section stays.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.text import clean_inline, word_count

#: What the boilerplate table's kinds mean.
SET_ASIDE_KINDS = {
    "metadata": "the YAML metadata block", "title": "the title heading",
    "authors": "author lines, author lists, contributions and biographies",
    "affiliation": "affiliation lines", "dates": "received/accepted lines",
    "keywords": "keyword lines", "email": "short lines with an e-mail address",
    "orcid": "ORCID lines", "copyright": "copyright and licence lines",
    "front_matter": "other lines before the first heading that are not prose",
    "label": "a short bold or italic line standing alone as a heading (**Abstract**)",
    "separator": "horizontal rules", "watermark": "short lines mostly in another script",
    "non_latin_text": "longer passages mostly in another script", "figure": "images and captions",
    "table": "tables", "code": "code blocks", "html": "raw HTML and what it encloses",
    "latex": "raw LaTeX", "footnote": "footnotes",
    "url": "URLs and e-mail addresses taken out of a paragraph's text (its line)",
    "inline_code": "inline code that is not a plain word, and figure or table labels "
                   "([fig:x]), taken out of a paragraph's text (its line)",
    "references_heading": "the reference-list heading",
    "citation_tags": "citation-tag definitions after the reference list",
    "acknowledgements": "acknowledgements", "funding": "funding statements",
    "declarations": "declarations, competing interests, data availability, ethics",
    "notes": "a notes heading",
}

#: Kinds that are the paper's front or back matter rather than boilerplate or non-prose.
FRONT_BACK_KINDS = ("metadata", "title", "authors", "affiliation", "dates", "keywords", "email",
                    "orcid", "copyright", "front_matter", "acknowledgements", "funding",
                    "declarations", "notes")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A paragraph that is only a figure or table label left by a conversion ("[fig:project]").
CROSS_REFERENCE = re.compile(r"^[\[{]#?(?:fig|tbl|tab|eq|sec|lst):[^\s\]}]+[\]}]$", re.I)
#: The same left in running text ("Figure [fig:tidy] presents"), and pandoc-crossref's
#: references ("Figure @fig:zoo", "[@tbl:glossary]"): taken out, like a URL.
CROSS_REFERENCE_IN_TEXT = re.compile(
    r"\[(?:fig|tbl|tab|eq|sec|lst):[^\s\]]+\]"
    r"|\[-?@(?:fig|tbl|eq|sec|lst):[^\s\];@]+\]"
    r"|(?<![\w@\[])(?<!; )-?@(?:fig|tbl|eq|sec|lst):[\w:.-]*\w", re.I)
#: Kinds a page break may leave between the two parts of a paragraph (footers, watermarks).
QUIET_KINDS = frozenset({"watermark", "non_latin_text", "separator", "figure", "url", "email",
                         "dates", "keywords", "orcid", "copyright"})
_MAIL_WORDS = re.compile(r"e-?mail|correspond|contact", re.I)
_DATES = re.compile(r"^(?:received|accepted|revised|published|available online)\b", re.I)
_KEYWORDS = re.compile(r"^[*_]*key\s*words?\b", re.I)
_ORCID = re.compile(r"\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b|\borcid(?: id| icon)?\s*:|^orcid icon|"
                    r"orcid\.org", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)", re.I)
_REFERENCES_HEADING = re.compile(r"^(?:references?|bibliography|works cited|sources|literature"
                                 r"|literature cited|reference list)$", re.I)
_FRONT_HEADING = re.compile(r"^(?:abstract|intro|introduction|background|summary|overview|"
                            r"executive summary|synopsis|preface|foreword|motivation|"
                            r"statement of need|aims?(?: and scope)?)$", re.I)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_BACK_MATTER = [
    ("acknowledgements", re.compile(r"^acknowledge?ments?$", re.I)),
    ("funding", re.compile(r"^(?:.* )?funding(?: statement| information| sources)?$", re.I)),
    ("declarations", re.compile(
        r"^(?:.* )?(?:competing interests?|conflicts? of interests?|conflict of interest "
        r"statement|declarations?(?: of .*)?|disclosure(?: statement)?|disclaimer|"
        r"data(?: and code)? availability(?: statement)?|ethics(?: statement| approval.*)?)$",
        re.I)),
    ("authors", re.compile(
        r"^(?:.* )?(?:authors?|author contributions?|author information|authors' contributions"
        r"|contributors?|about the authors?|biograph(?:y|ies)|notes on contributors|orcid)$",
        re.I)),
    ("notes", re.compile(r"^(?:foot|end)?notes$", re.I)),
]
_NOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*(.*)$")
_TERMINAL = re.compile(r"(?:[.!?…][\"'”’)\]]*|\))$")


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin script (1.0 for no letters).

    Parameters
    ----------
    text : str

    Returns
    -------
    float
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if "LATIN" in unicodedata.name(c, "")) / len(letters)


def boilerplate_kind(text: str, urls: str = "") -> str | None:
    """The kind of boilerplate a block of running text is, anywhere in the paper.

    Parameters
    ----------
    text : str
        The block's text as a reader sees it.
    urls : str, default ""
        The URLs taken out of it (space-separated).

    Returns
    -------
    str or None
        "keywords", "dates", "email" (an address with at most 6 other words, or 12 that
        say e-mail, correspondence or contact), "orcid" (at
        most 40 words naming ORCID or an ORCID iD), "copyright", "watermark" (at most
        20 words, letters mostly not Latin script) or "non_latin_text" (longer), tested
        in that order; None for running text.
    """
    words = word_count(text)
    if _KEYWORDS.match(text):
        return "keywords"
    if _DATES.match(text):
        return "dates"
    if (_EMAIL.search(text) or _EMAIL.search(urls)) and (
            words <= 6 or words <= 12 and _MAIL_WORDS.search(text)):
        return "email"
    if (_ORCID.search(text) or _ORCID.search(urls)) and words <= 40:
        return "orcid"
    if _COPYRIGHT.match(text):
        return "copyright"
    if latin_share(text) < 0.5:
        return "watermark" if words <= 20 else "non_latin_text"
    return None


def ends_sentence(text: str) -> bool:
    """True if a paragraph ends like a finished sentence.

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
        True if it ends in ., !, ? or … (closing quotes or brackets may
        follow), or in a closing parenthesis.
    """
    return bool(_TERMINAL.search(text.rstrip()))


def starts_mid_sentence(text: str) -> bool:
    """True if a paragraph opens on a lower-case function word ("as", "and", "which", …).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    first = re.match(r"[^\w]*([a-z]+)\b", text)
    return bool(first) and first.group(1) in ENGLISH_STOP_WORDS


def heading_kind(heading: str) -> str | None:
    """The back-matter kind of a heading ("acknowledgements", "funding", ...), or None.

    Parameters
    ----------
    heading : str

    Returns
    -------
    str or None
    """
    bare = _NUMBERING.sub("", heading).strip(" .:")
    return next((kind for kind, pattern in _BACK_MATTER if pattern.match(bare)), None)


def is_references_heading(heading: str) -> bool:
    """True if a heading opens the reference list ("References", "Bibliography", ...).

    Parameters
    ----------
    heading : str

    Returns
    -------
    bool
    """
    return bool(_REFERENCES_HEADING.match(_NUMBERING.sub("", heading).strip(" .:")))


def is_section_name(heading: str) -> bool:
    """True if a heading names a usual opening section ("Abstract", "Introduction", ...).

    Parameters
    ----------
    heading : str

    Returns
    -------
    bool
    """
    bare = _NUMBERING.sub("", heading).strip(" .:")
    return bool(_FRONT_HEADING.match(bare)) or is_references_heading(heading) \
        or heading_kind(heading) is not None


def language_problem(text: str) -> str | None:
    """Why a paper's text cannot be read as English, or None if it can.

    Parameters
    ----------
    text : str
        All its prose (headings and paragraphs, front matter included).

    Returns
    -------
    str or None
        A sentence if most of its letters are not Latin script, or if, over at
        least 200 words, fewer than 15% are common English words (English prose
        has about 40%); None otherwise.
    """
    share = latin_share(text)
    if share < 0.5:
        return (f"{1 - share:.0%} of the letters of its text are not Latin script; the study "
                "reads English text only")
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(w in ENGLISH_STOP_WORDS for w in words) / len(words) if words else 1.0
    if len(words) >= 200 and english < 0.15:
        return (f"only {english:.0%} of its words are common English words (about 40% in "
                "English prose); the study reads English text only")
    return None


def paper_metadata(meta: dict[str, Any], title: str, aside: pd.DataFrame) -> dict[str, Any]:
    """The YAML metadata, with title, author and date from the first lines where it has none.

    Parameters
    ----------
    meta : dict
        The YAML metadata block (may be empty).
    title : str
        The title found.
    aside : DataFrame
        The boilerplate table: author lines with ``<sup>`` marks give the authors,
        the first "dates" line the date.

    Returns
    -------
    dict
    """
    out = dict(meta)
    if title:
        out.setdefault("title", title)
    authors = aside.loc[(aside["kind"] == "authors") & aside["text"].str.contains("<sup>"),
                        "text"]
    if not any(key.startswith("author") for key in out) and len(authors):
        names = re.sub(r"<sup>.*?</sup>|[*\\]", "", " ".join(authors))
        out["author"] = [n.strip() for n in re.split(r",|\band\b", names) if n.strip()]
    dates = aside.loc[aside["kind"] == "dates", "text"]
    if "date" not in out and len(dates):
        out["date"] = clean_inline(dates.iloc[0])
    return out


def metadata_lines(lines: list[str]) -> list[int]:
    """The line numbers of a YAML block that opens the file (``---`` to ``---`` or ``...``).

    Parameters
    ----------
    lines : list of str
        The source lines.

    Returns
    -------
    list of int
        1-based, non-blank lines only; empty if the file does not open with ``---``.
    """
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if start is None or lines[start].strip() != "---":
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "...")),
               start)
    return [i + 1 for i in range(start, end + 1) if lines[i].strip()]


def footnote_line(lines: list[str], note: str, taken: set[int] | None = None):
    """The source line where a footnote is defined (``[^label]: text``), found by its words.

    Parameters
    ----------
    lines : list of str
        The source lines.
    note : str
        The footnote's text as parsed, with any URL taken out of it.
    taken : set of int, optional
        Definition lines already given to other notes (updated): two notes with the
        same words get their own lines.

    Returns
    -------
    int or pandas.NA
    """
    taken = taken if taken is not None else set()
    key = re.sub(r"[^0-9a-z]+", "", note.lower())[:30]
    for number, line in enumerate(lines, start=1):
        match = _NOTE_DEFINITION.match(line)
        if not match or not key or number in taken:
            continue
        body = [match.group(1)]
        for following in lines[number:]:
            if not following.strip() and len(body) > 1 or _NOTE_DEFINITION.match(following):
                break
            body.append(following)
        if key in re.sub(r"[^0-9a-z]+", "", " ".join(body).lower()):
            taken.add(number)
            return number
    return pd.NA


def find_bibliography(path: Path | str, metadata: dict[str, Any]) -> Path | None:
    """The paper's bibliography file: named in its YAML, else ``<stem>.bib``, ``paper.bib``
    or ``references.bib`` beside it.

    Parameters
    ----------
    path : Path or str
        The paper.
    metadata : dict
        Its metadata (:attr:`Paper.metadata`); ``bibliography`` may be a path or a list.

    Returns
    -------
    Path or None
        The first of these that exists (a ``.bib`` or CSL JSON file), resolved.
    """
    path = Path(path).resolve()
    named = metadata.get("bibliography", [])
    named = [named] if isinstance(named, str) else [n for n in named if isinstance(n, str)]
    candidates = [path.parent / n for n in named]
    candidates += [path.with_suffix(".bib"), path.parent / "paper.bib",
                   path.parent / "references.bib"]
    return next((c.resolve() for c in candidates
                 if c.suffix.lower() in (".bib", ".json") and c.is_file()), None)
