"""Serving the committed audio over HTTP: ``GET /audio/<file>``.

Only files listed in the audio manifest (with their tempo variants) are served (no path can reach anything
else), with the MP3 MIME type, an ETag, caching headers and HTTP Range support
(206 Partial Content), which AudioPlayer and browsers use to seek.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

from skill.content.audio_manifest import AudioManifest

#: Files change name only through the manifest hash in the URL, so a day of caching is safe.
MAX_AGE = 24 * 3600


def audio_blueprint(audio_dir: Path, manifest: AudioManifest) -> Blueprint:
    allowed = {name for track in manifest.tracks for name in track.files}  # with the tempo variants
    bp = Blueprint("audio", __name__)

    @bp.get("/audio/<path:name>")
    def audio(name: str):
        if name not in allowed:
            abort(404)
        response = send_from_directory(audio_dir, name, mimetype="audio/mpeg", conditional=True, etag=True,
                                       max_age=MAX_AGE)
        response.headers["Accept-Ranges"] = "bytes"
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return bp
