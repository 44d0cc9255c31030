"""The listener's pace: how fast the skill speaks and the recorded leaflet plays.

Three paces, each with one tempo factor used for both the SSML ``<prosody rate>`` of
the skill's speech and the time-stretched variants of every section's MP3
(``skill.build.tempo``), so that speech and recording always go at the same pace.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PACES", "Pace", "TEMPO", "VARIANT_PACES", "faster", "parse_pace", "slower", "ssml_rate", "tempo"]


class Pace(StrEnum):
    SLOW = "slow"
    NORMAL = "normal"
    FAST = "fast"


#: Playback speed relative to the recording: 0.85 plays 15 % slower (the pitch is kept).
TEMPO: dict[Pace, float] = {Pace.SLOW: 0.85, Pace.NORMAL: 1.0, Pace.FAST: 1.2}
#: The paces that have their own recorded variant (normal is the recording itself).
VARIANT_PACES: tuple[Pace, ...] = (Pace.SLOW, Pace.FAST)
#: Every pace from slowest to fastest.
PACES: tuple[Pace, ...] = (Pace.SLOW, Pace.NORMAL, Pace.FAST)
_ORDER = PACES


def tempo(pace: Pace) -> float:
    return TEMPO[pace]


def ssml_rate(pace: Pace) -> str:
    """The value of ``<prosody rate="...">`` for this pace ("85%")."""
    return f"{round(TEMPO[pace] * 100)}%"


def slower(pace: Pace) -> Pace | None:
    """One step slower, or None at the slowest pace."""
    i = _ORDER.index(pace)
    return _ORDER[i - 1] if i > 0 else None


def faster(pace: Pace) -> Pace | None:
    """One step faster, or None at the fastest pace."""
    i = _ORDER.index(pace)
    return _ORDER[i + 1] if i + 1 < len(_ORDER) else None


def parse_pace(value: object) -> Pace | None:
    """The pace a stored or transmitted value names; None for anything else."""
    try:
        return Pace(value) if isinstance(value, str) else None
    except ValueError:
        return None
