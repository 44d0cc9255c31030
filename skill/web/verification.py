"""Verify that a request really comes from Alexa.

Implements the checks Amazon requires of a skill hosted as a web service:
the ``SignatureCertChainUrl`` header, the certificate chain behind it
(trusted root, validity dates, SAN ``echo-api.amazon.com``, checked with
``cryptography``'s own X.509 verifier), the ``Signature-256`` header over
the raw body, the request timestamp and the skill id.

The cheap checks (headers, URL rules, JSON body, timestamp, skill id) come
first; only a request that passes them can make the worker fetch a chain.
A chain is kept (its leaf's public key, in a small LRU cache, until the
chain expires) only after a request signed with it has verified, so
unsigned requests can neither fill nor evict the cache, and a request then
normally costs one RSA signature check. Fetching is defended too: one fetch
in flight per URL (concurrent requests for it wait for that one), and URLs
not trusted yet are fetched at a bounded rate and concurrency (a token
bucket and a cap); excess is refused at once, without a fetch, so a flood
of made-up URLs costs the attacker and not the users. The default fetcher
has a total deadline and follows no redirects. Every failure raises
``VerificationError`` with a short English reason for the log.

Trust is shared between the worker processes, and kept across restarts, by
a small directory of verified chains (:class:`ChainCache`): a chain that
verified a signed request is written there (atomically, 0600, named by the
sha256 of its URL), and a process that does not know a URL yet reads it
from there before it fetches anything, without the fetch limits. What it
reads is validated exactly as a fetched chain (trusted root, dates, SAN)
and then trusted in memory (a process verified a signed request with it),
and the request's own signature must still verify; a file that fails is
removed. A directory that cannot be written leaves every process on its own.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import http.client
import logging
import os
import posixpath
import socket
import ssl
import threading
import time
import urllib.parse
import warnings
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainError

from skill.content.files import write_atomic
from skill.web import strict_json
from skill.web.envelope import application_id

__all__ = ["ChainCache", "FetchLimiter", "RequestVerifier", "VerificationError", "fetch_url",
           "load_system_trust_store"]

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Signature-256"
CERT_URL_HEADER = "SignatureCertChainUrl"
ALEXA_SAN = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
SYSTEM_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
MAX_CHAIN_BYTES = 256 * 1024

_PEM_END = b"-----END CERTIFICATE-----"

#: Skill events reach the skill late; Amazon allows them an hour instead of 150 s.
SKILL_EVENTS = frozenset({
    "AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled", "AlexaSkillEvent.SkillPermissionChanged",
    "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillAccountLinked",
})
SKILL_EVENT_SKEW = timedelta(hours=1)
_PKCS1V15 = padding.PKCS1v15()
_SHA256 = hashes.SHA256()


class VerificationError(Exception):
    """The request is not (provably) from Alexa; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _load_pem_bundle(data: bytes) -> list[x509.Certificate]:
    """Parse every certificate of a PEM bundle one by one, skipping unparsable ones.

    Some long-lived roots in OS bundles have a zero serial number, which
    ``cryptography`` still accepts but warns about; they are kept quietly.
    """
    certs = []
    for block in data.split(_PEM_END):
        start = block.find(b"-----BEGIN CERTIFICATE-----")
        if start < 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            try:
                certs.append(x509.load_pem_x509_certificate(block[start:] + _PEM_END))
            except ValueError:
                continue
    return certs


def load_system_trust_store(bundle: Path = SYSTEM_CA_BUNDLE) -> Store:
    """A trust store from the OS CA bundle, or certifi's if the OS has none."""
    if not bundle.is_file():
        import certifi

        bundle = Path(certifi.where())
    certs = _load_pem_bundle(bundle.read_bytes())
    if not certs:
        raise ValueError(f"no CA certificates in {bundle}")
    return Store(certs)


def _abort(connection: http.client.HTTPConnection, opened: list[socket.socket], expired: threading.Event) -> None:
    """Deadline reached: mark it and shut the socket, which ends any read in progress.

    ``opened`` holds the connected socket: http.client drops its own reference once the response
    says the connection will close. The plain socket's shutdown is used so that an SSL socket's
    state is not touched from this thread.
    """
    expired.set()
    for sock in {id(s): s for s in (connection.sock, *opened) if s is not None}.values():
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


