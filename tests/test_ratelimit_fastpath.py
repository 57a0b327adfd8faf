"""The rate limiter when it does not bind: every call goes straight through, cheaply, and the
fast path never jumps a queue or loses track of time."""

from __future__ import annotations

import asyncio

from aiohttp import web

import plivo_async
from plivo_async._ratelimit import TokenBucket

from .conftest import AUTH_ID, AUTH_TOKEN, FakeClock, ServerFactory

#: The defaults, with rates far above anything a test can reach.
NOT_BINDING = plivo_async.RateLimit(calls_per_second=1e9, api_requests=10**12)


class CountingClock(FakeClock):
    """Virtual time that also counts how often it is read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def now(self) -> float:
        self.reads += 1
        # Time moves a little with every read, as the real clock does between calls.
        self.time += 0.001
        return self.time


async def test_a_limit_that_does_not_bind_sends_every_call_at_once(
    loopback: ServerFactory,
) -> None:
    async def created(request: web.Request) -> web.Response:
        return web.json_response({"api_id": "a", "request_uuid": "r"}, status=201)

    async def cdr(request: web.Request) -> web.Response:
        return web.json_response({"api_id": "a", "call_uuid": request.match_info["uuid"]})

    app = web.Application()
    app.router.add_post(f"/v1/Account/{AUTH_ID}/Call/", created)
    app.router.add_get(f"/v1/Account/{AUTH_ID}/Call/{{uuid}}/", cdr)
    clock = CountingClock()
    client = plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=await loopback(app), rate_limit=NOT_BINDING, clock=clock
    )
    reads_before = clock.reads
    async with client:
        creates = [
            client.calls.create(from_="1", to=str(n), answer_url="https://a.test/")
            for n in range(50)
        ]
        gets = [client.calls.get(f"uuid-{n}") for n in range(50)]
        results = await asyncio.wait_for(asyncio.gather(*creates, *gets), 10)
        limiter = client.rate_limiter
        assert limiter is not None
        waiting = (limiter.bucket("call_create").waiting, limiter.bucket("api").waiting)
    assert [r.request_uuid for r in results[:50]] == ["r"] * 50
    assert [r.call_uuid for r in results[50:]] == [f"uuid-{n}" for n in range(50)]
    # Nobody slept or queued; a call creation read the clock once for both of its buckets.
    assert clock.sleeps == []
    assert waiting == (0, 0)
    assert clock.reads - reads_before == 100


async def test_a_free_token_does_not_go_to_a_caller_behind_the_queue(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=10, burst=1, clock=clock)
    assert bucket.take(clock.now())
    order: list[str] = []

    async def take(name: str) -> None:
        await bucket.acquire()
        order.append(name)

    first = asyncio.create_task(take("queued first"))
    await asyncio.sleep(0)
    assert bucket.waiting == 1
    # A token is free again, but someone is queued: the fast path must refuse it.
    clock.time += 1.0
    assert not bucket.take(clock.now())
    assert not bucket.try_acquire()
    second = asyncio.create_task(take("queued second"))
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert order == ["queued first", "queued second"]


async def test_a_refused_take_leaves_the_wait_unchanged(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=2, burst=1, clock=clock)
    start = clock.now()
    assert bucket.take(start)
    # A quarter second later the next token is a quarter second away, refused or not.
    clock.time = start + 0.25
    assert not bucket.take(clock.now())
    assert not bucket.take(clock.now())
    await asyncio.wait_for(bucket.acquire(), 5)
    assert clock.sleeps == [0.25]
    assert clock.now() == start + 0.5


async def test_a_retry_after_pause_stops_the_fast_path(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=1000, burst=5, clock=clock)
    assert bucket.take(clock.now())
    bucket.throttled(3.0)
    clock.time += 2.9
    assert not bucket.take(clock.now())  # tokens are free, but the bucket is paused
    clock.time += 0.2
    assert bucket.take(clock.now())
