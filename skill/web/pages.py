"""The leaflet for listeners outside Alexa: an accessible Dutch web page, a podcast feed and a playlist.

``web_blueprint(settings, leaflet, manifest)`` serves

* ``GET /``: every section in reading order with its full text, a native audio player, a download
  link and a "play all" control (a plain link to the playlist; ``static/web.js`` only enhances it);
* ``GET /podcast.xml``: the podcast feed (:func:`skill.web.feeds.podcast_rss`);
* ``GET /folder.m3u``: the extended M3U playlist (:func:`skill.web.feeds.m3u_playlist`);
* ``GET /vraag``: the answer to a typed question (:mod:`skill.web.ask`, a nested blueprint);
* ``GET /favicon.ico`` and ``GET /logo``: the project's icon and the publisher's logo.

Every sentence of a section is an element with the id of its caption cue (``audio/<id>.vtt``,
:mod:`skill.content.captions`); ``static/readalong.js`` highlights the one being read.

The page works without JavaScript and has no inline script or style (ready for a strict CSP).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for

from skill.content.audio_manifest import AudioManifest, Recording
from skill.content.captions import Captions, cue_id, load_captions
from skill.content.interaction import load_interaction
from skill.content.leaflet import Group, Leaflet, Section
from skill.content.publisher import Publisher, load_publisher
from skill.content.text import split_sentences
from skill.web.ask import ask_blueprint
from skill.web.feeds import M3U_MIMETYPE, RSS_MIMETYPE, m3u_playlist, podcast_rss
from skill.alexa.audioplayer import AudioCatalog
from skill.settings import MODEL_PATH, Settings

__all__ = ["web_blueprint", "dutch_duration", "dutch_size", "iso_duration", "outline", "Part", "read_along"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"


def dutch_duration(seconds: float) -> str:
    """``"2 min 5 s"``, ``"45 s"``, ``"1 uur 3 min 0 s"`` (rounded to whole seconds)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} uur {minutes} min {secs} s"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def iso_duration(seconds: float) -> str:
    """The same duration for ``<time datetime>``: ``"PT2M5S"``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def dutch_size(size: int) -> str:
    """File size with a decimal comma: ``"1,2 MB"``; below 1 MB in whole kB (``"470 kB"``)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"
    return f"{max(1, round(size / 1000))} kB"


@dataclass(frozen=True)
class Part:
    """A run of consecutive sections: under a group heading (``group`` set) or at the top level."""

    group: Group | None
    sections: tuple[Section, ...]


def outline(leaflet: Leaflet) -> list[Part]:
    """The sections in reading order, consecutive members of the same group gathered under it."""
    groups = {g.id: g for g in leaflet.groups}
    parts: list[Part] = []
    for section in leaflet.sections:
        group = groups.get(section.group) if section.group else None
        if parts and group is not None and parts[-1].group == group:
            parts[-1] = Part(group, parts[-1].sections + (section,))
        elif parts and group is None and parts[-1].group is None:
            parts[-1] = Part(None, parts[-1].sections + (section,))
        else:
            parts.append(Part(group, (section,)))
    return parts


@dataclass(frozen=True)
class Sentence:
    cue: str  # the id of its caption cue
    text: str


def read_along(section: Section) -> tuple[Sentence, tuple[tuple[str, tuple[tuple[Sentence, ...], ...]], ...]]:
    """The title and the blocks of a section as sentences carrying their cue ids (title = cue 0).

    Returns ``(title, blocks)``; each block is ``(kind, items)``, each item the sentences of one paragraph
    or list item, numbered in the order of :func:`skill.content.captions.cue_texts`.
    """
    n = 0

    def sentences(item: str) -> tuple[Sentence, ...]:
        nonlocal n
        out = []
        for text in split_sentences(item):
            n += 1
            out.append(Sentence(cue_id(section.id, n), text))
        return tuple(out)

    blocks = tuple((block.kind, tuple(sentences(item) for item in block.items)) for block in section.blocks)
    return Sentence(cue_id(section.id, 0), section.title), blocks


def published(publisher: Publisher) -> datetime:
    """When the first episode was published: the leaflet edition's date (midnight UTC), from the content."""
    return datetime(publisher.date.year, publisher.date.month, publisher.date.day, tzinfo=timezone.utc)


def _static_versions() -> dict[str, str]:
    """A short content hash per stylesheet and script (what the templates link through ``static_url``), appended
    as ``?v=`` so browsers fetch new versions; images are not read at start (they change with their names)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in STATIC_DIR.iterdir()
            if p.is_file() and p.suffix in (".css", ".js")}


def _conditional(response: Response) -> Response:
    """ETag the body so podcast apps that poll get ``304 Not Modified`` while nothing changed."""
    response.add_etag()
    return response.make_conditional(request)


def web_blueprint(settings: Settings, leaflet: Leaflet, manifest: AudioManifest, *,
                  publisher: Publisher | None = None, captions: Captions | None = None) -> Blueprint:
    """The web page, question page, podcast feed and playlist for this leaflet and recording."""
    bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")
    base_url = settings.public_url.rstrip("/")
    publisher = publisher or load_publisher(settings.content_dir)
    captions = captions if captions is not None else load_captions(settings.audio_dir)
    versions = _static_versions()
    parts = outline(leaflet)
    recordings: dict[str, Recording] = {s.id: r for s in leaflet.sections if (r := manifest.get(s.id)) is not None}
    total = sum(r.duration for r in recordings.values())
    sentences = {s.id: read_along(s) for s in leaflet.sections}

    def static_url(name: str) -> str:
        return url_for("web.static", filename=name, v=versions.get(name))

    def captions_url(section_id: str) -> str | None:
        track = captions.get(section_id)
        return f"{request.script_root}/audio/{track.file}" if track and section_id in recordings else None

    def context() -> dict:
        catalog = AudioCatalog(manifest, request.script_root)  # page links stay relative to this host
        return dict(leaflet=leaflet, parts=parts, recordings=recordings, audio_url=catalog.url,
                    captions_url=captions_url, sentences=sentences, publisher=publisher,
                    total_duration=total, disclaimer=leaflet.prompts.disclaimer, safety=leaflet.safety,
                    static_url=static_url, duration=dutch_duration, iso_duration=iso_duration, size=dutch_size)

    bp.register_blueprint(ask_blueprint(leaflet, load_interaction(settings.content_dir).slot_name, MODEL_PATH,
                                        context, settings.classifier_cache_dir, settings.content_dir))

    @bp.get("/")
    def page():
        return render_template("leaflet.html", **context())

    @bp.get("/favicon.ico")
    def favicon():
        return send_file(STATIC_DIR / "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)

    @bp.get("/logo")
    def logo():
        if publisher.logo is None:
            abort(404)
        return send_file(publisher.logo, mimetype=publisher.logo_mimetype, max_age=24 * 3600)

    @bp.get("/podcast.xml")
    def podcast():
        # like the audio URLs, feed links are the public base URL plus the route (no script root)
        body = podcast_rss(leaflet, manifest, base_url, published=published(publisher), publisher=publisher,
                           captions=captions, artwork_path=url_for("web.static", filename="podcast-artwork.png"))
        return _conditional(Response(body, content_type=f"{RSS_MIMETYPE}; charset=utf-8"))

    @bp.get("/folder.m3u")
    def playlist():
        response = Response(m3u_playlist(leaflet, manifest, base_url), content_type=f"{M3U_MIMETYPE}; charset=utf-8")
        response.headers["Content-Disposition"] = 'inline; filename="folder.m3u"'
        return _conditional(response)

    return bp
