"""The text of pandoc inlines as a reader sees it, for :mod:`analysis.markdown_ast`.

A block's text is the plain text a reader sees, a soft or hard line break kept as
``\\n``: emphasis and HTML tags dropped, Unicode spaces made plain, and

* each citation in its source form (``[@a; @b, p. 3]``, ``@key``), so that
  citation parsers and readers of the text see what the author wrote; a link's
  text is kept and its target dropped (``[[key](#key)]`` reads ``[key]``);
* without URLs and e-mail addresses: an autolink, a link whose text is its
  address, a bare ``http(s)://``, ``www.`` or ``doi:10.`` string and an
  address are removed and listed in ``urls`` (space-separated);
* without inline code that is not a plain word (``f(x)``, ``fig_3.png``:
  identifiers and expressions, not words of the language), listed in ``code``
  (one per line); a plain word in code (``textnets``) stays;
* without images (an image is not text; its alt text is dropped) and without
  the contents of raw ``<sup>…</sup>`` (affiliation and note marks);
* ``tags`` lists the raw inline HTML tags and span classes of the block
  (``sup small banner``; ``image`` if it holds one), ``emphasis`` is True when
  the whole block is one bold or italic run (a pseudo-heading such as ``**Abstract**``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: A string that is an address, not words: dropped from the text and listed in ``urls``.
URL = re.compile(r"^(?:[a-z][a-z+.-]*://|www\.|doi:\s*10\.)\S+", re.I)
#: Inline code kept in the text: a plain word (``textnets``); any other (``f(x)``,
#: ``fig_3.png``, ``import os``) is dropped and listed in ``code``.
PLAIN_CODE = re.compile(r"^[A-Za-z][A-Za-z'-]*$")
#: An e-mail address, dropped from the text and listed in ``urls`` like a URL.
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")

#: An HTML tag: closing slash, name, self-closing slash.
HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^>]*?(/?)>")
_URL_TRAIL = ".,;:)]}>\"'"
_URL_LEAD = "([{<\"'"


def _plain(text: str) -> str:
    """Unicode spaces made plain, runs of spaces collapsed, line breaks kept, empty lines gone."""
    text = "".join(c if c == "\n" or unicodedata.category(c) != "Zs" and not c.isspace()
                   else " " for c in text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _split_url(text: str) -> tuple[str, str]:
    """A URL and the punctuation that follows it in the same string."""
    url = text.rstrip(_URL_TRAIL)
    return url, text[len(url):]


class Inlines:
    """Turns pandoc inlines into text, collecting citations, notes, URLs and tags on the way.

    Attributes
    ----------
    cites : list of dict
        The ``Cite`` elements met, in order.
    notes : list
        The blocks of each footnote met, in order; ``n_notes`` counts them (it may start
        above 0 so that notes are numbered across a document).
    urls, code : list of str
        URLs and addresses, and inline code, taken out of the text.
    tags : list of str
        Raw inline HTML tag names, span classes, and ``image`` if an image was met.
    """

    def __init__(self) -> None:
        self.cites: list[dict[str, Any]] = []
        self.notes: list[list[dict[str, Any]]] = []
        self.n_notes = 0
        self.urls: list[str] = []
        self.code: list[str] = []
        self.tags: list[str] = []
        self._hidden = 0  # inside <sup>…</sup>

    def text(self, inlines: list[dict[str, Any]]) -> str:
        """The text of ``inlines`` (see the module docstring), line breaks as ``\\n``."""
        out: list[str] = []
        self._walk(inlines, out)
        return _plain("".join(out))

    def _emit(self, out: list[str], text: str) -> None:
        if not self._hidden:
            out.append(text)

    def _raw_html(self, raw: str) -> None:
        for closing, name, _ in HTML_TAG.findall(raw):
            name = name.lower()
            if name not in self.tags:
                self.tags.append(name)
            if name == "sup":
                self._hidden = max(0, self._hidden + (-1 if closing else 1))

    def _link(self, node: dict[str, Any], out: list[str]) -> None:
        target = node["c"][2][0]
        shown: list[str] = []
        before = len(self.urls)
        self._walk(node["c"][1], shown)
        label = "".join(shown).strip()
        if target.startswith("mailto:"):
            del self.urls[before:]
            self.urls.append(target.removeprefix("mailto:"))
        elif not URL.match(target) and not URL.match(label):
            out.extend(shown)
        elif label == target or URL.match(label) or not label:
            del self.urls[before:]  # the label's own URL is the target
            self.urls.append(target)
        else:
            out.extend(shown)

    def _walk(self, inlines: list[dict[str, Any]], out: list[str]) -> None:
        for node in inlines:
            kind = node["t"]
            content = node.get("c")
            if kind == "Str":
                body = content.lstrip(_URL_LEAD)
                url, rest = _split_url(body)
                if URL.match(body) or EMAIL.match(url):
                    self.urls.append(url)
                    lead = content[: len(content) - len(body)]
                    if lead and rest and lead[-1] + rest[0] in ("()", "[]", "<>"):
                        lead, rest = lead[:-1], rest[1:]  # "(https://x)" leaves no "()"
                    self._emit(out, lead + rest)
                else:
                    self._emit(out, content)
            elif kind == "Space":
                self._emit(out, " ")
            elif kind in ("SoftBreak", "LineBreak"):
                out.append("\n")
            elif kind == "Code":
                if PLAIN_CODE.match(content[1]):
                    self._emit(out, content[1])
                elif not self._hidden:
                    self.code.append(content[1])
            elif kind == "Math":
                if content[0]["t"] == "InlineMath" and "\\" not in content[1]:
                    self._emit(out, content[1])
            elif kind == "RawInline":
                if content[0] == "html":
                    self._raw_html(content[1])
                elif content[0] not in ("latex", "tex"):
                    self._emit(out, content[1])
            elif kind == "Quoted":
                mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
                self._emit(out, mark)
                self._walk(content[1], out)
                self._emit(out, mark)
            elif kind == "Cite":
                self.cites.append(node)
                source = Inlines()
                self._emit(out, " ".join(source.text(content[1]).split()))
            elif kind == "Note":
                self.n_notes += 1
                self.notes.append(content)
                self._emit(out, f"[^{self.n_notes}]")
            elif kind == "Link":
                self._link(node, out)
            elif kind == "Span":
                self.tags += [c for c in content[0][1] if c not in self.tags]
                self._walk(content[1], out)
            elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript",
                          "Subscript", "SmallCaps"):
                self._walk(content, out)
            elif kind == "Image" and "image" not in self.tags:
                self.tags.append("image")
            # anything else carries no text


def inline_text(inlines: list[dict[str, Any]]) -> str:
    """Plain text of pandoc inlines, citations in their source form.

    Parameters
    ----------
    inlines : list of dict
        pandoc inline elements (JSON).

    Returns
    -------
    str
        The text a reader sees (see the module docstring); a footnote becomes ``[^n]``.
    """
    return Inlines().text(inlines)


def is_emphasis(inlines: list[dict[str, Any]]) -> bool:
    """True if the inlines, spaces aside, are one bold or italic run."""
    kept = [node for node in inlines if node["t"] not in ("Space", "SoftBreak", "LineBreak")]
    return len(kept) == 1 and kept[0]["t"] in ("Strong", "Emph")


def meta_value(value: dict[str, Any]) -> Any:
    """A pandoc metadata value as plain Python (str, bool, list or dict).

    Parameters
    ----------
    value : dict
        A pandoc ``Meta*`` element (JSON).

    Returns
    -------
    str, bool, list or dict
    """
    kind, content = value["t"], value.get("c")
    if kind == "MetaMap":
        return {key: meta_value(item) for key, item in content.items()}
    if kind == "MetaList":
        return [meta_value(item) for item in content]
    if kind == "MetaInlines":
        return " ".join(inline_text(content).split())
    if kind == "MetaBlocks":
        converter = Inlines()
        return "\n\n".join(" ".join(converter.text(block_inlines(block)).split())
                           for block in content)
    return content  # MetaString, MetaBool


def block_inlines(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The inlines of a Para, Plain or Header (empty for other blocks)."""
    if block["t"] in ("Para", "Plain"):
        return block["c"]
    if block["t"] == "Header":
        return block["c"][2]
    return []
