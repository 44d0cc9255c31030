"""The real Flask app with realistic Alexa request fixtures (verification off, as in local development)."""

import json

import pytest

from skill.web.app import MAX_REQUEST_BYTES, create_app
from skill.settings import Settings
from skill.alexa.stores import MemoryAdapter
from tests.helpers import Answer, fixture

SKILL_ID = fixture("launch_request.json")["context"]["System"]["application"]["applicationId"]


@pytest.fixture
def client():
    app = create_app(Settings(verify=False, skill_id=SKILL_ID), store=MemoryAdapter())
    return app.test_client()


def post(client, body):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/alexa", data=data, content_type="application/json")


def test_health(client):
    resp = client.get("/health")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok", "sections": 13}


def test_launch_request(client):
    answer = Answer.from_http(post(client, fixture("launch_request.json")))
    assert "Welkom bij Rugadvies" in answer.ssml
    assert answer.end_session is False
    assert answer.attributes["state"]["said"]["kind"] == "welcome"


def test_intent_with_resolved_slot_answers_from_that_section(client):
    answer = Answer.from_http(post(client, fixture("topic_intent_resolved.json")))
    assert "Zak door uw knieën" in answer.ssml
    assert answer.attributes["state"]["focus"] == "tillen"


def test_intent_with_unresolved_slot_gets_a_polite_answer(client):
    answer = Answer.from_http(post(client, fixture("topic_intent_unresolved.json")))
    assert "Over hoofdpijn staat niets in de folder" in answer.ssml
    assert answer.reprompt


def test_session_ended_request(client):
    answer = Answer.from_http(post(client, fixture("session_ended_request.json")))
    assert "outputSpeech" not in answer.response


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"", b"[]", b"42", b'{"version": "1.0"}',
                                  b'{"version": "1.0", "request": {"type": "LaunchRequest"}}'])
def test_malformed_bodies_get_400(client, body):
    resp = post(client, body)
    assert resp.status_code == 400
    assert resp.get_json() == {"error": "bad request"}


def test_wrong_skill_id_is_400_not_500(client):
    envelope = fixture("launch_request.json")
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    assert post(client, envelope).status_code == 400


def test_oversized_body_is_413(client):
    assert post(client, b"{" + b" " * (MAX_REQUEST_BYTES + 1) + b"}").status_code == 413


def test_verification_is_on_by_default_and_unsigned_requests_are_refused():
    settings = Settings.from_env({})
    assert settings.verify is True
    client = create_app(settings, store=MemoryAdapter()).test_client()
    assert post(client, fixture("launch_request.json")).status_code == 400


def test_switching_verification_off_is_logged_loudly(caplog):
    create_app(Settings(verify=False), store=MemoryAdapter())
    assert "VERIFICATION IS OFF" in caplog.text


def test_settings_from_environment():
    s = Settings.from_env({"RUGADVIES_SKILL_ID": " amzn1.ask.skill.x ", "RUGADVIES_VERIFY": "0",
                           "RUGADVIES_PUBLIC_URL": "https://rug.example.nl/", "RUGADVIES_STORE_URL": "memory://"})
    assert (s.skill_id, s.verify, s.public_url, s.store_url) == (
        "amzn1.ask.skill.x", False, "https://rug.example.nl", "memory://")
    with pytest.raises(ValueError):
        Settings.from_env({"RUGADVIES_VERIFY": "misschien"})
