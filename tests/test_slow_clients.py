"""Slow clients cannot starve ``rugadvies serve``: a bounded slowloris / slow-body / short-body attack on a real
server on 127.0.0.1, with legitimate requests answered meanwhile, and the attack's connections cut off.

(How fast the legitimate requests are under 200 slow connections is measured by ``bench/slow_clients.py``.)
"""

from __future__ import annotations

import http.client
import time

import pytest

from bench import common
from bench.slow_clients import SlowAttack, alexa_bodies, legit_requests

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with common.start_server("rugadvies", tmp_path_factory.mktemp("slow")) as running:
        yield running


def test_legitimate_requests_are_answered_while_slow_clients_hold_connections(server):
    # 48 attack connections: six times the 2 x 4 threads that the gthread worker had
    attack = SlowAttack(server.port, 48).start()
    try:
        time.sleep(1.5)  # every attack connection is open and dribbling
        result = legit_requests(server.port, alexa_bodies(6), duration=2.0, clients=2, timeout=3.0)
    finally:
        report = attack.stop()
    assert result["requests"] >= 10 and result["status"] == {"200": result["requests"]}, result
    assert report["opened"] == {"header": 16, "body": 16, "short": 16}


def test_slow_headers_and_unfinished_bodies_are_cut_off(server):
    attack = SlowAttack(server.port, 6).start()
    deadline = time.monotonic() + 20  # headers: keepalive 5 s; bodies: 10 s (skill/web/deadline.py)
    while attack.conns and time.monotonic() < deadline:
        time.sleep(0.5)
    report = attack.stop()
    assert report["still_open_at_end"] == {}, report
    assert report["closed_by_server"] == {"body: HTTP/1.1 408 Request Timeout": 2, "header: closed": 2,
                                          "short: HTTP/1.1 408 Request Timeout": 2}


def test_a_script_name_header_does_not_move_the_pages(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/evil/", headers={"SCRIPT_NAME": "/evil"})  # gunicorn takes this header as SCRIPT_NAME
    resp = conn.getresponse()
    body = resp.read().decode()
    assert resp.status == 404 and "/evil" not in body
    conn.request("GET", "/audio//tillen.mp3", headers={"Host": "evil.example"})
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 308 and resp.getheader("Location").startswith(server.base_url + "/audio/")
