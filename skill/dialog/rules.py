"""Conversation rules: pure transitions from one state to the next.

Each function takes the current :class:`ConversationState` (and what it needs of
the leaflet) and returns the next state, whose ``said`` names the answer to give.
Nothing here knows about Alexa, SSML or storage, so every rule is testable alone.
"""

from __future__ import annotations

from skill.content.leaflet import Leaflet
from skill.dialog.reading import is_short, text_parts
from skill.dialog.reminders import OFFERED_AFTER, Kind, Plan
from skill.dialog.state import ConversationState, Said, Say


def launch(state: ConversationState) -> ConversationState:
    """The skill is opened: welcome."""
    return state.saying(Said(Say.WELCOME))


def welcome_back(state: ConversationState, section_id: str) -> ConversationState:
    """A returning listener: offer to go on where they stopped ('ja' resumes playback)."""
    return state.saying(Said(Say.WELCOME_BACK, section_id))


def wants_resume(state: ConversationState) -> bool:
    """True when 'ja' now means: resume the audio where the user stopped."""
    return state.said is not None and state.said.kind is Say.WELCOME_BACK


def home(state: ConversationState) -> ConversationState:
    """Back to the start: what can be asked (the focus is kept for 'volgende')."""
    return state.saying(Said(Say.HOME))


def help_(state: ConversationState) -> ConversationState:
    return state.saying(Said(Say.HELP))


def list_topics(state: ConversationState) -> ConversationState:
    return state.saying(Said(Say.TOPICS))


def fallback(state: ConversationState) -> ConversationState:
    return state.saying(Said(Say.FALLBACK))


def goodbye(state: ConversationState) -> ConversationState:
    return state.saying(Said(Say.GOODBYE))


#: The apology after a failure. Not a transition: the state stays as it was, so "ja" keeps its meaning.
FAILED = Said(Say.ERROR)


def ask_topic(state: ConversationState, leaflet: Leaflet, section_id: str | None,
              heard: str | None = None) -> ConversationState:
    """A question about a topic: its summary, or a polite 'not in the leaflet'."""
    if section_id is not None and leaflet.get(section_id) is not None:
        return state.saying(Said(Say.SUMMARY, section_id))
    return state.saying(Said(Say.UNKNOWN_TOPIC, heard=(heard or None)))


def read_full(state: ConversationState, section_id: str, whole: bool = False) -> ConversationState:
    """The full text of a section, from its first turn; ``whole``: reading on through the leaflet."""
    return state.saying(Said(Say.FULL, section_id, 0, whole=whole))


def playing(state: ConversationState, section_id: str | None) -> ConversationState:
    """The audio starts: say what plays (one section, or the whole leaflet when ``section_id`` is None)."""
    return state.saying(Said(Say.PLAYING, section_id))


def nothing_playing(state: ConversationState) -> ConversationState:
    """'Pauze' with no audio of ours playing."""
    return state.saying(Said(Say.NOTHING_PLAYING))


def nothing_to_resume(state: ConversationState) -> ConversationState:
    """'Ga verder' with nothing offered and no stored place (or no audio on this device)."""
    return state.saying(Said(Say.NOTHING_TO_RESUME))


def past_the_end(state: ConversationState, forward: bool) -> ConversationState:
    """'Volgende' on the last section's audio, or 'vorige' on the first."""
    return state.saying(Said(Say.END_OF_LEAFLET if forward else Say.START_OF_LEAFLET))


def not_offered(state: ConversationState, playing: bool) -> ConversationState:
    """Loop or shuffle: not offered. While our audio plays it goes on; otherwise ask what else."""
    return state.saying(Said(Say.NOT_OFFERED if playing else Say.NOT_OFFERED_ASK))


