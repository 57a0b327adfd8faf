"""recordings: get, list (with its filters) and delete, on recordings made in the simulator."""

from __future__ import annotations

import asyncio
import base64
import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest

import plivo_async
from plivo_async import NotFoundError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models import Page
from plivo_async._models._recordings import Recording
from plivo_async.testing import Simulator
from tests.endpoints._support import CATALOG, assert_documented_keys, attempt

CONFERENCE = "Sales Team"

#: The Recording object's example in the reference: the storage fields, as strings.
OBJECT_EXAMPLE = {
    **CATALOG["recording.get"]["response_example"],
    "recording_storage_duration": "723",
    "rounded_recording_duration": "3456",
    "recording_storage_rate": "0.0004",
    "monthly_recording_storage_amount": "0.02304",
}


def api(sim: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """A plain HTTP call to the simulator (the record endpoints belong to other resources)."""
    token = base64.b64encode(f"{sim.auth_id}:{sim.auth_token}".encode()).decode()
    request = urllib.request.Request(
        f"{sim.base_url}v1/Account/{sim.auth_id}/{path}",
        data=json.dumps(body or {}).encode() if method == "POST" else None,
        method=method,
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        content = answer.read()
    return json.loads(content) if content else None


async def record_a_call_and_a_conference(sim: Simulator, client: plivo_async.AsyncClient) -> str:
    """A 30 s wav recording of a call (ended by the hangup) and a 60 s conference recording;
    returns the call's uuid."""
    sim.set_call_behavior(ring_seconds=1, talk_seconds=None)
    created = await client.calls.create(
        from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
    )
    call_uuid = str(created.request_uuid)
    sim.advance(3)
    await asyncio.to_thread(api, sim, "POST", f"Call/{call_uuid}/Record/", {"file_format": "wav"})
    sim.advance(30)
    await client.calls.hangup(call_uuid)
    sim.add_conference(CONFERENCE)
    conference = f"Conference/{quote(CONFERENCE)}/Record/"
    await asyncio.to_thread(api, sim, "POST", conference)
    sim.advance(60)
    await asyncio.to_thread(api, sim, "DELETE", conference)
    return call_uuid


async def test_recordings_are_found_filtered_inspected_and_deleted() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        call_uuid = await record_a_call_and_a_conference(sim, client)
        raw = client.recordings.with_raw_response

        listed = await raw.list()
        assert_documented_keys("recording.list", listed.content)
        assert len(listed.parsed) == 2
        assert listed.parsed.meta.total == 2

        [of_call] = await client.recordings.list(call_uuid=call_uuid)
        got = await raw.get(of_call.recording_id)
        assert_documented_keys("recording.get", got.content)
        recording = got.parsed
        assert recording.recording_type == "normal"
        assert recording.recording_format == "wav"
        assert recording.call_uuid == call_uuid
        assert recording.duration == timedelta(seconds=30)
        assert recording.started_at is not None
        assert recording.ended_at == recording.started_at + timedelta(seconds=30)
        assert recording.add_time == recording.ended_at
        assert recording.recording_storage_duration == 1
        assert recording.rounded_recording_duration == 60
        assert isinstance(recording.recording_storage_rate, Decimal)
        assert str(recording.recording_url).endswith(f"{recording.recording_id}.wav")

        [of_conference] = await client.recordings.list(conference_name=CONFERENCE)
        assert of_conference.recording_type == "conference"
        assert of_conference.conference_name == CONFERENCE
        assert of_conference.duration == timedelta(seconds=60)
        assert len(await client.recordings.list(from_number="14155550100")) == 1

        # add_time bounds: the call's recording ended 60 s before the conference's.
        later = [
            r.recording_id for r in await client.recordings.list(add_time__gt=recording.add_time)
        ]
        assert later == [of_conference.recording_id]
        assert len(await client.recordings.list(add_time__lte=recording.add_time)) == 1

        assert len(await client.recordings.list(recording_storage_duration=1)) == 2
        assert len(await client.recordings.list(recording_storage_duration__gt=1)) == 0
        sim.advance(3 * 86400 - 60)  # the call's recording was added 3 days ago, the other not yet
        assert len(await client.recordings.list(recording_storage_duration__gte=4)) == 1
        assert len(await client.recordings.list(recording_storage_duration__lt=4)) == 1
        sim.advance(60)
        assert len(await client.recordings.list(recording_storage_duration=4)) == 2

        deleted = await raw.delete(recording.recording_id)
        assert deleted.status == 204
        assert deleted.parsed is None
        with pytest.raises(NotFoundError):
            await client.recordings.get(recording.recording_id)
        with pytest.raises(NotFoundError):
            await client.recordings.delete(recording.recording_id)
        assert [r.recording_id for r in await client.recordings.list()] == [
            of_conference.recording_id
        ]


def test_the_blocking_client_lists_pages_gets_and_deletes() -> None:
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        for n in range(3):
            name = f"room {n}"
            sim.add_conference(name)
            api(sim, "POST", f"Conference/{quote(name)}/Record/", {"file_format": "mp3"})
            sim.advance(10)
            api(sim, "DELETE", f"Conference/{quote(name)}/Record/")
        # Three recordings two to a page: the paginator follows meta.next.
        found = list(client.recordings.list(page_size=2))
        assert sorted(r.conference_name or "" for r in found) == ["room 0", "room 1", "room 2"]
        first = client.recordings.get(found[0].recording_id)
        assert first.recording_format == "mp3"
        assert client.recordings.with_raw_response.delete(first.recording_id).status == 204
        assert len(list(client.recordings.list())) == 2
        with pytest.raises(ValidationError):
            client.recordings.list(add_time__gt="2024-01-01 00:00", recording_storage_duration=1)


async def test_datetime_filters_are_sent_in_utc() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        india = timezone(timedelta(hours=5, minutes=30))
        await client.recordings.list(
            add_time__gte=datetime(2024, 3, 1, 5, 30, tzinfo=india),
            add_time__lt="2024-03-10 00:00",
        )
        [entry] = sim.journal.entries(endpoint="recording.list")
        assert entry.query["add_time__gte"] == "2024-03-01 00:00:00"
        assert entry.query["add_time__lt"] == "2024-03-10 00:00"


async def test_a_range_over_30_days_is_left_to_the_api() -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(plivo_async.BadRequestError, match="30-day"):
            await client.recordings.list(
                add_time__gt="2024-01-01 00:00", add_time__lt="2024-03-01 00:00"
            )
        assert sim.journal.count(endpoint="recording.list") == 1


@pytest.mark.parametrize(
    "storage", ["recording_storage_duration", "recording_storage_duration__lte"]
)
@pytest.mark.parametrize("added", ["add_time__gt", "add_time__lte"])
async def test_storage_and_add_time_filters_are_refused_together(storage: str, added: str) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError, match="cannot be combined with") as caught:
            client.recordings.list(**{storage: 5, added: "2024-01-01 00:00"})
        assert caught.value.argument == storage
        assert added in str(caught.value)
        assert len(sim.journal) == 0


async def test_the_simulator_also_refuses_storage_with_add_time() -> None:
    async with Simulator() as sim:
        query = "recording_storage_duration__gt=3&add_time__gt=2024-01-01%2000:00"
        with pytest.raises(urllib.error.HTTPError) as caught:
            await asyncio.to_thread(api, sim, "GET", f"Recording/?{query}")
        with caught.value:  # it holds the connection
            assert caught.value.code == 400
            assert b"cannot be used with add_time" in caught.value.read()


@pytest.mark.parametrize(
    ("call", "argument", "fragment"),
    [
        (lambda c: c.get(""), "recording_id", "blank"),
        (lambda c: c.get(".."), "recording_id", "dots"),
        (lambda c: c.delete(""), "recording_id", "blank"),
        (lambda c: c.delete("  "), "recording_id", "blank"),
        (lambda c: c.list(recording_storage_duration=-1), "recording_storage_duration", ">= 0"),
        (
            lambda c: c.list(recording_storage_duration__gt="80]"),
            "recording_storage_duration__gt",
            "integer",
        ),
        (lambda c: c.list(add_time__gt=1700000000), "add_time__gt", "string"),
        (lambda c: c.list(call_uuid=7), "call_uuid", "string"),
        (lambda c: c.list(offset=-1), "offset", "non-negative"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    call: Any, argument: str, fragment: str
) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError) as caught:
            await attempt(call, client.recordings)
        assert caught.value.argument == argument
        assert fragment in str(caught.value)
        assert len(sim.journal) == 0


async def test_storage_duration_zero_is_the_lowest_filter_sent() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        assert len(await client.recordings.list(recording_storage_duration__gte=0)) == 0
        [entry] = sim.journal.entries(endpoint="recording.list")
        assert entry.query["recording_storage_duration__gte"] == "0"


@pytest.mark.parametrize(
    ("endpoint", "model"), [("recording.get", Recording), ("recording.list", Page[Recording])]
)
def test_the_documented_answers_parse_strictly(endpoint: str, model: Any) -> None:
    example = CATALOG[endpoint]["response_example"]
    parsed = get_converter(strict=True).structure(example, model)
    assert parsed.api_id == example["api_id"]


def test_the_recording_object_example_gets_python_types() -> None:
    recording = get_converter(strict=True).structure(OBJECT_EXAMPLE, Recording)
    assert recording.recording_storage_duration == 723
    assert recording.rounded_recording_duration == 3456
    assert recording.recording_storage_rate == Decimal("0.0004")
    assert recording.monthly_recording_storage_amount == Decimal("0.02304")
    assert recording.recording_duration_ms == 345100.0
    assert recording.duration == timedelta(seconds=345.1)
    assert recording.started_at == datetime(2014, 8, 5, 10, 39, 23, 907000, tzinfo=timezone.utc)
    assert recording.ended_at == datetime(2014, 8, 5, 10, 45, 9, 7000, tzinfo=timezone.utc)
    assert recording.add_time == datetime(
        2020, 8, 5, 16, 15, 15, 852059, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )


def test_a_recording_without_its_figures_parses() -> None:
    recording = get_converter(strict=True).structure({"recording_id": "r-1"}, Recording)
    assert recording.duration is None
    assert recording.started_at is None
    assert recording.ended_at is None
