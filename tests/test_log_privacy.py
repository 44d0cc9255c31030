"""Logs keep no user content and no client IP (issue 13, item 9).

Alexa's ``error.message`` may quote the failed response or a stream URL, so only the error type is
logged. gunicorn logs ``Invalid request from ip=<client>: <raw request line>`` for a malformed
request; the privacy statement says no IP addresses are kept, so the shipped gunicorn config and
``rugadvies serve`` rewrite that line to the kind of error only. Checked against a real gunicorn
on 127.0.0.1.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.tools.device import AlexaSession
from skill.web.security import ClientDetailFilter
from conftest import Driver

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-user-words-and-https://stream.example/track?token=abc"
PROBE = b"GARBAGE-PROBE-LINE \x01 nonsense\r\n\r\n"


def test_alexa_error_messages_are_not_logged(leaflet, caplog):
    driver = Driver(build_skill(leaflet, MemoryAdapter()), AlexaSession(audio_player=True))
    with caplog.at_level(logging.DEBUG):
        driver.send(driver.session.event("AudioPlayer.PlaybackFailed", "rugadvies:leaflet:tillen", 0,
                                         error={"type": "MEDIA_ERROR_UNKNOWN", "message": SECRET}))
        driver.send(driver.session.event("System.ExceptionEncountered",
                                         error={"type": "INVALID_RESPONSE", "message": SECRET},
                                         cause={"requestId": "amzn1.echo-api.request.x"}))
    assert "MEDIA_ERROR_UNKNOWN" in caplog.text and "INVALID_RESPONSE" in caplog.text
    assert "SECRET" not in caplog.text and "stream.example" not in caplog.text


@pytest.mark.parametrize("message, expected", [
    ("Invalid request from ip=203.0.113.7: Invalid HTTP request line: 'GET /x?name=Jan HTTP/9'",
     "Invalid request rejected: Invalid HTTP request line"),
    ("Invalid request from ip=2001:db8::1: Invalid HTTP Header: 'X-Name'", "Invalid request rejected: Invalid HTTP Header"),
    ("Invalid request from ip=198.51.100.2: No more data", "Invalid request rejected: No more data"),
])
def test_filter_rewrites_invalid_request_lines(message, expected):
    record = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, message, (), None)
    assert ClientDetailFilter().filter(record)
    assert record.getMessage() == expected


def test_filter_leaves_other_lines_alone():
    record = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "Listening at: %s (%s)",
                               ("http://127.0.0.1:8000", 12), None)
    assert ClientDetailFilter().filter(record)
    assert record.getMessage() == "Listening at: http://127.0.0.1:8000 (12)"


# -- a real gunicorn -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _probe_and_read_log(command: list[str], port: int, tmp_path: Path) -> str:
    """Start ``command``, wait for ``port``, send a malformed request line, stop it and return its log."""
    log_path = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUGADVIES_STORE_URL": "memory://", "RUGADVIES_VERIFY": "0",
           "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, "server did not start"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                    conn.sendall(b"GET /health HTTP/1.0\r\n\r\n")
                    if conn.recv(64).startswith(b"HTTP/1"):
                        break
            except OSError:
                time.sleep(0.1)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(PROBE)
            assert conn.recv(64).startswith(b"HTTP/1.1 400")
        time.sleep(0.3)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    return log_path.read_text(errors="replace")


def _assert_private(log: str) -> None:
    assert "Invalid request rejected" in log, log
    assert "GARBAGE-PROBE" not in log and "ip=" not in log, log


@pytest.mark.slow
def test_shipped_gunicorn_config_logs_no_client_ip_or_request_line(tmp_path):
    port = _free_port()
    log = _probe_and_read_log([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                               "--bind", f"127.0.0.1:{port}", "--workers", "1"], port, tmp_path)
    _assert_private(log)


@pytest.mark.slow
def test_rugadvies_serve_logs_no_client_ip_or_request_line(tmp_path):
    port = _free_port()
    log = _probe_and_read_log([sys.executable, "-m", "skill.cli", "serve", "--host", "127.0.0.1", "--port",
                               str(port), "--workers", "1"], port, tmp_path)
    _assert_private(log)