def fetch_url(url: str, timeout: float = 5.0, max_bytes: int = MAX_CHAIN_BYTES, *,
              ssl_context: ssl.SSLContext | None = None) -> bytes:
    """GET ``url`` (http or https) within ``timeout`` seconds in all, at most ``max_bytes``, no redirects.

    The time-out is a total deadline, not per read: a timer shuts the socket when it is reached, so a
    server trickling one byte at a time cannot hold the worker. Anything but a 200 (a redirect
    included) and any other failure is a ``VerificationError``.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise VerificationError("certificate chain fetch failed: not an http(s) URL")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl_context or ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    expired = threading.Event()
    opened: list[socket.socket] = []
    timer = threading.Timer(timeout, _abort, (connection, opened, expired))
    timer.daemon = True
    timer.start()
    try:
        connection.connect()
        opened.append(connection.sock)
        connection.request("GET", target, headers={"Accept": "*/*", "Connection": "close"})
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise VerificationError(f"certificate chain fetch failed: redirect ({response.status}) refused")
        if response.status != 200:
            raise VerificationError(f"certificate chain fetch failed: HTTP {response.status}")
        data = bytearray()
        while len(data) <= max_bytes:
            chunk = response.read1(65536)
            if not chunk:
                break
            data += chunk
    except VerificationError:
        raise
    except Exception as exc:  # OSError, TimeoutError, ssl.SSLError, http.client.HTTPException, ...
        if expired.is_set():
            raise VerificationError("certificate chain fetch failed: timed out") from exc
        raise VerificationError(f"certificate chain fetch failed: {exc}") from exc
    finally:
        timer.cancel()
        connection.close()
    if expired.is_set():
        raise VerificationError("certificate chain fetch failed: timed out")
    if len(data) > max_bytes:
        raise VerificationError("certificate chain too large")
    return bytes(data)


class FetchLimiter:
    """A token bucket (``rate`` per second, ``burst`` at most) and a cap of ``concurrency`` fetches at once.

    ``try_acquire`` never waits: it takes a token and a slot, or says no. Thread-safe.
    """

    def __init__(self, rate: float, burst: int, concurrency: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1 or concurrency < 1:
            raise ValueError("fetch rate, burst and concurrency must be positive")
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._slots = concurrency
        self._clock = clock
        self._stamp = clock()
        self._lock = threading.Lock()

    def try_acquire(self) -> bool:
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            if self._slots < 1 or self._tokens < 1:
                return False
            self._tokens -= 1
            self._slots -= 1
            return True

    def release(self) -> None:
        with self._lock:
            self._slots += 1


class ChainCache:
    """A directory of certificate chains (PEM) that verified a signed request, one file per URL.

    Shared by the worker processes and kept across restarts. Files are named by the sha256 of the
    URL, written atomically with 0600 permissions, and never trusted as such: the verifier validates
    what :meth:`load` returns exactly as a fetched chain and calls :meth:`discard` when it fails.
    Any OS error other than a missing file (the directory cannot be created, written or read)
    disables the cache for this process, with one warning in the log; the verifier then works per
    process, as without a cache. Thread-safe.
    """

    SUFFIX = ".pem"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._enabled = True
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._enabled

    def path_for(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8")).hexdigest() + self.SUFFIX)

    def has(self, url: str) -> bool:
        """Whether a file for ``url`` is there (not whether it is valid: :meth:`load` and validate)."""
        if not self._enabled:
            return False
        try:
            os.lstat(self.path_for(url))
        except FileNotFoundError:
            return False
        except OSError as exc:
            self._disable(exc)
            return False
        return True

    def load(self, url: str) -> bytes | None:
        """The stored chain for ``url`` (at most ``MAX_CHAIN_BYTES`` + 1 bytes), or None if there is none."""
        if not self._enabled:
            return None
        try:
            fd = os.open(self.path_for(url), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symlink (O_NOFOLLOW): not written by us
                self.discard(url)
                return None
            self._disable(exc)
            return None
        try:
            with os.fdopen(fd, "rb") as fh:
                return fh.read(MAX_CHAIN_BYTES + 1)
        except OSError as exc:  # a directory under that name, an I/O error, ...
            log.warning("certificate cache: cannot read %s (%s); ignored", self.path_for(url).name, exc)
            return None

    def store(self, url: str, pem: bytes) -> None:
        """Keep ``pem`` (a chain that just verified a signed request) for ``url``."""
        if not self._enabled:
            return
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(self.path_for(url), pem, mode=0o600)
        except OSError as exc:
            self._disable(exc)

    def discard(self, url: str) -> None:
        """Remove the file for ``url`` (it failed validation); a file already gone is fine."""
        try:
            self.path_for(url).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("certificate cache: cannot remove %s (%s)", self.path_for(url).name, exc)

    def _disable(self, exc: OSError) -> None:
        with self._lock:
            if not self._enabled:
                return
            self._enabled = False
        log.warning("certificate cache %s unusable (%s): trusted chains are kept per process only",
                    self.directory, exc)


def check_cert_url(url: str) -> None:
    """Reject a ``SignatureCertChainUrl`` that is not Amazon's echo.api bucket on S3."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise VerificationError(f"malformed certificate URL: {exc}") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https")
    if (parts.hostname or "").lower() != CERT_HOST or parts.username is not None:
        raise VerificationError("certificate URL host is not s3.amazonaws.com")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port is not 443")
    # Decode %2e%2e and friends first so that encoded dot segments cannot escape the prefix.
    path = posixpath.normpath(urllib.parse.unquote(parts.path))
    if not path.startswith(CERT_PATH_PREFIX):
        raise VerificationError("certificate URL path is not under /echo.api/")


