"""How a section's full text is read out: split into turns of a comfortable length.

A turn holds whole paragraphs (or list items) where they fit, and whole sentences
where a paragraph alone is too long, so that no turn runs much past a minute.
"""

from __future__ import annotations

from functools import lru_cache

from skill.content.leaflet import Block, Section
from skill.content.text import split_sentences

#: About 45 seconds of Dutch speech at ~15 characters a second.
MAX_PART_CHARS = 700


def _block_len(block: Block) -> int:
    return sum(len(item) + 1 for item in block.items)


def _split_block(block: Block) -> list[Block]:
    """Cut one over-long block into pieces no longer than MAX_PART_CHARS (sentence or item bounds)."""
    units = list(block.items) if block.kind == "list" else split_sentences(block.items[0])
    pieces: list[list[str]] = [[]]
    size = 0
    for unit in units:
        if pieces[-1] and size + len(unit) + 1 > MAX_PART_CHARS:
            pieces.append([])
            size = 0
        pieces[-1].append(unit)
        size += len(unit) + 1
    if block.kind == "list":
        return [Block("list", tuple(p)) for p in pieces]
    return [Block("paragraph", (" ".join(p),)) for p in pieces]


@lru_cache(maxsize=256)
def text_parts(section: Section) -> tuple[tuple[Block, ...], ...]:
    """The section's full text as turns, each a tuple of blocks."""
    parts: list[list[Block]] = [[]]
    size = 0
    for block in section.blocks:
        for piece in (_split_block(block) if _block_len(block) > MAX_PART_CHARS else [block]):
            length = _block_len(piece)
            if parts[-1] and size + length > MAX_PART_CHARS:
                parts.append([])
                size = 0
            parts[-1].append(piece)
            size += length
    return tuple(tuple(p) for p in parts if p)


#: A section this short (about 30 seconds of speech) is answered with its full text, not a summary.
SHORT_SECTION_WORDS = 80


@lru_cache(maxsize=256)
def is_short(section: Section) -> bool:
    """True when the whole section is as short as a summary: it is spoken whole, with nothing more to offer."""
    return len(section.text.split()) <= SHORT_SECTION_WORDS
