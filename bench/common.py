"""What the benchmarks share: server subprocesses, the simulated users, an HTTP load client, statistics.

* :func:`start_server` runs Rugadvies under its production server (``rugadvies serve``, or the
  bench-only :mod:`bench.serve` when it must verify against the local test CA) or the hello-world,
  on 127.0.0.1 with a free port and a temporary SQLite store, and waits for ``/health``.
* :func:`user_turns` is one simulated user's conversation, session after session: Launch, a topic
  question (TopicIntent with a resolved slot), Yes (the full text), then "lees de folder voor" on
  an AudioPlayer device and the device's PlaybackStarted / NearlyFinished / Stopped events.
* :func:`run_load` drives N such users over keep-alive HTTP connections for a bounded time
  (threads; every request has a socket time-out) and returns one record per request.
* :func:`summarize` turns records into requests/s, p50/p90/p99 and error counts per request kind.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.tools.device import DEFAULT_SKILL_ID, AlexaSession

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SOCKET_TIMEOUT = 30.0  # seconds; bounds every request of the load client
STARTUP_TIMEOUT = 60.0

#: Request kinds in the order tables list them.
KINDS = ("Launch", "Topic", "Yes (full text)", "ReadLeaflet (AudioPlayer)", "PlaybackStarted",
         "PlaybackNearlyFinished", "PlaybackStopped")

Signer = Callable[[bytes], Mapping[str, str]]


# -- statistics ---------------------------------------------------------------------------------

def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation; NaN for no values."""
    data = sorted(values)
    if not data:
        return math.nan
    pos = (len(data) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def latency_summary(seconds: Iterable[float]) -> dict[str, float]:
    """count, mean, p50, p90, p99 and max of latencies given in seconds, reported in milliseconds."""
    data = sorted(seconds)
    ms = lambda v: round(v * 1000.0, 3)  # noqa: E731
    return {"count": len(data), "mean_ms": ms(sum(data) / len(data)) if data else math.nan,
            "p50_ms": ms(percentile(data, 50)), "p90_ms": ms(percentile(data, 90)),
            "p99_ms": ms(percentile(data, 99)), "max_ms": ms(data[-1]) if data else math.nan}


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b and not math.isnan(a) and not math.isnan(b) else math.nan


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table with right-aligned numbers."""
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return "-" if math.isnan(v) else f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
        return str(v)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def write_json(path: str | Path, data: dict[str, Any]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=True) + "\n", encoding="utf-8")


def machine_info() -> dict[str, Any]:
    import platform

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


# -- signing with the local test CA ---------------------------------------------------------------

def test_pki():
    """The process-wide local test CA of ``tests/alexa_ca.py`` (bench code only: never production)."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from tests.alexa_ca import get_test_pki

    return get_test_pki()


def export_pki(pki, directory: Path) -> Path:
    """Write the test root, the published chain and its URL for :mod:`bench.serve` to trust."""
    from cryptography.hazmat.primitives import serialization

    from bench.serve import CHAIN_FILE, ROOT_FILE, URL_FILE

    directory.mkdir(parents=True, exist_ok=True)
    (directory / ROOT_FILE).write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    (directory / CHAIN_FILE).write_bytes(pki.chain_pem("good"))
    (directory / URL_FILE).write_text(pki.url("good"))
    return directory


# -- servers ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _cpu_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(k) for k in task.read_text().split()]
        except OSError:
            pass
    return kids


@dataclass
class ServerProcess:
    """A server subprocess (its own process group) on 127.0.0.1; stop it with :meth:`stop` or ``with``."""

    app: str
    proc: subprocess.Popen
    port: int
    log_path: Path
    started: float

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the master and its workers (Linux /proc), or None."""
        pids = [self.proc.pid, *_children(self.proc.pid)]
        ticks = sum(_cpu_ticks(p) for p in pids)
        return ticks / os.sysconf("SC_CLK_TCK") if ticks else None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_problems(self) -> int:
        """Lines in the server log that report an error or a traceback."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return 0
        return sum(1 for line in text.splitlines() if " ERROR " in line or line.startswith("Traceback")
                   or "[CRITICAL]" in line or "WORKER TIMEOUT" in line)

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.app} server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/health")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"{self.app} server not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # gunicorn's graceful shutdown
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def server_command(app: str, port: int, workers: int, verify: bool) -> list[str]:
    """Rugadvies without verification runs as in production (``rugadvies serve``); the rest via bench.serve."""
    if app == "rugadvies" and not verify:
        return [sys.executable, "-m", "skill.cli", "serve", "--host", HOST, "--port", str(port),
                "--workers", str(workers)]
    return [sys.executable, "-m", "bench.serve", "--app", app, "--verify", str(int(verify)), "--host", HOST,
            "--port", str(port), "--workers", str(workers)]


