"""Read-along captions for the recorded sections: one WebVTT cue per sentence, timed by re-synthesis.

How the times are found. ``skill.build.audio_build`` makes a section's audio by synthesising every
utterance of its spoken script (the title, each paragraph, each list item) on its own, trimming the
silence around it and joining the pieces with fixed pauses. The engines are deterministic, so
synthesising the same utterances again with the engine and settings of the recording (the manifest's
content hash proves they are the same) gives every utterance's exact start and end: lead-in, then
trimmed length plus pause, utterance after utterance. A paragraph of several sentences is one
utterance; each of its sentences is synthesised on its own too, and the paragraph's span is divided
in proportion to their trimmed lengths (the engine's pause between sentences is shared out alike).
All times are scaled to the MP3's measured duration (the encoder adds some tens of milliseconds of
padding). Utterance starts are then exact to a few tens of milliseconds; a sentence inside a
paragraph is placed to within about 0.4 s by the proportions, so it is finally snapped to the end of
the longest pause (silence detection on the decoded MP3) within 0.6 s of its estimate: the moment
its first word begins. ``tests/test_captions.py`` checks every cue start against the decoded audio.

Incremental like the audio: ``audio/captions.json`` records per section the content hash of the
recording and a hash of the cue texts; only sections where either changed are timed again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.build.audio_build import (
    LEAD_IN, SAMPLE_RATE, TAIL, Utterance, _engine_for, _sentence, _to_rate, _trim, content_hash, spoken_script,
)
from skill.build.tts_engines import Engine
from skill.content.audio_manifest import read_manifest_data
from skill.content.captions import (
    CAPTIONS_FILE, CAPTIONS_VERSION, cue_id, cue_texts, read_captions_data, text_hash,
)
from skill.content.files import write_atomic
from skill.content.leaflet import Leaflet, Section
from skill.content.lexicon import Lexicon
from skill.content.text import split_sentences

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Cue", "CaptionReport", "build_captions", "check_captions", "cue_times", "parse_vtt", "to_vtt",
           "timestamp_seconds"]

METHOD = "re-synthesis per utterance and sentence, scaled to the MP3 duration, snapped to pauses"


@dataclass(frozen=True)
class Cue:
    identifier: str
    start: float
    end: float
    text: str


def _length(engine: Engine, text: str) -> float:
    """Seconds of ``text`` as the build uses it: synthesised, resampled to 24 kHz and trimmed."""
    samples, rate = engine.synthesize(text)
    return len(_trim(_to_rate(samples, rate))) / SAMPLE_RATE


def _utterance_sentences(section: Section, script: tuple[Utterance, ...]) -> list[list[str]]:
    """The display sentences of each utterance of the script (the title, then one entry per block item)."""
    items = [item for block in section.blocks for item in block.items]
    if len(script) != len(items) + 1:
        raise ValueError(f"{section.id}: the spoken script does not match the blocks of the section")
    return [[section.title], *(split_sentences(item) for item in items)]


def quiet_runs(samples: np.ndarray, rate: int, *, floor_db: float = -40.0, hop: float = 0.01,
               shortest: float = 0.15) -> list[tuple[float, float]]:
    """(start, end) in seconds of every stretch quieter than ``floor_db`` below the peak, at least ``shortest`` long."""
    import numpy as np

    n = int(hop * rate)
    frames = samples[: len(samples) // n * n].reshape(-1, n)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    quiet = np.concatenate([[False], rms < rms.max() * 10 ** (floor_db / 20), [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    return [(a * hop, b * hop) for a, b in zip(edges[::2], edges[1::2]) if (b - a) * hop >= shortest]


def _snap(estimate: float, runs: list[tuple[float, float]], reach: float = 0.6) -> float:
    """The end of the longest pause whose end lies within ``reach`` seconds of ``estimate`` (else the estimate)."""
    near = [(b - a, b) for a, b in runs if abs(b - estimate) <= reach]
    return max(near)[1] if near else estimate


def cue_times(section: Section, engine: Engine, duration: float, lexicon: Lexicon,
              samples: np.ndarray | None = None, rate: int = SAMPLE_RATE) -> list[Cue]:
    """The section's cues (title, then each sentence) with start and end times within ``duration`` seconds.

    With the decoded recording (``samples`` at ``rate``), a sentence that starts inside a paragraph starts
    where the pause nearest to its estimated start ends.
    """
    script = spoken_script(section, lexicon)
    runs = quiet_runs(samples, rate) if samples is not None else []
    spans: list[tuple[float, float, str]] = []
    within: list[bool] = []
    t = LEAD_IN
    for utterance, sentences in zip(script, _utterance_sentences(section, script)):
        length = _length(engine, utterance.text)
        within += [False] + [True] * (len(sentences) - 1)  # True: starts inside a paragraph
        if len(sentences) == 1:
            spans.append((t, t + length, sentences[0]))
        else:
            parts = [_length(engine, lexicon.expand(_sentence(s))) for s in sentences]
            whole, at = sum(parts), t
            for part, sentence in zip(parts, sentences):
                share = length * part / whole
                spans.append((at, at + share, sentence))
                at += share
        t += length + utterance.pause
    scale = duration / (t + TAIL)
    if [s for _, _, s in spans] != cue_texts(section):
        raise ValueError(f"{section.id}: the timed sentences differ from the section's cue texts")
    starts = [a * scale if not inside else _snap(a * scale, runs) for (a, _, _), inside in zip(spans, within)]
    ends = [min(b * scale, duration) for _, b, _ in spans]
    ends = [starts[i + 1] if within[i + 1] else end for i, end in enumerate(ends[:-1])] + ends[-1:]
    return [Cue(cue_id(section.id, i), round(a, 3), round(b, 3), text)
            for i, (a, b, (_, _, text)) in enumerate(zip(starts, ends, spans))]


def to_vtt(cues: list[Cue]) -> str:
    """The cues as a WebVTT file (webvtt-py)."""
    import webvtt

    vtt = webvtt.WebVTT()
    for cue in cues:
        caption = webvtt.Caption(_stamp(cue.start), _stamp(cue.end), cue.text)
        caption.identifier = cue.identifier
        vtt.captions.append(caption)
    return vtt.content


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def timestamp_seconds(stamp: str) -> float:
    """``"00:01:02.345"`` (or ``"01:02.345"``) in seconds."""
    parts = [float(p) for p in stamp.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file (webvtt-py), with times in seconds to the millisecond."""
    import webvtt

    return [Cue(c.identifier or "", timestamp_seconds(c.start), timestamp_seconds(c.end), c.text)
            for c in webvtt.from_string(text)]


