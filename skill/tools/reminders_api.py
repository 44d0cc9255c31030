"""A local stand-in of the Alexa Reminders REST API, for the tests and ``rugadvies chat``.

A threaded HTTP server on 127.0.0.1 with the documented paths (``POST/GET /v1/alerts/reminders``,
``GET/DELETE /v1/alerts/reminders/{alertToken}``), the Bearer token check, the status codes and the
``{"code", "message"}`` error bodies. ``granted`` plays the user's permission (without it every call is
a 401); :meth:`ReminderApiStandIn.fail_next` makes the next calls fail with a status, or hang past the
client's time-out. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ReminderApiStandIn", "ERRORS"]

PATH = "/v1/alerts/reminders"
#: Error bodies by status, as the Reminders API documents them.
ERRORS = {
    400: ("INVALID_ALERT_INFO", "The reminder is malformed."),
    401: ("UNAUTHORIZED", "The skill has no permission to manage reminders for this user."),
    403: ("MAX_REMINDERS_EXCEEDED", "The user has too many reminders."),
    404: ("NOT_FOUND", "No reminder with this alertToken."),
    429: ("TOO_MANY_REQUESTS", "Rate exceeded."),
    500: ("INTERNAL_SERVER_ERROR", "Internal error."),
    503: ("SERVICE_UNAVAILABLE", "Service unavailable."),
}


class ReminderApiStandIn:
    """The stand-in: start it, point ``apiEndpoint`` at :attr:`url`, look at :attr:`reminders` and :attr:`calls`."""

    def __init__(self, token: str = "test-token", granted: bool = True) -> None:
        self.token = token
        self.granted = granted
        self.reminders: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, str]] = []
        self._faults: list[tuple[int | None, float]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, status: int | None = None, hang: float = 0.0, times: int = 1) -> None:
        """The next ``times`` calls answer ``status`` with its error body (None: normally) after ``hang`` seconds."""
        with self._lock:
            self._faults += [(status, hang)] * times

    def start(self) -> "ReminderApiStandIn":
        self._thread = threading.Thread(target=self._server.serve_forever, name="reminders-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "ReminderApiStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _fault(self) -> tuple[int | None, float]:
        with self._lock:
            return self._faults.pop(0) if self._faults else (None, 0.0)

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: dict[str, Any] | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                try:
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its time-out): as a real server would, say nothing

            def _error(self, status: int) -> None:
                code, message = ERRORS.get(status, ("INTERNAL_SERVER_ERROR", "Error."))
                self._send(status, {"code": code, "message": message})

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                api.calls.append((method, self.path))
                status, hang = api._fault()
                if hang:
                    time.sleep(hang)
                if status is not None:
                    return self._error(status)
                if self.headers.get("Authorization") != f"Bearer {api.token}" or not api.granted:
                    return self._error(401)
                token = self.path[len(PATH) + 1:] if self.path.startswith(PATH + "/") else None
                if method == "POST" and self.path == PATH:
                    try:
                        body = json.loads(raw)
                        assert body["trigger"]["type"] in ("SCHEDULED_RELATIVE", "SCHEDULED_ABSOLUTE")
                        assert body["alertInfo"]["spokenInfo"]["content"][0]["text"]
                    except (ValueError, KeyError, IndexError, TypeError, AssertionError):
                        return self._error(400)
                    alert = str(uuid.uuid4())
                    with api._lock:
                        api.reminders[alert] = body
                    return self._send(201, {"alertToken": alert, "createdTime": "2026-01-05T08:00:00.000Z",
                                            "updatedTime": "2026-01-05T08:00:00.000Z", "status": "ON",
                                            "version": "1", "href": f"{PATH}/{alert}"})
                if method == "GET" and self.path == PATH:
                    with api._lock:
                        alerts = [{"alertToken": t, "status": "ON", **b} for t, b in api.reminders.items()]
                    return self._send(200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None})
                if method == "DELETE" and token:
                    with api._lock:
                        gone = api.reminders.pop(token, None)
                    return self._send(200) if gone is not None else self._error(404)
                return self._error(400)

            def do_POST(self) -> None:
                self._serve("POST")

            def do_GET(self) -> None:
                self._serve("GET")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

        return Handler
