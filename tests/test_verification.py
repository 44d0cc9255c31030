"""RequestVerifier against a local test PKI: genuine requests pass, forgeries fail."""

from __future__ import annotations

import base64
import json
import socket
import threading
from datetime import datetime, timedelta

import pytest
from cryptography.x509.verification import Store
from werkzeug.datastructures import Headers

from skill.web.verification import RequestVerifier, VerificationError, fetch_url, load_system_trust_store
from tests.alexa_ca import TestPKI, cert_url, get_test_pki, request_envelope

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


class Clock:
    """A settable clock for the verifier."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def pki() -> TestPKI:
    return get_test_pki()


@pytest.fixture
def clock(pki: TestPKI) -> Clock:
    return Clock(pki.now)


def make_verifier(pki: TestPKI, clock: Clock, fetcher=None, **kwargs) -> RequestVerifier:
    return RequestVerifier(
        kwargs.pop("skill_id", SKILL_ID),
        trust_store=pki.trust_store,
        fetch_chain=fetcher if fetcher is not None else pki.fetcher(),
        clock=clock,
        **kwargs,
    )


@pytest.fixture
def verifier(pki: TestPKI, clock: Clock) -> RequestVerifier:
    return make_verifier(pki, clock)


def launch_body(pki: TestPKI, *, skill_id: str = SKILL_ID, now: datetime | None = None) -> bytes:
    return pki.body(request_envelope(skill_id=skill_id, now=now or pki.now))


def rejected(verifier: RequestVerifier, headers, body: bytes) -> str:
    with pytest.raises(VerificationError) as info:
        verifier.verify(headers, body)
    return info.value.reason


# -- genuine requests -------------------------------------------------------


def test_genuine_request_passes(pki, verifier):
    body = launch_body(pki)
    verifier.verify(pki.headers(body), body)


def test_genuine_intent_request_passes(pki, verifier):
    envelope = request_envelope("IntentRequest", skill_id=SKILL_ID, now=pki.now, intent="AMAZON.HelpIntent")
    headers, body = pki.signed(envelope)
    verifier.verify(headers, body)


def test_header_names_are_case_insensitive_in_a_plain_dict(pki, verifier):
    body = launch_body(pki)
    headers = {key.lower(): value for key, value in pki.headers(body).items()}
    verifier.verify(headers, body)


def test_werkzeug_headers_are_accepted(pki, verifier):
    body = launch_body(pki)
    verifier.verify(Headers(list(pki.headers(body).items())), body)


def test_verification_error_carries_reason():
    error = VerificationError("signature does not match body")
    assert error.reason == "signature does not match body"
    assert str(error) == "signature does not match body"


# -- signature --------------------------------------------------------------


def test_bad_signature_rejected(pki, verifier):
    body = launch_body(pki)
    headers = pki.headers(body)
    headers["Signature-256"] = pki.sign(launch_body(pki))  # a real signature, of another body
    assert "signature" in rejected(verifier, headers, body)


def test_altered_body_rejected(pki, verifier):
    body = launch_body(pki)
    headers = pki.headers(body)
    altered = body.replace(b'"new":true', b'"new":false')
    assert altered != body
    assert "signature" in rejected(verifier, headers, altered)


def test_signature_not_base64_rejected(pki, verifier):
    body = launch_body(pki)
    headers = pki.headers(body)
    headers["Signature-256"] = "not*base64!"
    assert "base64" in rejected(verifier, headers, body)


@pytest.mark.parametrize("missing", ["Signature-256", "SignatureCertChainUrl"])
def test_missing_header_rejected(pki, verifier, missing):
    body = launch_body(pki)
    headers = pki.headers(body)
    del headers[missing]
    assert missing in rejected(verifier, headers, body)


def test_conflicting_duplicate_headers_rejected(pki, verifier):
    body = launch_body(pki)
    headers = pki.headers(body)
    headers["signature-256"] = pki.sign(b"other")
    assert "conflicting" in rejected(verifier, headers, body)


def test_old_sha1_signature_header_only_rejected(pki, verifier):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    body = launch_body(pki)
    headers = pki.headers(body)
    del headers["Signature-256"]
    sha1 = pki.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA1())
    headers["Signature"] = base64.b64encode(sha1).decode()
    assert "Signature-256" in rejected(verifier, headers, body)


# -- certificate URL ----------------------------------------------------------


def url_rejected(pki: TestPKI, clock: Clock, url: str) -> tuple[str, list[str]]:
    """Reason for rejecting a correctly signed request that names ``url``, and the fetches made."""
    fetcher = pki.fetcher({url: "good"})
    body = launch_body(pki)
    reason = rejected(make_verifier(pki, clock, fetcher), pki.headers(body, url=url), body)
    return reason, fetcher.calls


def test_cert_url_http_rejected(pki, clock):
    reason, fetched = url_rejected(pki, clock, "http://s3.amazonaws.com/echo.api/echo-api-cert.pem")
    assert "https" in reason and fetched == []


def test_cert_url_other_host_rejected(pki, clock):
    reason, fetched = url_rejected(pki, clock, "https://notamazon.com/echo.api/echo-api-cert.pem")
    assert "host" in reason and fetched == []


def test_cert_url_lookalike_host_rejected(pki, clock):
    reason, fetched = url_rejected(pki, clock, "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem")
    assert "host" in reason and fetched == []


def test_cert_url_other_port_rejected(pki, clock):
    reason, fetched = url_rejected(pki, clock, "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem")
    assert "port" in reason and fetched == []


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/../echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../../evil/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com//echo.api/echo-api-cert.pem",
    ],
)
def test_cert_url_path_tricks_rejected(pki, clock, url):
    reason, fetched = url_rejected(pki, clock, url)
    assert "path" in reason and fetched == []


@pytest.mark.parametrize(
    "url",
    [
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_cert_url_equivalent_spellings_accepted(pki, clock, url):
    fetcher = pki.fetcher({url: "good"})
    body = launch_body(pki)
    make_verifier(pki, clock, fetcher).verify(pki.headers(body, url=url), body)
    assert fetcher.calls == [url]


# -- certificate chain ----------------------------------------------------------


def chain_rejected(pki: TestPKI, verifier: RequestVerifier, variant: str) -> str:
    body = launch_body(pki)
    return rejected(verifier, pki.headers(body, url=cert_url(variant)), body)


def test_expired_certificate_rejected(pki, verifier):
    assert "not valid at validation time" in chain_rejected(pki, verifier, "expired")


def test_not_yet_valid_certificate_rejected(pki, verifier):
    assert "not valid at validation time" in chain_rejected(pki, verifier, "not_yet_valid")


def test_wrong_san_rejected(pki, verifier):
    assert "subjectAltName" in chain_rejected(pki, verifier, "wrong_san")


def test_untrusted_root_rejected(pki, verifier):
    assert "certificate chain rejected" in chain_rejected(pki, verifier, "untrusted_root")


def test_chain_without_intermediate_rejected(pki, verifier):
    assert "certificate chain rejected" in chain_rejected(pki, verifier, "leaf_only")


def test_good_chain_rejected_by_other_trust_store(pki, clock):
    verifier = RequestVerifier(SKILL_ID, trust_store=Store([pki.rogue_root]), fetch_chain=pki.fetcher(), clock=clock)
    assert "certificate chain rejected" in chain_rejected(pki, verifier, "good")


@pytest.mark.parametrize("payload", [b"", b"garbage", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
def test_unparsable_chain_rejected(pki, clock, payload):
    url = cert_url("broken")
    verifier = make_verifier(pki, clock, pki.fetcher({url: payload}))
    body = launch_body(pki)
    assert "PEM" in rejected(verifier, pki.headers(body, url=url), body)


def test_cached_key_expires_with_the_chain(pki, clock):
    fetcher = pki.fetcher()
    verifier = make_verifier(pki, clock, fetcher)
    body = launch_body(pki)
    verifier.verify(pki.headers(body), body)
    clock.now = pki.leaves["good"].not_valid_after_utc + timedelta(seconds=1)
    late = launch_body(pki, now=clock.now)
    assert "not valid at validation time" in rejected(verifier, pki.headers(late), late)
    assert len(fetcher.calls) == 2


# -- fetching and caching ---------------------------------------------------------


def test_chain_fetched_once_for_many_requests(pki, clock):
    fetcher = pki.fetcher()
    verifier = make_verifier(pki, clock, fetcher)
    for _ in range(20):
        body = launch_body(pki)
        verifier.verify(pki.headers(body), body)
    assert fetcher.calls == [cert_url("good")]


def test_failed_chain_is_not_cached(pki, clock):
    fetcher = pki.fetcher()
    verifier = make_verifier(pki, clock, fetcher)
    for _ in range(2):
        chain_rejected(pki, verifier, "expired")
    assert fetcher.calls == [cert_url("expired")] * 2


def test_fetch_failure_rejected(pki, verifier):
    url = cert_url("never-published")
    body = launch_body(pki)
    assert "fetch failed" in rejected(verifier, pki.headers(body, url=url), body)


def test_fetch_timeout_rejected(pki, clock):
    def timing_out(url: str) -> bytes:
        raise TimeoutError("timed out")

    verifier = make_verifier(pki, clock, timing_out)
    body = launch_body(pki)
    assert "fetch failed: timed out" in rejected(verifier, pki.headers(body), body)


def test_cache_is_bounded_lru(pki, clock):
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(3)]
    fetcher = pki.fetcher({url: "good" for url in urls})
    verifier = make_verifier(pki, clock, fetcher, cache_size=2)

    def send(url: str) -> None:
        body = launch_body(pki)
        verifier.verify(pki.headers(body, url=url), body)

    send(urls[0])
    send(urls[1])
    send(urls[0])  # cached; now urls[1] is least recently used
    send(urls[2])  # evicts urls[1]
    send(urls[0])  # still cached
    send(urls[1])  # fetched again
    assert fetcher.calls == [urls[0], urls[1], urls[2], urls[1]]


def test_cache_size_must_be_positive(pki):
    with pytest.raises(ValueError):
        RequestVerifier(SKILL_ID, trust_store=pki.trust_store, cache_size=0)


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/echo.api/cert.pem"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_default_fetcher_times_out(silent_server):
    with pytest.raises(VerificationError) as info:
        fetch_url(silent_server, timeout=0.2)
    assert "timed out" in info.value.reason


def test_system_trust_store_loads():
    assert isinstance(load_system_trust_store(), Store)


# -- timestamp and skill id ---------------------------------------------------------


@pytest.mark.parametrize("offset", [-150, 0, 150])
def test_timestamp_within_tolerance_accepted(pki, verifier, offset):
    body = launch_body(pki, now=pki.now + timedelta(seconds=offset))
    verifier.verify(pki.headers(body), body)


def test_stale_timestamp_rejected(pki, verifier):
    body = launch_body(pki, now=pki.now - timedelta(seconds=151))
    assert "timestamp" in rejected(verifier, pki.headers(body), body)


def test_future_timestamp_rejected(pki, verifier):
    body = launch_body(pki, now=pki.now + timedelta(seconds=151))
    assert "timestamp" in rejected(verifier, pki.headers(body), body)


def test_skill_events_may_arrive_up_to_an_hour_late(pki, verifier):
    """Amazon delivers skill events (e.g. SkillDisabled, which wipes the user's data) late."""
    for minutes, accepted in ((10, True), (59, True), (61, False)):
        envelope = request_envelope("AlexaSkillEvent.SkillDisabled", skill_id=SKILL_ID,
                                    now=pki.now - timedelta(minutes=minutes))
        headers, body = pki.signed(envelope)
        if accepted:
            verifier.verify(headers, body)
        else:
            assert "timestamp" in rejected(verifier, headers, body)


@pytest.mark.parametrize("stamp", [None, 1748779200, "yesterday", "0001-01-01T00:00:00+01:00"])
def test_missing_or_malformed_timestamp_rejected(pki, verifier, stamp):
    envelope = request_envelope(skill_id=SKILL_ID, now=pki.now)
    envelope["request"]["timestamp"] = stamp
    headers, body = pki.signed(envelope)
    assert "timestamp" in rejected(verifier, headers, body)


def test_wrong_skill_id_rejected(pki, verifier):
    body = launch_body(pki, skill_id="amzn1.ask.skill.someone-else")
    assert "skill id" in rejected(verifier, pki.headers(body), body)


def test_skill_id_falls_back_to_session(pki, verifier):
    envelope = request_envelope(skill_id=SKILL_ID, now=pki.now)
    del envelope["context"]
    headers, body = pki.signed(envelope)
    verifier.verify(headers, body)
    envelope["session"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    headers, body = pki.signed(envelope)
    assert "skill id" in rejected(verifier, headers, body)


def test_missing_skill_id_rejected(pki, verifier):
    envelope = request_envelope(skill_id=SKILL_ID, now=pki.now)
    del envelope["context"], envelope["session"]
    headers, body = pki.signed(envelope)
    assert "skill id" in rejected(verifier, headers, body)


def test_empty_configured_skill_id_skips_check(pki, clock):
    verifier = make_verifier(pki, clock, skill_id="")
    body = launch_body(pki, skill_id="amzn1.ask.skill.anything")
    verifier.verify(pki.headers(body), body)


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe", b""])
def test_signed_malformed_body_rejected(pki, verifier, body):
    assert "JSON" in rejected(verifier, pki.headers(body), body)


def test_non_bytes_body_gives_verification_error(pki, verifier):
    body = launch_body(pki)
    with pytest.raises(VerificationError):
        verifier.verify(pki.headers(body), json.loads(body))
