"""What a careful reader checks beyond matching: named titles and authors, et al., pages, quotes.

Tables (columns):

``title_mentions`` (:func:`title_mentions`)
    paragraph_id, quoted, reference_id, author_key, title_ratio: a work named by
    its title in the text, tied to its entry.
``author_mentions`` (:func:`author_mentions`)
    the columns of :func:`analysis.citations.citation_table`: narrative
    citations without a year ("Buzan argues"), form "narrative, no year".
``check_findings`` (:func:`et_al_findings`, :func:`page_range_findings`, :func:`quotation_findings`)
    the columns of the audit (:data:`analysis.citation_audit.AUDIT_COLUMNS`).

The rules, each stated once:

* **A title named in the text.** A quoted phrase of at least
  :data:`~analysis.settings.TITLE_MIN_WORDS` words names an entry when the
  entry's first author is named in the same paragraph and at least
  :data:`~analysis.settings.TITLE_MENTION_SIMILARITY` of the phrase's words
  appear, in order, in the entry's title (:func:`analysis.references.title_ratio`),
  and no other entry of that author scores as high. The named work ties the
  author's citations in that paragraph to that entry.
* **A narrative citation without a year** is a listed first author's surname
  followed by a verb of reporting (:data:`REPORTING_VERBS`: "Buzan argues")
  or after "according to" or "by", in a sentence that cites that author with
  no year.
* **"et al." for a two-author work**: a citation written "X et al." whose
  entries all list exactly two authors.
* **A page range that runs backwards**: ``pp. 58-33`` in a citation's locator
  or an entry (an abbreviated end, ``1195-7``, is read as 1197).
* **A direct quotation with no citation nearby**: a quotation of at least
  :data:`~analysis.settings.QUOTE_MIN_WORDS` words attributed by a verb of
  saying (:data:`SAYING_VERBS`, in its sentence or just after it), in a
  paragraph with no in-text citation of any style.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.citations import CITATION_COLUMNS, MENTION_FORM, citation_author_key
from analysis.references import reference_author_key, title_ratio
from analysis.settings import QUOTE_MIN_WORDS, TITLE_MENTION_SIMILARITY, TITLE_MIN_WORDS
from analysis.text import split_sentences, word_count

#: Verbs that report what an author holds, after a surname ("Buzan argues").
REPORTING_VERBS = (r"argue[sd]?|state[sd]?|note[sd]?|writes?|wrote|suggest(?:s|ed)?|"
                   r"claim(?:s|ed)?|believe[sd]?|define[sd]?|says?|said|contend(?:s|ed)?|"
                   r"observe[sd]?|points?\s+out|pointed\s+out|maintain(?:s|ed)?|"
                   r"emphasi[sz]e[sd]?|explain(?:s|ed)?|describe[sd]?|show(?:s|ed)?|"
                   r"finds?|found|propose[sd]?|assert(?:s|ed)?|holds?|held|insist(?:s|ed)?|"
                   r"stress(?:es|ed)?|distinguish(?:es|ed)?|introduce[sd]?|identif(?:y|ies|ied)")
#: Verbs of saying that attribute a quotation to a speaker.
SAYING_VERBS = (r"said|says|stated?|states|stating|declared?|declares|replied|"
                r"replies|argued?|argues|wrote|writes|told|tells|asked|asks|added|adds|"
                r"emphasi[sz]ed|emphasi[sz]es|thanked|noted|remarked|insisted|announced|"
                r"claimed|called|described|stressed|warned|explained|according\s+to|put\s+it|"
                r"in\s+the\s+words\s+of")

_QUOTE = re.compile(r"“(?P<a>[^”]{3,2000})”|\"(?P<b>[^\"]{3,2000})\"")
_SAYING = re.compile(rf"\b(?:{SAYING_VERBS})\b", re.I)
_RANGE = re.compile(r"(?:\bpp?\.?\s*|\d\(\d+\)[:,]\s*|;\s*\d+(?:\(\d+\))?:)"
                    r"(?P<first>\d+)\s*[-–—]+\s*(?P<last>\d+)")
_PLAIN_RANGE = re.compile(r"^\s*(?:pp?\.?\s*)?(?P<first>\d+)\s*[-–—]+\s*(?P<last>\d+)\s*$")


def _surname(authors: str) -> str:
    """The first author's surname as written (before the comma, or before Vancouver initials)."""
    first = re.split(r",|\s+(?:and|&)\s+", authors, maxsplit=1)[0].strip()
    vancouver = re.match(r"^(.+?)\s[A-Z]{1,3}$", first)
    return vancouver.group(1) if vancouver else first


def _name_pattern(surname: str) -> str:
    return r"\b" + r"\s+".join(re.escape(w) for w in surname.split()) + r"\b"


# ---------------------------------------------------------------------------
# Titles and names in the text


