"""The recorded leaflet for podcast apps and media players: RSS feed and M3U playlist. Pure functions.

Both list the sections that have audio, in reading order, with absolute URLs built from the
public base URL (the same URL format the skill's AudioPlayer uses, see :class:`skill.alexa.audioplayer.AudioCatalog`).
The feed is made with ``feedgen`` (RSS 2.0 with the iTunes podcast tags, and the Podcasting 2.0 tags
through :class:`Podcast20`); episodes carry ``itunes:episode`` numbers and ``pubDate`` values that
increase in reading order from the leaflet edition's date (``content/publisher.yaml``: stable, never
from file times, never in the future), and the show is ``serial``, so apps list them first to last.
The publisher (``content/publisher.yaml``) is the author and ``itunes:owner``; every episode links its
read-along captions as ``podcast:transcript``; ``podcast:guid`` is the UUIDv5 of the feed URL that
Podcasting 2.0 prescribes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from markupsafe import escape

from skill.content.audio_manifest import AudioManifest, Recording
from skill.content.captions import VTT_MIMETYPE, Captions
from skill.content.leaflet import Leaflet, Section
from skill.content.publisher import Publisher, load_publisher
from skill.alexa.audioplayer import AudioCatalog

__all__ = ["Episode", "episodes", "itunes_duration", "podcast_rss", "m3u_playlist", "FEED_LANGUAGE", "M3U_MIMETYPE",
           "RSS_MIMETYPE"]

FEED_LANGUAGE = "nl"
RSS_MIMETYPE = "application/rss+xml"
M3U_MIMETYPE = "audio/x-mpegurl"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
#: The namespace of ``podcast:guid`` values (Podcasting 2.0: UUIDv5 of the feed URL without scheme).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
#: Seconds between the pubDates of consecutive episodes (only their order matters).
EPISODE_SPACING = timedelta(minutes=1)


@dataclass(frozen=True)
class Episode:
    """One section with its recording and the absolute URL of the MP3."""

    number: int  # 1-based, in reading order, counting only sections with audio
    section: Section
    recording: Recording
    url: str


def episodes(leaflet: Leaflet, manifest: AudioManifest, base_url: str) -> list[Episode]:
    """The sections that have audio, in the leaflet's reading order."""
    catalog = AudioCatalog(manifest, base_url.rstrip("/"))
    found = [(s, manifest.get(s.id)) for s in leaflet.sections]
    return [Episode(n, section, recording, catalog.url(section.id) or "")
            for n, (section, recording) in enumerate(((s, r) for s, r in found if r is not None), start=1)]


def itunes_duration(seconds: float) -> str:
    """``H:MM:SS`` (hours only when needed, else ``M:SS``), rounded to whole seconds."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _html(section: Section) -> str:
    """The section's full text as simple HTML (paragraphs and lists) for ``content:encoded``."""
    parts = []
    for block in section.blocks:
        if block.kind == "list":
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>")
        else:
            parts.append(f"<p>{escape(block.items[0])}</p>")
    return "".join(parts)


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 ``podcast:guid`` of a feed: UUIDv5 of its URL without scheme and trailing slashes."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


class Podcast20(BaseExtension):
    """feedgen extension for the channel's Podcasting 2.0 tags: ``podcast:locked`` and ``podcast:guid``."""

    def __init__(self) -> None:
        self.locked: tuple[bool, str] | None = None
        self.guid: str | None = None

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed):
        from lxml import etree

        channel = feed[0]
        if self.locked is not None:
            node = etree.SubElement(channel, f"{{{PODCAST_NS}}}locked", owner=self.locked[1])
            node.text = "yes" if self.locked[0] else "no"
        if self.guid:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        return feed


class Podcast20Entry(BaseEntryExtension):
    """feedgen extension for an episode's ``podcast:transcript``."""

    def __init__(self) -> None:
        self.transcript: dict[str, str] | None = None

    def extend_rss(self, item):
        from lxml import etree

        if self.transcript:
            etree.SubElement(item, f"{{{PODCAST_NS}}}transcript", **self.transcript)
        return item


