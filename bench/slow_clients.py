"""Slow clients against ``rugadvies serve``: how legitimate requests fare while many connections dribble.

    python -m bench.slow_clients [--slow 200] [--duration 20] [--legit 4] [--json out.json]

Starts ``rugadvies serve`` (production options, 2 workers) on 127.0.0.1, opens ``--slow``
attack connections in three kinds (a third each) and keeps them going for ``--duration``
seconds while ``--legit`` clients post Alexa requests one after another:

* ``header``: a request line, then one header byte a second (slowloris);
* ``body``: complete headers announcing a 2 000-byte body, then one body byte a second;
* ``short``: complete headers announcing 2 000 bytes, 100 bytes of body, then nothing.

Reports the legitimate requests' p50 / p95 / max and errors, and how many attack
connections the server closed (and with what). Bounded: loopback only, a fixed number
of sockets, a fixed time. ``tests/test_slow_clients.py`` runs the same attack, small.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import common

KINDS = ("header", "body", "short")
BODY_LENGTH = 2000


def _opening(kind: str) -> bytes:
    if kind == "header":
        return b"POST /alexa HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head = (f"POST /alexa HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {BODY_LENGTH}\r\n\r\n").encode()
    return head + (b"{" + b" " * 99 if kind == "short" else b"{")


SERVER_CLOSED = (ConnectionResetError, BrokenPipeError)


class SlowAttack:
    """``count`` attack connections to ``port``, dribbling a byte a second until :meth:`stop`."""

    def __init__(self, port: int, count: int, interval: float = 1.0) -> None:
        self.port = port
        self.count = count
        self.interval = interval
        self.conns: list[tuple[str, socket.socket]] = []
        self.closed: Counter[tuple[str, str]] = Counter()
        self.opened: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._dribble, daemon=True)

    def start(self) -> "SlowAttack":
        for i in range(self.count):
            kind = KINDS[i % len(KINDS)]
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(_opening(kind))
            sock.setblocking(False)
            self.conns.append((kind, sock))
            self.opened[kind] += 1
        self._thread.start()
        return self

    def _answer(self, sock: socket.socket) -> str | None:
        """What the server sent or did (a status line, "closed"), or None while it waits.

        A server that closes a socket with unread bytes in its buffer makes the kernel send a reset instead of a
        FIN, so "closed" stands for both: either way the server cut the connection off.
        """
        try:
            data = sock.recv(200)
        except BlockingIOError:
            return None
        except SERVER_CLOSED:
            return "closed"
        except OSError as exc:
            return type(exc).__name__
        return data.split(b"\r\n", 1)[0].decode("latin-1") if data else "closed"

    def _dribble(self) -> None:
        while not self._stop.wait(self.interval):
            for kind, sock in list(self.conns):
                answer = self._answer(sock)
                if answer is None and kind != "short":
                    try:
                        sock.send(b"X" if kind == "header" else b" ")
                        continue
                    except SERVER_CLOSED:
                        answer = "closed"
                    except OSError as exc:
                        answer = type(exc).__name__
                if answer is not None:
                    self.closed[(kind, answer)] += 1
                    self.conns.remove((kind, sock))
                    sock.close()

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join(5)
        still_open = Counter(kind for kind, _ in self.conns)
        for _, sock in self.conns:
            sock.close()
        return {"opened": dict(self.opened), "still_open_at_end": dict(still_open),
                "closed_by_server": {f"{kind}: {answer}": n for (kind, answer), n in sorted(self.closed.items())}}


def legit_requests(port: int, bodies: list[bytes], duration: float, clients: int,
                   timeout: float = 10.0) -> dict[str, Any]:
    """``clients`` threads posting ``bodies`` in turn for ``duration`` s; latency summary and status counts."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(n: int) -> None:
        i = n
        while time.monotonic() < deadline:
            body = bodies[i % len(bodies)]
            i += 1
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                conn.request("POST", "/alexa", body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = str(resp.status)
                conn.close()
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            with lock:
                latencies.append(time.perf_counter() - started)
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    summary = common.latency_summary(latencies) if latencies else {}
    if latencies:
        summary["p95_ms"] = round(common.percentile(sorted(latencies), 95) * 1000.0, 3)
    return {"requests": len(latencies), "status": dict(statuses), **summary}


def alexa_bodies(count: int = 20) -> list[bytes]:
    from skill.tools.device import AlexaSession

    bodies = []
    for i in range(count):
        session = AlexaSession(user_id=f"amzn1.ask.account.SLOW{i}")
        bodies.append(json.dumps(session.launch() if i % 2 else session.topic("tillen", "tillen")).encode())
    return bodies


def run(slow: int, duration: float, legit: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rugadvies-slow-") as tmp:
        with common.start_server("rugadvies", Path(tmp)) as server:
            bodies = alexa_bodies()
            baseline = legit_requests(server.port, bodies, min(5.0, duration), legit)
            attack = SlowAttack(server.port, slow).start()
            try:
                under_attack = legit_requests(server.port, bodies, duration, legit)
            finally:
                attack_report = attack.stop()
            problems = server.log_problems()
    return {"config": {"slow_connections": slow, "duration_s": duration, "legit_clients": legit,
                       **common.machine_info()},
            "baseline": baseline, "under_attack": under_attack, "attack": attack_report,
            "server_log_problems": problems}


def report(result: dict[str, Any]) -> str:
    cfg, base, hit = result["config"], result["baseline"], result["under_attack"]

    def line(name: str, r: dict[str, Any]) -> str:
        if not r.get("requests"):
            return f"{name}: no requests"
        return (f"{name}: {r['requests']} requests {r['status']}, p50 {r['p50_ms']:.1f} ms, "
                f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms")

    ok = hit.get("p95_ms", float("inf")) < 1000 and set(hit.get("status", {})) == {"200"}
    return "\n".join([
        f"{cfg['slow_connections']} slow connections for {cfg['duration_s']:g} s, {cfg['legit_clients']} legitimate "
        f"clients, rugadvies serve on 127.0.0.1 ({cfg['cpus']} CPUs)",
        line("without attack", base), line("under attack", hit),
        f"attack: {result['attack']}",
        f"goal (every legitimate request 200, p95 < 1000 ms under attack): {'OK' if ok else 'MISSED'}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--legit", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.slow, args.duration, args.legit)
    print(report(result))
    if args.json:
        common.write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
