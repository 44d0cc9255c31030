"""Hostile but well-formed-looking bodies on ``POST /alexa``: lone surrogates, deep nesting, non-finite numbers.

Each gets a clean 400 (the envelope is not valid JSON text for an Alexa request) or a graceful spoken answer,
never a 500 and never a 200 whose body is not strict JSON. Verification is off, as in local development, and on
(the verifier parses the body with the same strict parser).
"""

from __future__ import annotations

import json

import pytest

from skill.alexa.stores import MemoryAdapter
from skill.settings import Settings
from skill.tools.device import AlexaSession
from skill.web.app import create_app


def _reject_constant(name):
    raise ValueError(f"not strict JSON: {name}")


def strict(data: bytes):
    """Parse as RFC 8259 JSON only: no NaN/Infinity, no lone surrogates (the body must be UTF-8)."""
    text = data.decode("utf-8")  # a lone surrogate cannot be in valid UTF-8 output
    return json.loads(text, parse_constant=_reject_constant)


@pytest.fixture
def client():
    return create_app(Settings(verify=False), store=MemoryAdapter()).test_client()


def topic_body(marker_in_slot=False) -> str:
    session = AlexaSession()
    envelope = session.topic("tillen", "tillen", "TopicIntent")
    envelope["session"]["attributes"] = {"extra": "MARK"}
    text = json.dumps(envelope)
    if marker_in_slot:
        text = text.replace('"value": "tillen"', '"value": "MARK"')
    return text


def post(client, text: str):
    return client.post("/alexa", data=text.encode("utf-8"), content_type="application/json")


@pytest.mark.parametrize("in_slot", [False, True], ids=["session-attribute", "slot-value"])
def test_lone_surrogate_is_a_clean_400_or_a_spoken_answer(client, in_slot):
    resp = post(client, topic_body(in_slot).replace('"MARK"', '"a\\ud800b"'))
    assert resp.status_code in (200, 400), resp.status_code
    body = strict(resp.data)
    assert body == {"error": "bad request"} or body["response"]["outputSpeech"]["ssml"]


def test_a_valid_surrogate_pair_is_fine(client):
    resp = post(client, topic_body().replace('"MARK"', '"\\ud83d\\ude00"'))
    assert resp.status_code == 200
    assert strict(resp.data)["sessionAttributes"]["extra"] == "\U0001F600"


@pytest.mark.parametrize("depth", [100, 1_000, 5_000, 60_000])
def test_deep_nesting_is_a_400(client, depth):
    resp = post(client, topic_body().replace('"MARK"', "[" * depth + "]" * depth))
    assert resp.status_code == 400
    assert strict(resp.data) == {"error": "bad request"}


def test_deep_nesting_as_the_whole_body_is_a_400(client):
    resp = post(client, "{\"a\":" * 3000 + "1" + "}" * 3000)
    assert resp.status_code == 400


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_never_give_a_body_that_is_not_json(client, number):
    resp = post(client, topic_body().replace('"MARK"', number))
    assert resp.status_code == 400
    assert strict(resp.data) == {"error": "bad request"}


def test_ordinary_floats_and_big_but_finite_numbers_still_work(client):
    resp = post(client, topic_body().replace('"MARK"', "[1.5, -2e10, 1e308]"))
    assert resp.status_code == 200
    assert strict(resp.data)["sessionAttributes"]["extra"] == [1.5, -2e10, 1e308]


def test_the_verifier_parses_just_as_strictly():
    from skill.web.verification import RequestVerifier, VerificationError

    verifier = RequestVerifier(trust_store=object(), fetch_chain=lambda url: b"")
    for bad in (topic_body().replace('"MARK"', "NaN"), topic_body().replace('"MARK"', "[" * 5000 + "]" * 5000),
                topic_body().replace('"MARK"', '"\\udc00"')):
        with pytest.raises(VerificationError, match="JSON"):
            verifier._parse(bad.encode())
