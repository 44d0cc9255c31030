"""Tempo variants of the recorded audio (skill/build/tempo.py): built with Rubber Band, incremental, checked."""

from __future__ import annotations

import json
import shutil

import pytest

from skill.build.audio_build import analyse_mp3
from skill.build.tempo import TEMPOS, build_tempos, check_tempos, rubberband_stretch, variant_file
from skill.content.audio_manifest import load_manifest, read_manifest_data, write_manifest_data
from skill.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow  # real time-stretching, encoding and decoding
SECTION = "staan"  # the committed recording of one short section serves as the source


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A one-section audio folder with its variants built once (shared: stretching is the slow part)."""
    audio_dir = tmp_path_factory.mktemp("tempo")
    raw = read_manifest_data(PROJECT_ROOT / "audio")
    track = {k: v for k, v in next(t for t in raw["tracks"] if t["section_id"] == SECTION).items()
             if k != "tempo_variants"}
    shutil.copy(PROJECT_ROOT / "audio" / track["file"], audio_dir / track["file"])
    write_manifest_data(audio_dir, {**raw, "reading_order": [SECTION], "tracks": [track]})
    report = build_tempos(audio_dir, progress=False, echo=lambda line: None)
    return audio_dir, report, track


@pytest.fixture
def audio_dir(built, tmp_path):
    for p in built[0].iterdir():
        shutil.copy(p, tmp_path / p.name)
    return tmp_path


def counting_stretch(calls):
    def stretch(samples, rate, factor):
        calls.append(factor)
        return rubberband_stretch(samples, rate, factor)
    return stretch


def test_every_tempo_is_built_in_the_same_format_at_the_stretched_length(built):
    audio_dir, report, track = built
    assert sorted(report.built) == sorted(variant_file(SECTION, t) for t in TEMPOS)
    recording = load_manifest(audio_dir).get(SECTION)
    for factor in TEMPOS:
        variant = recording.variant(factor)
        info = analyse_mp3((audio_dir / variant.file).read_bytes())
        assert info.problems() == []  # MPEG-2 Layer III 48 kbps 24 kHz mono, -14 LUFS, true peak <= -2 dBTP
        assert info.duration == pytest.approx(track["duration"] / factor, rel=0.02)
        assert variant.duration == pytest.approx(info.duration, abs=0.05)
    errors, listed = check_tempos(read_manifest_data(audio_dir)["tracks"], audio_dir, deep=True)
    assert errors == [] and sorted(listed) == sorted(report.built)


def test_a_second_build_does_nothing_and_decodes_nothing(audio_dir):
    calls: list[float] = []
    before = (audio_dir / "manifest.json").read_bytes()
    report = build_tempos(audio_dir, stretch=counting_stretch(calls), progress=False, echo=lambda line: None)
    assert calls == [] and report.built == [] and len(report.kept) == len(TEMPOS)
    assert (audio_dir / "manifest.json").read_bytes() == before


def test_a_changed_recording_makes_its_variants_stale_and_a_build_renews_them(audio_dir):
    source = audio_dir / f"{SECTION}.mp3"
    data = bytearray(source.read_bytes())
    data[-100] ^= 0x55  # another recording under the same content hash (a forced rebuild)
    source.write_bytes(bytes(data))
    errors, _ = check_tempos(read_manifest_data(audio_dir)["tracks"], audio_dir)
    assert len(errors) == len(TEMPOS) and all("stale" in e for e in errors)
    calls: list[float] = []
    build_tempos(audio_dir, stretch=counting_stretch(calls), progress=False, echo=lambda line: None)
    assert sorted(calls) == sorted(TEMPOS)
    assert check_tempos(read_manifest_data(audio_dir)["tracks"], audio_dir)[0] == []


def test_missing_variants_and_stray_files(audio_dir):
    (audio_dir / variant_file(SECTION, TEMPOS[0])).unlink()
    errors, _ = check_tempos(read_manifest_data(audio_dir)["tracks"], audio_dir)
    assert len(errors) == 1 and "is missing" in errors[0]
    (audio_dir / "weg.tempo-85.mp3").write_bytes(b"old")
    report = build_tempos(audio_dir, progress=False, echo=lambda line: None)
    assert report.built == [variant_file(SECTION, TEMPOS[0])] and report.removed == ["weg.tempo-85.mp3"]
    assert not (audio_dir / "weg.tempo-85.mp3").exists()
    data = json.loads((audio_dir / "manifest.json").read_text())
    assert [v["tempo"] for v in data["tracks"][0]["tempo_variants"]] == sorted(TEMPOS)
