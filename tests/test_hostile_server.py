"""The core's promises against servers that misbehave on purpose (raw loopback sockets).

Plivo's API never redirects, always answers small JSON bodies promptly and never leaks a
credential; a proxy, a broken load balancer or an attacker in the path may do any of that. Each
test here failed on the core as it was before the hardening issue.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
import traceback
from collections.abc import Awaitable, Callable

import pytest

import plivo_async
from plivo_async import (
    ClientClosedError,
    ClientStateError,
    ResponseParseError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
    Timeout,
    UnexpectedRedirectError,
)
from tests._rawhttp import RawRequest, RawServer, hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory

CREATED = json.dumps({"api_id": "api-1", "message": "call fired", "request_uuid": "req-1"}).encode()
CALL = json.dumps({"api_id": "api-2", "call_uuid": "call-1"}).encode()

Writer = asyncio.StreamWriter
Reader = asyncio.StreamReader


def client_for(url: str, **options: object) -> plivo_async.AsyncClient:
    settings: dict[str, object] = {
        "base_url": url,
        "rate_limit": None,
        "clock": FakeClock(),  # backoff sleeps are recorded, not slept
        "retry": RetryPolicy(max_retries=3),
        "timeout": Timeout(connect=2.0, read=2.0),
    }
    settings.update(options)
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **settings)  # type: ignore[arg-type]


async def create_call(client: plivo_async.AsyncClient) -> plivo_async.CallCreated:
    return await client.calls.create(
        from_="14155550100", to="14155550101", answer_url="https://example.com/answer.xml"
    )


def raw_answer(head: str, body: bytes = b"") -> Callable[..., Awaitable[bool]]:
    """Write ``head`` (status line and headers, no blank line) then ``body``, as given."""

    async def behaviour(request: RawRequest, reader: Reader, writer: Writer) -> bool:
        writer.write(head.encode("latin-1") + b"\r\n\r\n" + body)
        await writer.drain()
        return True

    return behaviour


# -- no redirect is ever followed ---------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirected_post_reaches_the_server_once_and_its_outcome_is_unknown(
    raw: RawFactory, status: int
) -> None:
    elsewhere = await raw(reply(200, CREATED))
    server = await raw(reply(status, b"", {"Location": f"{elsewhere.url}steal"}))
    async with client_for(server.url) as client:
        with pytest.raises(UnexpectedRedirectError) as caught:
            await create_call(client)
    assert [r.method for r in server.requests] == ["POST"]
    assert elsewhere.requests == []  # not followed, not even as a GET (303)
    error = caught.value
    assert isinstance(error, plivo_async.APIError)
    assert error.status == status
    assert error.location == f"{elsewhere.url}steal"
    assert error.outcome_unknown is True
    assert error.retries_taken == 0
    assert "not followed" in str(error)
    assert "outcome is unknown" in str(error)


async def test_a_redirect_loop_is_one_request(raw: RawFactory) -> None:
    server = await raw(reply(308, b"", {"Location": "/v1/Account/x/Call/"}))
    async with client_for(server.url) as client:
        with pytest.raises(UnexpectedRedirectError):
            await create_call(client)
    assert len(server.requests) == 1


async def test_a_redirect_to_an_unreachable_host_is_not_retried_as_a_connect_error(
    raw: RawFactory,
) -> None:
    server = await raw(reply(307, b"", {"Location": "http://127.0.0.1:1/Call/"}))
    async with client_for(server.url) as client:
        with pytest.raises(UnexpectedRedirectError) as caught:
            await create_call(client)
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown is True


async def test_a_redirected_get_is_not_followed_and_its_outcome_is_known(raw: RawFactory) -> None:
    elsewhere = await raw(reply(200, CALL))
    server = await raw(reply(302, b"", {"Location": elsewhere.url}))
    async with client_for(server.url) as client:
        with pytest.raises(UnexpectedRedirectError) as caught:
            await client.calls.get("call-1")
    assert len(server.requests) == 1  # a 3xx is not a retryable status either
    assert elsewhere.requests == []
    assert caught.value.outcome_unknown is False


# -- a 2xx to a POST that cannot be read means the call may exist --------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>OK</body></html>",
        b"",
        json.dumps({"api_id": "api-1", "message": "call fired"}).encode(),  # no request_uuid
    ],
    ids=["html", "empty", "no-request-uuid"],
)
async def test_an_unreadable_success_to_a_post_has_an_unknown_outcome(
    raw: RawFactory, body: bytes
) -> None:
    server = await raw(reply(201, body))
    async with client_for(server.url) as client:
        with pytest.raises(ResponseParseError) as caught:
            await create_call(client)
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown is True
    assert "outcome is unknown" in str(caught.value)
    assert caught.value.method == "POST"


async def test_an_unreadable_success_to_a_get_has_a_known_outcome(raw: RawFactory) -> None:
    server = await raw(reply(200, b"<html></html>"))
    async with client_for(server.url) as client:
        with pytest.raises(ResponseParseError) as caught:
            await client.calls.get("call-1")
    assert caught.value.outcome_unknown is False


# -- bounded reads ---------------------------------------------------------------------------


async def test_a_success_whose_content_length_passes_the_cap_is_not_read(raw: RawFactory) -> None:
    # Announces 100 MiB and sends only the head: the client must refuse without reading.
    server = await raw(
        raw_answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600")
    )
    async with client_for(server.url, max_response_size=64 * 1024) as client:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as caught:
            await client.calls.get("call-1")
        assert time.monotonic() - started < 1.0
    assert caught.value.received == 0
    assert caught.value.limit == 64 * 1024
    assert isinstance(caught.value, ResponseParseError)


def chunked(body: bytes, size: int = 16 * 1024) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


async def test_a_chunked_success_is_cut_off_at_the_cap(raw: RawFactory) -> None:
    cap = 256 * 1024
    body = b'{"x": "' + b"a" * (4 * 1024 * 1024) + b'"}'
    server = await raw(raw_answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", chunked(body)))
    async with client_for(server.url, max_response_size=cap) as client:
        with pytest.raises(ResponseTooLargeError) as caught:
            await client.calls.get("call-1")
    assert cap < caught.value.received <= cap + 512 * 1024  # the cap plus one read at most


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    # 256 MiB of zeros in about 250 KB: the benchmarks measure the 1 GiB case's memory.
    return gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)


async def test_a_gzip_bomb_is_not_inflated_past_the_cap(raw: RawFactory, gzip_bomb: bytes) -> None:
    server = await raw(
        raw_answer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            f"Content-Length: {len(gzip_bomb)}",
            gzip_bomb,
        )
    )
    async with client_for(server.url) as client:  # the default cap
        with pytest.raises(ResponseTooLargeError) as caught:
            await client.calls.get("call-1")
    cap = plivo_async.AsyncClient.__init__.__kwdefaults__["max_response_size"]
    assert caught.value.limit == cap == 4 * 1024 * 1024
    # aiohttp inflates 256 KiB at a time and buffers two such pieces before pausing the socket.
    assert cap < caught.value.received <= cap + 512 * 1024


async def test_a_small_gzip_answer_is_decoded(raw: RawFactory) -> None:
    packed = gzip.compress(CALL)
    server = await raw(
        raw_answer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            f"Content-Length: {len(packed)}",
            packed,
        )
    )
    async with client_for(server.url) as client:
        call = await client.calls.get("call-1")
    assert call.call_uuid == "call-1"


async def test_an_answer_exactly_at_the_cap_is_read(raw: RawFactory) -> None:
    server = await raw(reply(200, CALL))
    async with client_for(server.url, max_response_size=len(CALL)) as client:
        call = await client.calls.get("call-1")
    assert call.call_uuid == "call-1"


async def test_an_oversized_error_answer_keeps_its_status_and_stays_retryable(
    raw: RawFactory,
) -> None:
    html = b"<html>" + b"x" * (1024 * 1024) + b"</html>"
    server = await raw(
        script(
            raw_answer("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked", chunked(html)),
            reply(200, CALL),
        )
    )
    async with client_for(server.url, max_response_size=64 * 1024) as client:
        call = await client.calls.get("call-1")
    assert call.call_uuid == "call-1"
    assert len(server.requests) == 2

    server = await raw(
        raw_answer("HTTP/1.1 503 X\r\nContent-Length: 104857600")  # announced, never sent
    )
    async with client_for(server.url, max_response_size=64 * 1024, retry=None) as client:
        with pytest.raises(ServerError) as caught:
            await create_call(client)
    assert caught.value.status == 503
    assert "larger than max_response_size" in str(caught.value)
    assert caught.value.outcome_unknown is True


async def continue_then_silence(request: RawRequest, reader: Reader, writer: Writer) -> bool:
    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    await writer.drain()
    await reader.read()  # until the client gives up
    return False


async def drip(request: RawRequest, reader: Reader, writer: Writer) -> bool:
    """A valid head, then the body one byte every 0.1 s: no read timeout ever fires."""
    writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 500\r\n\r\n")
    try:
        for _ in range(500):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.1)
    except ConnectionError:
        pass
    return False


@pytest.mark.parametrize(
    ("behaviour", "read"),
    [(continue_then_silence, None), (drip, 0.5)],
    ids=["100-continue", "drip"],
)
async def test_one_attempt_is_bounded_however_the_server_paces_it(
    raw: RawFactory, behaviour: Callable[..., Awaitable[bool]], read: float | None
) -> None:
    server = await raw(behaviour)
    timeout = Timeout(connect=1.0, read=read, attempt=1.5)
    async with client_for(server.url, timeout=timeout) as client:
        started = time.monotonic()
        with pytest.raises(plivo_async.RequestTimeoutError) as caught:
            await create_call(client)
        elapsed = time.monotonic() - started
    assert 1.4 <= elapsed < 3.0
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown is True
    assert "Timeout.attempt" in str(caught.value)


async def test_silence_after_a_100_continue_is_cut_by_the_read_bound(raw: RawFactory) -> None:
    # An interim answer is not the answer: the wait for the real head stays bounded by read.
    server = await raw(continue_then_silence)
    async with client_for(server.url, timeout=Timeout(connect=1.0, read=0.5)) as client:
        started = time.monotonic()
        with pytest.raises(plivo_async.RequestTimeoutError) as caught:
            await create_call(client)
        elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 1.5
    assert len(server.requests) == 1
    assert caught.value.outcome_unknown is True
    assert "Timeout.read" in str(caught.value)


def test_the_attempt_bound_is_on_by_default() -> None:
    assert Timeout().attempt == 60.0
    # A plain number sets connect and read; the bound never cuts a longer read timeout short.
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, timeout=90)
    assert client.transport.timeout.attempt == 90.0


async def test_a_deeply_nested_body_is_a_parse_error_with_either_json_backend(
    raw: RawFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib
    import sys

    from plivo_async import _jsoncodec

    server = await raw(reply(200, b"[" * 100_000 + b"]" * 100_000))
    try:
        for blocked in (False, True):
            if blocked:  # the default install without orjson
                monkeypatch.setitem(sys.modules, "orjson", None)
                importlib.reload(_jsoncodec)
                assert _jsoncodec.BACKEND == "stdlib"
            async with client_for(server.url) as client:
                with pytest.raises(ResponseParseError, match="not JSON"):
                    await client.calls.get("call-1")
    finally:
        monkeypatch.undo()
        importlib.reload(_jsoncodec)


# -- closing with calls under way ---------------------------------------------------------------


async def arrived(server: RawServer) -> None:
    """Until the server has received its first request."""
    deadline = time.monotonic() + 5
    while not server.requests:
        assert time.monotonic() < deadline, "the request never reached the server"
        await asyncio.sleep(0.01)


async def test_closing_fails_queued_calls_as_never_sent_and_cuts_off_sent_ones(
    raw: RawFactory,
) -> None:
    server = await raw(hang)
    client = client_for(server.url, max_connections=1, retry=None)
    sent = asyncio.create_task(create_call(client))
    await arrived(server)
    queued = [asyncio.create_task(create_call(client)) for _ in range(3)]
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await client.aclose(grace=0.5)
    closing_took = time.monotonic() - started
    assert 0.45 <= closing_took < 2.0
    for task in queued:
        error = task.exception()
        assert isinstance(error, ClientClosedError)
        assert error.may_have_reached_server is False
        assert error.outcome_unknown is False
        assert "never sent" in str(error)
    error = await asyncio.wait_for(asyncio.gather(sent, return_exceptions=True), 1.0)
    assert isinstance(error[0], ClientClosedError)
    assert error[0].outcome_unknown is True
    assert len(server.requests) == 1  # the queued calls never reached the server
    with pytest.raises(ClientStateError):
        await create_call(client)


async def test_closing_fails_calls_waiting_for_a_rate_limit_token_as_never_sent(
    raw: RawFactory,
) -> None:
    server = await raw(reply(201, CREATED))
    limit = plivo_async.RateLimit(calls_per_second=0.5, burst=1)  # one now, the next in 2 s
    client = plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=server.url, rate_limit=limit, retry=RetryPolicy()
    )
    first = await create_call(client)
    waiting = [asyncio.create_task(create_call(client)) for _ in range(3)]
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await client.aclose()
    assert time.monotonic() - started < 1.0  # nothing in flight: no grace to wait out
    for task in waiting:
        error = task.exception()
        assert isinstance(error, ClientClosedError), error
        assert error.outcome_unknown is False
        assert error.retries_taken == 0  # a closed client retries nothing
        assert "never sent" in str(error)
    assert first.request_uuid == "req-1"
    assert len(server.requests) == 1


async def test_closing_waits_for_an_answer_within_the_grace(raw: RawFactory) -> None:
    async def slow(request: RawRequest, reader: Reader, writer: Writer) -> bool:
        await asyncio.sleep(0.3)
        return await reply(201, CREATED)(request, reader, writer)

    server = await raw(slow)
    client = client_for(server.url)
    sent = asyncio.create_task(create_call(client))
    await arrived(server)
    await client.aclose(grace=5.0)
    created = await sent
    assert created.request_uuid == "req-1"


def test_the_blocking_client_closes_with_a_grace_too() -> None:
    import threading

    from plivo_async.testing import Simulator

    with Simulator.start_in_thread() as simulator:
        simulator.faults.add(endpoint="call.create", latency=0.3)  # answered within the grace
        client = simulator.sync_client(rate_limit=None)
        outcome: list[object] = []

        def place() -> None:
            outcome.append(
                client.calls.create(
                    from_="14155550100", to="14155550101", answer_url="https://e.x/a.xml"
                )
            )

        thread = threading.Thread(target=place)
        thread.start()
        time.sleep(0.1)
        client.close(grace=5.0)
        thread.join(5.0)
    assert isinstance(outcome[0], plivo_async.CallCreated)


def test_a_negative_grace_is_refused() -> None:
    client = plivo_async.Client(AUTH_ID, AUTH_TOKEN)
    with pytest.raises(plivo_async.ValidationError, match="grace"):
        client.close(grace=-1)
    client.close()


# -- no secret in any error ---------------------------------------------------------------------

PROXY_PASSWORD = "pr0xy-s3cret-pass"


def secrets() -> list[str]:
    import base64

    return [
        AUTH_TOKEN,
        base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode(),
        base64.b64encode(AUTH_TOKEN.encode()).decode(),
        PROXY_PASSWORD,
        AUTH_ID,  # shown shortened, never whole
    ]


def assert_no_secret(error: BaseException) -> None:
    rendered = "".join(traceback.format_exception(error)) + repr(error) + str(error)
    chained = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    if chained is not None:
        rendered += repr(chained) + repr(vars(chained) if hasattr(chained, "__dict__") else "")
    for secret in secrets():
        assert secret not in rendered, f"{secret[:6]}… leaked in {type(error).__name__}"


async def test_a_proxy_refusal_shows_no_proxy_password(raw: RawFactory) -> None:
    proxy = await raw(reply(407, b"", {"Proxy-Authenticate": 'Basic realm="x"'}))
    proxy_url = f"http://user:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}"
    async with plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url="https://api.test.invalid/",
        proxy=proxy_url,
        rate_limit=None,
        retry=None,
    ) as client:
        assert PROXY_PASSWORD not in repr(client) + repr(client.transport)
        with pytest.raises(plivo_async.ConnectError) as caught:
            await create_call(client)
    assert proxy.requests[0].method == "CONNECT"
    assert caught.value.outcome_unknown is False  # the tunnel was refused: nothing reached Plivo
    assert "407" in str(caught.value)
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    "behaviour",
    [
        raw_answer("HTTP/1.1 abc nonsense"),
        raw_answer("HTTP/1.1 200 OK\r\nContent-Length: 10", b"{}"),  # body cut short
        reply(302, b"", {"Location": "http://elsewhere.invalid/"}),
        reply(500, b"<html>boom</html>"),
        hang,
    ],
    ids=["bad-status-line", "short-body", "redirect", "html-500", "timeout"],
)
async def test_no_failure_carries_a_credential(
    raw: RawFactory, behaviour: Callable[..., Awaitable[bool]]
) -> None:
    server = await raw(behaviour)
    timeout = Timeout(connect=1.0, read=0.3)
    async with client_for(server.url, timeout=timeout, retry=None) as client:
        with pytest.raises(plivo_async.PlivoError) as caught:
            await create_call(client)
    assert_no_secret(caught.value)
    assert caught.value.outcome_unknown is True


async def test_a_refused_connection_carries_no_credential() -> None:
    async with client_for("http://127.0.0.1:1/", retry=None) as client:
        with pytest.raises(plivo_async.ConnectError) as caught:
            await create_call(client)
    assert_no_secret(caught.value)


def test_a_base_url_with_a_password_is_refused_without_echoing_it() -> None:
    with pytest.raises(plivo_async.ValidationError, match="base_url") as caught:
        plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=f"https://u:{PROXY_PASSWORD}@h.x/")
    assert PROXY_PASSWORD not in str(caught.value)
    with pytest.raises(plivo_async.ValidationError) as caught:
        plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=f"ftp://u:{PROXY_PASSWORD}@h.x/")
    assert PROXY_PASSWORD not in str(caught.value)


# -- RateLimitError says how long to wait -------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [({"Retry-After": "7"}, 7.0), ({"Retry-After": "soon"}, None), ({}, None)],
)
async def test_a_429_carries_its_retry_after_in_seconds(
    raw: RawFactory, header: dict[str, str], expected: float | None
) -> None:
    server = await raw(reply(429, b'{"error": "too many requests"}', header))
    async with client_for(server.url, retry=None) as client:
        with pytest.raises(plivo_async.RateLimitError) as caught:
            await create_call(client)
    assert caught.value.retry_after == expected
    assert caught.value.outcome_unknown is False


async def test_a_429_retry_after_as_an_http_date(raw: RawFactory) -> None:
    import email.utils

    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server = await raw(reply(429, b"{}", {"Retry-After": when}))
    async with client_for(server.url, retry=None) as client:
        with pytest.raises(plivo_async.RateLimitError) as caught:
            await client.calls.get("call-1")
    assert caught.value.retry_after is not None
    assert 25 <= caught.value.retry_after <= 31
