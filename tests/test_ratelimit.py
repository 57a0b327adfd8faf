"""Token buckets: CPS pacing, FIFO, cancellation, 429 adaptation and Retry-After pauses."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from typing import TypeVar

import pytest
from aiohttp import web
from aioresponses import CallbackResult, aioresponses

import plivo_async
from plivo_async._ratelimit import TokenBucket

from .conftest import ACCOUNT_URL, AUTH_ID, AUTH_TOKEN, FakeClock, ServerFactory, make_client

T = TypeVar("T")
CREATE = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"$")
CALL = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"[^/]+/$")


async def within(awaitable: Awaitable[T], seconds: float = 2.0) -> T:
    """Await in bounded real time: a bucket that deadlocks fails the test instead of hanging it."""
    return await asyncio.wait_for(awaitable, seconds)


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
    results = await within(asyncio.gather(*tasks, return_exceptions=True))
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

    await within(asyncio.gather(*(take(n) for n in range(20))))
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
    await within(bucket.acquire())
    bucket.throttled(2.0)
    start = clock.now()
    served: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        served.append(clock.now())

    await within(asyncio.gather(*(take() for _ in range(3))))
    # Nobody before the pause ends, then one at a time at the halved rate (50/s), not all at once.
    assert [round(t - start, 6) for t in served] == [2.0, 2.02, 2.04]


async def test_a_429_spends_the_saved_burst(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=2, burst=3, clock=clock)
    start = clock.now()
    await within(bucket.acquire())  # two tokens left
    bucket.throttled(1.0)  # rate 1/s, and the pause refills one token only
    served: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        served.append(clock.now())

    await within(asyncio.gather(*(take() for _ in range(3))))
    assert [round(t - start, 6) for t in served] == [1.0, 2.0, 3.0]


async def test_burst_requests_go_at_once_then_the_rate_applies(clock: FakeClock) -> None:
    bucket = TokenBucket(rate=2, burst=3, clock=clock)
    start = clock.now()
    served: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        served.append(clock.now())

    await within(asyncio.gather(*(take() for _ in range(5))))
    assert [round(t - start, 6) for t in served] == [0.0, 0.0, 0.0, 0.5, 1.0]


async def test_a_caller_arriving_between_tokens_waits_only_for_the_rest(
    clock: FakeClock,
) -> None:
    bucket = TokenBucket(rate=2, burst=1, clock=clock)
    start = clock.now()
    await within(bucket.acquire())
    clock.time += 0.25  # half a token has come back
    await within(bucket.acquire())
    assert clock.sleeps == [pytest.approx(0.25)]
    assert clock.now() - start == pytest.approx(0.5)


async def test_a_clock_starting_at_zero_is_not_paused(clock: FakeClock) -> None:
    clock.time = 0.0  # an injected clock may count from zero
    bucket = TokenBucket(rate=2, burst=1, clock=clock)
    await within(bucket.acquire())
    await within(bucket.acquire())
    assert clock.sleeps == [0.5]


def test_bucket_defaults_are_the_rate_limit_defaults(clock: FakeClock) -> None:
    limit = plivo_async.RateLimit()
    bucket = TokenBucket(rate=10, burst=1, clock=clock)
    bucket.throttled(None)
    assert bucket.rate == pytest.approx(10 * limit.decrease_factor)
    bucket.succeeded()
    assert bucket.rate == pytest.approx(10 * (limit.decrease_factor + limit.recovery_fraction))
    for _ in range(100):
        bucket.throttled(None)
    assert bucket.rate == pytest.approx(10 * limit.min_rate_fraction)


async def test_api_requests_are_paced_over_the_api_period(
    mocked: aioresponses, clock: FakeClock
) -> None:
    sent: list[float] = []

    def record(url: object, **kwargs: object) -> CallbackResult:
        sent.append(clock.now())
        if str(url).endswith("/Call/"):
            return CallbackResult(status=201, payload={"api_id": "a", "request_uuid": "r"})
        return CallbackResult(payload={"api_id": "a", "call_uuid": "c"})

    mocked.get(CALL, callback=record, repeat=True)
    mocked.post(CREATE, callback=record, repeat=True)
    # 4 requests per 2 s is 2 per second, for every request (call creation included).
    limit = plivo_async.RateLimit(calls_per_second=100, api_requests=4, api_period=2.0)
    async with make_client(rate_limit=limit, clock=clock) as client:
        start = clock.now()
        await asyncio.gather(*(client.calls.get(f"c{n}") for n in range(3)))
        await asyncio.gather(
            *(
                client.calls.create(from_="1", to=str(n), answer_url="https://a.test/")
                for n in range(2)
            )
        )
    assert [round(t - start, 6) for t in sent] == [0.0, 0.5, 1.0, 1.5, 2.0]


@pytest.mark.parametrize("retry_after", [None, "soon"], ids=["no-header", "unparsable"])
async def test_a_429_without_a_usable_retry_after_only_slows_the_bucket(
    mocked: aioresponses, clock: FakeClock, retry_after: str | None
) -> None:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    mocked.post(CREATE, status=429, payload={"api_id": "a", "error": "slow"}, headers=headers)
    mocked.post(CREATE, status=201, payload={"api_id": "a", "request_uuid": "r"})
    client = make_client(rate_limit=plivo_async.RateLimit(calls_per_second=10), clock=clock)
    async with client:
        start = clock.now()
        created = await client.calls.with_raw_response.create(
            from_="1", to="2", answer_url="https://a.test/"
        )
        limiter = client.rate_limiter
        assert limiter is not None
        # Halved to 5/s by the 429, then 5 % of 10/s back for the retry's success.
        assert limiter.bucket("call_create").rate == pytest.approx(5.5)
    assert created.retries_taken == 1
    # No pause: the retry waited its backoff and one token at the halved rate (0.2 s).
    assert clock.now() - start == pytest.approx(0.2, abs=0.01)


async def test_the_limits_own_adaptation_settings_apply_to_both_buckets(
    mocked: aioresponses, clock: FakeClock
) -> None:
    slow = {"status": 429, "payload": {"api_id": "a", "error": "slow"}}
    mocked.post(CREATE, **slow)
    mocked.get(CALL, **slow)
    limit = plivo_async.RateLimit(
        calls_per_second=10, decrease_factor=0.8, recovery_fraction=0.1, min_rate_fraction=0.5
    )
    async with make_client(rate_limit=limit, clock=clock, retry=None) as client:
        with pytest.raises(plivo_async.RateLimitError):
            await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
        with pytest.raises(plivo_async.RateLimitError):
            await client.calls.get("c1")
        limiter = client.rate_limiter
        assert limiter is not None
        # A create's 429 is blamed on the call bucket, a GET's on the API bucket.
        assert limiter.bucket("call_create").rate == pytest.approx(8.0)
        assert limiter.bucket("api").rate == pytest.approx(60 * 0.8)
        mocked.post(CREATE, status=201, payload={"api_id": "a", "request_uuid": "r"})
        await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
        assert limiter.bucket("call_create").rate == pytest.approx(9.0)


async def test_successes_restore_the_rate_a_429_took(
    mocked: aioresponses, clock: FakeClock
) -> None:
    mocked.post(CREATE, status=429, payload={"api_id": "a", "error": "slow"})
    mocked.post(CREATE, status=201, payload={"api_id": "a", "request_uuid": "r"}, repeat=True)
    mocked.get(CALL, status=429, payload={"api_id": "a", "error": "slow"})
    mocked.get(CALL, payload={"api_id": "a", "call_uuid": "c"}, repeat=True)
    limit = plivo_async.RateLimit(calls_per_second=10)
    async with make_client(rate_limit=limit, clock=clock, retry=None) as client:
        limiter = client.rate_limiter
        assert limiter is not None
        with pytest.raises(plivo_async.RateLimitError):
            await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
        with pytest.raises(plivo_async.RateLimitError):
            await client.calls.get("c1")
        assert limiter.bucket("call_create").rate == 5.0
        assert limiter.bucket("api").rate == 30.0
        # Each success gives back 5 % of the configured rate, to the bucket that was slowed.
        for _ in range(4):
            await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
        assert limiter.bucket("call_create").rate == pytest.approx(7.0)
        assert limiter.bucket("api").rate == 30.0
        for _ in range(4):
            await client.calls.get("c1")
        assert limiter.bucket("api").rate == pytest.approx(42.0)
        for _ in range(20):
            await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
        assert limiter.bucket("call_create").rate == 10.0


class SteppedClock:
    """Virtual time that moves only when the test steps it, the same for every task.

    ``FakeClock`` jumps time forward for everyone the moment anyone sleeps, so a retry sleeping
    out its own ``Retry-After`` would also carry every other caller past the pause; here each
    sleeper waits until the test has stepped time past its wake-up.
    """

    def __init__(self) -> None:
        self.time = 1000.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._new_sleeper = asyncio.Event()

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.time + seconds, wake))
        self._new_sleeper.set()
        await wake

    async def until_sleeping(self, count: int) -> None:
        """Wait (in real time) until ``count`` tasks are asleep on this clock."""
        while self.sleeping < count:
            self._new_sleeper.clear()
            await self._new_sleeper.wait()

    @property
    def sleeping(self) -> int:
        return sum(not wake.done() for _, wake in self._sleepers)

    def step(self, seconds: float) -> None:
        self.time += seconds
        for at, wake in self._sleepers:
            if at <= self.time and not wake.done():
                wake.set_result(None)
        self._sleepers = [(at, wake) for at, wake in self._sleepers if not wake.done()]


async def test_a_429_on_create_slows_the_call_bucket_and_pauses_other_creates(
    loopback: ServerFactory,
) -> None:
    clock = SteppedClock()
    sent: list[tuple[str, float]] = []

    async def handler(request: web.Request) -> web.Response:
        to = (await request.json())["to"]
        sent.append((to, clock.now()))
        if len(sent) == 1:
            return web.json_response(
                {"api_id": "a", "error": "too many"}, status=429, headers={"Retry-After": "2"}
            )
        return web.json_response({"api_id": "a", "request_uuid": "r"}, status=201)

    app = web.Application()
    app.router.add_post(f"/v1/Account/{AUTH_ID}/Call/", handler)
    url = await loopback(app)
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=url,
        rate_limit=plivo_async.RateLimit(calls_per_second=10),
        clock=clock,
    )
    async with client:
        creates = [
            asyncio.create_task(
                client.calls.create(from_="1", to=str(n), answer_url="https://a.test/")
            )
            for n in range(3)
        ]
        # Time stands still until the first create has its 429 and sleeps out the Retry-After;
        # the second is asleep in the bucket, due a token 0.1 s later.
        await asyncio.wait_for(clock.until_sleeping(2), 5)
        assert sent == [("0", 1000.0)]
        limiter = client.rate_limiter
        assert limiter is not None
        assert limiter.bucket("call_create").rate < 10
        for _ in range(1000):
            if all(create.done() for create in creates):
                break
            clock.step(0.05)
            await asyncio.sleep(0.002)  # real time for the loopback round trips
        await asyncio.wait_for(asyncio.gather(*creates), 1)
    # Nothing went out during the 2 s pause: not the retry, and not the creates that never
    # got a 429 themselves.
    assert sorted(to for to, _ in sent) == ["0", "0", "1", "2"]
    assert all(at >= 1002.0 for _, at in sent[1:]), sent


def test_rate_limit_config_is_validated() -> None:
    with pytest.raises(ValueError, match="calls_per_second"):
        plivo_async.RateLimit(calls_per_second=0)
    with pytest.raises(ValueError, match="api_requests"):
        plivo_async.RateLimit(api_requests=-1)


class LateClock(FakeClock):
    """Virtual time whose sleeps end ``late`` seconds after they were due, as a busy loop's do."""

    def __init__(self, late: float) -> None:
        super().__init__()
        self.late = late

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + self.late)


