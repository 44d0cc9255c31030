"""The audio build: spoken text, lexicon, incremental builds and the check, on a tiny content set.

A fake engine makes harmonic tone bursts (one per word) so builds are fast and need no
speech software; it records what it was asked to say.
"""

from __future__ import annotations

import copy
import json
import zlib
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3

from skill.build import tts_engines as tts
from skill.build.audio_build import (
    BuildError,
    analyse_mp3,
    build_audio,
    check_audio,
    content_hash,
    main_audio,
    spoken_script,
)
from skill.content.audio_manifest import load_manifest
from skill.content.leaflet import parse_leaflet
from skill.content.lexicon import LEXICON_FILE, load_lexicon, parse_lexicon
from skill.build.tts_engines import EngineUnavailable

pytestmark = pytest.mark.slow  # every build encodes and decodes real MP3s (LAME)
LEXICON = load_lexicon()


class ToneEngine:
    """A fast stand-in speech engine: 0.3 s of a voiced-like tone per word, at 16 kHz."""

    name = "fake"
    voice = "tone"

    def __init__(self, seconds_per_word: float = 0.3, fail: bool = False) -> None:
        self.settings = {"seconds_per_word": seconds_per_word}
        self.seconds_per_word = seconds_per_word
        self.fail = fail
        self.calls: list[str] = []

    def check(self) -> None:
        pass

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        self.calls.append(text)
        if self.fail:
            raise EngineUnavailable("the fake service cannot be reached")
        rate = 16000
        t = np.arange(int(self.seconds_per_word * len(text.split()) * rate)) / rate
        f0 = 140 + zlib.crc32(text.encode()) % 60
        voiced = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in (1, 2, 3, 4))
        syllables = np.sin(np.pi * 3.3 * t) ** 2
        return (0.25 * voiced * syllables).astype(np.float32), rate


class OtherToneEngine(ToneEngine):
    name = "fake-fallback"
    voice = "tone2"


def section(sid: str, title: str, text: str) -> dict:
    word = sid.replace("-", " ")
    return {"id": sid, "title": title, "spoken_name": title.lower(), "text": text, "summary": text.split(".")[0] + ".",
            "synonyms": [word], "questions": [f"vertel over [{word}]"]}


def tiny_content() -> dict:
    return {
        "title": "Testfolder",
        "sections": [
            section("eerste", "Eerste deel", "Dit is het eerste deel. Het is kort."),
            section("tweede", "Tweede deel", "Til en/of draag dingen dicht bij uw lichaam, bijv. boodschappen.\n\n"
                                              "• rustig bewegen\n• niet te lang zitten"),
            section("derde", "Derde deel?", "Het derde deel sluit af."),
        ],
    }


def build(data: dict, audio_dir: Path, engine=None, **kwargs):
    return build_audio(parse_leaflet(data), audio_dir, engine or ToneEngine(), lexicon=LEXICON, progress=False,
                       echo=kwargs.pop("echo", lambda line: None), **kwargs)


def check(data: dict, audio_dir: Path, **kwargs):
    kwargs.setdefault("tempos", False)  # the tempo variants have their own tests (tests/test_tempo.py)
    return check_audio(parse_leaflet(data), audio_dir, lexicon=LEXICON,
                       engines={"fake": ToneEngine(), "fake-fallback": OtherToneEngine()}, **kwargs)


