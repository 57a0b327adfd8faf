"""The fast server of the bulk benchmark: answers ``POST …/Call/`` with one request_uuid per
destination of its ``to`` (so packed requests map back), in its own process.

Prints ``PORT <n>`` once listening on 127.0.0.1; stops on SIGTERM/SIGINT. ``GET /_stats/``
returns the requests and destinations seen.
"""

from __future__ import annotations

import asyncio
import json
import signal

from aiohttp import web

JSON = "application/json"


def make_app() -> web.Application:
    seen = {"requests": 0, "destinations": 0}

    async def create(request: web.Request) -> web.Response:
        body = await request.read()
        to = str(json.loads(body).get("to", ""))
        count = to.count("<") + 1
        first = seen["destinations"]
        seen["requests"] += 1
        seen["destinations"] += count
        uuids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(first, first + count)]
        answer = {
            "api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb",
            "message": "call fired",
            "request_uuid": uuids[0] if count == 1 else uuids,
        }
        return web.Response(status=201, text=json.dumps(answer), content_type=JSON)

    async def stats(request: web.Request) -> web.Response:
        return web.Response(text=json.dumps(seen), content_type=JSON)

    async def ping(request: web.Request) -> web.Response:
        return web.Response(text="{}", content_type=JSON)

    app = web.Application()
    app.router.add_post("/v1/Account/{auth_id}/Call/", create)
    app.router.add_get("/_stats/", stats)
    app.router.add_get("/ping/", ping)
    return app


async def serve() -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    print(f"PORT {runner.addresses[0][1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve())
