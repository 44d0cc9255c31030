"""The podcast feed and the M3U playlist, parsed back (feedparser) and checked against content/ and the manifest."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

from skill.content.audio_manifest import AudioManifest, load_manifest
from skill.content.leaflet import Leaflet
from skill.web.feeds import itunes_duration, m3u_playlist, podcast_rss
from skill.settings import PROJECT_ROOT
from tests.helpers import BASE, make_audio_dir, web_app

PUBLISHED = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


def parse_m3u(text: str) -> list[tuple[int, str, str]]:
    """(seconds, title, url) per entry of an extended M3U playlist; fails on anything malformed."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "#EXTM3U"
    entries, pending = [], None
    for line in lines[1:]:
        if line.startswith("#EXTINF:"):
            assert pending is None, "two #EXTINF lines in a row"
            seconds, _, title = line[len("#EXTINF:"):].partition(",")
            pending = (int(seconds), title)
        elif line.startswith("#"):
            continue
        else:
            assert pending is not None, f"URL without #EXTINF: {line}"
            entries.append((*pending, line))
            pending = None
    assert pending is None, "#EXTINF without a URL"
    return entries


def duration_seconds(value: str) -> int:
    parts = [int(p) for p in value.split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


@pytest.fixture
def audio_dir(tmp_path, leaflet):
    return make_audio_dir(tmp_path / "audio", leaflet, missing=("werk",))


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir)


def check_feed(feed_bytes: bytes, leaflet: Leaflet, manifest: AudioManifest, audio_dir: Path, base: str) -> None:
    """Everything a podcast app relies on, checked against content/, the manifest and the files on disk."""
    feed = feedparser.parse(feed_bytes)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    channel = feed.feed
    assert channel.title == leaflet.title
    assert channel.language == "nl"
    assert channel.link == base + "/"
    assert any(link.rel == "self" and link.href == base + "/podcast.xml" for link in channel.links)
    # feedparser maps only "yes"/"clean" for itunes:explicit, so read Apple's "false" from the XML itself
    explicit = etree.fromstring(feed_bytes).findall(".//{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit")
    assert explicit and {node.text for node in explicit} == {"false"}
    assert [t.term for t in channel.tags] == ["Health & Fitness", "Medicine"]
    assert channel.author_detail.name and channel.summary

    recorded = [s for s in leaflet.sections if manifest.get(s.id) is not None]
    assert recorded, "the manifest names no section of the leaflet"
    entries = feed.entries
    assert [e.title for e in entries] == [s.title for s in recorded]
    assert [int(e.itunes_episode) for e in entries] == list(range(1, len(recorded) + 1))
    dates = [calendar.timegm(e.published_parsed) for e in entries]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), "pubDate must increase in reading order"
    assert len({e.id for e in entries}) == len(entries)
    for entry, section in zip(entries, recorded):
        track = manifest.get(section.id)
        (enclosure,) = entry.enclosures
        url = urlsplit(enclosure.href)
        assert f"{url.scheme}://{url.netloc}" == base
        assert url.path == f"/audio/{track.file}" and url.query == f"v={track.content_hash[:12]}"
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == track.size == (audio_dir / track.file).stat().st_size
        assert duration_seconds(entry.itunes_duration) == round(track.duration)
        assert entry.link == f"{base}/#{section.id}"
        body = entry.content[0].value
        for block in section.blocks:
            for item in block.items:
                assert item in body


def test_feed_has_every_recorded_section_in_reading_order(leaflet, manifest, audio_dir):
    check_feed(podcast_rss(leaflet, manifest, BASE, published=PUBLISHED), leaflet, manifest, audio_dir, BASE)


def test_feed_skips_sections_without_audio(leaflet, manifest):
    feed = feedparser.parse(podcast_rss(leaflet, manifest, BASE, published=PUBLISHED))
    assert len(feed.entries) == len(leaflet.sections) - 1
    assert leaflet.section("werk").title not in [e.title for e in feed.entries]


def test_feed_is_well_formed_rss_with_required_channel_elements(leaflet, manifest):
    root = etree.fromstring(podcast_rss(leaflet, manifest, BASE, published=PUBLISHED))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "link", "description", "language"):
        assert (channel.findtext(tag) or "").strip(), tag
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert channel.findtext(f"{itunes}explicit") == "false"
    assert channel.findtext(f"{itunes}type") == "serial"
    assert channel.find(f"{itunes}category").get("text") == "Health & Fitness"
    assert all(item.findtext(f"{itunes}explicit") == "false" for item in channel.iter("item"))


def test_feed_is_stable_for_the_same_recording(leaflet, manifest):
    assert podcast_rss(leaflet, manifest, BASE, published=PUBLISHED) == podcast_rss(leaflet, manifest, BASE,
                                                                                   published=PUBLISHED)


def test_feed_of_an_empty_manifest_is_valid_and_empty(leaflet):
    feed = feedparser.parse(podcast_rss(leaflet, AudioManifest(), BASE, published=PUBLISHED))
    assert not feed.bozo and feed.entries == [] and feed.feed.title == leaflet.title


@pytest.mark.parametrize("seconds, expected", [(0, "0:00"), (59.4, "0:59"), (59.6, "1:00"), (125, "2:05"),
                                               (3600, "1:00:00"), (3725.2, "1:02:05")])
def test_itunes_duration(seconds, expected):
    assert itunes_duration(seconds) == expected


def test_m3u_lists_recorded_sections_with_seconds_titles_and_absolute_urls(leaflet, manifest):
    entries = parse_m3u(m3u_playlist(leaflet, manifest, BASE + "/"))
    recorded = [s for s in leaflet.sections if manifest.get(s.id) is not None]
    assert [title for _, title, _ in entries] == [s.title for s in recorded]
    for (seconds, _, url), section in zip(entries, recorded):
        track = manifest.get(section.id)
        assert seconds == round(track.duration)
        assert url == f"{BASE}/audio/{track.file}?v={track.content_hash[:12]}"


def test_routes_serve_feed_and_playlist_with_urls_from_public_url(leaflet, audio_dir):
    client = web_app(audio_dir, public_url="https://podcast.example.net").test_client()
    manifest = load_manifest(audio_dir)
    resp = client.get("/podcast.xml")
    assert resp.status_code == 200 and resp.mimetype == "application/rss+xml"
    check_feed(resp.data, leaflet, manifest, audio_dir, "https://podcast.example.net")
    assert client.get("/podcast.xml", headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304

    resp = client.get("/folder.m3u")
    assert resp.status_code == 200 and resp.mimetype == "audio/x-mpegurl"
    entries = parse_m3u(resp.get_data(as_text=True))
    assert len(entries) == len(manifest.tracks)
    for _, _, url in entries:  # every URL in the playlist is served by the app itself
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == "https://podcast.example.net"
        audio = client.get(f"{parts.path}?{parts.query}")
        assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
        audio.close()


REPO_AUDIO = PROJECT_ROOT / "audio"


@pytest.mark.skipif(not load_manifest(REPO_AUDIO).tracks, reason="the repository has no recorded audio yet")
def test_committed_recording_matches_feed_and_files_on_disk(leaflet):
    manifest = load_manifest(REPO_AUDIO)
    check_feed(podcast_rss(leaflet, manifest, BASE, published=PUBLISHED), leaflet, manifest, REPO_AUDIO, BASE)
    entries = parse_m3u(m3u_playlist(leaflet, manifest, BASE))
    assert [round(t.duration) for t in manifest.tracks] == [seconds for seconds, _, _ in entries]
