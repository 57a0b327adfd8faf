"""The retry budget seen from the wire: an outage cannot multiply the load a client sends.

Each client owns a budget of ``budget_capacity`` tokens; a retry costs ``retry_cost`` (twice that
after a timeout), a first-try success gives back one token and a success after retries gives
back one retry's cost. Loopback servers count what actually arrived.
"""

from __future__ import annotations

import json

import pytest

import plivo_async
from plivo_async import (
    ConnectionDroppedError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    Timeout,
)
from tests._rawhttp import drop, hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory

CALL = json.dumps({"api_id": "api-call", "call_uuid": "call-1"}).encode()
UNAVAILABLE = json.dumps({"api_id": "api-503", "error": "unavailable"}).encode()

#: Two retries empty it: the arithmetic of every test below.
SMALL_BUDGET = RetryPolicy(max_retries=10, budget_capacity=10, retry_cost=5, backoff_initial=0)


def client_for(
    url: str, policy: RetryPolicy = SMALL_BUDGET, **options: object
) -> plivo_async.AsyncClient:
    settings: dict[str, object] = {
        "base_url": url,
        "rate_limit": None,
        "clock": FakeClock(),
        "retry": policy,
        "timeout": Timeout(connect=2.0, read=2.0),
    }
    settings.update(options)
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **settings)  # type: ignore[arg-type]


async def test_retries_stop_once_the_budget_is_spent(raw: RawFactory) -> None:
    server = await raw(reply(503, UNAVAILABLE))
    async with client_for(server.url) as client:
        with pytest.raises(ServerError) as first:
            await client.calls.get("call-1")
        # max_retries would allow 10; the budget paid for two.
        assert len(server.requests) == 3
        assert first.value.retries_taken == 2
        with pytest.raises(ServerError) as second:
            await client.calls.get("call-2")
        # Spent for the whole client, not per call: call-2 is sent once.
        assert len(server.requests) == 4
        assert second.value.retries_taken == 0
        assert second.value.outcome_unknown is False

    # The policy is shareable; the budget is not: a new client starts full.
    async with client_for(server.url) as other:
        with pytest.raises(ServerError) as third:
            await other.calls.get("call-3")
    assert third.value.retries_taken == 2
    assert len(server.requests) == 7


async def test_first_try_successes_refill_the_budget_one_token_each(raw: RawFactory) -> None:
    server = await raw(reply(503, UNAVAILABLE))
    async with client_for(server.url) as client:
        with pytest.raises(ServerError):
            await client.calls.get("call-1")  # spends all 10 tokens
        server.behaviour = reply(200, CALL)
        for _ in range(4):
            await client.calls.get("call-1")
        sent = len(server.requests)
        server.behaviour = reply(503, UNAVAILABLE)
        with pytest.raises(ServerError) as four_tokens:
            await client.calls.get("call-1")
        assert four_tokens.value.retries_taken == 0  # 4 < retry_cost
        assert len(server.requests) == sent + 1

        server.behaviour = reply(200, CALL)
        await client.calls.get("call-1")  # the fifth token
        server.behaviour = script(
            reply(503, UNAVAILABLE), reply(503, UNAVAILABLE), reply(200, CALL)
        )
        with pytest.raises(ServerError) as one_retry:
            await client.calls.get("call-1")
    assert one_retry.value.retries_taken == 1


async def test_a_success_after_retries_gives_back_one_retry_cost(raw: RawFactory) -> None:
    server = await raw(script(reply(503, UNAVAILABLE), reply(200, CALL)))
    async with client_for(server.url) as client:
        call = await client.calls.with_raw_response.get("call-1")
        assert call.retries_taken == 1  # 10 - 5, then + 5 back
        server.behaviour = reply(503, UNAVAILABLE)
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retries_taken == 2  # the budget was full again
    assert len(server.requests) == 2 + 3


@pytest.mark.parametrize("status", [400, 404])
async def test_an_error_answer_after_retries_gives_nothing_back(
    raw: RawFactory, status: int
) -> None:
    refused = json.dumps({"api_id": "api-4xx", "error": "refused"}).encode()
    server = await raw(script(reply(503, UNAVAILABLE), reply(status, refused)))
    async with client_for(server.url) as client:
        with pytest.raises(plivo_async.APIError) as refusal:
            await client.calls.get("call-1")  # one retry: 5 tokens left
        assert refusal.value.status == status
        server.behaviour = reply(503, UNAVAILABLE)
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retries_taken == 1
    assert len(server.requests) == 2 + 2


async def test_a_retry_after_a_dropped_connection_costs_once(raw: RawFactory) -> None:
    server = await raw(drop)
    async with client_for(server.url) as client:
        with pytest.raises(ConnectionDroppedError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retries_taken == 2
    assert len(server.requests) == 3


async def test_a_retry_after_a_timeout_costs_twice(raw: RawFactory) -> None:
    server = await raw(hang)
    client = client_for(server.url, timeout=Timeout(connect=2.0, read=0.1))
    async with client:
        with pytest.raises(RequestTimeoutError) as caught:
            await client.calls.get("call-1")
    # 10 tokens buy one retry after a timeout (where a 503 buys two).
    assert caught.value.retries_taken == 1
    assert len(server.requests) == 2


async def test_a_zero_budget_never_retries(raw: RawFactory) -> None:
    server = await raw(reply(503, UNAVAILABLE))
    policy = RetryPolicy(max_retries=5, budget_capacity=0, backoff_initial=0)
    async with client_for(server.url, policy) as client:
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retries_taken == 0
    assert len(server.requests) == 1


async def test_free_retries_are_bounded_by_max_retries_alone(raw: RawFactory) -> None:
    server = await raw(reply(503, UNAVAILABLE))
    policy = RetryPolicy(max_retries=4, budget_capacity=0, retry_cost=0, backoff_initial=0)
    async with client_for(server.url, policy) as client:
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retries_taken == 4
    assert len(server.requests) == 5
