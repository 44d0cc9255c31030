"""A certificate-fetch flood against a real server on loopback, and what it does to a legitimate user.

``python -m bench.cert_flood [--hanging 50] [--flood 400] [--workers 2] [--warmup 10] [--before 20] [--restart]
[--json out.json]``

Starts Rugadvies with verification on (``bench/serve.py``, production gunicorn options, the local
test CA) and an HTTP origin on 127.0.0.1 standing in for ``s3.amazonaws.com``: chain URLs named
``hang-*`` never answer, ``fail-*`` answer 404 at once. Then, at the same time, ``--hanging``
requests each name a new hanging URL and ``--flood`` requests each name a new failing URL (all with
a current timestamp and the right skill id, so only the signature is wrong), while one legitimate
user sends a signed LaunchRequest every 0.1 s. Before the attack come ``--warmup`` signed requests
(not measured) and ``--before`` measured ones: with few, the flood meets a worker that has not verified
the genuine chain yet. ``--restart`` sends the warm-up to a first server, stops it and attacks a new
one on the same state directory (the cache of verified chains included). Prints the legitimate latencies before and during the
attack, the attack's answers and the outbound fetches the origin saw. Bounded: every client socket
has a 30 s time-out and the attack phase ends after 60 s at most.
"""

from __future__ import annotations

import argparse
import http.client
import http.server
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from bench.common import (DEFAULT_SKILL_ID, HOST, export_pki, percentile, start_server, table, temp_workdir, test_pki,
                          write_json)
from bench.serve import CERT_ORIGIN_ENV

CLIENT_TIMEOUT = 30.0
ATTACK_LIMIT = 60.0


class Origin(http.server.ThreadingHTTPServer):
    """The stand-in for s3.amazonaws.com: counts what it is asked for."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.stop = threading.Event()
        origin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                kind = self.path.rsplit("/", 1)[-1].split("-", 1)[0]
                origin.hits[kind] += 1
                if kind == "hang":
                    origin.stop.wait(ATTACK_LIMIT)  # never answers while the bench runs
                    return
                self.send_error(404)

        super().__init__((HOST, 0), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"


def post(port: int, headers: dict[str, str], body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
    try:
        conn.request("POST", "/alexa", body=body, headers=headers)
        status = conn.getresponse().status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cert_flood", description=__doc__.splitlines()[0])
    parser.add_argument("--hanging", type=int, default=50)
    parser.add_argument("--flood", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=10, help="signed requests before the attack, not measured")
    parser.add_argument("--before", type=int, default=20, help="measured signed requests before the attack")
    parser.add_argument("--restart", action="store_true", help="warm up a first server, attack a restarted one")
    parser.add_argument("--json")
    args = parser.parse_args(argv)

    from tests.alexa_ca import request_envelope

    pki = test_pki()

    def envelope() -> dict:
        return request_envelope(skill_id=DEFAULT_SKILL_ID, now=datetime.now(timezone.utc))

    def legit() -> tuple[int, float]:
        headers, body = pki.signed(envelope())
        return post(server.port, headers, body)

    def attack(kind: str, n: int) -> tuple[int, float]:
        body = pki.body(envelope())
        headers = pki.headers(body, url=f"https://s3.amazonaws.com/echo.api/{kind}-{n}.pem")
        headers["Signature-256"] = pki.sign(body + b"forged")
        return post(server.port, headers, body)

    origin = Origin()
    threading.Thread(target=origin.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    with temp_workdir("rugadvies-cert-flood-") as tmp:
        work = Path(tmp)
        pki_dir = export_pki(pki, work / "pki")
        def serve():
            return start_server("rugadvies", work, verify=True, workers=args.workers, pki_dir=pki_dir,
                                env={CERT_ORIGIN_ENV: origin.url})

        server = serve()
        try:
            for _ in range(args.warmup):  # with enough of them, every worker has verified the genuine chain
                legit()
            if args.restart:
                server.stop()
                server = serve()
            before = [legit() for _ in range(args.before)]
            attack_results: list[tuple[int, float]] = []
            during: list[tuple[int, float]] = []
            with ThreadPoolExecutor(args.hanging + 16) as pool:
                started = time.perf_counter()
                futures = [pool.submit(attack, "hang", n) for n in range(args.hanging)]
                futures += [pool.submit(attack, "fail", n) for n in range(args.flood)]
                while time.perf_counter() - started < ATTACK_LIMIT and not all(f.done() for f in futures):
                    during.append(legit())
                    time.sleep(0.1)
                attack_seconds = time.perf_counter() - started
                attack_results = [f.result(timeout=CLIENT_TIMEOUT) for f in futures]
        finally:
            origin.stop.set()
            server.stop()
            origin.shutdown()

    def latencies(results: list[tuple[int, float]]) -> dict:
        seconds = [s for _, s in results] or [0.0]
        return {"n": len(results), "p50_ms": round(percentile(seconds, 50) * 1000), "p95_ms":
                round(percentile(seconds, 95) * 1000), "max_ms": round(max(seconds) * 1000),
                "errors": sum(c != 200 for c, _ in results)}

    summary = {
        "legit_before": latencies(before),
        "legit_during": latencies(during),
        "attack_seconds": round(attack_seconds, 2),
        "attack_statuses": dict(Counter(str(c) for c, _ in attack_results)),
        "attack_max_seconds": round(max(s for _, s in attack_results), 2),
        "outbound_fetches": dict(origin.hits),
    }
    rows = [[name, d["n"], d["p50_ms"], d["p95_ms"], d["max_ms"], d["errors"]]
            for name, d in (("before the attack", summary["legit_before"]), ("during", summary["legit_during"]))]
    print(table(["legitimate request", "n", "p50 ms", "p95 ms", "max ms", "errors"], rows))
    print(f"attack: {args.hanging} hanging + {args.flood} failing URLs, over in {summary['attack_seconds']} s, "
          f"answers {summary['attack_statuses']}, slowest {summary['attack_max_seconds']} s, "
          f"outbound fetches {summary['outbound_fetches']}")
    if args.json:
        write_json(args.json, summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
