"""Spoken commands about the audio: pause, resume, next, previous, repeat, start over, loop, shuffle.

These arrive while (or after) our audio plays, in a new session with the
player's state in the context. "Stop" while audio plays arrives as
AMAZON.PauseIntent. Positions are kept per user in the persistent store, so
"ga verder" works hours later.
"""

from skill.alexa.handlers.audio import in_audio_context, player_context, remember, resume_point, supports_audio
from skill.alexa.handlers.base import ConversationHandler, Play, Stop, request_matches
from skill.dialog import playback, rules


class _AudioIntentHandler(ConversationHandler):
    """Base: one of ``intents``, and only while our audio is the subject."""

    def can_handle(self, handler_input):
        return (self.catalog is not None
                and request_matches(handler_input, self.intents)
                and in_audio_context(handler_input, self.leaflet))


class PauseHandler(ConversationHandler):
    """"Pauze" (and "stop" while audio plays): stop the audio, remember the exact place.

    Without audio of ours playing, a short answer says so and asks what else.
    """

    intents = ("AMAZON.PauseIntent",)

    def next_state(self, state, handler_input):
        current = player_context(handler_input, self.leaflet)
        if current is None:
            return rules.nothing_playing(state)
        track, offset = current
        remember(handler_input, lambda p: playback.stopped(p, track, offset))
        return Stop()


class AudioStopHandler(_AudioIntentHandler):
    """"Stop" / "annuleer" said about our audio: stop it and keep the place, without a word."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def next_state(self, state, handler_input):
        track, offset = player_context(handler_input, self.leaflet)
        remember(handler_input, lambda p: playback.stopped(p, track, offset))
        return Stop()


class ResumeHandler(ConversationHandler):
    """"Ga verder": in a conversation that just offered more text, go on reading (as "ja");
    otherwise play on from the stored place (even in a new session, hours later)."""

    intents = ("AMAZON.ResumeIntent",)

    def next_state(self, state, handler_input):
        session = handler_input.request_envelope.session
        if session is not None and not session.new and rules.offer(state, self.leaflet) is not None:
            return rules.yes(state, self.leaflet)
        point = resume_point(handler_input, self.leaflet) if self.catalog and supports_audio(handler_input) else None
        return Play(*point) if point else rules.nothing_to_resume(state)


class _StepHandler(_AudioIntentHandler):
    """Base of "volgende" / "vorige" during playback: the neighbouring section's audio."""

    forward = True

    def next_state(self, state, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        other = playback.step(track, self.leaflet, self.forward)
        return Play(other) if other else rules.past_the_end(state, self.forward)


class AudioNextHandler(_StepHandler):
    """"Volgende" during playback: the next section's audio (or: this was the last one)."""

    intents = ("AMAZON.NextIntent",)
    forward = True


class AudioPreviousHandler(_StepHandler):
    """"Vorige" during playback: the previous section's audio (or: this was the first one)."""

    intents = ("AMAZON.PreviousIntent",)
    forward = False


class AudioRepeatHandler(_AudioIntentHandler):
    """"Herhaal" during playback: the current section from its start."""

    intents = ("AMAZON.RepeatIntent",)

    def next_state(self, state, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        return Play(track)


class AudioStartOverHandler(_AudioIntentHandler):
    """"Begin opnieuw" during playback: the leaflet from its first section (or the section from its start)."""

    intents = ("AMAZON.StartOverIntent",)

    def next_state(self, state, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        return Play(playback.first(self.leaflet) if track.mode == "leaflet" else track)


class LoopShuffleHandler(ConversationHandler):
    """Loop and shuffle are not offered: a clear answer; the audio goes on, or the conversation does."""

    intents = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")

    def next_state(self, state, handler_input):
        return rules.not_offered(state, playing=in_audio_context(handler_input, self.leaflet))
