"""Shared fixtures only; the shared helpers (Answer, Driver, fixture, ...) are in tests/helpers.py."""

from __future__ import annotations

import pytest

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.content.leaflet import load_leaflet
from tests.helpers import Driver


def pytest_collection_modifyitems(items):
    """Every test that starts a redis-server (through the ``redis_url`` fixture) is slow."""
    for item in items:
        if "redis_url" in getattr(item, "fixturenames", ()):
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


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on 127.0.0.1 for the session (installed by scripts/setup.sh)."""
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run scripts/setup.sh")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
