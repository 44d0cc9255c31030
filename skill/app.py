"""The Flask app: ``POST /alexa`` runs the skill, ``GET /health`` says it is up.

The view is deliberately thin: size cap, request verification, the SDK's own
serializer, ``skill.invoke``. Anything that is not a well-formed, verified Alexa
request gets a 400 with a log line and is never handled.
"""

from __future__ import annotations

import json
import logging

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, jsonify, request

from skill.alexa_skill import build_skill
from skill.audio_files import audio_blueprint
from skill.audio_manifest import load_manifest
from skill.content import load_leaflet
from skill.player import AudioCatalog
from skill.settings import Settings
from skill.storage import open_store
from skill.verification import RequestVerifier, VerificationError

log = logging.getLogger(__name__)

#: Alexa requests are a few kB; anything far larger is refused with 413.
MAX_REQUEST_BYTES = 128 * 1024


def _bad_request(reason: str) -> tuple[Response, int]:
    log.warning("rejected Alexa request: %s", reason)
    return jsonify(error="bad request"), 400


def create_app(settings: Settings | None = None, *, verifier: RequestVerifier | None = None,
               store=None) -> Flask:
    """Build the app. ``verifier`` and ``store`` may be given (tests); otherwise they come from settings."""
    settings = settings or Settings.from_env()
    leaflet = load_leaflet(settings.content_dir)
    if store is None:
        store = open_store(settings.store_url, settings.user_salt)
    manifest = load_manifest(settings.audio_dir)
    catalog = AudioCatalog(manifest, settings.public_url) if manifest.tracks else None
    if catalog is None:
        log.warning("no audio in %s: reading falls back to speech (run `rugadvies audio build`)", settings.audio_dir)
    elif not settings.public_url.startswith("https://"):
        log.warning("RUGADVIES_PUBLIC_URL is not https: Alexa devices will refuse to play the audio")
    skill = build_skill(leaflet, store, settings.skill_id or None, catalog)
    serializer = DefaultSerializer()

    if settings.verify:
        verifier = verifier or RequestVerifier(settings.skill_id, cache_size=settings.cert_cache_size,
                                               fetch_timeout=settings.cert_fetch_timeout)
        if not settings.skill_id:
            log.warning("RUGADVIES_SKILL_ID is not set: requests for any skill id are accepted")
    else:
        verifier = None
        log.warning("!!! REQUEST VERIFICATION IS OFF (RUGADVIES_VERIFY=0): anyone can post to /alexa. "
                    "Use this for local development only. !!!")

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.extensions["rugadvies"] = {"settings": settings, "leaflet": leaflet, "skill": skill, "store": store,
                                   "manifest": manifest}
    app.register_blueprint(audio_blueprint(settings.audio_dir, manifest))

    @app.post("/alexa")
    def alexa():
        body = request.get_data(cache=False)
        if verifier is not None:
            try:
                verifier.verify(request.headers, body)
            except VerificationError as exc:
                return _bad_request(exc.reason)
        try:
            envelope = serializer.deserialize(body.decode("utf-8"), RequestEnvelope)
        except Exception as exc:  # malformed JSON, wrong types, bad UTF-8
            return _bad_request(f"unparsable body ({type(exc).__name__})")
        if not isinstance(envelope, RequestEnvelope) or envelope.request is None or envelope.context is None:
            return _bad_request("not an Alexa request envelope")
        try:
            response = skill.invoke(request_envelope=envelope, context=None)
        except AskSdkException as exc:  # e.g. the SDK's own skill-id check
            return _bad_request(f"refused by the skill: {exc}")
        except (AttributeError, TypeError, KeyError, ValueError) as exc:  # envelope lacks what it needs
            return _bad_request(f"incomplete envelope ({type(exc).__name__})")
        return Response(json.dumps(serializer.serialize(response), ensure_ascii=False),
                        mimetype="application/json")

    @app.get("/health")
    def health():
        return jsonify(status="ok", sections=len(leaflet.sections))

    return app
