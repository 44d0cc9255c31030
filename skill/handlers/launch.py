"""LaunchRequest: the user opens the skill without a question."""

from skill import conversation
from skill.handlers.base import ConversationHandler


class LaunchHandler(ConversationHandler):
    """Start of a conversation: a short welcome that says what can be asked.

    First-time users also hear, once, that the advice does not replace their
    physiotherapist or GP (added by the base for any first new session).
    """

    request_types = ("LaunchRequest",)

    def next_state(self, state, handler_input):
        return conversation.launch(state)