def _headers(headers: Mapping[str, str], *names: str) -> list[str]:
    """The single value of each header in ``names`` (case-insensitive), from a dict or Werkzeug Headers.

    Werkzeug's ``EnvironHeaders`` (Flask's ``request.headers``) is read straight from its WSGI
    environ, where the server has already merged repeated headers into one value; iterating it
    would rebuild every header name. Other mappings are scanned once for all names.
    """
    found: list[set[str]] = [set() for _ in names]
    environ = getattr(headers, "environ", None)
    if isinstance(environ, Mapping):
        for i, name in enumerate(names):
            value = environ.get("HTTP_" + name.upper().replace("-", "_"))
            if value is not None:
                found[i].add(str(value))
    else:
        wanted = {name.lower(): i for i, name in enumerate(names)}
        for key, value in headers.items():
            i = wanted.get(str(key).lower())
            if i is not None:
                found[i].add(str(value))
    out = []
    for name, values in zip(names, found):
        if not values:
            raise VerificationError(f"missing {name} header")
        if len(values) > 1:
            raise VerificationError(f"conflicting {name} headers")
        value = values.pop().strip()
        if not value:
            raise VerificationError(f"empty {name} header")
        out.append(value)
    return out


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class _TrustedKey:
    """A leaf key from a validated chain, usable while the whole chain is valid.

    ``pem`` is the chain to store in the :class:`ChainCache` once it verified a signature: None when
    the chain was read from that cache.
    """

    public_key: rsa.RSAPublicKey
    not_before: datetime
    not_after: datetime
    pem: bytes | None = field(default=None, repr=False, compare=False)

    def valid_at(self, now: datetime) -> bool:
        return self.not_before <= now <= self.not_after


