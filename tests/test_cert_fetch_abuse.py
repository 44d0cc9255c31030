"""Certificate-fetch abuse (issue 13, item 2): unsigned requests naming new chain URLs must cost the attacker.

The verifier may fetch a chain only for a request that passed every cheap check, keeps a chain only
after a request signed with it verified, fetches each URL once at a time, and fetches URLs it does
not trust yet at a bounded rate and concurrency. The default fetcher has a total deadline and
follows no redirects. Stand-ins: the local test CA and HTTP servers on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from skill.web.verification import FetchLimiter, RequestVerifier, VerificationError, fetch_url
from tests.alexa_ca import TestPKI, cert_url, get_test_pki, request_envelope
from tests.alexa_ca import refusal_reason as reason

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture(scope="module")
def pki() -> TestPKI:
    return get_test_pki()


def verifier_for(pki: TestPKI, fetch, **kwargs) -> RequestVerifier:
    return RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=fetch, clock=lambda: pki.now, **kwargs)


def body_for(pki: TestPKI, *, now: datetime | None = None, skill_id: str = SKILL_ID) -> bytes:
    return pki.body(request_envelope(skill_id=skill_id, now=now or pki.now))


def attacker_url(n: int) -> str:
    return f"https://s3.amazonaws.com/echo.api/attacker-{n}.pem"


def unsigned(pki: TestPKI, url: str, body: bytes | None = None) -> tuple[dict[str, str], bytes]:
    """A request that names ``url`` but is not signed by its chain's key (a valid-looking base64 blob)."""
    body = body if body is not None else body_for(pki)
    headers = pki.headers(body, url=url)
    headers["Signature-256"] = pki.sign(body + b"forged")
    return headers, body


# -- the cache holds only chains that verified a signature ------------------------------------


def test_unsigned_requests_cannot_evict_the_genuine_chain(pki):
    """16 unique URLs serving a valid chain, each with a forged signature, leave the genuine chain cached."""
    urls = [attacker_url(n) for n in range(16)]
    fetcher = pki.fetcher({url: "good" for url in urls})
    verifier = verifier_for(pki, fetcher, cache_size=2, untrusted_fetch_burst=100)
    body = body_for(pki)
    verifier.verify(pki.headers(body), body)
    for url in urls:
        assert "signature" in reason(verifier, *unsigned(pki, url))
    verifier.verify(pki.headers(body), body)
    assert fetcher.calls.count(cert_url("good")) == 1


def test_a_chain_is_cached_only_after_a_signature_verified(pki):
    url = attacker_url(0)
    fetcher = pki.fetcher({url: "good"})
    verifier = verifier_for(pki, fetcher)
    reason(verifier, *unsigned(pki, url))
    reason(verifier, *unsigned(pki, url))
    assert fetcher.calls == [url, url]  # not trusted, so fetched again
    body = body_for(pki)
    verifier.verify(pki.headers(body, url=url), body)
    verifier.verify(pki.headers(body, url=url), body)
    assert fetcher.calls == [url] * 3


# -- cheap checks come before any fetch ----------------------------------------------------------


@pytest.mark.parametrize("case", ["stale", "future", "other skill", "not json", "no timestamp"])
def test_cheap_checks_before_any_fetch(pki, case):
    fetcher = pki.fetcher({attacker_url(1): "good"})
    verifier = verifier_for(pki, fetcher)
    body = {
        "stale": lambda: body_for(pki, now=pki.now - timedelta(seconds=151)),
        "future": lambda: body_for(pki, now=pki.now + timedelta(seconds=151)),
        "other skill": lambda: body_for(pki, skill_id="amzn1.ask.skill.someone-else"),
        "not json": lambda: b"{not json",
        "no timestamp": lambda: pki.body({"request": {"type": "LaunchRequest"}}),
    }[case]()
    reason(verifier, *unsigned(pki, attacker_url(1), body))
    assert fetcher.calls == []


# -- one fetch per URL at a time -------------------------------------------------------------------


class GatedFetcher:
    """A fetcher that blocks until ``release`` is set, counting calls; URLs map to PEM bytes."""

    def __init__(self, chains: dict[str, bytes]) -> None:
        self.chains = chains
        self.release = threading.Event()
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            self.calls.append(url)
        if not self.release.wait(10):
            raise TimeoutError("gate never opened")
        if url not in self.chains:
            raise LookupError(url)
        return self.chains[url]


