"""deploy/redis.conf (issue 13, item 6): a real redis-server runs with it and keeps acknowledged writes.

The shipped file is used as is; only the address, port and data directory are overridden on the
command line (127.0.0.1, a free port, a temporary directory).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from skill.settings import PROJECT_ROOT

redis = pytest.importorskip("redis")

REDIS_CONF = PROJECT_ROOT / "deploy" / "redis.conf"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    def __init__(self, config: Path | None, workdir: Path, port: int) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed: run scripts/setup.sh")
        args = [binary, *([str(config)] if config else []), "--bind", "127.0.0.1", "--port", str(port),
                "--dir", str(workdir), "--daemonize", "no"]
        if config is None:  # Redis's own defaults, with snapshots off as the test fixture has them
            args += ["--save", ""]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                self.client.ping()
                return
            except redis.exceptions.BusyLoadingError:
                time.sleep(0.05)
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.kill()
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown save, the way a crash or the OOM killer ends it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.client.close()


def test_shipped_config_turns_on_aof_with_fsync_every_second(tmp_path):
    server = RedisProcess(REDIS_CONF, tmp_path, _free_port())
    try:
        config = server.client.config_get("*")
        assert config["appendonly"] == "yes"
        assert config["appendfsync"] == "everysec"
        assert config["maxmemory-policy"] == "noeviction"
        assert config["protected-mode"] == "yes"
    finally:
        server.kill()


@pytest.mark.parametrize("config, kept", [(REDIS_CONF, True), (None, False)], ids=["shipped", "defaults"])
def test_acknowledged_writes_survive_a_killed_server(tmp_path, config, kept):
    """With the shipped config a position written just before a SIGKILL is there after the restart."""
    port = _free_port()
    server = RedisProcess(config, tmp_path, port)
    server.client.hset("rugadvies:user:abc", mapping={"token": "rugadvies:leaflet:tillen", "offset": "31000"})
    server.kill()
    server = RedisProcess(config, tmp_path, port)
    try:
        stored = server.client.hgetall("rugadvies:user:abc")
    finally:
        server.kill()
    assert (stored == {"token": "rugadvies:leaflet:tillen", "offset": "31000"}) is kept
