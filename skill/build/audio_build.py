"""Build and check the leaflet's recorded audio: one MP3 per section in ``audio/``.

Spoken text of a section: its title, a short pause, then the full text (each
paragraph, then each list item as a sentence), with abbreviations written out by
``content/lexicon.yaml``. Every utterance is synthesised by a speech engine
(``skill.build.tts_engines``), resampled to 24 kHz, trimmed and joined with fixed pauses; the
joined samples are levelled to -14 LUFS with a true-peak limiter, encoded ONCE
(LAME via lameenc: MPEG-2 Layer III, 48 kbps CBR, 24 kHz, mono), then decoded and
measured again; gain and ceiling are corrected until the encoded file meets the spec.

Incremental: ``audio/manifest.json`` stores a hash of each section's spoken text
plus engine, voice and format; only sections whose hash changed are rebuilt and a
no-op build reads no audio. ``main_audio(argv)`` is the ``rugadvies audio`` command.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.content.audio_manifest import (
    MANIFEST_FILE,
    MANIFEST_VERSION,
    ManifestError,
    read_manifest_data,
    write_manifest_data,
)
from skill.content.leaflet import Leaflet, Section, load_leaflet
from skill.content.files import write_atomic
from skill.content.lexicon import Lexicon
from skill.build.tts_engines import DEFAULT_ENGINE, ENGINES, Engine, EngineUnavailable, EspeakEngine, create_engine

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "FORMAT", "AudioInfo", "BuildError", "BuildReport", "CheckReport", "Utterance", "analyse_mp3",
    "build_audio", "check_audio", "content_hash", "main_audio", "spoken_script", "synthesize_script", "spoken_text",
]

SAMPLE_RATE = 24000
BITRATE_KBPS = 48
CHANNELS = 1
TARGET_LUFS = -14.0
LUFS_TOLERANCE = 1.0  # the spec: -14 +/- 1 LUFS, measured on the encoded file
LUFS_AIM = 0.3  # what the build aims for, to stay well inside the tolerance
MAX_TRUE_PEAK = -2.0  # dBTP, measured on the encoded file
TRUE_PEAK_AIM = -2.1  # what the build aims for (a margin for other decoders and meters)
LIMITER_CEILING = -2.6  # dBTP before encoding: headroom for MP3 overshoot
MAX_SECONDS = 240.0
#: Everything about the output format; part of every content hash.
FORMAT: dict[str, Any] = {
    "codec": "mp3", "mpeg_version": 2, "layer": 3, "bitrate_kbps": BITRATE_KBPS, "cbr": True,
    "sample_rate": SAMPLE_RATE, "channels": CHANNELS, "loudness_lufs": TARGET_LUFS,
    "true_peak_max_dbtp": MAX_TRUE_PEAK, "max_seconds": MAX_SECONDS,
}
#: Bump when the rendering changes in a way the hash cannot see (trimming, levelling, limiter).
PIPELINE_VERSION = 1

LEAD_IN = 0.15  # seconds of silence before the title
TITLE_PAUSE = 0.8
BLOCK_PAUSE = 0.6
ITEM_PAUSE = 0.4
TAIL = 0.5
_TERMINAL = (".", "!", "?", "…")


class BuildError(RuntimeError):
    """The audio cannot be built as specified (e.g. a section is too long or silent)."""


# --------------------------------------------------------------------------- spoken text

@dataclass(frozen=True)
class Utterance:
    """One thing to say, then ``pause`` seconds of silence."""

    text: str
    pause: float


def _sentence(text: str) -> str:
    """``text`` ending like a sentence, so engines use a falling, final intonation."""
    text = text.strip().rstrip(",;:").rstrip()
    return text if text.rstrip("’'\")”").endswith(_TERMINAL) else text + "."


def spoken_script(section: Section, lexicon: Lexicon) -> tuple[Utterance, ...]:
    """The section as it is spoken: title, pause, paragraphs and list items (as sentences)."""
    script = [Utterance(lexicon.expand(_sentence(section.title)), TITLE_PAUSE)]
    for block in section.blocks:
        if block.kind == "list":
            for i, item in enumerate(block.items):
                last = i == len(block.items) - 1
                script.append(Utterance(lexicon.expand(_sentence(item)), BLOCK_PAUSE if last else ITEM_PAUSE))
        else:
            script.append(Utterance(lexicon.expand(block.items[0]), BLOCK_PAUSE))
    return tuple(script)


def spoken_text(script: Iterable[Utterance]) -> str:
    """The script as plain text (one utterance per line)."""
    return "\n".join(u.text for u in script)


def engine_identity(engine: Engine) -> dict[str, Any]:
    return {"engine": engine.name, "voice": engine.voice, "settings": dict(getattr(engine, "settings", {}) or {})}


def content_hash(script: Iterable[Utterance], engine: Engine) -> str:
    """SHA-256 of the exact spoken text, pauses, engine, voice, engine settings and output format."""
    payload = {
        "pipeline": PIPELINE_VERSION,
        "script": [[u.text, u.pause] for u in script],
        **engine_identity(engine),
        "format": FORMAT,
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- signal processing

def _silence(seconds: float) -> np.ndarray:
    import numpy as np

    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)


def _to_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    import numpy as np
    from scipy.signal import resample_poly

    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if rate != SAMPLE_RATE:
        g = math.gcd(SAMPLE_RATE, int(rate))
        x = resample_poly(x, SAMPLE_RATE // g, int(rate) // g).astype(np.float32)
    return x


def _trim(x: np.ndarray, floor_db: float = -50.0, margin: float = 0.02) -> np.ndarray:
    """Cut leading and trailing near-silence (below ``floor_db`` relative to the peak)."""
    import numpy as np

    peak = float(np.max(np.abs(x))) if x.size else 0.0
    if peak == 0.0:
        return x[:0]
    loud = np.flatnonzero(np.abs(x) > peak * 10 ** (floor_db / 20))
    pad = int(margin * SAMPLE_RATE)
    return x[max(0, loud[0] - pad): loud[-1] + pad + 1]


def synthesize_script(script: Iterable[Utterance], engine: Engine) -> np.ndarray:
    """Synthesise every utterance and join them with their pauses: float32 samples at 24 kHz."""
    import numpy as np

    parts = [_silence(LEAD_IN)]
    for utterance in script:
        samples, rate = engine.synthesize(utterance.text)
        x = _to_rate(samples, rate)
        if x.size == 0 or not np.all(np.isfinite(x)):
            raise BuildError(f"engine {engine.name} returned no usable audio for {utterance.text[:40]!r}")
        parts += [_trim(x), _silence(utterance.pause)]
    parts.append(_silence(TAIL))
    return np.concatenate(parts)


def _peak_envelope(x: np.ndarray) -> np.ndarray:
    """Per-sample true-peak estimate: the largest of 4x-oversampled values around each sample."""
    import numpy as np
    from scipy.signal import resample_poly

    up = np.abs(resample_poly(x, 4, 1))
    return up[: 4 * len(x)].reshape(len(x), 4).max(axis=1)


def true_peak_db(x: np.ndarray) -> float:
    """True peak in dBTP (ITU-R BS.1770 style 4x oversampling)."""
    import numpy as np

    peak = float(_peak_envelope(np.asarray(x, dtype=np.float64)).max()) if len(x) else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def loudness_lufs(x: np.ndarray) -> float:
    """Integrated loudness (ITU-R BS.1770-4, pyloudnorm) of 24 kHz mono samples."""
    import pyloudnorm

    return float(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(x.astype("float64")))


def _smooth_gain(need: np.ndarray, window: float = 0.005) -> np.ndarray:
    """Smooth a per-sample needed gain without ever exceeding it.

    Min-filter, then average over the same window: every averaged value comes from
    minima over windows that contain the sample, so it is at most what the sample needs.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    width = 2 * int(window * SAMPLE_RATE) + 1
    return uniform_filter1d(minimum_filter1d(need, width, mode="nearest"), width, mode="nearest")


