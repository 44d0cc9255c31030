"""Rugadvies next to an ask-sdk hello-world, in one run on one machine.

    python -m bench.compare [--quick] [--json bench/results.json] [--profile DIR]

1. Per-turn latency in-process (Flask test client, realistic request JSON): p50/p99 for Launch,
   TopicIntent, Yes (full text), ReadLeafletIntent (AudioPlayer), PlaybackNearlyFinished.
2. Throughput and p99 over HTTP: both under gunicorn with the production options, loopback,
   the same concurrent simulated users (:func:`bench.common.user_turns`).
3. Cold start: process start to the first answered request (median of a few runs).
4. Verification cost: Rugadvies per-turn latency with request verification on (bodies signed by
   the local test CA, real clock) against off.
5. The resolver's utterances per second (distinct utterances) and the no-op audio build time.

Rugadvies and the hello-world are measured interleaved (blocks of turns, alternating load rounds
and cold starts) so that drift and other load on the machine hit both alike. ``--profile DIR``
also writes pyinstrument profiles of Rugadvies' turns. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import http.client
import json
import logging
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import common
from skill.web.server import SERVER_OPTIONS
from bench.common import KINDS, compact
from skill.tools.device import DEFAULT_SKILL_ID, timestamp

#: The request kinds whose per-turn latency is compared (the rest of KINDS only warms the store).
TURN_KINDS = ("Launch", "Topic", "Yes (full text)", "ReadLeaflet (AudioPlayer)", "PlaybackNearlyFinished")
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}

TARGETS = {
    "per_turn_ratio_max": 1.10,  # Rugadvies / hello-world, p50 of each kind
    "throughput_ratio_min": 0.90,
    "cold_start_ratio_max": 1.50,
    "verification_ratio_max": 1.20,  # verification on / off, p50 of each kind
    "resolver_utt_per_s_min": 5000.0,
    "audio_noop_s_max": 1.0,
}


@dataclass(frozen=True)
class Plan:
    """How much to measure: ``full`` takes a few minutes on 2 cores, ``quick`` seconds (smoke test)."""

    pool_users: int
    turns: int  # measured turns per kind and app
    warmup_turns: int
    http_users: int
    http_seconds: float
    http_rounds: int
    cold_runs: int
    verify_turns: int
    resolver_utterances: int

    @classmethod
    def full(cls) -> "Plan":
        return cls(pool_users=60, turns=2000, warmup_turns=100, http_users=16, http_seconds=20.0, http_rounds=2,
                   cold_runs=5, verify_turns=1500, resolver_utterances=6000)

    @classmethod
    def quick(cls) -> "Plan":
        return cls(pool_users=4, turns=30, warmup_turns=5, http_users=4, http_seconds=1.0, http_rounds=1,
                   cold_runs=1, verify_turns=20, resolver_utterances=300)


# -- in-process apps and request pools --------------------------------------------------------------

def production_logging(log_file: Path) -> None:
    """Log like ``rugadvies serve`` does (INFO, one line per Alexa request), to a file."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        filename=str(log_file))


def rugadvies_app(store_file: Path, verifier=None):
    from skill.web.app import create_app
    from skill.settings import Settings

    settings = Settings(skill_id=DEFAULT_SKILL_ID, verify=verifier is not None, store_url=f"sqlite:///{store_file}",
                        user_salt="bench-salt")
    return create_app(settings, verifier=verifier)


