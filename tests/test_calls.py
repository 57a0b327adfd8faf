"""calls / live_calls / queued_calls: what goes on the wire, and what is refused before it."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

import plivo_async
from plivo_async import ValidationError

from .conftest import ACCOUNT_URL, AUTH_ID, BASE_URL, make_client

CREATED = {"api_id": "a", "message": "call fired", "request_uuid": "r-1"}
ANY_URL = re.compile(".*")


def sent(mocked: aioresponses) -> list[tuple[str, URL, dict[str, Any]]]:
    """Every request aioresponses saw: (method, url, kwargs)."""
    return [
        (method, url, call.kwargs)
        for (method, url), calls in mocked.requests.items()
        for call in calls
    ]


def json_body(kwargs: dict[str, Any]) -> Any:
    return json.loads(kwargs["data"])


async def test_create_sends_wire_names_joins_destinations_and_omits_unset(
    mocked: aioresponses,
) -> None:
    mocked.post(ACCOUNT_URL + "Call/", payload={**CREATED, "request_uuid": ["r-1", "r-2"]})
    async with make_client() as client:
        created = await client.calls.create(
            from_="14155550100",
            to=["14155550101", "sip:alice@phone.plivo.com"],
            answer_url="https://example.com/answer.xml",
            ring_timeout=30,
            send_on_preanswer=False,
        )
    assert created.request_uuids == ["r-1", "r-2"]
    [(method, url, kwargs)] = sent(mocked)
    assert method == "POST"
    assert str(url) == f"{ACCOUNT_URL}Call/"
    assert json_body(kwargs) == {
        "from": "14155550100",
        "to": "14155550101<sip:alice@phone.plivo.com",
        "answer_url": "https://example.com/answer.xml",
        "ring_timeout": 30,
        "send_on_preanswer": False,
    }
    assert kwargs["headers"]["Content-Type"] == "application/json"


#: 1,500 destinations already joined: the limit must hold for a string too.
MANY_DESTINATIONS = "<".join(f"1415555{n:04d}" for n in range(1500))


@pytest.mark.parametrize(
    ("arguments", "argument", "fragment"),
    [
        ({"from_": None}, "from_", "required"),
        ({"from_": ""}, "from_", "must not be blank"),
        ({"from_": "  "}, "from_", "must not be blank"),
        ({"to": ""}, "to", "must not be blank"),
        ({"to": "   "}, "to", "must not be blank"),
        ({"to": []}, "to", "must not be empty"),
        ({"to": ["1"] * 1001}, "to", "at most 1000"),
        ({"to": MANY_DESTINATIONS}, "to", "at most 1000 items are allowed, got 1500"),
        ({"to": "1<<2<"}, "to", "item 2 of 4 is blank"),
        ({"to": "1< "}, "to", "item 2 of 2 is blank"),
        ({"to": ["1", "  "]}, "to", "item 2 of 2 is blank"),
        ({"to": ["1<2"]}, "to", "delimiter"),
        ({"to": 14155550101}, "to", "sequence of strings"),
        ({"answer_url": ""}, "answer_url", "must not be blank"),
        ({"answer_url": "answer.xml"}, "answer_url", "absolute http:// or https:// URL"),
        ({"answer_url": "javascript:alert(1)"}, "answer_url", "scheme 'javascript'"),
        ({"answer_url": "ftp://x"}, "answer_url", "scheme 'ftp'"),
        ({"answer_url": "https://a.test/x\r\nHost: evil"}, "answer_url", "'\\r' at position 16"),
        ({"ring_url": "ring.xml"}, "ring_url", "http:// or https://"),
        ({"hangup_url": ""}, "hangup_url", "must not be blank"),
        ({"fallback_url": "wss://a.test/"}, "fallback_url", "scheme 'wss'"),
        ({"machine_detection_url": "//a.test/md"}, "machine_detection_url", "relative URL"),
        ({"answer_method": "PUT"}, "answer_method", "'GET', 'POST'"),
        ({"machine_detection": "yes"}, "machine_detection", "'hangup', 'true'"),
        ({"machine_detection_time": 1999}, "machine_detection_time", ">= 2000"),
        ({"machine_detection_time": 10001}, "machine_detection_time", "<= 10000"),
        ({"time_limit": True}, "time_limit", "integer"),
        ({"time_limit": "60"}, "time_limit", "integer"),
        ({"time_limit": 2**63}, "time_limit", "signed 64-bit integer"),
        ({"ring_timeout": -(2**64)}, "ring_timeout", "64-bit"),
        ({"caller_name": "x" * 51}, "caller_name", "at most 50"),
        ({"caller_name": "\ud800"}, "caller_name", "lone surrogate"),
        ({"send_on_preanswer": "yes"}, "send_on_preanswer", "boolean"),
    ],
)
async def test_create_refuses_bad_input_before_sending(
    mocked: aioresponses, arguments: dict[str, Any], argument: str, fragment: str
) -> None:
    mocked.post(ANY_URL, payload=CREATED, repeat=True)
    values: dict[str, Any] = {"from_": "1", "to": "2", "answer_url": "https://a.test/", **arguments}
    async with make_client() as client:
        with pytest.raises(ValidationError) as caught:
            await client.calls.create(**values)
    assert caught.value.argument == argument
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert len(str(caught.value)) < 200
    assert sent(mocked) == []


async def test_create_sends_callback_urls_byte_for_byte(mocked: aioresponses) -> None:
    # Plivo reads callback-retry options from the fragment; nothing may re-serialise the URL.
    urls = {
        "answer_url": "HTTPS://Example.com/answer?a=1&b=%2F#ct=2000&rt=3000",
        "ring_url": "http://127.0.0.1:8080/ring?x=%20y",
        "hangup_url": "https://example.com/h/../hangup#",
        "fallback_url": "https://user@example.com/fallback?",
        "machine_detection_url": "https://例え.jp/md",
    }
    mocked.post(ACCOUNT_URL + "Call/", payload=CREATED)
    async with make_client() as client:
        await client.calls.create(from_="1", to="2<3", **urls)
    [(_, _, kwargs)] = sent(mocked)
    body = json_body(kwargs)
    assert {name: body[name] for name in urls} == urls
    assert body["to"] == "2<3"


async def test_transfer_refuses_a_url_that_is_not_absolute_http(mocked: aioresponses) -> None:
    mocked.post(ANY_URL, payload={"api_id": "t", "message": "call transferred"}, repeat=True)
    async with make_client() as client:
        for name in ("aleg_url", "bleg_url"):
            with pytest.raises(ValidationError) as caught:
                await client.calls.transfer("c-1", legs="both", **{name: "x.xml"})
            assert caught.value.argument == name
            assert "absolute http:// or https:// URL" in str(caught.value)
    assert sent(mocked) == []


@pytest.mark.parametrize("method_name", ["get", "hangup"])
@pytest.mark.parametrize("uuid", ["", "   "])
async def test_an_empty_call_uuid_is_refused_so_nothing_addresses_every_call(
    mocked: aioresponses, method_name: str, uuid: str
) -> None:
    mocked.delete(ANY_URL, status=204, repeat=True)
    mocked.get(ANY_URL, payload={"call_uuid": "x"}, repeat=True)
    async with make_client() as client:
        with pytest.raises(ValidationError, match="call_uuid"):
            await getattr(client.calls, method_name)(uuid)
    assert sent(mocked) == []


async def test_path_identifiers_are_percent_encoded(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload={"call_uuid": "a/b"})
    async with make_client() as client:
        await client.calls.get("a/b")
    [(_, url, _)] = sent(mocked)
    assert url.raw_path.endswith("/Call/a%2Fb/")


async def test_hangup_sends_delete_and_returns_none(mocked: aioresponses) -> None:
    mocked.delete(ACCOUNT_URL + "Call/c-1/", status=204)
    async with make_client() as client:
        assert await client.calls.hangup("c-1") is None
    [(method, _, kwargs)] = sent(mocked)
    assert method == "DELETE"
    assert kwargs["data"] is None


async def test_transfer_requires_the_url_of_each_leg_it_moves(mocked: aioresponses) -> None:
    mocked.post(ACCOUNT_URL + "Call/c-1/", payload={"api_id": "t", "message": "call transferred"})
    async with make_client() as client:
        with pytest.raises(ValidationError) as caught:
            await client.calls.transfer("c-1", legs="both", aleg_url="https://a.test/")
        assert caught.value.argument == "bleg_url"
        with pytest.raises(ValidationError, match="'aleg', 'bleg', 'both'"):
            await client.calls.transfer("c-1", legs="all")  # type: ignore[arg-type]
        assert sent(mocked) == []
        moved = await client.calls.transfer("c-1", legs="aleg", aleg_url="https://a.test/x.xml")
    assert moved.message == "call transferred"
    [(_, _, kwargs)] = sent(mocked)
    assert json_body(kwargs) == {"legs": "aleg", "aleg_url": "https://a.test/x.xml"}


async def test_list_filters_go_in_the_query_with_datetimes_in_utc(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload={"api_id": "l", "meta": {"next": None}, "objects": []})
    since = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    async with make_client() as client:
        page = await client.calls.list(
            call_direction="outbound", end_time__gte=since, bill_duration__gt=10
        )
    assert len(page) == 0
    [(method, url, _)] = sent(mocked)
    assert method == "GET"
    assert url.query["call_direction"] == "outbound"
    assert url.query["end_time__gte"] == "2024-05-01 10:00:00"
    assert url.query["bill_duration__gt"] == "10"
    assert url.query["limit"] == "20"
    assert url.query["offset"] == "0"


async def test_live_and_queued_lookups_use_the_status_query_and_v2_listing(
    mocked: aioresponses,
) -> None:
    mocked.get(ANY_URL, payload={"api_id": "x", "calls": ["u1", "u2"]}, repeat=True)
    async with make_client() as client:
        assert await client.live_calls.list_ids(call_direction="inbound") == ["u1", "u2"]
        assert await client.queued_calls.list_ids() == ["u1", "u2"]
    urls = [url for _, url, _ in sent(mocked)]
    assert {url.query["status"] for url in urls} == {"live", "queued"}


async def test_live_calls_list_uses_the_v2_endpoint(mocked: aioresponses) -> None:
    live = {
        "api_id": "v",
        "meta": {"count": 1, "next": None},
        "objects": [{"call_uuid": "u1", "from": "1"}],
    }
    mocked.get(ANY_URL, payload=live)
    async with make_client() as client:
        calls = [call async for call in client.live_calls.list(number="1415")]
    assert [call.from_ for call in calls] == ["1"]
    [(_, url, _)] = sent(mocked)
    assert str(url).startswith(f"{BASE_URL}v2/Account/{AUTH_ID}/Call/")
    assert url.query["status"] == "live"
    assert url.query["number"] == "1415"


async def test_with_raw_response_gives_status_headers_and_model(mocked: aioresponses) -> None:
    mocked.post(
        ACCOUNT_URL + "Call/", status=201, payload=CREATED, headers={"X-Request-Id": "rq-7"}
    )
    async with make_client() as client:
        raw = await client.calls.with_raw_response.create(
            from_="1", to="2", answer_url="https://a.test/"
        )
    assert raw.status == 201
    assert raw.headers["X-Request-Id"] == "rq-7"
    assert isinstance(raw.parsed, plivo_async.CallCreated)
    assert raw.parsed.request_uuid == "r-1"
    assert raw.retries_taken == 0


async def test_user_middleware_sees_each_call_once_and_can_add_headers(
    mocked: aioresponses,
) -> None:
    mocked.get(ANY_URL, status=503, repeat=False)
    mocked.get(ANY_URL, payload={"call_uuid": "c"})
    seen: list[tuple[str, str, int]] = []

    async def metrics(
        request: plivo_async.Request, call_next: plivo_async.Handler
    ) -> plivo_async.Response:
        request.headers["X-Trace"] = "t-1"
        response = await call_next(request)
        seen.append((request.method, request.path, response.status))
        return response

    async with make_client(middlewares=[metrics]) as client:
        await client.calls.get("c")
    assert seen == [("GET", "Call/c/", 200)]
    assert all(kwargs["headers"]["X-Trace"] == "t-1" for _, _, kwargs in sent(mocked))
    assert len(sent(mocked)) == 2
