"""Pure text helpers for the leaflet: PDF-text cleaning and Dutch sentence splitting.

No I/O here. ``clean_pdf_text`` turns the text extracted from the leaflet PDF
(wrapped lines, U+F0B7 bullets, page-break blank runs, a chapter number in the
title) into a list of :class:`Block`. ``split_sentences`` splits Dutch prose
into sentences without breaking on the few abbreviations that may occur.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

PDF_BULLET = "\uf0b7"
BULLET = "\u2022"

_WS = re.compile(r"\s+")
_CHAPTER_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.\s+")
_HEADING_MAX_CHARS = 80


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


def clean_pdf_text(raw: str) -> list[Block]:
    """Turn PDF-extracted text into clean blocks, in reading order.

    Conventions of the extraction, used as layout cues:

    * a line ending in two or more spaces ends a paragraph (or list item);
      a line ending in at most one space is wrapped and continues on the next;
    * a line holding only spaces separates sections; the first non-empty line
      after it (or at the start of the text) is a heading and becomes its own
      paragraph (a leading chapter number such as ``4. `` is removed);
    * empty lines are page-break or layout artefacts and are ignored;
    * a line starting with U+F0B7 starts a list item; consecutive items form one list.
    """
    blocks: list[Block] = []
    para: list[str] = []  # lines of the open paragraph
    items: list[list[str]] = []  # open list: lines of each item
    after_separator = True

    def flush_para() -> None:
        if para:
            text = normalize_ws(" ".join(para))
            if text:
                blocks.append(Block("paragraph", (text,)))
            para.clear()

    def flush_list() -> None:
        if items:
            cleaned = tuple(t for t in (normalize_ws(" ".join(i)) for i in items) if t)
            if cleaned:
                blocks.append(Block("list", cleaned))
            items.clear()

    item_open = False  # the last list item may still get wrapped lines
    just_heading = False  # a separator right after a heading does not start a new heading
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    for line in raw.split("\n"):
        if line == "":
            continue  # page-break / layout blank: ignore
        if not line.strip():
            flush_para()
            flush_list()
            item_open = False
            after_separator = not just_heading
            continue
        just_heading = False
        ends_block = len(line) - len(line.rstrip(" \t\u00a0")) >= 2
        body = line.strip()
        if body.startswith(PDF_BULLET):
            flush_para()
            items.append([body[len(PDF_BULLET):]])
            item_open = not ends_block
            after_separator = False
            continue
        if items and item_open:
            items[-1].append(body)
            item_open = not ends_block
            continue
        flush_list()
        if after_separator and len(body) <= _HEADING_MAX_CHARS:
            flush_para()
            para.append(_CHAPTER_NUMBER.sub("", body))
            flush_para()
            after_separator = False
            just_heading = True
            continue
        after_separator = False
        para.append(body)
        if ends_block:
            flush_para()
    flush_para()
    flush_list()
    return blocks


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
