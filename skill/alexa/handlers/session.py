"""Ending the conversation."""

from skill.alexa.handlers.audio import player_context, remember
from skill.alexa.handlers.base import ConversationHandler, RequestHandler, Stop
from skill.alexa.profiles import welcomed_users
from skill.dialog import playback, rules


class StopHandler(ConversationHandler):
    """"Stop" / "annuleer": a short goodbye; the session ends.

    In a conversation opened while our leaflet plays (the context reports our track), the audio
    stops too (``AudioPlayer.Stop``) and its place is kept, so "ga verder" resumes there later.
    """

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def next_state(self, state, handler_input):
        current = player_context(handler_input, self.leaflet) if self.catalog is not None else None
        if current is None:
            return rules.goodbye(state)
        track, offset = current
        remember(handler_input, lambda p: playback.stopped(p, track, offset))
        return Stop(outro=rules.goodbye(state))


class SessionEndedHandler(RequestHandler):
    """SessionEndedRequest: Alexa closed the session; nothing may be said."""

    request_types = ("SessionEndedRequest",)

    def handle(self, handler_input):
        return handler_input.response_builder.response


class SkillDisabledHandler(RequestHandler):
    """AlexaSkillEvent.SkillDisabled: the user switched the skill off; forget everything stored for them."""

    request_types = ("AlexaSkillEvent.SkillDisabled",)

    def handle(self, handler_input):
        user = handler_input.request_envelope.context.system.user
        known = welcomed_users(handler_input)
        if known is not None and user is not None and user.user_id:
            known.discard(user.user_id)
        try:
            handler_input.attributes_manager.delete_persistent_attributes()
        except Exception:  # the store logs its own fault; the event needs no answer
            pass
        return handler_input.response_builder.response
