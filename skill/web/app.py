"""The Flask app: ``POST /alexa`` runs the skill, ``GET /health`` says it is up, ``GET /health/ready`` whether
its state store can be written.

The view is deliberately thin: size cap, request verification, strict JSON, the
SDK's own serializer, ``skill.invoke``. Anything that is not a well-formed, verified
Alexa request gets a 400 with a log line and is never handled; a failure after that
is ours and gets a 500 with its traceback in the log (:mod:`skill.web.errors`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.serialize import DefaultSerializer
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from skill.web import errors, security, strict_json
from skill.web.deadline import BodyDeadline
from skill.web.envelope import envelope_problem
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
                                               fetch_timeout=settings.cert_fetch_timeout,
                                               cert_cache_dir=settings.cert_cache_dir)
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
    errors.install(app)
    app.wsgi_app = security.PublicOrigin(app.wsgi_app, settings.public_url)  # type: ignore[method-assign]
    app.wsgi_app = BodyDeadline(app.wsgi_app, limit=MAX_REQUEST_BYTES)  # type: ignore[method-assign]
    app.extensions["rugadvies"] = {"settings": settings, "leaflet": leaflet, "skill": skill, "store": store,
                                   "manifest": manifest}
    publisher = load_publisher(settings.content_dir)
    captions = load_captions(settings.audio_dir)
    app.register_blueprint(audio_blueprint(settings.audio_dir, manifest, captions))
    app.register_blueprint(web_blueprint(settings, leaflet, manifest, publisher=publisher, captions=captions))
    app.register_blueprint(legal_blueprint(settings, leaflet.prompts.disclaimer, publisher))

    @app.post("/alexa")
    def alexa():
        # 1. Is this a well-formed, genuine Alexa request? Anything that is not gets a 400 and is never handled.
        try:
            body = request.get_data(cache=False)
        except RequestEntityTooLarge:
            raise
        except Exception as exc:  # e.g. a broken chunked body
            return _bad_request(f"unreadable body ({type(exc).__name__})")
        if verifier is not None:
            try:
                data = verifier.verify(request.headers, body)  # parsed once (strictly), by the verifier
            except VerificationError as exc:
                return _bad_request(exc.reason)
        else:
            try:
                data = strict_json.loads(body)
            except strict_json.BadJSON as exc:
                return _bad_request(f"unparsable body ({exc.reason})")
        problem = envelope_problem(data)
        if problem:
            return _bad_request(problem)
        # the id the SDK checks (context.System.application), so that its own check never fails later
        if settings.skill_id and data["context"]["System"]["application"].get("applicationId") != settings.skill_id:
            return _bad_request("skill id does not match")
        try:
            envelope = read_envelope(data)
        except Exception as exc:  # a field of the wrong shape the SDK cannot map onto its model
            return _bad_request(f"unprocessable envelope ({type(exc).__name__})")
        # 2. Handle it. From here on a failure is ours: it escapes to skill.web.errors (traceback logged, 500).
        response = skill.invoke(request_envelope=envelope, context=None)
        payload = strict_json.dumps(serializer.serialize(response))
        intent = data["request"].get("intent")
        security.log_alexa_request(data["request"]["type"], intent.get("name") if isinstance(intent, dict) else None,
                                   data["context"]["System"]["user"].get("userId"), settings.user_salt, 200)
        return Response(payload, mimetype="application/json")

    @app.get("/health")
    @app.get("/health/live")
    def health():
        """Liveness: the process answers and has the leaflet (the advice needs nothing else)."""
        return jsonify(status="ok", sections=len(leaflet.sections))

    @app.get("/health/ready")
    def ready():
        """Readiness of the state store: reachable and writable now, and the failures this process counted.

        503 while the store cannot be written: the advice is still served, playback positions are not kept.
        """
        readiness = getattr(store, "readiness", None)
        report = readiness() if callable(readiness) else {"kind": type(store).__name__, "writable": True}
        writable = report["writable"]
        return jsonify(status="ready" if writable else "degraded", store=report,
                       positions_kept=writable), 200 if writable else 503

    return app
