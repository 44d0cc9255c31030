"""The audio manifest (``audio/manifest.json``): the recorded leaflet, one MP3 (a :class:`Recording`) per section,
in reading order.

The manifest is written by ``skill.build.audio_build``; the web app and the AudioPlayer
code read it through :func:`load_manifest`. File layout (version 1)::

    {"version": 1, "format": {...}, "reading_order": ["inleiding", ...], "total_duration": 612.3,
     "tracks": [{"section_id": "inleiding", "file": "inleiding.mp3", "content_hash": "...",
                 "engine": "espeak", "voice": "nl", "fallback_from": "gtts", "duration": 63.2,
                 "size": 379152, "bitrate": 48000, "sample_rate": 24000, "channels": 1,
                 "loudness_lufs": -14.0, "true_peak_dbtp": -2.9,
                 "tempo_variants": [{"tempo": 0.85, "file": "inleiding.tempo-85.mp3", "content_hash": "...",
                                     "source_hash": "...", "duration": 74.4, "size": 446448, ...}, ...]}, ...]}

``tempo_variants`` (optional, written by ``skill.build.tempo``) are the same recording
time-stretched to another pace (pitch kept), in the same format.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.content.files import write_atomic
from skill.settings import AUDIO_DIR

__all__ = [
    "MANIFEST_FILE", "MANIFEST_VERSION", "AudioManifest", "ManifestError", "Recording", "TempoVariant",
    "load_manifest", "read_manifest_data", "write_manifest_data",
]

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 1


class ManifestError(ValueError):
    """The manifest exists but cannot be read or does not match the schema."""


@dataclass(frozen=True)
class TempoVariant:
    """A section's recording time-stretched to ``tempo`` (0.85: 15 % slower), pitch kept."""

    tempo: float
    file: str
    duration: float
    size: int
    content_hash: str


@dataclass(frozen=True)
class Recording:
    """One section's audio file (``file`` is relative to the audio directory)."""

    section_id: str
    file: str
    duration: float
    size: int
    engine: str
    content_hash: str
    mime: str = "audio/mpeg"
    variants: tuple[TempoVariant, ...] = ()

    def variant(self, tempo: float) -> TempoVariant | None:
        """The variant at ``tempo`` (None when there is none; 1.0 is the recording itself)."""
        return next((v for v in self.variants if abs(v.tempo - tempo) < 1e-6), None)

    def duration_at(self, tempo: float) -> float:
        """Seconds this section lasts at ``tempo``: the variant's duration, else the stretched estimate."""
        variant = self.variant(tempo)
        return variant.duration if variant else self.duration / tempo

    @property
    def files(self) -> tuple[str, ...]:
        """The recording's file and those of its variants."""
        return (self.file, *(v.file for v in self.variants))


@dataclass(frozen=True)
class AudioManifest:
    """The recorded leaflet: tracks in reading order."""

    tracks: tuple[Recording, ...] = ()
    _index: dict[str, Recording] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {t.section_id: t for t in self.tracks})

    def get(self, section_id: str) -> Recording | None:
        """The track of this section, ``None`` if it has no audio."""
        return self._index.get(section_id)

    @property
    def total_duration(self) -> float:
        """The whole leaflet's duration in seconds (sum of the tracks)."""
        return round(sum(t.duration for t in self.tracks), 3)


def read_manifest_data(audio_dir: Path) -> dict[str, Any] | None:
    """The manifest as raw JSON data; ``None`` if the file is missing."""
    path = Path(audio_dir) / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION \
            or not isinstance(data.get("tracks"), list):
        raise ManifestError(f"{path}: not a version {MANIFEST_VERSION} audio manifest")
    return data


def write_manifest_data(audio_dir: Path, data: dict[str, Any]) -> Path:
    """Write the manifest atomically (temporary file + rename), pretty-printed and stable."""
    directory = Path(audio_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MANIFEST_FILE
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def _variant(raw: Any) -> TempoVariant:
    return TempoVariant(tempo=float(raw["tempo"]), file=str(raw["file"]), duration=float(raw["duration"]),
                        size=int(raw["size"]), content_hash=str(raw["content_hash"]))


def _recording(raw: Any, where: str) -> Recording:
    try:
        return Recording(section_id=str(raw["section_id"]), file=str(raw["file"]), duration=float(raw["duration"]),
                         size=int(raw["size"]), engine=str(raw["engine"]), content_hash=str(raw["content_hash"]),
                         variants=tuple(_variant(v) for v in raw.get("tempo_variants") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ManifestError(f"{where}: bad track entry: {exc!r}") from None


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> AudioManifest:
    data = read_manifest_data(path.parent)
    if data is None:  # removed between stat and read
        return AudioManifest()
    by_id = {t.section_id: t for t in (_recording(raw, str(path)) for raw in data["tracks"])}
    order = data.get("reading_order") or list(by_id)
    missing = [sid for sid in order if sid not in by_id]
    if missing or len(order) != len(by_id):
        raise ManifestError(f"{path}: reading_order does not match the tracks")
    return AudioManifest(tuple(by_id[sid] for sid in order))


def load_manifest(audio_dir: Path | None = None) -> AudioManifest:
    """The manifest in ``audio_dir`` (default: the repository's ``audio/``); empty if there is none.

    Cached per path and modification time, so a rebuilt manifest is picked up without a restart.
    """
    directory = Path(audio_dir) if audio_dir is not None else AUDIO_DIR
    path = (directory / MANIFEST_FILE).resolve()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return AudioManifest()
    return _load(path, stat.st_mtime_ns, stat.st_size)