def limit(x: np.ndarray, ceiling_db: float) -> np.ndarray:
    """Look-ahead brick-wall limiter on the true-peak envelope (5 ms attack and release)."""
    import numpy as np

    need = np.minimum(1.0, 10 ** (ceiling_db / 20) / np.maximum(_peak_envelope(x), 1e-12))
    return (x * _smooth_gain(need)).astype(np.float32)


def level(x: np.ndarray, target_lufs: float, ceiling_db: float) -> np.ndarray:
    """Gain plus limiter, with the gain solved so that the limited signal has ``target_lufs``."""
    from scipy.optimize import brentq

    base = loudness_lufs(x)
    if not math.isfinite(base):
        raise BuildError("the audio is silent")

    def miss(gain_db: float) -> float:
        return loudness_lufs(limit(x * 10 ** (gain_db / 20), ceiling_db)) - target_lufs

    low = target_lufs - base
    if miss(low) >= -0.02:  # no limiting needed (or negligible)
        return limit(x * 10 ** (low / 20), ceiling_db)
    high = low + 30.0
    if miss(high) < 0:
        raise BuildError(f"cannot reach {target_lufs} LUFS under a {ceiling_db} dBTP ceiling")
    gain_db = brentq(miss, low, high, xtol=0.02)
    return limit(x * 10 ** (gain_db / 20), ceiling_db)


