"""AMAZON.YesIntent and AMAZON.NoIntent: answers to the skill's last offer."""

from skill.alexa.handlers.audio import resume_point, supports_audio
from skill.alexa.handlers.base import ConversationHandler, Play
from skill.dialog import rules


class YesHandler(ConversationHandler):
    """"Ja": takes what the last answer offered: more text, the next turn, the next topic,
    or (after "wilt u verder luisteren?") the audio from where the user stopped."""

    intents = ("AMAZON.YesIntent",)

    def next_state(self, state, handler_input):
        if rules.wants_resume(state) and self.catalog and supports_audio(handler_input):
            point = resume_point(handler_input, self.leaflet)
            if point:
                return Play(*point)
        return rules.yes(state, self.leaflet)


class NoHandler(ConversationHandler):
    """"Nee": declines the offer and hears what else can be asked."""

    intents = ("AMAZON.NoIntent",)

    def next_state(self, state, handler_input):
        return rules.no(state)
