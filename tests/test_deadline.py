"""The whole-call deadline (Timeout(total=...)) and how retries respect it."""

from __future__ import annotations

import re
import time

import pytest
from aioresponses import aioresponses

import plivo_async

from .conftest import ACCOUNT_URL, FakeClock, make_client

CALL_URL = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"[^/]+/$")


async def test_a_retry_after_longer_than_the_deadline_fails_at_once(mocked: aioresponses) -> None:
    mocked.get(
        CALL_URL,
        status=429,
        payload={"api_id": "a", "error": "slow down"},
        headers={"Retry-After": "30"},
    )
    client = make_client(timeout=plivo_async.Timeout(total=5), retry=plivo_async.RetryPolicy())
    started = time.monotonic()
    async with client:
        with pytest.raises(plivo_async.RateLimitError) as caught:
            await client.calls.get("abc")
    assert time.monotonic() - started < 1.0
    assert caught.value.retries_taken == 0
    assert sum(len(calls) for calls in mocked.requests.values()) == 1


async def test_retries_that_fit_in_the_deadline_still_happen(
    mocked: aioresponses, clock: FakeClock
) -> None:
    mocked.get(CALL_URL, status=503, payload={"api_id": "a", "error": "busy"})
    mocked.get(CALL_URL, payload={"call_uuid": "abc"})
    client = make_client(
        timeout=plivo_async.Timeout(total=5), retry=plivo_async.RetryPolicy(), clock=clock
    )
    async with client:
        call = await client.calls.get("abc")
    assert call.call_uuid == "abc"
    assert len(clock.sleeps) == 1


def test_a_proxy_that_is_not_an_http_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(plivo_async.ValidationError) as caught:
        make_client(proxy="socks5://user:secret@proxy")
    assert caught.value.argument == "proxy"
    assert "secret" not in str(caught.value)
