"""Rules about the listener: the pace they chose and how far they are. Pure transitions.

Like :mod:`skill.dialog.rules`, each rule returns the next conversation state; the
numbers an answer quotes travel in ``Said.figures``:

* ``PACE_SET`` / ``PACE_LIMIT``: (index of the pace in :data:`PACES`, 1 while our audio plays else 0);
* ``PROGRESS``: (seconds into the section, seconds left in it, seconds left to the end of the
  leaflet, :data:`LAST_HEARD` / :data:`PAUSED` / :data:`PLAYING`), all at the listener's pace;
* ``PROGRESS_NONE``: (seconds the whole leaflet lasts at the listener's pace,);
* ``NOT_HEARD``: the positions in reading order of the sections not yet heard (``section`` is the first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skill.content.leaflet import Leaflet, Section
from skill.content.pace import PACES, Pace, faster, slower, tempo
from skill.dialog.reading import text_parts
from skill.dialog.state import ConversationState, Said, Say

#: How the listener stands to the section a progress answer names.
LAST_HEARD, PAUSED, PLAYING = 0, 1, 2

#: Words a second of the recorded voice, to estimate a section without a recording.
WORDS_PER_SECOND = 2.5


def pace_step(state: ConversationState, current: Pace, wanted: Pace | None, playing: bool) -> ConversationState:
    """'Praat langzamer' / 'sneller' / 'normaal tempo': the new pace, or that there is no slower (faster) one.

    ``wanted`` None means the step went past the slowest or fastest pace.
    """
    flag = int(playing)
    if wanted is None:
        return state.saying(Said(Say.PACE_LIMIT, figures=(PACES.index(current), flag)))
    return state.saying(Said(Say.PACE_SET, figures=(PACES.index(wanted), flag)))


def stepped(current: Pace, direction: str) -> Pace | None:
    """The pace after 'slower', 'faster' or 'normal' (None past either end)."""
    if direction == "slower":
        return slower(current)
    if direction == "faster":
        return faster(current)
    return Pace.NORMAL


def estimated_seconds(section: Section, pace: Pace) -> float:
    """How long a section without a recording would take to hear at ``pace``."""
    return len(section.text.split()) / WORDS_PER_SECOND / tempo(pace)


@dataclass(frozen=True)
class Place:
    """Where the listener is: a section, an offset into it (ms, at the listener's pace) and how they stand to it."""

    section_id: str
    offset_ms: int
    status: int


def progress(state: ConversationState, leaflet: Leaflet, place: Place | None,
             seconds: Mapping[str, float], pace: Pace) -> ConversationState:
    """'Waar ben ik?' / 'hoe lang nog?': the section, how far into it, and the minutes left in it and to the end.

    ``seconds``: each section's duration at the listener's pace (from the recordings);
    a section without one is estimated from its words.
    """
    def length(section: Section) -> float:
        return seconds.get(section.id) or estimated_seconds(section, pace)

    if place is None or leaflet.get(place.section_id) is None:
        total = sum(length(s) for s in leaflet.sections)
        return state.saying(Said(Say.PROGRESS_NONE, figures=(round(total),)))
    section = leaflet.section(place.section_id)
    duration = length(section)
    into = min(duration, place.offset_ms / 1000)
    left = duration - into
    after = leaflet.ids[leaflet.ids.index(section.id) + 1:]
    total = left + sum(length(leaflet.section(sid)) for sid in after)
    return state.saying(Said(Say.PROGRESS, section.id, figures=(round(into), round(left), round(total), place.status)))


def not_heard(state: ConversationState, leaflet: Leaflet, heard: frozenset[str]) -> ConversationState:
    """'Wat heb ik nog niet gehoord?': the sections not yet heard, offering the first; or that all are heard."""
    missing = tuple(i for i, sid in enumerate(leaflet.ids) if sid not in heard)
    if not missing:
        return state.saying(Said(Say.ALL_HEARD))
    return state.saying(Said(Say.NOT_HEARD, leaflet.ids[missing[0]], figures=missing))


def wants_resume(state: ConversationState) -> bool:
    """True when 'ja' now means: play on where the listener paused (after a progress answer)."""
    said = state.said
    return said is not None and said.kind is Say.PROGRESS and said.figures[3:4] == (PAUSED,)


def wants_start(state: ConversationState) -> str | None:
    """The section 'ja' now starts (after the list of sections not yet heard), or None."""
    said = state.said
    return said.section if said is not None and said.kind is Say.NOT_HEARD else None


def heard_in(said: Said | None, leaflet: Leaflet) -> str | None:
    """The section this answer lets the listener hear: a summary, or the last turn of a full text."""
    if said is None or said.section is None or leaflet.get(said.section) is None:
        return None
    if said.kind is Say.SUMMARY:
        return said.section
    if said.kind is Say.FULL and said.part + 1 >= len(text_parts(leaflet.section(said.section))):
        return said.section
    return None
