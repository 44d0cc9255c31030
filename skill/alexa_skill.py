"""The ask-sdk-core skill: handlers registered in the order they are tried."""

from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.content import Leaflet
from skill.handlers.answers import NoHandler, YesHandler
from skill.handlers.errors import ErrorHandler
from skill.handlers.fallback import FallbackHandler, UnhandledIntentHandler
from skill.handlers.info import HelpHandler, ListTopicsHandler, NavigateHomeHandler
from skill.handlers.launch import LaunchHandler
from skill.handlers.navigation import NextHandler, PreviousHandler, RepeatHandler, StartOverHandler
from skill.handlers.read import ReadLeafletHandler, ReadSectionHandler
from skill.handlers.session import SessionEndedHandler, StopHandler
from skill.handlers.topic import TopicHandler

CONVERSATION_HANDLERS = (
    LaunchHandler, TopicHandler, ReadLeafletHandler, ReadSectionHandler, YesHandler, NoHandler,
    NextHandler, PreviousHandler, RepeatHandler, StartOverHandler, HelpHandler, ListTopicsHandler,
    NavigateHomeHandler, StopHandler, FallbackHandler,
)


def build_skill(leaflet: Leaflet, persistence_adapter: AbstractPersistenceAdapter | None = None,
                skill_id: str | None = None) -> CustomSkill:
    """A ready skill. ``skill_id`` makes the SDK refuse other skills' requests too."""
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter)
    builder.skill_id = skill_id or None
    for handler in CONVERSATION_HANDLERS:
        builder.add_request_handler(handler(leaflet))
    builder.add_request_handler(SessionEndedHandler())
    builder.add_request_handler(UnhandledIntentHandler(leaflet))
    builder.add_exception_handler(ErrorHandler(leaflet))
    return builder.create()
