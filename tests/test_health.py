"""Liveness and readiness: ``/health`` (and ``/health/live``) say the advice is served; ``/health/ready`` says
whether the state store can be written, and counts the writes that failed.

A store fault never takes the advice down: with Redis killed mid-test, or the SQLite file on a disk that cannot
be written (even from the start), every request is still answered, and readiness says the positions are not kept.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from skill.alexa.stores import RedisAdapter, SQLiteAdapter
from skill.settings import Settings
from skill.tools.device import AlexaSession
from skill.web.app import create_app
from tests.helpers import Answer

TOKEN = "rugadvies:leaflet:tillen"


def app_on(store):
    return create_app(Settings(verify=False), store=store).test_client()


def post(client, envelope):
    return client.post("/alexa", data=json.dumps(envelope), content_type="application/json")


def ready(client):
    resp = client.get("/health/ready")
    return resp.status_code, resp.get_json()


def test_liveness_and_readiness_of_a_working_store(tmp_path):
    client = app_on(SQLiteAdapter(tmp_path / "state.sqlite3"))
    for path in ("/health", "/health/live"):
        assert client.get(path).get_json()["status"] == "ok"
    status, body = ready(client)
    assert status == 200 and body["status"] == "ready"
    assert body["store"] | {"last_error": None} == {"kind": "sqlite", "writable": True, "problem": None,
                                                   "failed_reads": 0, "failed_writes": 0, "last_error": None}


def test_redis_killed_mid_load_is_reported_and_every_failed_write_counted(redis_server):
    store = RedisAdapter(redis_server.url, timeout=0.3)
    store.probe_interval = 0  # probe on every /health/ready call here
    client = app_on(store)
    device = AlexaSession(user_id="amzn1.ask.account.OUTAGE", audio_player=True)

    def stop_at(offset):
        return post(client, device.event("AudioPlayer.PlaybackStopped", TOKEN, offset))

    assert all(stop_at(1_000 + i).status_code == 200 for i in range(20))
    assert ready(client)[0] == 200
    redis_server.kill()
    during = [stop_at(5_000 + i) for i in range(15)]
    advice = post(client, device.topic("tillen", "tillen"))
    assert [r.status_code for r in during] == [200] * 15  # answered as ever ...
    assert "Zak door uw knieën" in Answer.from_http(advice).text
    status, body = ready(client)
    assert status == 503 and body["status"] == "degraded" and body["positions_kept"] is False
    assert body["store"]["writable"] is False and "ConnectionError" in body["store"]["problem"]
    assert body["store"]["failed_writes"] == 15  # ... but every position write that was lost is counted
    assert client.get("/health/live").status_code == 200
    redis_server.start()  # back (empty: this test server keeps nothing)
    assert stop_at(9_000).status_code == 200
    status, body = ready(client)
    assert status == 200 and body["store"]["writable"] is True and body["store"]["failed_writes"] == 15


def test_sqlite_on_a_path_that_cannot_be_written_starts_degraded(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's directory should be")
    client = app_on(SQLiteAdapter(blocker / "state.sqlite3"))  # before: the service did not start at all
    device = AlexaSession(user_id="amzn1.ask.account.RO", audio_player=True)
    assert "Welkom" in Answer.from_http(post(client, device.launch())).text
    assert post(client, device.event("AudioPlayer.PlaybackStopped", TOKEN, 4_000)).status_code == 200
    status, body = ready(client)
    assert status == 503 and body["store"]["writable"] is False
    assert body["store"]["failed_writes"] >= 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def disk_full():  # runs in the child: no file of it can grow past 1 KiB, as on a full disk
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


@pytest.mark.slow
def test_rugadvies_serve_starts_degraded_on_a_full_disk(tmp_path):
    port = free_port()
    env = dict(os.environ, RUGADVIES_VERIFY="0", RUGADVIES_STORE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
               PYTHONDONTWRITEBYTECODE="1")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-m", "skill", "serve", "--port", str(port), "--workers", "1"],
                            cwd=root, env=env, preexec_fn=disk_full, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/health/live")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail("rugadvies serve did not start on a full disk:\n" + proc.communicate()[0][-3000:])
                time.sleep(0.2)
        assert status == 200 and body["status"] == "ok"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/alexa", method="POST",
                                         data=json.dumps(AlexaSession().topic("tillen", "tillen")).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as resp:
            assert "Zak door uw knieën" in resp.read().decode()
        status, body = get(f"http://127.0.0.1:{port}/health/ready")
        assert status == 503 and body["store"]["writable"] is False
    finally:
        proc.terminate()
        proc.wait(timeout=20)