def encode_mp3(x: np.ndarray) -> bytes:
    """Encode once with LAME: MPEG-2 Layer III, 48 kbps CBR, 24 kHz, mono."""
    import lameenc
    import numpy as np

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_channels(CHANNELS)
    encoder.set_quality(2)
    pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


@dataclass(frozen=True)
class AudioInfo:
    """Format and loudness of an encoded MP3, as measured."""

    mpeg_version: float
    layer: int
    bitrate: int
    sample_rate: int
    channels: int
    duration: float
    loudness_lufs: float
    true_peak_dbtp: float

    def problems(self) -> list[str]:
        """How this file misses the output spec (empty when it meets it)."""
        found = []
        if (self.mpeg_version, self.layer) != (2, 3):
            found.append(f"MPEG-{self.mpeg_version:g} Layer {self.layer}, expected MPEG-2 Layer III")
        if (self.bitrate, self.sample_rate, self.channels) != (BITRATE_KBPS * 1000, SAMPLE_RATE, CHANNELS):
            found.append(f"{self.bitrate // 1000} kbps {self.sample_rate} Hz {self.channels} ch, expected "
                         f"{BITRATE_KBPS} kbps {SAMPLE_RATE} Hz mono")
        if abs(self.loudness_lufs - TARGET_LUFS) > LUFS_TOLERANCE:
            found.append(f"loudness {self.loudness_lufs:.1f} LUFS, expected {TARGET_LUFS:g} +/- {LUFS_TOLERANCE:g}")
        if self.true_peak_dbtp > MAX_TRUE_PEAK:
            found.append(f"true peak {self.true_peak_dbtp:.1f} dBTP, expected <= {MAX_TRUE_PEAK:g}")
        if self.duration > MAX_SECONDS:
            found.append(f"{self.duration:.0f} s long, at most {MAX_SECONDS:.0f} s allowed")
        return found


def _decode_and_measure(data: bytes) -> tuple[AudioInfo, np.ndarray]:
    import io

    from mutagen.mp3 import MP3

    from skill.build.tts_engines import decode_audio

    info = MP3(io.BytesIO(data)).info
    samples, rate = decode_audio(data)
    if rate != SAMPLE_RATE:
        samples = _to_rate(samples, rate)
    measured = AudioInfo(
        mpeg_version=float(info.version), layer=int(info.layer), bitrate=int(info.bitrate),
        sample_rate=int(info.sample_rate), channels=int(info.channels), duration=round(float(info.length), 3),
        loudness_lufs=round(loudness_lufs(samples), 2), true_peak_dbtp=round(true_peak_db(samples), 2),
    )
    return measured, samples


def analyse_mp3(data: bytes) -> AudioInfo:
    """Read format and duration (mutagen) and measure loudness and true peak of the decoded audio."""
    return _decode_and_measure(data)[0]


