"""A byte-level HTTP/1.1 loopback server for misbehaviour aiohttp.web cannot produce on demand.

Each request is read in full (head and ``Content-Length`` body) and handed to a ``Behaviour``,
which writes whatever it likes and returns whether to keep the connection open. The server counts
requests and connections, so tests can assert what actually reached it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import attrs


@attrs.define
class RawRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


Behaviour = Callable[[RawRequest, asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]


def reply(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> Behaviour:
    """Answer with ``status`` and ``body``, keeping the connection alive."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    head = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode()

    async def behaviour(
        request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        writer.write(head + body)
        await writer.drain()
        return True

    return behaviour


async def drop(
    request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> bool:
    """Close the connection without answering (the request was received)."""
    return False


async def hang(
    request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> bool:
    """Never answer; wait until the client gives up and closes the connection."""
    await reader.read()
    return False


def script(*behaviours: Behaviour) -> Behaviour:
    """Answer the n-th request (across connections) with the n-th behaviour; repeat the last."""
    queue: Sequence[Behaviour] = behaviours
    served = 0

    async def behaviour(
        request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        nonlocal served
        chosen = queue[min(served, len(queue) - 1)]
        served += 1
        return await chosen(request, reader, writer)

    return behaviour


class RawServer:
    """A loopback server; ``requests`` and the connection counters are what it saw."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[RawRequest] = []
        self.connections_opened = 0
        self.connections_closed = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def open_connections(self) -> int:
        return self.connections_opened - self.connections_closed

    async def start(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def wait_all_closed(self, timeout: float = 2.0) -> None:
        """Wait until every connection the server accepted has been closed."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def close(self) -> None:
        # Closing the sockets ends every handler; cancelling one would make asyncio log an error.
        for writer in self._writers:
            writer.close()
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=1.0)
            for task in pending:
                task.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        self.connections_opened += 1
        self._idle.clear()
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                self.requests.append(request)
                if not await self.behaviour(request, reader, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.connections_closed += 1
            if not self.open_connections:
                self._idle.set()
            self._tasks.discard(task)
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> RawRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return RawRequest(method, target, headers, body)
