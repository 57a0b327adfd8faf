"""The blocking ``Client`` against a loopback server: results, errors, threads, guards, closing."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from decimal import Decimal

import pytest

import plivo_async
from plivo_async import (
    APIError,
    Call,
    ClientStateError,
    NotFoundError,
    Page,
    RawResponse,
    Request,
    Response,
    ValidationError,
)
from plivo_async._middleware import Handler
from tests.conftest import AUTH_ID, AUTH_TOKEN

from .conftest import ClientFactory, FakePlivo, portal_threads


def test_get_returns_the_parsed_model(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    call = client.calls.get("uuid-1")

    assert isinstance(call, Call)
    assert call.call_uuid == "uuid-1"
    assert call.api_id == "api-uuid-1"
    assert call.total_amount == Decimal("0.01500")
    assert call.end_time is not None
    assert call.end_time.astimezone(timezone.utc) == datetime(
        2022, 6, 28, 14, 9, 5, tzinfo=timezone.utc
    )
    assert fake_plivo.requests == [
        ("GET", f"/v1/Account/{client.async_client.auth_id}/Call/uuid-1/", {})
    ]


def test_with_raw_response_gives_status_headers_and_model(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    raw = client.calls.with_raw_response.get("uuid-raw")

    assert isinstance(raw, RawResponse)
    assert raw.status == 200
    assert raw.headers["X-Request-Id"] == "req-uuid-raw"
    assert raw.headers["Content-Type"].startswith("application/json")
    assert isinstance(raw.parsed, Call)
    assert raw.parsed.call_uuid == "uuid-raw"
    assert b'"call_uuid": "uuid-raw"' in raw.content or b'"call_uuid":"uuid-raw"' in raw.content
    assert raw.retries_taken == 0


def test_with_raw_response_list_returns_the_first_page_raw(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    raw = client.calls.with_raw_response.list(page_size=5)

    assert raw.status == 200
    assert isinstance(raw.parsed, Page)
    assert [c.call_uuid for c in raw.parsed] == [f"cdr-{i:03d}" for i in range(5)]
    assert fake_plivo.count() == 1


def test_api_errors_come_through_with_their_type_and_details(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    with pytest.raises(NotFoundError) as caught:
        client.calls.get("missing")

    error = caught.value
    assert isinstance(error, APIError)
    assert error.status == 404
    assert error.api_id == "api-404"
    assert "call not found" in str(error)
    # (aiohttp spells it X-Request-ID; APIError.headers is a plain, case-sensitive dict)
    assert {k.lower(): v for k, v in error.headers.items()}["x-request-id"] == "req-404"
    assert error.retries_taken == 0
    # The client still works after an error.
    assert client.calls.get("uuid-2").call_uuid == "uuid-2"


def test_validation_errors_are_raised_before_anything_is_sent(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    with pytest.raises(ValidationError) as caught:
        client.calls.get("")
    assert caught.value.argument == "call_uuid"
    with pytest.raises(ValidationError, match="page_size"):
        client.calls.list(page_size=21)
    assert fake_plivo.requests == []


def test_64_calls_from_32_threads_share_one_client_and_run_concurrently(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    fake_plivo.delay = 0.2
    client = make_sync_client(fake_plivo.url)
    barrier = threading.Barrier(32)

    def work(thread_number: int) -> list[tuple[str, str]]:
        barrier.wait(5)
        results = []
        for i in range(2):
            asked = f"t{thread_number:02d}-{i}"
            results.append((asked, client.calls.get(asked).call_uuid))
        return results

    started = time.perf_counter()
    with ThreadPoolExecutor(32) as pool:
        outcomes = [pair for chunk in pool.map(work, range(32)) for pair in chunk]
    elapsed = time.perf_counter() - started

    assert len(outcomes) == 64
    assert all(asked == got for asked, got in outcomes), outcomes
    assert len({asked for asked, _ in outcomes}) == 64
    assert fake_plivo.count() == 64
    # Serially this would take 64 × 0.2 s = 12.8 s; concurrently about 0.4 s.
    assert elapsed < 64 * 0.2 / 4, f"took {elapsed:.2f} s: the threads were serialised"
    assert fake_plivo.max_in_flight >= 16
    assert len(portal_threads()) == 1  # one loop thread serves all 32 threads


def test_calling_inside_a_running_event_loop_raises_and_sends_nothing(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)
    client.calls.get("before")  # the loop thread is running: the guard must hold anyway

    async def misuse() -> list[BaseException]:
        errors: list[BaseException] = []
        for attempt in (
            lambda: client.calls.get("inside"),
            lambda: client.calls.with_raw_response.get("inside"),
            lambda: list(client.calls.list()),
            lambda: client.calls.list().first_page(),
        ):
            try:
                attempt()
            except ClientStateError as exc:
                errors.append(exc)
        return errors

    errors = asyncio.run(misuse())

    assert len(errors) == 4
    message = str(errors[0])
    assert "running event loop" in message
    assert "AsyncClient" in message
    assert fake_plivo.count() == 1  # only the call made outside the loop
    assert client.calls.get("after").call_uuid == "after"


async def test_calling_from_an_async_test_raises(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    with pytest.raises(ClientStateError, match="running event loop"):
        client.calls.get("inside")

    assert fake_plivo.requests == []
    assert portal_threads() == []  # refused before the loop thread was even started


def test_calling_from_the_clients_own_loop_raises_instead_of_deadlocking(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    holder: list[plivo_async.Client] = []
    seen: list[BaseException] = []

    async def reentrant(request: Request, call_next: Handler) -> Response:
        if request.path.endswith("outer/"):
            for misuse in (lambda: holder[0].calls.get("inner"), holder[0].close):
                try:
                    misuse()
                except ClientStateError as exc:
                    seen.append(exc)
        return await call_next(request)

    client = make_sync_client(fake_plivo.url, middlewares=[reentrant])
    holder.append(client)

    assert client.calls.get("outer").call_uuid == "outer"
    assert len(seen) == 2
    assert "running event loop" in str(seen[0])
    assert "own event-loop thread" in str(seen[1])
    assert [path for _, path, _ in fake_plivo.requests] == [
        f"/v1/Account/{client.async_client.auth_id}/Call/outer/"
    ]
    assert not client.closed


def test_with_block_closes_the_client_and_its_thread(fake_plivo: FakePlivo) -> None:
    with plivo_async.Client(AUTH_ID, AUTH_TOKEN, base_url=fake_plivo.url) as client:
        assert client.calls.get("uuid-1").call_uuid == "uuid-1"
        threads = portal_threads()
        assert len(threads) == 1

    assert client.closed
    assert not threads[0].is_alive()
    with pytest.raises(ClientStateError, match="closed"):
        client.calls.get("uuid-2")
    assert fake_plivo.count() == 1


def test_with_block_closes_on_error(fake_plivo: FakePlivo, make_sync_client: ClientFactory) -> None:
    client = make_sync_client(fake_plivo.url)
    with pytest.raises(NotFoundError), client:
        client.calls.get("missing")
    assert client.closed
    assert portal_threads() == []


def test_use_after_close_raises_and_close_is_idempotent(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)
    client.calls.get("uuid-1")
    session = client.async_client.transport.session
    assert session is not None

    client.close()
    client.close()

    assert client.closed
    assert session.closed  # the connection pool was closed, on its own loop
    assert portal_threads() == []
    for misuse in (
        lambda: client.calls.get("uuid-2"),
        lambda: client.calls.with_raw_response.get("uuid-2"),
        lambda: list(client.calls.list()),
        lambda: client.live_calls.list_ids(),
    ):
        with pytest.raises(ClientStateError, match="closed"):
            misuse()
    assert fake_plivo.count() == 1


def test_never_used_client_closes_without_starting_a_thread() -> None:
    before = threading.active_count()
    client = plivo_async.Client("MANEVERUSED000000001", "token")
    assert threading.active_count() == before

    client.close()

    assert client.closed
    assert threading.active_count() == before
    assert portal_threads() == []
    with pytest.raises(ClientStateError, match="closed"):
        client.calls.get("uuid-1")
    assert portal_threads() == []


def test_repr_hides_the_token() -> None:
    client = plivo_async.Client("MAREPR00000000000001", "super-secret-token")
    try:
        text = repr(client)
    finally:
        client.close()
    assert "super-secret-token" not in text
    assert "MAREPR00000000000001" not in text
    assert text.startswith("<Client auth_id=MARE")


def test_closing_while_other_threads_call_leaves_no_caller_hanging(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    fake_plivo.delay = 0.05
    # Fewer connections than callers: at close some calls are in flight, others wait for one.
    client = make_sync_client(fake_plivo.url, max_connections=4)
    client.calls.get("warm-up")
    calling = [threading.Event() for _ in range(8)]
    outcomes: dict[int, list[object]] = {number: [] for number in range(8)}

    def keep_calling(number: int) -> None:
        # Calls until the client says it is closed; whatever else a call raises is recorded.
        while True:
            try:
                client.calls.get("c")
            except ClientStateError as exc:
                outcomes[number].append(exc)
                return
            except BaseException as exc:  # recorded, and judged below
                outcomes[number].append(exc)
                if not isinstance(exc, plivo_async.PlivoError):
                    return
            else:
                outcomes[number].append("answered")
                calling[number].set()

    threads = [threading.Thread(target=keep_calling, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for event in calling:  # every thread has been answered once: all are calling
        assert event.wait(5)
    client.close()
    for thread in threads:
        thread.join(timeout=10)

    assert not [thread for thread in threads if thread.is_alive()], "a caller hung on close()"
    for number, seen in outcomes.items():
        # Each call returned or raised a PlivoError (a call cut short by the close, or never
        # sent), and every thread was finally told the client is closed: no bare RuntimeError
        # or CancelledError escaped, and nothing waited on a loop that had stopped.
        assert seen[0] == "answered"
        errors = [item for item in seen if item != "answered"]
        assert all(isinstance(error, plivo_async.PlivoError) for error in errors), (number, seen)
        assert isinstance(seen[-1], ClientStateError), (number, seen)
        assert "closed" in str(seen[-1])
