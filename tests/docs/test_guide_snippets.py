"""Every ```python block of the guide pages runs as written against the simulator.

``AsyncClient()`` / ``Client()`` as a snippet writes them are pointed at a simulator (credentials
through ``PLIVO_AUTH_ID`` / ``PLIVO_AUTH_TOKEN``, the base URLs through the constructor
defaults). The blocks of one page run in order in one namespace, like a reader's session; a
block with top-level ``await`` runs as the body of a coroutine, with ``client`` (an
``AsyncClient`` of the simulator) and ``call_uuid`` (a live call) given. A block that cannot run
(a real proxy) starts with ``# not run: <why>``; the services page's applications are defined
by their blocks and driven by the tests at the end.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import inspect
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import plivo_async
from plivo_async.testing import Simulator

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ["index", "usage", "reliability", "errors", "middleware", "sync", "architecture"]
NOT_RUN = re.compile(r"# not run: (?P<why>.+)")
#: ``--8<-- "examples/x.py"``: a file of docs/examples included whole (pymdownx.snippets).
INCLUDE = re.compile(r'--8<-- "(?P<path>[^"]+)"')


def blocks(page: str) -> list[tuple[int, str]]:
    """(line, source) of each ```python block of ``page``, an included file read in."""
    text = (DOCS / f"{page}.md").read_text()
    found = []
    for match in re.finditer(r"^```python\n(.*?)^```", text, flags=re.S | re.M):
        source = match.group(1)
        if include := INCLUDE.fullmatch(source.strip()):
            source = (DOCS / include["path"]).read_text()
        found.append((text.count("\n", 0, match.start()) + 2, source))
    return found


def not_run(source: str) -> str | None:
    match = NOT_RUN.match(source.splitlines()[0])
    return match["why"] if match else None


@pytest.fixture
def pointed_at(monkeypatch: pytest.MonkeyPatch) -> Any:
    def point(sim: Any) -> None:
        monkeypatch.setenv("PLIVO_AUTH_ID", sim.auth_id)
        monkeypatch.setenv("PLIVO_AUTH_TOKEN", sim.auth_token)
        urls = {"base_url": sim.base_url, "stats_base_url": sim.base_url}
        for name in ("Client", "AsyncClient"):
            cls = getattr(plivo_async, name)
            monkeypatch.setattr(plivo_async, name, functools.partial(cls, **urls))

    return point


@pytest.fixture
def simulator(pointed_at: Any) -> Iterator[Any]:
    # Real time, so queued calls get dispatched; a high CPS, so no snippet waits for the queue.
    with Simulator.start_in_thread(time_scale=1.0, cps=100) as sim:
        # Answered at once and kept up until hung up: every snippet finds a live call.
        sim.set_call_behavior(ring_seconds=0, talk_seconds=None)
        pointed_at(sim)
        yield sim


async def live_call(client: plivo_async.AsyncClient) -> str:
    before = set(await client.live_calls.list_ids())
    await client.calls.create(
        from_="14155550100", to="14155550199", answer_url="https://example.com/answer.xml"
    )
    for _ in range(100):
        if fresh := set(await client.live_calls.list_ids()) - before:
            return fresh.pop()
        await asyncio.sleep(0.02)
    raise AssertionError("the simulator's call was not answered")


def run_block(source: str, where: str, namespace: dict[str, Any]) -> None:
    code = compile(source, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if not code.co_flags & inspect.CO_COROUTINE:
        exec(code, namespace)  # a script: it may call asyncio.run or a blocking Client itself
        return

    async def body() -> None:
        async with plivo_async.AsyncClient() as client:
            namespace.update(client=client, call_uuid=await live_call(client))
            try:
                await eval(code, namespace)
            finally:  # the account has a concurrency limit: leave the next block room
                for live in await client.live_calls.list_ids():
                    await client.calls.hangup(live)

    asyncio.run(body())


def run_page(page: str) -> dict[str, Any]:
    """Run every block of ``page`` that is not marked; the namespace they leave."""
    namespace: dict[str, Any] = {"__name__": f"guide_{page}"}
    for line, source in blocks(page):
        if not_run(source) is None:
            run_block(source, f"docs/{page}.md:{line}", namespace)
    return namespace


def test_the_quickstarts_place_their_calls(
    simulator: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    run_page("index")
    placed = [call.request_uuid for call in simulator.calls()]
    printed = capsys.readouterr().out
    assert len(placed) == 2  # the async quickstart's, then the blocking one's
    assert all(uuid in printed for uuid in placed)


@pytest.mark.slow  # ~2.5 s: seven blocks, each with its own client and live call
def test_the_usage_page_runs(simulator: Any) -> None:
    done = run_page("usage")
    assert len(done["bulk"].request_uuids) == 3
    assert done["call"].hangup_source == "API Request"  # the CDR of the call it hung up
    assert len(done["page"]) == min(10, done["page"].meta.total)  # page_size=10
    assert done["page"].meta.total >= 6  # the CDRs of the calls hung up so far
    assert 200 <= done["raw"].status < 300
    assert done["raw"].parsed == done["created"]
    assert done["first"].status == 200


def test_the_reliability_page_runs(simulator: Any) -> None:
    done = run_page("reliability")
    assert len(simulator.calls()) == 2  # the prelude's live call and the snippet's
    assert done["unpaced"] is not done["paced"]


def test_the_errors_page_catches_a_404(simulator: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_page("errors")
    assert capsys.readouterr().out.startswith("404 ")


def test_the_middleware_page_counts_its_calls(simulator: Any) -> None:
    sdk, root = logging.getLogger("plivo_async"), logging.getLogger()
    level, handlers = sdk.level, list(root.handlers)
    try:
        done = run_page("middleware")
        assert sdk.level == logging.DEBUG
    finally:  # the page configures logging for the process: leave other tests theirs
        sdk.setLevel(level)
        root.handlers[:] = handlers
    assert sum(done["metrics"].counts.values()) == 1  # the one call of its own client


def test_the_threads_share_one_client(simulator: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_page("sync")
    lines = capsys.readouterr().out.splitlines()
    placed = {call.to_number: call.request_uuid for call in simulator.calls()}
    assert [f"{to}: {placed[to]}" for to in ("14155550101", "14155550102", "14155550103")] == (
        lines[-3:]
    )


def test_every_page_with_code_is_run_here() -> None:
    tested = {"index", "usage", "reliability", "errors", "middleware", "sync"}
    assert {page for page in PAGES if blocks(page)} == tested


@pytest.mark.parametrize("page", [*PAGES, "services"])
def test_a_block_that_is_not_run_says_why(page: str) -> None:
    for line, source in blocks(page):
        first = source.splitlines()[0]
        if "not run" in first:
            why = not_run(source)
            assert why is not None, f"docs/{page}.md:{line}: {first!r}"
            assert len(why) > 10, f"docs/{page}.md:{line}: say why it cannot run"


def test_only_the_proxy_is_not_run() -> None:
    marked = [(page, why) for page in PAGES for _, s in blocks(page) if (why := not_run(s))]
    assert marked == [("usage", "needs a real proxy and a corporate CA bundle")]


def services() -> list[str]:
    return [source for _, source in blocks("services")]


async def test_the_aiohttp_service_dials_through_its_one_client(pointed_at: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "services_aiohttp"}
    async with Simulator() as sim:
        pointed_at(sim)
        exec(compile(services()[1], "docs/services.md", "exec"), namespace)
        app = namespace["make_app"]()
        async with TestClient(TestServer(app)) as http:
            answers = [await http.post("/dial", json={"to": f"1415555010{n}"}) for n in (1, 2)]
            bodies = [await answer.json() for answer in answers]
            client = app[namespace["PLIVO"]]
            assert not client.closed
        assert client.closed  # closed with the application
    assert [answer.status for answer in answers] == [200, 200]
    assert sorted(call.request_uuid for call in sim.calls()) == sorted(
        body["request_uuid"] for body in bodies
    )


async def test_the_fastapi_service_opens_one_client_on_startup_and_closes_it(
    pointed_at: Any,
) -> None:
    import httpx

    namespace: dict[str, Any] = {"__name__": "services_fastapi"}
    async with Simulator() as sim:
        pointed_at(sim)
        exec(compile(services()[0], "docs/services.md", "exec"), namespace)
        app = namespace["app"]
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app):  # what the server runs around serving
            client = app.state.plivo
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
                answers = [
                    await http.post("/dial", params={"to": f"1415555010{n}"}) for n in (1, 2)
                ]
            assert app.state.plivo is client
            assert not client.closed
        assert client.closed
    assert [answer.status_code for answer in answers] == [200, 200]
    assert sorted(call.request_uuid for call in sim.calls()) == sorted(
        answer.json()["request_uuid"] for answer in answers
    )
