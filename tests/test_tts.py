"""Speech engines. gTTS talks to a local stand-in (the ``responses`` library), never to Google.

The stand-in answers gTTS's ``batchexecute`` POSTs the way Google Translate does:
an anti-JSON prefix, then a ``wrb.fr`` line whose payload is the base64 of an MP3
(MPEG-2, 24 kHz, mono, 32 kbps, like Google's), made here with espeak-ng and lameenc.
"""

from __future__ import annotations

import base64
import json
import urllib.parse

import lameenc
import numpy as np
import pytest
import requests
import responses
from mutagen.mp3 import MP3

from skill.build.audio_build import build_audio, check_audio, encode_mp3
from skill.content.leaflet import parse_leaflet
from skill.content.lexicon import load_lexicon
from skill.build.tts_engines import (
    EngineUnavailable,
    EspeakEngine,
    GttsEngine,
    MbrolaEngine,
    create_engine,
    decode_audio,
)

BATCHEXECUTE = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
ESPEAK = EspeakEngine()


def google_mp3(text: str) -> bytes:
    """What Google sends: speech as MPEG-2 Layer III, 24 kHz, mono, 32 kbps."""
    from scipy.signal import resample_poly

    samples, rate = ESPEAK.synthesize(text)
    x = resample_poly(samples, 160, 147) if rate == 22050 else samples
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(24000)
    encoder.set_out_sample_rate(24000)
    encoder.set_channels(1)
    pcm = (np.clip(x, -1, 1) * 32767 * 0.5).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