def wait_for_waiters(verifier: RequestVerifier, count: int) -> None:
    """Until ``count`` requests wait for a fetch in flight (bounded: 5 s)."""
    deadline = time.monotonic() + 5
    while verifier._waiters < count:
        assert time.monotonic() < deadline, f"{verifier._waiters} of {count} requests waiting"
        time.sleep(0.01)


def test_one_fetch_in_flight_per_url(pki):
    fetcher = GatedFetcher(dict(pki.chains))
    verifier = verifier_for(pki, fetcher)
    body = body_for(pki)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(verifier.verify, pki.headers(body), body) for _ in range(6)]
        wait_for_waiters(verifier, 5)
        fetcher.release.set()
        results = [f.result(timeout=10) for f in futures]
    assert all(r["request"]["type"] == "LaunchRequest" for r in results)
    assert fetcher.calls == [cert_url("good")]


# -- a bounded rate and concurrency for URLs not trusted yet ----------------------------------------


def test_fast_failing_url_flood_makes_a_bounded_number_of_fetches(pki):
    fetcher = pki.fetcher()  # the attacker's URLs are all 404s
    verifier = verifier_for(pki, fetcher, untrusted_fetch_rate=0.001, untrusted_fetch_burst=5)
    reasons = [reason(verifier, *unsigned(pki, attacker_url(n))) for n in range(400)]
    assert len(fetcher.calls) == 5  # the burst; the next token takes 1000 s
    assert sum("too many" in r for r in reasons) == 395


def test_the_token_bucket_refills_at_its_rate():
    now = [0.0]
    limiter = FetchLimiter(rate=2.0, burst=3, concurrency=10, clock=lambda: now[0])
    assert [limiter.try_acquire() for _ in range(4)] == [True, True, True, False]
    now[0] = 0.49
    assert not limiter.try_acquire()
    now[0] = 0.5
    assert limiter.try_acquire() and not limiter.try_acquire()
    now[0] = 100.0  # refills up to the burst, no further
    assert [limiter.try_acquire() for _ in range(4)] == [True, True, True, False]


def test_the_concurrency_cap_frees_a_slot_on_release():
    limiter = FetchLimiter(rate=1000.0, burst=1000, concurrency=2)
    assert limiter.try_acquire() and limiter.try_acquire() and not limiter.try_acquire()
    limiter.release()
    assert limiter.try_acquire()


