"""Ending the conversation."""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_request_type

from skill import conversation
from skill.handlers.base import ConversationHandler


class StopHandler(ConversationHandler):
    """"Stop" / "annuleer": a short goodbye; the session ends."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def next_state(self, state, handler_input):
        return conversation.goodbye(state)


class SessionEndedHandler(AbstractRequestHandler):
    """SessionEndedRequest: Alexa closed the session; nothing may be said."""

    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.response
