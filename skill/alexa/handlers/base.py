"""What every handler shares: which requests it takes, reading the state, applying a rule, answering.

A handler names its ``intents`` or ``request_types`` as class attributes. A
conversation handler implements :meth:`ConversationHandler.next_state` with a call
to a rule in :mod:`skill.dialog.rules` and returns the next state (to be spoken),
or a :class:`Play` / :class:`Stop` for the audio player; this base reads the
session and builds the response, so handlers stay a few lines each.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces
from ask_sdk_model import Response

from skill.alexa import audioplayer, screen
from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.listener import current_pace, note_heard, playable_pace
from skill.alexa.profiles import load_profile, save_profile, welcomed_users
from skill.content.leaflet import Leaflet
from skill.dialog import speech
from skill.dialog.listener import heard_in
from skill.dialog.playback import Track, at_pace
from skill.dialog.speech import Voice
from skill.dialog.state import SESSION_KEY, ConversationState

log = logging.getLogger(__name__)


def load_state(handler_input: HandlerInput, leaflet: Leaflet) -> ConversationState:
    """The conversation state from the session (a fresh one outside a session)."""
    if handler_input.request_envelope.session is None:
        return ConversationState()
    attributes = handler_input.attributes_manager.session_attributes or {}
    return ConversationState.from_dict(attributes.get(SESSION_KEY), leaflet.id_set)


def first_time(handler_input: HandlerInput) -> bool:
    """True once per user: the first new session of someone the skill has not welcomed.

    Marks the user as welcomed. If the store cannot be read the notice is given
    anyway (it is a safety notice); the advice itself needs no state.
    """
    session = handler_input.request_envelope.session
    if session is None or not session.new:
        return False
    known = welcomed_users(handler_input)
    user_id = session.user.user_id if session.user else None
    if known is not None and user_id in known:
        return False
    profile = load_profile(handler_input)
    if profile is None:
        return True  # the store cannot say: better the notice twice than never
    if profile.welcomed:
        if known is not None and user_id:
            known.add(user_id)
        return False
    if save_profile(handler_input, replace(profile, welcomed=True)) and known is not None and user_id:
        known.add(user_id)
    return True  # the notice is spoken even if the store could not record it


def supports_screen(handler_input: HandlerInput) -> bool:
    """True on devices that render APL (Echo Show and the like) in a version our document needs."""
    try:
        apl = get_supported_interfaces(handler_input).alexa_presentation_apl
    except AttributeError:
        return False
    if apl is None:
        return False
    runtime = getattr(apl, "runtime", None)
    return screen.runtime_supports(getattr(runtime, "max_version", None) if runtime is not None else None)


def respond(handler_input: HandlerInput, state: ConversationState, voice: Voice, directive=None) -> Response:
    """Say what ``state.said`` names, keep the state in the session, and build the response.

    ``directive``: a directive sent with the answer (an AudioPlayer one ends the session; a permission
    question leaves ``shouldEndSession`` to Alexa). Everything is spoken at the listener's pace; a section
    answer counts as heard.
    """
    reply = speech.reply_for(state.said, voice)
    if state.said.kind not in speech.WITHOUT_DISCLAIMER and first_time(handler_input):
        reply = speech.with_disclaimer(reply, voice)
    reply = speech.at_pace(reply, current_pace(handler_input))
    heard = heard_in(state.said, voice.leaflet)
    if heard is not None:
        note_heard(handler_input, heard)
    if handler_input.request_envelope.session is not None:
        handler_input.attributes_manager.session_attributes[SESSION_KEY] = state.to_dict()
    builder = handler_input.response_builder.speak(reply.ssml)
    if reply.screen and supports_screen(handler_input):
        builder.add_directive(screen.apl_directive(*reply.screen, subtitle=voice.leaflet.title))
    if directive is not None:
        builder.add_directive(directive)
    if reply.reprompt:
        builder.ask(reply.reprompt)
    builder.set_should_end_session(reply.end_session)
    return builder.response


def request_matches(handler_input: HandlerInput, intents: tuple[str, ...], request_types: tuple[str, ...] = ()) -> bool:
    """True when the request is one of ``request_types``, or an IntentRequest for one of ``intents``.

    A plain attribute check: the SDK tries every handler in turn on every request.
    """
    request = handler_input.request_envelope.request
    kind = request.object_type
    if kind == "IntentRequest":
        intent = request.intent
        return intent is not None and intent.name in intents
    return kind in request_types


class RequestHandler(AbstractRequestHandler):
    """Base of every handler: it takes the requests its class attributes name."""

    #: Intent names this handler answers.
    intents: tuple[str, ...] = ()
    #: Request types this handler answers (instead of intents).
    request_types: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return request_matches(handler_input, self.intents, self.request_types)


@dataclass(frozen=True)
class Play:
    """The audio player plays ``track`` from ``offset_ms``; ``intro`` is spoken first (the session ends).

    The handler base plays it at the listener's pace (the offset converted to that variant's time line).
    """

    track: Track
    offset_ms: int = 0
    intro: ConversationState | None = None


@dataclass(frozen=True)
class Directed:
    """Say ``state`` with ``directive`` (such as Alexa's permission question) added to the answer."""

    state: ConversationState
    directive: object


@dataclass(frozen=True)
class Stop:
    """The audio player stops (the handler has stored the place): without a word, or saying ``outro`` (the session ends)."""

    outro: ConversationState | None = None


class ConversationHandler(RequestHandler):
    """Base for handlers that move the conversation on by one rule."""

    def __init__(self, voice: Voice, catalog: AudioCatalog | None = None) -> None:
        self.voice = voice
        self.leaflet = voice.leaflet
        self.catalog = catalog

    def handle(self, handler_input: HandlerInput) -> Response:
        after = self.next_state(load_state(handler_input, self.leaflet), handler_input)
        if isinstance(after, ConversationState):
            return respond(handler_input, after, self.voice)
        if isinstance(after, Directed):
            return respond(handler_input, after.state, self.voice, after.directive)
        if isinstance(after, Play):
            assert self.catalog is not None, "Play needs an audio catalog"
            pace = playable_pace(self.catalog, after.track.section_id, current_pace(handler_input))
            track, offset = at_pace(after.track, after.offset_ms, pace)  # the same place in the text
            directive = audioplayer.play(self.catalog, self.leaflet, track, offset)
            if after.intro is not None:
                return respond(handler_input, after.intro, self.voice, directive)
        else:
            directive = audioplayer.stop()
            if after.outro is not None:
                return respond(handler_input, after.outro, self.voice, directive)
        return handler_input.response_builder.add_directive(directive).set_should_end_session(True).response

    def next_state(self, state: ConversationState,
                   handler_input: HandlerInput) -> ConversationState | Play | Stop | Directed:
        raise NotImplementedError
