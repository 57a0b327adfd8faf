"""A ``POST Call/`` that may have reached Plivo is never sent again (real loopback servers).

Plivo has no idempotency key: replaying a call creation that arrived can ring a phone twice. So a
POST is retried only when it provably never left (connect refused) or when Plivo said 429, and
every other failure says plainly that the outcome is unknown. GET, by contrast, is retried.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest
from aiohttp import web

import plivo_async
from plivo_async import (
    ConnectError,
    ConnectionDroppedError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    Timeout,
    TransportError,
)
from tests._rawhttp import RawRequest, drop, hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory, ServerFactory

CREATED = json.dumps({"api_id": "api-1", "message": "call fired", "request_uuid": "req-1"}).encode()
CALL = json.dumps({"api_id": "api-2", "call_uuid": "call-1"}).encode()
ERROR_500 = json.dumps({"api_id": "api-500", "error": "internal error"}).encode()
CALL_PATH = f"/v1/Account/{AUTH_ID}/Call/"


def client_for(url: str, **options: object) -> plivo_async.AsyncClient:
    settings: dict[str, object] = {
        "base_url": url,
        "rate_limit": None,
        "clock": FakeClock(),  # backoff sleeps are recorded, not slept
        "timeout": Timeout(connect=2.0, read=0.3),
    }
    settings.update(options)
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **settings)  # type: ignore[arg-type]


async def create_call(client: plivo_async.AsyncClient) -> plivo_async.CallCreated:
    return await client.calls.create(
        from_="14155550100", to="14155550101", answer_url="https://example.com/answer.xml"
    )


def assert_unknown_outcome(error: plivo_async.PlivoError) -> None:
    assert error.outcome_unknown is True
    assert error.retries_taken == 0
    message = str(error)
    assert "outcome is unknown" in message
    assert "POST Call/" in message


# -- (a) connection dropped after the request arrived ---------------------------------------


async def test_post_not_replayed_when_connection_dropped(raw: RawFactory) -> None:
    server = await raw(drop)
    async with client_for(server.url) as client:
        with pytest.raises(ConnectionDroppedError) as caught:
            await create_call(client)
    assert [r.method for r in server.requests] == ["POST"]
    assert caught.value.may_have_reached_server is True
    assert_unknown_outcome(caught.value)


async def test_get_is_retried_when_connection_dropped(raw: RawFactory) -> None:
    server = await raw(drop)
    async with client_for(server.url, retry=RetryPolicy(max_retries=2)) as client:
        with pytest.raises(ConnectionDroppedError) as caught:
            await client.calls.get("call-1")
    assert [r.method for r in server.requests] == ["GET"] * 3
    assert caught.value.retries_taken == 2
    assert caught.value.outcome_unknown is False
    assert "outcome is unknown" not in str(caught.value)


# -- (b) the server answered 500 ---------------------------------------------------------


async def test_post_not_replayed_after_500(raw: RawFactory) -> None:
    server = await raw(reply(500, ERROR_500))
    async with client_for(server.url) as client:
        with pytest.raises(ServerError) as caught:
            await create_call(client)
    assert len(server.requests) == 1
    assert caught.value.status == 500
    assert caught.value.api_id == "api-500"
    assert caught.value.message == "internal error"
    assert_unknown_outcome(caught.value)


async def test_get_is_retried_after_500(raw: RawFactory) -> None:
    server = await raw(reply(500, ERROR_500))
    async with client_for(server.url, retry=RetryPolicy(max_retries=2)) as client:
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-1")
    assert len(server.requests) == 3
    assert caught.value.retries_taken == 2
    assert caught.value.outcome_unknown is False


# -- (c) no answer before the read timeout -------------------------------------------------


async def test_post_not_replayed_after_read_timeout(raw: RawFactory) -> None:
    server = await raw(hang)
    async with client_for(server.url) as client:
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as caught:
            await create_call(client)
        elapsed = time.monotonic() - started
    assert len(server.requests) == 1
    assert 0.25 <= elapsed < 1.0
    assert isinstance(caught.value, TransportError)
    assert caught.value.may_have_reached_server is True
    assert_unknown_outcome(caught.value)


async def test_get_is_retried_after_read_timeout(raw: RawFactory) -> None:
    server = await raw(hang)
    async with client_for(server.url, retry=RetryPolicy(max_retries=1)) as client:
        with pytest.raises(RequestTimeoutError) as caught:
            await client.calls.get("call-1")
    assert len(server.requests) == 2
    assert caught.value.retries_taken == 1
    assert caught.value.outcome_unknown is False


async def test_post_timeout_then_success_is_still_not_replayed(raw: RawFactory) -> None:
    # The second request a server sees must be a *new* call, never a replay of the first.
    server = await raw(script(hang, reply(201, CREATED)))
    async with client_for(server.url) as client:
        with pytest.raises(RequestTimeoutError):
            await create_call(client)
        assert len(server.requests) == 1
        created = await create_call(client)
    assert created.request_uuid == "req-1"
    assert len(server.requests) == 2


# -- POST may be retried when it provably never left, or on 429 ---------------------------


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_post_retried_when_connection_refused() -> None:
    clock = FakeClock()
    policy = RetryPolicy(max_retries=3, backoff_initial=0.5, jitter=0.0)
    client = client_for(f"http://127.0.0.1:{unused_port()}/", retry=policy, clock=clock)
    async with client:
        with pytest.raises(ConnectError) as caught:
            await create_call(client)
    error = caught.value
    assert error.retries_taken == 3
    # One backoff before each retry: 3 retries means 4 attempts.
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert error.may_have_reached_server is False
    assert error.outcome_unknown is False
    assert "outcome is unknown" not in str(error)
    assert "could not connect" in str(error)
    assert AUTH_TOKEN not in str(error)


async def test_post_refused_then_server_up_succeeds() -> None:
    # The same port refuses the first attempt and accepts the retry: the call is placed once.
    port = unused_port()
    servers: list[asyncio.Server] = []
    hits: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hits.append(await reader.readuntil(b"\r\n\r\n"))
        length = int(hits[-1].lower().split(b"content-length:")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        writer.write(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(CREATED)}\r\n\r\n".encode()
            + CREATED
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    class StartServerOnSleep(FakeClock):
        async def sleep(self, seconds: float) -> None:
            servers.append(await asyncio.start_server(serve, "127.0.0.1", port))
            await super().sleep(seconds)

    clock = StartServerOnSleep()
    try:
        async with client_for(f"http://127.0.0.1:{port}/", clock=clock) as client:
            created = await create_call(client)
    finally:
        for server in servers:
            server.close()
            await server.wait_closed()
    assert created.message == "call fired"
    assert len(clock.sleeps) == 1
    assert len(hits) == 1


async def test_post_429_retry_after_is_honoured_in_real_time(loopback: ServerFactory) -> None:
    hits: list[float] = []

    async def handler(request: web.Request) -> web.Response:
        hits.append(time.monotonic())
        await request.read()
        if len(hits) == 1:
            return web.json_response(
                {"api_id": "api-429", "error": "too many requests"},
                status=429,
                headers={"Retry-After": "1"},
            )
        return web.Response(body=CREATED, status=201, content_type="application/json")

    app = web.Application()
    app.router.add_post(CALL_PATH, handler)
    url = await loopback(app)
    # The real clock and the default rate limiter: both honour the pause.
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=url)
    async with client:
        started = time.monotonic()
        created = await create_call(client)
        elapsed = time.monotonic() - started
    assert created.request_uuid == "req-1"
    assert len(hits) == 2
    assert hits[1] - hits[0] >= 1.0
    assert 1.0 <= elapsed < 2.0


# -- waiting for a pooled connection: the request has not left -----------------------------


class Held:
    """Answers 200 once released; until then the client's only connection stays busy."""

    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()
        self._answer = reply(200, CALL)

    async def __call__(
        self, request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        self.arrived.set()
        await self.release.wait()
        return await self._answer(request, reader, writer)


async def occupy_only_connection(
    client: plivo_async.AsyncClient, held: Held, url: str
) -> asyncio.Task[bytes]:
    """Hold the pool's one connection with a request sent straight to the client's transport.

    It takes the connection the way every SDK call does, but no deadline applies to it.
    """
    await client.calls.get("call-1")  # opens the session
    held.arrived.clear()
    held.release.clear()

    async def fetch() -> bytes:
        request = plivo_async.Request("GET", url, "held/")
        return (await client.transport.send(request)).content

    task = asyncio.create_task(fetch())
    await held.arrived.wait()
    return task


async def test_post_retried_after_pool_wait_timeout(raw: RawFactory) -> None:
    held = Held()
    server = await raw(held)
    clock = FakeClock()
    timeout = Timeout(read=5.0, pool=0.1)
    async with client_for(server.url, max_connections=1, timeout=timeout, clock=clock) as client:
        busy = await occupy_only_connection(client, held, server.url)
        with pytest.raises(RequestTimeoutError) as caught:
            await create_call(client)
        held.release.set()
        assert await busy == CALL
    assert caught.value.retries_taken == 2
    assert len(clock.sleeps) == 2
    assert caught.value.may_have_reached_server is False
    assert caught.value.outcome_unknown is False
    assert "POST" not in [r.method for r in server.requests]


async def test_deadline_while_waiting_for_a_pooled_connection_is_not_unknown(
    raw: RawFactory,
) -> None:
    held = Held()
    server = await raw(held)
    timeout = Timeout(read=5.0, total=0.3)
    async with client_for(server.url, max_connections=1, timeout=timeout, retry=None) as client:
        busy = await occupy_only_connection(client, held, server.url)
        with pytest.raises(RequestTimeoutError) as caught:
            await create_call(client)
        held.release.set()
        assert await busy == CALL
    assert "POST" not in [r.method for r in server.requests]
    assert caught.value.may_have_reached_server is False
    assert caught.value.outcome_unknown is False


async def test_deadline_after_the_post_was_sent_is_unknown(raw: RawFactory) -> None:
    server = await raw(hang)
    async with client_for(server.url, timeout=Timeout(read=5.0, total=0.3)) as client:
        with pytest.raises(RequestTimeoutError) as caught:
            await create_call(client)
    assert len(server.requests) == 1
    assert caught.value.may_have_reached_server is True
    assert_unknown_outcome(caught.value)
