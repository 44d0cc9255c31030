"""Each class of bad input against the real app: a clean 4xx or a valid, polite Alexa answer, never a 5xx."""

import copy
import json

import pytest

from skill.web.app import create_app
from skill.tools.device import AlexaSession, slot
from skill.settings import Settings
from skill.alexa.stores import MemoryAdapter
from tests.helpers import Answer


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(verify=False), store=MemoryAdapter()).test_client()


def post(client, envelope):
    body = envelope if isinstance(envelope, bytes) else json.dumps(envelope).encode()
    resp = client.post("/alexa", data=body, content_type="application/json")
    assert resp.status_code < 500 and b"Traceback" not in resp.data
    return resp


def test_malformed_json(client):
    assert post(client, b'{"version": "1.0", "request": ').status_code == 400


def test_wrong_json_types(client):
    envelope = AlexaSession().launch()
    for path, value in ((("request",), "LaunchRequest"), (("context", "System"), []),
                        (("session",), "abc"), (("session", "attributes"), [1, 2]),
                        (("request", "type"), 42)):
        broken = copy.deepcopy(envelope)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert post(client, broken).status_code == 400, path


def test_unknown_request_type_is_a_clean_400(client):
    envelope = AlexaSession().envelope({"type": "Alexa.Something.New"})
    resp = post(client, envelope)  # the SDK's model has no class for it: refused, nothing handled
    assert resp.status_code == 400 and resp.get_json() == {"error": "bad request"}


def test_missing_session_context_and_user(client):
    envelope = AlexaSession().intent("AMAZON.HelpIntent")
    no_session = copy.deepcopy(envelope)
    del no_session["session"]
    ssml = Answer.from_http(post(client, no_session)).ssml
    assert "Stel een vraag" in ssml
    no_context = copy.deepcopy(envelope)
    del no_context["context"]
    assert post(client, no_context).status_code == 400
    no_user = copy.deepcopy(envelope)
    del no_user["context"]["System"]["user"]
    assert post(client, no_user).status_code == 400
    empty_user = copy.deepcopy(envelope)
    empty_user["context"]["System"]["user"] = {}
    empty_user["session"]["user"] = {}
    answer = Answer.from_http(post(client, empty_user))  # no user id: advice without stored state
    assert "Stel een vraag" in answer.ssml and answer.end_session is False


def test_unknown_slot_id_is_treated_as_an_unknown_topic(client):
    session = AlexaSession()
    envelope = session.intent("TopicIntent", {"onderwerp": slot("onderwerp", "hernia", "hernia")})
    answer = Answer.from_http(post(client, envelope))
    assert "Over hernia staat niets in de folder" in answer.ssml and answer.reprompt


def test_unsupported_locale_still_gets_the_dutch_skill(client):
    envelope = AlexaSession().launch()
    envelope["request"]["locale"] = "en-US"
    answer = Answer.from_http(post(client, envelope))
    assert "Welkom bij Rugadvies" in answer.ssml and answer.end_session is False


def test_forged_audio_token_and_huge_body(client):
    session = AlexaSession(audio_player=True)
    answer = Answer.from_http(post(client, session.event("AudioPlayer.PlaybackNearlyFinished", "forged", 5)))
    assert answer.directives == []
    assert post(client, b"[" + b"0," * 100_000 + b"0]").status_code == 413


def test_a_broken_chunked_body_is_a_clean_400(client):
    resp = client.post("/alexa", data=b"zz\r\nnot chunked", headers={"Content-Type": "application/json",
                                                                      "Transfer-Encoding": "chunked"})
    assert resp.status_code in (400, 413) and b"Traceback" not in resp.data
