"""Transport behaviour against real loopback servers: retries, timeouts, the pool, the wire."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import platform
import re
import time

import aiohttp
import pytest
from aiohttp import web

import plivo_async
from plivo_async import (
    ConnectError,
    ConnectionDroppedError,
    RateLimit,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    Timeout,
    ValidationError,
)
from tests._rawhttp import Behaviour, drop, hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory, ServerFactory

ACCOUNT_PATH = f"/v1/Account/{AUTH_ID}/"
CALL = {"api_id": "api-call", "call_uuid": "call-1"}
CALL_BODY = json.dumps(CALL).encode()
CREATED = {"api_id": "api-created", "message": "call fired", "request_uuid": "req-1"}
UNAVAILABLE = json.dumps({"api_id": "api-503", "error": "unavailable"}).encode()
#: Too big to arrive with the headers: aiohttp does not release such a connection by itself.
UNAVAILABLE_PADDED = json.dumps(
    {"api_id": "api-503", "error": "unavailable", "detail": "x" * 1024 * 1024}
).encode()
CREDENTIALS = base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode()


def client_for(url: str, **options: object) -> plivo_async.AsyncClient:
    settings: dict[str, object] = {
        "base_url": url,
        "rate_limit": None,
        "clock": FakeClock(),
        "timeout": Timeout(connect=2.0, read=2.0),
    }
    settings.update(options)
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **settings)  # type: ignore[arg-type]


def acquired_connections(client: plivo_async.AsyncClient) -> int:
    """Connections the client's pool has handed out and not taken back."""
    session = client.transport.session
    assert session is not None
    connector = session.connector
    assert connector is not None
    return len(connector._acquired)


# -- retries and backoff ----------------------------------------------------------------


async def test_get_two_503s_then_200_backs_off_per_policy(raw: RawFactory) -> None:
    server = await raw(
        script(reply(503, UNAVAILABLE), reply(503, UNAVAILABLE), reply(200, CALL_BODY))
    )
    clock = FakeClock()
    policy = RetryPolicy(max_retries=2, backoff_initial=0.5, jitter=0.25)
    async with client_for(server.url, clock=clock, retry=policy) as client:
        call = await client.calls.with_raw_response.get("call-1")
    assert call.parsed.call_uuid == "call-1"
    assert len(server.requests) == 3
    first, second = clock.sleeps
    assert 0.5 * 0.75 <= first <= 0.5
    assert 1.0 * 0.75 <= second <= 1.0


async def test_retry_none_sends_a_get_exactly_once(raw: RawFactory) -> None:
    # aiohttp alone would resend an idempotent request once after a dropped connection.
    server = await raw(drop)
    async with client_for(server.url, retry=None) as client:
        with pytest.raises(ConnectionDroppedError) as caught:
            await client.calls.get("call-1")
    assert len(server.requests) == 1
    assert caught.value.retries_taken == 0


@pytest.mark.parametrize(
    ("size", "reused"),
    [
        (3 * 1024 * 1024, True),  # within max_response_size: read whole, connection reused
        (12 * 1024 * 1024, False),  # past it: not read, connection closed instead of drained
    ],
)
async def test_large_503_body_is_released_before_the_retry(
    raw: RawFactory, size: int, reused: bool
) -> None:
    server = await raw(script(reply(503, b"x" * size), reply(200, CALL_BODY)))
    # One connection, and a short pool wait: an unreleased 503 would make the retry time out.
    client = client_for(server.url, max_connections=1, timeout=Timeout(read=2.0, pool=1.0))
    async with client:
        started = time.monotonic()
        call = await client.calls.get("call-1")
        elapsed = time.monotonic() - started
        assert acquired_connections(client) == 0
    assert call.call_uuid == "call-1"
    assert len(server.requests) == 2
    assert server.connections_opened == (1 if reused else 2)
    assert elapsed < 1.0