def title_mentions(paragraphs: pd.DataFrame, references: pd.DataFrame,
                   similarity: float = TITLE_MENTION_SIMILARITY,
                   min_words: int = TITLE_MIN_WORDS) -> pd.DataFrame:
    """Works named by their title in the text, each tied to its entry (the rule above).

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, text.
    references : DataFrame
        The reference list (reference_id, authors, title).
    similarity : float, default :data:`analysis.settings.TITLE_MENTION_SIMILARITY`
    min_words : int, default :data:`analysis.settings.TITLE_MIN_WORDS`

    Returns
    -------
    DataFrame
        The ``title_mentions`` table, in reading order.
    """
    columns = ["paragraph_id", "quoted", "reference_id", "author_key", "title_ratio"]
    rows = []
    refs = references[references["title"].astype(str).str.len() > 0]
    names = [re.compile(_name_pattern(_surname(a))) if _surname(a) else None
             for a in refs["authors"].astype(str)]
    for p in paragraphs.itertuples():
        phrases = [(q.group("a") or q.group("b")).strip(" ,.") for q in _QUOTE.finditer(p.text)]
        phrases = [q for q in phrases if word_count(q) >= min_words]
        if not phrases:
            continue
        named = refs[[n is not None and n.search(p.text) is not None for n in names]]
        if named.empty:
            continue
        for phrase in phrases:
            scores = sorted(((title_ratio(phrase, r.title), r.reference_id, r.authors)
                             for r in named.itertuples()), key=lambda s: (-s[0], s[1]))
            best = scores[0]
            tied = len(scores) > 1 and scores[1][0] == best[0] and \
                reference_author_key(scores[1][2]) == reference_author_key(best[2])
            if best[0] >= similarity and not tied:
                rows.append({"paragraph_id": p.paragraph_id, "quoted": phrase,
                             "reference_id": best[1], "author_key": reference_author_key(best[2]),
                             "title_ratio": round(best[0], 3)})
    return pd.DataFrame(rows, columns=columns)


def author_mentions(paragraphs: pd.DataFrame, references: pd.DataFrame,
                    citations: pd.DataFrame) -> pd.DataFrame:
    """Narrative citations without a year: a listed author named with a verb of reporting.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, section_id, text.
    references : DataFrame
        The reference list (authors).
    citations : DataFrame
        :func:`analysis.citations.citation_table`: a sentence that already
        cites the author with a year is not read again.

    Returns
    -------
    DataFrame
        The ``author_mentions`` table (citation ids ``N001``, ...), in reading order.
    """
    surnames = sorted({s for s in (_surname(a) for a in references["authors"].astype(str))
                       if s and s[0].isupper() and len(s.split()) <= 4},
                      key=lambda s: (-len(s), s))
    rows: list[dict] = []
    if not surnames:
        return pd.DataFrame(rows, columns=CITATION_COLUMNS)
    names = "|".join(r"\s+".join(re.escape(w) for w in s.split()) for s in surnames)
    pattern = re.compile(rf"\b(?P<a>{names})\b(?:\s+\w+ly)?\s+(?:{REPORTING_VERBS})\b|"
                         rf"\b(?:[Aa]ccording\s+to|[Bb]y)\s+(?P<b>{names})\b(?!\s*\()")
    for p in paragraphs.itertuples():
        dated = citations.loc[citations["paragraph_id"] == p.paragraph_id]
        for sentence in split_sentences(p.text):
            for found in pattern.finditer(sentence):
                surname = " ".join((found.group("a") or found.group("b")).split())
                key = citation_author_key(surname)
                in_sentence = dated["text"].map(lambda t, s=sentence: t in s)
                if (dated.loc[in_sentence.astype(bool), "author_key"] == key).any():
                    continue
                rows.append({"citation_id": f"N{len(rows) + 1:03d}",
                             "paragraph_id": p.paragraph_id, "section_id": p.section_id,
                             "style": "author_year", "form": MENTION_FORM,
                             "text": found.group(0), "key": "", "prefix": "",
                             "authors": surname, "year": "", "locator": "",
                             "locator_kind": "none", "author_key": key})
    return pd.DataFrame(rows, columns=CITATION_COLUMNS).astype(str)


# ---------------------------------------------------------------------------
# Checks


def _finding(category: str, **fields) -> dict:
    row = {"category": category, "cited_as": "", "author_key": "", "year": "",
           "n_citations": 0, "paragraph_ids": "", "reference_ids": "", "evidence": ""}
    row.update(fields)
    return row


