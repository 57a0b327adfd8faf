"""streams: start, inspect, list and stop a call's audio streams against the simulator."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

import plivo_async
from plivo_async import BadRequestError, NotFoundError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models import Page
from plivo_async._models._streams import Stream, StreamStarted
from plivo_async.testing import Simulator
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory
from tests.endpoints._support import CATALOG, assert_documented_keys, attempt, live_call

ANSWER_URL = "https://example.test/answer.xml"
SERVICE = "wss://example.test/audio"


# -- end to end ---------------------------------------------------------------------------------


async def test_streams_are_started_inspected_listed_and_stopped() -> None:
    async with Simulator() as sim, sim.client(strict_models=True, rate_limit=None) as client:
        uuid = await live_call(sim, client)
        raw = client.streams.with_raw_response

        started = await raw.start(
            uuid,
            service_url=SERVICE,
            bidirectional=False,
            audio_track="both",
            stream_timeout=3600,
            status_callback_url="https://example.test/stream-status",
            status_callback_method="GET",
            content_type="audio/x-l16;rate=16000",
            extra_headers="customer=42,tier=gold",
        )
        assert_documented_keys("stream.start", started.content)
        assert started.parsed.message == "audio streaming started"
        stream_id = started.parsed.stream_id
        [entry] = sim.journal.entries(endpoint="stream.start")
        assert entry.body == {
            "service_url": SERVICE,
            "bidirectional": False,
            "audio_track": "both",
            "stream_timeout": 3600,
            "status_callback_url": "https://example.test/stream-status",
            "status_callback_method": "GET",
            "content_type": "audio/x-l16;rate=16000",
            "extra_headers": "customer=42,tier=gold",
        }

        sim.advance(90)
        got = await raw.get(uuid, stream_id)
        assert_documented_keys("stream.get", got.content)
        stream = got.parsed
        assert (stream.stream_id, stream.call_uuid) == (stream_id, uuid)
        assert (stream.service_url, stream.audio_track, stream.bidirectional) == (
            SERVICE,
            "both",
            False,
        )
        assert stream.end_time is None  # still streaming
        assert isinstance(stream.start_time, datetime)
        assert stream.start_time.tzinfo is not None
        assert stream.bill_duration == 90
        assert stream.rounded_bill_duration == 120
        assert stream.billed_amount == Decimal("0.00600")
        assert stream.plivo_auth_id == sim.auth_id
        assert stream.resource_uri == f"/v1/Account/{sim.auth_id}/Call/{uuid}/Stream/{stream_id}/"

        assert await client.streams.stop(uuid, stream_id) is None
        ended = await client.streams.get(uuid, stream_id)
        assert ended.end_time is not None
        with pytest.raises(BadRequestError, match="No active stream"):
            await client.streams.stop(uuid, stream_id)

        # Two more, on other services; the list has all three, ended and active.
        others = [
            (await client.streams.start(uuid, service_url=f"ws://127.0.0.1:9/{n}")).stream_id
            for n in range(2)
        ]
        listed = await raw.list(uuid)
        assert_documented_keys("stream.list", listed.content)
        assert listed.parsed.meta.total_count == 3
        walked = [s async for s in client.streams.list(uuid, page_size=2)]
        assert [s.stream_id for s in walked] == [stream_id, *others]
        assert [s.end_time is None for s in walked] == [False, True, True]

        stopped = await raw.stop_all(uuid)
        assert (stopped.status, stopped.parsed) == (204, None)
        assert [s.end_time is None async for s in client.streams.list(uuid)] == [False] * 3
        with pytest.raises(BadRequestError, match="No active stream"):
            await client.streams.stop_all(uuid)
        with pytest.raises(NotFoundError):
            await client.streams.get(uuid, "no-such-stream")
        await client.calls.hangup(uuid)


async def test_a_stream_ends_at_its_timeout_and_the_same_service_cannot_stream_twice() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        first = await client.streams.start(uuid, service_url=SERVICE, stream_timeout=1)
        with pytest.raises(BadRequestError):
            await client.streams.start(uuid, service_url=SERVICE)  # an active stream has it
        sim.advance(1)
        assert (await client.streams.get(uuid, first.stream_id)).end_time is not None
        again = await client.streams.start(uuid, service_url=SERVICE)
        assert again.stream_id != first.stream_id


def test_the_blocking_client_starts_lists_and_stops_streams() -> None:
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        sim.set_call_behavior(talk_seconds=None)
        created = client.calls.create(from_="14155550100", to="14155550101", answer_url=ANSWER_URL)
        uuid = str(created.request_uuid)
        sim.advance(3)
        ids = [
            client.streams.start(uuid, service_url=f"{SERVICE}/{n}", bidirectional=True).stream_id
            for n in range(3)
        ]
        assert [s.stream_id for s in client.streams.list(uuid, page_size=2)] == ids
        got = client.streams.get(uuid, ids[0])
        assert isinstance(got, Stream)
        assert got.bidirectional is True
        assert client.streams.stop(uuid, ids[0]) is None
        raw = client.streams.with_raw_response.stop_all(uuid)
        assert (raw.status, raw.parsed) == (204, None)
        assert all(s.end_time is not None for s in client.streams.list(uuid))
        assert [e.endpoint for e in sim.journal.entries(method="DELETE")] == [
            "stream.stop",
            "stream.stop_all",
        ]


# -- the documented answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        ("stream.start", StreamStarted),
        ("stream.get", Stream),
        ("stream.list", Page[Stream]),
    ],
)
def test_the_documented_answers_parse_strictly(endpoint: str, model: Any) -> None:
    entry = CATALOG[endpoint]
    examples = [entry["response_example"]] + [
        extra["body"] for extra in entry["additional_response_examples"]
    ]
    for example in examples:
        parsed = get_converter(strict=True).structure(example, model)
        assert parsed.api_id == example["api_id"]


def test_the_start_answer_parses_as_the_acknowledgement_or_the_whole_stream() -> None:
    converter = get_converter(strict=True)
    entry = CATALOG["stream.start"]
    ack = converter.structure(entry["response_example"], StreamStarted)
    assert (ack.message, ack.stream_id, ack.service_url) == (
        "audio streaming started",
        "b7b69074-58be-11e1-86da-adf28403fe48",
        None,
    )
    whole = converter.structure(entry["additional_response_examples"][0]["body"], StreamStarted)
    assert whole.message is None
    assert whole.service_url == "wss://socketsbay.com/wss/v2/1/demo/"
    assert whole.billed_amount == Decimal("0.00300")
    assert whole.end_time == datetime(2023, 6, 21, 13, 23, 43, tzinfo=timezone.utc)  # +05:30


def test_the_stream_keeps_the_start_arguments_the_reference_lists_as_its_attributes() -> None:
    documented = {
        "stream_id": "s-1",
        "service_url": SERVICE,
        "bidirectional": "false",
        "audio_track": "inbound",
        "stream_timeout": "86400",
        "status_callback_url": "https://example.test/s",
        "status_callback_method": "POST",
        "content_type": "audio/x-mulaw;rate=8000",
        "extra_headers": "a=1",
        "bill_duration": "21",
    }
    stream = get_converter(strict=True).structure(documented, Stream)
    assert (stream.stream_timeout, stream.bidirectional, stream.bill_duration) == (86400, False, 21)
    assert stream.content_type == "audio/x-mulaw;rate=8000"


# -- refused before sending ---------------------------------------------------------------------

CALL = "c-1"


@pytest.mark.parametrize(
    ("call", "argument", "fragment"),
    [
        (lambda s: s.start(CALL, service_url=None), "service_url", "required"),
        (lambda s: s.start(CALL, service_url=""), "service_url", "blank"),
        (lambda s: s.start(CALL, service_url="https://a.test/"), "service_url", "ws:// or wss://"),
        (lambda s: s.start(CALL, service_url="a.test/ws"), "service_url", "relative URL"),
        (lambda s: s.start(CALL, service_url="wss://"), "service_url", "no host"),
        (
            lambda s: s.start(CALL, service_url=SERVICE, bidirectional="true"),
            "bidirectional",
            "boolean",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, audio_track="all"),
            "audio_track",
            "'both', 'inbound', 'outbound'",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, audio_track="Inbound"),
            "audio_track",
            "one of",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, bidirectional=True, audio_track="both"),
            "audio_track",
            "must be 'inbound' when bidirectional",
        ),
        (
            lambda s: s.start(
                CALL, service_url=SERVICE, bidirectional=True, audio_track="outbound"
            ),
            "audio_track",
            "'outbound'",
        ),
        (lambda s: s.start(CALL, service_url=SERVICE, stream_timeout=0), "stream_timeout", ">= 1"),
        (
            lambda s: s.start(CALL, service_url=SERVICE, stream_timeout=1.5),
            "stream_timeout",
            "integer",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, status_callback_url="wss://a.test/"),
            "status_callback_url",
            "http",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, status_callback_method="post"),
            "status_callback_method",
            "'GET', 'POST'",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, content_type="audio/wav"),
            "content_type",
            "'audio/x-l16;rate=16000'",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, content_type="audio/x-l16"),
            "content_type",
            "one of",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a=1,b=" + "2" * 507),
            "extra_headers",
            "at most 512",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="x-id=1"),
            "extra_headers",
            "pair 1 is not",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a=1,b=2;c=3"),
            "extra_headers",
            "pair 2 is not",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a=1,,b=2"),
            "extra_headers",
            "pair 2",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a="),
            "extra_headers",
            "letters",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="=1"),
            "extra_headers",
            "letters",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a=1=2"),
            "extra_headers",
            "pair 1",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="name=José"),
            "extra_headers",
            "digits only",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers="a = 1"),
            "extra_headers",
            "pair 1",
        ),
        (
            lambda s: s.start(CALL, service_url=SERVICE, extra_headers={"a": "1"}),
            "extra_headers",
            "string",
        ),
        # Path ids: a blank stream id must never turn "stop one" into "stop all".
        (lambda s: s.stop(CALL, ""), "stream_id", "blank"),
        (lambda s: s.stop(CALL, ".."), "stream_id", "dots"),
        (lambda s: s.get(CALL, " "), "stream_id", "blank"),
        (lambda s: s.get("", "s-1"), "call_uuid", "blank"),
        (lambda s: s.start(".", service_url=SERVICE), "call_uuid", "dots"),
        (lambda s: s.list(""), "call_uuid", "blank"),
        (lambda s: s.stop_all(""), "call_uuid", "blank"),
        (lambda s: s.stop_all(".."), "call_uuid", "dots"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    call: Any, argument: str, fragment: str
) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError) as caught:
            await attempt(call, client.streams)
        assert caught.value.argument == argument
        assert fragment in str(caught.value)
        assert len(sim.journal) == 0


@pytest.mark.parametrize(
    "arguments",
    [
        {"service_url": "ws://127.0.0.1:9/ws"},
        {"audio_track": "inbound"},
        {"audio_track": "outbound"},
        {"audio_track": "both", "bidirectional": False},
        {"bidirectional": True, "audio_track": "inbound"},
        {"bidirectional": True},
        {"stream_timeout": 1},
        {"content_type": "audio/x-l16;rate=8000"},
        {"content_type": "audio/x-l16;rate=16000"},
        {"content_type": "audio/x-mulaw;rate=8000"},
        {"status_callback_url": "http://example.test/s#rt=3000"},
        {"status_callback_method": "POST"},
        {"extra_headers": "a=1"},
        {"extra_headers": "Key1=Value1,key2=2,K3=v"},
        {"extra_headers": "a=1,b=" + "2" * 506},  # 512 bytes exactly
        {"extra_headers": ""},  # nothing to pass on: Plivo decides
    ],
)
async def test_allowed_values_and_boundaries_are_sent_as_given(
    arguments: dict[str, Any],
) -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        values = {"service_url": SERVICE, **arguments}
        started = await client.streams.start(uuid, **values)
        [entry] = sim.journal.entries(endpoint="stream.start")
        assert entry.body == values
        assert (await client.streams.get(uuid, started.stream_id)).service_url == values[
            "service_url"
        ]


@pytest.mark.parametrize(
    ("call", "target"),
    [
        (lambda s: s.get("c/1", "s 1"), "Call/c%2F1/Stream/s%201/"),
        (lambda s: s.stop("c-1", "s?1"), "Call/c-1/Stream/s%3F1/"),
        (lambda s: s.stop_all("c#1"), "Call/c%231/Stream/"),
        (lambda s: s.start("%2e", service_url=SERVICE), "Call/%252e/Stream/"),
    ],
)
async def test_ids_travel_as_one_encoded_segment_each(
    raw: RawFactory, call: Any, target: str
) -> None:
    server = await raw(reply(200, b'{"api_id": "a", "stream_id": "s-1"}'))
    async with plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=server.url, rate_limit=None, retry=None
    ) as client:
        await call(client.streams)
    [request] = server.requests
    assert request.target == f"/v1/Account/{AUTH_ID}/{target}"
