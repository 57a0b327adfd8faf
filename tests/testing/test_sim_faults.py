"""Fault injection: dropped connections before/after processing, injected 5xx and 429,
latency, hangs; per route or global; seeded and reproducible; configurable over HTTP."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from conftest import Api

from plivo_async.testing import Fault, Simulator


async def test_drop_before_processing_places_no_call(sim: Simulator, api: Api) -> None:
    sim.faults.add(endpoint="call.create", drop_before=1.0)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.place("14155550101")
    assert sim.calls() == []
    [entry] = sim.journal.entries(endpoint="call.create")
    assert (entry.outcome, entry.processed) == ("dropped_before", False)
    assert sim.journal.call_requests("14155550101") == 1
    assert sim.journal.calls_placed("14155550101") == 0


async def test_drop_after_processing_places_the_call_but_loses_the_answer(
    sim: Simulator, api: Api
) -> None:
    sim.faults.add(endpoint="call.create", drop_after=1.0)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.place("14155550101<14155550102")
    assert len(sim.calls()) == 2
    [entry] = sim.journal.entries(endpoint="call.create")
    assert (entry.outcome, entry.processed) == ("dropped_after", True)
    assert entry.call_uuids == [c.call_uuid for c in sim.calls()]
    assert sim.journal.calls_placed("14155550102") == 1


async def test_injected_server_errors_and_429s_are_not_processed(sim: Simulator, api: Api) -> None:
    sim.faults.add(endpoint="call.create", server_error=1.0, server_error_status=503, times=1)
    sim.faults.add(endpoint="call.create", too_many_requests=1.0, retry_after=2, times=1)
    sim.faults.add(endpoint="call.create", too_many_requests=1.0, times=1)
    base = {"from": "1", "to": "2", "answer_url": "http://127.0.0.1:9/a"}
    results = []
    for _ in range(4):
        async with api.session.post(
            api.url("Call/"), json=base, headers={"Authorization": _auth(sim)}
        ) as response:
            results.append((response.status, response.headers.get("Retry-After")))
    assert results == [(503, None), (429, "2"), (429, None), (200, None)]
    assert len(sim.calls()) == 1
    assert sim.faults.rules == []  # each rule was spent after one use


async def test_faults_are_per_route(sim: Simulator, api: Api) -> None:
    sim.faults.add(endpoint="call.create", server_error=1.0)
    assert (await api.get("Call/"))[0] == 200
    assert (await api.post("Call/", {"from": "1", "to": "2", "answer_url": "u"}))[0] == 500
    sim.faults.clear()
    sim.faults.add(method="GET", path=r"/Call/$", server_error=1.0)
    assert (await api.get("Call/"))[0] == 500
    assert (await api.get("Recording/"))[0] == 200


async def test_latency_delays_the_answer(sim: Simulator, api: Api) -> None:
    sim.faults.add(latency=0.2)
    started = time.monotonic()
    status, _ = await api.get("Call/")
    assert status == 200
    assert time.monotonic() - started >= 0.2


async def test_hang_never_answers_until_the_client_gives_up(sim: Simulator, api: Api) -> None:
    sim.faults.add(endpoint="call.list", hang=1.0)
    with pytest.raises(asyncio.TimeoutError):
        async with api.session.get(
            api.url("Call/"),
            headers={"Authorization": _auth(sim)},
            timeout=aiohttp.ClientTimeout(sock_read=0.2),
        ):
            pass
    assert sim.journal.entries(endpoint="call.list")[0].outcome == "hung"


async def _outcomes(seed: int) -> list[int | str]:
    async with Simulator(seed=seed, auth_token="t") as sim, aiohttp.ClientSession() as session:
        sim.faults.add(server_error=0.3, too_many_requests=0.2)
        api = Api(sim, session)
        return [(await api.get("Call/"))[0] for _ in range(30)]


async def test_fault_draws_are_reproducible_with_a_seed() -> None:
    first, again, other = await _outcomes(7), await _outcomes(7), await _outcomes(8)
    assert first == again
    assert first != other
    assert {200, 429, 500} == set(first)


def test_fault_fractions_are_checked() -> None:
    with pytest.raises(ValueError, match="add up"):
        Fault(server_error=0.7, drop_after=0.5)
    with pytest.raises(ValueError, match="5xx"):
        Fault(server_error=0.1, server_error_status=404)


async def test_faults_are_configurable_over_http(sim: Simulator, api: Api) -> None:
    status, rule = await api.request(
        "POST", "/__sim__/faults", {"endpoint": "call.create", "drop_after": 1.0}
    )
    assert status == 201
    _, listed = await api.get("/__sim__/faults")
    assert [f["id"] for f in listed["faults"]] == [rule["id"]]
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.place("14155550101")
    status, _ = await api.delete(f"/__sim__/faults/{rule['id']}")
    assert status == 200
    assert sim.faults.rules == []
    status, body = await api.request("POST", "/__sim__/faults", {"explode": True})
    assert status == 400
    assert "explode" in body["error"]


def _auth(sim: Simulator) -> str:
    from conftest import basic_auth

    return basic_auth(sim.auth_id, sim.auth_token)
