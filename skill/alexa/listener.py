"""The listener's pace and the sections they heard, through the profile store.

The pace lives in the user's profile (every session uses it) and, for the rest of a
session, in the session attributes under :data:`PACE_KEY` (a copy, so that a turn
need not read the store). Heard sections are added to the profile as answers and
audio events happen. Like :mod:`skill.alexa.profiles`, a failing store only means the
normal pace and nothing recorded.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.profiles import load_profile, save_profile
from skill.content.leaflet import Leaflet
from skill.content.pace import Pace, parse_pace, tempo
from skill.dialog.profile import with_heard, with_pace

#: Session attribute holding the pace for the rest of the session.
PACE_KEY = "pace"


def _session_attributes(handler_input: HandlerInput) -> dict | None:
    if handler_input.request_envelope.session is None:
        return None  # AudioPlayer events have no session: touching the attributes would raise
    return handler_input.attributes_manager.session_attributes


def current_pace(handler_input: HandlerInput) -> Pace:
    """The listener's pace: from the session when known there, else from the profile (then kept in the session)."""
    attributes = _session_attributes(handler_input)
    known = parse_pace(attributes.get(PACE_KEY)) if attributes is not None else None
    if known is not None:
        return known
    profile = load_profile(handler_input)
    pace = profile.pace if profile is not None else Pace.NORMAL
    if attributes is not None:
        attributes[PACE_KEY] = pace.value
    return pace


def set_pace(handler_input: HandlerInput, pace: Pace) -> None:
    """Remember ``pace`` for this session and, where the store allows, for every later one."""
    attributes = _session_attributes(handler_input)
    if attributes is not None:
        attributes[PACE_KEY] = pace.value
    profile = load_profile(handler_input)
    if profile is not None and profile.pace is not pace:
        save_profile(handler_input, with_pace(profile, pace))


def note_heard(handler_input: HandlerInput, section_id: str) -> None:
    """Record that the listener heard ``section_id`` (written only when it is new)."""
    profile = load_profile(handler_input)
    if profile is not None and section_id not in profile.heard:
        save_profile(handler_input, with_heard(profile, section_id))


def heard_sections(handler_input: HandlerInput) -> frozenset[str]:
    profile = load_profile(handler_input)
    return profile.heard if profile is not None else frozenset()


def playable_pace(catalog: AudioCatalog, section_id: str, pace: Pace) -> Pace:
    """``pace`` when the catalog has that variant of the section, else the normal recording's."""
    return pace if catalog.has(section_id, pace) else Pace.NORMAL


def seconds_at(catalog: AudioCatalog | None, leaflet: Leaflet, pace: Pace) -> dict[str, float]:
    """Each recorded section's duration at ``pace`` (none without a catalog)."""
    if catalog is None:
        return {}
    factor = tempo(pace)
    return {r.section_id: r.duration_at(factor) for r in catalog.manifest.tracks if leaflet.get(r.section_id)}


def duration_ms(catalog: AudioCatalog | None, section_id: str, pace: Pace) -> int | None:
    """How long this section's track at ``pace`` lasts, in ms (None without a recording)."""
    recording = catalog.manifest.get(section_id) if catalog is not None else None
    return round(recording.duration_at(tempo(pace)) * 1000) if recording else None
