"""Account limits: creations over the CPS are queued and dispatched at the CPS; requests over
the API limit get 429."""

from __future__ import annotations

import asyncio
import itertools

import aiohttp
from conftest import Api

from plivo_async.testing import Simulator


async def test_100_creations_at_cps_20_are_dispatched_over_at_least_4_5_simulated_seconds() -> None:
    async with Simulator(cps=20, auth_token="t") as sim, aiohttp.ClientSession() as session:
        api = Api(sim, session)
        messages = [(await api.place(f"1415555{i:04d}"))["message"] for i in range(100)]
        assert messages[0] == "call fired"
        assert set(messages[1:]) == {"call queued"}
        _, queued = await api.get("Call/", status="queued")
        assert len(queued["calls"]) == 99
        sim.advance(10)
        dispatched = sorted(c.ring_at for c in sim.calls() if c.ring_at is not None)
        assert len(dispatched) == 100
        assert dispatched[-1] - dispatched[0] >= 4.5
        gaps = [b - a for a, b in itertools.pairwise(dispatched)]
        assert min(gaps) >= 1 / 20 - 1e-9  # never faster than the CPS


async def test_bulk_to_is_dispatched_at_the_cps_too() -> None:
    async with Simulator(cps=2, auth_token="t") as sim, aiohttp.ClientSession() as session:
        body = await Api(sim, session).place("<".join(str(n) for n in range(5)))
        assert body["message"] == "call queued"
        sim.advance(1.0)
        assert [c.status for c in sim.calls()] == ["ringing"] * 3 + ["queued"] * 2


async def test_api_request_limit_answers_429_then_recovers() -> None:
    async with (
        Simulator(api_requests=5, api_period=0.3, auth_token="t") as sim,
        aiohttp.ClientSession() as session,
    ):
        api = Api(sim, session)
        statuses = [(await api.get("Call/"))[0] for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        _, body = await api.get("Call/")
        assert set(body) == {"api_id", "error"}
        await asyncio.sleep(0.35)  # the window is real time: it is about the client's pace
        assert (await api.get("Call/"))[0] == 200
