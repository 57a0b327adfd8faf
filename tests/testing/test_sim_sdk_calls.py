"""The SDK against the simulator: calls end to end, the never-twice guarantee under faults,
and CPS queueing."""

from __future__ import annotations

import asyncio

import pytest

import plivo_async
from plivo_async.testing import Fault, Simulator

ANSWER_URL = "http://127.0.0.1:9/answer.xml"


async def test_calls_end_to_end_create_inspect_act_end() -> None:
    async with Simulator(cps=2) as sim, sim.client(rate_limit=None) as client:
        created = await client.calls.create(
            from_="14155550100", to=["14155550101", "14155550102", "14155550103"],
            answer_url=ANSWER_URL,
        )  # fmt: skip
        assert created.message == "call queued"  # three calls at 2 CPS
        assert isinstance(created.request_uuid, list)
        first, second, third = created.request_uuid
        assert await client.live_calls.list_ids() == [first]
        assert await client.queued_calls.list_ids() == [second, third]
        queued = await client.queued_calls.get(third)
        assert queued.call_status == "queued"

        sim.advance(3)  # everyone dispatched, the first answered
        live = await client.live_calls.get(first)
        assert (live.call_status, live.to) == ("in-progress", "14155550101")
        page = await client.live_calls.list()
        assert {c.call_uuid for c in page.objects} == {first, second, third}

        transferred = await client.calls.transfer(first, legs="aleg", aleg_url="http://h/next")
        assert transferred.message == "call transferred"
        assert sim.call(first).transfers[0]["aleg_url"] == "http://h/next"
        await client.calls.hangup(first)
        with pytest.raises(plivo_async.NotFoundError):
            await client.live_calls.get(first)
        with pytest.raises(plivo_async.NotFoundError):
            await client.calls.hangup(first)

        sim.advance(60)  # the others talk 10 s and hang up
        cdr = await client.calls.get(first)
        assert (cdr.hangup_source, cdr.call_state) == ("API Request", "ANSWER")
        assert cdr.answer_time is not None
        assert cdr.end_time is not None
        listed = [call.call_uuid async for call in client.calls.list(page_size=2)]
        assert sorted(listed) == sorted(created.request_uuid)
        assert await client.live_calls.list_ids() == []


async def test_500_calls_under_dropped_answers_and_429s_never_ring_a_phone_twice() -> None:
    """20% of the answers are lost after the call was placed, 10% of the attempts get a 429:
    every destination is reached exactly once, or the caller was told the outcome is unknown,
    and none is reached twice."""
    destinations = [f"1415{n:07d}" for n in range(500)]
    async with Simulator(cps=1000, api_requests=None, seed=42) as sim:
        sim.faults.add(Fault(endpoint="call.create", drop_after=0.2, too_many_requests=0.1))
        retry = plivo_async.RetryPolicy(
            max_retries=6, backoff_initial=0.001, backoff_max=0.01, budget_capacity=100_000
        )
        outcomes: dict[str, str] = {}
        async with sim.client(rate_limit=None, retry=retry) as client:
            gate = asyncio.Semaphore(50)

            async def dial(destination: str) -> None:
                async with gate:
                    try:
                        await client.calls.create(
                            from_="14155550100", to=destination, answer_url=ANSWER_URL
                        )
                    except plivo_async.PlivoError as error:
                        outcomes[destination] = "unknown" if error.outcome_unknown else "failed"
                    else:
                        outcomes[destination] = "placed"

            await asyncio.gather(*(dial(d) for d in destinations))

        placed = sim.journal.destination_counts()
        assert max(placed.values()) == 1  # never twice
        for destination in destinations:
            reached = placed.get(destination, 0)
            if outcomes[destination] == "placed":
                assert reached == 1, destination
            elif outcomes[destination] == "failed":
                assert reached == 0, destination
            else:
                assert reached in (0, 1)
        counts = {kind: list(outcomes.values()).count(kind) for kind in ("placed", "unknown")}
        # Roughly 20% of the answers were dropped; every one was reported as unknown.
        dropped = sim.journal.count(endpoint="call.create", outcome="dropped_after")
        assert counts["unknown"] == dropped
        assert 60 <= dropped <= 140
        assert sim.journal.count(endpoint="call.create", fault="too_many_requests") > 20
        assert counts["placed"] + counts["unknown"] == len(destinations)


async def test_100_creations_at_cps_20_through_the_sdk() -> None:
    async with Simulator(cps=20) as sim, sim.client(rate_limit=None) as client:
        results = await asyncio.gather(
            *(
                client.calls.create(
                    from_="14155550100", to=f"1415555{n:04d}", answer_url=ANSWER_URL
                )
                for n in range(100)
            )
        )
        assert sum(r.message == "call queued" for r in results) == 99
        sim.advance(10)
        dispatched = sorted(c.ring_at for c in sim.calls() if c.ring_at is not None)
        assert len(dispatched) == 100
        assert dispatched[-1] - dispatched[0] >= 4.5


async def test_sdk_sees_simulated_errors_as_typed_errors() -> None:
    async with Simulator() as sim, sim.client(rate_limit=None, retry=None) as client:
        sim.faults.add(endpoint="call.get", server_error=1.0, times=1)
        with pytest.raises(plivo_async.ServerError):
            await client.calls.get("00000000-0000-0000-0000-000000000000")
        sim.faults.add(endpoint="call.create", too_many_requests=1.0, retry_after=1, times=1)
        with pytest.raises(plivo_async.RateLimitError) as caught:
            await client.calls.create(from_="1", to="2", answer_url=ANSWER_URL)
        assert caught.value.outcome_unknown is False
        sim.faults.add(endpoint="call.create", drop_after=1.0, times=1)
        with pytest.raises(plivo_async.TransportError) as dropped:
            await client.calls.create(from_="1", to="3", answer_url=ANSWER_URL)
        assert dropped.value.may_have_reached_server
        assert dropped.value.outcome_unknown
        assert sim.journal.calls_placed("3") == 1
        assert sim.journal.calls_placed("2") == 0


def test_sync_client_against_a_threaded_simulator() -> None:
    with Simulator.start_in_thread(cps=5) as sim, sim.sync_client(rate_limit=None) as client:
        created = client.calls.create(from_="14155550100", to="14155550101", answer_url=ANSWER_URL)
        assert isinstance(created.request_uuid, str)
        sim.advance(3)
        assert client.live_calls.get(created.request_uuid).call_status == "in-progress"
        client.calls.hangup(created.request_uuid)
        assert client.calls.get(created.request_uuid).hangup_source == "API Request"
        assert sim.journal.calls_placed("14155550101") == 1
