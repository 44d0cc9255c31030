"""The ask-sdk-core skill: handlers registered in the order they are tried."""

from __future__ import annotations


from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.content.leaflet import Leaflet
from skill.dialog.speech import Voice
from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.handlers.answers import NoHandler, YesHandler
from skill.alexa.handlers.audio_events import EVENT_HANDLERS, SystemExceptionHandler
from skill.alexa.handlers.errors import ErrorHandler
from skill.alexa.handlers.fallback import FallbackHandler, UnhandledIntentHandler
from skill.alexa.handlers.info import HelpHandler, ListTopicsHandler, NavigateHomeHandler
from skill.alexa.handlers.launch import LaunchHandler
from skill.alexa.handlers.playback import (
    AudioNextHandler,
    AudioPreviousHandler,
    AudioRepeatHandler,
    AudioStartOverHandler,
    AudioStopHandler,
    LoopShuffleHandler,
    PauseHandler,
    ResumeHandler,
)
from skill.alexa.handlers.navigation import NextHandler, PreviousHandler, RepeatHandler, StartOverHandler
from skill.alexa.handlers.pace import PaceFasterHandler, PaceNormalHandler, PaceSlowerHandler
from skill.alexa.handlers.progress import NotHeardHandler, WhereAmIHandler
from skill.alexa.handlers.read import ReadLeafletHandler, ReadSectionHandler
from skill.alexa.handlers.safety import WarningSignsHandler
from skill.alexa.handlers.social import AboutSkillHandler, GreetingHandler, ThanksHandler
from skill.alexa.handlers.reminders import PermissionAnswerHandler, RemindHandler, StopRemindersHandler
from skill.alexa.reminders import DEFAULT_TIMEOUT
from skill.alexa.handlers.session import SessionEndedHandler, SkillDisabledHandler, StopHandler
from skill.alexa.handlers.topic import TopicHandler

#: Tried first: commands about our audio while it plays (they arrive in a new session).
AUDIO_INTENT_HANDLERS = (
    AudioStopHandler, AudioNextHandler, AudioPreviousHandler, AudioRepeatHandler, AudioStartOverHandler,
    PauseHandler, ResumeHandler, LoopShuffleHandler,
)

CONVERSATION_HANDLERS = (
    LaunchHandler, TopicHandler, ReadLeafletHandler, ReadSectionHandler, YesHandler, NoHandler,
    NextHandler, PreviousHandler, RepeatHandler, StartOverHandler, HelpHandler, ListTopicsHandler,
    NavigateHomeHandler, StopHandler,
    WarningSignsHandler, GreetingHandler, ThanksHandler, AboutSkillHandler,
    # the listener's pace and progress
    PaceSlowerHandler, PaceFasterHandler, PaceNormalHandler, WhereAmIHandler, NotHeardHandler,
    FallbackHandler,
)

#: Handlers that may call the Reminders API: built with its time-out too.
REMINDER_HANDLERS = (RemindHandler, StopRemindersHandler, PermissionAnswerHandler)
TIMED_HANDLERS = frozenset({YesHandler, *REMINDER_HANDLERS})


def build_skill(leaflet: Leaflet, persistence_adapter: AbstractPersistenceAdapter | None = None,
                skill_id: str | None = None, catalog: AudioCatalog | None = None,
                reminders_timeout: float = DEFAULT_TIMEOUT) -> CustomSkill:
    """A ready skill. ``skill_id`` makes the SDK refuse other skills' requests too;
    without a ``catalog`` (no audio) reading falls back to speech. What is said comes
    from the leaflet with its own prompts and lexicon (those of its content directory);
    ``reminders_timeout``: seconds per call to the Alexa Reminders API."""
    voice = Voice.of(leaflet)
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter)
    builder.skill_id = skill_id or None
    for handler in AUDIO_INTENT_HANDLERS:
        builder.add_request_handler(handler(voice, catalog))
    for event in EVENT_HANDLERS:
        builder.add_request_handler(event(leaflet, catalog))
    for handler in CONVERSATION_HANDLERS + REMINDER_HANDLERS:
        if handler in TIMED_HANDLERS:
            builder.add_request_handler(handler(voice, catalog, reminders_timeout))
        else:
            builder.add_request_handler(handler(voice, catalog))
    builder.add_request_handler(SystemExceptionHandler())
    builder.add_request_handler(SessionEndedHandler())
    builder.add_request_handler(SkillDisabledHandler())
    builder.add_request_handler(UnhandledIntentHandler(voice))
    builder.add_exception_handler(ErrorHandler(voice))
    return builder.create()
