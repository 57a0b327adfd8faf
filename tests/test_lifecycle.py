"""Client lifecycle on a real loopback server: opening, closing, event loops, credentials."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

import plivo_async
from plivo_async import ClientStateError, ValidationError
from tests.conftest import AUTH_ID, AUTH_TOKEN, ServerFactory

CALL = {"api_id": "api-call", "call_uuid": "call-1"}


@pytest.fixture
async def server(loopback: ServerFactory) -> str:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({**CALL, "call_uuid": request.match_info["uuid"]})

    app = web.Application()
    app.router.add_get(f"/v1/Account/{AUTH_ID}/Call/{{uuid}}/", handler)
    return await loopback(app)


def new_client(url: str) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=url, rate_limit=None)


async def test_async_with_closes_the_session(server: str) -> None:
    async with new_client(server) as client:
        assert not client.closed
        assert (await client.calls.get("call-1")).call_uuid == "call-1"
        session = client.transport.session
        assert session is not None
    assert client.closed
    assert session.closed
    assert client.transport.session is None


async def test_use_after_aclose_raises(server: str) -> None:
    client = new_client(server)
    await client.calls.get("call-1")
    await client.aclose()
    await client.aclose()  # idempotent
    with pytest.raises(ClientStateError, match="closed"):
        await client.calls.get("call-1")


async def test_use_after_closing_an_unused_client_raises(server: str) -> None:
    async with new_client(server) as client:
        pass
    with pytest.raises(ClientStateError, match="closed"):
        await client.calls.get("call-1")


async def test_use_from_a_second_event_loop_raises(server: str) -> None:
    async with new_client(server) as client:
        await client.calls.get("call-1")  # binds the client to this loop

        async def elsewhere() -> plivo_async.Call:
            return await client.calls.get("call-2")

        with pytest.raises(ClientStateError, match="event loop") as caught:
            await asyncio.to_thread(asyncio.run, elsewhere())
        assert "one client per event loop" in str(caught.value)
        # The client still works in its own loop.
        assert (await client.calls.get("call-3")).call_uuid == "call-3"


async def test_client_constructed_outside_any_loop_works(server: str) -> None:
    def construct() -> plivo_async.AsyncClient:
        with pytest.raises(RuntimeError):
            asyncio.get_running_loop()
        return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=server)  # default limiter

    client = await asyncio.to_thread(construct)
    async with client:
        assert (await client.calls.get("call-1")).call_uuid == "call-1"


def test_client_constructed_without_a_loop_then_used_in_one() -> None:
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN)

    async def use() -> None:
        async with client:
            assert client.transport.session is None  # created lazily, on first use

    asyncio.run(use())
    assert client.closed


def test_missing_credentials_name_the_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PLIVO_AUTH_ID", raising=False)
    monkeypatch.delenv("PLIVO_AUTH_TOKEN", raising=False)
    with pytest.raises(ValidationError) as caught:
        plivo_async.AsyncClient()
    assert "PLIVO_AUTH_ID" in str(caught.value)
    assert "PLIVO_AUTH_TOKEN" in str(caught.value)
    with pytest.raises(ValidationError) as only_id:
        plivo_async.AsyncClient(AUTH_ID)
    assert only_id.value.argument == "auth_token"


async def test_credentials_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, loopback: ServerFactory
) -> None:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers["Authorization"])
        return web.json_response(CALL)

    app = web.Application()
    app.router.add_get(f"/v1/Account/{AUTH_ID}/Call/call-1/", handler)
    url = await loopback(app)
    monkeypatch.setenv("PLIVO_AUTH_ID", AUTH_ID)
    monkeypatch.setenv("PLIVO_AUTH_TOKEN", AUTH_TOKEN)
    async with plivo_async.AsyncClient(base_url=url) as client:
        await client.calls.get("call-1")
    assert client.auth_id == AUTH_ID
    assert len(seen) == 1
    assert seen[0].startswith("Basic ")
