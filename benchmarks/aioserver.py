"""A tiny canned-JSON Plivo server on aiohttp.web, run as its own process.

Two uses:
* the fallback fast server when nginx is not available (`--barrier 0`);
* the slow server for the in-flight memory test, in one of two ways:
  - `--barrier N`: every `POST …/Call/` is held until N of them are waiting at once (or
    `--max-hold` seconds pass), then all are answered. That proves N requests really were on
    the wire together, whatever the ramp-up time, which a fixed sleep could not;
  - `--delay S`: every `POST …/Call/` is answered after S seconds (the client's pool, not the
    server, then decides how many are on the wire).
  `GET /_stats/` returns and resets the peak number held at once.

Prints `PORT <n>` on stdout once listening on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import signal

from aiohttp import web
from common import CREATE_BODY, GET_BODY, NOT_FOUND_BODY

JSON = "application/json"


class Delay:
    """Holds each request for a fixed time, counting how many are held at once."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.waiting = 0
        self.peak = 0
        self.timeouts = 0

    async def wait(self) -> None:
        self.waiting += 1
        self.peak = max(self.peak, self.waiting)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.waiting -= 1


class Barrier:
    """Holds requests until `size` wait together; a generation is released all at once."""

    def __init__(self, size: int, max_hold: float) -> None:
        self.size = size
        self.max_hold = max_hold
        self.waiting = 0
        self.peak = 0
        self.timeouts = 0
        self.released = asyncio.Event()

    def _release(self) -> None:
        self.released.set()
        self.released = asyncio.Event()
        self.waiting = 0

    async def wait(self) -> None:
        event = self.released
        self.waiting += 1
        self.peak = max(self.peak, self.waiting)
        if self.waiting >= self.size:
            self._release()
            return
        try:
            await asyncio.wait_for(event.wait(), self.max_hold)
        except asyncio.TimeoutError:
            # A short run must not poison the next one: free the whole generation.
            self.timeouts += 1
            if event is self.released:
                self._release()


def make_app(barrier: Barrier | Delay | None) -> web.Application:
    async def create(request: web.Request) -> web.Response:
        await request.read()
        if barrier is not None:
            await barrier.wait()
        return web.Response(status=201, text=CREATE_BODY, content_type=JSON)

    async def get(request: web.Request) -> web.Response:
        return web.Response(text=GET_BODY, content_type=JSON)

    async def ping(request: web.Request) -> web.Response:
        return web.Response(text="{}", content_type=JSON)

    async def stats(request: web.Request) -> web.Response:
        body = {"peak_waiting": 0, "timeouts": 0}
        if barrier is not None:
            body = {"peak_waiting": barrier.peak, "timeouts": barrier.timeouts}
            if "reset" in request.query:
                barrier.peak = barrier.timeouts = 0
        return web.Response(text=json.dumps(body), content_type=JSON)

    async def not_found(request: web.Request) -> web.Response:
        return web.Response(status=404, text=NOT_FOUND_BODY, content_type=JSON)

    app = web.Application()
    app.router.add_post("/v1/Account/{auth_id}/Call/", create)
    app.router.add_get("/v1/Account/{auth_id}/Call/{uuid}/", get)
    app.router.add_get("/ping/", ping)
    app.router.add_get("/_stats/", stats)
    app.router.add_route("*", "/{tail:.*}", not_found)
    return app


async def serve(barrier_size: int, max_hold: float, delay: float) -> None:
    barrier: Barrier | Delay | None = None
    if barrier_size > 0:
        barrier = Barrier(barrier_size, max_hold)
    elif delay > 0:
        barrier = Delay(delay)
    # handler_cancellation: a client that hangs up must free its held request, or the next
    # client's count would include the previous one's leftovers.
    runner = web.AppRunner(make_app(barrier), access_log=None, handler_cancellation=True)
    await runner.setup()
    # A deep backlog: the in-flight test opens thousands of connections in one burst.
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
    await site.start()
    port = runner.addresses[0][1]
    print(f"PORT {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--barrier", type=int, default=0)
    parser.add_argument("--max-hold", type=float, default=30.0)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(serve(args.barrier, args.max_hold, args.delay))


if __name__ == "__main__":
    main()
