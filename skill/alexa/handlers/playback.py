"""Spoken commands about the audio: pause, resume, next, previous, repeat, start over, loop, shuffle.

These arrive while (or after) our audio plays, in a new session with the
player's state in the context. "Stop" while audio plays arrives as
AMAZON.PauseIntent. Positions are kept per user in the persistent store, so
"ga verder" works hours later.
"""

from skill.dialog import rules, playback, speech
from skill.alexa.handlers.audio import (
    in_audio_context,
    supports_audio,
    play_response,
    player_context,
    remember,
    resume_point,
    stop_response,
)
from skill.alexa.handlers.base import ConversationHandler, load_state, request_matches, respond
from skill.dialog.state import Said, Say


class _AudioIntentHandler(ConversationHandler):
    """Base: one of ``intents``, and only while our audio is the subject."""

    def can_handle(self, handler_input):
        return (self.catalog is not None
                and request_matches(handler_input, self.intents)
                and in_audio_context(handler_input, self.leaflet))


class PauseHandler(ConversationHandler):
    """"Pauze" (and "stop" while audio plays): stop the audio, remember the exact place."""

    intents = ("AMAZON.PauseIntent",)

    def handle(self, handler_input):
        current = player_context(handler_input, self.leaflet)
        if current is None:
            return respond(handler_input, load_state(handler_input, self.leaflet).saying(Said(Say.NOTHING_PLAYING)),
                           self.leaflet)
        track, offset = current
        remember(handler_input, lambda p: playback.stopped(p, track, offset))
        return stop_response(handler_input)


class AudioStopHandler(_AudioIntentHandler):
    """"Stop" / "annuleer" said about our audio: stop it and keep the place, without a word."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input):
        track, offset = player_context(handler_input, self.leaflet)
        remember(handler_input, lambda p: playback.stopped(p, track, offset))
        return stop_response(handler_input)


class ResumeHandler(ConversationHandler):
    """"Ga verder": in a conversation that just offered more text, go on reading (as "ja");
    otherwise play on from the stored place (even in a new session, hours later)."""

    intents = ("AMAZON.ResumeIntent",)

    def handle(self, handler_input):
        state = load_state(handler_input, self.leaflet)
        session = handler_input.request_envelope.session
        if session is not None and not session.new and rules.offer(state, self.leaflet) is not None:
            return respond(handler_input, rules.yes(state, self.leaflet), self.leaflet)
        point = resume_point(handler_input, self.leaflet) if self.catalog and supports_audio(handler_input) else None
        if point is None:
            return respond(handler_input, state.saying(Said(Say.NOTHING_TO_RESUME)), self.leaflet)
        return play_response(handler_input, self.catalog, self.leaflet, *point)


class _StepHandler(_AudioIntentHandler):
    forward = True

    def handle(self, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        other = playback.step(track, self.leaflet, self.forward)
        if other is None:
            state = load_state(handler_input, self.leaflet)
            end = Said(Say.END_OF_LEAFLET if self.forward else Say.START_OF_LEAFLET)
            return respond(handler_input, state.saying(end), self.leaflet)
        return play_response(handler_input, self.catalog, self.leaflet, other)


class AudioNextHandler(_StepHandler):
    """"Volgende" during playback: the next section's audio."""

    intents = ("AMAZON.NextIntent",)
    forward = True


class AudioPreviousHandler(_StepHandler):
    """"Vorige" during playback: the previous section's audio."""

    intents = ("AMAZON.PreviousIntent",)
    forward = False


class AudioRepeatHandler(_AudioIntentHandler):
    """"Herhaal" during playback: the current section from its start."""

    intents = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        return play_response(handler_input, self.catalog, self.leaflet, track)


class AudioStartOverHandler(_AudioIntentHandler):
    """"Begin opnieuw" during playback: the leaflet from its first section (or the section from its start)."""

    intents = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input):
        track, _ = player_context(handler_input, self.leaflet)
        target = playback.first(self.leaflet) if track.mode == "leaflet" else track
        return play_response(handler_input, self.catalog, self.leaflet, target)


class LoopShuffleHandler(ConversationHandler):
    """Loop and shuffle are not offered: a clear answer, and the audio goes on."""

    intents = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")

    def handle(self, handler_input):
        reply = speech.render(Said(Say.NOT_OFFERED), self.leaflet)
        builder = handler_input.response_builder.speak(reply.ssml)
        if in_audio_context(handler_input, self.leaflet):
            return builder.set_should_end_session(True).response
        return builder.ask(speech.paragraph(speech.ASK_WHAT)).set_should_end_session(False).response
