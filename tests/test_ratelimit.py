"""Token buckets: CPS pacing, FIFO, cancellation, 429 adaptation and Retry-After pauses."""

from __future__ import annotations

import asyncio
import re

import pytest
from aioresponses import CallbackResult, aioresponses

import plivo_async
from plivo_async._ratelimit import TokenBucket

from .conftest import ACCOUNT_URL, FakeClock, make_client

CREATE = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"$")


def _max_in_any_window(times: list[float], window: float) -> int:
    """The most sends inside any half-open window [t, t + window)."""
    times = sorted(times)
    return max(sum(1 for other in times if start <= other < start + window) for start in times)


async def test_40_creates_at_2_cps_never_exceed_2_sends_in_any_second(
    mocked: aioresponses, clock: FakeClock
) -> None:
    sent: list[float] = []

    def record(url: object, **kwargs: object) -> CallbackResult:
        sent.append(clock.now())
        return CallbackResult(status=201, payload={"api_id": "a", "request_uuid": "r"})

    mocked.post(CREATE, callback=record, repeat=True)
    client = make_client(rate_limit=plivo_async.RateLimit(calls_per_second=2), clock=clock)
    async with client:
        results = await asyncio.gather(
            *(
                client.calls.create(from_="1", to=str(n), answer_url="https://a.test/")
                for n in range(40)
            )
        )
    assert len(results) == 40
    assert len(sent) == 40
    assert _max_in_any_window(sent, 1.0) <= 2
    # Paced, not stalled: 40 sends at 2 per second take about 19.5 s of virtual time.
    assert sent[-1] - sent[0] == pytest.approx(19.5)


async def test_cancelled_waiters_give_their_slots_back(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=2, burst=1, clock=clock)
    served: list[tuple[int, float]] = []

    async def take(n: int) -> None:
        await bucket.acquire()
        served.append((n, clock.now()))

    start = clock.now()
    tasks = [asyncio.create_task(take(n)) for n in range(10)]
    await asyncio.sleep(0)
    for task in tasks[2:7]:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(isinstance(result, asyncio.CancelledError) for result in results) == 5
    assert [n for n, _ in served] == [0, 1, 7, 8, 9]
    # Five served at 0.5 s spacing: the cancelled five left no gaps behind.
    assert [round(t - start, 6) for _, t in served] == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert bucket.waiting == 0


async def test_waiters_are_served_first_come_first_served(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=10, burst=1, clock=clock)
    order: list[int] = []

    async def take(n: int) -> None:
        await bucket.acquire()
        order.append(n)

    await asyncio.gather(*(take(n) for n in range(20)))
    assert order == list(range(20))


def test_429_halves_the_rate_and_successes_recover_it(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=10, burst=1, clock=clock, recovery_fraction=0.1)
    bucket.throttled(None)
    assert bucket.rate == 5
    bucket.throttled(None)
    assert bucket.rate == 2.5
    for _ in range(100):
        bucket.throttled(None)
    assert bucket.rate == pytest.approx(1.0)  # floor: 10 % of the configured rate
    for _ in range(5):
        bucket.succeeded()
    assert bucket.rate == pytest.approx(6.0)
    for _ in range(50):
        bucket.succeeded()
    assert bucket.rate == 10


async def test_retry_after_pauses_every_caller_of_the_bucket(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=100, burst=1, clock=clock)
    await bucket.acquire()
    bucket.throttled(2.0)
    start = clock.now()
    served: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        served.append(clock.now())

    await asyncio.gather(*(take() for _ in range(3)))
    assert min(served) - start >= 2.0


async def test_a_429_on_create_slows_the_call_bucket_and_pauses_other_creates(
    mocked: aioresponses, clock: FakeClock
) -> None:
    sent: list[float] = []
    answers = iter([429] + [201] * 10)

    def respond(url: object, **kwargs: object) -> CallbackResult:
        sent.append(clock.now())
        status = next(answers)
        headers = {"Retry-After": "3"} if status == 429 else {}
        return CallbackResult(
            status=status, payload={"api_id": "a", "request_uuid": "r"}, headers=headers
        )

    mocked.post(CREATE, callback=respond, repeat=True)
    client = make_client(
        rate_limit=plivo_async.RateLimit(calls_per_second=10),
        clock=clock,
        retry=plivo_async.RetryPolicy(),
    )
    async with client:
        await asyncio.gather(
            *(
                client.calls.create(from_="1", to=str(n), answer_url="https://a.test/")
                for n in range(3)
            )
        )
        limiter = client.rate_limiter
        assert limiter is not None
        assert limiter.bucket("call_create").rate < 10
    # The first send got the 429; nothing else went out during the 3 s pause.
    assert len(sent) == 4
    assert all(t - sent[0] >= 3.0 for t in sent[1:])


def test_rate_limit_config_is_validated() -> None:
    with pytest.raises(ValueError, match="calls_per_second"):
        plivo_async.RateLimit(calls_per_second=0)
    with pytest.raises(ValueError, match="api_requests"):
        plivo_async.RateLimit(api_requests=-1)
