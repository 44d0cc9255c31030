"""A deadline for reading a request body, so a client that sends it slowly (or never finishes it) is cut off.

``rugadvies serve`` runs gunicorn's gevent worker: every connection is a greenlet, so
slow clients hold no thread, and gunicorn's ``keepalive`` bounds the wait for a
request's headers on a connection. Nothing bounds the body, though: a client can
announce 100 kB and send a byte a second, or send less than its Content-Length and
wait. This middleware reads the whole body (up to the app's size limit) before the
app sees the request, within ``seconds``; a body that is not complete by then gets
a 408 and the connection is closed. Under another server (no gevent) it does nothing.
"""

from __future__ import annotations

import io
import sys


def _gevent_timeout():
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("socket"):
        return None
    import gevent

    return gevent.Timeout


class BodyDeadline:
    """WSGI middleware: the body of a request must arrive whole within ``seconds`` (bodies up to ``limit`` bytes
    are read here; a larger Content-Length is left to the app, which refuses it with 413 without reading)."""

    def __init__(self, app, seconds: float = 10.0, limit: int = 128 * 1024) -> None:
        self.app = app
        self.seconds = seconds
        self.limit = limit

    def __call__(self, environ, start_response):
        timeout = _gevent_timeout()
        if timeout is None:
            return self.app(environ, start_response)
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if not chunked and not 0 < length <= self.limit:
            return self.app(environ, start_response)
        wanted = self.limit + 1 if chunked else length
        body = None  # stays None when the deadline cuts the read off
        with timeout(self.seconds, False):
            body = self._read(environ["wsgi.input"], wanted)
        if body is None or (not chunked and len(body) < length):
            start_response("408 Request Timeout", [("Content-Type", "text/plain; charset=utf-8"),
                                                   ("Content-Length", "26"), ("Connection", "close")])
            return [b"request body not complete\n"]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)

    @staticmethod
    def _read(stream, wanted: int) -> bytes:
        """Up to ``wanted`` bytes (fewer when the body ends first)."""
        parts, size = [], 0
        while size < wanted:
            chunk = stream.read(min(65536, wanted - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)
