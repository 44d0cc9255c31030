"""The podcast feed as podcast directories read it: iTunes and Podcasting 2.0 tags, artwork, dates from the
content, parsed by both feedparser and gPodder's podcastparser."""

from __future__ import annotations

import calendar
import io
import os
import uuid
from datetime import datetime, timedelta, timezone

import feedparser
import podcastparser
import pytest
from lxml import etree
from PIL import Image

from skill.content.captions import load_captions
from skill.content.audio_manifest import load_manifest
from skill.content.publisher import load_publisher
from skill.settings import PROJECT_ROOT
from tests.helpers import BASE, web_app

REPO_AUDIO = PROJECT_ROOT / "audio"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
pytestmark = pytest.mark.skipif(not load_manifest(REPO_AUDIO).tracks, reason="the repository has no recorded audio")


@pytest.fixture(scope="module")
def client():
    return web_app(REPO_AUDIO, public_url=BASE).test_client()


@pytest.fixture(scope="module")
def feed_bytes(client):
    response = client.get("/podcast.xml")
    assert response.status_code == 200
    return response.data


def test_feed_parses_cleanly_with_feedparser_and_podcastparser(feed_bytes, leaflet):
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    gpodder = podcastparser.parse(BASE + "/podcast.xml", io.BytesIO(feed_bytes))
    recorded = [s for s in leaflet.sections if load_manifest(REPO_AUDIO).get(s.id)]
    assert gpodder["title"] == leaflet.title
    episodes = sorted(gpodder["episodes"], key=lambda e: e["published"])
    assert [(e["number"], e["title"]) for e in episodes] == list(enumerate((s.title for s in recorded), start=1))
    assert all(e["enclosures"] and e["enclosures"][0]["mime_type"] == "audio/mpeg" for e in episodes)
    assert all(e["total_time"] == round(load_manifest(REPO_AUDIO).get(s.id).duration)
               for e, s in zip(episodes, recorded))
    assert gpodder["cover_url"] == parsed.feed.image.href
    assert gpodder["type"] == "serial" and gpodder["explicit"] is False
    assert gpodder["itunes_owner"]["email"] == load_publisher().email


def test_channel_has_owner_explicit_category_artwork_guid_and_lock(feed_bytes, client):
    publisher = load_publisher()
    channel = etree.fromstring(feed_bytes).find("channel")
    owner = channel.find(f"{ITUNES}owner")
    assert owner.findtext(f"{ITUNES}name") == publisher.name
    assert owner.findtext(f"{ITUNES}email") == publisher.email and "@" in publisher.email
    assert channel.findtext(f"{ITUNES}author") == publisher.name
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") == "Health & Fitness" and category.find(f"{ITUNES}category").get("text") == "Medicine"
    locked = channel.find(f"{PODCAST}locked")
    assert locked.text == "yes" and locked.get("owner") == publisher.email
    guid = channel.findtext(f"{PODCAST}guid")
    assert uuid.UUID(guid).version == 5
    assert guid == str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "rug.example.org/podcast.xml"))
    # the artwork is served by the app, square, 1400-3000 px, RGB PNG (what Apple requires)
    href = channel.find(f"{ITUNES}image").get("href")
    assert href.startswith(BASE + "/") and href.split("?")[0].endswith(".png")
    art = client.get(href[len(BASE):])
    assert art.status_code == 200 and art.mimetype == "image/png"
    with Image.open(io.BytesIO(art.data)) as image:
        assert image.width == image.height and 1400 <= image.width <= 3000 and image.mode == "RGB"
    assert publisher.version in channel.findtext("description") and publisher.name in channel.findtext("copyright")


def test_every_episode_links_its_captions_as_a_transcript(feed_bytes, client, leaflet):
    captions = load_captions(REPO_AUDIO)
    items = etree.fromstring(feed_bytes).find("channel").findall("item")
    assert items
    for item in items:
        section_id = item.findtext("link").rsplit("#", 1)[1]
        transcript = item.find(f"{PODCAST}transcript")
        assert transcript is not None, section_id
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "nl"
        assert transcript.get("url") == f"{BASE}/audio/{captions.get(section_id).file}"
        served = client.get(transcript.get("url")[len(BASE):])
        assert served.status_code == 200 and served.mimetype == "text/vtt"
        assert served.get_data(as_text=True).startswith("WEBVTT")
        assert leaflet.section(section_id).title in served.get_data(as_text=True)


def test_pub_dates_come_from_the_edition_date_not_from_file_times(feed_bytes, tmp_path):
    publisher = load_publisher()
    parsed = feedparser.parse(feed_bytes)
    dates = [datetime.fromtimestamp(calendar.timegm(e.published_parsed), timezone.utc) for e in parsed.entries]
    start = datetime(publisher.date.year, publisher.date.month, publisher.date.day, tzinfo=timezone.utc)
    assert sorted(dates) == [start + timedelta(minutes=n) for n in range(len(dates))]
    assert max(dates) <= datetime.now(timezone.utc), "never in the future"
    # a fresh checkout (new file times) gives the same feed
    manifest = REPO_AUDIO / "manifest.json"
    stat = manifest.stat()
    try:
        os.utime(manifest, (stat.st_atime, stat.st_mtime + 86400 * 400))
        again = web_app(REPO_AUDIO, public_url=BASE).test_client().get("/podcast.xml").data
    finally:
        os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert again == feed_bytes


def test_an_edition_dated_today_never_gives_dates_in_the_future(leaflet):
    from skill.web.feeds import podcast_rss

    now = datetime.now(timezone.utc)
    today = datetime(now.year, now.month, now.day, tzinfo=timezone.utc)
    body = podcast_rss(leaflet, load_manifest(REPO_AUDIO), BASE, published=today, now=today + timedelta(minutes=3))
    dates = [calendar.timegm(e.published_parsed) for e in feedparser.parse(body).entries]
    assert min(dates) == calendar.timegm(today.timetuple())
    assert max(dates) == calendar.timegm((today + timedelta(minutes=3)).timetuple()), "clamped to now"
