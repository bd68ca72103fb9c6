"""The works the methods appendix cites: read from a BibTeX file, cited by key, rendered twice.

The methods text cites with pandoc's syntax: ``[@dunning1993]`` (in
parentheses), ``[@bouma2009; @roder2015]`` (several), ``@hardie2014``
(narrative: the author's name in the sentence). :func:`cite_markdown` renders a
citation as "(Dunning 1993)" or "Hardie (2014)", :func:`cite_latex` as natbib's
``\\citep``/``\\citet``; the reference list is rendered from the same entries as
Markdown (:func:`markdown_list`) and as a natbib-compatible ``thebibliography``
(:func:`latex_list`), so the LaTeX compiles without a BibTeX run, and an author
who pastes the body into a paper can use :data:`BIB_FILE` (or its cited subset,
:func:`bibtex_subset`) with any natbib style instead.

Entries are parsed with pybtex; field values are LaTeX, turned into Unicode
with latexcodec for the Markdown and back into plain ASCII LaTeX by
:func:`analysis.build.latex.latex_escape`, so both lists come from one reading.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import BibliographyData, Entry, parse_file

#: The study's bibliography.
BIB_FILE = Path(__file__).resolve().parent / "references.bib"
#: A citation in the methods text: [@a; @b] (parenthetical) or @a (narrative).
CITATION = re.compile(r"\[(@[a-z][\w-]*(?:\s*;\s*@[a-z][\w-]*)*)\]"
                      r"|(?<![\w@\[])@([a-z][a-z-]*\d{4}[a-z]?)\b")
_KEY = re.compile(r"@([a-z][\w-]*)")
#: LaTeX math that occurs in titles, as text.
_MATH = {r"$\chi^2$": "χ²"}


class CitationError(KeyError):
    """A citation names a key that the bibliography does not have."""


@dataclass(frozen=True)
class Work:
    """One entry of the bibliography, as text.

    Attributes
    ----------
    key : str
    kind : str
        The BibTeX entry type (article, book, inproceedings, incollection, misc).
    authors : tuple of (str, str)
        (family name with any particle, given names) of each author.
    year : str
    fields : dict
        Every other field, as Unicode text.
    """

    key: str
    kind: str
    authors: tuple[tuple[str, str], ...]
    year: str
    fields: dict[str, str]


def to_text(value: str) -> str:
    """A BibTeX field value as Unicode text: accents decoded, protecting braces dropped."""
    for math, text in _MATH.items():
        value = value.replace(math, text)
    value = value.replace(r"\&", "&").replace("``", "“").replace("''", "”")
    text = codecs.decode(value, "ulatex")
    return " ".join(text.replace("{", "").replace("}", "").split())


def _person(person) -> tuple[str, str]:
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    return to_text(family), to_text(given)


def _work(key: str, entry: Entry) -> Work:
    fields = {name.lower(): to_text(value) for name, value in entry.fields.items()}
    authors = tuple(_person(p) for p in entry.persons.get("author", []))
    if "editor" in entry.persons:
        fields["editor"] = " and ".join(
            f"{initials(g)} {f}" for f, g in (_person(p) for p in entry.persons["editor"]))
    return Work(key, entry.type.lower(), authors, fields.pop("year", ""), fields)


@cache
def _load(path: Path) -> BibliographyData:
    return parse_file(str(path), "bibtex")


def load(path: Path | str = BIB_FILE) -> dict[str, Work]:
    """Every entry of a BibTeX file, by key."""
    data = _load(Path(path))
    return {key: _work(key, entry) for key, entry in data.entries.items()}


def cited_keys(texts: list[str]) -> list[str]:
    """The keys cited in ``texts``, in order of first citation, each once."""
    keys: list[str] = []
    for text in texts:
        for match in CITATION.finditer(text):
            found = _KEY.findall(match.group(1)) if match.group(1) else [match.group(2)]
            keys += [k for k in found if k not in keys]
    return keys


def initials(given: str) -> str:
    """Given names as initials: "Stefan Th." -> "S. Th.", "Hanna M." -> "H. M."."""
    parts = []
    for name in given.replace("-", " -").split():
        hyphen = name.startswith("-")
        name = name.lstrip("-")
        short = name if name.endswith(".") else f"{name[0]}."
        parts.append(("-" if hyphen else "") + short)
    return " ".join(parts).replace(" -", "-")


def short_authors(work: Work) -> str:
    """The author part of a citation: "Dunning", "Rayson and Garside", "Blei et al."."""
    names = [family for family, _ in work.authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def _work_for(key: str, works: dict[str, Work]) -> Work:
    if key not in works:
        raise CitationError(f"@{key} is cited but not in {BIB_FILE.name}")
    return works[key]


def cite_markdown(text: str, works: dict[str, Work]) -> str:
    """Citations in ``text`` as "(Dunning 1993)", "(A 2009; B 2015)" or "Hardie (2014)"."""
    def one(match: re.Match) -> str:
        if match.group(1):
            found = [_work_for(k, works) for k in _KEY.findall(match.group(1))]
            return "(" + "; ".join(f"{short_authors(w)} {w.year}" for w in found) + ")"
        work = _work_for(match.group(2), works)
        return f"{short_authors(work)} ({work.year})"

    return CITATION.sub(one, text)


def cite_latex(text: str, works: dict[str, Work]) -> str:
    """Citations in ``text`` as natbib commands: ``\\citep{a,b}`` or ``\\citet{a}``."""
    def one(match: re.Match) -> str:
        if match.group(1):
            keys = _KEY.findall(match.group(1))
            for key in keys:
                _work_for(key, works)
            return r"\citep{" + ",".join(keys) + "}"
        _work_for(match.group(2), works)
        return r"\citet{" + match.group(2) + "}"

    return CITATION.sub(one, text)


def sort_key(work: Work) -> tuple:
    """Reference-list order: first author's family name, then year, then key."""
    family = work.authors[0][0] if work.authors else work.fields.get("title", "")
    particle = re.sub(r"^(de|van|von|der|la|le)\s+", "", family, flags=re.I)
    return (particle.casefold(), work.year, work.key)


