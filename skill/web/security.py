"""Security headers for every response, a privacy-safe request log line, no client IPs in gunicorn's log, and
the public origin (not the client's ``Host``) for every URL the app builds.

The log names a user only by a salted hash (the same as the store's key, cut
short), never the Alexa user id, an access token or the request body; and the
server's own error log keeps no client IP address and no raw request line.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from urllib.parse import urlsplit

from flask import Flask, Response, g, request

log = logging.getLogger("skill.requests")


def content_security_policy(public_url: str) -> str:
    media = "'self'" + (f" {public_url}" if public_url.startswith("https://") else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"media-src {media}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def user_tag(user_id: str | None, salt: str) -> str:
    """A short salted hash for logs: enough to follow one user's requests, useless to identify them."""
    if not isinstance(user_id, str) or not user_id:
        return "-"
    return hashlib.sha256((salt + "\0" + user_id).encode()).hexdigest()[:12]


def install(app: Flask, public_url: str, skip: tuple[str, ...] = ("/alexa",)) -> None:
    """Add the headers to every web response (not to ``skip``: the JSON API Alexa calls) and time every request."""
    policy = content_security_policy(public_url)
    https = public_url.startswith("https://")

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    fixed = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", policy),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if https:
        fixed.append(("Strict-Transport-Security", "max-age=31536000"))

    @app.after_request
    def _headers(response: Response) -> Response:
        if request.path in skip:
            return response
        present = {key.lower() for key in response.headers.keys()}
        response.headers.extend([(k, v) for k, v in fixed if k.lower() not in present])
        return response


def log_alexa_request(kind: str, intent: str | None, user_id: str | None, salt: str, status: int) -> None:
    """One DEBUG line per handled request (set the ``skill.requests`` logger to DEBUG to see them)."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    log.debug("alexa %s%s user=%s status=%d %.1fms", kind, f" {intent}" if intent else "",
             user_tag(user_id, salt), status, elapsed)


class ClientDetailFilter(logging.Filter):
    """Rewrite gunicorn's ``Invalid request from ip=<client>: <error with the raw request>`` to the error's kind.

    The privacy statement says no IP addresses are kept, and a raw request line can carry anything the
    client sent. ``Invalid request rejected: Invalid HTTP request line`` is what remains. Other records
    pass unchanged.
    """

    _INVALID = re.compile(r"Invalid request from ip=.*?: (?P<error>[^:']*)", re.DOTALL)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Invalid request from ip="):
            match = self._INVALID.match(record.getMessage())
            kind = match.group("error").strip() if match else ""
            record.msg, record.args = f"Invalid request rejected: {kind or 'malformed'}", ()
        return True


def hide_client_details(logger_name: str = "gunicorn.error") -> None:
    """Install :class:`ClientDetailFilter` on gunicorn's error logger (once)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, ClientDetailFilter) for f in logger.filters):
        logger.addFilter(ClientDetailFilter())


class PublicOrigin:
    """WSGI middleware: every request is seen as arriving at ``public_url``, whatever the client sent.

    Redirects (Werkzeug's slash merging, for one) and any URL built from the request
    then point at the public origin, never at a client's ``Host`` header; and a
    ``SCRIPT_NAME`` that the WSGI server took from a request header (gunicorn does)
    cannot move the app's links: the path the client asked for is put back whole and
    the script name is the public URL's own path.
    """

    def __init__(self, app, public_url: str) -> None:
        parts = urlsplit(public_url)
        self.app = app
        self.scheme = parts.scheme or "http"
        self.host = parts.netloc
        self.server_name = parts.hostname or ""
        self.server_port = str(parts.port or (443 if self.scheme == "https" else 80))
        self.script_name = parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        taken = environ.get("SCRIPT_NAME", "")
        if taken:
            environ["PATH_INFO"] = taken + environ.get("PATH_INFO", "")
        environ["SCRIPT_NAME"] = self.script_name
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"] = self.server_name
        environ["SERVER_PORT"] = self.server_port
        return self.app(environ, start_response)
