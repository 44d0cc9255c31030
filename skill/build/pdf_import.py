"""The one-off import of the leaflet's PDF text: cleaning what a PDF extractor gives into blocks.

``content/leaflet.yaml`` was written from this (then edited by hand); the run-time
code never reads the PDF. ``clean_pdf_text`` turns the text extracted from the
leaflet PDF (wrapped lines, U+F0B7 bullets, page-break blank runs, a chapter number
in the title) into a list of :class:`~skill.content.text.Block`.
"""

from __future__ import annotations

import re
import unicodedata

from skill.content.text import Block, normalize_ws

__all__ = ["PDF_BULLET", "clean_pdf_text"]

PDF_BULLET = "\uf0b7"

_CHAPTER_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.\s+")
_HEADING_MAX_CHARS = 80


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
