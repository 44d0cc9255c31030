"""Running the app under gunicorn, the production WSGI server."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlparse

from gunicorn.app.base import BaseApplication

from skill.settings import Settings
from skill.web.security import hide_client_details


#: gunicorn's gevent worker: one greenlet per connection, so slow clients (headers or a body trickling in, a body
#: shorter than its Content-Length) hold greenlets, not the few threads of a gthread worker. ``keepalive`` bounds
#: an idle connection and the wait for a request's headers; skill.web.deadline.BodyDeadline the body's read.
#: deploy/gunicorn.conf.py says the same (tests/test_deploy_files.py keeps them in step).
SERVER_OPTIONS = {
    "worker_class": "gevent",
    "worker_connections": 1000,
    "keepalive": 5,
    "timeout": 30,
}


class RugadviesServer(BaseApplication):
    """gunicorn with the Flask app built by :func:`skill.web.app.create_app` in each worker."""

    def __init__(self, settings: Settings, options: dict) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        from skill.web.app import create_app

        return create_app(self.settings)


def store_description(store_url: str) -> str:
    """The store kind and where it is, without any password a Redis URL may carry."""
    parsed = urlparse(store_url)
    if parsed.scheme == "sqlite":
        return "sqlite " + re.sub(r"^/+", "/", parsed.netloc + parsed.path)
    if parsed.scheme == "memory":
        return "memory (lost at exit)"
    netloc = parsed.hostname or ""
    if parsed.port:
        netloc += f":{parsed.port}"
    return f"{parsed.scheme} {parsed._replace(netloc=netloc, query='').geturl()}"


def startup_line(settings: Settings, host: str, port: int, workers: int) -> str:
    """The one line that tells a newcomer where everything is."""
    from skill.content.audio_manifest import load_manifest

    engines = sorted({track.engine for track in load_manifest(settings.audio_dir).tracks})
    return (f"Rugadvies on http://{host}:{port} ({workers} workers) | public URL {settings.public_url} | "
            f"store {store_description(settings.store_url)} | verification {'on' if settings.verify else 'OFF'} | "
            f"skill id {'checked' if settings.skill_id else 'not checked'} | "
            f"audio {', '.join(engines) if engines else 'none'} ({settings.audio_dir})")


def serve(host: str, port: int, workers: int, settings: Settings | None = None) -> None:
    settings = (settings or Settings.from_env()).serving_at(host, port)
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger(__name__).info("%s", startup_line(settings, host, port, workers))
    hide_client_details()  # the privacy statement: no client IPs or raw request lines in the log
    RugadviesServer(settings, {
        "bind": f"{host}:{port}",
        "workers": workers,
        **SERVER_OPTIONS,
        "graceful_timeout": 10,
        "accesslog": None,
        "control_socket_disable": True,  # gunicorn 27: several instances on one host would share one socket
    }).run()