# ---------------------------------------------------------------------------
# The reference list: each entry as segments of (text, italic)


def _author_list(work: Work) -> str:
    names = [f"{family}, {initials(given)}" if given else family
             for family, given in work.authors]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def entry_segments(work: Work) -> list[tuple[str, bool]]:
    """One reference as (text, italic) segments, in author-year style.

    Articles: authors (year). Title. *Journal* volume(number), pages. DOI or URL.
    Papers in proceedings and chapters: ... In *Book* (editors), pages. Place:
    publisher. Books: *Title*. Place: publisher. Software and pages (misc):
    title, where published, version, URL.
    """
    f = work.fields
    out: list[tuple[str, bool]] = [(f"{_author_list(work)} ({work.year}). ", False)]
    title = f.get("title", "")
    if work.kind == "book":
        out.append((_end(title), True))
    else:
        out.append((_end(title), False))
    if work.kind == "article":
        volume = f.get("volume", "") + (f"({f['number']})" if "number" in f else "")
        out += [(" ", False), (f["journal"], True)]
        out.append((f" {volume}" if volume else "", False))
        out.append((f", {f['pages'].replace('--', '–')}." if "pages" in f else ".", False))
    elif work.kind in ("inproceedings", "incollection"):
        out += [(" In ", False), (f["booktitle"], True)]
        details = []
        if "editor" in f:
            details.append(f"ed. by {f['editor']}")
        if "series" in f:
            details.append(f"{f['series']} {f.get('volume', '')}".strip())
        elif "volume" in f:
            details.append(f"vol. {f['volume']}")
        if "pages" in f:
            details.append(f"pp. {f['pages'].replace('--', '–')}")
        out.append(((", " + ", ".join(details)) if details else "", False))
        out.append((".", False))
    place = ": ".join(x for x in (f.get("address"), f.get("publisher")) if x)
    if place and work.kind != "misc":
        out.append((f" {place}.", False))
    if work.kind == "misc":
        extra = [x for x in (f.get("howpublished"), f.get("note")) if x]
        if extra:
            out.append((" " + ". ".join(_end(x)[:-1] for x in extra) + ".", False))
    link = f"https://doi.org/{f['doi']}" if "doi" in f else f.get("url", "")
    if link:
        out.append((f" {link}", False))
    return [(text, italic) for text, italic in out if text]


