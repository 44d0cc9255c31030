"""TopicIntent: a question about one part of the leaflet."""

from skill.dialog import rules
from skill.alexa.handlers.base import ConversationHandler
from skill.alexa.slots import topic_slot


class TopicHandler(ConversationHandler):
    """A question ("hoe moet ik tillen?"): the section's spoken summary and the offer to hear more.

    An unknown or missing topic gets a polite answer that names what can be asked.
    """

    intents = ("TopicIntent",)

    def next_state(self, state, handler_input):
        section_id, heard = topic_slot(handler_input)
        return rules.ask_topic(state, self.leaflet, section_id, heard)
