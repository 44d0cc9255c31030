"""The floor to compare with: an ask-sdk-core hello-world skill behind a bare Flask view.

It answers every request the benchmark sends with the least a skill can say: a
plain speech response (Launch and every intent) or an empty one (AudioPlayer
events, SessionEndedRequest). The view takes the SAME serializer steps as
``skill.web.app``'s ``/alexa`` (raw body -> ``DefaultSerializer.deserialize`` ->
``skill.invoke`` -> ``serialize`` -> ``json.dumps``) and has no size cap,
verification, envelope checks, security headers, request log or store, so the
difference between the two is what Rugadvies adds.
"""

from __future__ import annotations

import json

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
)
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import RequestEnvelope
from flask import Flask, Response, jsonify, request

HELLO = "Hallo wereld."


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak(HELLO).ask("Wat wilt u weten?").response


class IntentHandler(AbstractRequestHandler):
    """Every intent gets the same plain speech and keeps the session open."""

    def can_handle(self, handler_input):
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak(HELLO).set_should_end_session(False).response


class EmptyHandler(AbstractRequestHandler):
    """AudioPlayer / PlaybackController events, SessionEndedRequest and anything else: an empty response."""

    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        return handler_input.response_builder.response


class SorryHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        return handler_input.response_builder.speak("Sorry.").response


def build_hello_skill() -> CustomSkill:
    builder = SkillBuilder()
    for handler in (LaunchHandler(), IntentHandler(), EmptyHandler()):
        builder.add_request_handler(handler)
    builder.add_exception_handler(SorryHandler())
    return builder.create()


def create_hello_app() -> Flask:
    """The hello-world Flask app: ``POST /alexa`` and ``GET /health``, like ``skill.web.app.create_app``."""
    skill = build_hello_skill()
    serializer = DefaultSerializer()
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa():
        body = request.get_data(cache=False)
        envelope = serializer.deserialize(body.decode("utf-8"), RequestEnvelope)
        response = skill.invoke(request_envelope=envelope, context=None)
        payload = json.dumps(serializer.serialize(response), ensure_ascii=False)
        return Response(payload, mimetype="application/json")

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    return app
