"""AMAZON.YesIntent and AMAZON.NoIntent: answers to the skill's last offer (also a reminder's)."""

from skill.alexa.handlers.audio import resume_point, supports_audio
from skill.alexa.handlers.base import ConversationHandler, Play
from skill.alexa.handlers.reminders import ReminderSetter
from skill.alexa.reminders import DEFAULT_TIMEOUT
from skill.dialog import listener, rules
from skill.dialog.playback import Track


class YesHandler(ConversationHandler):
    """"Ja": takes what the last answer offered: more text, the next turn, the next topic,
    or (after "wilt u verder luisteren?") the audio from where the user stopped,
    or (after the sections not yet heard) the first of them."""

    intents = ("AMAZON.YesIntent",)

    def __init__(self, voice, catalog=None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(voice, catalog)
        self.setter = ReminderSetter(voice, timeout)

    def next_state(self, state, handler_input):
        plan = rules.wants_reminder(state)  # "zal ik u over een half uur herinneren?"
        if plan is not None:
            return self.setter.ask_or_set(handler_input, state, plan)
        audio = bool(self.catalog) and supports_audio(handler_input)
        if (rules.wants_resume(state) or listener.wants_resume(state)) and audio:
            point = resume_point(handler_input, self.leaflet)
            if point:
                return Play(*point)
        start = listener.wants_start(state)
        if start is not None:
            if audio and self.catalog.has(start):
                return Play(Track("section", start), 0, rules.playing(state, start))
            return rules.ask_topic(state, self.leaflet, start)
        return rules.yes(state, self.leaflet)


class NoHandler(ConversationHandler):
    """"Nee": declines the offer and hears what else can be asked."""

    intents = ("AMAZON.NoIntent",)

    def next_state(self, state, handler_input):
        return rules.no(state)
