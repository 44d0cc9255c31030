"""Per-user state that lasts between sessions, behind ask-sdk's persistence-adapter interface.

The embedded default is one SQLite file in WAL mode, safe for several gunicorn
workers on one machine; for several machines the same interface runs on Redis.
Users are stored under a salted hash of their Alexa user id, never the id itself.
Only small facts are kept (welcomed, playback position): nothing a user says.

Besides the SDK's whole-record ``save_attributes``, every store has
:meth:`ProfileStore.update_attributes`: it changes only the fields it is given, in
one atomic step, so two requests of the same user that change different fields
never undo each other; and with an ``order`` (a field and a number, e.g. the
request's time) it is dropped when the stored record already carries a higher
number, so a late event can never overwrite a newer one. It works for any field.

A store never stops the service: if it cannot be opened, read or written, the
skill goes on without stored state (see :mod:`skill.alexa.profiles`). Each store
counts its failures and can :meth:`~ProfileStore.probe` itself; ``/health/ready``
reports both (:meth:`ProfileStore.readiness`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlparse

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

log = logging.getLogger(__name__)

#: (field, number): write only if the stored ``field`` is not higher than ``number``, then store ``number`` in it.
Order = tuple[str, int]


def user_key(request_envelope, salt: str) -> str:
    """A stable, non-reversible key for the Alexa user of a request."""
    user = request_envelope.context.system.user if request_envelope.context else None
    user_id = getattr(user, "user_id", None) or ""
    if not user_id:
        raise PersistenceException("request has no user id")
    return hashlib.sha256((salt + "\0" + user_id).encode()).hexdigest()


def merged(current: Mapping[str, Any], changes: Mapping[str, Any], order: Order | None) -> dict[str, Any] | None:
    """``current`` with ``changes`` applied (a None value removes the field); None when ``order`` is stale."""
    if order is not None:
        field, number = order
        stored = current.get(field)
        if isinstance(stored, (int, float)) and not isinstance(stored, bool) and stored > number:
            return None
    result = dict(current)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    if order is not None:
        result[order[0]] = order[1]
    return result


def blocking(call, *args):
    """Run a call that blocks in C (SQLite, and its wait for another process's write lock).

    Under gevent (``rugadvies serve`` runs gunicorn's gevent worker) it runs in the hub's
    thread pool, so a wait stalls only the request that makes it, not every request of the
    worker; elsewhere it is simply called.
    """
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        import gevent

        return gevent.get_hub().threadpool.apply(call, args)
    return call(*args)


class StoreHealth:
    """Counts a store's failed reads and writes; logs a fault once when it starts, and once when it is over."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.failed_reads = 0
        self.failed_writes = 0
        self.last_error: str | None = None
        self._failing = False
        self._lock = threading.Lock()

    def failed(self, action: str, exc: BaseException) -> PersistenceException:
        with self._lock:
            if action == "read":
                self.failed_reads += 1
            else:
                self.failed_writes += 1
            self.last_error = f"{action}: {type(exc).__name__}"
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

    def counts(self) -> dict[str, Any]:
        with self._lock:
            return {"failed_reads": self.failed_reads, "failed_writes": self.failed_writes,
                    "last_error": self.last_error}


class ProfileStore(AbstractPersistenceAdapter):
    """What every store shares: the SDK's interface, field updates, failure counting and a readiness probe.

    A store implements ``_read``, ``_update``, ``_replace``, ``_delete`` and ``_probe``
    on its own key; ``errors`` are the exceptions that mean "the store failed".
    """

    kind = "store"
    errors: tuple[type[BaseException], ...] = ()
    #: True for a store whose calls block in C rather than on a socket (see :func:`blocking`).
    blocks = False
    #: A probe result is reused this long, so /health/ready cannot be used to flood the store.
    probe_interval = 1.0

    def __init__(self, salt: str = "") -> None:
        self.salt = salt
        self.health = StoreHealth(self.kind)
        self._probed: tuple[float, str | None] | None = None

    def _key(self, request_envelope) -> str:
        return user_key(request_envelope, self.salt)

    def _run(self, action: str, call, *args):
        try:
            result = blocking(call, *args) if self.blocks else call(*args)
        except self.errors as exc:
            raise self.health.failed(action, exc) from exc
        self.health.ok()
        return result

    def get_attributes(self, request_envelope):
        return self._run("read", self._read, self._key(request_envelope))

    def save_attributes(self, request_envelope, attributes):
        self._run("write", self._replace, self._key(request_envelope), dict(attributes))

    def update_attributes(self, request_envelope, changes: Mapping[str, Any], order: Order | None = None) -> bool:
        """Set the given fields (None removes one) atomically; False when ``order`` is stale (nothing written)."""
        return self._run("write", self._update, self._key(request_envelope), dict(changes), order)

    def delete_attributes(self, request_envelope):
        self._run("delete", self._delete, self._key(request_envelope))

    def probe(self) -> str | None:
        """None when the store can be reached and written now, else what failed (cached ``probe_interval``)."""
        now = time.monotonic()
        if self._probed is not None and now - self._probed[0] < self.probe_interval:
            return self._probed[1]
        try:
            blocking(self._probe) if self.blocks else self._probe()
            problem = None
        except self.errors as exc:
            problem = f"{type(exc).__name__}: {exc}"[:200]
        self._probed = (now, problem)
        return problem

    def readiness(self) -> dict[str, Any]:
        """For ``/health/ready``: reachable and writable, and the failures counted since start (this process)."""
        problem = self.probe()
        return {"kind": self.kind, "writable": problem is None, "problem": problem, **self.health.counts()}

    # -- per store ------------------------------------------------------------

    def _read(self, key: str) -> dict[str, Any]:
        raise NotImplementedError

    def _update(self, key: str, changes: dict[str, Any], order: Order | None) -> bool:
        raise NotImplementedError

    def _replace(self, key: str, attributes: dict[str, Any]) -> None:
        raise NotImplementedError

    def _delete(self, key: str) -> None:
        raise NotImplementedError

    def _probe(self) -> None:
        raise NotImplementedError


class MemoryAdapter(ProfileStore):
    """In-process store for the chat and for tests; forgets everything on exit."""

    kind = "memory"

    def __init__(self, salt: str = "") -> None:
        super().__init__(salt)
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def _read(self, key):
        with self._lock:
            raw = self._data.get(key)
        return json.loads(raw) if raw else {}

    def _update(self, key, changes, order):
        with self._lock:
            raw = self._data.get(key)
            result = merged(json.loads(raw) if raw else {}, changes, order)
            if result is not None:
                self._data[key] = json.dumps(result, sort_keys=True)
        return result is not None

    def _replace(self, key, attributes):
        raw = json.dumps(attributes, sort_keys=True)
        with self._lock:
            self._data[key] = raw

    def _delete(self, key):
        with self._lock:
            self._data.pop(key, None)

    def _probe(self):
        return None


class SQLiteAdapter(ProfileStore):
    """One SQLite file; one connection per thread; WAL so readers never block the writer.

    If the file cannot be created or written at start (read-only or full disk, a
    path that is not a directory), the store starts anyway, degraded: what can be
    read is read, every write fails (and is counted), and opening is tried again
    before a write at most every ``reopen_interval`` seconds.
    """

    kind = "sqlite"
    errors = (sqlite3.Error, OSError)
    blocks = True
    reopen_interval = 5.0
    _UPSERT = ("INSERT INTO user_state (user_key, attributes) VALUES (?, ?) "
               "ON CONFLICT(user_key) DO UPDATE SET attributes=excluded.attributes, "
               "updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now')")

    def __init__(self, path: str | Path, salt: str = "", timeout: float = 5.0, read_only: bool = False) -> None:
        super().__init__(salt)
        self.path = Path(path)
        self.timeout = timeout
        self.read_only = read_only
        self._local = threading.local()
        self._open = read_only  # a read-only replica: the schema must already be there
        self._next_open = 0.0
        if not read_only:
            self._try_open()

    def _try_open(self) -> None:
        """Create the directory, WAL mode and the tables; on failure note it and go on degraded."""
        self._next_open = time.monotonic() + self.reopen_interval
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._create_schema()
        except self.errors as exc:
            self.health.failed("open", exc)
            log.error("state store %s cannot be written (%s): starting without stored playback positions",
                      self.path, type(exc).__name__)
            return
        self._open = True

    def _create_schema(self) -> None:
        """WAL mode and the tables, safe when several workers start on a fresh file at once.

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
                db.execute("CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, at REAL NOT NULL)")
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

    def _writable(self) -> sqlite3.Connection:
        if not self._open and time.monotonic() >= self._next_open:
            self._try_open()
        return self._db()

    def _transaction(self, work):
        """Run ``work(db)`` in one write transaction (the write lock is taken first, so no other writer interleaves)."""
        db = self._writable()
        db.execute("BEGIN IMMEDIATE")
        try:
            result = work(db)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return result

    def _read(self, key):
        row = self._db().execute("SELECT attributes FROM user_state WHERE user_key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else {}

    def _update(self, key, changes, order):
        def work(db):
            row = db.execute("SELECT attributes FROM user_state WHERE user_key=?", (key,)).fetchone()
            result = merged(json.loads(row[0]) if row else {}, changes, order)
            if result is not None:
                db.execute(self._UPSERT, (key, json.dumps(result, sort_keys=True)))
            return result is not None

        return self._transaction(work)

    def _replace(self, key, attributes):
        self._writable().execute(self._UPSERT, (key, json.dumps(attributes, sort_keys=True)))

    def _delete(self, key):
        self._writable().execute("DELETE FROM user_state WHERE user_key=?", (key,))

    def _probe(self):
        if self.read_only:
            raise sqlite3.OperationalError("opened read-only (mode=ro)")
        self._transaction(lambda db: db.execute("INSERT OR REPLACE INTO store_probe (id, at) VALUES (1, ?)",
                                                (time.time(),)))


class RedisAdapter(ProfileStore):
    """A shared Redis for several machines: one hash per user under ``rugadvies:profile:<hash>``, a field per fact.

    Field updates are one Lua script (atomic in Redis). A record written by an older
    version (a JSON string under ``rugadvies:user:<hash>``) is still read, and is
    moved into the hash by the first update.
    """

    kind = "redis"
    _UPDATE = """
    -- KEYS: profile hash, legacy JSON key. ARGV: order field ('' for none), order number, number of fields to set,
    -- then field, value pairs, then the fields to remove.
    if redis.call('EXISTS', KEYS[1]) == 0 then
        local legacy = redis.call('GET', KEYS[2])
        if legacy then
            for name, value in pairs(cjson.decode(legacy)) do
                redis.call('HSET', KEYS[1], name, cjson.encode(value))
            end
        end
    end
    if ARGV[1] ~= '' then
        local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
        if stored and stored > tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
    end
    local sets = tonumber(ARGV[3])
    for i = 0, sets - 1 do redis.call('HSET', KEYS[1], ARGV[4 + 2 * i], ARGV[5 + 2 * i]) end
    for i = 4 + 2 * sets, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
    redis.call('DEL', KEYS[2])
    return 1
    """

    def __init__(self, url: str, salt: str = "", timeout: float = 1.0, prefix: str = "rugadvies:profile:",
                 legacy_prefix: str = "rugadvies:user:") -> None:
        import redis

        super().__init__(salt)
        self.prefix = prefix
        self.legacy_prefix = legacy_prefix
        self.errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                           health_check_interval=30)
        self._update_script = self.client.register_script(self._UPDATE)

    def _keys(self, key: str) -> tuple[str, str]:
        return self.prefix + key, self.legacy_prefix + key

    def _read(self, key):
        pipe = self.client.pipeline(transaction=False)
        profile, legacy = self._keys(key)
        pipe.hgetall(profile)
        pipe.get(legacy)
        fields, old = pipe.execute()
        if fields:
            return {name.decode(): json.loads(value) for name, value in fields.items()}
        return json.loads(old) if old else {}

    def _update(self, key, changes, order):
        sets = [(name, json.dumps(value)) for name, value in changes.items() if value is not None]
        removes = [name for name, value in changes.items() if value is None]
        args: list[Any] = [order[0] if order else "", order[1] if order else 0, len(sets)]
        args += [part for pair in sets for part in pair] + removes
        return bool(self._update_script(keys=list(self._keys(key)), args=args))

    def _replace(self, key, attributes):
        profile, legacy = self._keys(key)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(profile, legacy)
        if attributes:
            pipe.hset(profile, mapping={name: json.dumps(value) for name, value in attributes.items()})
        pipe.execute()

    def _delete(self, key):
        self.client.delete(*self._keys(key))

    def _probe(self):
        self.client.set(self.prefix + "probe", str(time.time()), px=60_000)


def open_store(url: str, salt: str = "") -> ProfileStore:
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