# -- nothing left open after exhausted retries --------------------------------------------


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [(reply(503, UNAVAILABLE_PADDED), ServerError), (hang, RequestTimeoutError)],
    ids=["always-503", "always-times-out"],
)
async def test_no_connection_left_after_exhausted_retries(
    raw: RawFactory, behaviour: Behaviour, error: type[Exception]
) -> None:
    server = await raw(behaviour)
    timeout = Timeout(read=0.2, pool=0.5)
    client = client_for(server.url, max_connections=1, timeout=timeout)
    async with client:
        with pytest.raises(error) as caught:
            await client.calls.get("call-1")
        assert caught.value.retries_taken == 2  # type: ignore[attr-defined]
        assert len(server.requests) == 3
        assert acquired_connections(client) == 0
        # The one pooled connection is free: another call gets it without waiting.
        server.behaviour = reply(200, CALL_BODY)
        assert (await client.calls.get("call-1")).call_uuid == "call-1"
        assert acquired_connections(client) == 0
    await server.wait_all_closed()
    assert server.open_connections == 0


# -- timeouts -----------------------------------------------------------------------------


async def test_hung_server_raises_timeout_near_read_timeout(loopback: ServerFactory) -> None:
    hits = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    app = web.Application()
    app.router.add_get(f"{ACCOUNT_PATH}Call/call-1/", handler)
    url = await loopback(app)
    async with client_for(url, retry=None, timeout=Timeout(read=0.5)) as client:
        started = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            await client.calls.get("call-1")
        elapsed = time.monotonic() - started
    assert isinstance(caught.value, RequestTimeoutError)
    assert caught.value.may_have_reached_server is True
    assert 0.45 <= elapsed < 1.0
    assert hits == 1


async def test_deadline_counts_time_queued_in_the_rate_limiter(loopback: ServerFactory) -> None:
    hits = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        return web.json_response(CREATED, status=201)

    app = web.Application()
    app.router.add_post(f"{ACCOUNT_PATH}Call/", handler)
    url = await loopback(app)
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=url,
        rate_limit=RateLimit(calls_per_second=1),
        timeout=Timeout(total=0.5),
    )

    async def create() -> plivo_async.CallCreated:
        return await client.calls.create(
            from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
        )

    async with client:
        started = time.monotonic()
        first, second = await asyncio.gather(create(), create(), return_exceptions=True)
        elapsed = time.monotonic() - started
    assert isinstance(first, plivo_async.CallCreated)
    assert isinstance(second, RequestTimeoutError)
    assert second.may_have_reached_server is False
    assert second.outcome_unknown is False
    assert "0.5 s deadline" in str(second)
    assert hits == 1
    assert 0.45 <= elapsed < 0.9
    assert client.rate_limiter is not None
    assert client.rate_limiter.bucket("call_create").waiting == 0


@pytest.mark.slow
async def test_300_concurrent_requests_through_10_connections(loopback: ServerFactory) -> None:
    in_flight = 0
    most_in_flight = 0
    hits = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal in_flight, most_in_flight, hits
        hits += 1
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        try:
            await asyncio.sleep(0.2)
        finally:
            in_flight -= 1
        return web.json_response({"api_id": "a", "call_uuid": request.match_info["uuid"]})

    app = web.Application()
    app.router.add_get(ACCOUNT_PATH + "Call/{uuid}/", handler)
    url = await loopback(app)
    # Per-attempt timeouts far below the ~6 s of queueing: only the socket waits count.
    client = client_for(url, max_connections=10, retry=None, timeout=Timeout(connect=1, read=1))
    async with client:
        started = time.monotonic()
        calls = await asyncio.gather(*(client.calls.get(f"c{i}") for i in range(300)))
        elapsed = time.monotonic() - started
    assert [call.call_uuid for call in calls] == [f"c{i}" for i in range(300)]
    assert hits == 300
    assert most_in_flight == 10
    assert 5.9 <= elapsed < 9.0


# -- the request on the wire ------------------------------------------------------------


