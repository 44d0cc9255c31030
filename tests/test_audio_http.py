"""Serving the audio: MP3 type, ETag and caching, HTTP Range (206), and no way out of audio/."""

import pytest

from skill.web.app import create_app
from skill.content.audio_manifest import load_manifest
from skill.settings import Settings
from skill.alexa.stores import MemoryAdapter


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(verify=False), store=MemoryAdapter()).test_client()


@pytest.fixture(scope="module")
def track():
    return load_manifest().get("tillen")


def test_whole_file_with_type_etag_and_caching(client, track):
    resp = client.get(f"/audio/{track.file}")
    assert resp.status_code == 200 and resp.mimetype == "audio/mpeg"
    assert len(resp.data) == track.size and resp.data[:2] == b"\xff\xf3"  # MPEG-2 Layer III
    assert resp.headers["Accept-Ranges"] == "bytes" and "max-age=" in resp.headers["Cache-Control"]
    again = client.get(f"/audio/{track.file}", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


def test_range_requests_get_partial_content(client, track):
    whole = client.get(f"/audio/{track.file}").data
    part = client.get(f"/audio/{track.file}", headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.data == whole[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{track.size}"
    tail = client.get(f"/audio/{track.file}", headers={"Range": "bytes=-500"})
    assert tail.status_code == 206 and tail.data == whole[-500:]
    beyond = client.get(f"/audio/{track.file}", headers={"Range": f"bytes={track.size + 10}-"})
    assert beyond.status_code == 416


@pytest.mark.parametrize("path", ["/audio/../pyproject.toml", "/audio/%2e%2e/pyproject.toml", "/audio/manifest.json",
                                  "/audio/..%2fskill%2fapp.py", "/audio//etc/passwd", "/audio/tillen.mp3/",
                                  "/audio/TILLEN.MP3", "/audio/nope.mp3"])
def test_path_tricks_and_unlisted_files_are_404(client, path):
    assert client.get(path, follow_redirects=True, base_url=Settings().public_url).status_code == 404
