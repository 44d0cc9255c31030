"""Load test: Rugadvies under its production server with N concurrent simulated users.

    python -m bench.load [--users 50] [--duration 60] [--verify 0|1] [--workers 2] [--json out.json]

Starts gunicorn (``rugadvies serve``; with ``--verify 1`` the bench-only entry that trusts the
local test CA, and every body is signed by that CA) on 127.0.0.1 with a temporary SQLite store,
then runs the users of :func:`bench.common.user_turns` back to back (no think time: the worst
case) and reports requests/s, latency percentiles and errors per request kind. Exits 1 when the
goal (no errors, p99 under 8 s) is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench import common
from skill.web.server import SERVER_OPTIONS

P99_GOAL_MS = 8000.0


def run(users: int, duration: float, verify: bool, workers: int = 2, warmup: float = 2.0, seed: int = 1
        ) -> dict:
    """One load test; returns the JSON-ready result."""
    topics = common.topic_phrases()
    load_start = [round(x, 2) for x in os.getloadavg()]
    with common.temp_workdir("rugadvies-load-") as tmp:
        workdir = Path(tmp)
        signer = pki_dir = None
        if verify:
            pki = common.test_pki()
            pki_dir = common.export_pki(pki, workdir / "pki")
            signer = lambda body: {k: v for k, v in pki.headers(body).items() if k != "Content-Type"}  # noqa: E731
        with common.start_server("rugadvies", workdir, verify=verify, workers=workers, pki_dir=pki_dir) as server:
            started = time.time()
            load = common.run_load(server, users, duration, topics=topics, signer=signer, warmup=warmup, seed=seed)
            server.stop()
            problems = server.log_problems()
            log_tail = server.log_tail(15) if problems else ""
    summary = common.summarize(load.records, load.elapsed)
    total = summary["total"]
    errors = total["non_200"] + total["invalid_200"]
    return {
        "config": {"users": users, "duration_s": duration, "warmup_s": warmup, "verify": verify,
                   "workers": workers, **SERVER_OPTIONS, "think_time_s": 0,
                   "store": "sqlite (temporary file)", "started_at": started, **common.machine_info(),
                   "loadavg_start": load_start, "loadavg_end": [round(x, 2) for x in os.getloadavg()]},
        "elapsed_s": round(load.elapsed, 3),
        "total": total,
        "by_kind": summary["by_kind"],
        "reconnects": load.reconnects,
        "client_cpu_s": round(load.client_cpu, 2),
        "server_cpu_s": round(load.server_cpu, 2) if load.server_cpu is not None else None,
        "server_cpu_ms_per_request": round(1000 * load.server_cpu / total["requests"], 3)
        if load.server_cpu and total["requests"] else None,
        "server_log_problems": problems,
        "server_log_tail": log_tail,
        "goal": {"errors": errors, "p99_ms": total["p99_ms"], "p99_limit_ms": P99_GOAL_MS,
                 "ok": errors == 0 and total["requests"] > 0 and total["p99_ms"] < P99_GOAL_MS},
    }


def report(result: dict) -> str:
    cfg = result["config"]
    lines = [f"Rugadvies load test: {cfg['users']} users, {cfg['duration_s']:g} s, verify={int(cfg['verify'])}, "
             f"gunicorn {cfg['workers']} {cfg['worker_class']} workers, {cfg['cpus']} CPUs, "
             f"load average {cfg['loadavg_start'][0]} -> {cfg['loadavg_end'][0]}",
             common.load_table(result), ""]
    lines.append(f"server CPU {result['server_cpu_ms_per_request']} ms/request, client CPU "
                 f"{result['client_cpu_s']} s, reconnects {result['reconnects']}, "
                 f"server log problems {result['server_log_problems']}")
    goal = result["goal"]
    lines.append(f"goal (0 errors, p99 < {goal['p99_limit_ms']:.0f} ms): {'OK' if goal['ok'] else 'MISSED'} "
                 f"({goal['errors']} errors, p99 {goal['p99_ms']:.1f} ms)")
    if result["server_log_tail"]:
        lines += ["server log (tail):", result["server_log_tail"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds (after the warm-up)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load before measuring")
    parser.add_argument("--verify", type=int, choices=(0, 1), default=0,
                        help="1: sign every request with the local test CA and verify it in the server")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 1000 or not 0 < args.duration <= 3600 or not 0 <= args.warmup <= 600:
        parser.error("users 1..1000, duration 0..3600 s, warm-up 0..600 s")
    result = run(args.users, args.duration, bool(args.verify), args.workers, args.warmup, args.seed)
    print(report(result))
    if args.json:
        common.write_json(args.json, result)
    return 0 if result["goal"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