async def _acquire_all(bucket: TokenBucket, clock: FakeClock, count: int) -> list[float]:
    granted: list[float] = []

    async def one() -> None:
        await bucket.acquire()
        granted.append(clock.now())

    await within(asyncio.gather(*(one() for _ in range(count))), 10.0)
    return granted


async def test_late_wake_ups_do_not_cost_the_bucket_its_rate() -> None:
    # 1,000/s with burst 1, every sleep 2 ms late: without the credit each wake-up would serve
    # one caller and the bucket would run at a third of its rate.
    clock = LateClock(0.002)
    bucket = TokenBucket(1000.0, 1, clock)
    start = clock.now()
    granted = await _acquire_all(bucket, clock, 2000)
    elapsed = max(granted) - start
    assert len(granted) == 2000
    assert 1.9 <= elapsed <= 2.1  # 2,000 tokens at 1,000/s
    # Never more at once than one token plus the lateness owed (2 ms of tokens).
    assert max(granted.count(moment) for moment in set(granted)) <= 3


async def test_the_credit_for_lateness_is_bounded() -> None:
    # A 1 s stall is not made good: at most OVERSLEEP_CREDIT's worth of tokens at once.
    from plivo_async._ratelimit import OVERSLEEP_CREDIT

    clock = LateClock(1.0)
    bucket = TokenBucket(1000.0, 1, clock)
    granted = await _acquire_all(bucket, clock, 200)
    burst = max(granted.count(moment) for moment in set(granted))
    assert burst <= 1 + OVERSLEEP_CREDIT * 1000 + 1e-9


async def test_an_idle_bucket_still_holds_only_its_burst() -> None:
    clock = LateClock(0.005)
    bucket = TokenBucket(1000.0, 1, clock)
    await _acquire_all(bucket, clock, 50)  # a busy spell, with late wake-ups credited
    clock.time += 60.0  # then a minute of nothing
    assert bucket.try_acquire() is True
    assert bucket.try_acquire() is False  # one token: the burst, no credit carried over