def offer(state: ConversationState, leaflet: Leaflet) -> Said | None:
    """What 'ja' would give now, or None when the last answer offered nothing."""
    said = state.said
    if said is None or said.section is None:
        return None
    section = leaflet.get(said.section)
    if section is None:
        return None
    if said.kind is Say.SUMMARY and not is_short(section):
        return Said(Say.FULL, section.id, 0)
    if said.kind is Say.FULL and said.part + 1 < len(text_parts(section)):
        return Said(Say.FULL, section.id, said.part + 1, whole=said.whole)
    if said.kind in (Say.SUMMARY, Say.FULL) and not said.whole and section.id in OFFERED_AFTER:
        return Said(Say.REMINDER_CHOICE, plan=Plan(OFFERED_AFTER[section.id]).code)
    if said.kind in (Say.SUMMARY, Say.FULL):
        following = leaflet.next(section.id)
        if following is None:
            return None
        if said.whole:
            return Said(Say.FULL, following.id, 0, whole=True)
        return Said(Say.SUMMARY, following.id)
    return None


def yes(state: ConversationState, leaflet: Leaflet) -> ConversationState:
    """'Ja': accept what was offered (more text, the next turn, the next topic)."""
    accepted = offer(state, leaflet)
    return state.saying(accepted if accepted else Said(Say.NOTHING_OFFERED))


def no(state: ConversationState) -> ConversationState:
    """'Nee': decline the offer and hear what else can be asked; after "wilt u nog iets weten?" it is goodbye."""
    if _said_kind(state) is Say.THANKS:
        return goodbye(state)
    return state.saying(Said(Say.DECLINED))


def _neighbour(state: ConversationState, leaflet: Leaflet, section_id: str) -> ConversationState:
    """Another section: its full text while the whole leaflet is being read, else its summary."""
    if state.said is not None and state.said.whole:
        return state.saying(Said(Say.FULL, section_id, 0, whole=True))
    return state.saying(Said(Say.SUMMARY, section_id))


def _said_kind(state: ConversationState) -> Say | None:
    return state.said.kind if state.said is not None else None


def step_section(state: ConversationState, leaflet: Leaflet, forward: bool) -> ConversationState:
    """'Volgende' (``forward``) or 'vorige': the neighbouring section of the one in focus (the first if none).

    Past either end of the leaflet the user is outside it: the same answer again when stepping further out;
    stepping back in gives the section at that end ("dit was het laatste onderwerp, zeg vorige": the last one;
    "dit is het eerste onderwerp", then "volgende": the first one).
    """
    outward = Say.END_OF_LEAFLET if forward else Say.START_OF_LEAFLET
    inward = Say.START_OF_LEAFLET if forward else Say.END_OF_LEAFLET
    kind = _said_kind(state)
    if kind is outward:
        return past_the_end(state, forward)
    if kind is inward:
        return _neighbour(state, leaflet, leaflet.sections[0 if forward else -1].id)
    if state.focus is None:
        return state.saying(Said(Say.SUMMARY, leaflet.sections[0].id))
    other = leaflet.next(state.focus) if forward else leaflet.previous(state.focus)
    if other is None:
        return past_the_end(state, forward)
    return _neighbour(state, leaflet, other.id)


def next_section(state: ConversationState, leaflet: Leaflet) -> ConversationState:
    """'Volgende': see :func:`step_section`."""
    return step_section(state, leaflet, forward=True)


def previous_section(state: ConversationState, leaflet: Leaflet) -> ConversationState:
    """'Vorige': see :func:`step_section`."""
    return step_section(state, leaflet, forward=False)


def repeat(state: ConversationState) -> ConversationState:
    """'Herhaal': the same answer again (the welcome if nothing was said yet)."""
    return state if state.said is not None else state.saying(Said(Say.HOME))


def start_over(state: ConversationState, leaflet: Leaflet) -> ConversationState:
    """'Opnieuw': the section in focus from its beginning, or the start of the skill."""
    if state.focus is None:
        return home(state)
    if state.said is not None and state.said.whole:
        return state.saying(Said(Say.FULL, state.focus, 0, whole=True))
    return state.saying(Said(Say.SUMMARY, state.focus))


