"""Pronunciation lexicon (``lexicon.yaml`` in a content directory): how text is read aloud.

``expand_for_tts(text)`` writes out Dutch abbreviations ("bijv." -> "bijvoorbeeld")
and replaces symbols that speech engines would read literally ("en/of" -> "en of").
It is shared by the recorded audio (``skill.build.audio_build``) and SSML speech; both use
the lexicon of the content they speak (``load_lexicon(content_dir)``, carried by the
loaded :class:`~skill.content.leaflet.Leaflet` as ``leaflet.lexicon``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.content.files import read_yaml
from skill.settings import CONTENT_DIR

__all__ = ["LEXICON_NAME", "LEXICON_FILE", "Lexicon", "LexiconError", "expand_for_tts", "load_lexicon"]

LEXICON_NAME = "lexicon.yaml"
#: The repository's lexicon (``content/lexicon.yaml``).
LEXICON_FILE = CONTENT_DIR / LEXICON_NAME

#: What follows an abbreviation that ends a sentence: whitespace, an optional quote, then a capital.
_SENTENCE_START = re.compile(r"\s+[\"'‘“(]?(\w)")


class LexiconError(ValueError):
    """The lexicon file is missing or malformed."""


@dataclass(frozen=True)
class Lexicon:
    """Literal replacements (case-insensitive, whole words) and regex patterns, in order."""

    replacements: tuple[tuple[str, str], ...]
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    def __post_init__(self) -> None:
        lookup = {key.lower(): value for key, value in self.replacements}
        keys = sorted(lookup, key=len, reverse=True)  # longest first: "e.d." before "d."
        regex = None
        if keys:
            alternatives = "|".join(re.escape(k) for k in keys)
            regex = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_regex", regex)

    def expand(self, text: str) -> str:
        """``text`` as it should be read aloud."""
        regex: re.Pattern[str] | None = self._regex  # type: ignore[attr-defined]
        if regex is not None:
            text = regex.sub(lambda m: self._replace(m, text), text)
        for pattern, replacement in self.patterns:
            text = pattern.sub(replacement, text)
        return text

    def _replace(self, match: re.Match[str], text: str) -> str:
        found = match.group()
        spoken: str = self._lookup[found.lower()]  # type: ignore[attr-defined]
        if found[0].isupper():
            spoken = spoken[0].upper() + spoken[1:]
        if found.endswith(".") and not spoken.endswith("."):
            rest = text[match.end():]
            start = _SENTENCE_START.match(rest)
            if not rest.strip() or (start and start.group(1).isupper()):
                spoken += "."  # the abbreviation's full stop also ended the sentence
        return spoken


def parse_lexicon(data: Any, where: str = "lexicon") -> Lexicon:
    """Validate already-parsed YAML data and build a :class:`Lexicon`."""
    if not isinstance(data, dict) or set(data) - {"replacements", "patterns"}:
        raise LexiconError(f"{where}: expected a mapping with 'replacements' and/or 'patterns'")
    replacements = data.get("replacements") or {}
    if not isinstance(replacements, dict):
        raise LexiconError(f"{where}: 'replacements' must map text to spoken text")
    pairs = []
    for key, value in replacements.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key.strip() or not value.strip():
            raise LexiconError(f"{where}: replacement {key!r}: {value!r} must be two non-empty strings")
        pairs.append((key.strip(), value.strip()))
    patterns = []
    for i, item in enumerate(data.get("patterns") or []):
        if not isinstance(item, dict) or set(item) != {"match", "replace"}:
            raise LexiconError(f"{where}: patterns[{i}] needs exactly 'match' and 'replace'")
        try:
            patterns.append((re.compile(str(item["match"])), str(item["replace"])))
        except re.error as exc:
            raise LexiconError(f"{where}: patterns[{i}]: invalid regex: {exc}") from None
    return Lexicon(tuple(pairs), tuple(patterns))


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Lexicon:
    return parse_lexicon(read_yaml(path, LexiconError), str(path))


def load_lexicon(content_dir: Path | str | None = None) -> Lexicon:
    """Load ``lexicon.yaml`` of ``content_dir`` (default: the repository's ``content/``);
    cached per path and modification time."""
    file = Path(content_dir) / LEXICON_NAME if content_dir is not None else LEXICON_FILE
    try:
        mtime = file.stat().st_mtime_ns
    except FileNotFoundError:
        raise LexiconError(f"{file}: lexicon file not found") from None
    return _load(file.resolve(), mtime)


def expand_for_tts(text: str, lexicon: Lexicon | None = None) -> str:
    """``text`` as it should be read aloud, using ``lexicon`` (default: ``content/lexicon.yaml``)."""
    return (lexicon or load_lexicon()).expand(text)
