"""Shared fixtures: the aioresponses shim for aiohttp >= 3.14, a fake clock, loopback servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from unittest.mock import Mock

import aioresponses.core
import pytest
from aiohttp import ClientResponse, web

import plivo_async

from ._rawhttp import Behaviour, RawServer

AUTH_ID = "MATESTAUTHID00000001"
AUTH_TOKEN = "test-token-not-a-secret-0123456789"
BASE_URL = "https://api.test.invalid/"
ACCOUNT_URL = f"{BASE_URL}v1/Account/{AUTH_ID}/"


class _CompatClientResponse(ClientResponse):
    """aioresponses 0.7.9 builds ClientResponse without ``stream_writer`` (aiohttp 3.14 needs it).

    Delete when aioresponses ships the fix (pnuckowski/aioresponses#289).
    """

    def __init__(self, *args: object, stream_writer: object = None, **kwargs: object) -> None:
        if stream_writer is None:
            stream_writer = Mock(output_size=0)
        super().__init__(*args, stream_writer=stream_writer, **kwargs)  # type: ignore[arg-type]


aioresponses.core.ClientResponse = _CompatClientResponse  # type: ignore[misc]


class FakeClock:
    """Virtual time: ``sleep`` advances the clock at once and records the delay."""

    def __init__(self) -> None:
        self.time = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += seconds
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def mocked() -> aioresponses.aioresponses:
    with aioresponses.aioresponses() as mock:
        yield mock


def make_client(**kwargs: object) -> plivo_async.AsyncClient:
    """A client for aioresponses tests: fast retries, no rate limit unless asked."""
    options: dict[str, object] = {
        "base_url": BASE_URL,
        "rate_limit": None,
        "retry": plivo_async.RetryPolicy(backoff_initial=0.001, backoff_max=0.002),
    }
    options.update(kwargs)
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **options)  # type: ignore[arg-type]


ServerFactory = Callable[[web.Application], Awaitable[str]]
RawFactory = Callable[[Behaviour], Awaitable[RawServer]]


@pytest.fixture
async def raw() -> AsyncIterator[RawFactory]:
    """Start byte-level loopback servers (``tests/_rawhttp.py``) that misbehave on purpose."""
    servers: list[RawServer] = []

    async def start(behaviour: Behaviour) -> RawServer:
        server = await RawServer(behaviour).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def loopback() -> AsyncIterator[ServerFactory]:
    """Start aiohttp apps on 127.0.0.1; returns their base URL (``http://127.0.0.1:PORT/``)."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}/"

    yield start
    for runner in runners:
        await runner.cleanup()