# --- safety and social turns --------------------------------------------------------------------------------


def warning_signs(state: ConversationState) -> ConversationState:
    """Back pain with a warning sign (or: when to call the GP): the referral, never leaflet advice."""
    return state.saying(Said(Say.WARNING_SIGNS))


def greeting(state: ConversationState) -> ConversationState:
    """'Goedemorgen', 'hallo': a greeting back and what can be asked."""
    return state.saying(Said(Say.GREETING))


def thanks(state: ConversationState) -> ConversationState:
    """'Dank u wel': 'graag gedaan' and the question whether there is more ('nee' then ends the session)."""
    return state.saying(Said(Say.THANKS))


def about(state: ConversationState) -> ConversationState:
    """'Wie ben jij', 'wat kun je': what the skill is, where its advice comes from, what it can do."""
    return state.saying(Said(Say.ABOUT))

# --- reminders to change posture (skill/dialog/reminders.py) ------------------------------------------------

#: Answers after which "ja" sets the plan they carry (the one-off reminder in half an hour).
_REMINDER_QUESTIONS = (Say.REMINDER_CHOICE, Say.REMINDER_UNCLEAR)
#: What to say when a reminder could not be set or removed, by the kind of failure.
REMINDER_FAILURES = {"denied": Say.REMINDER_DENIED, "not-allowed": Say.REMINDER_NOT_ALLOWED,
                     "busy": Say.REMINDER_BUSY, "failed": Say.REMINDER_FAILED}


def reminder_kind(state: ConversationState) -> Kind:
    """The reminder a request is about: the one just offered (to sit, after standing), else to stand up."""
    plan = Plan.from_code(state.said.plan) if state.said is not None else None
    return plan.kind if plan is not None and state.said.kind in _REMINDER_QUESTIONS else Kind.STAND


def wants_reminder(state: ConversationState) -> Plan | None:
    """The plan 'ja' sets now (after the question which reminder), or None."""
    if state.said is None or state.said.kind not in _REMINDER_QUESTIONS:
        return None
    return Plan.from_code(state.said.plan)


def permission_asked_for(state: ConversationState) -> Plan | None:
    """The plan waiting for the user's permission (the answer to Alexa's question arrives next)."""
    if state.said is None or state.said.kind is not Say.REMINDER_PERMISSION:
        return None
    return Plan.from_code(state.said.plan)


def ask_reminder(state: ConversationState, kind: Kind, unclear: bool = False) -> ConversationState:
    """Which reminder: once in half an hour ('ja'), or every half hour within named hours on working days."""
    return state.saying(Said(Say.REMINDER_UNCLEAR if unclear else Say.REMINDER_CHOICE, plan=Plan(kind).code))


def asking_permission(state: ConversationState, plan: Plan) -> ConversationState:
    """Alexa is about to ask the user's permission; the plan waits in the session."""
    return state.saying(Said(Say.REMINDER_PERMISSION, plan=plan.code))


def reminder_set(state: ConversationState, plan: Plan) -> ConversationState:
    """The reminder is set: confirm its time and recurrence."""
    return state.saying(Said(Say.REMINDER_SET, plan=plan.code))


def reminder_not_set(state: ConversationState, failure: str) -> ConversationState:
    """No reminder: permission refused, not allowed, the API busy or failing (``failure``: a key of REMINDER_FAILURES)."""
    return state.saying(Said(REMINDER_FAILURES.get(failure, Say.REMINDER_FAILED)))


def reminders_stopped(state: ConversationState, removed: bool, complete: bool = True) -> ConversationState:
    """'Stop de herinneringen': removed, there were none, or (not ``complete``) some could not be removed."""
    if not complete:
        return state.saying(Said(Say.REMINDERS_STOP_FAILED))
    return state.saying(Said(Say.REMINDERS_STOPPED if removed else Say.REMINDERS_NONE))
