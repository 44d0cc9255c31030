"""AudioPlayer events, PlaybackController buttons and System.ExceptionEncountered.

These requests have no session (touching session attributes would raise) and
their responses may carry only AudioPlayer directives, never speech. Each event
updates the user's stored position through a pure rule in :mod:`skill.dialog.playback`.
Tokens the skill did not make (old or forged) are ignored.
"""

from __future__ import annotations

import logging

from skill.alexa import audioplayer
from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.handlers.audio import event_track, remember, resume_point
from skill.alexa.handlers.base import RequestHandler
from skill.alexa.listener import current_pace, duration_ms, playable_pace
from skill.content.leaflet import Leaflet
from skill.dialog import playback

log = logging.getLogger(__name__)


class _EventHandler(RequestHandler):
    """Base: an event about one of our tracks; :meth:`on_event` gets the track and the offset."""

    def __init__(self, leaflet: Leaflet, catalog: AudioCatalog | None) -> None:
        self.leaflet = leaflet
        self.catalog = catalog

    def handle(self, handler_input):
        current = event_track(handler_input, self.leaflet)
        if current is None:
            log.info("%s with a token that is not ours; ignored", handler_input.request_envelope.request.object_type)
        else:
            self.on_event(handler_input, *current)
        return handler_input.response_builder.response

    def on_event(self, handler_input, track, offset):
        raise NotImplementedError


class PlaybackStartedHandler(_EventHandler):
    """A track began: remember it (and its offset) as the place to resume."""

    request_types = ("AudioPlayer.PlaybackStarted",)

    def on_event(self, handler_input, track, offset):
        remember(handler_input, lambda p: playback.started(p, track, offset))


class PlaybackStoppedHandler(_EventHandler):
    """Playback stopped (pause, stop, another sound): remember the exact place (90 % played: heard)."""

    request_types = ("AudioPlayer.PlaybackStopped",)

    def on_event(self, handler_input, track, offset):
        total = duration_ms(self.catalog, track.section_id, track.pace)
        remember(handler_input, lambda p: playback.listened(playback.stopped(p, track, offset), track, offset, total))


class PlaybackFinishedHandler(_EventHandler):
    """A track ended: the place to resume becomes the start of the next one (or nothing)."""

    request_types = ("AudioPlayer.PlaybackFinished",)

    def on_event(self, handler_input, track, offset):
        remember(handler_input, lambda p: playback.finished(p, track, self.leaflet))


class PlaybackNearlyFinishedHandler(_EventHandler):
    """Almost at the end of a track: enqueue the next section when the whole leaflet is playing."""

    request_types = ("AudioPlayer.PlaybackNearlyFinished",)

    def handle(self, handler_input):
        current = event_track(handler_input, self.leaflet)
        after = playback.following(current[0], self.leaflet) if current else None
        if after is not None and self.catalog is not None and self.catalog.has(after.section_id, after.pace):
            handler_input.response_builder.add_directive(
                audioplayer.play(self.catalog, self.leaflet, after, enqueue_after=current[0]))
        return handler_input.response_builder.response


class PlaybackFailedHandler(_EventHandler):
    """The device could not play a track: log it and keep the place; nothing may be said."""

    request_types = ("AudioPlayer.PlaybackFailed",)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        # Only the type: Alexa's error.message may quote a stream URL or the failed response.
        log.error("playback failed: %s", getattr(error, "object_type", None) or getattr(error, "type", None))
        return super().handle(handler_input)

    def on_event(self, handler_input, track, offset):
        """Keep the place the device reports in ``currentPlaybackState``; without one, change nothing."""
        request = handler_input.request_envelope.request
        state = getattr(request, "current_playback_state", None)
        if state is None or playback.parse(state.token, self.leaflet) != track:
            return
        reported = int(state.offset_in_milliseconds or 0)
        remember(handler_input, lambda p: playback.stopped(p, track, reported))


class PlayButtonHandler(_EventHandler):
    """The play button: resume where the user was (or the leaflet from the start)."""

    request_types = ("PlaybackController.PlayCommandIssued",)

    def handle(self, handler_input):
        if self.catalog is None:
            return handler_input.response_builder.response
        track, offset = resume_point(handler_input, self.leaflet) or (playback.first(self.leaflet), 0)
        pace = playable_pace(self.catalog, track.section_id, current_pace(handler_input))
        track, offset = playback.at_pace(track, offset, pace)
        return handler_input.response_builder.add_directive(
            audioplayer.play(self.catalog, self.leaflet, track, offset)).response


class PauseButtonHandler(_EventHandler):
    """The pause button: stop; the PlaybackStopped event that follows stores the place."""

    request_types = ("PlaybackController.PauseCommandIssued",)

    def handle(self, handler_input):
        current = event_track(handler_input, self.leaflet)
        if current is not None:
            remember(handler_input, lambda p: playback.stopped(p, *current))
        return handler_input.response_builder.add_directive(audioplayer.stop()).response


class _StepButtonHandler(_EventHandler):
    """Base of the next / previous buttons: the neighbouring section (nothing past either end)."""

    forward = True

    def handle(self, handler_input):
        current = event_track(handler_input, self.leaflet)
        other = playback.step(current[0], self.leaflet, self.forward) if current else None
        if other is not None and self.catalog is not None:
            handler_input.response_builder.add_directive(audioplayer.play(self.catalog, self.leaflet, other))
        return handler_input.response_builder.response


class NextButtonHandler(_StepButtonHandler):
    """The next button: the next section."""

    request_types = ("PlaybackController.NextCommandIssued",)
    forward = True


class PreviousButtonHandler(_StepButtonHandler):
    """The previous button: the previous section."""

    request_types = ("PlaybackController.PreviousCommandIssued",)
    forward = False


class SystemExceptionHandler(RequestHandler):
    """System.ExceptionEncountered: Alexa reports that our last response failed; log it, answer nothing."""

    request_types = ("System.ExceptionEncountered",)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        # Only the type: Alexa's error.message may quote the failed response (what the user heard).
        log.error("Alexa reported an exception: %s", getattr(error, "object_type", None) or getattr(error, "type", None))
        return handler_input.response_builder.response


EVENT_HANDLERS = (PlaybackStartedHandler, PlaybackStoppedHandler, PlaybackFinishedHandler,
                  PlaybackNearlyFinishedHandler, PlaybackFailedHandler, PlayButtonHandler, PauseButtonHandler,
                  NextButtonHandler, PreviousButtonHandler)