def podcast_rss(leaflet: Leaflet, manifest: AudioManifest, base_url: str, *, published: datetime,
                publisher: Publisher | None = None, captions: Captions | None = None, artwork_path: str | None = None,
                page_path: str = "/", feed_path: str = "/podcast.xml", now: datetime | None = None) -> bytes:
    """The podcast feed (UTF-8 XML). ``published`` dates the first episode; later ones follow in reading order.

    No date is later than ``now`` (default: the current time): an edition dated today stays in the past.
    """
    base = base_url.rstrip("/")
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    publisher = publisher or load_publisher()
    items = episodes(leaflet, manifest, base)
    count = "1 aflevering" if len(items) == 1 else f"{len(items)} afleveringen"
    description = (f"De folder ‘{leaflet.title}’ voorgelezen, in {count}: "
                   f"één per onderdeel, in de volgorde van de folder. Versie {publisher.version} van "
                   f"{publisher.dutch_date}, uitgegeven door {publisher.name}. {leaflet.prompts.disclaimer}")

    from feedgen.feed import FeedGenerator  # imported on first use: keeps the service's start-up short
    from lxml import etree

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcast20", Podcast20, Podcast20Entry, atom=False)
    fg.title(leaflet.title)
    fg.link(href=base + feed_path, rel="self")
    fg.link(href=base + page_path, rel="alternate")  # the last link becomes the RSS <link>
    fg.description(description)
    fg.language(FEED_LANGUAGE)
    fg.author({"name": publisher.name, "email": publisher.email})
    fg.copyright(f"{publisher.name}, versie {publisher.version} ({publisher.dutch_date})")
    fg.generator("Rugadvies")
    fg.podcast.itunes_author(publisher.name)
    fg.podcast.itunes_owner(name=publisher.name, email=publisher.email)
    fg.podcast.itunes_summary(description)
    fg.podcast.itunes_category("Health & Fitness", "Medicine")
    fg.podcast.itunes_explicit("no")  # rewritten to Apple's current "false" below
    fg.podcast.itunes_type("serial")
    fg.podcast.itunes_complete("no")
    if artwork_path:
        fg.podcast.itunes_image(base + artwork_path)
        fg.image(url=base + artwork_path, title=leaflet.title, link=base + page_path)
    fg.podcast20.locked = (True, publisher.email)
    fg.podcast20.guid = podcast_guid(base + feed_path)
    last = min(published, now)
    for ep in items:
        entry = fg.add_entry(order="append")
        entry.id(f"rugadvies:{ep.section.id}:{ep.recording.content_hash[:12]}")
        entry.guid(f"rugadvies:{ep.section.id}:{ep.recording.content_hash[:12]}", permalink=False)
        entry.title(ep.section.title)
        entry.link(href=f"{base}{page_path}#{ep.section.id}")
        entry.description(ep.section.text)
        entry.content(_html(ep.section), type="CDATA")
        entry.enclosure(ep.url, str(ep.recording.size), ep.recording.mime)
        last = min(published + EPISODE_SPACING * (ep.number - 1), now)
        entry.pubDate(last)
        track = captions.get(ep.section.id) if captions is not None else None
        if track is not None:
            entry.podcast20.transcript = {"url": f"{base}/audio/{track.file}", "type": VTT_MIMETYPE,
                                          "language": FEED_LANGUAGE, "rel": "captions"}
        entry.podcast.itunes_duration(itunes_duration(ep.recording.duration))
        entry.podcast.itunes_episode(ep.number)
        entry.podcast.itunes_episode_type("full")
        entry.podcast.itunes_explicit("no")
        entry.podcast.itunes_summary(ep.section.summary)
    fg.lastBuildDate(last)  # stable output for the same recording (no "now")

    root = etree.fromstring(fg.rss_str(pretty=True))
    for node in root.iter(f"{{{ITUNES_NS}}}explicit"):
        node.text = "false"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def m3u_playlist(leaflet: Leaflet, manifest: AudioManifest, base_url: str) -> str:
    """An extended M3U playlist (``#EXTM3U`` / ``#EXTINF:<seconds>,<title>`` / URL) of the recorded sections."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(leaflet.title)}"]
    for ep in episodes(leaflet, manifest, base_url):
        lines.append(f"#EXTINF:{max(0, round(ep.recording.duration))},{_one_line(ep.section.title)}")
        lines.append(ep.url)
    return "\n".join(lines) + "\n"