def test_hanging_urls_do_not_hold_more_than_the_fetch_concurrency(pki):
    """While fetches of untrusted URLs hang, more untrusted URLs are refused at once; trusted ones still pass."""
    fetcher = GatedFetcher(dict(pki.chains))
    verifier = verifier_for(pki, fetcher, untrusted_fetch_concurrency=2, untrusted_fetch_burst=100)
    body = body_for(pki)
    fetcher.release.set()
    verifier.verify(pki.headers(body), body)  # the genuine chain is trusted now
    fetcher.release.clear()
    with ThreadPoolExecutor(2) as pool:
        hanging = [pool.submit(reason, verifier, *unsigned(pki, attacker_url(n))) for n in range(2)]
        deadline = time.monotonic() + 5
        while len(fetcher.calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        refused = reason(verifier, *unsigned(pki, attacker_url(99)))
        verifier.verify(pki.headers(body), body)
        elapsed = time.monotonic() - started
        fetcher.release.set()
        for future in hanging:
            future.result(timeout=10)
    assert "too many" in refused
    assert elapsed < 0.5
    assert attacker_url(99) not in fetcher.calls


def test_an_expired_trusted_chain_is_refreshed_despite_a_flood(pki):
    """A URL that verified before is not 'untrusted': its refresh does not wait for the flood's tokens."""
    now = [pki.now]
    fetcher = pki.fetcher()
    verifier = RequestVerifier(SKILL_ID, trust_store=pki.trust_store, fetch_chain=fetcher, clock=lambda: now[0],
                               untrusted_fetch_rate=0.001, untrusted_fetch_burst=1)
    body = body_for(pki)
    verifier.verify(pki.headers(body), body)  # uses the only token
    assert "too many" in reason(verifier, *unsigned(pki, attacker_url(5)))
    now[0] = datetime(2045, 1, 1, 0, 1, tzinfo=pki.now.tzinfo)  # the leaf has expired: refetch, fails validation
    later = body_for(pki, now=now[0])
    assert "rejected" in reason(verifier, pki.headers(later), later)
    assert fetcher.calls == [cert_url("good")] * 2


@pytest.mark.parametrize("kwargs", [{"untrusted_fetch_rate": 0}, {"untrusted_fetch_burst": 0},
                                    {"untrusted_fetch_concurrency": 0}])
def test_limits_must_be_positive(pki, kwargs):
    with pytest.raises(ValueError):
        verifier_for(pki, pki.fetcher(), **kwargs)


# -- the default fetcher: a total deadline, no redirects ------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def http_stand_in(pki):
    """An HTTP server on 127.0.0.1: /chain.pem, /redirect-* (302), /drip (1 byte per 0.2 s), /missing (404)."""
    hits: list[str] = []
    stop = threading.Event()
    chain = pki.chain_pem("good")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            hits.append(self.path)
            if self.path == "/chain.pem":
                self.send_response(200)
                self.send_header("Content-Length", str(len(chain)))
                self.end_headers()
                self.wfile.write(chain)
            elif self.path.startswith("/redirect-"):
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect-").replace("~", "/"))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/drip":
                self.send_response(200)
                self.send_header("Content-Length", str(len(chain)))
                self.end_headers()
                for byte in chain[:50]:  # bounded: at most 10 s
                    if stop.wait(0.2):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.send_error(404)

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield base, hits
    stop.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_default_fetcher_gets_a_chain(http_stand_in, pki):
    base, hits = http_stand_in
    assert fetch_url(f"{base}/chain.pem") == pki.chain_pem("good")


def test_default_fetcher_limits_size(http_stand_in, pki):
    base, _ = http_stand_in
    size = len(pki.chain_pem("good"))
    assert len(fetch_url(f"{base}/chain.pem", max_bytes=size)) == size
    with pytest.raises(VerificationError, match="too large"):
        fetch_url(f"{base}/chain.pem", max_bytes=size - 1)


def test_default_fetcher_follows_no_redirect(http_stand_in):
    base, hits = http_stand_in
    target = f"{base}/chain.pem".replace("/", "~")
    with pytest.raises(VerificationError, match="redirect"):
        fetch_url(f"{base}/redirect-{target}")
    assert hits == [f"/redirect-{target}"]


def test_default_fetcher_rejects_an_error_status(http_stand_in):
    base, _ = http_stand_in
    with pytest.raises(VerificationError, match="404"):
        fetch_url(f"{base}/missing")


def test_default_fetcher_has_a_total_deadline(http_stand_in):
    """A server that sends one byte every 0.2 s never lets a read time out; the deadline still ends the fetch."""
    base, _ = http_stand_in
    started = time.monotonic()
    with pytest.raises(VerificationError, match="timed out"):
        fetch_url(f"{base}/drip", timeout=0.6)
    assert time.monotonic() - started < 1.5


def test_requests_waiting_for_a_failing_fetch_all_get_its_reason(pki):
    fetcher = GatedFetcher({})  # the URL is not published: the one fetch fails
    verifier = verifier_for(pki, fetcher)
    url = attacker_url(7)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(reason, verifier, *unsigned(pki, url)) for _ in range(4)]
        wait_for_waiters(verifier, 3)
        fetcher.release.set()
        reasons = [f.result(timeout=10) for f in futures]
    assert fetcher.calls == [url]
    assert all("fetch failed" in r for r in reasons), reasons


def test_waiters_for_fetches_in_flight_are_bounded(pki):
    fetcher = GatedFetcher(dict(pki.chains))
    verifier = verifier_for(pki, fetcher, max_waiters=2)
    url = attacker_url(8)
    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(reason, verifier, *unsigned(pki, url)) for _ in range(3)]
        wait_for_waiters(verifier, 2)
        refused = reason(verifier, *unsigned(pki, url))
        fetcher.release.set()
        for future in futures:
            future.result(timeout=10)
    assert "waiting" in refused and fetcher.calls == [url]
