"""The committed audio in audio/: format, loudness, plausibility and freshness against content/.

Measured independently of the build code: mutagen for the format, soundfile to decode,
pyloudnorm for loudness and 4x oversampling (scipy) for the true peak.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile
from mutagen.mp3 import MP3

from skill.build.audio_build import check_audio, spoken_script, spoken_text
from skill.build.tempo import TEMPOS
from skill.content.audio_manifest import load_manifest
from skill.content.leaflet import load_leaflet
from skill.content.lexicon import load_lexicon
from skill.settings import PROJECT_ROOT

AUDIO = PROJECT_ROOT / "audio"
LEAFLET = load_leaflet()
FRAME_BYTES = 144  # MPEG-2 Layer III, 48 kbps, 24 kHz: 72 * 48000 / 24000 bytes per frame, no padding
FRAME_HEADER = b"\xff\xf3\x64"  # sync + MPEG-2 + Layer III + no CRC, bitrate index 48 kbps, 24 kHz, no padding


def raw_manifest() -> dict:
    return json.loads((AUDIO / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_lists_every_section_in_reading_order():
    raw = raw_manifest()
    assert raw["reading_order"] == list(LEAFLET.ids) == [t["section_id"] for t in raw["tracks"]]
    manifest = load_manifest(AUDIO)
    assert [t.section_id for t in manifest.tracks] == list(LEAFLET.ids)
    assert raw["total_duration"] == pytest.approx(manifest.total_duration, abs=0.01)
    assert sorted(p.name for p in AUDIO.glob("*.mp3")) == sorted(f for t in manifest.tracks for f in t.files)


def test_every_section_has_its_tempo_variants_at_the_stretched_length():
    """Each recording is there at every variant pace, as long as the recording divided by the tempo."""
    for recording in load_manifest(AUDIO).tracks:
        assert sorted(v.tempo for v in recording.variants) == sorted(TEMPOS), recording.section_id
        for variant in recording.variants:
            assert variant.duration == pytest.approx(recording.duration / variant.tempo, rel=0.02, abs=0.1)


def test_audio_is_fresh_for_the_current_content():
    result = check_audio(LEAFLET, AUDIO, lexicon=load_lexicon())
    assert result.ok, "\n".join(result.errors + ["run: rugadvies audio build"])


@pytest.fixture(scope="module", params=[(sid, tempo) for sid in LEAFLET.ids for tempo in (None, *TEMPOS)],
                ids=lambda p: p[0] if p[1] is None else f"{p[0]}@{p[1]:g}")
def track(request):
    """A section's recording (or one of its tempo variants): its manifest entry, path and samples."""
    sid, tempo = request.param
    entry = next(t for t in raw_manifest()["tracks"] if t["section_id"] == sid)
    if tempo is not None:
        entry = {"section_id": sid, **next(v for v in entry["tempo_variants"] if v["tempo"] == tempo)}
    path = AUDIO / entry["file"]
    samples, rate = soundfile.read(path, dtype="float64")
    return entry, path, samples, rate


def test_format_is_mpeg2_layer3_48k_cbr_24khz_mono(track):
    entry, path, _, rate = track
    info = MP3(path).info
    assert (info.version, info.layer, info.bitrate, info.sample_rate, info.channels) == (2, 3, 48000, 24000, 1)
    data = path.read_bytes()
    assert len(data) == entry["size"] and len(data) % FRAME_BYTES == 0
    assert {data[i:i + 3] for i in range(0, len(data), FRAME_BYTES)} == {FRAME_HEADER}  # constant bitrate
    assert rate == 24000
    assert info.length == pytest.approx(entry["duration"], abs=0.05)
    assert entry["duration"] <= 240


def test_duration_is_plausible_for_the_word_count(track):
    entry, _, samples, rate = track
    words = len(spoken_text(spoken_script(LEAFLET.section(entry["section_id"]), load_lexicon())).split())
    seconds = len(samples) / rate
    assert 1.5 <= words / seconds <= 5.0, f"{words} words in {seconds:.1f} s"


@pytest.mark.slow
def test_loudness_and_true_peak(track):
    import pyloudnorm  # with scipy, over a second to import: here rather than at collection
    from scipy.signal import resample_poly

    entry, _, samples, rate = track
    lufs = pyloudnorm.Meter(rate).integrated_loudness(samples)
    true_peak = 20 * np.log10(np.abs(resample_poly(samples, 4, 1)).max())
    assert -15.0 <= lufs <= -13.0
    assert true_peak <= -2.0
    assert entry["loudness_lufs"] == pytest.approx(lufs, abs=0.05)


def test_not_silent(track):
    _, _, samples, rate = track
    window = rate // 10
    blocks = samples[: len(samples) // window * window].reshape(-1, window)
    active = np.sqrt((blocks ** 2).mean(axis=1)) > 10 ** (-40 / 20)
    assert active.mean() > 0.5  # speech in most 100 ms blocks; pauses are short
