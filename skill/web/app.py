"""The Flask app: ``POST /alexa`` runs the skill, ``GET /health`` says it is up.

The view is deliberately thin: size cap, request verification, the SDK's own
serializer, ``skill.invoke``. Anything that is not a well-formed, verified Alexa
request gets a 400 with a log line and is never handled.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.serialize import DefaultSerializer
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from skill.web import security
from skill.alexa.skill_builder import build_skill
from skill.web.audio_files import audio_blueprint
from skill.content.audio_manifest import load_manifest
from skill.content.captions import load_captions
from skill.content.publisher import load_publisher
from skill.content.leaflet import load_leaflet
from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.sdk import envelope_reader
from skill.settings import Settings
from skill.alexa.stores import open_store
from skill.web.legal import legal_blueprint
from skill.web.pages import web_blueprint

if TYPE_CHECKING:
    from skill.web.verification import RequestVerifier

log = logging.getLogger(__name__)

#: Alexa requests are a few kB; anything far larger is refused with 413.
MAX_REQUEST_BYTES = 128 * 1024


def _bad_request(reason: str) -> tuple[Response, int]:
    log.warning("rejected Alexa request: %s", reason)
    return jsonify(error="bad request"), 400


def envelope_problem(data: object) -> str | None:
    """Why ``data`` is not an Alexa request envelope the skill can take, or None."""
    if not isinstance(data, dict):
        return "body is not a JSON object"
    request_ = data.get("request")
    if not isinstance(request_, dict) or not isinstance(request_.get("type"), str):
        return "no request type"
    context = data.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        return "no context.System"
    system = context["System"]
    if not isinstance(system.get("application"), dict) or not isinstance(system.get("user"), dict):
        return "no application or user in context.System"
    session = data.get("session")
    if session is not None and not isinstance(session, dict):
        return "session is not an object"
    if isinstance(session, dict) and session.get("attributes") is not None \
            and not isinstance(session.get("attributes"), dict):
        return "session attributes are not an object"
    return None


def create_app(settings: Settings | None = None, *, verifier: "RequestVerifier | None" = None,
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
    skill = build_skill(leaflet, store, settings.skill_id or None, catalog, settings.reminders_timeout)
    serializer = DefaultSerializer()
    # The body is parsed once (below, or by the verifier); the SDK adapter maps the dict onto its model.
    read_envelope = envelope_reader(serializer)

    if settings.verify:
        from skill.web.verification import RequestVerifier, VerificationError  # only where it is used

        verifier = verifier or RequestVerifier(settings.skill_id, cache_size=settings.cert_cache_size,
                                               fetch_timeout=settings.cert_fetch_timeout)
        if not settings.skill_id:
            log.warning("RUGADVIES_SKILL_ID is not set: requests for any skill id are accepted")
    else:
        verifier = None
        log.warning("!!! REQUEST VERIFICATION IS OFF (RUGADVIES_VERIFY=0): anyone can post to /alexa. "
                    "Use this for local development only. !!!")
    if not settings.user_salt:
        log.warning("RUGADVIES_USER_SALT is not set: user keys are hashed without a secret salt")

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    security.install(app, settings.public_url)
    app.extensions["rugadvies"] = {"settings": settings, "leaflet": leaflet, "skill": skill, "store": store,
                                   "manifest": manifest}
    publisher = load_publisher(settings.content_dir)
    captions = load_captions(settings.audio_dir)
    app.register_blueprint(audio_blueprint(settings.audio_dir, manifest, captions))
    app.register_blueprint(web_blueprint(settings, leaflet, manifest, publisher=publisher, captions=captions))
    app.register_blueprint(legal_blueprint(settings, leaflet.prompts.disclaimer, publisher))

    @app.post("/alexa")
    def alexa():
        try:
            body = request.get_data(cache=False)
        except RequestEntityTooLarge:
            raise
        except Exception as exc:  # e.g. a broken chunked body
            return _bad_request(f"unreadable body ({type(exc).__name__})")
        if verifier is not None:
            try:
                data = verifier.verify(request.headers, body)  # parsed once, by the verifier
            except VerificationError as exc:
                return _bad_request(exc.reason)
        else:
            try:
                data = json.loads(body)
            except ValueError as exc:  # malformed JSON or bad UTF-8
                return _bad_request(f"unparsable body ({type(exc).__name__})")
        problem = envelope_problem(data)
        if problem:
            return _bad_request(problem)
        try:
            envelope = read_envelope(data)
            response = skill.invoke(request_envelope=envelope, context=None)
            payload = json.dumps(serializer.serialize(response), ensure_ascii=False)
        except AskSdkException as exc:  # e.g. the SDK's own skill-id check
            return _bad_request(f"refused by the skill: {exc}")
        except Exception as exc:  # a field of the wrong shape the SDK could not take
            return _bad_request(f"unprocessable envelope ({type(exc).__name__})")
        intent = data["request"].get("intent")
        security.log_alexa_request(data["request"]["type"], intent.get("name") if isinstance(intent, dict) else None,
                                   data["context"]["System"]["user"].get("userId"), settings.user_salt, 200)
        return Response(payload, mimetype="application/json")

    @app.get("/health")
    def health():
        return jsonify(status="ok", sections=len(leaflet.sections))

    return app
