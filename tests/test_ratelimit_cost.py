"""A bulk call pays the calls-per-second bucket one token per destination, not one per request."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses

import plivo_async
from plivo_async._ratelimit import TokenBucket
from tests.conftest import ACCOUNT_URL, FakeClock, make_client

CREATED = {"api_id": "a", "message": "call fired", "request_uuid": "r"}


async def create(client: plivo_async.AsyncClient, destinations: int) -> None:
    await client.calls.create(
        from_="14155550100",
        to=[f"1415555{n:04d}" for n in range(destinations)],
        answer_url="https://example.test/a.xml",
    )


async def test_a_bulk_call_of_five_costs_five_seconds_of_cps_at_one_per_second(
    mocked: aioresponses, clock: FakeClock
) -> None:
    mocked.post(f"{ACCOUNT_URL}Call/", payload=CREATED, repeat=True)
    limit = plivo_async.RateLimit(calls_per_second=1, burst=1)
    async with make_client(rate_limit=limit, clock=clock) as client:
        await create(client, 5)  # a full bucket: sent at once, leaving a debt of 4
        assert clock.sleeps == []
        await create(client, 1)  # waits the debt off and its own token: 5 s
        assert sum(clock.sleeps) == pytest.approx(5.0)


async def test_the_api_bucket_counts_requests_not_destinations(
    mocked: aioresponses, clock: FakeClock
) -> None:
    mocked.post(f"{ACCOUNT_URL}Call/", payload=CREATED, repeat=True)
    # 2 requests per second for the API, 1,000 calls per second: the API bucket binds.
    limit = plivo_async.RateLimit(calls_per_second=1000, api_requests=2, api_period=1, burst=1)
    async with make_client(rate_limit=limit, clock=clock) as client:
        await create(client, 5)
        await create(client, 5)
    assert sum(clock.sleeps) == pytest.approx(0.5)  # one API token's wait, not five


async def test_other_requests_are_not_delayed_by_a_bulk_calls_debt(
    mocked: aioresponses, clock: FakeClock
) -> None:
    mocked.post(f"{ACCOUNT_URL}Call/", payload=CREATED, repeat=True)
    mocked.get(f"{ACCOUNT_URL}Call/c-1/", payload={"call_uuid": "c-1"}, repeat=True)
    limit = plivo_async.RateLimit(calls_per_second=1, burst=1)
    async with make_client(rate_limit=limit, clock=clock) as client:
        await create(client, 1000)  # 999 seconds of CPS debt
        await client.calls.get("c-1")
    assert sum(clock.sleeps) < 0.1  # only the API bucket's own spacing (1/60 s)


def test_a_cost_above_the_burst_waits_for_a_full_bucket_then_goes_into_debt() -> None:
    clock = FakeClock()
    bucket = TokenBucket(2.0, 3, clock)
    assert bucket.take(clock.now(), 10)  # 3 free: a full bucket, so it goes (debt 7)
    assert not bucket.take(clock.now(), 1)
    clock.time += 3.5  # 7 tokens repaid, none left over
    assert not bucket.take(clock.now(), 1)
    clock.time += 0.5
    assert bucket.take(clock.now(), 1)


def test_a_cost_within_the_burst_needs_that_many_tokens() -> None:
    clock = FakeClock()
    bucket = TokenBucket(1.0, 5, clock)
    assert bucket.take(clock.now(), 3)
    assert not bucket.take(clock.now(), 3)  # 2 left
    assert bucket.take(clock.now(), 2)
