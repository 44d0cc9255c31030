"""ReadLeafletIntent and ReadSectionIntent: the leaflet read aloud.

On a device with AudioPlayer the pre-generated audio plays (the whole leaflet as a
queue of section tracks, or one section); elsewhere the text is spoken turn by turn.
"""

from skill.dialog import rules, speech
from skill.alexa.handlers.audio import play_response, supports_audio
from skill.alexa.handlers.base import ConversationHandler, first_time, load_state, respond
from skill.alexa.slots import topic_slot
from skill.dialog.playback import Track
from skill.dialog.state import Said, Say


class _ReadHandler(ConversationHandler):
    def read(self, handler_input, section_id: str, mode: str):
        if self.catalog and self.catalog.has(section_id) and supports_audio(handler_input):
            intro = speech.render(Said(Say.PLAYING, section_id if mode == "section" else None), self.leaflet)
            if first_time(handler_input):
                intro = speech.with_disclaimer(intro)
            return play_response(handler_input, self.catalog, self.leaflet, Track(mode, section_id), 0, intro.ssml)
        state = load_state(handler_input, self.leaflet)
        whole = mode == "leaflet"
        return respond(handler_input, rules.read_full(state, self.leaflet, section_id, whole), self.leaflet)


class ReadLeafletHandler(_ReadHandler):
    """"Lees de folder voor": all sections in reading order (audio queue, or text turn by turn)."""

    intents = ("ReadLeafletIntent",)

    def handle(self, handler_input):
        return self.read(handler_input, self.leaflet.sections[0].id, "leaflet")


class ReadSectionHandler(_ReadHandler):
    """"Lees het stuk over tillen voor": that one section read aloud."""

    intents = ("ReadSectionIntent",)

    def handle(self, handler_input):
        section_id, heard = topic_slot(handler_input)
        if section_id is None or self.leaflet.get(section_id) is None:
            state = load_state(handler_input, self.leaflet)
            return respond(handler_input, rules.ask_topic(state, self.leaflet, None, heard), self.leaflet)
        return self.read(handler_input, section_id, "section")
