"""Tempo variants of the recorded leaflet: every section's MP3 slower and faster, pitch kept.

For each pace in :data:`skill.content.pace.VARIANT_PACES` the section's committed MP3
is decoded, time-stretched by Rubber Band (Debian's ``rubberband-cli`` through
pyrubberband, R3 "fine" engine, which keeps the pitch and the formants of speech),
then mastered exactly like the original (:func:`skill.build.audio_build.master`:
-14 LUFS, true peak <= -2 dBTP, MPEG-2 Layer III 48 kbps CBR 24 kHz mono).

Each variant is listed under its track in ``audio/manifest.json`` (``tempo_variants``)
with a hash of the source recording's bytes, the tempo and the stretcher's settings: a build
skips every variant whose hash still matches and whose file is intact, so a no-op
build decodes nothing. ``rugadvies audio build`` runs :func:`build_tempos` after the
sections; ``rugadvies audio check`` runs :func:`check_tempos`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.build.audio_build import FORMAT, SAMPLE_RATE, BuildError, analyse_mp3, master
from skill.content.audio_manifest import ManifestError, read_manifest_data, write_manifest_data
from skill.content.files import write_atomic
from skill.content.pace import VARIANT_PACES, tempo

if TYPE_CHECKING:
    import numpy as np

__all__ = ["STRETCHER", "TEMPOS", "TempoReport", "build_tempos", "check_tempos", "rubberband_stretch",
           "source_hash", "variant_file", "variant_hash"]

#: The tempo factors that get a variant (0.85: 15 % slower, 1.2: 20 % faster).
TEMPOS: tuple[float, ...] = tuple(tempo(p) for p in VARIANT_PACES)
#: The stretcher and its settings: part of every variant's hash.
STRETCHER: dict[str, Any] = {"tool": "rubberband", "engine": "R3 fine", "args": ["--fine"], "pipeline": 1}

Stretch = Callable[["np.ndarray", int, float], "np.ndarray"]


def variant_file(section_id: str, factor: float) -> str:
    """``tillen.tempo-85.mp3`` for the section ``tillen`` at tempo 0.85."""
    return f"{section_id}.tempo-{round(factor * 100)}.mp3"


def source_hash(path: Path) -> str:
    """SHA-256 of a recording's bytes (a forced rebuild may change them under the same content hash)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def variant_hash(source_hash: str, factor: float) -> str:
    """SHA-256 of the source recording's bytes' hash, the tempo, the stretcher and the output format."""
    payload = {"source": source_hash, "tempo": factor, "stretcher": STRETCHER, "format": FORMAT}
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def rubberband_stretch(samples: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """``samples`` played ``factor`` times as fast, pitch kept (Rubber Band R3 through pyrubberband)."""
    import numpy as np
    import pyrubberband

    if shutil.which("rubberband") is None:
        raise BuildError("rubberband is not installed: apt-get install rubberband-cli (scripts/setup.sh installs it)")
    out = pyrubberband.time_stretch(np.asarray(samples, dtype=np.float32), rate, factor, rbargs={"--fine": ""})
    return np.asarray(out, dtype=np.float32).reshape(-1)


@dataclass
class TempoReport:
    """What a tempo build did: variant files built, kept and removed."""

    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _intact(variant: Mapping[str, Any] | None, audio_dir: Path, want: str) -> bool:
    if not variant or variant.get("content_hash") != want:
        return False
    try:
        return (audio_dir / str(variant["file"])).stat().st_size == variant.get("size")
    except (OSError, KeyError):
        return False


def _make_variant(source: Path, section_id: str, factor: float, stretch: Stretch) -> tuple[str, bytes, Any]:
    from skill.build.tts_engines import decode_audio

    samples, rate = decode_audio(source.read_bytes())
    if rate != SAMPLE_RATE:
        raise BuildError(f"{source.name}: {rate} Hz, expected {SAMPLE_RATE} Hz")
    mp3, info = master(stretch(samples, rate, factor))
    return variant_file(section_id, factor), mp3, info


def _variant_entry(name: str, mp3: bytes, info, factor: float, want: str, source_hash: str) -> dict[str, Any]:
    return {"tempo": factor, "file": name, "content_hash": want, "source_hash": source_hash,
            "duration": info.duration, "size": len(mp3), "bitrate": info.bitrate, "sample_rate": info.sample_rate,
            "channels": info.channels, "loudness_lufs": info.loudness_lufs, "true_peak_dbtp": info.true_peak_dbtp}


def _stray_variants(audio_dir: Path, known: Iterable[str]) -> list[Path]:
    keep = set(known)
    return sorted(p for p in audio_dir.glob("*.tempo-*.mp3") if p.name not in keep)


def build_tempos(audio_dir: Path, *, stretch: Stretch = rubberband_stretch, tempos: tuple[float, ...] = TEMPOS,
                 force: bool = False, progress: bool = True, echo: Callable[[str], None] | None = None) -> TempoReport:
    """Make the missing or stale tempo variants of every track in the manifest; remove the variants of nothing."""
    from tqdm import tqdm

    echo = echo or tqdm.write
    audio_dir = Path(audio_dir)
    report = TempoReport()
    try:
        data = read_manifest_data(audio_dir)
    except ManifestError as exc:
        raise BuildError(str(exc)) from None
    if data is None:
        return report
    todo: list[tuple[dict[str, Any], float]] = []
    sources = {t["section_id"]: source_hash(audio_dir / str(t["file"])) for t in data["tracks"]}
    for track in data["tracks"]:
        have = {float(v.get("tempo", 0)): v for v in track.get("tempo_variants") or () if isinstance(v, dict)}
        for factor in tempos:
            if not force and _intact(have.get(factor), audio_dir, variant_hash(sources[track["section_id"]], factor)):
                report.kept.append(variant_file(track["section_id"], factor))
            else:
                todo.append((track, factor))
    dirty = False
    for track in data["tracks"]:  # variants of tempos no longer wanted
        listed = [v for v in track.get("tempo_variants") or () if isinstance(v, dict)]
        wanted = [v for v in listed if float(v.get("tempo", 0)) in tempos]
        if len(wanted) != len(listed) or "tempo_variants" not in track:
            track["tempo_variants"] = wanted
            dirty = True
    bar = tqdm(todo, desc="tempo", unit="variant", disable=not progress, file=sys.stderr)
    for track, factor in bar:
        sid = track["section_id"]
        bar.set_postfix_str(variant_file(sid, factor))
        name, mp3, info = _make_variant(audio_dir / str(track["file"]), sid, factor, stretch)
        write_atomic(audio_dir / name, mp3)
        want = variant_hash(sources[sid], factor)
        others = [v for v in track["tempo_variants"] if float(v.get("tempo", 0)) != factor]
        entry = _variant_entry(name, mp3, info, factor, want, sources[sid])
        track["tempo_variants"] = sorted(others + [entry], key=lambda v: float(v["tempo"]))
        write_manifest_data(audio_dir, data)  # an interrupted build keeps its work
        report.built.append(name)
    if dirty and not todo:
        write_manifest_data(audio_dir, data)
    known = [str(v["file"]) for t in data["tracks"] for v in t.get("tempo_variants") or ()]
    for stray in _stray_variants(audio_dir, known):
        stray.unlink()
        report.removed.append(stray.name)
    if report.built or report.removed:
        echo(f"tempo variants: {len(report.built)} built, {len(report.kept)} unchanged, {len(report.removed)} removed")
    return report


def check_tempos(tracks: Iterable[Mapping[str, Any]], audio_dir: Path, *, deep: bool = False,
                 tempos: tuple[float, ...] = TEMPOS) -> tuple[list[str], list[str]]:
    """Errors for missing, stale or (``deep``) out-of-spec variants; also the variant file names listed."""
    audio_dir = Path(audio_dir)
    errors: list[str] = []
    listed: list[str] = []
    for track in tracks:
        sid = track.get("section_id")
        source = source_hash(audio_dir / str(track.get("file")))
        have = {float(v.get("tempo", 0)): v for v in track.get("tempo_variants") or () if isinstance(v, dict)}
        listed += [str(v.get("file")) for v in have.values()]
        for factor in tempos:
            variant = have.get(factor)
            label = f"{sid}: tempo {factor:g}"
            if variant is None:
                errors.append(f"{label}: no variant: run `rugadvies audio build`")
                continue
            path = audio_dir / str(variant.get("file"))
            if not path.is_file():
                errors.append(f"{label}: {path} is missing")
                continue
            if path.stat().st_size != variant.get("size"):
                errors.append(f"{label}: {path.name} is {path.stat().st_size} bytes, the manifest says "
                              f"{variant.get('size')}")
            if variant.get("content_hash") != variant_hash(source, factor):
                errors.append(f"{label}: stale: the section's recording changed: run `rugadvies audio build`")
            if deep:
                info = analyse_mp3(path.read_bytes())
                errors += [f"{label}: {problem}" for problem in info.problems()]
                if abs(info.duration - float(variant.get("duration") or 0)) > 0.05:
                    errors.append(f"{label}: duration {info.duration:.2f} s, the manifest says "
                                  f"{variant.get('duration')}")
    return errors, listed
