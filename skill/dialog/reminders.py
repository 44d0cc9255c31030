"""Reminders to change posture, as the leaflet advises: the pure plan, nothing about HTTP or Alexa.

The leaflet says, for sitting: "waar mogelijk elke 20 tot 30 minuten even op te staan en te bewegen",
and for standing: "waar mogelijk elke 20 tot 30 minuten toch even te zitten". A :class:`Plan` is one
reminder the skill may set: once after a delay ("over een half uur"), or every half hour within the hours
the user names on working days. It is read from Alexa's built-in slot values (``AMAZON.DURATION`` as
ISO 8601, ``AMAZON.TIME`` as ``HH:MM``), kept in the session as a short code while permission is asked,
and says what the Reminders API needs (offset, or an RFC 5545 rule for the recurrence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PERMISSION_SCOPE", "Kind", "Plan", "OFFERED_AFTER", "DEFAULT_DELAY_S", "TIME_ZONE", "WORKDAYS", "plan_from_slots",
           "parse_duration", "parse_time", "working_hours"]


class Kind(StrEnum):
    """What the reminder asks: stand up and move (after sitting) or sit down for a while (after standing)."""

    STAND = "stand"
    SIT = "sit"


#: The permission a skill needs to create, list and delete its reminders (declared in the skill manifest).
PERMISSION_SCOPE = "alexa::alerts:reminders:skill:readwrite"

#: Sections whose advice is a posture change every 20 to 30 minutes, and the reminder each one offers.
OFFERED_AFTER = {"zitten": Kind.STAND, "staan": Kind.SIT}

#: "Over een half uur": the upper end of the leaflet's 20 to 30 minutes.
DEFAULT_DELAY_S = 30 * 60
#: Shortest and longest delay accepted for a one-off reminder.
MIN_DELAY_S, MAX_DELAY_S = 60, 24 * 3600
#: The skill is nl-NL: the time zone of its listeners (the Netherlands and Belgium share it).
TIME_ZONE = "Europe/Amsterdam"
#: Working days as RFC 5545 BYDAY values.
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")

_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_CODE = re.compile(r"^(stand|sit):(?:once:(\d{1,6})|daily:(\d{1,2})-(\d{1,2}))$")


def parse_duration(value: str | None) -> int | None:
    """Seconds of an ISO 8601 duration as ``AMAZON.DURATION`` gives it ("PT30M"); None if not one."""
    match = _DURATION.match((value or "").strip().upper())
    if not match or not any(match.groups()) or value.strip().upper().endswith("T"):
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def parse_time(value: str | None) -> tuple[int, int] | None:
    """(hour, minute) of an ``AMAZON.TIME`` value ("09:00"); None for "MO", "EV" and the like."""
    match = _TIME.match((value or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def working_hours(start: tuple[int, int], end: tuple[int, int]) -> tuple[int, int] | None:
    """Whole hours [from, to) for "van negen tot vijf": an end at or before the start is read as the
    afternoon ("vijf" heard as 05:00 means 17:00). None when no sensible span of at least an hour remains."""
    first, last = start[0], end[0] + (1 if end[1] else 0)
    if last <= first and last + 12 <= 24:
        last += 12
    if not 0 <= first < last <= 24 or last - first < 1:
        return None
    return first, last


@dataclass(frozen=True)
class Plan:
    """One reminder: once after ``delay_s`` seconds, or every half hour from ``first`` to ``last`` o'clock on
    working days (the last reminder at half past ``last - 1``)."""

    kind: Kind = Kind.STAND
    delay_s: int | None = DEFAULT_DELAY_S
    hours: tuple[int, int] | None = None

    @property
    def recurring(self) -> bool:
        return self.hours is not None

    @property
    def code(self) -> str:
        """The plan as a short string for the session (read back with :meth:`from_code`)."""
        if self.hours is not None:
            return f"{self.kind.value}:daily:{self.hours[0]}-{self.hours[1]}"
        return f"{self.kind.value}:once:{self.delay_s}"

    @classmethod
    def from_code(cls, code: object) -> "Plan | None":
        """A plan read back from the session; anything malformed or out of range is None."""
        match = _CODE.match(code) if isinstance(code, str) else None
        if match is None:
            return None
        kind, delay, first, last = match.groups()
        if delay is not None:
            seconds = int(delay)
            return cls(Kind(kind), seconds) if MIN_DELAY_S <= seconds <= MAX_DELAY_S else None
        hours = (int(first), int(last))
        return cls(Kind(kind), None, hours) if 0 <= hours[0] < hours[1] <= 24 else None

    def rule(self) -> str | None:
        """The RFC 5545 rule of a recurring plan: working days, every whole and half hour of the span."""
        if self.hours is None:
            return None
        hours = ",".join(str(h) for h in range(*self.hours))
        return f"FREQ=WEEKLY;BYDAY={','.join(WORKDAYS)};BYHOUR={hours};BYMINUTE=0,30;BYSECOND=0"

    @property
    def last_time(self) -> tuple[int, int] | None:
        """(hour, minute) of the day's last reminder of a recurring plan."""
        return (self.hours[1] - 1, 30) if self.hours else None


def plan_from_slots(kind: Kind, duration: str | None, start: str | None, end: str | None) -> Plan | str | None:
    """The plan the user asked for, from the slot values.

    Returns a :class:`Plan`, None when the user named neither a delay nor hours (ask which), or
    ``"unclear"`` when a value was heard but makes no reminder (a delay of a week, "van vijf tot vijf").
    """
    if start or end:
        first, last = parse_time(start), parse_time(end)
        hours = working_hours(first, last) if first and last else None
        return Plan(kind, None, hours) if hours else "unclear"
    if duration:
        seconds = parse_duration(duration)
        if seconds is None or not MIN_DELAY_S <= seconds <= MAX_DELAY_S:
            return "unclear"
        return Plan(kind, seconds)
    return None
