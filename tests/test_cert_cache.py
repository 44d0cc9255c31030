"""Trust shared between worker processes and restarts: a directory of verified certificate chains.

Each test builds two verifier instances on one directory, standing in for two gunicorn workers (or
one before and one after a restart). Only a chain that verified a signed request is written; what a
verifier reads there is validated like a fetched chain, and the request's signature must still
verify; a file that fails is removed. Stand-ins: the local test CA (tests/alexa_ca.py), no network.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cryptography import x509

from skill.web.verification import MAX_CHAIN_BYTES, ChainCache, RequestVerifier
from tests.alexa_ca import TestPKI, cert_url, get_test_pki, request_envelope
from tests.alexa_ca import refusal_reason as reason

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
GOOD = cert_url("good")


@pytest.fixture(scope="module")
def pki() -> TestPKI:
    return get_test_pki()


def worker(pki: TestPKI, cache_dir: Path, fetch=None, *, now: datetime | None = None, **kwargs) -> RequestVerifier:
    """A verifier as one worker process has it: its own memory, the shared ``cache_dir``."""
    return RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=fetch or pki.fetcher(),
                           clock=lambda: now or pki.now, cert_cache_dir=cache_dir, **kwargs)


def signed(pki: TestPKI, url: str = GOOD, now: datetime | None = None) -> tuple[dict[str, str], bytes]:
    return pki.signed(request_envelope(skill_id=SKILL_ID, now=now or pki.now), url=url)


def forged(pki: TestPKI, url: str = GOOD) -> tuple[dict[str, str], bytes]:
    headers, body = signed(pki, url)
    headers["Signature-256"] = pki.sign(body + b"forged")
    return headers, body


def cached_file(cache_dir: Path, url: str = GOOD) -> Path:
    return cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".pem")


# -- a verified chain is shared ------------------------------------------------------------------


def test_a_chain_verified_by_one_worker_is_used_by_another_without_a_fetch(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    first, second = pki.fetcher(), pki.fetcher()
    worker(pki, cache, first).verify(*signed(pki))
    envelope = worker(pki, cache, second).verify(*signed(pki))
    assert envelope["request"]["type"] == "LaunchRequest"
    assert first.calls == [GOOD] and second.calls == []
    path = cached_file(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    stored = x509.load_pem_x509_certificates(path.read_bytes())
    assert stored == x509.load_pem_x509_certificates(pki.chain_pem("good"))
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left behind


def test_a_shared_chain_is_not_rate_limited_like_an_unknown_url(pki, tmp_path):
    """The measured problem: a worker that had not verified the chain yet refused users during a flood."""
    cache = tmp_path / "cert-cache"
    worker(pki, cache).verify(*signed(pki))
    fetcher = pki.fetcher({"https://s3.amazonaws.com/echo.api/attacker.pem": "good"})
    flooded = worker(pki, cache, fetcher, untrusted_fetch_rate=0.001, untrusted_fetch_burst=1)
    assert "signature" in reason(flooded, *forged(pki, "https://s3.amazonaws.com/echo.api/attacker.pem"))
    assert "too many" in reason(flooded, *forged(pki, "https://s3.amazonaws.com/echo.api/attacker-2.pem"))
    flooded.verify(*signed(pki))  # no token left, yet the genuine chain comes from the cache
    flooded.verify(*signed(pki))
    assert fetcher.calls == ["https://s3.amazonaws.com/echo.api/attacker.pem"]


def test_a_request_read_from_the_cache_must_still_be_signed(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    worker(pki, cache).verify(*signed(pki))
    fetcher = pki.fetcher()
    other = worker(pki, cache, fetcher)
    assert "signature" in reason(other, *forged(pki))
    assert cached_file(cache).is_file()  # the chain itself is fine
    cached_file(cache).unlink()  # read once: further requests, forged or not, need neither file nor fetch
    assert "signature" in reason(other, *forged(pki))
    other.verify(*signed(pki))
    assert fetcher.calls == []


# -- only verified chains are written --------------------------------------------------------------


def test_a_fetched_chain_that_verified_no_signature_is_never_written(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    url = "https://s3.amazonaws.com/echo.api/attacker.pem"
    verifier = worker(pki, cache, pki.fetcher({url: "good"}), untrusted_fetch_burst=100)
    for _ in range(3):
        assert "signature" in reason(verifier, *forged(pki, url))
    assert "rejected" in reason(verifier, *signed(pki, cert_url("untrusted_root")))
    assert not cache.exists() or list(cache.iterdir()) == []


# -- a bad file is never trusted, and removed ------------------------------------------------------


BAD_FILES = {
    "garbage": lambda pki: os.urandom(3000),
    "empty": lambda pki: b"",
    "truncated": lambda pki: pki.chain_pem("good")[:700],
    "untrusted root": lambda pki: pki.chain_pem("untrusted_root"),
    "expired": lambda pki: pki.chain_pem("expired"),
    "wrong SAN": lambda pki: pki.chain_pem("wrong_san"),
    "leaf only": lambda pki: pki.chain_pem("leaf_only"),
    "too large": lambda pki: pki.chain_pem("good") + b"\n" * MAX_CHAIN_BYTES,
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_removed_and_not_trusted(pki, tmp_path, kind):
    """Every bad chain here has the genuine leaf key, so only the chain checks keep the forged request out."""
    cache = tmp_path / "cert-cache"
    cache.mkdir(mode=0o700)
    path = cached_file(cache)
    path.write_bytes(BAD_FILES[kind](pki))
    fetcher = pki.fetcher({GOOD: "expired"})  # the origin does not serve a usable chain either
    verifier = worker(pki, cache, fetcher)
    assert "rejected" in reason(verifier, *signed(pki))
    assert not path.exists()
    assert fetcher.calls == [GOOD]


@pytest.mark.parametrize("kind", ["garbage", "untrusted root"])
def test_a_bad_file_is_replaced_by_a_fetched_chain_that_verified(pki, tmp_path, kind):
    cache = tmp_path / "cert-cache"
    cache.mkdir(mode=0o700)
    cached_file(cache).write_bytes(BAD_FILES[kind](pki))
    fetcher = pki.fetcher()
    worker(pki, cache, fetcher).verify(*signed(pki))
    assert fetcher.calls == [GOOD]
    again = pki.fetcher()
    worker(pki, cache, again).verify(*signed(pki))
    assert again.calls == []


def test_a_file_whose_chain_has_expired_since_is_removed(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    worker(pki, cache).verify(*signed(pki))
    later = datetime(2045, 1, 1, 0, 1, tzinfo=timezone.utc)  # the good leaf expired at 2045-01-01
    fetcher = pki.fetcher()
    assert "rejected" in reason(worker(pki, cache, fetcher, now=later), *signed(pki, now=later))
    assert not cached_file(cache).exists()
    assert fetcher.calls == [GOOD]  # it tried the origin (which serves the same, expired chain)


def test_a_symlink_in_the_cache_is_not_followed(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    cache.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.pem"
    target.write_bytes(pki.chain_pem("good"))
    cached_file(cache).symlink_to(target)
    fetcher = pki.fetcher()
    worker(pki, cache, fetcher).verify(*signed(pki))
    assert fetcher.calls == [GOOD]
    assert not cached_file(cache).is_symlink() and target.read_bytes() == pki.chain_pem("good")


def test_a_file_that_validates_is_kept_for_the_other_urls_too(pki, tmp_path):
    """Files are per URL: a second URL with the same chain is fetched (rate-limited) once, then shared."""
    cache = tmp_path / "cert-cache"
    other_url = "https://s3.amazonaws.com/echo.api/echo-api-cert-2.pem"
    worker(pki, cache).verify(*signed(pki))
    fetcher = pki.fetcher({other_url: "good"})
    worker(pki, cache, fetcher).verify(*signed(pki, other_url))
    assert fetcher.calls == [other_url]
    assert sorted(p.name for p in cache.iterdir()) == sorted(cached_file(cache, u).name for u in (GOOD, other_url))


# -- a directory that cannot be used ---------------------------------------------------------------


def test_an_unwritable_directory_leaves_each_worker_on_its_own(pki, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cache = blocker / "cert-cache"  # cannot be created, whoever runs the tests
    other_url = "https://s3.amazonaws.com/echo.api/echo-api-cert-2.pem"
    fetcher = pki.fetcher({other_url: "good"})
    verifier = worker(pki, cache, fetcher)
    with caplog.at_level(logging.WARNING, logger="skill.web.verification"):
        for url in (GOOD, GOOD, other_url, other_url):
            verifier.verify(*signed(pki, url))
    assert fetcher.calls == [GOOD, other_url]  # the memory cache works as before
    warnings = [r for r in caplog.records if r.name == "skill.web.verification"]
    assert len(warnings) == 1 and "per process" in warnings[0].getMessage()
    second = pki.fetcher()
    worker(pki, cache, second).verify(*signed(pki))
    assert second.calls == [GOOD]


def test_an_unreadable_directory_leaves_each_worker_on_its_own(pki, tmp_path, monkeypatch, caplog):
    """Permission denied on the cache (whoever runs the tests: the denial is simulated) is no 400 for Alexa."""
    from skill.web import verification

    cache = tmp_path / "cert-cache"
    worker(pki, cache).verify(*signed(pki))
    real_lstat = os.lstat

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(cache)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(verification.os, "lstat", denied)
    fetcher = pki.fetcher()
    verifier = worker(pki, cache, fetcher)
    with caplog.at_level(logging.WARNING, logger="skill.web.verification"):
        verifier.verify(*signed(pki))
        verifier.verify(*signed(pki))
    assert fetcher.calls == [GOOD]
    assert [r.getMessage() for r in caplog.records if "unusable" in r.getMessage()] != []
    assert len(caplog.records) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only directory")
def test_a_read_only_directory_is_still_readable(pki, tmp_path):
    cache = tmp_path / "cert-cache"
    worker(pki, cache).verify(*signed(pki))
    cache.chmod(0o500)
    try:
        fetcher = pki.fetcher()
        worker(pki, cache, fetcher).verify(*signed(pki))
        assert fetcher.calls == []
    finally:
        cache.chmod(0o700)


def test_without_a_directory_nothing_is_written(pki, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verifier = RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=pki.fetcher(), clock=lambda: pki.now)
    verifier.verify(*signed(pki))
    assert list(tmp_path.iterdir()) == []


def test_the_cache_names_files_by_the_sha256_of_the_url(tmp_path):
    cache = ChainCache(tmp_path)
    assert cache.path_for(GOOD) == cached_file(tmp_path)
    assert cache.load(GOOD) is None
    cache.store(GOOD, b"pem")
    assert cache.load(GOOD) == b"pem" and cache.enabled


# -- wiring ----------------------------------------------------------------------------------------


def test_the_app_passes_the_setting_to_its_verifier(tmp_path, monkeypatch):
    from skill.settings import Settings
    from skill.web import verification
    from skill.web.app import create_app

    made: list[RequestVerifier] = []

    class Recording(RequestVerifier):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(verification, "RequestVerifier", Recording)
    settings = Settings.from_env({"RUGADVIES_CERT_CACHE_DIR": str(tmp_path / "cc"), "RUGADVIES_STORE_URL": "memory://"})
    assert settings.cert_cache_dir == tmp_path / "cc"
    assert Settings.from_env({}).cert_cache_dir.parts[-2:] == ("var", "cert-cache")
    create_app(settings)
    assert [v._disk.directory for v in made] == [tmp_path / "cc"]
    assert not (tmp_path / "cc").exists()  # created at the first chain that verifies, not at start
