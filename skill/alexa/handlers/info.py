"""Help, the list of topics, and going home."""

from skill.dialog import rules
from skill.alexa.handlers.base import ConversationHandler


class HelpHandler(ConversationHandler):
    """"Help": what the skill does, with concrete example questions."""

    intents = ("AMAZON.HelpIntent",)

    def next_state(self, state, handler_input):
        return rules.help_(state)


class ListTopicsHandler(ConversationHandler):
    """"Welke onderwerpen zijn er?": every section of the leaflet by name."""

    intents = ("ListTopicsIntent",)

    def next_state(self, state, handler_input):
        return rules.list_topics(state)


class NavigateHomeHandler(ConversationHandler):
    """"Ga naar het begin": back to the opening question, keeping the place in the leaflet."""

    intents = ("AMAZON.NavigateHomeIntent",)

    def next_state(self, state, handler_input):
        return rules.home(state)