class StandIn:
    """The Google Translate TTS endpoint, as far as gTTS sees it; keeps what it was asked."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.langs: list[str] = []
        self.durations: list[float] = []

    def __call__(self, request):
        body = urllib.parse.unquote(request.body.removeprefix("f.req=").rstrip("&"))
        rpc = json.loads(body)[0][0]
        assert rpc[0] == "jQ1olc"
        text, lang = json.loads(rpc[1])[:2]
        self.texts.append(text)
        self.langs.append(lang)
        mp3 = google_mp3(text)
        self.durations.append(len(decode_audio(mp3)[0]) / 24000)
        payload = json.dumps([base64.b64encode(mp3).decode("ascii")])
        first = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"],
                            ["di", 42], ["af.httprm", 41, "-6254841281342416218", 7]], separators=(",", ":"))
        second = f'[["e",4,null,null,{len(first) + 40}]]'
        answer = f")]}}'\n\n{len(first)}\n{first}\n{len(second)}\n{second}\n"
        return 200, {"Content-Type": "application/json; charset=utf-8"}, answer


@pytest.fixture
def google():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def engine_with_sleeps(**kwargs) -> tuple[GttsEngine, list[float]]:
    sleeps: list[float] = []
    return GttsEngine(sleep=sleeps.append, **kwargs), sleeps


def tiny_leaflet():
    def section(sid, title, text):
        return {"id": sid, "title": title, "spoken_name": title.lower(), "text": text, "summary": text,
                "synonyms": [sid], "questions": [f"vertel over [{sid}]"]}

    return parse_leaflet({"title": "Test", "sections": [section("een", "Een", "Neem bijv. rust."),
                                                        section("twee", "Twee", "Blijf bewegen.")]})


# --------------------------------------------------------------------------- gTTS against the stand-in

@pytest.mark.slow
def test_gtts_success_decodes_each_part_and_joins_the_samples(google):
    stand_in = StandIn()
    google.add_callback(responses.POST, BATCHEXECUTE, callback=stand_in)
    engine, sleeps = engine_with_sleeps()
    text = ("Gebruik een rechte stoel die goed steun geeft in uw onderrug en vermijd het zitten op lage en zachte "
            "stoelen. Sta regelmatig op.")
    samples, rate = engine.synthesize(text)

    assert rate == 24000 and samples.dtype == np.float32 and np.abs(samples).max() > 0.05
    assert len(google.calls) == len(stand_in.texts) >= 3  # first sentence > 100 characters: two requests
    assert all(len(t) <= 100 for t in stand_in.texts) and set(stand_in.langs) == {"nl"}
    assert " ".join(stand_in.texts).split() == text.split()
    assert len(samples) / rate == pytest.approx(sum(stand_in.durations), abs=0.01)
    for call in google.calls:
        assert call.request.req_kwargs["timeout"] == engine.timeout is not None
    assert sleeps == []


@pytest.mark.slow
def test_gtts_does_not_apply_english_abbreviation_rules(google):
    stand_in = StandIn()
    google.add_callback(responses.POST, BATCHEXECUTE, callback=stand_in)
    GttsEngine(sleep=lambda s: None).synthesize("Dr. Jansen is er.")
    assert stand_in.texts == ["Dr. Jansen is er."]


@pytest.mark.slow
def test_gtts_retries_a_connection_error_with_back_off(google):
    stand_in = StandIn()
    google.add(responses.POST, BATCHEXECUTE, body=requests.exceptions.ConnectionError("network is unreachable"))
    google.add_callback(responses.POST, BATCHEXECUTE, callback=stand_in)
    engine, sleeps = engine_with_sleeps()
    samples, _ = engine.synthesize("Blijf in beweging.")
    assert len(samples) > 0 and len(google.calls) == 2 and sleeps == [engine.backoff]


def test_gtts_timeouts_exhaust_the_retries_with_growing_back_off(google):
    google.add(responses.POST, BATCHEXECUTE, body=requests.exceptions.ReadTimeout("read timed out"))
    engine, sleeps = engine_with_sleeps(attempts=4, backoff=0.5)
    with pytest.raises(EngineUnavailable, match=r"cannot be reached \(ReadTimeout, 4 tries\)"):
        engine.synthesize("Blijf in beweging.")
    assert len(google.calls) == 4
    assert len(sleeps) == 3 and sleeps[0] == 0.5 and sleeps == sorted(sleeps) and sleeps[-1] > sleeps[0]


def test_gtts_server_errors_are_retried_but_a_refusal_is_not(google):
    google.add(responses.POST, BATCHEXECUTE, status=503)
    engine, sleeps = engine_with_sleeps(attempts=2)
    with pytest.raises(EngineUnavailable, match="HTTP 503"):
        engine.synthesize("Rust.")
    assert len(google.calls) == 2

    google.replace(responses.POST, BATCHEXECUTE, status=403)
    engine, sleeps = engine_with_sleeps()
    with pytest.raises(EngineUnavailable, match=r"failed \(HTTP 403\)"):
        engine.synthesize("Rust.")
    assert len(google.calls) == 3 and sleeps == []


def test_gtts_needs_a_timeout():
    with pytest.raises(ValueError, match="timeout"):
        GttsEngine(timeout=None)


# --------------------------------------------------------------------------- builds with gTTS

@pytest.mark.slow
def test_build_with_gtts_reencodes_googles_audio(google, tmp_path):
    google.add_callback(responses.POST, BATCHEXECUTE, callback=StandIn())
    report = build_audio(tiny_leaflet(), tmp_path, GttsEngine(sleep=lambda s: None), fallback=EspeakEngine(),
                         lexicon=load_lexicon(), progress=False, echo=lambda line: None)
    assert report.built == ["een", "twee"] and report.fallback_reason is None
    raw = json.loads((tmp_path / "manifest.json").read_text())
    assert [(t["engine"], t["voice"], t["fallback_from"]) for t in raw["tracks"]] == [("gtts", "nl", None)] * 2
    info = MP3(tmp_path / "een.mp3").info
    assert (info.version, info.layer, info.bitrate, info.sample_rate, info.channels) == (2, 3, 48000, 24000, 1)


@pytest.mark.slow
def test_unreachable_google_falls_back_to_espeak_in_one_clear_line(google, tmp_path):
    google.add(responses.POST, BATCHEXECUTE, body=requests.exceptions.ConnectTimeout("connect timed out"))
    lines: list[str] = []
    engine, sleeps = engine_with_sleeps()
    report = build_audio(tiny_leaflet(), tmp_path, engine, fallback=EspeakEngine(), lexicon=load_lexicon(),
                         progress=False, echo=lines.append)

    assert len(lines) == 1
    assert "Google TTS cannot be reached (ConnectTimeout, 3 tries)" in lines[0] and "espeak" in lines[0]
    assert len(google.calls) == 3 and len(sleeps) == 2  # retried once per back-off, then gave up for the build
    assert report.built == ["een", "twee"]
    raw = json.loads((tmp_path / "manifest.json").read_text())
    assert [(t["engine"], t["fallback_from"]) for t in raw["tracks"]] == [("espeak", "gtts")] * 2
    files = list(tmp_path.iterdir())
    assert sorted(p.name for p in files) == ["een.mp3", "manifest.json", "twee.mp3"]  # no temporary files
    assert all(p.stat().st_size > 1000 for p in files if p.suffix == ".mp3")  # no 0-byte files

    result = check_audio(tiny_leaflet(), tmp_path, lexicon=load_lexicon(), tempos=False)
    assert result.ok and len(result.warnings) == 1 and "fallback" in result.warnings[0]


def test_unreachable_google_without_fallback_leaves_no_file(google, tmp_path):
    google.add(responses.POST, BATCHEXECUTE, body=requests.exceptions.ConnectionError("no route to host"))
    with pytest.raises(EngineUnavailable, match="cannot be reached"):
        build_audio(tiny_leaflet(), tmp_path, GttsEngine(sleep=lambda s: None), lexicon=load_lexicon(),
                    progress=False)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- espeak-ng and MBROLA

def test_espeak_speaks_dutch():
    samples, rate = EspeakEngine().synthesize("Goedemorgen, hoe gaat het met uw rug?")
    assert rate == 22050 and 1.0 < len(samples) / rate < 5.0
    assert float(np.sqrt(np.mean(samples ** 2))) > 0.01


def test_mbrola_reports_a_missing_voice_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(MbrolaEngine, "voice_file", tmp_path / "nl2")
    with pytest.raises(EngineUnavailable, match=r"mbrola-nl2.*non-free|non-free.*mbrola-nl2"):
        MbrolaEngine().check()


def test_engines_by_name():
    assert [create_engine(n).name for n in ("gtts", "espeak", "mbrola")] == ["gtts", "espeak", "mbrola"]
    with pytest.raises(ValueError, match="unknown speech engine"):
        create_engine("say")


def test_encoded_output_is_mpeg2_48k_cbr():
    t = np.arange(24000) / 24000
    mp3 = encode_mp3((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))
    # MPEG-2 Layer III frames at 48 kbps / 24 kHz are exactly 144 bytes, all with the same header.
    assert len(mp3) % 144 == 0
    assert {mp3[i:i + 3] for i in range(0, len(mp3), 144)} == {b"\xff\xf3\x64"}