def build_pools(client, users: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """Envelopes of every kind from ``users`` simulated users, taken in their second cycle (steady state)."""
    topics = common.topic_phrases()
    pools: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    rng = random.Random(seed)
    for index in range(users):
        session = common.make_user(index, seed)
        turns = common.user_turns(session, rng, topics)
        for cycle in range(2):
            for _ in KINDS:
                kind, envelope = next(turns)
                reply = client.post("/alexa", data=compact(envelope), headers=JSON_HEADERS)
                if reply.status_code != 200:
                    raise RuntimeError(f"building the request pool: {kind} answered {reply.status_code}")
                session.receive(reply.get_json())
                if cycle:
                    pools[kind].append(copy.deepcopy(envelope))
    return pools


def signed(pool: list[dict[str, Any]], pki) -> list[tuple[bytes, dict[str, str]]]:
    """The pool with fresh timestamps, signed by the local test CA."""
    out = []
    for envelope in pool:
        envelope = copy.deepcopy(envelope)
        envelope["request"]["timestamp"] = timestamp()
        body = compact(envelope)
        out.append((body, pki.headers(body)))
    return out


def measure_turns(clients: dict[str, Any], items: list[tuple[bytes, dict[str, str]]], turns: int, warmup: int,
                  block: int = 50) -> dict[str, dict[str, Any]]:
    """Latency of ``turns`` posts of ``items`` per client, interleaved in blocks of ``block``.

    Per client: the wall-clock summary, the p50 of the thread's CPU time per turn (robust against
    other load on the machine) and the number of non-200 answers.
    """
    wall: dict[str, list[float]] = {name: [] for name in clients}
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    failures = {name: 0 for name in clients}
    clock, cpu_clock = time.perf_counter, time.thread_time
    for name, client in clients.items():
        for i in range(warmup):
            body, headers = items[i % len(items)]
            client.post("/alexa", data=body, headers=headers)
    for start in range(0, turns, block):
        for name, client in clients.items():
            out, out_cpu = wall[name], cpu[name]
            for i in range(start, min(start + block, turns)):
                body, headers = items[i % len(items)]
                c0, t0 = cpu_clock(), clock()
                reply = client.post("/alexa", data=body, headers=headers)
                t1, c1 = clock(), cpu_clock()
                out.append(t1 - t0)
                out_cpu.append(c1 - c0)
                if reply.status_code != 200:
                    failures[name] += 1
    return {name: {**common.latency_summary(wall[name]),
                   "cpu_p50_ms": round(common.percentile(cpu[name], 50) * 1000, 3), "non_200": failures[name]}
            for name in clients}


def _ratios(entry: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    entry["ratio_p50"] = common.ratio(entry[a]["p50_ms"], entry[b]["p50_ms"])
    entry["ratio_p99"] = common.ratio(entry[a]["p99_ms"], entry[b]["p99_ms"])
    entry["ratio_cpu_p50"] = common.ratio(entry[a]["cpu_p50_ms"], entry[b]["cpu_p50_ms"])
    return entry


def per_turn(plan: Plan, workdir: Path) -> tuple[dict[str, Any], Any, dict[str, list[dict[str, Any]]]]:
    from bench.hello_world import create_hello_app

    app = rugadvies_app(workdir / "inproc.sqlite3")
    pools = build_pools(app.test_client(), plan.pool_users)
    clients = {"rugadvies": app.test_client(), "hello": create_hello_app().test_client()}
    result: dict[str, Any] = {}
    for kind in TURN_KINDS:
        items = [(compact(e), JSON_HEADERS) for e in pools[kind]]
        result[kind] = _ratios(measure_turns(clients, items, plan.turns, plan.warmup_turns), "rugadvies", "hello")
    return result, app, pools


def verification(plan: Plan, workdir: Path, pools: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The same signed bodies through Rugadvies with verification on and off (one store file)."""
    from skill.web.verification import RequestVerifier

    pki = common.test_pki()
    store = workdir / "inproc.sqlite3"
    verifier = RequestVerifier(DEFAULT_SKILL_ID, trust_store=pki.trust_store, fetch_chain=pki.fetch)
    clients = {"on": rugadvies_app(store, verifier).test_client(), "off": rugadvies_app(store).test_client()}
    result: dict[str, Any] = {}
    for kind in TURN_KINDS:
        items = signed(pools[kind], pki)  # fresh timestamps: well inside the 150 s the verifier allows
        result[kind] = _ratios(measure_turns(clients, items, plan.verify_turns, plan.warmup_turns), "on", "off")
    return result


# -- over HTTP ------------------------------------------------------------------------------------

def _load_rounds(plan: Plan, workdir: Path, variants: dict[str, tuple[str, bool]], signer=None,
                 seconds: float | None = None, rounds: int | None = None) -> dict[str, Any]:
    """All servers up (an idle one costs nothing), load rounds alternating between them; totals per server."""
    topics = common.topic_phrases()
    seconds = seconds or plan.http_seconds
    rounds = rounds or plan.http_rounds
    pki_dir = common.export_pki(common.test_pki(), workdir / "http-pki") if any(v for _, v in variants.values()) \
        else None
    runs: dict[str, list[common.LoadRun]] = {name: [] for name in variants}
    servers: dict[str, common.ServerProcess] = {}
    try:
        for name, (app, verify) in variants.items():
            servers[name] = common.start_server(app, workdir / f"http-{name}", verify=verify, pki_dir=pki_dir)
        for round_ in range(rounds):
            order = list(runs) if round_ % 2 == 0 else list(reversed(list(runs)))
            for name in order:
                runs[name].append(common.run_load(servers[name], plan.http_users, seconds, topics=topics,
                                                  signer=signer, warmup=min(2.0, seconds), seed=round_ + 1))
    finally:
        for server in servers.values():
            server.stop()
    result: dict[str, Any] = {"users": plan.http_users, "seconds_per_round": seconds, "rounds": rounds,
                              "workers": 2, **SERVER_OPTIONS}
    for name, name_runs in runs.items():
        records = [r for run in name_runs for r in run.records]
        elapsed = sum(run.elapsed for run in name_runs)
        total = common.summarize(records, elapsed)["total"]
        server_cpu = [run.server_cpu for run in name_runs]
        total["server_cpu_ms_per_request"] = (round(1000 * sum(server_cpu) / len(records), 3)
                                              if records and all(c is not None for c in server_cpu) else None)
        total["client_cpu_s"] = round(sum(run.client_cpu for run in name_runs), 2)
        total["reconnects"] = sum(run.reconnects for run in name_runs)
        total["log_problems"] = servers[name].log_problems()
        result[name] = total
    return result


def _http_ratios(result: dict[str, Any], a: str, b: str) -> dict[str, Any]:
    x, y = result[a], result[b]
    result["ratio_rps"] = common.ratio(x["rps"], y["rps"])
    result["ratio_p50"] = common.ratio(x["p50_ms"], y["p50_ms"])
    result["ratio_p99"] = common.ratio(x["p99_ms"], y["p99_ms"])
    result["ratio_server_cpu_per_request"] = (common.ratio(x["server_cpu_ms_per_request"],
                                                           y["server_cpu_ms_per_request"])
                                              if x["server_cpu_ms_per_request"] and y["server_cpu_ms_per_request"]
                                              else None)
    return result


def throughput(plan: Plan, workdir: Path) -> dict[str, Any]:
    """Rugadvies (``rugadvies serve``) and the hello-world under the same gunicorn options and load."""
    result = _load_rounds(plan, workdir, {"rugadvies": ("rugadvies", False), "hello": ("hello", False)})
    return _http_ratios(result, "rugadvies", "hello")


def verification_http(plan: Plan, workdir: Path) -> dict[str, Any]:
    """Rugadvies over HTTP with verification on (test CA) and off; every request signed for both."""
    pki = common.test_pki()
    signer = lambda body: {k: v for k, v in pki.headers(body).items() if k != "Content-Type"}  # noqa: E731
    result = _load_rounds(plan, workdir / "verify", {"on": ("rugadvies", True), "off": ("rugadvies", False)},
                          signer=signer, seconds=max(1.0, plan.http_seconds / 2), rounds=1)
    return _http_ratios(result, "on", "off")


def _first_answer(server: common.ServerProcess, body: bytes, headers: dict[str, str],
                  timeout: float = common.STARTUP_TIMEOUT) -> float:
    """Seconds from process start until a LaunchRequest is answered 200 (retrying while nothing listens)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.app} exited during start-up:\n{server.log_tail()}")
        try:
            conn = http.client.HTTPConnection(common.HOST, server.port, timeout=timeout)
            conn.request("POST", "/alexa", body, headers)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return time.perf_counter() - server.started
            raise RuntimeError(f"{server.app} answered the first request with {status}")
        except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected):
            time.sleep(0.005)
    raise RuntimeError(f"{server.app} did not answer within {timeout:.0f} s")


def cold_start(plan: Plan, workdir: Path) -> dict[str, Any]:
    """Median time to the first answer; ``rugadvies_verified`` (test CA, signed request) is for information."""
    pki = common.test_pki()
    pki_dir = common.export_pki(pki, workdir / "cold-pki")
    variants = {"rugadvies": ("rugadvies", False), "hello": ("hello", False), "rugadvies_verified": ("rugadvies", True)}
    times: dict[str, list[float]] = {name: [] for name in variants}
    for run in range(plan.cold_runs):
        order = list(variants) if run % 2 == 0 else list(reversed(list(variants)))
        for name in order:
            app, verify = variants[name]
            body = compact(common.make_user(run, 99).launch())
            headers = {**JSON_HEADERS, **pki.headers(body)} if verify else JSON_HEADERS
            server = common.spawn_server(app, workdir / f"cold-{name}-{run}", verify=verify, pki_dir=pki_dir)
            try:
                times[name].append(_first_answer(server, body, headers))
            finally:
                server.stop()
    result: dict[str, Any] = {"runs": plan.cold_runs, "how": "process start to first answered LaunchRequest"}
    for name, values in times.items():
        result[name] = {"median_s": round(statistics.median(values), 3), "runs_s": [round(v, 3) for v in values]}
    result["ratio"] = common.ratio(result["rugadvies"]["median_s"], result["hello"]["median_s"])
    return result


# -- resolver and audio ---------------------------------------------------------------------------

def utterances(model: dict[str, Any]) -> list[str]:
    """Every sample of the model with each slot value and synonym filled in: distinct utterances."""
    lm = model["interactionModel"]["languageModel"]
    values = [phrase for t in lm.get("types", []) for v in t["values"]
              for phrase in (v["name"]["value"], *v["name"].get("synonyms", []))]
    found: set[str] = set()
    for intent in lm["intents"]:
        for sample in intent.get("samples", []):
            if "{" in sample:
                found.update(re.sub(r"\{[^{}]+\}", value, sample) for value in values)
            else:
                found.add(sample)
    return sorted(found)


def resolver_speed(plan: Plan) -> dict[str, Any]:
    from skill.content.interaction import load_interaction
    from skill.content.phrasings import load_phrasings
    from skill.nlu.resolver import DEFAULT_MODEL_PATH, Resolver

    model = json.loads(Path(DEFAULT_MODEL_PATH).read_text(encoding="utf-8"))
    t0 = time.perf_counter()  # the service's resolver: the classifier trained (no cache) on samples and phrasings
    resolver = Resolver.from_model(model, signs=load_interaction().warning_signs, phrasings=load_phrasings())
    build = time.perf_counter() - t0
    texts = utterances(model)
    random.Random(3).shuffle(texts)
    warm, measured = texts[:200], texts[200:200 + plan.resolver_utterances]
    for text in warm:
        resolver.resolve(text)
    per: list[float] = []
    clock = time.perf_counter
    t0 = clock()
    for text in measured:
        t = clock()
        resolver.resolve(text)
        per.append(clock() - t)
    elapsed = clock() - t0
    return {"utterances": len(measured), "distinct_available": len(texts), "seconds": round(elapsed, 3),
            "utt_per_s": round(len(measured) / elapsed, 1), "build_s": round(build, 3),
            "latency": common.latency_summary(per)}


def audio_noop(workdir: Path) -> dict[str, Any]:
    """Time ``rugadvies audio build`` when nothing changed, on a copy of audio/ (never the real one)."""
    from skill.build.audio_build import check_audio
    from skill.content.leaflet import load_leaflet
    from skill.settings import Settings

    source = Settings.from_env().audio_dir
    copy_dir = workdir / "audio"
    if not Path(source).is_dir():
        return {"skipped": f"no audio directory at {source}"}
    shutil.copytree(source, copy_dir)
    check = check_audio(load_leaflet(), copy_dir)
    if not check.ok:
        # A build would synthesise the missing sections (minutes): not a no-op, so do not time it.
        return {"skipped": f"audio incomplete or stale ({len(check.errors)} problem(s), e.g. {check.errors[0]}); "
                           "run `rugadvies audio build` first"}
    manifest = (copy_dir / "manifest.json").read_bytes()
    env = {**os.environ, "RUGADVIES_AUDIO_DIR": str(copy_dir),
           "PYTHONPATH": os.pathsep.join(p for p in (str(common.REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    code = ("import time,sys; t=time.perf_counter(); from skill.build.audio_build import main_audio; "
            "rc=main_audio(['build','--quiet']); print(time.perf_counter()-t); sys.exit(rc)")
    in_process, wall = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], cwd=common.REPO_ROOT, env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        wall.append(time.perf_counter() - t0)
        if done.returncode != 0:
            return {"error": f"audio build failed ({done.returncode}): {done.stderr[-500:]}"}
        in_process.append(float(done.stdout.strip().splitlines()[-1]))
    return {"seconds": round(statistics.median(in_process), 3), "how": "main_audio(['build']) incl. its imports, "
            "median of 3", "process_wall_s": round(statistics.median(wall), 3),
            "manifest_unchanged": (copy_dir / "manifest.json").read_bytes() == manifest}


# -- profiles ---------------------------------------------------------------------------------------

def profile_turns(app, pools: dict[str, list[dict[str, Any]]], turns: int, out_dir: Path) -> list[Path]:
    """pyinstrument profiles of Rugadvies' in-process turns, one text and one HTML file per kind."""
    from pyinstrument import Profiler

    out_dir.mkdir(parents=True, exist_ok=True)
    client = app.test_client()
    written = []
    for kind in TURN_KINDS:
        items = [compact(e) for e in pools[kind]]
        profiler = Profiler(interval=0.001)
        profiler.start()
        for i in range(turns):
            client.post("/alexa", data=items[i % len(items)], headers=JSON_HEADERS)
        profiler.stop()
        stem = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
        (out_dir / f"{stem}.txt").write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        (out_dir / f"{stem}.html").write_text(profiler.output_html(), encoding="utf-8")
        written.append(out_dir / f"{stem}.txt")
    return written


# -- the run ----------------------------------------------------------------------------------------

def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float | None, op: str, limit: float) -> None:
        ok = None if value is None else (value <= limit if op == "<=" else value >= limit if op == ">=" else
                                         value < limit)
        rows.append({"name": name, "value": value, "target": f"{op} {limit:g}", "ok": ok})

    for kind, entry in result["per_turn"].items():
        add(f"per-turn p50 ratio: {kind}", entry["ratio_p50"], "<=", TARGETS["per_turn_ratio_max"])
    add("throughput ratio (req/s)", result["http"]["ratio_rps"], ">=", TARGETS["throughput_ratio_min"])
    add("cold start ratio", result["cold_start"]["ratio"], "<=", TARGETS["cold_start_ratio_max"])
    for kind, entry in result["verification"].items():
        add(f"verification on/off p50: {kind}", entry["ratio_p50"], "<=", TARGETS["verification_ratio_max"])
    add("resolver utt/s", result["resolver"]["utt_per_s"], ">=", TARGETS["resolver_utt_per_s_min"])
    add("audio no-op build s", result["audio_noop"].get("seconds"), "<", TARGETS["audio_noop_s_max"])
    return rows


def report(result: dict[str, Any]) -> str:
    out = [f"Rugadvies vs ask-sdk hello-world ({result['mode']}; {result['machine']['cpus']} CPUs, "
           f"load average at start {result['machine']['loadavg_start']})", ""]
    rows = [[kind, e["rugadvies"]["p50_ms"], e["hello"]["p50_ms"], e["ratio_p50"], e["rugadvies"]["p99_ms"],
             e["hello"]["p99_ms"], e["ratio_p99"], e["ratio_cpu_p50"]] for kind, e in result["per_turn"].items()]
    out += ["1. Per-turn latency in-process (Flask test client), ms; last column: ratio of CPU time p50",
            common.table(["kind", "rug p50", "hello p50", "ratio", "rug p99", "hello p99", "ratio", "CPU ratio"],
                         rows), ""]
    h = result["http"]
    rows = [[name, h[name]["rps"], h[name]["p50_ms"], h[name]["p99_ms"], h[name]["server_cpu_ms_per_request"],
             h[name]["non_200"]] for name in ("rugadvies", "hello")]
    rows.append(["ratio", h["ratio_rps"], h["ratio_p50"], h["ratio_p99"],
                 h["ratio_server_cpu_per_request"] or float("nan"), ""])
    out += [f"2. HTTP under gunicorn (2 {h.get('worker_class', 'gevent')} workers), {h['users']} users, {h['rounds']} x "
            f"{h['seconds_per_round']:g} s each",
            common.table(["app", "req/s", "p50 ms", "p99 ms", "server CPU ms/req", "non-200"], rows), ""]
    c = result["cold_start"]
    out += ["3. Cold start (process start to first answer), median s",
            common.table(["app", "median s", "runs"], [[n, c[n]["median_s"], " ".join(map(str, c[n]["runs_s"]))]
                                                      for n in ("rugadvies", "hello", "rugadvies_verified")]
                         + [["ratio rugadvies / hello", c["ratio"], ""]]),
            ""]
    rows = [[kind, e["off"]["p50_ms"], e["on"]["p50_ms"], e["ratio_p50"], e["off"]["p99_ms"], e["on"]["p99_ms"],
             e["ratio_p99"], e["ratio_cpu_p50"]] for kind, e in result["verification"].items()]
    out += ["4. Verification cost (Rugadvies in-process, signed by the local test CA), ms",
            common.table(["kind", "off p50", "on p50", "ratio", "off p99", "on p99", "ratio", "CPU ratio"], rows)]
    v = result["verification_http"]
    rows = [[name, v[name]["rps"], v[name]["p50_ms"], v[name]["p99_ms"], v[name]["server_cpu_ms_per_request"],
             v[name]["non_200"]] for name in ("off", "on")]
    rows.append(["ratio on / off", v["ratio_rps"], v["ratio_p50"], v["ratio_p99"],
                 v["ratio_server_cpu_per_request"] or float("nan"), ""])
    out += [f"   over HTTP ({v['users']} users, {v['seconds_per_round']:g} s each, all requests signed; information)",
            common.table(["verification", "req/s", "p50 ms", "p99 ms", "server CPU ms/req", "non-200"], rows), ""]
    r, a = result["resolver"], result["audio_noop"]
    out += [f"5. Resolver: {r['utt_per_s']:,.0f} utterances/s over {r['utterances']} distinct utterances "
            f"(p99 {r['latency']['p99_ms']} ms; build {r['build_s']} s); audio no-op build: "
            + (f"{a['seconds']} s (process wall {a['process_wall_s']} s)" if "seconds" in a
               else a.get("skipped") or a.get("error")), ""]
    rows = [[t["name"], t["value"] if t["value"] is not None else "-", t["target"],
             {True: "OK", False: "MISSED", None: "n/a"}[t["ok"]]] for t in result["targets"]]
    out += ["Targets", common.table(["measure", "value", "target", ""], rows)]
    return "\n".join(out)


def run(plan: Plan, mode: str, profile_dir: Path | None = None) -> dict[str, Any]:
    started = time.time()
    result: dict[str, Any] = {"mode": mode, "plan": dataclasses.asdict(plan), "targets_spec": TARGETS,
                              "machine": {**common.machine_info(), "loadavg_start": [round(x, 2) for x in os.getloadavg()]}}
    timings: dict[str, float] = {}
    with common.temp_workdir("rugadvies-compare-") as tmp:
        workdir = Path(tmp)
        production_logging(workdir / "inproc.log")
        step = time.perf_counter()
        result["per_turn"], app, pools = per_turn(plan, workdir)
        timings["per_turn"] = time.perf_counter() - step
        step = time.perf_counter()
        result["verification"] = verification(plan, workdir, pools)
        timings["verification"] = time.perf_counter() - step
        if profile_dir is not None:
            result["profiles"] = [str(p) for p in profile_turns(app, pools, max(plan.turns, 300), profile_dir)]
        step = time.perf_counter()
        result["http"] = throughput(plan, workdir)
        timings["http"] = time.perf_counter() - step
        step = time.perf_counter()
        result["verification_http"] = verification_http(plan, workdir)
        timings["verification_http"] = time.perf_counter() - step
        step = time.perf_counter()
        result["cold_start"] = cold_start(plan, workdir)
        timings["cold_start"] = time.perf_counter() - step
        step = time.perf_counter()
        result["resolver"] = resolver_speed(plan)
        result["audio_noop"] = audio_noop(workdir)
        timings["resolver_audio"] = time.perf_counter() - step
        logging.shutdown()
    result["targets"] = targets(result)
    result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    result["timings_s"] = {k: round(v, 1) for k, v in timings.items()}
    result["started_at"] = started
    result["wall_s"] = round(time.time() - started, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that everything runs (seconds)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the result as JSON here (the committed figures: bench/results.json)")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="also write pyinstrument profiles of the turns")
    args = parser.parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full()
    result = run(plan, "quick" if args.quick else "full", args.profile)
    print(report(result))
    if args.json:
        common.write_json(args.json, result)
        print(f"\nwritten: {args.json}")
    return 0 if all(t["ok"] is not False for t in result["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