def spawn_server(app: str, workdir: Path, *, verify: bool = False, workers: int = 2, pki_dir: Path | None = None,
                 env: Mapping[str, str] | None = None) -> ServerProcess:
    """Start a server without waiting for it (cold-start measurements wait themselves)."""
    from bench.serve import PKI_DIR_ENV

    if app not in ("rugadvies", "hello"):
        raise ValueError(f"unknown app {app!r}")
    if verify and pki_dir is None:
        raise ValueError("verify needs the exported test PKI (pki_dir)")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    full_env = dict(os.environ)
    full_env.update({
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p),
        "RUGADVIES_STORE_URL": f"sqlite:///{workdir / 'store.sqlite3'}",
        "RUGADVIES_CERT_CACHE_DIR": str(workdir / "cert-cache"),
        "RUGADVIES_VERIFY": "1" if verify else "0",
        "RUGADVIES_SKILL_ID": DEFAULT_SKILL_ID,
        "RUGADVIES_USER_SALT": "bench-salt",
        "PYTHONUNBUFFERED": "1",
    })
    if pki_dir is not None:
        full_env[PKI_DIR_ENV] = str(pki_dir)
    full_env.update(env or {})
    log_path = workdir / f"{app}-{port}.log"
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(server_command(app, port, workers, verify), cwd=REPO_ROOT, env=full_env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    return ServerProcess(app, proc, port, log_path, started)


def start_server(app: str, workdir: Path, **kw) -> ServerProcess:
    """Start a server and wait until ``/health`` answers (a port taken meanwhile: one more try)."""
    for attempt in range(2):
        server = spawn_server(app, workdir, **kw)
        try:
            server.wait_ready()
            return server
        except RuntimeError:
            server.stop()
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


# -- the simulated users ------------------------------------------------------------------------

def topic_phrases() -> list[tuple[str, str]]:
    """(heard words, section id) for questions whose Yes reads the section's full text.

    Sections whose summary is their whole text answer Yes with the next topic instead, so only
    sections with more text than summary are asked about (found by asking the skill in-process).
    """
    from skill.alexa.skill_builder import build_skill
    from skill.content.leaflet import load_leaflet
    from skill.tools.device import to_dict, to_model
    from skill.dialog.state import SESSION_KEY
    from skill.alexa.stores import MemoryAdapter

    leaflet = load_leaflet()
    skill = build_skill(leaflet, MemoryAdapter())
    phrases: list[tuple[str, str]] = []
    for section in leaflet.sections:
        session = AlexaSession(user_id="amzn1.ask.account.BENCHPROBE")
        for step in ("launch", "topic", "yes"):
            envelope = (session.launch() if step == "launch" else session.topic(section.synonyms[0], section.id)
                        if step == "topic" else session.intent("AMAZON.YesIntent"))
            response = to_dict(skill.invoke(request_envelope=to_model(envelope), context=None))
            session.receive(response)
        said = ((response.get("sessionAttributes") or {}).get(SESSION_KEY) or {}).get("said") or {}
        if said.get("kind") == "full" and said.get("section") == section.id:
            phrases += [(synonym, section.id) for synonym in section.synonyms[:3]]
    if not phrases:
        raise RuntimeError("no section answers Yes with its full text: the request mix would be wrong")
    return phrases


def user_turns(session: AlexaSession, rng: random.Random, topics: list[tuple[str, str]]
               ) -> Iterator[tuple[str, dict[str, Any]]]:
    """One user's requests, forever: yields (kind, envelope); the caller feeds responses to ``session.receive``."""
    first_section_token = "rugadvies:leaflet:inleiding"
    while True:
        session.end()
        yield "Launch", session.launch()
        heard, section_id = rng.choice(topics)
        yield "Topic", session.topic(heard, section_id)
        yield "Yes (full text)", session.intent("AMAZON.YesIntent")
        session.end()  # later: "Alexa, vraag Rugadvies de folder voor te lezen" (a one-shot session)
        yield "ReadLeaflet (AudioPlayer)", session.intent("ReadLeafletIntent")
        token = session.player[0] if session.player else first_section_token
        offset = rng.randrange(30_000, 70_000)
        yield "PlaybackStarted", session.event("AudioPlayer.PlaybackStarted", token, 0)
        yield "PlaybackNearlyFinished", session.event("AudioPlayer.PlaybackNearlyFinished", token, offset)
        yield "PlaybackStopped", session.event("AudioPlayer.PlaybackStopped", token, offset + rng.randrange(5_000))


def make_user(index: int, seed: int = 0, audio_player: bool = True) -> AlexaSession:
    return AlexaSession(user_id=f"amzn1.ask.account.BENCH{seed:04d}{index:06d}",
                        device_id=f"amzn1.ask.device.BENCH{seed:04d}{index:06d}", audio_player=audio_player)


def compact(envelope: Mapping[str, Any]) -> bytes:
    """The body as Alexa sends it: compact UTF-8 JSON."""
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- the HTTP load client -----------------------------------------------------------------------

@dataclass(frozen=True)
class Record:
    kind: str
    start: float  # seconds since the run began
    latency: float  # seconds
    status: int  # HTTP status; 0: no response (connection error or time-out)
    valid: bool  # a 200 whose body is a response envelope


@dataclass
class LoadRun:
    records: list[Record]
    elapsed: float  # wall seconds of the measured window
    reconnects: int  # keep-alive connections the server had closed (retried once, not errors)
    client_cpu: float  # CPU seconds used by this (client) process
    server_cpu: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _User(threading.Thread):
    def __init__(self, index: int, port: int, deadline: float, t0: float, topics, signer: Signer | None,
                 seed: int) -> None:
        super().__init__(daemon=True, name=f"bench-user-{index}")
        self.session = make_user(index, seed)
        self.rng = random.Random(seed * 1_000_003 + index)
        self.turns = user_turns(self.session, self.rng, topics)
        self.port, self.deadline, self.t0, self.signer = port, deadline, t0, signer
        self.records: list[Record] = []
        self.reconnects = 0
        self.conn: http.client.HTTPConnection | None = None

    def _post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in range(2):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=SOCKET_TIMEOUT)
            try:
                self.conn.request("POST", "/alexa", body, headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if fresh or attempt:
                    raise
                self.reconnects += 1  # an idle keep-alive connection the server closed: retry once
        raise AssertionError("unreachable")

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            kind, envelope = next(self.turns)
            body = compact(envelope)
            headers = {"Content-Type": "application/json; charset=utf-8"}
            if self.signer is not None:
                headers.update(self.signer(body))
            start = time.perf_counter()
            try:
                status, data = self._post(body, headers)
            except (OSError, http.client.HTTPException):
                status, data = 0, b""
                if self.conn is not None:
                    self.conn.close()
                    self.conn = None
            latency = time.perf_counter() - start
            valid = False
            if status == 200:
                try:
                    response = json.loads(data)
                    valid = isinstance(response, dict) and response.get("version") == "1.0"
                except ValueError:
                    response = None
                if valid:
                    self.session.receive(response)
            if not valid:
                self.session.end()  # a failed turn: start over with a new session
            self.records.append(Record(kind, start - self.t0, latency, status, valid))
        if self.conn is not None:
            self.conn.close()


def run_load(server: ServerProcess, users: int, duration: float, *, topics: list[tuple[str, str]] | None = None,
             signer: Signer | None = None, warmup: float = 0.0, seed: int = 1) -> LoadRun:
    """``users`` concurrent users for ``warmup + duration`` seconds; records of the last ``duration`` only."""
    if users < 1 or duration <= 0:
        raise ValueError("need at least one user and a positive duration")
    topics = topics or topic_phrases()
    t0 = time.perf_counter()
    deadline = time.monotonic() + warmup + duration
    threads = [_User(i, server.port, deadline, t0, topics, signer, seed) for i in range(users)]
    cpu0, server_cpu0 = time.process_time(), None
    for thread in threads:
        thread.start()
    if warmup:
        time.sleep(warmup)
    server_cpu0 = server.cpu_seconds()
    window_start = time.perf_counter() - t0
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + SOCKET_TIMEOUT + 5)
    elapsed = time.perf_counter() - t0 - window_start
    server_cpu1 = server.cpu_seconds()
    records = [r for t in threads for r in t.records if r.start >= window_start]
    server_cpu = server_cpu1 - server_cpu0 if server_cpu0 is not None and server_cpu1 is not None else None
    return LoadRun(records, elapsed, sum(t.reconnects for t in threads), time.process_time() - cpu0, server_cpu)


