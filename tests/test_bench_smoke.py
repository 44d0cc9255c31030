"""Smoke runs of the benchmarks (bench/): they start, talk to real servers on 127.0.0.1 and write their JSON.

Tiny durations and no timed assertions: what is checked is that every request was answered
with a valid response envelope and that the reports have the expected shape.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bench import common

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(args: list[str], tmp_path: Path, timeout: float) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)
    # 0: all goals met; 1: a goal or target missed (timing-dependent, so not asserted here).
    assert done.returncode in (0, 1), done.stdout[-2000:] + done.stderr[-3000:]
    return done


def test_percentile_interpolates_and_summary_reports_milliseconds():
    assert common.percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert common.percentile([1.0, 2.0], 100) == 2.0
    summary = common.latency_summary([0.001, 0.002, 0.003])
    assert summary["count"] == 3 and summary["p50_ms"] == pytest.approx(2.0) and summary["max_ms"] == 3.0


def test_user_turns_cover_every_kind_and_follow_the_session():
    topics = common.topic_phrases()
    session = common.make_user(0, audio_player=True)
    turns = common.user_turns(session, random.Random(1), topics)
    kinds = [next(turns) for _ in common.KINDS]
    assert [k for k, _ in kinds] == list(common.KINDS)
    topic = dict(kinds)["Topic"]
    assert topic["request"]["intent"]["slots"]["onderwerp"]["resolutions"]["resolutionsPerAuthority"][0]["status"][
        "code"] == "ER_SUCCESS_MATCH"
    assert dict(kinds)["PlaybackNearlyFinished"]["request"]["type"] == "AudioPlayer.PlaybackNearlyFinished"
    assert "AudioPlayer" in dict(kinds)["ReadLeaflet (AudioPlayer)"]["context"]["System"]["device"][
        "supportedInterfaces"]


def test_load_smoke_run_writes_its_report(tmp_path):
    out = tmp_path / "load.json"
    done = _run(["bench.load", "--users", "2", "--duration", "1", "--warmup", "0", "--json", str(out)], tmp_path, 120)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert {"config", "total", "by_kind", "goal", "server_cpu_ms_per_request"} <= result.keys()
    total = result["total"]
    assert total["requests"] > 0
    assert total["non_200"] == 0 and total["errors_5xx"] == 0 and total["invalid_200"] == 0
    assert {"rps", "p50_ms", "p90_ms", "p99_ms"} <= total.keys()
    assert set(result["by_kind"]) <= set(common.KINDS) and "Launch" in result["by_kind"]
    assert result["server_log_problems"] == 0
    assert "TOTAL" in done.stdout


def test_load_smoke_run_with_verification(tmp_path):
    out = tmp_path / "load-verify.json"
    _run(["bench.load", "--users", "1", "--duration", "1", "--warmup", "0", "--verify", "1", "--json", str(out)],
         tmp_path, 120)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["config"]["verify"] is True
    assert result["total"]["requests"] > 0 and result["total"]["non_200"] == 0  # signed by the test CA: accepted


def test_compare_quick_run_writes_its_report(tmp_path):
    out = tmp_path / "results.json"
    done = _run(["bench.compare", "--quick", "--json", str(out)], tmp_path, 300)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert {"per_turn", "http", "cold_start", "verification", "verification_http", "resolver", "audio_noop",
            "targets", "machine"} <= result.keys()
    for kind in ("Launch", "Topic", "Yes (full text)", "ReadLeaflet (AudioPlayer)", "PlaybackNearlyFinished"):
        entry = result["per_turn"][kind]
        assert entry["rugadvies"]["non_200"] == 0 and entry["hello"]["non_200"] == 0
        assert entry["rugadvies"]["count"] > 0 and "ratio_p50" in entry
        assert result["verification"][kind]["on"]["non_200"] == 0  # every signed request verified
    for name in ("rugadvies", "hello"):
        assert result["http"][name]["requests"] > 0 and result["http"][name]["non_200"] == 0
        assert result["cold_start"][name]["median_s"] > 0
    assert result["verification_http"]["on"]["non_200"] == 0
    assert result["resolver"]["utterances"] > 0 and result["resolver"]["utt_per_s"] > 0
    assert "seconds" in result["audio_noop"] or "skipped" in result["audio_noop"]
    assert result["audio_noop"].get("manifest_unchanged", True) is True
    names = [t["name"] for t in result["targets"]]
    assert "throughput ratio (req/s)" in names and "resolver utt/s" in names
    assert "Targets" in done.stdout
