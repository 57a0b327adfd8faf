"""A loopback server on its own event-loop thread that records each request and answers as told.

Usable from async tests and from blocking ``Client`` tests alike (its loop is never the test's).
``base_url`` and ``stats_url`` are two prefixes of the same server, so a recorded path tells which
host the SDK meant.
"""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import Future
from typing import Any

import attrs
from aiohttp import web


@attrs.frozen
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    raw_query: str
    body: Any
    headers: dict[str, str]


class RecordingServer:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.status = 200
        self.body: Any = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def stats_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/stats/"

    def answer(self, status: int, body: Any) -> None:
        """How the next requests are answered (``None``: an empty body)."""
        self.status, self.body = status, body

    async def _handle(self, request: web.Request) -> web.Response:
        content = await request.read()
        self.requests.append(
            Recorded(
                request.method,
                request.raw_path.split("?", 1)[0],
                dict(request.query),
                request.query_string,
                json.loads(content) if content else None,
                dict(request.headers),
            )
        )
        if self.body is None:
            return web.Response(status=self.status)
        return web.json_response(self.body, status=self.status)

    def start(self) -> RecordingServer:
        ready: Future[None] = Future()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop

            async def serve() -> None:
                app = web.Application()
                app.router.add_route("*", "/{tail:.*}", self._handle)
                self._runner = web.AppRunner(app, shutdown_timeout=0.1)
                await self._runner.setup()
                site = web.TCPSite(self._runner, "127.0.0.1", 0)
                await site.start()
                self.port = self._runner.addresses[0][1]

            loop.run_until_complete(serve())
            ready.set_result(None)
            loop.run_forever()
            assert self._runner is not None
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name="recording-server", daemon=True)
        self._thread.start()
        ready.result(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
