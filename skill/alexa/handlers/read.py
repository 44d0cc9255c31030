"""ReadLeafletIntent and ReadSectionIntent: the leaflet read aloud.

On a device with AudioPlayer the pre-generated audio plays (the whole leaflet as a
queue of section tracks, or one section); elsewhere the text is spoken turn by turn.
"""

from skill.alexa.handlers.audio import supports_audio
from skill.alexa.handlers.base import ConversationHandler, Play
from skill.alexa.slots import topic_slot
from skill.dialog import rules
from skill.dialog.playback import Mode, Track


class _ReadHandler(ConversationHandler):
    """Base: read one section or the whole leaflet, as audio where the device plays it."""

    def read(self, state, handler_input, section_id: str, mode: Mode):
        if self.catalog and self.catalog.has(section_id) and supports_audio(handler_input):
            intro = rules.playing(state, section_id if mode == "section" else None)
            return Play(Track(mode, section_id), 0, intro)
        return rules.read_full(state, section_id, whole=mode == "leaflet")


class ReadLeafletHandler(_ReadHandler):
    """"Lees de folder voor": all sections in reading order (audio queue, or text turn by turn)."""

    intents = ("ReadLeafletIntent",)

    def next_state(self, state, handler_input):
        return self.read(state, handler_input, self.leaflet.sections[0].id, "leaflet")


class ReadSectionHandler(_ReadHandler):
    """"Lees het stuk over tillen voor": that one section read aloud (an unknown topic gets a polite answer)."""

    intents = ("ReadSectionIntent",)

    def next_state(self, state, handler_input):
        section_id, heard = topic_slot(handler_input)
        if section_id is None or self.leaflet.get(section_id) is None:
            return rules.ask_topic(state, self.leaflet, None, heard)
        return self.read(state, handler_input, section_id, "section")
