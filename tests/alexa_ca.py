"""A local test PKI that signs requests the way Alexa does.

Tests, fuzzers and benchmarks import this module to drive the real
request verifier (``skill.web.verification.RequestVerifier``) without the
internet and without patching:

    from tests.alexa_ca import get_test_pki, request_envelope

    pki = get_test_pki()                       # generated once per process
    verifier = RequestVerifier(SKILL_ID, trust_store=pki.trust_store,
                               fetch_chain=pki.fetch, clock=lambda: pki.now)
    body = pki.body(request_envelope(skill_id=SKILL_ID, now=pki.now))
    verifier.verify(pki.headers(body), body)

The PKI is a root CA, an intermediate CA and a signing certificate for
``echo-api.amazon.com`` that satisfy ``cryptography``'s web-PKI profile,
plus leaf variants for negative tests.  Every leaf variant shares one key
pair, so a signature made with ``sign()`` is valid for all of them and a
rejection can only come from the certificate itself.

All "good" certificates are valid from 2024 to 2045, so they also work
with the real clock; ``TestPKI.now`` is a fixed reference time inside
that window for deterministic tests.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import Store

ALEXA_SAN = "echo-api.amazon.com"
CERT_URL_PREFIX = "https://s3.amazonaws.com/echo.api/"
#: Fixed reference time inside the validity of every "good" certificate.
REFERENCE_NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=timezone.utc)

VARIANTS = ("good", "expired", "not_yet_valid", "wrong_san", "untrusted_root", "leaf_only")

_UTC = timezone.utc
_CA_VALIDITY = (datetime(2020, 1, 1, tzinfo=_UTC), datetime(2060, 1, 1, tzinfo=_UTC))
_LEAF_VALIDITY = {
    "good": (datetime(2024, 1, 1, tzinfo=_UTC), datetime(2045, 1, 1, tzinfo=_UTC)),
    "expired": (datetime(2021, 1, 1, tzinfo=_UTC), datetime(2022, 1, 1, tzinfo=_UTC)),
    "not_yet_valid": (datetime(2050, 1, 1, tzinfo=_UTC), datetime(2051, 1, 1, tzinfo=_UTC)),
}


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Rugadvies Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )


def _make_root(common_name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    name = _name(common_name)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_CA_VALIDITY[0])
        .not_valid_after(_CA_VALIDITY[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _make_intermediate(
    common_name: str, issuer_key: rsa.RSAPrivateKey, issuer: x509.Certificate
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_CA_VALIDITY[0])
        .not_valid_after(_CA_VALIDITY[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    return key, cert


def _make_leaf(
    key: rsa.RSAPrivateKey,
    issuer_key: rsa.RSAPrivateKey,
    issuer: x509.Certificate,
    *,
    dns_name: str = ALEXA_SAN,
    validity: tuple[datetime, datetime] = _LEAF_VALIDITY["good"],
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(dns_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(dns_name)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def cert_url(variant: str = "good") -> str:
    """The canonical SignatureCertChainUrl under which ``variant`` is published."""
    return f"{CERT_URL_PREFIX}echo-api-cert-{variant}.pem"


@dataclass
class DictFetcher:
    """A ``fetch_chain`` callable backed by a dict, counting its calls.

    Unknown URLs raise ``LookupError`` (like a 404 would in production).
    """

    chains: dict[str, bytes]
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        try:
            return self.chains[url]
        except KeyError:
            raise LookupError(f"no certificate chain published at {url}") from None


class TestPKI:
    """Root, intermediate and ``echo-api.amazon.com`` leaf variants, with a request signer."""

    __test__ = False  # not a pytest test class

    now: datetime = REFERENCE_NOW

    def __init__(self) -> None:
        self.root_key, self.root = _make_root("Rugadvies Test Root CA")
        self.intermediate_key, self.intermediate = _make_intermediate(
            "Rugadvies Test Intermediate CA", self.root_key, self.root
        )
        rogue_root_key, self.rogue_root = _make_root("Rugadvies Untrusted Root CA")
        rogue_int_key, self.rogue_intermediate = _make_intermediate(
            "Rugadvies Untrusted Intermediate CA", rogue_root_key, self.rogue_root
        )
        self.leaf_key = _key()
        leaf = lambda **kw: _make_leaf(self.leaf_key, self.intermediate_key, self.intermediate, **kw)  # noqa: E731
        self.leaves: dict[str, x509.Certificate] = {
            "good": leaf(),
            "expired": leaf(validity=_LEAF_VALIDITY["expired"]),
            "not_yet_valid": leaf(validity=_LEAF_VALIDITY["not_yet_valid"]),
            "wrong_san": leaf(dns_name="echo-api.example.com"),
            "untrusted_root": _make_leaf(self.leaf_key, rogue_int_key, self.rogue_intermediate),
        }
        self.leaves["leaf_only"] = self.leaves["good"]
        self.trust_store = Store([self.root])
        self.chains: dict[str, bytes] = {cert_url(v): self.chain_pem(v) for v in VARIANTS}
        self.fetch = DictFetcher(self.chains)

    def chain_pem(self, variant: str = "good") -> bytes:
        """The PEM bundle (leaf first, then intermediates) for ``variant``."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown variant {variant!r}; choose from {VARIANTS}")
        leaf = self.leaves[variant]
        if variant == "leaf_only":
            return _pem(leaf)
        if variant == "untrusted_root":
            return _pem(leaf, self.rogue_intermediate, self.rogue_root)
        return _pem(leaf, self.intermediate)

    def url(self, variant: str = "good") -> str:
        return cert_url(variant)

    def fetcher(self, extra: Mapping[str, bytes | str] | None = None) -> DictFetcher:
        """A fresh counting fetcher; ``extra`` maps more URLs to PEM bytes or to a variant name."""
        chains = dict(self.chains)
        for url, value in (extra or {}).items():
            chains[url] = self.chain_pem(value) if isinstance(value, str) else value
        return DictFetcher(chains)

    def sign(self, body: bytes) -> str:
        """Base64 RSA PKCS#1 v1.5 SHA-256 signature of ``body`` (the ``Signature-256`` value)."""
        signature = self.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    def headers(self, body: bytes, url: str | None = None) -> dict[str, str]:
        """Headers of a signed Alexa POST carrying ``body``."""
        return {
            "Content-Type": "application/json; charset=utf-8",
            "Signature-256": self.sign(body),
            "SignatureCertChainUrl": url or cert_url("good"),
        }

    @staticmethod
    def body(envelope: Mapping[str, Any]) -> bytes:
        """Serialise a request envelope the way Alexa sends it (compact UTF-8 JSON)."""
        return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def signed(self, envelope: Mapping[str, Any], url: str | None = None) -> tuple[dict[str, str], bytes]:
        """``(headers, body)`` for ``envelope``, ready for ``verify()`` or a Flask test client."""
        body = self.body(envelope)
        return self.headers(body, url), body