def markdown_entry(work: Work) -> str:
    """One reference in Markdown (italics with ``*``; links left bare)."""
    def md(text: str) -> str:
        return re.sub(r"([*_\[\]])", r"\\\1", text)

    return "".join(f"*{md(t)}*" if italic else md(t) for t, italic in entry_segments(work))


def markdown_list(keys: list[str], works: dict[str, Work]) -> str:
    """The reference list of ``keys`` in Markdown, sorted by author and year."""
    chosen = sorted((_work_for(k, works) for k in keys), key=sort_key)
    return "\n".join(f"- {markdown_entry(w)}" for w in chosen)


def natbib_label(work: Work) -> str:
    """The optional argument of ``\\bibitem`` natbib reads: ``Short(year)Long``."""
    from analysis.build.latex import latex_escape

    short = latex_escape(short_authors(work)).replace(" et al.", r" et~al.")
    families = [latex_escape(family) for family, _ in work.authors]
    full = (", ".join(families[:-1]) + " and " + families[-1]) if len(families) > 2 else ""
    return f"{{{short}}}({work.year})" + (f"{{{full}}}" if full else "")


def latex_entry(work: Work) -> str:
    """One reference as LaTeX (ASCII, ``\\emph`` for italics, ``\\url`` of the url package
    for links)."""
    from analysis.build.latex import latex_escape

    out = []
    for text, italic in entry_segments(work):
        link = re.match(r"^ (https?://\S+)$", text)
        if link:
            out.append(r" \url{" + link.group(1).replace("%", r"\%").replace("#", r"\#") + "}")
        elif italic:
            out.append(r"\emph{" + latex_escape(text) + "}")
        else:
            out.append(latex_escape(text))
    return "".join(out)


def latex_list(keys: list[str], works: dict[str, Work]) -> str:
    """The reference list of ``keys`` as a natbib-compatible ``thebibliography``."""
    chosen = sorted((_work_for(k, works) for k in keys), key=sort_key)
    lines = [r"\begin{thebibliography}{" + str(len(chosen)) + "}"]
    for work in chosen:
        lines += [rf"\bibitem[{natbib_label(work)}]{{{work.key}}}", latex_entry(work), ""]
    lines.append(r"\end{thebibliography}")
    return "\n".join(lines)


def raw_entries(path: Path | str = BIB_FILE) -> dict[str, str]:
    """Each entry's text exactly as written in the BibTeX file, by key."""
    text = Path(path).read_text(encoding="utf-8")
    out = {}
    for match in re.finditer(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M):
        depth, end = 0, match.start()
        for end in range(text.index("{", match.start()), len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        out[match.group(1)] = text[match.start():end + 1]
    return out


def bibtex_subset(keys: list[str], path: Path | str = BIB_FILE) -> str:
    """The entries of ``keys`` as written in the BibTeX file, in reference-list order."""
    works, raw = load(path), raw_entries(path)
    chosen = sorted((_work_for(k, works) for k in keys), key=sort_key)
    header = ("% The works the methods appendix cites (generated by python -m "
              "analysis.build.appendix\n% from analysis/build/references.bib).\n\n")
    return header + "\n\n".join(raw[w.key] for w in chosen) + "\n"
