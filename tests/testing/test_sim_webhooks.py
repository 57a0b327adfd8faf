"""Optional webhooks: ring/answer/hangup callbacks POSTed to loopback URLs only."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from plivo_async.testing import Simulator


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[dict[str, str]]]]:
    received: list[dict[str, str]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append({"path": request.path, **dict(await request.post())})
        return web.Response(text="<Response/>")

    app = web.Application()
    app.router.add_post("/{name}", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/", received
    finally:
        await runner.cleanup()


async def test_ring_answer_and_hangup_callbacks_are_posted(
    receiver: tuple[str, list[dict[str, str]]],
) -> None:
    url, received = receiver
    async with Simulator(webhooks=True, auth_token="t") as sim:
        async with aiohttp.ClientSession() as session:
            from conftest import Api

            body = await Api(sim, session).place(
                "14155550101", ring_url=url + "ring", answer_url=url + "answer",
                hangup_url=url + "hangup",
            )  # fmt: skip
        sim.advance(30)
        await sim.drain_webhooks()
    assert [r["path"] for r in received] == ["/ring", "/answer", "/hangup"]
    assert {r["CallUUID"] for r in received} == {body["request_uuid"]}
    assert [r["Event"] for r in received] == ["Ring", "StartApp", "Hangup"]
    assert received[2]["HangupCause"] == "Normal Hangup"
    assert [d.status for d in sim.webhook_deliveries] == [200, 200, 200]


async def test_webhooks_are_off_by_default_and_never_leave_the_machine() -> None:
    async with Simulator(auth_token="t") as quiet, aiohttp.ClientSession() as session:
        from conftest import Api

        await Api(quiet, session).place("1", hangup_url="http://127.0.0.1:9/h")
        quiet.advance(30)
        assert quiet.webhook_deliveries == []
    async with Simulator(webhooks=True, auth_token="t") as sim, aiohttp.ClientSession() as s:
        await Api(sim, s).place("1", hangup_url="https://example.com/hangup")
        sim.advance(30)
        await sim.drain_webhooks()
        by_url = {d.url: d for d in sim.webhook_deliveries}
        assert by_url["http://127.0.0.1:9/a"].error is not None  # attempted: nothing listens
        delivery = by_url["https://example.com/hangup"]
        assert delivery.status is None
        assert "loopback" in (delivery.error or "")
