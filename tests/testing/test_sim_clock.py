"""Simulated time: a manual clock runs due events in order; a scaled clock follows real time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import aiohttp
import pytest
from conftest import Api

from plivo_async.testing import Simulator
from plivo_async.testing._clock import SimClock


def test_manual_clock_runs_due_events_in_time_order_at_their_own_time() -> None:
    clock = SimClock(epoch=datetime(2024, 1, 1, tzinfo=timezone.utc))
    seen: list[tuple[str, float]] = []
    clock.call_at(5, lambda: seen.append(("b", clock.now())))
    clock.call_at(1, lambda: seen.append(("a", clock.now())))
    cancel = clock.call_at(3, lambda: seen.append(("cancelled", clock.now())))
    cancel()
    assert clock.advance(4) == 1
    assert seen == [("a", 1.0)]
    assert clock.now() == 4
    clock.advance(10)
    assert seen == [("a", 1.0), ("b", 5.0)]
    assert clock.wall() == datetime(2024, 1, 1, 0, 0, 14, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)


def test_scaled_clock_follows_the_monotonic_clock() -> None:
    real = [100.0]
    clock = SimClock(time_scale=10, monotonic=lambda: real[0])
    fired: list[float] = []
    clock.call_at(20, lambda: fired.append(clock.now()))
    real[0] += 1.5
    assert clock.now() == 15
    assert clock.run_due() == 0
    real[0] += 0.6
    assert clock.run_due() == 1
    clock.advance(100)  # a scaled clock can be nudged forward too
    assert clock.now() == pytest.approx(121)


async def test_a_real_time_simulator_moves_calls_without_advance() -> None:
    behavior_kw = {"ring_seconds": 1.0, "talk_seconds": 2.0}
    async with Simulator(time_scale=50, auth_token="t") as sim, aiohttp.ClientSession() as s:
        sim.set_call_behavior(**behavior_kw)
        uuid = (await Api(sim, s).place("14155550101"))["request_uuid"]
        for _ in range(100):
            if sim.call(uuid).status == "completed":
                break
            await asyncio.sleep(0.02)
        status, cdr = await Api(sim, s).get(f"Call/{uuid}/")
        assert status == 200
        assert cdr["bill_duration"] == 2
