"""Honest errors: a malformed envelope is the client's fault (400), a failure after it is ours (500, logged with
its traceback); and every error is a short Dutch page on the web routes, JSON on ``/alexa``."""

from __future__ import annotations

import json
import logging

import pytest

from skill.alexa.stores import MemoryAdapter
from skill.settings import Settings
from skill.tools.device import AlexaSession
from skill.web.app import MAX_REQUEST_BYTES, create_app
from tests.helpers import Answer

ENGLISH = ("Not Found", "Method Not Allowed", "Internal Server Error", "Request Entity Too Large")


@pytest.fixture
def app():
    return create_app(Settings(verify=False), store=MemoryAdapter())


def launch_body() -> bytes:
    return json.dumps(AlexaSession().launch()).encode()


def assert_dutch_page(resp, status, title):
    assert resp.status_code == status
    assert resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert '<html lang="nl">' in html and f"<h1>{title}</h1>" in html
    assert not any(word in html for word in ENGLISH)
    assert "Traceback" not in html


def test_unknown_page_is_a_dutch_404(app):
    assert_dutch_page(app.test_client().get("/bestaat-niet"), 404, "Pagina niet gevonden")


def test_wrong_method_on_a_page_is_a_dutch_405_with_allow(app):
    resp = app.test_client().post("/privacy")
    assert_dutch_page(resp, 405, "Niet toegestaan")
    assert "GET" in resp.headers["Allow"]


def test_a_failing_page_is_a_dutch_500_and_the_traceback_is_logged(app, caplog):
    def broken():
        raise ZeroDivisionError("a bug")

    app.add_url_rule("/kapot", view_func=broken)
    resp = app.test_client().get("/kapot")
    assert_dutch_page(resp, 500, "Er ging iets mis")
    assert "ZeroDivisionError" not in resp.get_data(as_text=True)
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_errors_on_alexa_are_json(app):
    client = app.test_client()
    resp = client.get("/alexa")
    assert (resp.status_code, resp.get_json()) == (405, {"error": "method not allowed"})
    assert "POST" in resp.headers["Allow"]
    resp = client.post("/alexa", data=b"{" + b" " * MAX_REQUEST_BYTES + b"}", content_type="application/json")
    assert (resp.status_code, resp.get_json()) == (413, {"error": "request too large"})


def test_a_bug_in_the_skill_is_a_500_not_a_400(app, caplog, monkeypatch):
    skill = app.extensions["rugadvies"]["skill"]

    def broken(**kwargs):
        raise KeyError("a bug in the skill")

    monkeypatch.setattr(skill, "invoke", broken)
    resp = app.test_client().post("/alexa", data=launch_body(), content_type="application/json")
    assert (resp.status_code, resp.get_json()) == (500, {"error": "internal error"})
    failure = [r for r in caplog.records if r.exc_info and r.exc_info[0] is KeyError]
    assert failure and "Traceback" in caplog.text


def test_a_reply_that_is_not_strict_json_is_a_500_never_a_200(app, monkeypatch):
    from ask_sdk_core.serialize import DefaultSerializer

    monkeypatch.setattr(DefaultSerializer, "serialize", lambda self, obj: {"response": float("nan")})
    resp = app.test_client().post("/alexa", data=launch_body(), content_type="application/json")
    assert (resp.status_code, resp.get_json()) == (500, {"error": "internal error"})


def test_an_envelope_the_sdk_cannot_map_is_still_a_400(app):
    envelope = AlexaSession().launch()
    envelope["request"]["timestamp"] = {"not": "a date"}
    resp = app.test_client().post("/alexa", data=json.dumps(envelope), content_type="application/json")
    assert (resp.status_code, resp.get_json()) == (400, {"error": "bad request"})


def test_a_good_request_still_works(app):
    resp = app.test_client().post("/alexa", data=launch_body(), content_type="application/json")
    assert "Welkom bij Rugadvies" in Answer.from_http(resp).text


def test_a_wrong_skill_id_in_the_context_is_a_400_even_when_the_session_has_the_right_one():
    """Found by the fuzz test once 500s were no longer answered 400: the SDK checks the context's id only."""
    session = AlexaSession()
    app = create_app(Settings(verify=False, skill_id=session.skill_id), store=MemoryAdapter())
    for wrong in (12345, None, "amzn1.ask.skill.other"):
        envelope = session.launch()
        envelope["context"]["System"]["application"]["applicationId"] = wrong
        resp = app.test_client().post("/alexa", data=json.dumps(envelope), content_type="application/json")
        assert (resp.status_code, resp.get_json()) == (400, {"error": "bad request"}), wrong
