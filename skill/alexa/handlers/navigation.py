"""Moving through the leaflet: next, previous, repeat, start over."""

from skill.dialog import rules
from skill.alexa.handlers.base import ConversationHandler


class NextHandler(ConversationHandler):
    """"Volgende": the section after the one in focus, in reading order."""

    intents = ("AMAZON.NextIntent",)

    def next_state(self, state, handler_input):
        return rules.next_section(state, self.leaflet)


class PreviousHandler(ConversationHandler):
    """"Vorige": the section before the one in focus."""

    intents = ("AMAZON.PreviousIntent",)

    def next_state(self, state, handler_input):
        return rules.previous_section(state, self.leaflet)


class RepeatHandler(ConversationHandler):
    """"Herhaal": the last answer again, word for word."""

    intents = ("AMAZON.RepeatIntent",)

    def next_state(self, state, handler_input):
        return rules.repeat(state)


class StartOverHandler(ConversationHandler):
    """"Begin opnieuw": the section in focus from its start (or the welcome)."""

    intents = ("AMAZON.StartOverIntent",)

    def next_state(self, state, handler_input):
        return rules.start_over(state, self.leaflet)
