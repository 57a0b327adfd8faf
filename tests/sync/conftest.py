"""Loopback servers on their own thread and loop, for tests of the blocking ``Client``.

The blocking client must not be called from the test's event loop, so its tests are plain
``def`` tests and the server they talk to runs an aiohttp app in a thread of its own.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from aiohttp import web

import plivo_async
from plivo_async._sync._portal import THREAD_NAME
from tests.conftest import AUTH_ID, AUTH_TOKEN

PORTAL_THREAD = THREAD_NAME


class ThreadedServer:
    """An aiohttp app served on 127.0.0.1 from a background thread with its own event loop."""

    def __init__(self, app: web.Application) -> None:
        self._app = app
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="loopback-server", daemon=True)
        self.url = ""

    def start(self) -> str:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("loopback server did not start")
        if self._error is not None:
            raise RuntimeError("loopback server failed to start") from self._error
        return self.url

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(5)
        assert not self._thread.is_alive(), "loopback server did not stop"

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by start()
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        # handler_cancellation: a client that goes away cancels its handler (observable).
        runner = web.AppRunner(self._app, shutdown_timeout=0.2, handler_cancellation=True)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self.url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._ready.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()


class FakePlivo:
    """Just enough of Plivo's call endpoints, recording what it receives (thread-safe).

    ``GET Call/{uuid}/`` answers a CDR for that uuid after ``delay`` seconds (404 for
    ``"missing"``); ``GET Call/`` pages through ``total_calls`` CDRs like Plivo.
    """

    def __init__(self, *, delay: float = 0.0, total_calls: int = 45) -> None:
        self.delay = delay
        self.total_calls = total_calls
        self.url = ""
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.outcomes: list[str] = []
        self.request_arrived = threading.Event()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/Account/{auth_id}/Call/", self._list_calls)
        app.router.add_get("/v1/Account/{auth_id}/Call/{call_uuid}/", self._get_call)
        return app

    def count(self, method: str = "GET") -> int:
        with self._lock:
            return sum(1 for m, _, _ in self.requests if m == method)

    def wait_for_outcome(self, timeout: float = 5.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.outcomes:
                    return list(self.outcomes)
            time.sleep(0.01)
        return []

    async def _get_call(self, request: web.Request) -> web.Response:
        call_uuid = request.match_info["call_uuid"]
        with self._lock:
            self.requests.append((request.method, request.path, dict(request.query)))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.request_arrived.set()
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            with self._lock:
                self.outcomes.append("cancelled")
            raise
        finally:
            with self._lock:
                self.in_flight -= 1
        with self._lock:
            self.outcomes.append("completed")
        if request.match_info["auth_id"] != AUTH_ID or "Authorization" not in request.headers:
            return web.json_response({"api_id": "api-401", "error": "auth failed"}, status=401)
        if call_uuid == "missing":
            return web.json_response(
                {"api_id": "api-404", "error": "call not found"},
                status=404,
                headers={"X-Request-Id": "req-404"},
            )
        return web.json_response(
            {
                "api_id": f"api-{call_uuid}",
                "call_uuid": call_uuid,
                "bill_duration": 7,
                "total_amount": "0.01500",
                "end_time": "2022-06-28 19:39:05+05:30",
            },
            headers={"X-Request-Id": f"req-{call_uuid}"},
        )

    async def _list_calls(self, request: web.Request) -> web.Response:
        with self._lock:
            self.requests.append((request.method, request.path, dict(request.query)))
        limit = int(request.query["limit"])
        offset = int(request.query["offset"])
        end = min(offset + limit, self.total_calls)
        following = (
            f"/v1/Account/{AUTH_ID}/Call/?limit={limit}&offset={end}"
            if end < self.total_calls
            else None
        )
        return web.json_response(
            {
                "api_id": f"api-page-{offset}",
                "meta": {
                    "limit": limit,
                    "offset": offset,
                    "total_count": self.total_calls,
                    "next": following,
                    "previous": None,
                },
                "objects": [{"call_uuid": f"cdr-{i:03d}"} for i in range(offset, end)],
            }
        )


@pytest.fixture
def fake_plivo() -> Iterator[FakePlivo]:
    fake = FakePlivo()
    server = ThreadedServer(fake.app())
    fake.url = server.start()
    yield fake
    server.stop()


ClientFactory = Callable[..., plivo_async.Client]


@pytest.fixture
def make_sync_client() -> Iterator[ClientFactory]:
    """Blocking clients without retry or rate limit (exact request counts); closed afterwards."""
    clients: list[plivo_async.Client] = []

    def make(base_url: str, **kwargs: object) -> plivo_async.Client:
        options: dict[str, object] = {"base_url": base_url, "retry": None, "rate_limit": None}
        options.update(kwargs)
        client = plivo_async.Client(AUTH_ID, AUTH_TOKEN, **options)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def portal_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == PORTAL_THREAD]


@pytest.fixture(autouse=True)
def _no_portal_thread_left() -> Iterator[None]:
    """Every test closes its clients: no event-loop thread outlives it."""
    before = set(portal_threads())
    yield
    left = [t for t in portal_threads() if t not in before]
    for thread in left:
        thread.join(2)
    assert not [t for t in left if t.is_alive()], "a Client's loop thread outlived the test"
