"""Failures before anything is sent: a POST is retried and its outcome is never "unknown".

A connect timeout is produced for real on loopback: a listening socket whose accept queue is full
drops every new SYN (Linux, ``net.ipv4.tcp_abort_on_overflow=0``, the default), so the connection
is never made. A malformed URL is refused by aiohttp before it opens any connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import select
import socket
import time
from collections.abc import Iterator

import pytest

import plivo_async
from plivo_async import (
    ConnectError,
    Handler,
    Request,
    RequestTimeoutError,
    Response,
    RetryPolicy,
    Timeout,
)
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory

CREATED = json.dumps({"api_id": "api-1", "message": "call fired", "request_uuid": "req-1"}).encode()


async def create_call(client: plivo_async.AsyncClient) -> plivo_async.CallCreated:
    return await client.calls.create(
        from_="14155550100", to="14155550101", answer_url="https://example.com/answer.xml"
    )


def _connect_pending(sock: socket.socket, wait: float) -> bool:
    """Whether a non-blocking connect is still unanswered after ``wait`` seconds."""
    _, writable, _ = select.select([], [sock], [], wait)
    return not writable


class FullBacklog:
    """A loopback port that completes no new connection: its accept queue is full.

    ``listen(0)`` queues one connection; nobody accepts it, so from then on the kernel drops
    every SYN, and a client's connect waits until its own timeout.
    """

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._fillers: list[socket.socket] = []
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port: int = self.listener.getsockname()[1]
        for _ in range(16):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            self._fillers.append(filler)
            filler.connect_ex(("127.0.0.1", self.port))
            # Loopback handshakes take microseconds: a connect unanswered this long was dropped.
            if _connect_pending(filler, 0.25):
                return
            if filler.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                self.close()
                pytest.skip("a full accept queue refuses connections here instead of dropping SYNs")
        self.close()
        pytest.skip("this system never stops completing connections to a full accept queue")

    def drain(self) -> bytes:
        """Accept every queued connection and return what was sent on them (then nothing waits).

        Only the fillers can be queued, and they send nothing: any byte is the client's.
        """
        for filler in self._fillers:
            filler.close()
        self.listener.setblocking(False)
        data = b""
        while True:
            try:
                connection, _ = self.listener.accept()
            except BlockingIOError:
                return data
            with connection:
                connection.setblocking(False)
                with contextlib.suppress(BlockingIOError, ConnectionError):
                    data += connection.recv(65536)

    def close(self) -> None:
        for filler in self._fillers:
            filler.close()
        self.listener.close()


@contextlib.contextmanager
def full_backlog() -> Iterator[FullBacklog]:
    backlog = FullBacklog()
    try:
        yield backlog
    finally:
        backlog.close()


async def test_post_is_retried_after_a_connect_timeout() -> None:
    clock = FakeClock()
    policy = RetryPolicy(max_retries=2, backoff_initial=0.5, jitter=0.0)
    with full_backlog() as backlog:
        client = plivo_async.AsyncClient(
            AUTH_ID,
            AUTH_TOKEN,
            base_url=f"http://127.0.0.1:{backlog.port}/",
            rate_limit=None,
            retry=policy,
            clock=clock,
            timeout=Timeout(connect=0.3, read=5.0),
        )
        async with client:
            started = time.monotonic()
            with pytest.raises(RequestTimeoutError) as caught:
                await create_call(client)
            elapsed = time.monotonic() - started
        assert backlog.drain() == b""
    error = caught.value
    assert "timed out connecting" in str(error)
    # Three attempts of 0.3 s each (the backoff is virtual), every one cut off while connecting.
    assert 0.85 <= elapsed < 1.8
    assert clock.sleeps == [0.5, 1.0]
    assert error.retries_taken == 2
    assert error.may_have_reached_server is False
    assert error.outcome_unknown is False
    assert "outcome is unknown" not in str(error)


async def test_post_after_a_connect_timeout_is_placed_once_when_the_server_recovers() -> None:
    posts: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        posts.append(head + await reader.readexactly(length))
        writer.write(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(CREATED)}\r\n\r\n".encode()
            + CREATED
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    servers: list[asyncio.Server] = []
    with full_backlog() as backlog:

        class ServeDuringBackoff(FakeClock):
            """The overloaded server catches up while the client backs off."""

            async def sleep(self, seconds: float) -> None:
                # Clear the queue (nothing of the timed-out attempt is in it), then serve.
                assert backlog.drain() == b""
                servers.append(await asyncio.start_server(serve, sock=backlog.listener))
                await super().sleep(seconds)

        clock = ServeDuringBackoff()
        client = plivo_async.AsyncClient(
            AUTH_ID,
            AUTH_TOKEN,
            base_url=f"http://127.0.0.1:{backlog.port}/",
            rate_limit=None,
            clock=clock,
            timeout=Timeout(connect=0.3, read=5.0),
        )
        try:
            async with client:
                created = await client.calls.with_raw_response.create(
                    from_="14155550100",
                    to="14155550101",
                    answer_url="https://example.com/answer.xml",
                )
        finally:
            for server in servers:
                server.close()
                await server.wait_closed()
    assert created.parsed.request_uuid == "req-1"
    assert created.retries_taken == 1
    assert len(clock.sleeps) == 1
    assert len(posts) == 1
    assert posts[0].startswith(b"POST /v1/Account/")


async def test_malformed_url_is_a_connect_error_not_an_unknown_outcome(raw: RawFactory) -> None:
    server = await raw(reply(201, CREATED))

    async def route_to_empty_host(request: Request, call_next: Handler) -> Response:
        # A routing middleware whose host came out empty: aiohttp refuses the URL.
        request.url = "http:///" + request.url.split("/", 3)[3]
        return await call_next(request)

    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.url,
        rate_limit=None,
        clock=FakeClock(),
        middlewares=[route_to_empty_host],
    )
    async with client:
        with pytest.raises(ConnectError) as caught:
            await create_call(client)
    error = caught.value
    assert "invalid URL" in str(error)
    assert error.may_have_reached_server is False
    assert error.outcome_unknown is False
    assert "outcome is unknown" not in str(error)
    assert server.requests == []
    assert server.connections_opened == 0