class RequestVerifier:
    """Checks signature, certificate chain, timestamp and skill id of Alexa requests.

    Thread-safe; one instance is meant to live as long as the app.
    ``trust_store``, ``fetch_chain`` and ``clock`` exist so tests can use
    a local PKI and a fixed time without patching. The ``untrusted_fetch_*``
    limits apply to URLs whose chain has not verified a request yet (per
    process): at most ``rate`` fetches a second after a ``burst``, and
    ``concurrency`` at once; at most ``max_waiters`` requests wait for
    fetches in flight. Beyond that a request is refused without a fetch.
    ``cert_cache_dir`` names the :class:`ChainCache` shared with the other
    worker processes (None: trust stays in this process); a URL found
    there is not 'untrusted' and costs no fetch.
    """

    def __init__(
        self,
        skill_id: str = "",
        *,
        trust_store: Store | None = None,
        fetch_chain: Callable[[str], bytes] | None = None,
        clock: Callable[[], datetime] | None = None,
        cache_size: int = 16,
        fetch_timeout: float = 5.0,
        max_skew_seconds: int = 150,
        untrusted_fetch_rate: float = 1.0,
        untrusted_fetch_burst: int = 5,
        untrusted_fetch_concurrency: int = 2,
        max_waiters: int = 8,
        cert_cache_dir: Path | None = None,
    ) -> None:
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.skill_id = skill_id.strip()
        self._store = trust_store if trust_store is not None else load_system_trust_store()
        self._fetch = fetch_chain if fetch_chain is not None else partial(fetch_url, timeout=fetch_timeout)
        self._clock = clock if clock is not None else partial(datetime.now, timezone.utc)
        self._cache_size = cache_size
        self._max_skew = timedelta(seconds=max_skew_seconds)
        self._wait_limit = fetch_timeout + 1.0
        self._limiter = FetchLimiter(untrusted_fetch_rate, untrusted_fetch_burst, untrusted_fetch_concurrency)
        self._max_waiters = max_waiters
        self._waiters = 0
        self._disk = ChainCache(cert_cache_dir) if cert_cache_dir is not None else None
        #: URL -> key of a chain that verified a signed request (expired entries stay: the URL is still trusted).
        self._keys: OrderedDict[str, _TrustedKey] = OrderedDict()
        #: URL -> the one fetch-and-validate in progress for it.
        self._inflight: dict[str, Future[_TrustedKey]] = {}
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """Return the parsed envelope if the request is genuine and current; raise ``VerificationError`` otherwise.

        The envelope is returned so that a caller need not parse the body a second time.
        """
        try:
            return self._verify(headers, body)
        except VerificationError:
            raise
        except Exception as exc:  # the contract: nothing but VerificationError escapes
            raise VerificationError(f"unverifiable request ({type(exc).__name__})") from exc

    def _verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        # Cheap checks first: only a request that passes all of them may cost a fetch.
        url, signature_b64 = _headers(headers, CERT_URL_HEADER, SIGNATURE_HEADER)
        if url not in self._keys:  # a cached URL passed this check when its chain was validated
            check_cert_url(url)
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("Signature-256 header is not base64") from exc
        if not signature:
            raise VerificationError("empty Signature-256 header")
        envelope = self._parse(body)
        now = _as_utc(self._clock())
        self._check_timestamp(envelope, now)
        self._check_skill_id(envelope)
        self._check_signature(url, signature, bytes(body), now)
        return envelope

    # -- certificate chain -------------------------------------------------

    def _check_signature(self, url: str, signature: bytes, body: bytes, now: datetime) -> None:
        """Verify ``signature`` with the chain at ``url``; cache the chain only once a signature verified."""
        with self._lock:
            entry = self._keys.get(url)
            trusted = entry is not None
            if trusted and entry.valid_at(now):
                self._keys.move_to_end(url)
            else:
                entry = None
        if entry is None:
            entry = self._chain(url, now, trusted)
            if self._disk is not None and entry.pem is None:
                # From the shared cache: a signed request verified it (in some process), so it is trusted
                # here already and a flood of forged requests does not validate the file over and over.
                self._remember(url, entry)
        try:
            entry.public_key.verify(signature, body, _PKCS1V15, _SHA256)
        except InvalidSignature as exc:
            raise VerificationError("signature does not match body") from exc
        if self._remember(url, entry) and entry.pem is not None and self._disk is not None:
            self._disk.store(url, entry.pem)

    def _remember(self, url: str, entry: _TrustedKey) -> bool:
        """Keep ``entry`` as the trusted key of ``url``; False if it was already (requests that waited for
        the same fetch store it once)."""
        with self._lock:
            fresh = self._keys.get(url) is not entry
            self._keys[url] = entry
            self._keys.move_to_end(url)
            while len(self._keys) > self._cache_size:
                self._keys.popitem(last=False)
        return fresh

    def _chain(self, url: str, now: datetime, trusted: bool) -> _TrustedKey:
        """The validated chain at ``url``, from the shared cache or fetched: once at a time per URL.

        Fetches are rate-limited unless ``trusted``; reading the shared cache is not.
        """
        with self._lock:
            pending = self._inflight.get(url)
            if pending is not None:
                if self._waiters >= self._max_waiters:
                    raise VerificationError("too many requests waiting for certificate chains")
                self._waiters += 1
            else:
                stored = self._disk is not None and self._disk.has(url)
                limited = not stored and not trusted
                if limited:
                    self._take_fetch_token()
                self._inflight[url] = leader = Future()
        if pending is not None:
            try:
                return pending.result(timeout=self._wait_limit)
            except VerificationError as exc:  # the leader's; a fresh one, not the same object raised twice
                raise VerificationError(exc.reason) from None
            except TimeoutError as exc:
                raise VerificationError("certificate chain fetch failed: timed out") from exc
            finally:
                with self._lock:
                    self._waiters -= 1
        try:
            entry = self._stored_chain(url, now) if stored else None
            if entry is None:
                if stored and not trusted:  # the file was unusable: a fetch like any other unknown URL's
                    self._take_fetch_token()
                    limited = True
                entry = self._fetched_chain(url, now)
        except BaseException as exc:
            leader.set_exception(exc)
            raise
        else:
            leader.set_result(entry)
            return entry
        finally:
            with self._lock:
                del self._inflight[url]
            if limited:
                self._limiter.release()

    def _take_fetch_token(self) -> None:
        """A token and a slot for fetching a URL not trusted yet (``release`` it after), or a refusal."""
        if not self._limiter.try_acquire():
            raise VerificationError("too many certificate chain fetches for unknown URLs; not fetched")

    def _stored_chain(self, url: str, now: datetime) -> _TrustedKey | None:
        """The chain for ``url`` in the shared cache, validated as if fetched; an invalid file is removed."""
        assert self._disk is not None
        data = self._disk.load(url)
        if data is None:
            return None
        try:
            if len(data) > MAX_CHAIN_BYTES:
                raise VerificationError("certificate chain too large")
            return self._validate_chain(data, now)
        except VerificationError as exc:
            log.warning("certificate cache: %s for %s; removed", exc.reason, self._disk.path_for(url).name)
            self._disk.discard(url)
            return None

    def _fetched_chain(self, url: str, now: datetime) -> _TrustedKey:
        try:
            data = self._fetch(url)
        except VerificationError:
            raise
        except Exception as exc:
            raise VerificationError(f"certificate chain fetch failed: {exc}") from exc
        return self._validate_chain(bytes(data), now, keep_pem=self._disk is not None)

    def _validate_chain(self, data: bytes, now: datetime, *, keep_pem: bool = False) -> _TrustedKey:
        """The leaf key of the PEM chain ``data`` if it leads to a trusted root, is valid at ``now`` and
        names ``echo-api.amazon.com``; with ``keep_pem`` the entry carries the chain, re-encoded."""
        try:
            certs = x509.load_pem_x509_certificates(data)
        except Exception as exc:
            raise VerificationError("certificate chain is not a PEM bundle") from exc
        if not certs:
            raise VerificationError("certificate chain is empty")
        verifier = (
            PolicyBuilder().store(self._store).time(now).build_server_verifier(DNSName(ALEXA_SAN))
        )
        try:
            chain = verifier.verify(certs[0], certs[1:])
        except ChainError as exc:
            raise VerificationError(f"certificate chain rejected: {exc}") from exc
        public_key = certs[0].public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate key is not RSA")
        return _TrustedKey(
            public_key=public_key,
            not_before=max(cert.not_valid_before_utc for cert in chain),
            not_after=min(cert.not_valid_after_utc for cert in chain),
            pem=b"".join(cert.public_bytes(Encoding.PEM) for cert in certs) if keep_pem else None,
        )

    # -- request body ------------------------------------------------------

    @staticmethod
    def _parse(body: bytes) -> dict[str, Any]:
        try:
            envelope = strict_json.loads(body)
        except strict_json.BadJSON as exc:
            raise VerificationError(f"body is not valid JSON: {exc.reason}") from exc
        if not isinstance(envelope, dict):
            raise VerificationError("body is not a JSON object")
        return envelope

    def _check_timestamp(self, envelope: dict[str, Any], now: datetime) -> None:
        request = envelope.get("request")
        stamp = request.get("timestamp") if isinstance(request, dict) else None
        if not isinstance(stamp, str):
            raise VerificationError("request.timestamp missing")
        try:
            skew = abs(now - _as_utc(datetime.fromisoformat(stamp)))
        except (ValueError, OverflowError) as exc:
            raise VerificationError("request.timestamp is not ISO 8601") from exc
        limit = SKILL_EVENT_SKEW if request.get("type") in SKILL_EVENTS else self._max_skew
        if skew > limit:
            raise VerificationError("request.timestamp too far from now")

    def _check_skill_id(self, envelope: dict[str, Any]) -> None:
        if not self.skill_id:
            return
        if application_id(envelope) != self.skill_id:
            raise VerificationError("skill id does not match")