def _codec_delay(source: np.ndarray, decoded: np.ndarray, longest: int = 4608) -> int:
    """How many samples the decoded audio lags behind the source (encoder + decoder delay)."""
    import numpy as np
    from scipy.signal import correlate

    n = min(len(source), len(decoded) - longest)
    corr = correlate(decoded[: n + longest], source[:n], mode="valid", method="fft")
    return int(np.argmax(corr))


def master(x: np.ndarray, attempts: int = 6) -> tuple[bytes, AudioInfo]:
    """Level, encode once, decode and measure; correct what encoding changed until the file meets the spec.

    Low-bitrate MP3 adds quantisation noise, so the decoded true peak can overshoot
    the limiter's ceiling at a few spots: there the gain is lowered locally (aligned
    for the codec delay) and the file is encoded again. Loudness lost to the codec's
    low-pass and to these corrections is made up by raising the levelling target.
    """
    import numpy as np

    target, delay = TARGET_LUFS, None
    correction = np.ones(len(x))
    aim = 10 ** (TRUE_PEAK_AIM / 20)
    for _ in range(attempts):
        source = level(x, target, LIMITER_CEILING) * correction
        mp3 = encode_mp3(source)
        info, decoded = _decode_and_measure(mp3)
        miss = info.loudness_lufs - TARGET_LUFS
        if abs(miss) <= LUFS_AIM and info.true_peak_dbtp <= TRUE_PEAK_AIM:
            return mp3, info
        if info.true_peak_dbtp > TRUE_PEAK_AIM:
            delay = _codec_delay(source, decoded) if delay is None else delay
            peaks = _peak_envelope(decoded.astype(np.float64))[delay: delay + len(source)]
            peaks = np.pad(peaks, (0, len(source) - len(peaks)))
            correction *= _smooth_gain(np.minimum(1.0, 0.97 * aim / np.maximum(peaks, 1e-12)), window=0.01)
        target -= miss
    if info.problems():
        raise BuildError("; ".join(info.problems()))
    return mp3, info


# --------------------------------------------------------------------------- build

@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fallback_reason: str | None = None
    total_duration: float = 0.0
    manifest_written: bool = False


def _up_to_date(entry: Mapping[str, Any] | None, audio_dir: Path, want: str, accepted: set[str]) -> bool:
    """The entry matches the wanted hash (or an accepted fallback hash) and its file is intact."""
    if not entry or entry.get("content_hash") not in accepted | {want}:
        return False
    try:
        return (audio_dir / str(entry["file"])).stat().st_size == entry.get("size")
    except (OSError, KeyError):
        return False


