"""In-flight marks under batching: several requests share one commit, yet no request reaches the
server before the commit holding its mark has returned, and none waits long for company."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from aiohttp import web

import plivo_async
from plivo_async.bulk import BulkDialer, DialOutcome, DialRow, Journal

from .conftest import DEFAULTS, FAST, number, rows

AUTH_ID = "MATESTAUTHID00000001"
TOKEN = "token-0123456789"
Loopback = Callable[[web.Application], Awaitable[str]]


def journal_reading_server(path: Path, seen: list[tuple[str, str | None]]) -> web.Application:
    """Answers ``POST Call/``; first reads, from the journal file with its own connection (so
    only committed data), the state of the row being dialled."""

    async def create(request: web.Request) -> web.Response:
        to = str(json.loads(await request.read())["to"])
        reader = sqlite3.connect(path)
        try:
            found = reader.execute("SELECT status FROM rows WHERE to_number = ?", (to,)).fetchone()
        finally:
            reader.close()
        seen.append((to, None if found is None else found[0]))
        answer = {"api_id": "a", "message": "call fired", "request_uuid": f"uuid-{to}"}
        return web.json_response(answer, status=201)

    app = web.Application()
    app.router.add_post("/v1/Account/{auth_id}/Call/", create)
    return app


class SlowJournal(Journal):
    """The real journal on a slow disk (each commit starts 5 ms late), counting its commits: a
    request sent before its commit returned would reach the server first."""

    commits = 0

    def write(self, *args: object, **kwargs: object) -> list[str]:
        type(self).commits += 1
        time.sleep(0.005)
        return super().write(*args, **kwargs)  # type: ignore[arg-type]


async def test_every_request_reaches_the_server_after_its_mark_is_committed(
    loopback: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "job.db"
    seen: list[tuple[str, str | None]] = []
    base_url = await loopback(journal_reading_server(path, seen))
    SlowJournal.commits = 0
    with SlowJournal.open(path, input_hash="h") as journal:
        async with plivo_async.AsyncClient(
            AUTH_ID, TOKEN, base_url=base_url, rate_limit=FAST
        ) as client:
            dialer = BulkDialer(client, defaults=DEFAULTS, journal=journal, concurrency=32)
            outcomes = [o async for o in dialer.run(rows(300))]
        assert journal.counts()["placed"] == 300
    assert sorted(int(o.key) for o in outcomes) == list(range(300))
    assert len(seen) == 300
    # At the moment each request arrived its row was durably in flight, never absent.
    assert {status for _, status in seen} == {"in_flight"}
    # Marks were shared: far fewer commits than rows (outcomes travel in the same commits).
    assert SlowJournal.commits < 300 / 4


async def test_a_lone_row_waits_at_most_the_linger_for_company(
    loopback: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "job.db"
    seen: list[tuple[str, str | None]] = []
    base_url = await loopback(journal_reading_server(path, seen))
    sent_at: list[float] = []

    async def slow_input() -> AsyncIterator[DialRow]:
        for index in range(3):
            sent_at.append(time.monotonic())
            yield DialRow(key=str(index), to=number(index))
            await asyncio.sleep(0.3)

    with SlowJournal.open(path, input_hash="h") as journal:
        async with plivo_async.AsyncClient(
            AUTH_ID, TOKEN, base_url=base_url, rate_limit=FAST
        ) as client:
            dialer = BulkDialer(
                client, defaults=DEFAULTS, journal=journal, concurrency=64, mark_linger=0.05
            )
            answered: list[tuple[DialOutcome, float]] = []
            async for outcome in dialer.run(slow_input()):
                answered.append((outcome, time.monotonic()))
    assert [o.status for o, _ in answered] == ["placed"] * 3
    assert [status for _, status in seen] == ["in_flight"] * 3
    # Each row went alone (the next came 0.3 s later), after about the linger, not later.
    for (_, at), read in zip(answered, sent_at, strict=True):
        assert at - read < 0.25


async def test_stop_while_rows_wait_for_their_mark_sends_none_of_them(
    loopback: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "job.db"
    seen: list[tuple[str, str | None]] = []
    base_url = await loopback(journal_reading_server(path, seen))
    with Journal.open(path, input_hash="h") as journal:
        async with plivo_async.AsyncClient(
            AUTH_ID, TOKEN, base_url=base_url, rate_limit=FAST
        ) as client:
            # Ten rows never fill a quarter of 64 slots: they wait the (long) linger.
            dialer = BulkDialer(
                client, defaults=DEFAULTS, journal=journal, concurrency=64, mark_linger=30.0
            )
            asyncio.get_running_loop().call_later(0.2, dialer.stop)
            started = time.monotonic()
            outcomes = [o async for o in dialer.run(rows(10))]
            took = time.monotonic() - started
        counts = journal.counts()
    assert took < 2.0
    assert sorted(int(o.key) for o in outcomes) == list(range(10))
    assert {o.status for o in outcomes} == {"pending"}
    assert seen == []  # nothing was sent
    assert counts["in_flight"] == 0
    assert counts["placed"] == 0
