"""Running the app under gunicorn, the production WSGI server."""

from __future__ import annotations

import logging

from gunicorn.app.base import BaseApplication

from skill.settings import Settings


class RugadviesServer(BaseApplication):
    """gunicorn with the Flask app built by :func:`skill.app.create_app` in each worker."""

    def __init__(self, settings: Settings, options: dict) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        from skill.app import create_app

        return create_app(self.settings)


def serve(host: str, port: int, workers: int, settings: Settings | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = settings or Settings.from_env()
    RugadviesServer(settings, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": None,
        "control_socket_disable": True,  # gunicorn 27: several instances on one host would share one socket
    }).run()
