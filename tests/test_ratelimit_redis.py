"""The shared rate limit through a real Redis: clients pace one account together, a 429's pause
and slow-down reach every client, close and cancellation stay safe."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import uuid

import pytest
from aiohttp import web

import plivo_async
from plivo_async.ratelimit import RedisBackend

from ._redisserver import RedisServer, redis_server_fixture, redis_url_fixture  # noqa: F401
from .conftest import AUTH_ID, AUTH_TOKEN, FakeClock, ServerFactory


def backend(url: str, **kwargs: object) -> RedisBackend:
    # A key of its own, so tests sharing one Redis never share buckets.
    return RedisBackend(url, key=f"test-{uuid.uuid4().hex}", **kwargs)  # type: ignore[arg-type]


def counting_app(arrivals: list[float], status: int = 201, headers: dict[str, str] | None = None):
    async def created(request: web.Request) -> web.Response:
        arrivals.append(time.monotonic())
        body = await request.json()
        count = len(str(body["to"]).split("<"))
        if status == 429:
            return web.json_response(
                {"api_id": "a", "error": "too many"}, status=429, headers=headers
            )
        return web.json_response(
            {"api_id": "a", "message": "call fired", "request_uuid": ["r"] * count}, status=201
        )

    app = web.Application()
    app.router.add_post(f"/v1/Account/{AUTH_ID}/Call/", created)
    return app


def client(base: str, limit: plivo_async.RateLimit, **kwargs: object) -> plivo_async.AsyncClient:
    options: dict[str, object] = {"base_url": base, "rate_limit": limit, "retry": None}
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **options, **kwargs)  # type: ignore[arg-type]


async def create(c: plivo_async.AsyncClient, to: str = "14155550100") -> None:
    await c.calls.create(from_="14155550000", to=to, answer_url="https://a.test/")


async def test_two_clients_with_one_backend_pace_the_account_together(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    base = await loopback(counting_app(arrivals))
    limit = plivo_async.RateLimit(calls_per_second=20, backend=backend(redis_url))
    async with client(base, limit) as one, client(base, limit) as two:
        await asyncio.wait_for(
            asyncio.gather(*(create(c) for c in (one, two) for _ in range(10))), 10
        )
    assert len(arrivals) == 20
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # 20 calls at 20 CPS across both clients: about one every 50 ms, never two at once (a
    # few ms of scheduling jitter aside); each alone at 20 CPS would have gone twice as fast.
    assert min(gaps) > 0.035
    assert arrivals[-1] - arrivals[0] == pytest.approx(19 / 20, abs=0.15)


async def test_a_call_to_several_destinations_costs_one_token_each(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    base = await loopback(counting_app(arrivals))
    clock = FakeClock()
    limit = plivo_async.RateLimit(calls_per_second=10, backend=backend(redis_url))
    async with client(base, limit, clock=clock) as c:
        await create(c, "14155550101<14155550102<14155550103")
        await create(c)
    # A new bucket starts empty (the first slot 0.1 s away); the second call's slot comes 3
    # tokens (0.3 s) after the first's. Virtual sleeps take no real time, so Redis's clock has
    # hardly moved between them: the second waits about 0.1 + 0.3 s.
    assert clock.sleeps[0] == pytest.approx(0.1, abs=0.02)
    assert clock.sleeps[1] == pytest.approx(0.4, abs=0.03)


async def test_a_retry_after_pauses_every_client_of_the_account(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    limited = await loopback(counting_app(arrivals, 429, {"Retry-After": "2"}))
    fine = await loopback(counting_app(arrivals))
    shared = backend(redis_url)
    limit = plivo_async.RateLimit(calls_per_second=50, backend=shared)
    other_clock = FakeClock()
    async with client(limited, limit) as hit, client(fine, limit, clock=other_clock) as other:
        with pytest.raises(plivo_async.RateLimitError):
            await create(hit)
        await create(other)
        limiter = other.rate_limiter
        assert limiter is not None
        assert limiter.shared is not None
        rate = limiter.shared.rates["call_create"]  # type: ignore[attr-defined]
    # The other client never saw the 429, yet waited out its pause and took the halved rate.
    assert other_clock.sleeps == [pytest.approx(2.0, abs=0.1)]
    # ... and its success gave back one recovery step (5% of 50).
    assert rate == 27.5


async def test_successes_bring_the_shared_rate_back(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    limited = await loopback(counting_app(arrivals, 429))
    fine = await loopback(counting_app(arrivals))
    limit = plivo_async.RateLimit(
        calls_per_second=1000, recovery_fraction=0.25, backend=backend(redis_url)
    )
    async with client(limited, limit) as hit, client(fine, limit) as other:
        with pytest.raises(plivo_async.RateLimitError):
            await create(hit)
        limiter = other.rate_limiter
        assert limiter is not None
        rates = []
        for _ in range(3):
            await create(other)
            rates.append(limiter.shared.rates["call_create"])  # type: ignore[union-attr]
    assert rates == [750.0, 1000.0, 1000.0]


async def test_closing_fails_the_waiters_never_sent_and_leaves_no_connection(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    base = await loopback(counting_app(arrivals))
    limit = plivo_async.RateLimit(calls_per_second=2, backend=backend(redis_url))
    c = client(base, limit)
    calls = [asyncio.ensure_future(create(c)) for _ in range(4)]
    await asyncio.sleep(0.7)  # the first one goes at 0.5 s, the others wait
    await c.aclose()
    results = await asyncio.gather(*calls, return_exceptions=True)
    closed = [r for r in results if isinstance(r, plivo_async.ClientClosedError)]
    assert len(arrivals) == 1
    assert len(closed) == 3
    assert all(not error.may_have_reached_server for error in closed)
    # Warnings are errors here: an unclosed Redis connection would fail the test.


async def test_a_cancelled_waiter_gives_its_turn_to_the_next(
    loopback: ServerFactory, redis_url: str
) -> None:
    arrivals: list[float] = []
    base = await loopback(counting_app(arrivals))
    limit = plivo_async.RateLimit(calls_per_second=4, backend=backend(redis_url))
    async with client(base, limit) as c:
        first = asyncio.ensure_future(create(c))
        second = asyncio.ensure_future(create(c))
        await asyncio.sleep(0.1)  # the first holds the slot at 0.25 s
        first.cancel()
        await asyncio.wait_for(second, 2)
    assert first.cancelled()
    # The cancelled one held a reserved slot: it went unused, and only the other call was sent.
    assert len(arrivals) == 1


async def test_redis_unreachable_fails_closed_then_recovers(
    loopback: ServerFactory, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    arrivals: list[float] = []
    base = await loopback(counting_app(arrivals))
    redis_server.kill()
    limit = plivo_async.RateLimit(
        calls_per_second=50, backend=backend(redis_server.url, timeout=0.2)
    )
    caplog.set_level(logging.WARNING, "plivo_async")
    async with client(base, limit) as c:
        calls = [asyncio.ensure_future(create(c)) for _ in range(3)]
        await asyncio.sleep(0.6)
        sent_during_outage = len(arrivals)
        await asyncio.to_thread(redis_server.start)
        await asyncio.wait_for(asyncio.gather(*calls), 5)
    assert sent_during_outage == 0
    assert len(arrivals) == 3
    messages = [r.getMessage() for r in caplog.records]
    assert sum("is not answering" in m for m in messages) == 1
    assert sum("answers again" in m for m in messages) == 1
    assert AUTH_TOKEN not in caplog.text


async def test_a_retried_acquisition_gets_its_lost_slot_back(redis_url: str) -> None:
    import redis.asyncio

    from plivo_async.ratelimit import _scripts

    r = redis.asyncio.Redis.from_url(redis_url)
    try:
        acquire = r.register_script(_scripts.ACQUIRE)
        state = f"test:{uuid.uuid4().hex}"
        args = [1, "10", 1, "60", 1, 60_000, 60_000]
        first = await acquire(keys=[state, state + ":r:1"], args=args)
        tat = await r.hget(state, "c_tat")
        again = await acquire(keys=[state, state + ":r:1"], args=args)
        tat_again = await r.hget(state, "c_tat")
        other = await acquire(keys=[state, state + ":r:2"], args=args)
        tat_other = await r.hget(state, "c_tat")
    finally:
        await r.aclose()
    # The same reservation id answers the same slot (a little nearer) and takes no new one...
    assert 0 <= float(again[0]) <= float(first[0]) <= 100_000
    assert tat_again == tat
    # ... while a new id queues one slot (0.1 s at 10 CPS) after it.
    assert float(tat_other) - float(tat) == 100_000
    assert float(other[0]) > float(first[0])


def test_bad_backend_arguments_are_named() -> None:
    with pytest.raises(plivo_async.ValidationError) as error:
        RedisBackend("http://localhost:6379")
    assert error.value.argument == "url"
    with pytest.raises(plivo_async.ValidationError) as error:
        RedisBackend("redis://localhost", timeout=0)
    assert error.value.argument == "timeout"


def test_the_backend_never_shows_a_password() -> None:
    shown = repr(RedisBackend("redis://user:hunter2-secret@redis.test:6380/0", key=AUTH_ID))
    assert "hunter2-secret" not in shown
    assert "redis.test:6380" in shown
    # The key (an auth id) is shortened as the auth id is everywhere.
    assert AUTH_ID not in shown


def test_the_blocking_client_shares_the_buckets_from_its_loop_thread(
    redis_url: str,
) -> None:
    import gc
    import threading

    arrivals: list[float] = []
    app = counting_app(arrivals)
    ready = threading.Event()
    holder: dict[str, object] = {}

    def serve() -> None:
        async def main() -> None:
            runner = web.AppRunner(app, shutdown_timeout=0.1)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            holder["base"] = f"http://127.0.0.1:{runner.addresses[0][1]}/"
            holder["stop"] = stop = asyncio.Event()
            holder["loop"] = asyncio.get_running_loop()
            ready.set()
            await stop.wait()
            await runner.cleanup()

        asyncio.run(main())

    thread = threading.Thread(target=serve)
    thread.start()
    ready.wait(5)
    try:
        limit = plivo_async.RateLimit(calls_per_second=10, backend=backend(redis_url))
        base = str(holder["base"])
        with plivo_async.Client(AUTH_ID, AUTH_TOKEN, base_url=base, rate_limit=limit) as c:
            for _ in range(3):
                c.calls.create(from_="14155550000", to="14155550100", answer_url="https://a.t/")
        gc.collect()  # an unclosed Redis connection would warn here (warnings are errors)
    finally:
        loop = holder["loop"]
        loop.call_soon_threadsafe(holder["stop"].set)  # type: ignore[attr-defined]
        thread.join(5)
    assert len(arrivals) == 3
    assert arrivals[2] - arrivals[0] == pytest.approx(0.2, abs=0.06)
