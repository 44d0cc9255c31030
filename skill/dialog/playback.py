"""Playback rules: which track plays next and where a user resumes. Pure functions.

A track token names the mode and the section: ``rugadvies:leaflet:tillen`` plays
the whole leaflet (the queue moves on to the next section), ``rugadvies:section:tillen``
plays one section and stops. A fourth part names a pace other than normal
(``rugadvies:leaflet:tillen:slow`` plays the slower variant), so that every offset
a device reports is known to be on that variant's time line. Tokens come back from
devices, so they are parsed strictly and anything unknown (old or forged) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Literal

from skill.content.leaflet import Leaflet
from skill.content.pace import Pace, parse_pace, tempo
from skill.dialog.profile import Position, Profile, with_heard

Mode = Literal["leaflet", "section"]
PREFIX = "rugadvies"
MODES: tuple[Mode, ...] = ("leaflet", "section")


@dataclass(frozen=True)
class Track:
    """A parsed token: what plays and how the queue goes on after it."""

    mode: Mode
    section_id: str
    pace: Pace = Pace.NORMAL

    @property
    def token(self) -> str:
        base = f"{PREFIX}:{self.mode}:{self.section_id}"
        return base if self.pace is Pace.NORMAL else f"{base}:{self.pace.value}"


def parse(token: object, leaflet: Leaflet) -> Track | None:
    """The track a token names, or None for tokens this skill did not make."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    parts = token.split(":")
    if len(parts) not in (3, 4) or parts[0] != PREFIX or parts[1] not in MODES or leaflet.get(parts[2]) is None:
        return None
    pace = parse_pace(parts[3]) if len(parts) == 4 else Pace.NORMAL
    if pace is None or (len(parts) == 4 and pace is Pace.NORMAL):
        return None
    return Track(parts[1], parts[2], pace)  # type: ignore[arg-type]


def at_pace(track: Track, offset_ms: int, pace: Pace) -> tuple[Track, int]:
    """The same place in the text at another pace: the track's variant and the offset scaled by the tempo ratio."""
    if pace is track.pace:
        return track, offset_ms
    return replace(track, pace=pace), round(max(0, offset_ms) * tempo(track.pace) / tempo(pace))


#: A section counts as heard once this share of its audio has played.
HEARD_SHARE = 0.9


def listened(profile: Profile, track: Track, offset_ms: int, duration_ms: int | None) -> Profile:
    """Playback of ``track`` reached ``offset_ms`` of ``duration_ms``: at 90 % or more the section is heard."""
    if duration_ms and offset_ms >= HEARD_SHARE * duration_ms:
        return with_heard(profile, track.section_id)
    return profile


def first(leaflet: Leaflet, pace: Pace = Pace.NORMAL) -> Track:
    return Track("leaflet", leaflet.sections[0].id, pace)


def following(track: Track, leaflet: Leaflet) -> Track | None:
    """What the queue plays after ``track`` ends on its own: the next section in leaflet mode."""
    if track.mode != "leaflet":
        return None
    after = leaflet.next(track.section_id)
    return Track("leaflet", after.id, track.pace) if after else None


def step(track: Track, leaflet: Leaflet, forward: bool) -> Track | None:
    """The neighbouring section for 'volgende' / 'vorige' (keeps the mode)."""
    other = leaflet.next(track.section_id) if forward else leaflet.previous(track.section_id)
    return Track(track.mode, other.id, track.pace) if other else None


def started(profile: Profile, track: Track, offset_ms: int) -> Profile:
    """PlaybackStarted: remember what plays, from where."""
    return replace(profile, playback=Position(track.token, max(0, offset_ms)), last_section=track.section_id)


def stopped(profile: Profile, track: Track, offset_ms: int) -> Profile:
    """PlaybackStopped (pause, stop, interruption): remember the exact place."""
    return started(profile, track, offset_ms)


def finished(profile: Profile, track: Track, leaflet: Leaflet) -> Profile:
    """PlaybackFinished: the section is heard; resume at the start of what comes next, or nothing at the end."""
    after = following(track, leaflet)
    position = Position(after.token, 0) if after else None
    return with_heard(replace(profile, playback=position, last_section=track.section_id), track.section_id)


def event_order(timestamp: datetime | None, starts: bool) -> int | None:
    """A number that orders position writes by the request's time (None without a time).

    A later event gets a higher number. Alexa's timestamps have whole seconds, so a
    stop of the old track and the start of the new one a few ms later often share
    one: then the start wins (the user is on the new track), whichever is handled last.
    """
    if not isinstance(timestamp, datetime):
        return None
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=timezone.utc)
    return int(timestamp.timestamp() * 1000) * 2 + (1 if starts else 0)


def resume_point(profile: Profile, leaflet: Leaflet) -> tuple[Track, int] | None:
    """Where 'ga verder' picks up, if anywhere."""
    if profile.playback is None:
        return None
    track = parse(profile.playback.token, leaflet)
    return (track, profile.playback.offset_ms) if track else None
