"""The conversation state: what was last said and which section is in focus.

One small typed structure kept in the Alexa session attributes under a single key.
What "ja", "volgende" or "herhaal" mean now is derived from it by the pure
functions in :mod:`skill.dialog.rules`; nothing else is stored in the session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Mapping

SESSION_KEY = "state"


class Say(StrEnum):
    """The kinds of answer the skill gives."""

    WELCOME = "welcome"
    WELCOME_BACK = "welcome-back"
    PLAYING = "playing"
    NOTHING_TO_RESUME = "nothing-to-resume"
    NOTHING_PLAYING = "nothing-playing"
    NOT_OFFERED = "not-offered"
    NOT_OFFERED_ASK = "not-offered-ask"
    HOME = "home"
    HELP = "help"
    TOPICS = "topics"
    SUMMARY = "summary"
    FULL = "full"
    DECLINED = "declined"
    NOTHING_OFFERED = "nothing-offered"
    UNKNOWN_TOPIC = "unknown-topic"
    FALLBACK = "fallback"
    END_OF_LEAFLET = "end-of-leaflet"
    START_OF_LEAFLET = "start-of-leaflet"
    GOODBYE = "goodbye"
    ERROR = "error"
    # Safety and social turns (no leaflet advice in any of them).
    WARNING_SIGNS = "warning-signs"
    GREETING = "greeting"
    THANKS = "thanks"
    ABOUT = "about"

    # reminders to change posture (skill/dialog/reminders.py); ``Said.plan`` holds the plan's code
    REMINDER_CHOICE = "reminder-choice"
    REMINDER_UNCLEAR = "reminder-unclear"
    REMINDER_PERMISSION = "reminder-permission"
    REMINDER_SET = "reminder-set"
    REMINDER_DENIED = "reminder-denied"
    REMINDER_NOT_ALLOWED = "reminder-not-allowed"
    REMINDER_BUSY = "reminder-busy"
    REMINDER_FAILED = "reminder-failed"
    REMINDERS_STOPPED = "reminders-stopped"
    REMINDERS_NONE = "reminders-none"
    REMINDERS_STOP_FAILED = "reminders-stop-failed"

    # the listener's pace and progress (skill.dialog.listener)
    PACE_SET = "pace-set"
    PACE_LIMIT = "pace-limit"
    PROGRESS = "progress"
    PROGRESS_NONE = "progress-none"
    NOT_HEARD = "not-heard"
    ALL_HEARD = "all-heard"


@dataclass(frozen=True)
class Said:
    """One answer, described well enough to say it again.

    ``section`` and ``part`` locate leaflet text; ``whole`` marks reading the whole
    leaflet aloud (so "ja" and "volgende" go on with the next section's text);
    ``heard`` is a topic the user named that the leaflet does not cover (kept only
    in the session); ``plan`` is the code of a reminder plan (:class:`skill.dialog.reminders.Plan`)
    being offered, asked permission for or confirmed;
    ``figures`` are the numbers an answer quotes (see :mod:`skill.dialog.listener`).
    """

    kind: Say
    section: str | None = None
    part: int = 0
    heard: str | None = None
    whole: bool = False
    plan: str | None = None
    figures: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConversationState:
    """What the skill said last and which section the user is on."""

    said: Said | None = None
    focus: str | None = None

    def saying(self, said: Said) -> "ConversationState":
        """The state after saying ``said``; a section answer moves the focus."""
        return replace(self, said=said, focus=said.section or self.focus)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"focus": self.focus}
        if self.said is not None:
            data["said"] = {
                "kind": self.said.kind.value,
                "section": self.said.section,
                "part": self.said.part,
                "heard": self.said.heard,
            }
            if self.said.whole:
                data["said"]["whole"] = True
            if self.said.plan:
                data["said"]["plan"] = self.said.plan

            if self.said.figures:
                data["said"]["figures"] = list(self.said.figures)
        return data

    @classmethod
    def from_dict(cls, data: Any, known_sections: "set[str] | frozenset[str]") -> "ConversationState":
        """Read a state back from session attributes; anything odd becomes a fresh state.

        Session attributes round-trip through the device and could be tampered
        with, so unknown kinds, sections or types are dropped, never trusted.
        """
        if not isinstance(data, Mapping):
            return cls()
        focus = data.get("focus")
        if focus not in known_sections:
            focus = None
        said = None
        raw = data.get("said")
        if isinstance(raw, Mapping):
            try:
                kind = Say(raw.get("kind"))
            except ValueError:
                kind = None
            section = raw.get("section")
            part = raw.get("part", 0)
            heard = raw.get("heard")
            if (
                kind is not None
                and (section is None or section in known_sections)
                and isinstance(part, int)
                and not isinstance(part, bool)
                and part >= 0
                and (heard is None or isinstance(heard, str))
            ):
                plan = raw.get("plan")
                said = Said(kind, section, part, heard[:100] if heard else heard, raw.get("whole") is True,
                            plan=plan[:40] if isinstance(plan, str) and plan else None,
                            figures=_figures(raw.get("figures")))
        return cls(said=said, focus=focus)


#: At most this many figures are read back from a session (an answer quotes a handful).
MAX_FIGURES = 64


def _figures(raw: Any) -> tuple[int, ...]:
    """Figures from session attributes: non-negative ints only, else none at all."""
    if not isinstance(raw, list) or len(raw) > MAX_FIGURES:
        return ()
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 10**7 for n in raw):
        return ()
    return tuple(raw)
