"""Property-based abuse of the real Flask app: random JSON and mutated Alexa envelopes, never a 5xx.

Runs with request verification on (every body signed by the local test CA, so the
fuzzed JSON reaches the skill) and off. FUZZ_EXAMPLES per strategy and mode; the
four runs together send well over 10 000 bodies.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.web.app import create_app
from skill.tools.device import AlexaSession
from skill.settings import Settings
from skill.alexa.stores import MemoryAdapter
from skill.web.verification import RequestVerifier
from tests.alexa_ca import get_test_pki

FUZZ_EXAMPLES = int(os.environ.get("RUGADVIES_FUZZ_EXAMPLES", "3000"))
SKILL_ID = AlexaSession().skill_id
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**64) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=15), inner, max_size=5),
    max_leaves=15,
)


def seeds() -> list[dict]:
    """Valid envelopes of every kind the skill receives, as mutation seeds."""
    pki = get_test_pki()
    s = AlexaSession(audio_player=True)
    s.player = ("rugadvies:leaflet:tillen", 1200, "PLAYING")
    now = pki.now
    envelopes = [
        s.launch(now=now), s.topic("tillen", "tillen", now=now), s.topic("hoofdpijn", None, now=now),
        s.intent("AMAZON.YesIntent", now=now), s.intent("AMAZON.PauseIntent", now=now),
        s.intent("AMAZON.ResumeIntent", now=now), s.intent("ReadLeafletIntent", now=now),
        s.topic("zitten", "zitten", intent="ReadSectionIntent", now=now), s.session_ended(now=now),
        s.event("AudioPlayer.PlaybackNearlyFinished", "rugadvies:leaflet:tillen", 100, now=now),
        s.event("AudioPlayer.PlaybackStopped", "rugadvies:leaflet:werk", 100, now=now),
        s.event("PlaybackController.NextCommandIssued", now=now),
        s.event("System.ExceptionEncountered", now=now, error={"type": "INVALID_RESPONSE", "message": "x"}),
    ]
    s.attributes = {"state": {"said": {"kind": "full", "section": "inleiding", "part": 1}, "focus": "inleiding"}}
    s.session_id, s.new = "amzn1.echo-api.session.fuzz", False
    envelopes.append(s.intent("AMAZON.NextIntent", now=now))
    return envelopes


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


@st.composite
def mutated_envelopes(draw):
    envelope = json.loads(json.dumps(draw(st.sampled_from(seeds()))))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(list(paths(envelope))[1:]))
        parent = envelope
        for key in where[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["delete", "replace", "retype"]))
        if action == "delete":
            del parent[where[-1]]
        elif action == "replace":
            parent[where[-1]] = draw(json_values)
        else:
            old = parent[where[-1]]
            parent[where[-1]] = draw(st.sampled_from([None, 0, -1, True, "", [], {}, str(old), [old], {"x": old}]))
        if not isinstance(envelope, dict) or not list(paths(envelope))[1:]:
            break
    return envelope


@lru_cache(maxsize=None)
def client(verify: bool):
    pki = get_test_pki()
    verifier = (RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=pki.fetch, clock=lambda: pki.now)
                if verify else None)
    app = create_app(Settings(verify=verify, skill_id=SKILL_ID), verifier=verifier, store=MemoryAdapter())
    return app.test_client()


def post(verify: bool, body: bytes):
    headers = get_test_pki().headers(body) if verify else {"Content-Type": "application/json"}
    resp = client(verify).post("/alexa", data=body, headers=headers)
    assert resp.status_code < 500, (resp.status_code, body[:300])
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    if resp.status_code == 200:
        payload = json.loads(text)
        assert payload["version"] == "1.0" and isinstance(payload["response"], dict)
        ssml = (payload["response"].get("outputSpeech") or {}).get("ssml")
        if ssml is not None:
            assert ssml.startswith("<speak>") and len(ssml) <= 8000
    else:
        assert resp.status_code in (400, 413)
    return resp.status_code


def encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


@pytest.mark.slow
@FUZZ
@given(st.one_of(json_values.map(encode), st.binary(max_size=200)))
def test_random_bodies_verification_off(body):
    post(False, body)


@pytest.mark.slow
@FUZZ
@given(mutated_envelopes())
def test_mutated_envelopes_verification_off(envelope):
    post(False, encode(envelope))


@pytest.mark.slow
@FUZZ
@given(st.one_of(json_values.map(encode), st.binary(max_size=200)))
def test_random_bodies_verification_on(body):
    assert post(True, body) == 400  # signed, but no valid timestamp / skill id: refused, never handled


@pytest.mark.slow
@FUZZ
@given(mutated_envelopes())
def test_mutated_envelopes_verification_on(envelope):
    post(True, encode(envelope))


def test_the_seeds_themselves_are_answered():
    for envelope in seeds():
        assert post(True, encode(envelope)) == 200
        assert post(False, encode(envelope)) == 200
