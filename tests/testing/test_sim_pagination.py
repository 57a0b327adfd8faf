"""Pagination as the reference defines it: limit 1-20 (default 20), offset = items skipped,
meta with relative next/previous links and total_count (count for MPC and live v2)."""

from __future__ import annotations

from conftest import Api

from plivo_async.testing import Simulator


async def _make_endpoints(api: Api, count: int) -> None:
    for i in range(count):
        status, _ = await api.post(
            "Endpoint/", {"username": f"user{i}", "password": "secret1", "alias": f"a{i}"}
        )
        assert status == 201


async def test_default_page_and_links(sim: Simulator, api: Api) -> None:
    await _make_endpoints(api, 45)
    _, first = await api.get("Endpoint/")
    path = f"/v1/Account/{sim.auth_id}/Endpoint/"
    assert first["meta"] == {
        "limit": 20,
        "next": f"{path}?limit=20&offset=20",
        "offset": 0,
        "previous": None,
        "total_count": 45,
    }
    assert len(first["objects"]) == 20
    _, last = await api.get("Endpoint/", limit=20, offset=40)
    assert len(last["objects"]) == 5
    assert last["meta"]["next"] is None
    assert last["meta"]["previous"] == f"{path}?limit=20&offset=20"


async def test_offset_counts_items_and_pages_cover_everything_once(api: Api) -> None:
    await _make_endpoints(api, 7)
    seen: list[str] = []
    offset = 0
    while True:
        _, page = await api.get("Endpoint/", limit=3, offset=offset)
        seen += [o["endpoint_id"] for o in page["objects"]]
        if page["meta"]["next"] is None:
            break
        offset += 3
    _, everything = await api.get("Endpoint/")
    assert seen == [o["endpoint_id"] for o in everything["objects"]]
    assert len(set(seen)) == 7
    _, shifted = await api.get("Endpoint/", limit=2, offset=5)
    assert [o["endpoint_id"] for o in shifted["objects"]] == seen[5:7]


async def test_limit_bounds(api: Api) -> None:
    assert (await api.get("Endpoint/", limit=0))[0] == 400
    assert (await api.get("Endpoint/", limit=21))[0] == 400
    assert (await api.get("Endpoint/", offset=-1))[0] == 400
    assert (await api.get("Endpoint/", limit=1))[0] == 200


async def test_filters_are_kept_in_the_links(sim: Simulator, api: Api) -> None:
    await api.place("1<2<3")
    sim.advance(60)
    _, page = await api.get("Call/", limit=1, call_direction="outbound")
    assert page["meta"]["next"].endswith("?limit=1&offset=1&call_direction=outbound")
    assert page["meta"]["total_count"] == 3


async def test_mpc_list_uses_count(sim: Simulator, api: Api) -> None:
    status, _ = await api.post(
        "MultiPartyCall/name_room/Participant/", {"role": "Agent", "from": "1", "to": "2"}
    )
    assert status == 200
    _, page = await api.get("MultiPartyCall/")
    assert page["meta"]["count"] == 1
    assert "total_count" not in page["meta"]


async def test_links_keep_an_encoded_path_segment_encoded(sim: Simulator, api: Api) -> None:
    for to in ("2", "3"):
        status, _ = await api.post(
            "MultiPartyCall/name_my%20room/Participant/", {"role": "Agent", "from": "1", "to": to}
        )
        assert status == 200
    _, page = await api.get("MultiPartyCall/name_my%20room/Participant/", limit=1)
    path = f"/v1/Account/{sim.auth_id}/MultiPartyCall/name_my%20room/Participant/"
    assert page["meta"]["next"] == f"{path}?limit=1&offset=1"


async def test_the_sdk_walks_the_simulators_own_links_with_its_filters(
    sim: Simulator, api: Api
) -> None:
    await api.place("1<2<3<4<5")
    sim.advance(60)
    async with sim.client(rate_limit=None) as client:
        listed = [
            call.call_uuid
            async for call in client.calls.list(call_direction="outbound", page_size=2)
        ]
    _, everything = await api.get("Call/")
    assert listed == [cdr["call_uuid"] for cdr in everything["objects"]]
    assert len(set(listed)) == 5
    walked = [
        (entry.query["offset"], entry.query["call_direction"])
        for entry in sim.journal.entries(method="GET", endpoint="call.list")
        if "call_direction" in entry.query
    ]
    assert walked == [("0", "outbound"), ("2", "outbound"), ("4", "outbound")]
