"""Per-user state that lasts between sessions, behind ask-sdk's persistence-adapter interface.

The embedded default is one SQLite file in WAL mode, safe for several gunicorn
workers on one machine; for several machines the same interface runs on Redis. Users are stored under a salted hash of their Alexa user
id, never the id itself. Only small facts are kept (welcomed, playback position):
nothing a user says.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

log = logging.getLogger(__name__)


def user_key(request_envelope, salt: str) -> str:
    """A stable, non-reversible key for the Alexa user of a request."""
    user = request_envelope.context.system.user if request_envelope.context else None
    user_id = getattr(user, "user_id", None) or ""
    if not user_id:
        raise PersistenceException("request has no user id")
    return hashlib.sha256((salt + "\0" + user_id).encode()).hexdigest()


class StoreHealth:
    """Logs a store's fault once when it starts failing, and once when it works again."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._failing = False
        self._lock = threading.Lock()

    def failed(self, action: str, exc: BaseException) -> PersistenceException:
        with self._lock:
            first, self._failing = not self._failing, True
        if first:
            log.error("state store unavailable (%s %s failed: %s); answering without stored state",
                      self.name, action, type(exc).__name__)
        return PersistenceException(f"{self.name} {action} failed: {type(exc).__name__}")

    def ok(self) -> None:
        if self._failing:
            with self._lock:
                was, self._failing = self._failing, False
            if was:
                log.warning("state store %s available again", self.name)


class MemoryAdapter(AbstractPersistenceAdapter):
    """In-process store for the chat and for tests; forgets everything on exit."""

    def __init__(self, salt: str = "") -> None:
        self.salt = salt
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def get_attributes(self, request_envelope):
        with self._lock:
            raw = self._data.get(user_key(request_envelope, self.salt))
        return json.loads(raw) if raw else {}

    def save_attributes(self, request_envelope, attributes):
        raw = json.dumps(attributes, sort_keys=True)
        with self._lock:
            self._data[user_key(request_envelope, self.salt)] = raw

    def delete_attributes(self, request_envelope):
        with self._lock:
            self._data.pop(user_key(request_envelope, self.salt), None)


class SQLiteAdapter(AbstractPersistenceAdapter):
    """One SQLite file; one connection per thread; WAL so readers never block the writer."""

    def __init__(self, path: str | Path, salt: str = "", timeout: float = 5.0, read_only: bool = False) -> None:
        self.path = Path(path)
        self.salt = salt
        self.timeout = timeout
        self.read_only = read_only
        self._local = threading.local()
        self.health = StoreHealth("sqlite")
        if read_only:
            return  # a read-only replica: the schema must already be there
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._create_schema()

    def _create_schema(self) -> None:
        """WAL mode and the table, safe when several workers start on a fresh file at once.

        Switching to WAL can answer "database is locked" at once, without waiting for
        the busy timeout, while another process does the same; so retry until the
        timeout has passed.
        """
        deadline = time.monotonic() + self.timeout
        delay = 0.01
        while True:
            db = self._connect()
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS user_state ("
                    " user_key TEXT PRIMARY KEY,"
                    " attributes TEXT NOT NULL,"
                    " updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
                )
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            finally:
                db.close()
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.timeout, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        return db

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def get_attributes(self, request_envelope):
        key = user_key(request_envelope, self.salt)
        try:
            row = self._db().execute("SELECT attributes FROM user_state WHERE user_key=?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise self.health.failed("read", exc) from exc
        self.health.ok()
        return json.loads(row[0]) if row else {}

    def save_attributes(self, request_envelope, attributes):
        key = user_key(request_envelope, self.salt)
        raw = json.dumps(attributes, sort_keys=True)
        try:
            self._db().execute(
                "INSERT INTO user_state (user_key, attributes) VALUES (?, ?) "
                "ON CONFLICT(user_key) DO UPDATE SET attributes=excluded.attributes, "
                "updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now')",
                (key, raw),
            )
        except sqlite3.Error as exc:
            raise self.health.failed("write", exc) from exc
        self.health.ok()

    def delete_attributes(self, request_envelope):
        key = user_key(request_envelope, self.salt)
        try:
            self._db().execute("DELETE FROM user_state WHERE user_key=?", (key,))
        except sqlite3.Error as exc:
            raise self.health.failed("delete", exc) from exc


class RedisAdapter(AbstractPersistenceAdapter):
    """A shared Redis for several machines: one JSON string per user under ``rugadvies:user:<hash>``."""

    def __init__(self, url: str, salt: str = "", timeout: float = 1.0, prefix: str = "rugadvies:user:") -> None:
        import redis

        self.salt = salt
        self.prefix = prefix
        self._errors = (redis.RedisError, OSError)
        self.health = StoreHealth("redis")
        self.client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                           health_check_interval=30)

    def _key(self, request_envelope) -> str:
        return self.prefix + user_key(request_envelope, self.salt)

    def get_attributes(self, request_envelope):
        try:
            raw = self.client.get(self._key(request_envelope))
        except self._errors as exc:
            raise self.health.failed("read", exc) from exc
        self.health.ok()
        return json.loads(raw) if raw else {}

    def save_attributes(self, request_envelope, attributes):
        try:
            self.client.set(self._key(request_envelope), json.dumps(attributes, sort_keys=True))
        except self._errors as exc:
            raise self.health.failed("write", exc) from exc
        self.health.ok()

    def delete_attributes(self, request_envelope):
        try:
            self.client.delete(self._key(request_envelope))
        except self._errors as exc:
            raise self.health.failed("delete", exc) from exc


def open_store(url: str, salt: str = "") -> AbstractPersistenceAdapter:
    """The store a URL names: ``sqlite:///path/file.sqlite3`` (``?mode=ro``: read-only),
    ``redis://host:port/db`` or ``memory://``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = parsed.path if not parsed.netloc else parsed.netloc + parsed.path
        if not path:
            raise ValueError(f"sqlite URL needs a file path: {url!r}")
        return SQLiteAdapter(path, salt, read_only="mode=ro" in parsed.query)
    if parsed.scheme in ("redis", "rediss", "unix"):
        return RedisAdapter(url, salt)
    if parsed.scheme == "memory":
        return MemoryAdapter(salt)
    raise ValueError(f"unsupported store URL {url!r} (use sqlite:///file, redis://host:port/db or memory://)")
