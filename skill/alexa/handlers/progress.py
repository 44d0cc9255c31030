"""WhereAmIIntent and NotHeardIntent: how far the listener is in the leaflet.

"Waar ben ik?" / "hoe lang nog?" names the section playing or last heard, how far
into it, and the minutes left in it and in the whole leaflet (from the recordings'
durations, at the listener's pace). "Wat heb ik nog niet gehoord?" lists the sections
not yet heard and offers the first ("ja" starts it).
"""

from skill.alexa.handlers.audio import in_audio_context, player_context, resume_point
from skill.alexa.handlers.base import ConversationHandler
from skill.alexa.listener import current_pace, duration_ms, heard_sections, seconds_at
from skill.alexa.profiles import load_profile
from skill.dialog import listener
from skill.dialog.listener import LAST_HEARD, PAUSED, PLAYING, Place
from skill.dialog.playback import at_pace


class WhereAmIHandler(ConversationHandler):
    """"Waar ben ik?" / "hoe lang nog?": the place, and the minutes left in the section and the leaflet.

    While our audio plays the answer ends the session (the audio goes on); after a pause
    it asks "wilt u verder luisteren?" ("ja" resumes).
    """

    intents = ("WhereAmIIntent",)

    def place(self, state, handler_input, pace) -> Place | None:
        if self.catalog is not None and in_audio_context(handler_input, self.leaflet):
            track, offset = player_context(handler_input, self.leaflet)
            return Place(track.section_id, at_pace(track, offset, pace)[1], PLAYING)
        stored = resume_point(handler_input, self.leaflet)
        if state.focus is not None and (stored is None or stored[0].section_id != state.focus):
            return Place(state.focus, 0, LAST_HEARD)  # a section answer in this session
        if stored is not None:
            track, offset = stored
            return Place(track.section_id, at_pace(track, offset, pace)[1], PAUSED if self.catalog else LAST_HEARD)
        profile = load_profile(handler_input)
        last = profile.last_section if profile is not None else None
        if last is not None and self.leaflet.get(last) is not None:  # played to its end
            return Place(last, duration_ms(self.catalog, last, pace) or 10**7, LAST_HEARD)
        return None

    def next_state(self, state, handler_input):
        pace = current_pace(handler_input)
        place = self.place(state, handler_input, pace)
        return listener.progress(state, self.leaflet, place, seconds_at(self.catalog, self.leaflet, pace), pace)


class NotHeardHandler(ConversationHandler):
    """"Wat heb ik nog niet gehoord?": the sections not yet heard, with the offer to start the first."""

    intents = ("NotHeardIntent",)

    def next_state(self, state, handler_input):
        return listener.not_heard(state, self.leaflet, heard_sections(handler_input))