# --------------------------------------------------------------------------- build and check

@dataclass
class CaptionReport:
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _recordings(audio_dir: Path) -> dict[str, dict[str, Any]]:
    data = read_manifest_data(audio_dir) or {"tracks": []}
    return {str(t.get("section_id")): t for t in data["tracks"] if isinstance(t, dict)}


def build_captions(leaflet: Leaflet, audio_dir: Path, *, lexicon: Lexicon | None = None, force: bool = False,
                   engines: Mapping[str, Engine] | None = None,
                   echo: Callable[[str], None] = print) -> CaptionReport:
    """Write ``<id>.vtt`` for every recorded section whose recording or text changed, and ``captions.json``."""
    audio_dir = Path(audio_dir)
    lexicon = lexicon or leaflet.lexicon
    report = CaptionReport()
    recordings = _recordings(audio_dir)
    old = (read_captions_data(audio_dir) or {}).get("tracks", {})
    tracks: dict[str, dict[str, Any]] = {}
    for section in leaflet.sections:
        entry = recordings.get(section.id)
        if entry is None:
            continue
        want = {"audio_hash": str(entry.get("content_hash")), "text_hash": text_hash(section)}
        previous = old.get(section.id) or {}
        name = f"{section.id}.vtt"
        if not force and all(previous.get(k) == v for k, v in want.items()) and (audio_dir / name).is_file():
            tracks[section.id] = previous
            report.kept.append(section.id)
            continue
        engine = _engine_for(str(entry.get("engine")), engines)
        if engine is None or content_hash(spoken_script(section, lexicon), engine) != entry.get("content_hash"):
            report.errors.append(f"{section.id}: the recording is stale or from an unknown engine: "
                                 "cannot time its captions (run `rugadvies audio build`)")
            continue
        from skill.build.tts_engines import decode_audio

        samples, rate = decode_audio((audio_dir / str(entry["file"])).read_bytes())
        cues = cue_times(section, engine, float(entry["duration"]), lexicon, samples, rate)
        write_atomic(audio_dir / name, to_vtt(cues).encode("utf-8"))
        tracks[section.id] = {"file": name, **want, "cues": len(cues), "method": METHOD}
        report.built.append(section.id)
    data = {"version": CAPTIONS_VERSION, "tracks": tracks}
    if data != read_captions_data(audio_dir):
        write_atomic(audio_dir / CAPTIONS_FILE, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
    for stray in sorted(p.name for p in audio_dir.glob("*.vtt") if p.stem not in tracks):
        (audio_dir / stray).unlink()
        echo(f"captions: removed {stray} (no longer recorded)")
    return report


def check_captions(leaflet: Leaflet, audio_dir: Path) -> list[str]:
    """Problems with the captions: missing, stale, or not matching the sentences and duration of the audio."""
    audio_dir = Path(audio_dir)
    data = read_captions_data(audio_dir)
    if data is None:
        return [f"{audio_dir / CAPTIONS_FILE} is missing: run `rugadvies audio build`"]
    recordings = _recordings(audio_dir)
    problems = []
    for section in leaflet.sections:
        entry = recordings.get(section.id)
        if entry is None:
            continue
        track = data["tracks"].get(section.id)
        if not isinstance(track, dict):
            problems.append(f"{section.id}: no captions: run `rugadvies audio build`")
            continue
        if track.get("audio_hash") != entry.get("content_hash") or track.get("text_hash") != text_hash(section):
            problems.append(f"{section.id}: captions are stale: run `rugadvies audio build`")
            continue
        try:
            cues = parse_vtt((audio_dir / str(track.get("file"))).read_text(encoding="utf-8"))
        except Exception as exc:  # missing or malformed file: webvtt-py raises its own errors
            problems.append(f"{section.id}: cannot read {track.get('file')}: {exc}")
            continue
        problems += [f"{section.id}: {p}" for p in cue_problems(section, cues, float(entry["duration"]))]
    return problems


def cue_problems(section: Section, cues: list[Cue], duration: float) -> list[str]:
    """How ``cues`` miss the section: one cue per sentence, in order, ids as on the page, times within the audio."""
    found = []
    if [c.text for c in cues] != cue_texts(section):
        found.append(f"{len(cues)} cues, expected one per sentence ({len(cue_texts(section))}) with its text")
    if [c.identifier for c in cues] != [cue_id(section.id, i) for i in range(len(cues))]:
        found.append("cue identifiers differ from the page's")
    previous_end = 0.0
    for cue in cues:
        if not (previous_end - 0.001 <= cue.start < cue.end <= duration + 0.001):
            found.append(f"cue {cue.identifier} at {cue.start:.3f}-{cue.end:.3f} s is out of order or beyond "
                         f"the audio ({duration:.3f} s)")
            break
        previous_end = cue.end
    return found
