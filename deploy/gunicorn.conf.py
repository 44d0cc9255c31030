"""gunicorn settings for Rugadvies in production, behind a TLS proxy (Caddy or nginx).

    gunicorn -c deploy/gunicorn.conf.py 'skill.web.app:create_app()'

The app factory reads its settings from RUGADVIES_* environment variables (see
docs/deploy.md). Every value below can be overridden on the command line
(``--bind 0.0.0.0:8000`` in a container) or with GUNICORN_CMD_ARGS.
"""

import os

#: The app, built by its factory in each worker (also given on the command line for clarity).
wsgi_app = "skill.web.app:create_app()"

#: Only the local proxy talks to gunicorn; it terminates TLS.
bind = ["127.0.0.1:8000"]

#: gevent: one greenlet per connection, so slow clients (headers or a body sent slowly, a body shorter than its
#: Content-Length) cannot occupy the workers; SQLite calls run in gevent's thread pool (skill/alexa/stores.py).
#: The same options as `rugadvies serve` (skill/web/server.py SERVER_OPTIONS).
worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_connections = int(os.environ.get("WEB_CONNECTIONS", "1000"))

#: Alexa waits 8 s for an answer; a worker stuck far longer than that is restarted.
timeout = 30
graceful_timeout = 10
#: An idle connection, and the wait for a request's headers, end after 5 s; a body must be complete within 10 s
#: (skill/web/deadline.py).
keepalive = 5

#: Recycle workers now and then (with jitter, so they do not all restart at once).
max_requests = 2000
max_requests_jitter = 200

#: Headers are small for Alexa and browsers alike.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

#: Trust X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = "127.0.0.1,::1"

#: No access log: it would hold client IP addresses, and the privacy statement (/privacy) says we keep none.
#: The app writes its own request line with only a short salted user hash (skill/web/security.py).
accesslog = None
errorlog = "-"
loglevel = "info"

#: Everything, gunicorn's own messages and the app's, to stdout (journald or the container log collects it).
#: gunicorn's "Invalid request from ip=...: <raw request line>" is cut to the error's kind by a filter
#: (skill/web/security.py): no client IP address and nothing the client sent ends up in the log.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_details": {"()": "skill.web.security.ClientDetailFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False,
                           "filters": ["no_client_details"]},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}

proc_name = "rugadvies"

#: No runtime control socket (gunicorn >= 25.1 would create one under $HOME; older versions ignore this name).
control_socket_disable = True
