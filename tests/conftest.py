"""Shared fixtures only; the shared helpers (Answer, Driver, fixture, ...) are in tests/helpers.py."""

from __future__ import annotations

import json

import pytest

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.build.interaction_model import DEFAULT_MODEL_PATH
from skill.content.interaction import load_interaction
from skill.content.leaflet import load_leaflet
from skill.content.phrasings import load_phrasings
from skill.nlu.resolver import Resolver, Tuning
from tests.helpers import Driver


def pytest_collection_modifyitems(items):
    """Every test that starts a redis-server (through the ``redis_url`` or ``redis_server`` fixture, or a
    parameter named ``redis``) is slow."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        redis_param = callspec is not None and "redis" in callspec.params.values()
        if redis_param or {"redis_url", "redis_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def leaflet():
    return load_leaflet()


@pytest.fixture
def store():
    return MemoryAdapter()


@pytest.fixture
def skill(leaflet, store):
    return build_skill(leaflet, store)


@pytest.fixture
def driver(skill):
    return Driver(skill)


class RedisServer:
    """A real redis-server on 127.0.0.1 without persistence (installed by scripts/setup.sh); can be killed and
    started again on the same port."""

    def __init__(self, workdir) -> None:
        import shutil
        import socket

        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is not installed: run scripts/setup.sh")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> "RedisServer":
        import subprocess
        import time

        import redis

        self.proc = subprocess.Popen([self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                                      "--appendonly", "no", "--dir", str(self.workdir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.proc.kill()
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL, as in a crash: no chance to answer or save anything."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on 127.0.0.1 for the session."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server.url
    server.stop()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of this test's own, which the test may kill (it is stopped at the end in any case)."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


# The committed interaction model and a resolver on it (with the warning-sign vocabulary and phrasings of content/):
# test files that need another model or resolver define their own fixture of the same name.

@pytest.fixture(scope="session")
def model() -> dict:
    return json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def resolver(model) -> Resolver:
    return Resolver.from_model(model, signs=load_interaction().warning_signs, phrasings=load_phrasings())


@pytest.fixture(scope="session")
def matcher(model) -> Resolver:
    """The same resolver without the sample classifier's second opinion: the sample matching alone, for tests of
    one of its mechanisms."""
    return Resolver.from_model(model, Tuning(second_opinion=False), signs=load_interaction().warning_signs)
