"""Pure text helpers for the leaflet at run time: blocks, whitespace and Dutch sentence splitting.

No I/O here. ``split_sentences`` splits Dutch prose into sentences without
breaking on the few abbreviations that may occur. (The one-off import of the
leaflet's PDF text lives in :mod:`skill.build.pdf_import`.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BULLET = "\u2022"

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph (exactly one item) or a bulleted list (one item per bullet)."""

    kind: Literal["paragraph", "list"]
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block as text: the paragraph itself, or one ``• item`` line per list item."""
        if self.kind == "list":
            return "\n".join(f"{BULLET} {item}" for item in self.items)
        return self.items[0]


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (incl. no-break spaces) to one space and strip."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


# Abbreviations (lowercase, with their dots) after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "bijv.", "bv.", "b.v.", "o.a.", "m.a.w.", "d.w.z.", "i.p.v.", "z.s.m.", "evt.", "ca.",
        "enz.", "etc.", "e.d.", "nl.", "resp.", "mevr.", "dhr.", "dr.", "drs.", "ir.", "mr.",
        "prof.", "zgn.", "incl.", "excl.", "max.", "min.", "nr.", "blz.", "p.", "tel.", "vs.",
    }
)

# A sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s+)")
# What may start the next sentence: uppercase letter, digit, opening quote/bracket, bullet.
_NEXT_START = re.compile(r"\s+([\"'‘“(\[•]*[A-ZÀ-ÖØ-Þ0-9])")


def split_sentences(text: str) -> list[str]:
    """Split Dutch text into sentences.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quote or
    bracket) followed by whitespace and an uppercase letter, digit or opening
    quote. A full stop after a known abbreviation (``bijv.``) or a single
    initial does not end a sentence. Line breaks always end a sentence (list
    items are lines). Whitespace inside a sentence is normalised.
    """
    sentences: list[str] = []
    for line in text.split("\n"):
        line = normalize_ws(line)
        if line.startswith(BULLET):
            line = line[len(BULLET):].strip()
        start = 0
        for m in _BOUNDARY.finditer(line):
            nxt = _NEXT_START.match(line, m.end())
            if not nxt:
                continue
            word = line[start:m.end()].rsplit(" ", 1)[-1].lower()
            if m.group().startswith(".") and (word in ABBREVIATIONS or re.fullmatch(r"[^\W\d_]\.", word)):
                continue
            sentences.append(line[start:m.end()].strip())
            start = m.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences
