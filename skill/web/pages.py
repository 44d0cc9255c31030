"""The leaflet for listeners outside Alexa: an accessible Dutch web page, a podcast feed and a playlist.

``web_blueprint(settings, leaflet, manifest)`` serves

* ``GET /``: every section in reading order with its full text, a native audio player, a download
  link and a "play all" control (a plain link to the playlist; ``static/web.js`` only enhances it);
* ``GET /podcast.xml``: the podcast feed (:func:`skill.web.feeds.podcast_rss`);
* ``GET /folder.m3u``: the extended M3U playlist (:func:`skill.web.feeds.m3u_playlist`).

The page works without JavaScript and has no inline script or style (ready for a strict CSP).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, render_template, request, url_for

from skill.content.audio_manifest import MANIFEST_FILE, AudioManifest, Recording
from skill.content.leaflet import Group, Leaflet, Section
from skill.web.feeds import M3U_MIMETYPE, RSS_MIMETYPE, m3u_playlist, podcast_rss
from skill.alexa.audioplayer import AudioCatalog
from skill.settings import Settings

__all__ = ["web_blueprint", "dutch_duration", "dutch_size", "iso_duration", "outline", "Part"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
#: Date of the first episode when the manifest's own date cannot be read.
FALLBACK_PUBLISHED = datetime(2024, 1, 1, tzinfo=timezone.utc)


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


def _published(audio_dir: Path) -> datetime:
    try:
        return datetime.fromtimestamp((Path(audio_dir) / MANIFEST_FILE).stat().st_mtime, tz=timezone.utc)
    except OSError:
        return FALLBACK_PUBLISHED


def _static_versions() -> dict[str, str]:
    """A short content hash per static file, appended as ``?v=`` so browsers fetch new versions."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in STATIC_DIR.iterdir() if p.is_file()}


def _conditional(response: Response) -> Response:
    """ETag the body so podcast apps that poll get ``304 Not Modified`` while nothing changed."""
    response.add_etag()
    return response.make_conditional(request)


def web_blueprint(settings: Settings, leaflet: Leaflet, manifest: AudioManifest) -> Blueprint:
    """The web page, podcast feed and playlist for this leaflet and recording."""
    bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")
    base_url = settings.public_url.rstrip("/")
    published = _published(settings.audio_dir)
    versions = _static_versions()
    parts = outline(leaflet)
    recordings: dict[str, Recording] = {s.id: r for s in leaflet.sections if (r := manifest.get(s.id)) is not None}
    total = sum(r.duration for r in recordings.values())

    def static_url(name: str) -> str:
        return url_for("web.static", filename=name, v=versions.get(name))

    @bp.get("/")
    def page():
        catalog = AudioCatalog(manifest, request.script_root)  # page links stay relative to this host
        return render_template(
            "leaflet.html", leaflet=leaflet, parts=parts, recordings=recordings, audio_url=catalog.url,
            total_duration=total, disclaimer=leaflet.prompts.disclaimer, safety=leaflet.safety, static_url=static_url,
            duration=dutch_duration, iso_duration=iso_duration, size=dutch_size,
        )

    @bp.get("/podcast.xml")
    def podcast():
        # like the audio URLs, feed links are the public base URL plus the route (no script root)
        body = podcast_rss(leaflet, manifest, base_url, published=published)
        return _conditional(Response(body, content_type=f"{RSS_MIMETYPE}; charset=utf-8"))

    @bp.get("/folder.m3u")
    def playlist():
        response = Response(m3u_playlist(leaflet, manifest, base_url), content_type=f"{M3U_MIMETYPE}; charset=utf-8")
        response.headers["Content-Disposition"] = 'inline; filename="folder.m3u"'
        return _conditional(response)

    return bp
