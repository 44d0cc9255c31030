"""What the skill remembers of a user between sessions: one small typed structure.

Kept in the persistent store (SQLite or Redis) under a salted hash of the user
id. It holds facts the skill needs, never anything the user said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

#: At most this many reminder tokens are kept per user.
MAX_REMINDERS = 20


@dataclass(frozen=True)
class Position:
    """Where playback is: an AudioPlayer token and an offset into that track."""

    token: str
    offset_ms: int = 0


@dataclass(frozen=True)
class Profile:
    welcomed: bool = False
    playback: Position | None = None
    last_section: str | None = None
    #: Alert tokens of the reminders the skill made for this user (opaque ids from the Reminders API).
    reminders: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"welcomed": self.welcomed, "last_section": self.last_section}
        if self.playback is not None:
            data["playback"] = {"token": self.playback.token, "offset_ms": self.playback.offset_ms}
        if self.reminders:
            data["reminders"] = list(self.reminders)
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
        return cls(welcomed=data.get("welcomed") is True, playback=playback,
                   last_section=last if isinstance(last, str) else None, reminders=reminders)
