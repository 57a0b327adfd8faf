"""Real redis-server processes for the shared rate-limit tests (no persistence, unix sockets).

Without ``redis-server`` on PATH or the redis extra, the tests that need them skip and say why;
with ``PLIVO_REQUIRE_REDIS=1`` (``.ci/run`` sets it) they fail instead, so CI cannot pass with
the Redis tests silently skipped. ``PLIVO_TEST_REDIS_URL`` points the tests at a running server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRED = os.environ.get("PLIVO_REQUIRE_REDIS") == "1"


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when CI requires the Redis tests to run."""
    if REQUIRED:
        pytest.fail(f"PLIVO_REQUIRE_REDIS=1 but {reason}")
    pytest.skip(reason)


def need_redis_py() -> None:
    try:
        import redis.asyncio  # noqa: F401
    except ImportError:
        unavailable("redis-py is not installed (pip install 'plivo-async[redis]')")


class RedisServer:
    """One redis-server on a unix socket in ``directory``; ``kill`` and ``start`` again."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not on PATH (Debian: apt-get install redis-server)")
        assert binary is not None
        self.binary = binary
        self.socket = directory / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.socket.parent),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(self.socket))
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        self.socket.unlink(missing_ok=True)


@pytest.fixture(name="redis_server")
def redis_server_fixture(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server this test may kill and restart."""
    need_redis_py()
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()


@pytest.fixture(name="redis_url")
def redis_url_fixture(request: pytest.FixtureRequest) -> str:
    """The URL of a Redis for this test: ``PLIVO_TEST_REDIS_URL`` or a private server."""
    need_redis_py()
    url = os.environ.get("PLIVO_TEST_REDIS_URL")
    if url:
        return url
    return str(request.getfixturevalue("redis_server").url)