def alexa_timestamp(moment: datetime) -> str:
    """``request.timestamp`` as Alexa writes it: ISO 8601 UTC, whole seconds, ``Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_envelope(
    request_type: str = "LaunchRequest",
    *,
    skill_id: str,
    now: datetime = REFERENCE_NOW,
    locale: str = "nl-NL",
    intent: str | None = None,
    slots: Mapping[str, str | None] | None = None,
    new_session: bool = True,
    session_attributes: Mapping[str, Any] | None = None,
    session_id: str | None = None,
    user_id: str = "amzn1.ask.account.TESTUSER",
    device_id: str = "amzn1.ask.device.TESTDEVICE",
    request_extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A realistic Alexa request envelope (as a dict) for ``request_type``.

    For an ``IntentRequest`` pass ``intent`` and optionally ``slots``
    (slot name -> spoken value, or None for an unfilled slot);
    ``request_extra`` adds or overrides fields of ``request`` (e.g. the
    ``reason`` of a SessionEndedRequest).
    """
    application = {"applicationId": skill_id}
    user = {"userId": user_id}
    request: dict[str, Any] = {
        "type": request_type,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": alexa_timestamp(now),
        "locale": locale,
    }
    if request_type == "IntentRequest":
        if not intent:
            raise ValueError("an IntentRequest needs an intent name")
        slot_objects = {}
        for name, value in (slots or {}).items():
            slot = {"name": name, "confirmationStatus": "NONE"}
            if value is not None:
                slot["value"] = value
            slot_objects[name] = slot
        request["dialogState"] = "STARTED"
        request["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": slot_objects}
    elif request_type == "LaunchRequest":
        request["shouldLinkResultBeReturned"] = False
    request.update(request_extra or {})
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": session_id or f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": dict(application),
            "attributes": dict(session_attributes or {}),
            "user": dict(user),
        },
        "context": {
            "System": {
                "application": dict(application),
                "user": dict(user),
                "device": {"deviceId": device_id, "supportedInterfaces": {}},
                "apiEndpoint": "https://api.eu.amazonalexa.com",
                "apiAccessToken": "test-access-token",
            },
        },
        "request": request,
    }


@lru_cache(maxsize=1)
def get_test_pki() -> TestPKI:
    """The process-wide test PKI (RSA key generation is slow, so it is made once)."""
    return TestPKI()


def refusal_reason(verifier: Any, headers: Mapping[str, str], body: bytes) -> str:
    """The reason ``verifier`` gives for refusing the request; fails the test if it accepts it."""
    import pytest

    from skill.web.verification import VerificationError

    with pytest.raises(VerificationError) as info:
        verifier.verify(headers, body)
    return info.value.reason