async def test_request_shape_on_the_wire(loopback: ServerFactory) -> None:
    seen: list[tuple[str, str, dict[str, str], dict[str, str], bytes]] = []

    async def capture(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append(
            (request.method, request.path, dict(request.query), dict(request.headers), body)
        )
        if request.method == "POST":
            return web.json_response(CREATED, status=201)
        return web.json_response({"api_id": "a", "meta": {"limit": 5, "offset": 0}, "objects": []})

    app = web.Application()
    app.router.add_route("*", f"{ACCOUNT_PATH}Call/", capture)
    url = await loopback(app)
    async with client_for(url) as client:
        await client.calls.create(
            from_="14155550100",
            to=["14155550101", "14155550102"],
            answer_url="https://example.com/answer.xml",
            time_limit=60,
        )
        await client.calls.list(call_direction="outbound", limit=5)

    (post_method, post_path, post_query, post_headers, post_body), get = seen
    assert (post_method, post_path, post_query) == ("POST", f"{ACCOUNT_PATH}Call/", {})
    assert post_headers["Content-Type"] == "application/json"
    assert json.loads(post_body) == {
        "from": "14155550100",
        "to": "14155550101<14155550102",
        "answer_url": "https://example.com/answer.xml",
        "time_limit": 60,
    }
    get_method, get_path, get_query, get_headers, get_body = get
    assert (get_method, get_path, get_body) == ("GET", f"{ACCOUNT_PATH}Call/", b"")
    assert get_query == {"call_direction": "outbound", "limit": "5", "offset": "0"}
    assert "Content-Type" not in get_headers
    for headers in (post_headers, get_headers):
        assert headers["Authorization"] == f"Basic {CREDENTIALS}"
        assert headers["Accept"] == "application/json"
        assert headers["User-Agent"] == (
            f"plivo-async/{plivo_async.__version__} "
            f"(Python {platform.python_version()}; aiohttp {aiohttp.__version__})"
        )
    assert re.fullmatch(
        r"plivo-async/\d+\.\d+\.\d+\S* \(Python \d+\.\d+\.\d+\S*; aiohttp \d+\.\d+\.\d+\S*\)",
        post_headers["User-Agent"],
    )


async def test_requests_go_through_the_proxy(raw: RawFactory) -> None:
    proxy = await raw(reply(200, CALL_BODY))
    # The API host does not resolve: only the proxy can have answered.
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url="http://plivo.test.invalid/",
        proxy=proxy.url,
        rate_limit=None,
        retry=None,
    )
    async with client:
        call = await client.calls.get("call-1")
    assert call.call_uuid == "call-1"
    [request] = proxy.requests
    assert request.method == "GET"
    assert request.target == f"http://plivo.test.invalid{ACCOUNT_PATH}Call/call-1/"
    assert request.headers["host"] == "plivo.test.invalid"


# -- no credentials in logs, reprs or errors -----------------------------------------------


async def test_logs_reprs_and_errors_contain_no_credentials(
    raw: RawFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = await raw(
        script(reply(503, UNAVAILABLE), reply(200, CALL_BODY), reply(503, UNAVAILABLE))
    )
    caplog.set_level(logging.DEBUG)  # every logger, not only ours
    client = client_for(server.url, retry=RetryPolicy(max_retries=1))
    async with client:
        await client.calls.get("call-1")
        with pytest.raises(ServerError) as caught:
            await client.calls.get("call-2")
        texts = [repr(client), repr(client.transport), str(caught.value), repr(caught.value)]

    ours = [r for r in caplog.records if r.name.startswith("plivo_async")]
    retries = [r for r in ours if r.levelno == logging.INFO]
    retry_line = r"retrying GET Call/call-[12]/ in 0\.\d\ds \(retry 1 of 1\) after HTTP 503"
    assert all(re.fullmatch(retry_line, r.getMessage()) for r in retries), retries
    assert len(retries) == 2
    assert any(
        r.levelno == logging.DEBUG and "GET Call/call-1/ -> 200" in r.getMessage() for r in ours
    )
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args), str(record.msg)]
    for text in texts:
        assert AUTH_TOKEN not in text
        assert CREDENTIALS not in text
        assert "Authorization" not in text
        assert AUTH_ID not in text


async def test_malformed_proxy_url_never_claims_an_unknown_outcome() -> None:
    async def create_through_bad_proxy() -> None:
        client = plivo_async.AsyncClient(
            AUTH_ID, AUTH_TOKEN, proxy="not-a-url", rate_limit=None, retry=None
        )
        async with client:
            await client.calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
            )

    # Refused when the client is built, or when the request is (never) sent.
    with pytest.raises((ValidationError, ConnectError)) as caught:
        await create_through_bad_proxy()
    error = caught.value
    assert error.outcome_unknown is False
    if isinstance(error, ConnectError):
        assert error.may_have_reached_server is False
        assert "invalid URL" in str(error)
    else:
        assert error.argument == "proxy"
