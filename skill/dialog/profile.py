"""What the skill remembers of a user between sessions: one small typed structure.

Kept in the persistent store (SQLite or Redis) under a salted hash of the user
id. It holds facts the skill needs, never anything the user said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping


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

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"welcomed": self.welcomed, "last_section": self.last_section}
        if self.playback is not None:
            data["playback"] = {"token": self.playback.token, "offset_ms": self.playback.offset_ms}
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
        return cls(welcomed=data.get("welcomed") is True, playback=playback,
                   last_section=last if isinstance(last, str) else None)
