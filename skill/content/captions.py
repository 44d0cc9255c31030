"""Read-along captions: one WebVTT cue per spoken sentence of a section, listed in ``audio/captions.json``.

The cues of a section are its title, then every sentence of its text (:meth:`Section.sentences`, each
list item counting as one), in that order: exactly what its recording says, one after the other. The
web page wraps the same sentences in elements that carry the cue ids (:func:`cue_id`), so the page
can highlight the sentence being read.

``audio/captions.json`` sits beside the audio manifest and is written by ``skill.build.captions``::

    {"version": 1, "tracks": {"tillen": {"file": "tillen.vtt", "audio_hash": "<manifest content_hash>",
                                          "text_hash": "...", "cues": 12, "method": "..."}, ...}}
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.content.leaflet import Section

__all__ = ["CAPTIONS_FILE", "CAPTIONS_VERSION", "Captions", "CaptionTrack", "cue_id", "cue_texts", "text_hash",
           "load_captions", "read_captions_data"]

CAPTIONS_FILE = "captions.json"
CAPTIONS_VERSION = 1
VTT_MIMETYPE = "text/vtt"


def cue_texts(section: Section) -> list[str]:
    """What the section's recording says, one entry per cue: the title, then each sentence."""
    return [section.title, *section.sentences()]


def cue_id(section_id: str, index: int) -> str:
    """The identifier of cue ``index`` (0 = the title) of a section, in the VTT file and on the page."""
    return f"{section_id}-zin-{index}"


def text_hash(section: Section) -> str:
    """A hash of the cue texts: the captions are stale when it changes."""
    return hashlib.sha256("\n".join(cue_texts(section)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CaptionTrack:
    section_id: str
    file: str
    audio_hash: str
    text_hash: str
    cues: int


@dataclass(frozen=True)
class Captions:
    """The caption files of the recorded leaflet, by section id."""

    tracks: dict[str, CaptionTrack]

    def get(self, section_id: str) -> CaptionTrack | None:
        return self.tracks.get(section_id)


def read_captions_data(audio_dir: Path) -> dict[str, Any] | None:
    """``captions.json`` as raw data; ``None`` when it is missing or not a version-1 index."""
    try:
        data = json.loads((Path(audio_dir) / CAPTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != CAPTIONS_VERSION or not isinstance(data.get("tracks"), dict):
        return None
    return data


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Captions:
    data = read_captions_data(path.parent) or {"tracks": {}}
    tracks = {}
    for sid, raw in data["tracks"].items():
        try:
            tracks[sid] = CaptionTrack(sid, str(raw["file"]), str(raw["audio_hash"]), str(raw["text_hash"]),
                                       int(raw["cues"]))
        except (KeyError, TypeError, ValueError):
            continue  # `rugadvies audio check` reports it; the page simply has no captions for it
    return Captions(tracks)


def load_captions(audio_dir: Path) -> Captions:
    """The caption index in ``audio_dir`` (empty when there is none)."""
    path = (Path(audio_dir) / CAPTIONS_FILE).resolve()
    try:
        return _load(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return Captions({})
