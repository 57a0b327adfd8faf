"""The per-attempt bounds as the client's watchdog keeps them (``Timeout.read`` and ``.attempt``).

Each case runs against a raw loopback server pacing its answer; what is asserted is what a
caller sees: how long the call took, the error's class and wording, and whether its outcome is
unknown.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

import plivo_async
from plivo_async import RequestTimeoutError, RetryPolicy, Timeout
from tests._rawhttp import Behaviour, RawRequest, hang
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory
from tests.test_connect_phase import full_backlog

CREATED = json.dumps({"api_id": "api-1", "message": "call fired", "request_uuid": "req-1"}).encode()


def client_for(url: str, timeout: Timeout) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=url,
        rate_limit=None,
        retry=RetryPolicy(max_retries=0),
        clock=FakeClock(),
        timeout=timeout,
    )


async def create_call(client: plivo_async.AsyncClient) -> plivo_async.CallCreated:
    return await client.calls.create(
        from_="14155550100", to="14155550101", answer_url="https://example.com/answer.xml"
    )


def paced(head_after: float, pieces: int, every: float) -> Behaviour:
    """The head after ``head_after`` s, then the body in ``pieces`` pieces ``every`` s apart."""

    async def behaviour(
        request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        await asyncio.sleep(head_after)
        body = CREATED + b" " * (pieces - 1)  # JSON ignores the trailing spaces
        writer.write(f"HTTP/1.1 201 Created\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        writer.write(body[: len(CREATED)])
        await writer.drain()
        for index in range(len(CREATED), len(body)):
            await asyncio.sleep(every)
            writer.write(body[index : index + 1])
            await writer.drain()
        return True

    return behaviour


async def test_a_body_that_keeps_coming_is_not_cut_by_the_read_bound(raw: RawFactory) -> None:
    # Eight pieces 0.15 s apart: 1.2 s in all, far past read=0.4, but never 0.4 s of silence.
    server = await raw(paced(0.0, 8, 0.15))
    async with client_for(server.url, Timeout(read=0.4)) as client:
        created = await create_call(client)
    assert created.request_uuid == "req-1"


async def test_silence_in_the_middle_of_a_body_is_cut_by_the_read_bound(raw: RawFactory) -> None:
    server = await raw(paced(0.0, 2, 5.0))  # the last byte only after 5 s
    async with client_for(server.url, Timeout(read=0.4)) as client:
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError) as caught:
            await create_call(client)
        elapsed = time.monotonic() - started
    assert 0.38 <= elapsed < 1.2
    assert "Timeout.read" in str(caught.value)
    assert caught.value.outcome_unknown is True


async def test_a_head_within_the_read_bound_is_waited_for(raw: RawFactory) -> None:
    server = await raw(paced(0.3, 1, 0.0))
    async with client_for(server.url, Timeout(read=0.6)) as client:
        assert (await create_call(client)).request_uuid == "req-1"


async def test_a_slow_connect_is_bounded_by_connect_not_read() -> None:
    # read is the shorter bound, but it only starts once the connection is made: the caller
    # learns the request was never sent (a POST that can be retried), not "outcome unknown".
    with full_backlog() as backlog:
        client = client_for(f"http://127.0.0.1:{backlog.port}/", Timeout(connect=0.6, read=0.1))
        async with client:
            started = time.monotonic()
            with pytest.raises(RequestTimeoutError) as caught:
                await create_call(client)
            elapsed = time.monotonic() - started
        assert backlog.drain() == b""
    assert "timed out connecting" in str(caught.value)
    assert caught.value.may_have_reached_server is False
    assert 0.55 <= elapsed < 1.5


async def test_cancelling_a_call_is_a_cancellation_not_a_timeout(raw: RawFactory) -> None:
    server = await raw(hang)
    async with client_for(server.url, Timeout(read=0.3, attempt=0.3)) as client:
        task = asyncio.ensure_future(create_call(client))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # Once the bound would have passed, the client still works and nothing fires late.
        await asyncio.sleep(0.4)
        server.behaviour = paced(0.0, 1, 0.0)
        assert (await create_call(client)).request_uuid == "req-1"


async def test_bounds_of_concurrent_calls_are_each_their_own(raw: RawFactory) -> None:
    # One hung call among quick ones: only the hung one times out, at its own bound.
    async def mixed(
        request: RawRequest, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        if b"14155550199" in request.body:
            return await hang(request, reader, writer)
        return await paced(0.05, 1, 0.0)(request, reader, writer)

    server = await raw(mixed)
    async with client_for(server.url, Timeout(read=0.5)) as client:
        numbers = ["14155550199"] + [f"141555502{i:02d}" for i in range(20)]
        results = await asyncio.gather(
            *(
                client.calls.create(
                    from_="14155550100", to=number, answer_url="https://example.com/a.xml"
                )
                for number in numbers
            ),
            return_exceptions=True,
        )
    assert isinstance(results[0], RequestTimeoutError)
    assert all(isinstance(result, plivo_async.CallCreated) for result in results[1:])