def _manifest(leaflet: Leaflet, entries: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    tracks = [entries[sid] for sid in leaflet.ids if sid in entries]
    return {
        "version": MANIFEST_VERSION,
        "format": FORMAT,
        "reading_order": [t["section_id"] for t in tracks],
        "total_duration": round(sum(float(t["duration"]) for t in tracks), 3),
        "tracks": tracks,
    }


def _old_entries(audio_dir: Path, echo: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    try:
        data = read_manifest_data(audio_dir)
    except ManifestError as exc:
        echo(f"warning: {exc}; rebuilding all sections")
        return {}
    return {str(t.get("section_id")): t for t in (data or {}).get("tracks", []) if isinstance(t, dict)}


def build_audio(leaflet: Leaflet, audio_dir: Path, engine: Engine, *, fallback: Engine | None = None,
                force: bool = False, lexicon: Lexicon | None = None, progress: bool = True,
                echo: Callable[[str], None] | None = None) -> BuildReport:
    """Build the MP3s whose spoken text changed (all with ``force``) and update the manifest.

    With ``fallback``, an engine that fails (Google unreachable) is reported in one
    line and the fallback engine makes this and every remaining section. Sections
    made by the fallback count as up to date for later builds with the same primary
    engine until their text changes (rebuild with ``force`` to replace them).
    """
    from tqdm import tqdm

    echo = echo or tqdm.write
    audio_dir = Path(audio_dir)
    lexicon = lexicon or leaflet.lexicon
    report = BuildReport()
    entries = _old_entries(audio_dir, echo)
    scripts = {s.id: spoken_script(s, lexicon) for s in leaflet.sections}

    todo: list[Section] = []
    for section in leaflet.sections:
        entry = entries.get(section.id)
        want = content_hash(scripts[section.id], engine)
        accepted = set()
        if fallback is not None and entry and entry.get("fallback_from") == engine.name:
            accepted.add(content_hash(scripts[section.id], fallback))
        if not force and _up_to_date(entry, audio_dir, want, accepted):
            report.kept.append(section.id)
        else:
            todo.append(section)

    dirty = False
    for sid in [sid for sid in entries if leaflet.get(sid) is None]:  # sections no longer in the content
        stale = entries.pop(sid)
        if stale.get("file") == f"{sid}.mp3":
            (audio_dir / stale["file"]).unlink(missing_ok=True)
        report.removed.append(sid)
        dirty = True
    if [sid for sid in leaflet.ids if sid in entries] != list(entries):
        dirty = True  # reading order changed

    active = engine
    if todo:
        audio_dir.mkdir(parents=True, exist_ok=True)
        try:
            active.check()
        except EngineUnavailable as exc:
            active = _fall_back(exc, engine, fallback, report, echo)
        bar = tqdm(todo, desc="audio", unit="section", disable=not progress, file=sys.stderr)
        for section in bar:
            bar.set_postfix_str(section.id)
            script = scripts[section.id]
            try:
                samples = synthesize_script(script, active)
            except EngineUnavailable as exc:
                if active is not engine:
                    raise
                active = _fall_back(exc, engine, fallback, report, echo)
                samples = synthesize_script(script, active)
            seconds = len(samples) / SAMPLE_RATE
            if seconds > MAX_SECONDS:
                raise BuildError(f"section {section.id!r} takes {seconds:.0f} s, more than {MAX_SECONDS:.0f} s: "
                                 "split it in content/leaflet.yaml")
            mp3, info = master(samples)
            if info.duration > MAX_SECONDS:
                raise BuildError(f"section {section.id!r} takes {info.duration:.0f} s, more than {MAX_SECONDS:.0f} s")
            name = f"{section.id}.mp3"
            write_atomic(audio_dir / name, mp3)
            entries[section.id] = {
                "section_id": section.id, "file": name, "content_hash": content_hash(script, active),
                "engine": active.name, "voice": active.voice,
                "fallback_from": engine.name if active is not engine else None,
                "duration": info.duration, "size": len(mp3), "bitrate": info.bitrate,
                "sample_rate": info.sample_rate, "channels": info.channels,
                "loudness_lufs": info.loudness_lufs, "true_peak_dbtp": info.true_peak_dbtp,
            }
            write_manifest_data(audio_dir, _manifest(leaflet, entries))  # an interrupted build keeps its work
            report.built.append(section.id)
        report.manifest_written = True
    if dirty and not todo:
        write_manifest_data(audio_dir, _manifest(leaflet, entries))
        report.manifest_written = True
    report.total_duration = _manifest(leaflet, entries)["total_duration"]
    return report


def _fall_back(exc: EngineUnavailable, engine: Engine, fallback: Engine | None, report: BuildReport,
               echo: Callable[[str], None]) -> Engine:
    if fallback is None:
        raise exc
    fallback.check()
    report.fallback_reason = str(exc)
    echo(f"{engine.name}: {exc}; falling back to {fallback.name} ({fallback.voice}) for the rest of this build.")
    return fallback


# --------------------------------------------------------------------------- check

@dataclass
class CheckReport:
    """Problems (errors) and remarks (warnings) about the audio; ``ok`` when there are no errors."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sections: int = 0
    total_duration: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _engine_for(name: str, engines: Mapping[str, Engine] | None) -> Engine | None:
    if engines and name in engines:
        return engines[name]
    return create_engine(name) if name in ENGINES else None


def check_audio(leaflet: Leaflet, audio_dir: Path, *, lexicon: Lexicon | None = None, deep: bool = False,
                engines: Mapping[str, Engine] | None = None, tempos: bool = True) -> CheckReport:
    """Compare the manifest and files with the current content (``deep``: also decode and measure every file).

    ``tempos``: also check every section's tempo variants (``skill.build.tempo``).
    """
    audio_dir = Path(audio_dir)
    lexicon = lexicon or leaflet.lexicon
    report = CheckReport()
    where = audio_dir / MANIFEST_FILE
    try:
        data = read_manifest_data(audio_dir)
    except ManifestError as exc:
        report.errors.append(str(exc))
        return report
    if data is None:
        report.errors.append(f"{where} is missing: run `rugadvies audio build`")
        return report
    entries = {str(t.get("section_id")): t for t in data["tracks"] if isinstance(t, dict)}
    if data.get("reading_order") != [t.get("section_id") for t in data["tracks"]]:
        report.errors.append(f"{where}: reading_order does not match the order of the tracks")
    present = [sid for sid in leaflet.ids if sid in entries]
    if [sid for sid in data.get("reading_order") or [] if leaflet.get(sid)] != present:
        report.errors.append(f"{where}: reading order differs from content/leaflet.yaml")
    for sid in entries:
        if leaflet.get(sid) is None:
            report.errors.append(f"{sid}: in the manifest but no longer in the content (stale)")
    fallback: dict[str, list[str]] = {}
    for section in leaflet.sections:
        entry = entries.get(section.id)
        if entry is None:
            report.errors.append(f"{section.id}: no audio: run `rugadvies audio build`")
            continue
        path = audio_dir / str(entry.get("file"))
        if not path.is_file():
            report.errors.append(f"{section.id}: {path} is missing")
            continue
        size = path.stat().st_size
        if size != entry.get("size"):
            report.errors.append(f"{section.id}: {path.name} is {size} bytes, the manifest says {entry.get('size')}")
        engine = _engine_for(str(entry.get("engine")), engines)
        if engine is None:
            report.errors.append(f"{section.id}: unknown engine {entry.get('engine')!r} in the manifest")
        elif entry.get("content_hash") != content_hash(spoken_script(section, lexicon), engine):
            report.errors.append(f"{section.id}: stale: the spoken text (or engine/format settings) changed since "
                                 "the audio was built: run `rugadvies audio build`")
        if float(entry.get("duration") or 0) > MAX_SECONDS:
            report.errors.append(f"{section.id}: {entry['duration']:.0f} s, more than {MAX_SECONDS:.0f} s")
        if entry.get("fallback_from"):
            fallback.setdefault(f"{entry['engine']} (instead of {entry['fallback_from']})", []).append(section.id)
        if deep:
            info = analyse_mp3(path.read_bytes())
            report.errors += [f"{section.id}: {problem}" for problem in info.problems()]
            if abs(info.duration - float(entry.get("duration") or 0)) > 0.05:
                report.errors.append(f"{section.id}: duration {info.duration:.2f} s, the manifest says "
                                     f"{entry.get('duration')}")
    for engine_name, ids in fallback.items():
        report.warnings.append(f"{len(ids)} of {len(leaflet.sections)} sections come from the fallback engine "
                               f"{engine_name} because Google TTS could not be reached: {', '.join(ids)}; "
                               "with internet, run `rugadvies audio build --force` for the gTTS voice")
    known = {str(e.get("file")) for e in entries.values()}
    if tempos:
        from skill.build.tempo import check_tempos  # tempo builds on this module

        tempo_errors, variant_files = check_tempos(entries.values(), audio_dir, deep=deep)
        report.errors += tempo_errors
        known |= set(variant_files)
    else:
        known |= {str(v.get("file")) for e in entries.values() for v in e.get("tempo_variants") or ()}
    for stray in sorted(p.name for p in audio_dir.glob("*.mp3") if p.name not in known):
        report.warnings.append(f"{stray}: not in the manifest (left over?)")
    report.sections = len(entries)
    report.total_duration = round(sum(float(e.get("duration") or 0) for e in entries.values()), 3)
    return report


# --------------------------------------------------------------------------- command line

def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def main_audio(argv: list[str] | None = None) -> int:
    """``rugadvies audio build [--engine gtts|espeak|mbrola] [--force] [--no-fallback]`` / ``audio check [--deep]``."""
    from skill.settings import Settings

    parser = argparse.ArgumentParser(prog="rugadvies audio", description="Build or check the leaflet's audio files.")
    sub = parser.add_subparsers(dest="action", required=True)
    build = sub.add_parser("build", help="(re)build the MP3 of every section whose spoken text changed")
    build.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE,
                       help="speech engine (default: gtts, falling back to espeak when Google cannot be reached)")
    build.add_argument("--force", action="store_true", help="rebuild every section")
    build.add_argument("--no-fallback", action="store_true", help="fail instead of falling back to espeak")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    check = sub.add_parser("check", help="fail when audio is missing or stale for the current content")
    check.add_argument("--deep", action="store_true", help="also decode every file and measure format and loudness")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    leaflet = load_leaflet(settings.content_dir)
    lexicon = leaflet.lexicon  # the lexicon that goes with this content
    audio_dir = Path(settings.audio_dir)

    if args.action == "check":
        result = check_audio(leaflet, audio_dir, lexicon=lexicon, deep=args.deep)
        result.errors += _check_extras(leaflet, audio_dir, settings.content_dir)
        for line in result.errors:
            print(f"error: {line}")
        for line in result.warnings:
            print(f"warning: {line}")
        if not result.ok:
            print(f"audio check failed: {len(result.errors)} problem(s) in {audio_dir}")
            return 1
        print(f"audio OK: {result.sections} sections, total {_clock(result.total_duration)} in {audio_dir}")
        return 0

    engine = create_engine(args.engine)
    fallback = EspeakEngine() if args.engine == "gtts" and not args.no_fallback else None
    try:
        result = build_audio(leaflet, audio_dir, engine, fallback=fallback, force=args.force, lexicon=lexicon,
                             progress=not args.quiet)
        from skill.build.tempo import build_tempos  # tempo builds on this module

        build_tempos(audio_dir, force=args.force, progress=not args.quiet, echo=print)
    except (EngineUnavailable, BuildError) as exc:
        print(f"audio build failed: {exc}", file=sys.stderr)
        return 2
    if not _build_extras(leaflet, audio_dir, lexicon, settings.content_dir, force=args.force):
        return 2
    if not result.built and not result.removed:
        print(f"audio up to date: {len(result.kept)} sections, total {_clock(result.total_duration)}")
    else:
        print(f"audio built: {len(result.built)} rebuilt, {len(result.kept)} unchanged, {len(result.removed)} removed; "
              f"total {_clock(result.total_duration)} -> {audio_dir / MANIFEST_FILE}")
    return 0


def _build_extras(leaflet: Leaflet, audio_dir: Path, lexicon: Lexicon, content_dir: Path, *, force: bool) -> bool:
    """What is built with the audio: read-along captions (``skill.build.captions``) and the podcast artwork."""
    from skill.build.artwork import build_artwork
    from skill.build.captions import build_captions
    from skill.content.publisher import load_publisher

    captions = build_captions(leaflet, audio_dir, lexicon=lexicon, force=force)
    for line in captions.errors:
        print(f"captions: {line}", file=sys.stderr)
    if captions.built:
        print(f"captions built: {len(captions.built)} rebuilt, {len(captions.kept)} unchanged")
    if build_artwork(leaflet, load_publisher(content_dir), force=force):
        print("podcast artwork and favicon drawn")
    return not captions.errors


def _check_extras(leaflet: Leaflet, audio_dir: Path, content_dir: Path) -> list[str]:
    from skill.build.artwork import check_artwork
    from skill.build.captions import check_captions
    from skill.content.publisher import load_publisher

    return check_captions(leaflet, audio_dir) + check_artwork(leaflet, load_publisher(content_dir))


if __name__ == "__main__":
    sys.exit(main_audio())
