"""Entry points: the threaded simulator for sync code, the pytest fixtures, and the CLI as
another process whose journal a test reads over HTTP."""

from __future__ import annotations

import asyncio
import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from conftest import basic_auth

from plivo_async.testing import Simulator, ThreadedSimulator


def _http(method: str, url: str, body: Any = None, auth: str | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_threaded_simulator_serves_blocking_code() -> None:
    with Simulator.start_in_thread(auth_token="t") as sim:
        auth = basic_auth(sim.auth_id, "t")
        url = f"{sim.base_url}v1/Account/{sim.auth_id}/Call/"
        status, body = _http(
            "POST", url, {"from": "1", "to": "2<3", "answer_url": "http://x"}, auth
        )
        assert status == 200
        assert len(body["request_uuid"]) == 2
        sim.advance(60)
        assert [c.status for c in sim.calls()] == ["completed", "completed"]
        assert sim.journal.calls_placed("3") == 1
    with pytest.raises(urllib.error.URLError):
        _http("GET", url)  # stopped: nothing listens any more


@pytest.mark.plivo_simulator(cps=50, auth_token="fixture-token")
async def test_plivo_simulator_fixture_takes_marker_options(plivo_simulator: Simulator) -> None:
    assert plivo_simulator.auth_token == "fixture-token"
    assert plivo_simulator.core.cps.cps == 50
    assert plivo_simulator.base_url.endswith("/")


def test_plivo_simulator_thread_fixture(plivo_simulator_thread: ThreadedSimulator) -> None:
    status, summary = _http("GET", plivo_simulator_thread.base_url + "__sim__/")
    assert status == 200
    assert summary["auth_id"] == plivo_simulator_thread.auth_id


def test_cli_runs_a_simulator_another_process_can_drive_and_inspect() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "plivo_async.testing", "--port", "0", "--auth-token", "cli-token",
         "--cps", "5", "--manual-clock"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        printed = {k.strip(): v.strip() for k, v in (line.split(": ", 1) for line in lines[1:])}
        base_url = printed["base url"]
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/")
        assert printed["auth token"] == "cli-token"
        auth = basic_auth(printed["auth id"], "cli-token")
        call_url = f"{base_url}v1/Account/{printed['auth id']}/Call/"
        fault = {"endpoint": "call.create", "drop_after": 1.0, "times": 1}
        assert _http("POST", base_url + "__sim__/faults", fault)[0] == 201
        with pytest.raises(http.client.RemoteDisconnected):  # answer lost, call placed
            _http(
                "POST", call_url, {"from": "1", "to": "14155550101", "answer_url": "http://x"}, auth
            )
        status, placed = _http("GET", base_url + "__sim__/calls/placed?to=14155550101")
        assert (status, placed["placed"]) == (200, 1)
        _http("POST", base_url + "__sim__/clock/advance", {"seconds": 60})
        status, calls = _http("GET", base_url + "__sim__/calls?status=completed")
        assert len(calls["calls"]) == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0


async def test_cli_run_xml_runs_answer_xml_driven_over_http(
    loopback: Callable[[web.Application], Awaitable[str]],
) -> None:
    """Another process's simulator fetches this process's answer XML; the test keys in a digit
    over HTTP and runs the clock with /__sim__/run, which answers once the flow has caught up."""
    seen: list[tuple[str, str]] = []

    async def answer(request: web.Request) -> web.Response:
        form = await request.post()
        seen.append((request.path, str(form.get("Digits", ""))))
        if request.path == "/answer":
            xml = (
                f'<Response><GetDigits action="{request.url.origin()}/menu" numDigits="1" '
                'timeout="5"><Speak>Press a key.</Speak></GetDigits></Response>'
            )
        else:
            xml = "<Response><Speak>Goodbye.</Speak><Hangup/></Response>"
        return web.Response(text=xml, content_type="text/xml")

    app = web.Application()
    app.router.add_post("/{name}", answer)
    service = await loopback(app)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "plivo_async.testing", "--port", "0", "--auth-token", "cli-token",
        "--manual-clock", "--run-xml",
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [(await process.stdout.readline()).decode() for _ in range(5)]
        printed = {k.strip(): v.strip() for k, v in (line.split(": ", 1) for line in lines[1:])}
        base = printed["base url"]
        auth = {"Authorization": basic_auth(printed["auth id"], "cli-token")}
        async with aiohttp.ClientSession() as http:
            created = await http.post(
                f"{base}v1/Account/{printed['auth id']}/Call/",
                json={"from": "14155550100", "to": "14155550101", "answer_url": service + "answer"},
                headers=auth,
            )
            call_uuid = (await created.json())["request_uuid"]
            ran = await http.post(base + "__sim__/run?seconds=3")  # rings 2 s, answers, speaks
            assert (await ran.json())["elapsed"] == 3.0
            assert seen == [("/answer", "")]  # fetched before /run answered
            pressed = await http.post(
                f"{base}__sim__/calls/{call_uuid}/press", json={"digits": "7"}
            )
            assert (pressed.status, (await pressed.json())["status"]) == (200, "in-progress")
            ran = await http.post(base + "__sim__/run", json={"seconds": 30})
            assert (await ran.json())["elapsed"] == 33.0
            summary = await (await http.get(base + "__sim__/calls?status=completed")).json()
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)
    assert process.returncode == 0
    (call,) = summary["calls"]
    assert seen == [("/answer", ""), ("/menu", "7")]
    assert (call["hangup_cause_name"], call["hangup_source"]) == ("Normal Hangup", "Answer XML")
    assert [what for _, what in call["xml_steps"]] == [
        "fetch answer", "GetDigits", "GetDigits digits='7'", "fetch action", "Speak", "Hangup",
        "hangup: Normal Hangup",
    ]  # fmt: skip
