"""LaunchRequest: the user opens the skill without a question."""

from skill.dialog import rules, playback
from skill.alexa.handlers.audio import supports_audio
from skill.alexa.handlers.base import ConversationHandler
from skill.alexa.profiles import load_profile


class LaunchHandler(ConversationHandler):
    """Start of a conversation: a short welcome that says what can be asked.

    A listener who stopped part-way through the audio is offered to go on there
    ("ja" resumes). First-time users also hear, once, that the advice does not
    replace their physiotherapist or GP (added by the base for any first new session).
    """

    request_types = ("LaunchRequest",)

    def next_state(self, state, handler_input):
        profile = load_profile(handler_input)
        point = playback.resume_point(profile, self.leaflet) if profile else None
        if point and self.catalog and supports_audio(handler_input):
            return rules.welcome_back(state, point[0].section_id)
        return rules.launch(state)