def et_al_findings(matches: pd.DataFrame, references: pd.DataFrame) -> list[dict]:
    """Citations written "et al." whose matched entries all list exactly two authors.

    Parameters
    ----------
    matches : DataFrame
        :func:`analysis.citation_audit.match_citations` (authors, reference_ids, status).
    references : DataFrame
        The reference list (reference_id, authors, n_authors).

    Returns
    -------
    list of dict
        Audit rows, category "et al. for a two-author work", one per cited work.
    """
    table = references.set_index("reference_id")
    rows = []
    etal = matches[matches["authors"].str.contains(r"\bet\s+al\b", regex=True)
                   & matches["status"].str.startswith("matched")]
    for (ids, year), group in etal.groupby(["reference_ids", "year"], sort=True):
        entries = [i for i in ids.split() if i in table.index]
        if not entries or any(int(table.loc[i, "n_authors"]) != 2 for i in entries):
            continue
        rows.append(_finding(
            "et al. for a two-author work", cited_as="; ".join(dict.fromkeys(group["authors"])),
            author_key=group["author_key"].iloc[0], year=year, n_citations=len(group),
            paragraph_ids=" ".join(dict.fromkeys(group["paragraph_id"])), reference_ids=ids,
            evidence=f"written 'et al.', but {entries[0]} lists two authors: "
                     f"{table.loc[entries[0], 'authors']}"))
    return rows


def backwards_ranges(text: str, plain: bool = False) -> list[str]:
    """Page ranges in ``text`` whose last page comes before the first.

    Parameters
    ----------
    text : str
        A locator or a reference entry.
    plain : bool, default False
        Read ``text`` as a bare range ("58-33", a BibTeX pages field) rather
        than look for ``pp.``, ``vol(issue): first-last`` or ``;vol:first-last``.

    Returns
    -------
    list of str
        The ranges as written ("58-33"); an abbreviated end (``1195-7``) takes the first
        page's leading digits before it is compared.
    """
    found = []
    matches = [_PLAIN_RANGE.match(text)] if plain else list(_RANGE.finditer(text))
    for m in matches:
        if m is None:
            continue
        first, last = m.group("first"), m.group("last")
        if len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        if int(last) < int(first):
            found.append(m.string[m.start("first"):m.end("last")])
    return found


def page_range_findings(matches: pd.DataFrame, references: pd.DataFrame) -> list[dict]:
    """Backward page ranges in citations' locators and in reference entries.

    Parameters
    ----------
    matches : DataFrame
        Citations with locator, locator_kind, authors, year, paragraph_id.
    references : DataFrame
        The reference list (reference_id, text, and pages for a bibliography file).

    Returns
    -------
    list of dict
        Audit rows, category "page range runs backwards".
    """
    rows = []
    for c in matches[matches["locator_kind"] == "page"].itertuples():
        for rng in backwards_ranges(c.locator, plain=True):
            rows.append(_finding("page range runs backwards", cited_as=f"{c.authors}, {c.year}",
                                 author_key=c.author_key, year=c.year, n_citations=1,
                                 paragraph_ids=c.paragraph_id,
                                 evidence=f"the citation's locator '{rng}' ends before it starts"))
    for r in references.itertuples():
        ranges = backwards_ranges(str(r.text))
        if "pages" in references.columns and str(r.pages):
            ranges += backwards_ranges(str(r.pages), plain=True)
        for rng in dict.fromkeys(ranges):
            rows.append(_finding("page range runs backwards", year=str(r.year),
                                 reference_ids=r.reference_id,
                                 evidence=f"the entry's pages '{rng}' end before they start"))
    return rows


def quotation_findings(paragraphs: pd.DataFrame, citations: pd.DataFrame,
                       min_words: int = QUOTE_MIN_WORDS) -> list[dict]:
    """Direct quotations attributed to a speaker in paragraphs with no in-text citation.

    Parameters
    ----------
    paragraphs : DataFrame
        paragraph_id, text.
    citations : DataFrame
        Every in-text citation (any style), with paragraph_id.
    min_words : int, default :data:`analysis.settings.QUOTE_MIN_WORDS`
        Quotations shorter than this are terms in quotation marks, not quotations.

    Returns
    -------
    list of dict
        Audit rows, category "quotation without a citation nearby", one per quotation.
    """
    cited = set(citations["paragraph_id"])
    rows = []
    for p in paragraphs.itertuples():
        if p.paragraph_id in cited:
            continue
        for quote in _QUOTE.finditer(p.text):
            words = quote.group("a") or quote.group("b")
            if word_count(words) < min_words:
                continue
            start = max(p.text.rfind(". ", 0, quote.start()) + 1, 0)
            window = p.text[start:quote.start()] + " " + p.text[quote.end():quote.end() + 60]
            verb = _SAYING.search(window)
            if not verb:
                continue
            rows.append(_finding(
                "quotation without a citation nearby", paragraph_ids=p.paragraph_id,
                cited_as=" ".join(words.split()[:8]) + (" …" if word_count(words) > 8 else ""),
                evidence=f"a quotation of {word_count(words)} words attributed with "
                         f"'{verb.group(0)}'; the paragraph has no in-text citation"))
    return rows
