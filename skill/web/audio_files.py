"""Serving the committed audio over HTTP: ``GET /audio/<file>``.

Only files listed in the audio manifest (with their tempo variants) are served (no path can reach anything
else), with the MP3 MIME type, an ETag, caching headers and HTTP Range support
(206 Partial Content), which AudioPlayer and browsers use to seek. The read-along
captions listed in ``audio/captions.json`` are served beside them as ``text/vtt``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

from skill.content.audio_manifest import AudioManifest
from skill.content.captions import VTT_MIMETYPE, Captions, load_captions

#: Files change name only through the manifest hash in the URL, so a day of caching is safe.
MAX_AGE = 24 * 3600


def audio_blueprint(audio_dir: Path, manifest: AudioManifest, captions: Captions | None = None) -> Blueprint:
    allowed = {name for track in manifest.tracks for name in track.files}  # with the tempo variants
    captions = captions if captions is not None else load_captions(audio_dir)
    recorded = {track.section_id for track in manifest.tracks}
    vtt = {t.file for sid, t in captions.tracks.items() if sid in recorded}
    bp = Blueprint("audio", __name__)

    @bp.get("/audio/<path:name>")
    def audio(name: str):
        if name in vtt:
            response = send_from_directory(audio_dir, name, mimetype=VTT_MIMETYPE, conditional=True, etag=True,
                                           max_age=MAX_AGE)
            response.headers["Access-Control-Allow-Origin"] = "*"  # podcast apps fetch transcripts from anywhere
            return response
        if name not in allowed:
            abort(404)
        response = send_from_directory(audio_dir, name, mimetype="audio/mpeg", conditional=True, etag=True,
                                       max_age=MAX_AGE)
        response.headers["Accept-Ranges"] = "bytes"
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return bp
