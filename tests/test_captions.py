"""Read-along captions: one WebVTT cue per sentence, timed within the audio, built with it, served and attached."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from lxml import html
from mutagen.mp3 import MP3

from skill.build.captions import build_captions, check_captions, cue_problems, parse_vtt, quiet_runs
from skill.content.audio_manifest import load_manifest
from skill.content.captions import CAPTIONS_FILE, load_captions
from skill.content.text import normalize_ws
from skill.settings import PROJECT_ROOT
from tests.helpers import web_app

REPO_AUDIO = PROJECT_ROOT / "audio"
SENTENCE_END = re.compile(r"[.!?…][’”)]*(?=\s+[A-Z‘(]|\s*$)")
pytestmark = pytest.mark.skipif(not load_manifest(REPO_AUDIO).tracks, reason="the repository has no recorded audio")


def committed_cues(section_id):
    return parse_vtt((REPO_AUDIO / load_captions(REPO_AUDIO).get(section_id).file).read_text(encoding="utf-8"))


def test_every_section_has_one_cue_per_sentence_in_reading_order(leaflet):
    for section in leaflet.sections:
        cues = committed_cues(section.id)
        # the title, then the sentences (each list item at least one): together exactly the section's text
        assert cues[0].text == section.title
        assert normalize_ws(" ".join(c.text for c in cues[1:])) == normalize_ws(
            " ".join(item for block in section.blocks for item in block.items))
        # counted independently of the splitter: sentence ends before a capital (or the end), at least one per item
        sentences = sum(max(1, len(SENTENCE_END.findall(item))) for block in section.blocks for item in block.items)
        assert len(cues) == 1 + sentences, section.id


def test_cue_times_increase_and_stay_within_the_mp3(leaflet):
    manifest = load_manifest(REPO_AUDIO)
    for section in leaflet.sections:
        cues = committed_cues(section.id)
        length = MP3(REPO_AUDIO / manifest.get(section.id).file).info.length
        assert abs(length - manifest.get(section.id).duration) < 0.05
        assert cues[0].start > 0
        for previous, cue in zip(cues, cues[1:]):
            assert previous.start < previous.end <= cue.start < cue.end, (section.id, cue.identifier)
        assert cues[-1].end <= length
        assert length - cues[-1].end < 1.5, "the last sentence ends just before the tail of silence"
        assert cue_problems(section, cues, length) == []


@pytest.mark.slow
def test_every_cue_starts_where_speech_starts_in_the_decoded_audio(leaflet):
    """Within 0.25 s of each cue start the audio goes from a pause (>= 150 ms of silence) to speech."""
    from skill.build.tts_engines import decode_audio

    manifest = load_manifest(REPO_AUDIO)
    misses = []
    for section in leaflet.sections:
        samples, rate = decode_audio((REPO_AUDIO / manifest.get(section.id).file).read_bytes())
        pause_ends = [end for _, end in quiet_runs(samples, rate)]
        for cue in committed_cues(section.id):
            nearest = min(abs(end - cue.start) for end in pause_ends)
            if nearest > 0.25:
                misses.append((cue.identifier, round(nearest, 2)))
    assert misses == []


def test_audio_check_passes_for_the_committed_captions_and_fails_when_stale(leaflet, tmp_path):
    assert check_captions(leaflet, REPO_AUDIO) == []
    copy = tmp_path / "audio"
    shutil.copytree(REPO_AUDIO, copy)
    data = json.loads((copy / CAPTIONS_FILE).read_text())
    data["tracks"]["tillen"]["text_hash"] = "0" * 64
    (copy / CAPTIONS_FILE).write_text(json.dumps(data))
    (copy / "zitten.vtt").write_text((copy / "zitten.vtt").read_text().replace("zitten-zin-2", "zitten-zin-9"))
    problems = check_captions(leaflet, copy)
    assert any(p.startswith("tillen: captions are stale") for p in problems)
    assert any(p.startswith("zitten: cue identifiers") for p in problems)
    (copy / CAPTIONS_FILE).unlink()
    assert "missing" in check_captions(leaflet, copy)[0]


@pytest.mark.slow
def test_build_is_incremental_and_reproduces_the_committed_files(leaflet, tmp_path):
    copy = tmp_path / "audio"
    shutil.copytree(REPO_AUDIO, copy)
    report = build_captions(leaflet, copy)
    assert report.built == [] and len(report.kept) == len(leaflet.sections)
    (copy / "tillen.vtt").unlink()
    report = build_captions(leaflet, copy)
    assert report.built == ["tillen"] and report.errors == []
    assert (copy / "tillen.vtt").read_bytes() == (REPO_AUDIO / "tillen.vtt").read_bytes()


def test_page_attaches_a_captions_track_and_marks_every_sentence(leaflet):
    client = web_app(REPO_AUDIO).test_client()
    page = html.fromstring(client.get("/").data)
    for section in leaflet.sections:
        (track,) = page.xpath(f"//audio[@id='audio-{section.id}']/track")
        assert track.get("kind") == "captions" and track.get("srclang") == "nl" and track.get("label")
        served = client.get(track.get("src"))
        assert served.status_code == 200 and served.mimetype == "text/vtt"
        cues = parse_vtt(served.get_data(as_text=True))
        marked = page.xpath(f"//section[@id='{section.id}']//*[@data-cue]")
        assert [(m.get("data-cue"), normalize_ws(m.text_content())) for m in marked] == \
            [(c.identifier, c.text) for c in cues]
    assert client.get("/audio/nergens.vtt").status_code == 404
    assert client.get("/audio/captions.json").status_code == 404