def summarize(records: list[Record], elapsed: float) -> dict[str, Any]:
    """Per kind and in total: requests/s, latency percentiles (ms), non-200, 5xx, no answer, invalid 200s."""
    def stats(rs: list[Record]) -> dict[str, Any]:
        out: dict[str, Any] = {"requests": len(rs), "rps": round(len(rs) / elapsed, 2) if elapsed else math.nan}
        out.update(latency_summary(r.latency for r in rs))
        out["non_200"] = sum(1 for r in rs if r.status != 200)
        out["errors_5xx"] = sum(1 for r in rs if r.status >= 500)
        out["no_response"] = sum(1 for r in rs if r.status == 0)
        out["invalid_200"] = sum(1 for r in rs if r.status == 200 and not r.valid)
        return out

    by_kind = {kind: stats([r for r in records if r.kind == kind]) for kind in KINDS}
    return {"total": stats(records), "by_kind": {k: v for k, v in by_kind.items() if v["requests"]}}


def load_table(summary: dict[str, Any]) -> str:
    rows = [[kind, s["requests"], s["rps"], s["p50_ms"], s["p90_ms"], s["p99_ms"], s["max_ms"], s["non_200"],
             s["errors_5xx"], s["no_response"] + s["invalid_200"]]
            for kind, s in [*summary["by_kind"].items(), ("TOTAL", summary["total"])]]
    return table(["kind", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "non-200", "5xx",
                  "no/bad answer"], rows)


def temp_workdir(prefix: str) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=prefix)
