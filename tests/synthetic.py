"""A small synthetic paper for tests: another topic, another style, awkward bytes."""

from __future__ import annotations

import random
import textwrap

VOCABULARY = [
    "port", "harbour", "trade", "ship", "cargo", "customs", "tariff", "route", "coast", "crew",
    "merchant", "market", "price", "grain", "timber", "river", "canal", "dock", "warehouse",
    "ledger", "insurance", "storm", "navy", "pilot", "lighthouse", "fleet", "voyage",
]
GLUE = ["the", "of", "and", "in", "to", "a", "for", "with", "on", "by", "from", "as"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY if i % 2 == 0 else GLUE) for i in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def synthetic_paper(seed: int = 0, sections: int = 8, paragraphs: int = 4,
                    heading_level: int = 1, wrap: int = 60, newline: str = "\r\n",
                    bom: bool = True) -> bytes:
    """A Markdown paper with level-``heading_level`` headings, hard-wrapped lines,
    numbered citations ("[3]") that the study's citation parser does not read, a
    numbered reference list, Windows line endings and a byte-order mark."""
    rng = random.Random(seed)
    hashes = "#" * heading_level
    lines = [f"{hashes} Ports and Trade on a Synthetic Coast", "", "A. Author, B. Author", "",
             f"{hashes} Abstract", ""]
    lines += textwrap.wrap(" ".join(sentence(rng) for _ in range(4)), wrap) + [""]
    for s in range(1, sections + 1):
        lines += [f"{hashes} Section {s}: {rng.choice(VOCABULARY).title()} and "
                  f"{rng.choice(VOCABULARY)}", ""]
        for _ in range(paragraphs):
            text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
            text = text[:-1] + f" [{rng.randint(1, 5)}]."
            lines += textwrap.wrap(text, wrap) + [""]
    lines += [f"{hashes} References", ""]
    lines += [f"{i}. Writer, W. {1990 + i}. A study of {rng.choice(VOCABULARY)}s. Journal."
              for i in range(1, 6)]
    text = newline.join(lines) + newline
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
