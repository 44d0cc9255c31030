"""Shared pieces of the AudioPlayer handlers: device abilities, the player's context, the stored place."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces
from ask_sdk_model.interfaces.audioplayer import PlayerActivity

from skill.alexa.profiles import load_profile, save_profile
from skill.content.leaflet import Leaflet
from skill.dialog import playback
from skill.dialog.playback import Track
from skill.dialog.profile import Profile

#: Player states in which "volgende", "pauze" and the like are about our audio.
ACTIVE = (PlayerActivity.PLAYING, PlayerActivity.PAUSED, PlayerActivity.STOPPED, PlayerActivity.BUFFER_UNDERRUN)


def supports_audio(handler_input: HandlerInput) -> bool:
    try:
        return get_supported_interfaces(handler_input).audio_player is not None
    except AttributeError:
        return False


def player_context(handler_input: HandlerInput, leaflet: Leaflet) -> tuple[Track, int] | None:
    """Our track and offset as the device reports them, if it is one of ours and still active."""
    context = handler_input.request_envelope.context
    state = getattr(context, "audio_player", None)
    if state is None or state.player_activity not in ACTIVE:
        return None
    track = playback.parse(state.token, leaflet)
    if track is None:
        return None
    return track, int(state.offset_in_milliseconds or 0)


def in_audio_context(handler_input: HandlerInput, leaflet: Leaflet) -> bool:
    """True when a request is about our playback, not about a voice conversation.

    Built-in intents spoken while our audio plays arrive in a new session (or none)
    with the player's state in the context.
    """
    session = handler_input.request_envelope.session
    fresh = session is None or bool(session.new)
    return fresh and player_context(handler_input, leaflet) is not None


def event_track(handler_input: HandlerInput, leaflet: Leaflet) -> tuple[Track, int] | None:
    """Track and offset of an AudioPlayer event (from the request, else the context)."""
    request = handler_input.request_envelope.request
    track = playback.parse(getattr(request, "token", None), leaflet)
    if track is not None:
        return track, int(getattr(request, "offset_in_milliseconds", 0) or 0)
    context = handler_input.request_envelope.context
    state = getattr(context, "audio_player", None)
    track = playback.parse(getattr(state, "token", None), leaflet)
    return (track, int(getattr(state, "offset_in_milliseconds", 0) or 0)) if track else None


def remember(handler_input: HandlerInput, update) -> None:
    """Apply a pure profile update (see :mod:`skill.dialog.playback`) and store the result, ordered by the
    request's timestamp: an event older than the stored position changes nothing."""
    profile = load_profile(handler_input) or Profile()  # unreadable: the position is still written (and counted)
    request = handler_input.request_envelope.request
    order = playback.event_order(getattr(request, "timestamp", None),
                                 getattr(request, "object_type", None) == "AudioPlayer.PlaybackStarted")
    save_profile(handler_input, update(profile), order)


def resume_point(handler_input: HandlerInput, leaflet: Leaflet) -> tuple[Track, int] | None:
    profile = load_profile(handler_input) or Profile()
    return playback.resume_point(profile, leaflet)
