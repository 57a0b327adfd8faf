"""A logging and metrics middleware: times every logical call and counts outcomes.

Run it against the embedded simulator: ``python docs/examples/metrics_middleware.py``.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time

import plivo_async
from plivo_async.testing import Simulator

log = logging.getLogger("my_app.plivo")


class Metrics:
    """Counts answers per (method, path template, status) and keeps their latencies."""

    def __init__(self) -> None:
        self.counts: collections.Counter[tuple[str, str, int | str]] = collections.Counter()
        self.latencies: list[float] = []

    async def __call__(
        self, request: plivo_async.Request, call_next: plivo_async.Handler
    ) -> plivo_async.Response:
        # Outermost middleware: runs once per logical call, around all its retries.
        request.headers["X-Request-Source"] = "metrics-example"
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except plivo_async.TransportError as error:
            self.counts[(request.method, request.path.split("/")[0], type(error).__name__)] += 1
            raise
        elapsed = time.perf_counter() - started
        self.latencies.append(elapsed)
        self.counts[(request.method, request.path.split("/")[0], response.status)] += 1
        # request.path never contains the auth id; headers and bodies are not logged.
        log.info(
            "%s %s -> %d in %.1f ms after %d retries",
            request.method,
            request.path,
            response.status,
            elapsed * 1000,
            response.retries_taken,
        )
        return response


async def main() -> Metrics:
    metrics = Metrics()
    async with Simulator(cps=50) as sim, sim.client(middlewares=[metrics]) as client:
        created = await client.calls.create(
            from_="14155550100",
            to=["14155550101", "14155550102"],
            answer_url="https://example.com/a.xml",
        )
        sim.advance(5)
        for uuid in created.request_uuids:
            await client.live_calls.get(uuid)
            await client.calls.hangup(uuid)
    return metrics


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
    result = asyncio.run(main())
    for key, count in sorted(result.counts.items(), key=str):
        print(key, count)
