"""AudioPlayer directives for the leaflet's tracks, and where their audio lives.

The catalog joins the audio manifest (which :class:`~skill.content.audio_manifest.Recording`
files exist) with the public base URL (where devices fetch them); the functions build
Play / Stop directives for a :class:`~skill.dialog.playback.Track` (what the player plays),
with the section's title as metadata for screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    StopDirective,
    Stream,
)

from skill.content.audio_manifest import AudioManifest
from skill.content.leaflet import Leaflet
from skill.content.pace import Pace, tempo
from skill.dialog.playback import Track


@dataclass(frozen=True)
class AudioCatalog:
    """The committed audio and the HTTPS base URL devices fetch it from."""

    manifest: AudioManifest
    base_url: str

    def url(self, section_id: str, pace: Pace = Pace.NORMAL) -> str | None:
        """Where devices fetch the section's audio at ``pace`` (its tempo variant; None without one)."""
        recording = self.manifest.get(section_id)
        if recording is None:
            return None
        if pace is not Pace.NORMAL:
            variant = recording.variant(tempo(pace))
            if variant is None:
                return None
            return f"{self.base_url.rstrip('/')}/audio/{variant.file}?v={variant.content_hash[:12]}"
        return f"{self.base_url.rstrip('/')}/audio/{recording.file}?v={recording.content_hash[:12]}"

    def has(self, section_id: str, pace: Pace = Pace.NORMAL) -> bool:
        """True when the section has audio (at ``pace``: its tempo variant)."""
        recording = self.manifest.get(section_id)
        if recording is None:
            return False
        return pace is Pace.NORMAL or recording.variant(tempo(pace)) is not None


def play(catalog: AudioCatalog, leaflet: Leaflet, track: Track, offset_ms: int = 0, *,
         enqueue_after: Track | None = None) -> PlayDirective:
    """Play ``track`` now (REPLACE_ALL), or after ``enqueue_after`` finishes (ENQUEUE)."""
    section = leaflet.section(track.section_id)
    stream = Stream(token=track.token, url=catalog.url(track.section_id, track.pace),
                    offset_in_milliseconds=max(0, offset_ms),
                    expected_previous_token=enqueue_after.token if enqueue_after else None)
    metadata = AudioItemMetadata(title=section.title, subtitle=leaflet.title)
    return PlayDirective(play_behavior=PlayBehavior.ENQUEUE if enqueue_after else PlayBehavior.REPLACE_ALL,
                         audio_item=AudioItem(stream=stream, metadata=metadata))


def stop() -> StopDirective:
    return StopDirective()

