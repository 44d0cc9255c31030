"""ReadLeafletIntent and ReadSectionIntent: the leaflet's own text, read out."""

from skill import conversation
from skill.handlers.base import ConversationHandler
from skill.handlers.slots import topic_slot


class ReadLeafletHandler(ConversationHandler):
    """"Lees de folder voor": the full text from the first section, turn by turn ("ja" goes on)."""

    intents = ("ReadLeafletIntent",)

    def next_state(self, state, handler_input):
        return conversation.read_full(state, self.leaflet, self.leaflet.sections[0].id)


class ReadSectionHandler(ConversationHandler):
    """"Lees het stuk over tillen voor": that section's full text."""

    intents = ("ReadSectionIntent",)

    def next_state(self, state, handler_input):
        section_id, heard = topic_slot(handler_input)
        if section_id is None or self.leaflet.get(section_id) is None:
            return conversation.ask_topic(state, self.leaflet, None, heard)
        return conversation.read_full(state, self.leaflet, section_id)
