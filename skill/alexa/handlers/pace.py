"""PaceSlowerIntent, PaceFasterIntent and PaceNormalIntent: the listener's pace.

"Praat langzamer", "kun je wat rustiger praten", "praat sneller", "normaal tempo".
Three intents without a slot (fixed phrases are what Alexa's NLU matches best). From
then on, in every session, the skill speaks at that pace and the recorded leaflet
plays the matching tempo variant. Said while our audio plays, the audio goes on at
the same place in the text at the new pace.
"""

from skill.alexa.handlers.audio import in_audio_context, player_context
from skill.alexa.handlers.base import ConversationHandler, Play
from skill.alexa.listener import current_pace, set_pace
from skill.dialog import listener


class _PaceHandler(ConversationHandler):
    """Base: one step of pace (``direction``: "slower", "faster" or "normal")."""

    direction = "normal"

    def next_state(self, state, handler_input):
        current = current_pace(handler_input)
        wanted = listener.stepped(current, self.direction)
        playing = self.catalog is not None and in_audio_context(handler_input, self.leaflet)
        answer = listener.pace_step(state, current, wanted, playing)
        if wanted is None:
            return answer
        set_pace(handler_input, wanted)
        if playing:
            track, offset = player_context(handler_input, self.leaflet)
            return Play(track, offset, intro=answer)  # the base converts the offset to the new pace
        return answer


class PaceSlowerHandler(_PaceHandler):
    """"Praat langzamer": one step slower (normal -> slow, fast -> normal); at the slowest, says so."""

    intents = ("PaceSlowerIntent",)
    direction = "slower"


class PaceFasterHandler(_PaceHandler):
    """"Praat sneller": one step faster (slow -> normal, normal -> fast); at the fastest, says so."""

    intents = ("PaceFasterIntent",)
    direction = "faster"


class PaceNormalHandler(_PaceHandler):
    """"Normaal tempo": back to the normal pace."""

    intents = ("PaceNormalIntent",)
    direction = "normal"