def mtimes(audio_dir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in audio_dir.iterdir()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One first build of the tiny content (shared: rendering is the slow part)."""
    audio_dir = tmp_path_factory.mktemp("audio")
    engine = ToneEngine()
    report = build(tiny_content(), audio_dir, engine)
    return audio_dir, engine, report


@pytest.fixture
def audio_dir(built, tmp_path):
    """A private copy of the first build's output."""
    target = tmp_path / "audio"
    target.mkdir()
    for p in built[0].iterdir():
        (target / p.name).write_bytes(p.read_bytes())
    return target


# --------------------------------------------------------------------------- spoken text and lexicon

def test_spoken_script_is_title_pause_then_text_with_list_items_as_sentences():
    leaflet = parse_leaflet(tiny_content())
    script = spoken_script(leaflet.section("tweede"), LEXICON)
    assert script[0].text == "Tweede deel."
    assert script[0].pause > script[1].pause > 0
    assert [u.text for u in script[2:]] == ["rustig bewegen.", "niet te lang zitten."]
    assert script[2].pause < script[3].pause  # a shorter pause between items than after the list
    assert spoken_script(leaflet.section("derde"), LEXICON)[0].text == "Derde deel?"


def test_dutch_abbreviations_are_expanded_before_speaking(built):
    _, engine, _ = built
    said = " ".join(engine.calls)
    assert "bijvoorbeeld boodschappen" in said
    assert "Til en of draag" in said
    assert "bijv." not in said and "/" not in said


@pytest.mark.parametrize("written, spoken", [
    ("Neem bijv. een pauze.", "Neem bijvoorbeeld een pauze."),
    ("Bijv. tillen.", "Bijvoorbeeld tillen."),
    ("Dozen, tassen enz. Daarna rust.", "Dozen, tassen enzovoort. Daarna rust."),
    ("Niet tillen enz.", "Niet tillen enzovoort."),
    ("Til en/of draag.", "Til en of draag."),
    ("gestrekte benen/knieën", "gestrekte benen of knieën"),
    ("om de 4/6 uur", "om de 4/6 uur"),
    ("o.a. zitten, d.w.z. stilzitten", "onder andere zitten, dat wil zeggen stilzitten"),
    ("de bijvoorbeeld-regel en robijv. blijven", "de bijvoorbeeld-regel en robijv. blijven"),
])
def test_lexicon_expansion(written, spoken):
    assert LEXICON.expand(written) == spoken


def test_lexicon_file_is_the_shared_default_and_rejects_bad_entries():
    from skill.content.lexicon import LexiconError, expand_for_tts

    assert LEXICON_FILE.name == "lexicon.yaml" and expand_for_tts("bijv.") == "bijvoorbeeld."
    with pytest.raises(LexiconError):
        parse_lexicon({"replacements": {"bijv.": ""}})
    with pytest.raises(LexiconError):
        parse_lexicon({"patterns": [{"match": "(", "replace": ""}]})


def test_hash_covers_spoken_text_engine_and_voice():
    leaflet = parse_leaflet(tiny_content())
    script = spoken_script(leaflet.section("eerste"), LEXICON)
    base = content_hash(script, ToneEngine())
    assert base == content_hash(spoken_script(leaflet.section("eerste"), LEXICON), ToneEngine())
    assert base != content_hash(script, OtherToneEngine())
    assert base != content_hash(script, ToneEngine(seconds_per_word=0.4))
    assert base != content_hash(spoken_script(leaflet.section("derde"), LEXICON), ToneEngine())


# --------------------------------------------------------------------------- build

def test_first_build_makes_one_valid_mp3_per_section_in_reading_order(built):
    audio_dir, _, report = built
    assert report.built == ["eerste", "tweede", "derde"] and report.kept == []
    manifest = load_manifest(audio_dir)
    assert [t.section_id for t in manifest.tracks] == ["eerste", "tweede", "derde"]
    for track in manifest.tracks:
        path = audio_dir / track.file
        assert track.file == f"{track.section_id}.mp3" and track.size == path.stat().st_size > 0
        assert track.engine == "fake" and track.mime == "audio/mpeg"
        info = MP3(path).info
        assert (info.version, info.layer, info.bitrate, info.sample_rate, info.channels) == (2, 3, 48000, 24000, 1)
        assert track.duration == pytest.approx(info.length, abs=0.01)
    assert manifest.total_duration == pytest.approx(sum(t.duration for t in manifest.tracks))
    assert manifest.get("tweede").duration > manifest.get("derde").duration
    assert manifest.get("nope") is None
    assert not [p for p in audio_dir.iterdir() if p.suffix == ".tmp" or p.stat().st_size == 0]


def test_built_audio_meets_the_loudness_spec(built):
    audio_dir, _, _ = built
    raw = json.loads((audio_dir / "manifest.json").read_text())
    for entry in raw["tracks"]:
        info = analyse_mp3((audio_dir / entry["file"]).read_bytes())
        assert info.problems() == []
        assert entry["loudness_lufs"] == pytest.approx(info.loudness_lufs, abs=0.01)
        assert entry["true_peak_dbtp"] <= -2.0


def test_noop_build_synthesizes_nothing_and_touches_nothing(audio_dir):
    before = mtimes(audio_dir)
    engine = ToneEngine()
    report = build(tiny_content(), audio_dir, engine)
    assert report.built == [] and report.kept == ["eerste", "tweede", "derde"]
    assert engine.calls == [] and not report.manifest_written
    assert mtimes(audio_dir) == before


def test_changing_one_section_rebuilds_only_that_section(audio_dir):
    before = mtimes(audio_dir)
    data = tiny_content()
    data["sections"][1]["text"] = data["sections"][1]["text"].replace("dicht bij", "vlak bij")
    engine = ToneEngine()
    report = build(data, audio_dir, engine)
    assert report.built == ["tweede"] and report.kept == ["eerste", "derde"]
    assert "vlak bij" in " ".join(engine.calls)
    after = mtimes(audio_dir)
    assert after["eerste.mp3"] == before["eerste.mp3"] and after["derde.mp3"] == before["derde.mp3"]
    assert after["tweede.mp3"] != before["tweede.mp3"]
    assert check(data, audio_dir).ok


def test_a_lexicon_change_rebuilds_the_sections_whose_spoken_text_changes(audio_dir):
    lexicon = parse_lexicon({"replacements": {"bijv.": "bij voorbeeld", "en/of": "en of"}})
    report = build_audio(parse_leaflet(tiny_content()), audio_dir, ToneEngine(), lexicon=lexicon, progress=False)
    assert report.built == ["tweede"]


def test_force_rebuilds_everything(audio_dir):
    assert build(tiny_content(), audio_dir, force=True).built == ["eerste", "tweede", "derde"]


def test_missing_or_damaged_file_is_rebuilt(audio_dir):
    (audio_dir / "eerste.mp3").unlink()
    with (audio_dir / "derde.mp3").open("ab") as fh:
        fh.write(b"\0")
    assert build(tiny_content(), audio_dir).built == ["eerste", "derde"]


def test_removed_section_is_dropped_from_manifest_and_disk(audio_dir):
    data = tiny_content()
    del data["sections"][2]
    report = build(data, audio_dir)
    assert report.removed == ["derde"] and report.built == []
    assert not (audio_dir / "derde.mp3").exists()
    assert [t.section_id for t in load_manifest(audio_dir).tracks] == ["eerste", "tweede"]


def test_reordered_sections_update_the_reading_order_without_synthesis(audio_dir):
    data = tiny_content()
    data["sections"].reverse()
    engine = ToneEngine()
    report = build(data, audio_dir, engine)
    assert report.built == [] and engine.calls == []
    assert [t.section_id for t in load_manifest(audio_dir).tracks] == ["derde", "tweede", "eerste"]


def test_too_long_section_fails_without_writing_a_file(tmp_path):
    data = tiny_content()
    data["sections"] = data["sections"][:1]
    with pytest.raises(BuildError, match="more than 240 s"):
        build(data, tmp_path, ToneEngine(seconds_per_word=30.0))
    assert list(tmp_path.glob("*.mp3")) == [] and list(tmp_path.glob(".*")) == []


def test_failing_engine_falls_back_in_one_line_and_later_builds_keep_the_fallback_files(tmp_path):
    lines: list[str] = []
    primary, fallback = ToneEngine(fail=True), OtherToneEngine()
    data = tiny_content()
    report = build(data, tmp_path, primary, fallback=fallback, echo=lines.append)
    assert len(lines) == 1 and "fake" in lines[0] and "fake-fallback" in lines[0]
    assert len(primary.calls) == 1  # gave up on the primary engine after its first failure
    assert report.built == ["eerste", "tweede", "derde"] and report.fallback_reason
    raw = json.loads((tmp_path / "manifest.json").read_text())
    assert {(t["engine"], t["fallback_from"]) for t in raw["tracks"]} == {("fake-fallback", "fake")}

    again = build(data, tmp_path, ToneEngine(fail=True), fallback=OtherToneEngine())
    assert again.built == []
    result = check(data, tmp_path)
    assert result.ok and any("fallback" in w for w in result.warnings)


def test_failing_engine_without_fallback_raises(tmp_path):
    with pytest.raises(EngineUnavailable):
        build(tiny_content(), tmp_path, ToneEngine(fail=True))
    assert list(tmp_path.glob("*.mp3")) == []


# --------------------------------------------------------------------------- check

def test_check_passes_on_a_fresh_build(audio_dir):
    result = check(tiny_content(), audio_dir, deep=True)
    assert result.ok, result.errors
    assert result.sections == 3 and result.warnings == []


def test_check_fails_on_missing_manifest(tmp_path):
    result = check(tiny_content(), tmp_path)
    assert not result.ok and "missing" in result.errors[0]


def test_check_fails_on_missing_file(audio_dir):
    (audio_dir / "tweede.mp3").unlink()
    result = check(tiny_content(), audio_dir)
    assert not result.ok and any(e.startswith("tweede:") and "missing" in e for e in result.errors)


def test_check_fails_on_stale_audio(audio_dir):
    data = tiny_content()
    data["sections"][0]["title"] = "Eerste stuk"
    result = check(data, audio_dir)
    assert [e.split(":")[0] for e in result.errors] == ["eerste"] and "stale" in result.errors[0]


def test_check_fails_on_new_section_without_audio(audio_dir):
    data = tiny_content()
    data["sections"].append(section("vierde", "Vierde deel", "Nieuw."))
    result = check(data, audio_dir)
    assert not result.ok and any(e.startswith("vierde: no audio") for e in result.errors)


def test_check_fails_when_a_file_size_differs(audio_dir):
    with (audio_dir / "derde.mp3").open("ab") as fh:
        fh.write(b"\xff\xf3")
    result = check(tiny_content(), audio_dir)
    assert not result.ok and any(e.startswith("derde:") and "bytes" in e for e in result.errors)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """Environment for ``main_audio``: the tiny content and an empty audio directory."""
    import yaml

    content_dir, audio_dir = tmp_path / "content", tmp_path / "audio"
    content_dir.mkdir()
    (content_dir / "leaflet.yaml").write_text(yaml.safe_dump(tiny_content(), allow_unicode=True), encoding="utf-8")
    (content_dir / "lexicon.yaml").write_text(LEXICON_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("RUGADVIES_CONTENT_DIR", str(content_dir))
    monkeypatch.setenv("RUGADVIES_AUDIO_DIR", str(audio_dir))
    monkeypatch.setitem(tts.ENGINES, "fake", ToneEngine)
    return audio_dir


def test_cli_build_then_noop_then_check_exit_codes(cli_env, capsys):
    assert main_audio(["check"]) == 1
    assert "manifest.json is missing" in capsys.readouterr().out
    assert main_audio(["build", "--engine", "fake", "--quiet"]) == 0
    assert "audio built: 3 rebuilt" in capsys.readouterr().out
    assert main_audio(["build", "--engine", "fake", "--quiet"]) == 0
    assert "audio up to date: 3 sections" in capsys.readouterr().out
    assert main_audio(["check"]) == 0
    assert "audio OK: 3 sections" in capsys.readouterr().out
    (cli_env / "eerste.mp3").unlink()
    assert main_audio(["check"]) == 1
    out = capsys.readouterr().out
    assert "error: eerste:" in out and "audio check failed" in out


def test_cli_mbrola_without_the_voice_is_a_clear_error(cli_env, monkeypatch, capsys):
    monkeypatch.setattr(tts.MbrolaEngine, "voice_file", cli_env / "no-such-voice")
    assert main_audio(["build", "--engine", "mbrola", "--quiet"]) == 2
    assert "mbrola-nl2" in capsys.readouterr().err
    assert not cli_env.exists() or not list(cli_env.glob("*.mp3"))


def test_manifest_loader_is_cached_per_mtime_and_empty_without_file(audio_dir, tmp_path):
    assert load_manifest(tmp_path / "nothing").tracks == ()
    first = load_manifest(audio_dir)
    assert load_manifest(audio_dir) is first
    raw = json.loads((audio_dir / "manifest.json").read_text())
    changed = copy.deepcopy(raw)
    changed["tracks"] = changed["tracks"][:1]
    changed["reading_order"] = changed["reading_order"][:1]
    (audio_dir / "manifest.json").write_text(json.dumps(changed) + "\n")
    assert [t.section_id for t in load_manifest(audio_dir).tracks] == ["eerste"]
