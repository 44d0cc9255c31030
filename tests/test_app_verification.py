"""The real Flask app with request verification on, fed signed and forged requests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.web.app import create_app
from skill.settings import Settings
from skill.alexa.stores import MemoryAdapter
from skill.web.verification import RequestVerifier
from tests.alexa_ca import TestPKI, cert_url, get_test_pki, request_envelope
from tests.helpers import Answer

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


class RecordingStore(MemoryAdapter):
    """An in-memory store that records every access, to prove a request was (not) handled."""

    def __init__(self) -> None:
        super().__init__("test-salt")
        self.calls: list[str] = []

    def get_attributes(self, request_envelope):
        self.calls.append("get")
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.calls.append("save")
        super().save_attributes(request_envelope, attributes)


@pytest.fixture(scope="module")
def pki() -> TestPKI:
    return get_test_pki()


@pytest.fixture
def store() -> RecordingStore:
    return RecordingStore()


@pytest.fixture
def fetcher(pki):
    return pki.fetcher()


@pytest.fixture
def client(pki, store, fetcher):
    verifier = RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=fetcher, clock=lambda: pki.now)
    app = create_app(Settings(skill_id=SKILL_ID, verify=True, store_url="memory://"), verifier=verifier, store=store)
    return app.test_client()


def launch(pki: TestPKI, **overrides):
    envelope = request_envelope("LaunchRequest", **{"skill_id": SKILL_ID, "now": pki.now, **overrides})
    return pki.signed(envelope)


def test_signed_launch_request_is_answered(client, pki, store, fetcher):
    headers, body = launch(pki)
    answer = Answer.from_http(client.post("/alexa", data=body, headers=headers))
    assert answer.envelope["version"] == "1.0"
    assert answer.ssml.startswith("<speak>")
    assert store.calls  # the skill ran and looked up the user
    assert fetcher.calls == [cert_url("good")]


def forge_bad_signature(pki):
    headers, body = launch(pki)
    headers["Signature-256"] = pki.sign(body + b" ")
    return headers, body


def forge_altered_body(pki):
    headers, body = launch(pki)
    return headers, body.replace(b'"new":true', b'"new":false')


def forge_untrusted_chain(pki):
    headers, body = launch(pki)
    headers["SignatureCertChainUrl"] = cert_url("untrusted_root")
    return headers, body


def forge_http_cert_url(pki):
    headers, body = launch(pki)
    headers["SignatureCertChainUrl"] = cert_url("good").replace("https://", "http://")
    return headers, body


def forge_stale(pki):
    return launch(pki, now=pki.now - timedelta(minutes=10))


def forge_other_skill(pki):
    return launch(pki, skill_id="amzn1.ask.skill.someone-else")


def forge_unsigned(pki):
    headers, body = launch(pki)
    del headers["Signature-256"], headers["SignatureCertChainUrl"]
    return headers, body


@pytest.mark.parametrize(
    "forge",
    [
        forge_bad_signature,
        forge_altered_body,
        forge_untrusted_chain,
        forge_http_cert_url,
        forge_stale,
        forge_other_skill,
        forge_unsigned,
    ],
)
def test_forged_request_is_refused_unhandled(client, pki, store, forge, caplog):
    headers, body = forge(pki)
    with caplog.at_level("WARNING", logger="skill.web.app"):
        reply = client.post("/alexa", data=body, headers=headers)
    assert reply.status_code == 400
    assert "response" not in reply.get_json()
    assert store.calls == []  # no handler ran
    assert any("rejected Alexa request" in record.getMessage() for record in caplog.records)
