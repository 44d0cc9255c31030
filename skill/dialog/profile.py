"""What the skill remembers of a user between sessions: one small typed structure.

Kept in the persistent store (SQLite or Redis) under a salted hash of the user
id. It holds facts the skill needs, never anything the user said: whether the
user was welcomed, where playback is, the pace the user chose, and the ids of
the sections the user has heard.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from skill.content.pace import Pace, parse_pace

#: At most this many reminder tokens are kept per user.
MAX_REMINDERS = 20


@dataclass(frozen=True)
class Position:
    """Where playback is: an AudioPlayer token and an offset into that track."""

    token: str
    offset_ms: int = 0


#: At most this many heard section ids are kept (a leaflet has far fewer; bounds a tampered store).
MAX_HEARD = 200


@dataclass(frozen=True)
class Profile:
    welcomed: bool = False
    playback: Position | None = None
    last_section: str | None = None
    #: Alert tokens of the reminders the skill made for this user (opaque ids from the Reminders API).
    reminders: tuple[str, ...] = ()
    #: The pace the user asked for ("praat langzamer"), for speech and recorded audio alike.
    pace: Pace = Pace.NORMAL
    #: Sections the user has heard (summary or full text spoken, or most of the audio played).
    heard: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"welcomed": self.welcomed, "last_section": self.last_section}
        if self.playback is not None:
            data["playback"] = {"token": self.playback.token, "offset_ms": self.playback.offset_ms}
        if self.reminders:
            data["reminders"] = list(self.reminders)
        if self.pace is not Pace.NORMAL:
            data["pace"] = self.pace.value
        if self.heard:
            data["heard"] = sorted(self.heard)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Profile":
        if not isinstance(data, Mapping):
            return cls()
        playback = None
        raw = data.get("playback")
        if isinstance(raw, Mapping) and isinstance(raw.get("token"), str):
            offset = raw.get("offset_ms", 0)
            if isinstance(offset, int) and not isinstance(offset, bool) and offset >= 0:
                playback = Position(raw["token"], offset)
        last = data.get("last_section")
        tokens = data.get("reminders")
        reminders = tuple(t for t in tokens if isinstance(t, str) and 0 < len(t) <= 500)[-MAX_REMINDERS:] \
            if isinstance(tokens, list) else ()
        heard = data.get("heard")
        heard_ids = frozenset(h for h in heard[:MAX_HEARD] if isinstance(h, str) and len(h) <= 100) \
            if isinstance(heard, list) else frozenset()
        return cls(welcomed=data.get("welcomed") is True, playback=playback,
                   last_section=last if isinstance(last, str) else None,
                   pace=parse_pace(data.get("pace")) or Pace.NORMAL, heard=heard_ids, reminders=reminders)


def with_pace(profile: Profile, pace: Pace) -> Profile:
    """The user chose a pace ("praat langzamer", "normaal tempo"): kept for every later session."""
    return replace(profile, pace=pace)


def with_heard(profile: Profile, section_id: str) -> Profile:
    """The user has heard ``section_id`` (its summary or full text, or most of its audio)."""
    return profile if section_id in profile.heard else replace(profile, heard=profile.heard | {section_id})
