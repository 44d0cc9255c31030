"""AMAZON.FallbackIntent and anything else the skill does not understand."""

from skill.dialog import rules
from skill.alexa.handlers.base import ConversationHandler


class FallbackHandler(ConversationHandler):
    """Out-of-domain speech: says what the skill can do and asks again; never a dead end."""

    intents = ("AMAZON.FallbackIntent",)

    def next_state(self, state, handler_input):
        return rules.fallback(state)


class UnhandledIntentHandler(FallbackHandler):
    """Last in the chain: any IntentRequest no other handler took is treated as fallback."""

    def can_handle(self, handler_input):
        return handler_input.request_envelope.request.object_type == "IntentRequest"
