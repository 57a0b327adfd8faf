"""The dialer against the simulator: one outcome per row, nobody dialled twice, the journal
agrees with the outcomes, and every failure lands in the status its error calls for."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from aiohttp import web

import plivo_async
from plivo_async.bulk import BulkDialer, DialOutcome, DialRow, Journal
from plivo_async.testing import Simulator

from .conftest import DEFAULTS, FAST, number, rows


async def collect(dialer: BulkDialer, source: object) -> list[DialOutcome]:
    return [outcome async for outcome in dialer.run(source)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pack",
    [
        pytest.param(False, marks=pytest.mark.slow, id="one-per-request"),
        pytest.param(True, id="packed"),
    ],
)
async def test_2000_rows_under_faults_one_outcome_each_nobody_dialled_twice(
    sim: Simulator, tmp_path: Path, pack: bool
) -> None:
    sim.faults.add(endpoint="call.create", drop_after=0.1, server_error=0.05, too_many_requests=0.1)
    journal = Journal.open(tmp_path / "job.db", input_hash="h")
    async with sim.client(rate_limit=FAST) as client:
        dialer = BulkDialer(
            client, defaults=DEFAULTS, journal=journal, pack=pack, pack_size=20, concurrency=32
        )
        outcomes = await collect(dialer, rows(2000))
    journal.close()

    assert sorted(int(o.key) for o in outcomes) == list(range(2000))  # each row exactly once
    placed_at_server = sim.journal.destination_counts()
    assert max(placed_at_server.values()) == 1  # no destination dialled twice
    by_status = Counter(o.status for o in outcomes)
    assert set(by_status) <= {"placed", "unknown", "failed"}
    # Failed only when 429 outlasted the core's retries: Plivo did not place those calls.
    for o in outcomes:
        if o.status == "failed":
            assert "HTTP 429" in (o.error or "")
            assert o.to not in placed_at_server
    # Placed means placed: each has the uuid of a call the simulator placed to that number.
    server_uuids = {u for e in sim.journal.entries(endpoint="call.create") for u in e.call_uuids}
    for o in outcomes:
        if o.status == "placed":
            assert o.request_uuid in server_uuids
            assert placed_at_server[o.to] == 1
    # Unknown is honest: every row whose answer was dropped after placing is unknown.
    dropped = {d for e in sim.journal.entries(outcome="dropped_after") for d in e.destinations}
    assert dropped
    assert all(o.status == "unknown" for o in outcomes if o.to in dropped)
    # 429s were retried: some rows took more than one attempt.
    assert any(o.attempts > 1 for o in outcomes if o.status == "placed")
    # The journal holds exactly what was reported.
    with Journal.open(tmp_path / "job.db", input_hash="h") as reopened:
        assert reopened.recovered == 0
        assert reopened.counts()["placed"] == by_status["placed"]
        assert reopened.counts()["unknown"] == by_status["unknown"]


async def test_bad_rows_are_skipped_with_their_message_and_never_sent(sim: Simulator) -> None:
    source = [
        DialRow(key="1", to=number(1)),
        DialRow(key="2", to=""),
        DialRow(key="3", to=number(3), options={"answer_url": "ftp://nope"}),
        DialRow(key="4", to=number(4), options={"colour": "red"}),
        DialRow(key="5", to=number(5), options={"time_limit": 0}),
    ]
    async with sim.client(rate_limit=FAST) as client:
        outcomes = {o.key: o for o in await collect(BulkDialer(client, defaults=DEFAULTS), source)}
    assert outcomes["1"].status == "placed"
    assert {k: o.status for k, o in outcomes.items() if k != "1"} == dict.fromkeys(
        "2345", "skipped"
    )
    assert "to:" in (outcomes["2"].error or "")
    assert "answer_url" in (outcomes["3"].error or "")
    assert "colour is not a calls.create argument" in (outcomes["4"].error or "")
    assert "time_limit" in (outcomes["5"].error or "")
    assert sim.journal.count(endpoint="call.create") == 1


def test_bad_settings_are_refused_naming_the_argument() -> None:
    client = plivo_async.AsyncClient("MATESTAUTHID00000001", "token-0123456789")
    for kwargs, argument in [
        ({"concurrency": 0}, "concurrency"),
        ({"pack_size": 1001}, "pack_size"),
        ({"grace": -1}, "grace"),
        ({"defaults": {"to": "1"}}, "defaults"),
        ({"defaults": {"form_": "1"}}, "defaults"),
    ]:
        with pytest.raises(plivo_async.ValidationError) as caught:
            BulkDialer(client, **kwargs)  # type: ignore[arg-type]
        assert caught.value.argument == argument


async def test_a_4xx_is_failed_and_per_row_overrides_are_sent(sim: Simulator) -> None:
    source = [
        DialRow(key="a", to=number(1), options={"from_": "14155550199"}),
        DialRow(
            key="b",
            to=number(2),
            options={"parent_call_uuid": "no-such-call", "error_if_parent_not_found": True},
        ),
    ]
    async with sim.client(rate_limit=FAST) as client:
        outcomes = {o.key: o for o in await collect(BulkDialer(client, defaults=DEFAULTS), source)}
    assert outcomes["a"].status == "placed"
    assert outcomes["b"].status == "failed"
    assert "HTTP 400" in (outcomes["b"].error or "")
    (created,) = sim.journal.entries(endpoint="call.create", processed=True)
    assert created.body["from"] == "14155550199"


async def test_packing_groups_by_arguments_and_never_packs_parent_call_uuid(
    sim: Simulator,
) -> None:
    source = [DialRow(key=str(i), to=number(i)) for i in range(5)]
    source += [DialRow(key="x", to=number(9), options={"caller_name": "Other"})]
    source += [DialRow(key="p", to=number(8), options={"parent_call_uuid": "abc"})]
    source += [DialRow(key="dup", to=number(0))]  # the same destination again
    async with sim.client(rate_limit=FAST) as client:
        dialer = BulkDialer(client, defaults=DEFAULTS, pack=True)
        outcomes = {o.key: o for o in await collect(dialer, source)}
    assert all(o.status == "placed" for o in outcomes.values())
    sent = sorted(len(e.destinations) for e in sim.journal.entries(endpoint="call.create"))
    assert sent == [1, 1, 1, 5]  # "Other", the parent_call_uuid row, the repeat; five packed
    assert all(e.destinations.count(number(0)) <= 1 for e in sim.journal.entries())
    # Each row got the uuid of the call placed to its own number.
    for o in outcomes.values():
        assert sim.call(o.request_uuid or "").to_number == o.to


@pytest.fixture
async def short_server() -> AsyncIterator[str]:
    """Answers every call creation with one request_uuid, whatever ``to`` holds."""

    async def create(request: web.Request) -> web.Response:
        await request.post()
        return web.json_response({"api_id": "x", "message": "call fired", "request_uuid": ["u"]})

    app = web.Application()
    app.router.add_post("/v1/Account/{auth_id}/Call/", create)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    await runner.cleanup()


async def test_a_packed_answer_with_the_wrong_count_makes_the_group_unknown(
    short_server: str,
) -> None:
    async with plivo_async.AsyncClient(
        "MATESTAUTHID00000001", "token-0123456789", base_url=short_server, rate_limit=FAST
    ) as client:
        dialer = BulkDialer(client, defaults=DEFAULTS, pack=True)
        outcomes = await collect(dialer, rows(3))
    assert [o.status for o in outcomes] == ["unknown"] * 3
    assert "1 request_uuid(s) for 3 destination(s)" in (outcomes[0].error or "")


async def test_concurrency_bounds_the_requests_in_flight(sim: Simulator) -> None:
    sim.faults.add(endpoint="call.create", latency=0.05)
    in_flight = peak = 0

    async def count(request: plivo_async.Request, call_next: plivo_async.Handler) -> object:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await call_next(request)
        finally:
            in_flight -= 1

    async with sim.client(rate_limit=FAST, middlewares=[count]) as client:
        outcomes = await collect(BulkDialer(client, defaults=DEFAULTS, concurrency=5), rows(40))
    assert len(outcomes) == 40
    assert peak == 5


async def test_the_clients_cps_bucket_paces_the_job(sim: Simulator) -> None:
    rate = plivo_async.RateLimit(calls_per_second=100, api_requests=1_000_000)
    async with sim.client(rate_limit=rate) as client:
        started = time.monotonic()
        outcomes = await collect(BulkDialer(client, defaults=DEFAULTS), rows(50))
        took = time.monotonic() - started
    assert [o.status for o in outcomes] == ["placed"] * 50
    assert 0.45 <= took < 1.5  # 50 calls at 100 per second (a burst of one)


async def test_an_async_input_is_streamed(sim: Simulator) -> None:
    async def slow_rows() -> AsyncIterator[DialRow]:
        for row in rows(30):
            await asyncio.sleep(0.001)
            yield row

    async with sim.client(rate_limit=FAST) as client:
        dialer = BulkDialer(client, defaults=DEFAULTS, pack=True, pack_linger=0.01)
        outcomes = await collect(dialer, slow_rows())
    assert sorted(int(o.key) for o in outcomes) == list(range(30))
    assert all(o.status == "placed" for o in outcomes)
    assert sim.journal.count(endpoint="call.create") > 1  # partial groups went after the linger


async def test_stop_lets_in_flight_finish_cuts_off_after_grace_and_reports_the_rest(
    sim: Simulator, tmp_path: Path
) -> None:
    sim.faults.add(endpoint="call.create", latency=0.3)
    journal = Journal.open(tmp_path / "job.db", input_hash="h")
    async with sim.client(rate_limit=FAST) as client:
        dialer = BulkDialer(client, defaults=DEFAULTS, journal=journal, concurrency=4, grace=0.1)
        asyncio.get_running_loop().call_later(0.5, dialer.stop)
        started = time.monotonic()
        outcomes = await collect(dialer, rows(100))
        took = time.monotonic() - started
    journal.close()
    assert took < 1.5
    assert sorted(int(o.key) for o in outcomes) == list(range(100))
    statuses = Counter(o.status for o in outcomes)
    assert statuses["placed"] == 4  # the first four answered at 0.3 s
    assert statuses["unknown"] == 4  # the next four were cut off after the grace
    assert statuses["pending"] == 92
    with Journal.open(tmp_path / "job.db", input_hash="h") as j:
        counts = j.counts()
        assert counts["placed"] == 4
        assert counts["unknown"] == 4
        assert counts["in_flight"] == 0


async def test_resume_dials_pending_rows_only_and_replays_the_rest(
    sim: Simulator, tmp_path: Path
) -> None:
    path = tmp_path / "job.db"
    with Journal.open(path, input_hash="h") as journal:
        # An earlier run: row 0 placed, row 1 in flight when it died, the rest never reached.
        journal.mark_in_flight([("0", number(0)), ("1", number(1))], datetime.now(timezone.utc))
        journal.record([DialOutcome(key="0", to=number(0), status="placed", request_uuid="u0")])
    with Journal.open(path, input_hash="h") as journal:
        async with sim.client(rate_limit=FAST) as client:
            outcomes = {
                o.key: o
                for o in await collect(
                    BulkDialer(client, defaults=DEFAULTS, journal=journal), rows(5)
                )
            }
    assert outcomes["0"].status == "placed"
    assert outcomes["0"].resumed
    assert outcomes["1"].status == "unknown"
    assert outcomes["1"].resumed
    assert all(outcomes[k].status == "placed" and not outcomes[k].resumed for k in "234")
    assert sim.journal.call_requests(number(0)) == sim.journal.call_requests(number(1)) == 0


async def test_redial_unknown_records_calls_found_at_plivo_and_redials_only_the_rest(
    sim: Simulator, tmp_path: Path
) -> None:
    path = tmp_path / "job.db"
    sim.faults.add(endpoint="call.create", drop_after=1.0, times=2)  # the first two: placed
    sim.faults.add(endpoint="call.create", server_error=1.0, times=1)  # the third: not placed
    journal = Journal.open(path, input_hash="h")
    async with sim.client(rate_limit=FAST) as client:
        dialer = BulkDialer(client, defaults=DEFAULTS, journal=journal, concurrency=1)
        first = await collect(dialer, rows(4))
        assert [o.status for o in first] == ["unknown", "unknown", "unknown", "placed"]
        sim.advance(60)  # the first call has ended (a CDR), so has the second
        sim.set_call_behavior(talk_seconds=None)
        journal.close()
        journal = Journal.open(path, input_hash="h")
        dialer = BulkDialer(client, defaults=DEFAULTS, journal=journal)
        again = {o.key: o for o in [o async for o in dialer.run(rows(4), redial_unknown=True)]}
    journal.close()
    assert again["0"].status == again["1"].status == "placed"  # found at Plivo
    assert again["0"].resumed
    assert again["0"].request_uuid == sim.journal.entries()[0].call_uuids[0]
    assert again["2"].status == "placed"
    assert not again["2"].resumed
    assert again["3"].resumed
    assert max(sim.journal.destination_counts().values()) == 1
