"""One dialling worker process for the multi-process shared-rate-limit tests.

``python -m tests._redisworker BASE_URL REDIS_URL KEY CPS SECONDS``: prints ``ready`` once
imported, reads a wall-clock start time from stdin, and from then creates calls as fast as the
limiter allows for SECONDS, then prints how many were answered.
"""

from __future__ import annotations

import asyncio
import sys
import time

import plivo_async
from plivo_async.ratelimit import RedisBackend

from .conftest import AUTH_ID, AUTH_TOKEN


async def main(base: str, redis_url: str, key: str, cps: float, seconds: float) -> None:
    limit = plivo_async.RateLimit(
        calls_per_second=cps, backend=RedisBackend(redis_url, key=key, timeout=0.2)
    )
    answered = 0
    async with plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=base, rate_limit=limit, retry=None
    ) as client:
        print("ready", flush=True)
        start_at = float(await asyncio.to_thread(sys.stdin.readline))
        await asyncio.sleep(max(0.0, start_at - time.time()))
        end = start_at + seconds

        async def dial() -> None:
            nonlocal answered
            while time.time() < end:
                await client.calls.create(
                    from_="14155550000", to="14155550100", answer_url="https://a.test/"
                )
                answered += 1

        # As fast as it can: far more callers than the CPS lets through.
        tasks = [asyncio.ensure_future(dial()) for _ in range(int(cps))]
        await asyncio.sleep(max(0.0, end - time.time()))
        await client.aclose(grace=1.0)
        await asyncio.gather(*tasks, return_exceptions=True)
    print(answered, flush=True)


if __name__ == "__main__":
    base, url, key, cps, seconds = sys.argv[1:6]
    asyncio.run(main(base, url, key, float(cps), float(seconds)))
