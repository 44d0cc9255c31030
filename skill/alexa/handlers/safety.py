"""WarningSignsIntent: back pain with a warning sign, or the question when to call the GP."""

from skill.alexa.handlers.base import ConversationHandler
from skill.dialog import rules


class WarningSignsHandler(ConversationHandler):
    """"Mijn been is gevoelloos en ik kan niet goed plassen": no leaflet advice, but the fixed referral
    (call the GP today; the huisartsenpost or 112 when urgent) and the warning signs, said to come from
    Thuisarts.nl and not from the leaflet (content/safety.yaml); then the conversation goes on.

    The model routes these phrasings here even when they name a topic word ("been", "rug"). Pain that
    only radiates to the buttock or leg is not a warning sign: it stays a TopicIntent about the leaflet.
    """

    intents = ("WarningSignsIntent",)

    def next_state(self, state, handler_input):
        return rules.warning_signs(state)
