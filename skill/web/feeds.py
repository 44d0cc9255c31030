"""The recorded leaflet for podcast apps and media players: RSS feed and M3U playlist. Pure functions.

Both list the sections that have audio, in reading order, with absolute URLs built from the
public base URL (the same URL format the skill's AudioPlayer uses, see :class:`skill.alexa.audioplayer.AudioCatalog`).
The feed is made with ``feedgen`` (RSS 2.0 with the iTunes podcast tags); episodes carry
``itunes:episode`` numbers and ``pubDate`` values that increase in reading order, and the show is
``serial``, so apps list them first to last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from markupsafe import escape

from skill.content.audio_manifest import AudioManifest, Recording
from skill.content.leaflet import Leaflet, Section
from skill.alexa.audioplayer import AudioCatalog

__all__ = ["Episode", "episodes", "itunes_duration", "podcast_rss", "m3u_playlist", "FEED_LANGUAGE", "M3U_MIMETYPE",
           "RSS_MIMETYPE"]

FEED_LANGUAGE = "nl"
RSS_MIMETYPE = "application/rss+xml"
M3U_MIMETYPE = "audio/x-mpegurl"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
#: Seconds between the pubDates of consecutive episodes (only their order matters).
EPISODE_SPACING = timedelta(minutes=1)
AUTHOR = "Rugadvies"


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


def podcast_rss(leaflet: Leaflet, manifest: AudioManifest, base_url: str, *, published: datetime,
                page_path: str = "/", feed_path: str = "/podcast.xml") -> bytes:
    """The podcast feed (UTF-8 XML). ``published`` dates the first episode; later ones follow in reading order."""
    base = base_url.rstrip("/")
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    items = episodes(leaflet, manifest, base)
    count = "1 aflevering" if len(items) == 1 else f"{len(items)} afleveringen"
    description = (f"De folder ‘{leaflet.title}’ voorgelezen, in {count}: "
                   f"één per onderdeel, in de volgorde van de folder. {leaflet.prompts.disclaimer}")

    from feedgen.feed import FeedGenerator  # imported on first use: keeps the service's start-up short
    from lxml import etree

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(leaflet.title)
    fg.link(href=base + feed_path, rel="self")
    fg.link(href=base + page_path, rel="alternate")  # the last link becomes the RSS <link>
    fg.description(description)
    fg.language(FEED_LANGUAGE)
    fg.author({"name": AUTHOR})
    fg.generator("Rugadvies")
    fg.podcast.itunes_author(AUTHOR)
    fg.podcast.itunes_summary(description)
    fg.podcast.itunes_category("Health & Fitness")
    fg.podcast.itunes_explicit("no")  # rewritten to Apple's current "false" below
    fg.podcast.itunes_type("serial")
    fg.podcast.itunes_complete("no")
    last = published
    for ep in items:
        entry = fg.add_entry(order="append")
        entry.id(f"rugadvies:{ep.section.id}:{ep.recording.content_hash[:12]}")
        entry.guid(f"rugadvies:{ep.section.id}:{ep.recording.content_hash[:12]}", permalink=False)
        entry.title(ep.section.title)
        entry.link(href=f"{base}{page_path}#{ep.section.id}")
        entry.description(ep.section.text)
        entry.content(_html(ep.section), type="CDATA")
        entry.enclosure(ep.url, str(ep.recording.size), ep.recording.mime)
        last = published + EPISODE_SPACING * (ep.number - 1)
        entry.pubDate(last)
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
