"""The social turns: greetings, thanks, and "who are you / what can you do"."""

from skill.alexa.handlers.base import ConversationHandler
from skill.dialog import rules


class GreetingHandler(ConversationHandler):
    """"Goedemorgen", "hallo" (at any point): a greeting back and what can be asked."""

    intents = ("GreetingIntent",)

    def next_state(self, state, handler_input):
        return rules.greeting(state)


class ThanksHandler(ConversationHandler):
    """"Dank u wel", "bedankt": "graag gedaan" and whether there is more; the session stays open
    ("nee" then says goodbye, a question starts a new answer)."""

    intents = ("ThanksIntent",)

    def next_state(self, state, handler_input):
        return rules.thanks(state)


class AboutSkillHandler(ConversationHandler):
    """"Wie ben jij", "wat kun je": what the skill is (the leaflet's advice, read aloud), its topics, what to ask."""

    intents = ("AboutSkillIntent",)

    def next_state(self, state, handler_input):
        return rules.about(state)
