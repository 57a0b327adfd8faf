"""Every answer of the calls family parses in strict mode: our models omit no field Plivo sends.

The simulator answers with the documented bodies; ``strict_models=True`` turns any key a model
does not declare into a ResponseParseError, so a field we forgot fails here, not in production
(where unknown keys are tolerated).
"""

from __future__ import annotations

from plivo_async.testing import Simulator


async def test_the_calls_family_parses_strictly_end_to_end() -> None:
    async with Simulator(cps=1) as sim, sim.client(strict_models=True, rate_limit=None) as client:
        created = await client.calls.create(
            from_="1", to=["2", "3", "4"], answer_url="https://a.test/"
        )
        assert created.message == "call queued"
        queued = await client.queued_calls.list_ids()
        assert queued
        assert (await client.queued_calls.get(queued[0])).call_status == "queued"

        sim.advance(5)
        live = await client.live_calls.list_ids()
        assert sorted(live) == sorted(created.request_uuids)
        assert (await client.live_calls.get(live[0])).call_status == "in-progress"
        page = await client.live_calls.list()
        assert {call.call_uuid for call in page} == set(live)

        transferred = await client.calls.transfer(live[0], legs="aleg", aleg_url="https://a.test/x")
        assert transferred.message == "call transferred"
        await client.calls.hangup(live[0])
        sim.advance(120)
        cdr = await client.calls.get(live[0])
        assert cdr.hangup_source == "API Request"
        assert cdr.total_amount is not None
        assert len([call async for call in client.calls.list()]) == 3
