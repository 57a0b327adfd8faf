"""The request journal and the HTTP inspection API (what another process can read)."""

from __future__ import annotations

from conftest import Api

from plivo_async.testing import Simulator


async def test_journal_records_method_path_query_body_time_and_outcome(
    sim: Simulator, api: Api
) -> None:
    await api.place("14155550101<14155550102")
    await api.get("Call/", limit=5)
    await api.get("Nope/")
    create, listing, unknown = sim.journal.entries()
    assert (create.method, create.path, create.endpoint) == (
        "POST",
        f"/v1/Account/{sim.auth_id}/Call/",
        "call.create",
    )
    assert create.body["to"] == "14155550101<14155550102"
    assert create.destinations == ["14155550101", "14155550102"]
    assert (create.status, create.outcome, create.processed) == (200, "answered", True)
    assert listing.query == {"limit": "5"}
    assert (unknown.endpoint, unknown.status, unknown.processed) == (None, 404, False)
    assert create.received_at <= listing.received_at
    assert [e.seq for e in sim.journal.entries()] == [1, 2, 3]


async def test_calls_placed_counts_each_bulk_destination(sim: Simulator, api: Api) -> None:
    await api.place("14155550101<14155550102")
    await api.place("14155550102")
    await api.post("Call/", {"from": "1", "to": "14155550103"})  # rejected: 400
    assert sim.journal.calls_placed("14155550102") == 2
    assert sim.journal.calls_placed("14155550101") == 1
    assert sim.journal.calls_placed("14155550103") == 0
    assert sim.journal.call_requests("14155550103") == 1
    assert sim.journal.destination_counts() == {"14155550101": 1, "14155550102": 2}


async def test_inspection_over_http(sim: Simulator, api: Api) -> None:
    await api.place("14155550101<14155550102")
    _, placed = await api.get("/__sim__/calls/placed", to="14155550102")
    assert placed == {"to": "14155550102", "placed": 1, "requested": 1}
    _, journal = await api.get("/__sim__/journal", endpoint="call.create")
    assert journal["count"] == 1
    assert journal["entries"][0]["destinations"] == ["14155550101", "14155550102"]
    _, calls = await api.get("/__sim__/calls", status="ringing")
    assert len(calls["calls"]) == 1  # cps=10: the second one is still queued
    status, clock = await api.request("POST", "/__sim__/clock/advance", {"seconds": 30})
    assert status == 200
    assert clock["elapsed"] == 30
    _, calls = await api.get("/__sim__/calls", status="completed")
    assert len(calls["calls"]) == 2
    await api.delete("/__sim__/journal")
    assert len(sim.journal) == 0
    status, _ = await api.get("/__sim__/nope")
    assert status == 404


async def test_inspection_requests_are_not_journaled(sim: Simulator, api: Api) -> None:
    await api.get("/__sim__/journal")
    await api.get("/__sim__/")
    assert len(sim.journal) == 0
