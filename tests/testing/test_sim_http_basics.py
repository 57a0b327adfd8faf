"""Auth, routing and validation: the Plivo-shaped errors a client sees before any state change."""

from __future__ import annotations

import uuid

import aiohttp
from conftest import Api, basic_auth

from plivo_async.testing import Simulator


async def test_requests_without_or_with_wrong_credentials_get_401_with_plivo_error_body(
    sim: Simulator, api: Api
) -> None:
    url = api.url("Call/")
    async with api.session.get(url) as response:
        body = await response.json()
    assert response.status == 401
    assert set(body) == {"api_id", "error"}
    headers = {"Authorization": basic_auth(sim.auth_id, "wrong")}
    async with api.session.get(url, headers=headers) as response:
        assert response.status == 401
    assert sim.calls() == []


async def test_account_in_path_must_be_the_authenticated_one(sim: Simulator, api: Api) -> None:
    status, body = await api.get("/v1/Account/MAOTHERACCOUNT0000000/Call/")
    assert status == 401
    assert body["error"]


async def test_unknown_path_is_404_and_wrong_method_is_405_with_allow(api: Api) -> None:
    status, body = await api.get("NoSuchThing/")
    assert status == 404
    assert "api_id" in body
    status, body = await api.request("PUT", "Call/")
    assert status == 405
    async with api.session.put(
        api.url("Call/"), headers={"Authorization": basic_auth(api.sim.auth_id, api.sim.auth_token)}
    ) as response:
        assert set(response.headers["Allow"].split(", ")) == {"GET", "POST"}


async def test_missing_required_argument_is_400_naming_it(api: Api) -> None:
    status, body = await api.post("Call/", {"from": "14155550100", "to": "14155550101"})
    assert status == 400
    assert body["error"] == "answer_url parameter is missing"
    assert api.sim.calls() == []


async def test_values_outside_allowed_set_or_range_are_400(api: Api) -> None:
    base = {"from": "1", "to": "2", "answer_url": "http://127.0.0.1:9/a"}
    status, body = await api.post("Call/", {**base, "machine_detection": "maybe"})
    assert (status, "machine_detection" in body["error"]) == (400, True)
    status, body = await api.post("Call/", {**base, "machine_detection_time": 100})
    assert (status, "machine_detection_time" in body["error"]) == (400, True)
    status, body = await api.post("Call/", {**base, "time_limit": "soon"})
    assert (status, "time_limit" in body["error"]) == (400, True)
    status, body = await api.post("Call/", {**base, "caller_name": "x" * 51})
    assert status == 400
    assert api.sim.calls() == []


async def test_post_bodies_must_be_json(api: Api) -> None:
    async with api.session.post(
        api.url("Call/"),
        data="from=1&to=2&answer_url=http://x",
        headers={
            "Authorization": basic_auth(api.sim.auth_id, api.sim.auth_token),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    ) as response:
        body = await response.json()
    assert response.status == 400
    assert "application/json" in body["error"]


async def test_get_arguments_come_from_the_query_string_and_are_validated(api: Api) -> None:
    status, body = await api.get("Call/", limit=21)
    assert status == 400
    assert "limit" in body["error"]
    status, body = await api.get("Call/", call_direction="sideways")
    assert status == 400
    status, _ = await api.get("Call/", call_direction="outbound", limit=5)
    assert status == 200


async def test_every_response_carries_a_fresh_api_id(api: Api) -> None:
    ids = set()
    for _ in range(3):
        status, body = await api.get("Call/")
        assert status == 200
        ids.add(uuid.UUID(body["api_id"]))
    _, error = await api.get("Nope/")
    ids.add(uuid.UUID(error["api_id"]))
    assert len(ids) == 4


async def test_base_url_ends_with_slash_and_is_loopback(sim: Simulator) -> None:
    assert sim.base_url.startswith("http://127.0.0.1:")
    assert sim.base_url.endswith("/")
    async with aiohttp.ClientSession() as session, session.get(sim.base_url + "__sim__/") as r:
        summary = await r.json()
    assert summary["auth_id"] == sim.auth_id
    assert sim.auth_token not in str(summary)
