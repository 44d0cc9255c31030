"""AMAZON.YesIntent and AMAZON.NoIntent: answers to the skill's last offer."""

from skill import conversation
from skill.handlers.base import ConversationHandler


class YesHandler(ConversationHandler):
    """"Ja": takes what the last answer offered: more text, the next turn or the next topic."""

    intents = ("AMAZON.YesIntent",)

    def next_state(self, state, handler_input):
        return conversation.yes(state, self.leaflet)


class NoHandler(ConversationHandler):
    """"Nee": declines the offer and hears what else can be asked."""

    intents = ("AMAZON.NoIntent",)

    def next_state(self, state, handler_input):
        return conversation.no(state)
