"""Multiparty calls: every endpoint end to end against the simulator (async and blocking), the
reference's documented answers parsed strictly, and the checks that refuse bad arguments before
anything is sent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import typing
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from importlib.resources import files
from typing import Any
from urllib.parse import unquote

import cattrs
import pytest

import plivo_async
from plivo_async import BadRequestError, NotFoundError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models import Page
from plivo_async._models._multi_party_calls import (
    MultiPartyCall,
    MultiPartyCallPlayStarted,
    MultiPartyCallRecordingStarted,
    Participant,
    ParticipantAdded,
    ParticipantUpdated,
)
from plivo_async._pagination import AsyncPaginator
from plivo_async._raw import RawResponse
from plivo_async._resources._multi_party_calls import AsyncMultiPartyCalls
from plivo_async._sync._paginator import SyncPaginator
from plivo_async._validation import MAX_PATH_ID_LENGTH
from plivo_async.testing import Simulator
from tests._rawhttp import reply
from tests._recording import RecordingServer
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory

CATALOG: dict[str, dict[str, Any]] = {
    entry["id"]: entry
    for entry in json.loads(files("plivo_async.testing").joinpath("voice-api.json").read_text())
}
MPC_IDS = sorted(name for name in CATALOG if name.startswith("mpc."))

#: Catalog id -> method name (api-surface.md).
METHODS = {
    "mpc.start": "start",
    "mpc.get": "get",
    "mpc.list": "list",
    "mpc.stop": "stop",
    "mpc.participant.add": "add_participant",
    "mpc.participant.get": "get_participant",
    "mpc.participant.list": "list_participants",
    "mpc.participant.update": "update_participant",
    "mpc.participant.kick": "kick_participant",
    "mpc.participant.record.start": "start_participant_recording",
    "mpc.participant.record.stop": "stop_participant_recording",
    "mpc.participant.record.pause": "pause_participant_recording",
    "mpc.participant.record.resume": "resume_participant_recording",
    "mpc.member.play.start": "start_play_audio",
    "mpc.member.play.stop": "stop_play_audio",
    "mpc.record.start": "start_recording",
    "mpc.record.stop": "stop_recording",
    "mpc.record.pause": "pause_recording",
    "mpc.record.resume": "resume_recording",
}

#: The model each documented answer parses into (the others document no body).
MODELS: dict[str, Any] = {
    "mpc.get": MultiPartyCall,
    "mpc.list": Page[MultiPartyCall],
    "mpc.participant.add": ParticipantAdded,
    "mpc.participant.get": Participant,
    "mpc.participant.list": Page[Participant],
    "mpc.participant.update": ParticipantUpdated,
    "mpc.participant.record.start": MultiPartyCallRecordingStarted,
    "mpc.member.play.start": MultiPartyCallPlayStarted,
    "mpc.record.start": MultiPartyCallRecordingStarted,
}

#: A name that needs encoding: its ``/`` must not become a path separator.
NAME = "sales/team a"
ENCODED_NAME = "sales%2Fteam%20a"
MPC_UUID = "8742d531-292a-46aa-8754-836be1092885"
CALLER, AGENT, CUSTOMER, OTHER = "14155550100", "14155550101", "14155550102", "14155550103"
ACCOUNT = f"/v1/Account/{AUTH_ID}/"

#: Each method addressing one MPC, with the other arguments a valid call needs.
CALLS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "start": ((), {}),
    "get": ((), {}),
    "stop": ((), {}),
    "add_participant": ((), {"role": "Agent", "from_": CALLER, "to": AGENT}),
    "get_participant": (("7",), {}),
    "list_participants": ((), {}),
    "update_participant": (("7",), {"mute": True}),
    "kick_participant": (("7",), {}),
    "start_participant_recording": (("7",), {}),
    "stop_participant_recording": (("7",), {}),
    "pause_participant_recording": (("7",), {}),
    "resume_participant_recording": (("7",), {}),
    "start_play_audio": (("7",), {"url": "https://example.test/a.mp3"}),
    "stop_play_audio": (("7",), {}),
    "start_recording": ((), {}),
    "stop_recording": ((), {}),
    "pause_recording": ((), {}),
    "resume_recording": ((), {}),
}


def _declared() -> dict[str, Any]:
    """Catalog id -> the AsyncMultiPartyCalls method that declares it."""
    found: dict[str, Any] = {}
    for member in vars(AsyncMultiPartyCalls).values():
        spec = getattr(member, "__plivo_endpoint__", None)
        if spec is not None:
            assert spec.id not in found, f"{spec.id} is declared twice"
            found[spec.id] = member
    return found


def _keys(body: Any, prefix: str = "") -> set[str]:
    """Key paths of a JSON body: into objects, and into the first object of a list."""
    if not isinstance(body, dict):
        return set()
    keys = set()
    for key, value in body.items():
        keys.add(prefix + key)
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{key}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            keys |= _keys(value[0], f"{prefix}{key}[].")
    return keys


def documented(endpoint_id: str, raw: RawResponse[Any]) -> None:
    """The answer carries every field the reference's example shows."""
    missing = _keys(CATALOG[endpoint_id]["response_example"]) - _keys(json.loads(raw.content))
    assert not missing, f"{endpoint_id}: the simulator's answer lacks {sorted(missing)}"


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    running = RecordingServer().start()
    yield running
    running.stop()


def client_for(url: str) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=url, rate_limit=None, retry=None, strict_models=True
    )


async def invoke(client: plivo_async.AsyncClient, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``client.multi_party_calls.<name>``; a list gives its first page."""
    result = getattr(client.multi_party_calls, name)(*args, **kwargs)
    if isinstance(result, AsyncPaginator):
        return await result
    return await result


# -- the declarations and the reference's answers ---------------------------------------------


def test_every_mpc_endpoint_has_one_method_returning_its_model() -> None:
    declared = _declared()
    assert sorted(declared) == MPC_IDS == sorted(METHODS)
    for endpoint_id, method in declared.items():
        assert method.__name__ == METHODS[endpoint_id]
        returns = typing.get_type_hints(method)["return"]
        if endpoint_id == "mpc.participant.get":
            assert returns == Participant | None  # None: the documented null answer
        elif endpoint_id in ("mpc.list", "mpc.participant.list"):
            assert returns == AsyncPaginator[typing.get_args(MODELS[endpoint_id])[0]]
        elif endpoint_id in MODELS:
            assert returns is MODELS[endpoint_id], endpoint_id
        else:
            assert CATALOG[endpoint_id]["response_example"] is None, endpoint_id
            assert returns is type(None), endpoint_id


@pytest.mark.parametrize("endpoint_id", sorted(MODELS))
def test_the_documented_answer_parses_strictly(endpoint_id: str) -> None:
    entry = CATALOG[endpoint_id]
    examples = [entry["response_example"]]
    examples += [extra["body"] for extra in entry["additional_response_examples"]]
    for example in examples:
        parsed = get_converter(strict=True).structure(example, MODELS[endpoint_id])
        assert parsed.api_id == example["api_id"]


def test_the_documented_mpcs_have_typed_fields() -> None:
    page = get_converter(strict=True).structure(
        CATALOG["mpc.list"]["response_example"], Page[MultiPartyCall]
    )
    assert page.meta.total == 2  # MPC lists count in ``count``, not ``total_count``
    first = page.objects[0]
    assert first.billed_amount == Decimal("0.05000")
    assert (first.billed_duration, first.duration, first.termination_cause_code) == (60, 2, 1000)
    ist = timezone(timedelta(hours=5, minutes=30))
    assert first.creation_time == datetime(2020, 12, 24, 15, 23, 38, tzinfo=ist)
    assert (first.status, first.stay_alone, first.sub_account) == ("Ended", False, None)

    ongoing = get_converter(strict=True).structure(
        CATALOG["mpc.get"]["response_example"], MultiPartyCall
    )
    assert (ongoing.mpc_uuid, ongoing.friendly_name) == (MPC_UUID, "test_mpc")
    assert (ongoing.end_time, ongoing.duration, ongoing.termination_cause_code) == (None,) * 3
    assert ongoing.recording == "not-recording"


def test_the_documented_acknowledgements_have_typed_fields() -> None:
    converter = get_converter(strict=True)
    play = converter.structure(
        CATALOG["mpc.member.play.start"]["response_example"], MultiPartyCallPlayStarted
    )
    # camelCase on the wire, snake_case here.
    assert (play.mpc_member_id, play.mpc_name) == (["1"], "test_mpc_1")
    assert play.message == "play queued into MPC"

    added = converter.structure(
        CATALOG["mpc.participant.add"]["response_example"], ParticipantAdded
    )
    assert [(call.to, call.from_) for call in added.calls] == [
        ("toNumber1", "fromNumber"),
        ("toNumber2", "fromNumber"),
    ]
    assert added.call_uuids == [call.call_uuid for call in added.calls]
    assert added.request_uuid == "8420cdb1-f1d8-44a4-8c2a-556d156f1ffa"

    updated = converter.structure(
        CATALOG["mpc.participant.update"]["response_example"], ParticipantUpdated
    )
    assert updated.hold == "MPC: test_mpc_1 hold/unhold member(s) succeeded"

    recording = converter.structure(
        CATALOG["mpc.record.start"]["response_example"], MultiPartyCallRecordingStarted
    )
    assert recording.recording_id == "e06ac332-45dc-11eb-94fe-06dd7f581a50"
    assert str(recording.recording_url).endswith(".mp3")


def test_real_answers_differing_from_the_examples_still_parse() -> None:
    # Integers and booleans as strings, money as a JSON number, fields the reference forgets.
    body = {
        "mpc_uuid": MPC_UUID,
        "duration": "27",
        "billed_duration": "60",
        "termination_cause_code": "1000",
        "billed_amount": 0.005,
        "stay_alone": "false",
        "max_participants": "10",
        "recording": "null",
        "a_field_from_later": 1,
    }
    mpc = get_converter().structure(body, MultiPartyCall)
    assert (mpc.duration, mpc.billed_duration, mpc.termination_cause_code) == (27, 60, 1000)
    assert (mpc.billed_amount, mpc.stay_alone, mpc.max_participants) == (
        Decimal("0.005"),
        False,
        10,
    )
    with pytest.raises(cattrs.ClassValidationError) as caught:
        get_converter(strict=True).structure(body, MultiPartyCall)
    assert "a_field_from_later" in " ".join(cattrs.transform_error(caught.value))

    # A participant that has left: mute, hold and coach mode are null (the reference SDK's own
    # fixture), and mute may come as a string.
    left = get_converter(strict=True).structure(
        {
            "member_id": 49,
            "role": "customer",
            "mute": None,
            "hold": "true",
            "coach_mode": None,
            "exit_cause": "Participant Call Hangup",
            "billed_amount": 0.005,
        },
        Participant,
    )
    assert (left.member_id, left.mute, left.hold, left.coach_mode) == ("49", None, True, None)
    assert left.billed_amount == Decimal("0.005")


@pytest.mark.parametrize("body", [b"null", b"", b"{}", b'{"api_id": "a-1"}'])
async def test_get_participant_is_none_when_plivo_answers_with_nothing(
    raw: RawFactory, body: bytes
) -> None:
    server = await raw(reply(200, body))
    async with client_for(server.url) as client:
        assert await client.multi_party_calls.get_participant("7", uuid=MPC_UUID) is None
        raw_answer = await client.multi_party_calls.with_raw_response.get_participant(
            "7", uuid=MPC_UUID
        )
    assert (raw_answer.status, raw_answer.parsed) == (200, None)
    assert [r.target for r in server.requests] == [
        f"{ACCOUNT}MultiPartyCall/uuid_{MPC_UUID}/Participant/7/"
    ] * 2


# -- end to end ---------------------------------------------------------------------------------


class Blocking:
    """A blocking resource driven like an async one: each call runs on a worker thread (the
    blocking client refuses to run in an event loop), and a list gives its first page."""

    def __init__(self, resource: Any) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._resource, name)
        if name == "with_raw_response":
            return Blocking(target)

        async def call(*args: Any, **kwargs: Any) -> Any:
            def run() -> Any:
                result = target(*args, **kwargs)
                return result.first_page() if isinstance(result, SyncPaginator) else result

            return await asyncio.to_thread(run)

        return call


async def exercise(mpcs: Any, calls: Any, sim: Any) -> None:
    """Create, inspect, act on and end multiparty calls through all 19 endpoints."""
    sim.set_call_behavior(ring_seconds=1, talk_seconds=None)

    # Create: the first participant creates the MPC (a name to encode), dialled as an agent.
    raw = await mpcs.with_raw_response.add_participant(
        friendly_name=NAME,
        role="agent",
        from_=CALLER,
        to=AGENT,
        stay_alone=True,
        status_callback_events=["mpc-state-changes", "participant-state-changes"],
    )
    documented("mpc.participant.add", raw)
    assert raw.parsed.message == "add participant action initiated"
    assert [(call.from_, call.to) for call in raw.parsed.calls] == [(CALLER, AGENT)]

    # Inspect it by name and by uuid.
    raw = await mpcs.with_raw_response.get(friendly_name=NAME)
    documented("mpc.get", raw)
    found = raw.parsed
    assert (found.friendly_name, found.status, found.end_time) == (NAME, "Active", None)
    assert found.participants.endswith("/Participant/")
    uuid = found.mpc_uuid
    assert (await mpcs.get(uuid=uuid)).friendly_name == NAME
    raw = await mpcs.with_raw_response.list(friendly_name=NAME, status="Active")
    documented("mpc.list", raw)
    assert [mpc.mpc_uuid for mpc in raw.parsed] == [uuid]

    # A call in progress joins as the customer.
    created = await calls.create(
        from_=CALLER, to=CUSTOMER, answer_url="https://example.test/answer.xml"
    )
    sim.advance(2)
    joined = await mpcs.add_participant(uuid=uuid, role="Customer", call_uuid=created.request_uuid)
    assert joined.call_uuids == [created.request_uuid]

    raw = await mpcs.with_raw_response.list_participants(friendly_name=NAME)
    documented("mpc.participant.list", raw)
    by_role = {participant.role: participant for participant in raw.parsed}
    assert sorted(by_role) == ["agent", "customer"]
    assert raw.parsed.meta.total == 2
    agent, customer = by_role["agent"].member_id, by_role["customer"].member_id
    assert by_role["customer"].call_uuid == created.request_uuid

    raw = await mpcs.with_raw_response.get_participant(agent, friendly_name=NAME)
    documented("mpc.participant.get", raw)
    assert (raw.parsed.member_address, raw.parsed.mute, raw.parsed.exit_cause) == (
        AGENT,
        False,
        None,
    )

    # Act: mute and hold the customer, play to both, record the MPC and the customer.
    raw = await mpcs.with_raw_response.update_participant(
        customer, uuid=uuid, mute=True, hold=True, coach_mode=False
    )
    documented("mpc.participant.update", raw)
    assert raw.parsed.mute == f"MPC: {NAME} mute/unmute member(s) succeeded"
    held = await mpcs.get_participant(customer, uuid=uuid)
    assert (held.mute, held.hold) == (True, True)

    raw = await mpcs.with_raw_response.start_play_audio(
        [agent, customer], friendly_name=NAME, url="https://example.test/hold.mp3"
    )
    documented("mpc.member.play.start", raw)
    assert (raw.parsed.mpc_member_id, raw.parsed.mpc_name) == ([agent, customer], NAME)
    assert await mpcs.stop_play_audio(f"{agent},{customer}", friendly_name=NAME) is None

    raw = await mpcs.with_raw_response.start_recording(friendly_name=NAME, file_format="wav")
    documented("mpc.record.start", raw)
    assert raw.parsed.recording_url.endswith(f"{raw.parsed.recording_id}.wav")
    recording = []
    for action in (mpcs.pause_recording, mpcs.resume_recording, mpcs.stop_recording):
        assert await action(friendly_name=NAME) is None
        recording.append((await mpcs.get(friendly_name=NAME)).recording)
    assert recording == ["paused", "recording", "not-recording"]

    raw = await mpcs.with_raw_response.start_participant_recording(
        customer, friendly_name=NAME, record_track_type="participant"
    )
    documented("mpc.participant.record.start", raw)
    for action in (
        mpcs.pause_participant_recording,
        mpcs.resume_participant_recording,
        mpcs.stop_participant_recording,
    ):
        assert await action(customer, friendly_name=NAME, record_track_type="participant") is None
    with pytest.raises(BadRequestError):  # stopped: nothing left to pause
        await mpcs.pause_participant_recording(customer, friendly_name=NAME)

    # End: kick the customer (the agent may stay alone), then stop the MPC.
    assert await mpcs.kick_participant(customer, friendly_name=NAME) is None
    left = await mpcs.get_participant(customer, uuid=uuid)
    assert (left.exit_cause, left.mute, left.hold) == ("Kicked Out of Multiparty Call", None, None)
    assert left.exit_time is not None
    assert (await mpcs.get(friendly_name=NAME)).status == "Active"
    sim.advance(30)
    raw = await mpcs.with_raw_response.stop(friendly_name=NAME)
    assert (raw.status, raw.parsed) == (204, None)
    with pytest.raises(NotFoundError):  # a name resolves only while the MPC is ongoing
        await mpcs.get(friendly_name=NAME)
    ended = await mpcs.get(uuid=uuid)
    assert (ended.status, ended.termination_cause, ended.termination_cause_code) == (
        "Ended",
        "Hangup API Triggered",
        3000,
    )
    assert ended.end_time is not None
    assert ended.creation_time is not None
    assert ended.end_time - ended.creation_time == timedelta(seconds=32)
    assert (ended.duration, ended.billed_duration) == (32, 60)
    assert ended.billed_amount is not None
    assert ended.billed_amount > 0
    page = await mpcs.list(status="ENDED", termination_cause_code=3000)
    assert [mpc.mpc_uuid for mpc in page] == [uuid]
    gone = await mpcs.list_participants(uuid=uuid)
    assert {participant.exit_cause for participant in gone} == {
        "Kicked Out of Multiparty Call",
        "Multiparty Call Ended",
    }

    # An MPC whose participants wait for it to start stays Initialized until started.
    await mpcs.add_participant(
        friendly_name="standby", role="Agent", from_=CALLER, to=OTHER, start_mpc_on_enter=False
    )
    assert (await mpcs.get(friendly_name="standby")).status == "Initialized"
    raw = await mpcs.with_raw_response.start(friendly_name="standby", status="active")
    assert (raw.status, raw.parsed) == (204, None)
    started = await mpcs.get(friendly_name="standby")
    assert (started.status, started.start_time is not None) == ("Active", True)
    with pytest.raises(NotFoundError):  # only an Initialized MPC can be started
        await mpcs.start(friendly_name="standby")
    assert await mpcs.stop(uuid=started.mpc_uuid) is None


async def test_multiparty_calls_from_creation_to_end() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        await exercise(client.multi_party_calls, client.calls, sim)
    # What reached the server: one request per call above, every one answered with success
    # except the three the flow expects to fail.
    failed = [(e.endpoint, e.status) for e in sim.journal.entries() if not e.processed]
    assert failed == [
        ("mpc.participant.record.pause", 400),
        ("mpc.get", 404),
        ("mpc.start", 404),
    ]
    assert {e.endpoint for e in sim.journal.entries()} >= set(MPC_IDS)


async def test_the_blocking_client_runs_the_same_multiparty_calls() -> None:
    with Simulator.start_in_thread() as sim:
        client = await asyncio.to_thread(sim.sync_client, strict_models=True)
        try:
            await exercise(Blocking(client.multi_party_calls), Blocking(client.calls), sim)
        finally:
            await asyncio.to_thread(client.close)
        assert {e.endpoint for e in sim.journal.entries()} >= set(MPC_IDS)


async def test_every_page_of_participants_is_walked() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        sim.set_call_behavior(talk_seconds=None)
        mpcs = client.multi_party_calls
        for n in range(5):
            await mpcs.add_participant(
                friendly_name="big room", role="Customer", from_=CALLER, to=f"1415555020{n}"
            )
        walked = [
            p.member_address
            async for p in mpcs.list_participants(friendly_name="big room", page_size=2)
        ]
        assert sorted(walked) == [f"1415555020{n}" for n in range(5)]
        capped = [p async for p in mpcs.list_participants(friendly_name="big room", limit=3)]
        assert len(capped) == 3
    pages = sim.journal.entries(endpoint="mpc.participant.list")
    assert [entry.query.get("offset") for entry in pages][:3] == ["0", "2", "4"]


# -- one MPC, named or by uuid, as one encoded segment ------------------------------------------


def test_the_tables_cover_every_method() -> None:
    addressed = {
        method.__name__
        for method in _declared().values()
        if "mpc_id" in method.__plivo_endpoint__.segments
    }
    assert addressed == set(CALLS)
    assert set(METHODS.values()) - addressed == {"list"}  # list filters by name instead


@pytest.mark.parametrize("method", sorted(CALLS))
@pytest.mark.parametrize(
    ("mpc", "segment"),
    [
        ({"friendly_name": NAME}, f"name_{ENCODED_NAME}"),
        ({"uuid": MPC_UUID}, f"uuid_{MPC_UUID}"),
        ({"friendly_name": "Zürich ☎"}, "name_Z%C3%BCrich%20%E2%98%8E"),
        ({"friendly_name": "x" * (MAX_PATH_ID_LENGTH - 5)}, "name_" + "x" * 251),
    ],
    ids=["name", "uuid", "unicode", "longest"],
)
async def test_the_mpc_travels_as_one_encoded_segment(
    raw: RawFactory, method: str, mpc: dict[str, Any], segment: str
) -> None:
    server = await raw(reply(200, b"{}"))
    args, kwargs = CALLS[method]
    async with client_for(server.url) as client:
        # Only the request line matters here; the stand-in answer need not fit every model.
        with contextlib.suppress(plivo_async.ResponseParseError):
            await invoke(client, method, *args, **kwargs, **mpc)
    [request] = server.requests
    prefix = f"{ACCOUNT}MultiPartyCall/"
    assert request.target.startswith(prefix + segment + "/")
    assert unquote(request.target[len(prefix) :].partition("/")[0]) == unquote(segment)


@pytest.mark.parametrize("method", sorted(CALLS))
@pytest.mark.parametrize(
    ("mpc", "argument"),
    [
        ({}, "friendly_name"),
        ({"friendly_name": NAME, "uuid": MPC_UUID}, "uuid"),
        ({"friendly_name": ""}, "friendly_name"),
        ({"friendly_name": "  "}, "friendly_name"),
        ({"friendly_name": "."}, "friendly_name"),
        ({"friendly_name": ".."}, "friendly_name"),
        ({"friendly_name": "a\r\nb"}, "friendly_name"),
        ({"friendly_name": "x" * (MAX_PATH_ID_LENGTH - 4)}, "friendly_name"),
        ({"uuid": ""}, "uuid"),
        ({"uuid": "."}, "uuid"),
        ({"uuid": "x" * (MAX_PATH_ID_LENGTH - 4)}, "uuid"),
        ({"uuid": 8742}, "uuid"),
    ],
    ids=[
        "neither",
        "both",
        "empty-name",
        "blank-name",
        "dot-name",
        "dots-name",
        "crlf-name",
        "long-name",
        "empty-uuid",
        "dot-uuid",
        "long-uuid",
        "int-uuid",
    ],
)
async def test_a_missing_blank_or_doubled_mpc_is_refused_before_sending(
    server: RecordingServer, method: str, mpc: dict[str, Any], argument: str
) -> None:
    args, kwargs = CALLS[method]
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await invoke(client, method, *args, **kwargs, **mpc)
    assert caught.value.argument == argument
    assert len(server.requests) == before


def test_the_blocking_client_refuses_the_same(server: RecordingServer) -> None:
    before = len(server.requests)
    with plivo_async.Client(
        AUTH_ID, AUTH_TOKEN, base_url=server.base_url, rate_limit=None, retry=None
    ) as client:
        with pytest.raises(ValidationError) as neither:
            client.multi_party_calls.stop()
        with pytest.raises(ValidationError) as blank:
            client.multi_party_calls.kick_participant("all", uuid=" ")
    assert (neither.value.argument, blank.value.argument) == ("friendly_name", "uuid")
    assert len(server.requests) == before


@pytest.mark.parametrize(
    ("member_id", "segment"),
    [
        (["10", "11", "14"], "10,11,14"),
        (("10",), "10"),
        ("10,11", "10,11"),
        ("all", "all"),
    ],
)
@pytest.mark.parametrize("method", ["start_play_audio", "stop_play_audio"])
async def test_several_members_travel_as_one_comma_joined_segment(
    raw: RawFactory, method: str, member_id: Any, segment: str
) -> None:
    server = await raw(
        reply(202, json.dumps(CATALOG["mpc.member.play.start"]["response_example"]).encode())
    )
    _, kwargs = CALLS[method]
    async with client_for(server.url) as client:
        await invoke(client, method, member_id, friendly_name="room", **kwargs)
    [request] = server.requests
    prefix = f"{ACCOUNT}MultiPartyCall/name_room/Member/"
    assert request.target.startswith(prefix)
    assert request.target.endswith("/Play/")
    # One segment, its "," as the reference writes it.
    assert request.target[len(prefix) : -len("/Play/")] == segment


@pytest.mark.parametrize("member_id", [[], ["10", ""], ["10", " "], ["1,2"], [10], "", "."])
@pytest.mark.parametrize("method", ["start_play_audio", "stop_play_audio"])
async def test_a_bad_list_of_members_is_refused(
    server: RecordingServer, method: str, member_id: Any
) -> None:
    _, kwargs = CALLS[method]
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await invoke(client, method, member_id, friendly_name="room", **kwargs)
    assert caught.value.argument == "member_id"
    assert len(server.requests) == before


# -- add_participant: who dials whom -------------------------------------------------------------

DIAL: dict[str, Any] = {"friendly_name": "room", "role": "Agent", "from_": CALLER, "to": AGENT}


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"from_": None, "to": None}, "to"),  # neither dial nor take over a call
        ({"to": None}, "to"),  # a caller id but nobody to dial
        ({"from_": None}, "from_"),  # somebody to dial but no caller id
        ({"call_uuid": "c-1"}, "call_uuid"),  # both
        ({"to": None, "call_uuid": "c-1"}, "call_uuid"),  # a caller id with a call taken over
        ({"role": None}, "role"),
        ({"role": "Manager"}, "role"),
        ({"role": "Customer", "to": [AGENT, OTHER]}, "to"),  # parallel dial: agents only
        ({"role": "supervisor", "to": f"{AGENT}<{OTHER}"}, "to"),
        ({"to": ""}, "to"),
        ({"to": "  "}, "to"),
        ({"from_": ""}, "from_"),
        ({"to": None, "from_": None, "call_uuid": " "}, "call_uuid"),
        ({"to": []}, "to"),
        ({"to": [AGENT, " "]}, "to"),
        ({"to": f"{AGENT}<<{OTHER}"}, "to"),
        ({"caller_name": "x" * 51}, "caller_name"),
        ({"ring_timeout": 14}, "ring_timeout"),
        ({"ring_timeout": 121}, "ring_timeout"),
        ({"delay_dial": -1}, "delay_dial"),
        ({"delay_dial": 121}, "delay_dial"),
        ({"delay_dial": [0, 121]}, "delay_dial"),
        ({"delay_dial": "0<-1"}, "delay_dial"),
        ({"delay_dial": "0<<5"}, "delay_dial"),
        ({"delay_dial": "5 "}, "delay_dial"),
        ({"delay_dial": []}, "delay_dial"),
        ({"delay_dial": True}, "delay_dial"),
        ({"delay_dial": 1.5}, "delay_dial"),
        ({"max_duration": 299}, "max_duration"),
        ({"max_duration": 28801}, "max_duration"),
        ({"max_participants": 1}, "max_participants"),
        ({"max_participants": 11}, "max_participants"),
        ({"record_min_member_count": 0}, "record_min_member_count"),
        ({"record_min_member_count": 3}, "record_min_member_count"),
        ({"confirm_key": "10"}, "confirm_key"),
        ({"confirm_key": "A"}, "confirm_key"),
        ({"status_callback_events": ["mpc-state-changes", "everything"]}, "status_callback_events"),
        ({"status_callback_events": "mpc-state-changes,"}, "status_callback_events"),
        ({"enter_sound": "beep:3"}, "enter_sound"),
        ({"exit_sound": "ftp://example.test/bye.xml"}, "exit_sound"),
        ({"record_file_format": "ogg"}, "record_file_format"),
        ({"wait_music_method": "PUT"}, "wait_music_method"),
        ({"on_exit_action_url": "/relative.xml"}, "on_exit_action_url"),
        ({"record": "yes"}, "record"),
        ({"sip_headers": ["a=1", ""]}, "sip_headers"),
    ],
)
async def test_add_participant_refuses_before_sending(
    server: RecordingServer, changes: dict[str, Any], argument: str
) -> None:
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await client.multi_party_calls.add_participant(**{**DIAL, **changes})
    assert caught.value.argument == argument
    assert len(server.requests) == before


@pytest.mark.parametrize(
    ("changes", "sent"),
    [
        ({"role": "agent"}, {"role": "Agent"}),  # any case in, the reference's spelling out
        ({"role": "SUPERVISOR"}, {"role": "Supervisor"}),
        ({"role": "Customer"}, {"role": "Customer"}),
        ({"to": [AGENT, OTHER]}, {"to": f"{AGENT}<{OTHER}"}),  # an agent dialled in parallel
        ({"role": "Agent", "to": f"{AGENT}<{OTHER}"}, {"to": f"{AGENT}<{OTHER}"}),
        (
            {"to": [AGENT, OTHER], "sip_headers": ["a=1,b=2", "c=3"]},
            {"sip_headers": "a=1,b=2<c=3"},  # one set per destination
        ),
        ({"caller_name": "x" * 50}, {"caller_name": "x" * 50}),
        ({"ring_timeout": 15, "delay_dial": 0}, {"ring_timeout": 15, "delay_dial": 0}),
        ({"ring_timeout": 120, "delay_dial": 120}, {"ring_timeout": 120, "delay_dial": 120}),
        (
            {"max_duration": 300, "max_participants": 2},
            {"max_duration": 300, "max_participants": 2},
        ),
        (
            {"max_duration": 28800, "max_participants": 10},
            {"max_duration": 28800, "max_participants": 10},
        ),
        ({"to": [AGENT, OTHER], "delay_dial": [0, 120]}, {"delay_dial": "0<120"}),
        ({"to": [AGENT, OTHER], "delay_dial": "5<10"}, {"delay_dial": "5<10"}),
        ({"delay_dial": (7,)}, {"delay_dial": "7"}),
        ({"record_min_member_count": 1}, {"record_min_member_count": 1}),
        ({"record_min_member_count": 2}, {"record_min_member_count": 2}),
        ({"confirm_key": "#"}, {"confirm_key": "#"}),
        ({"confirm_key": "*"}, {"confirm_key": "*"}),
        ({"confirm_key": "0"}, {"confirm_key": "0"}),
        (
            {"status_callback_events": ["mpc-state-changes", "participant-audio-events"]},
            {"status_callback_events": "mpc-state-changes,participant-audio-events"},
        ),
        (
            {"status_callback_events": "participant-speak-events,add-participant-api-events"},
            {"status_callback_events": "participant-speak-events,add-participant-api-events"},
        ),
        (
            {"enter_sound": "none", "exit_sound": "https://example.test/bye.xml#ct=2000"},
            {"enter_sound": "none", "exit_sound": "https://example.test/bye.xml#ct=2000"},
        ),
        ({"enter_sound": "beep:1", "exit_sound": "beep:2"}, {"enter_sound": "beep:1"}),
        ({"record_file_format": "wav"}, {"record_file_format": "wav"}),
        ({"record": False, "mute": True, "hold": False}, {"record": False, "mute": True}),
        ({"customer_hold_music_method": "GET"}, {"customer_hold_music_method": "GET"}),
    ],
)
async def test_add_participant_sends_what_it_is_given(
    server: RecordingServer, changes: dict[str, Any], sent: dict[str, Any]
) -> None:
    server.answer(200, CATALOG["mpc.participant.add"]["response_example"])
    arguments = {**DIAL, **changes}
    async with client_for(server.base_url) as client:
        added = await client.multi_party_calls.add_participant(**arguments)
    assert added.message == "add participant action initiated"
    request = server.requests[-1]
    assert (request.method, request.path) == (
        "POST",
        f"/api{ACCOUNT}MultiPartyCall/name_room/Participant/",
    )
    assert sent.items() <= request.body.items()
    given = {key.rstrip("_") for key, value in arguments.items() if value is not None}
    assert set(request.body) == given - {"friendly_name"}  # nothing unset is sent


async def test_destinations_are_dialled_after_their_own_delays() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        added = await client.multi_party_calls.add_participant(
            friendly_name="room", role="Agent", from_=CALLER, to=[AGENT, OTHER], delay_dial=[0, 5]
        )
    assert [call.to for call in added.calls] == [AGENT, OTHER]
    [entry] = sim.journal.entries()
    assert (entry.body["to"], entry.body["delay_dial"]) == (f"{AGENT}<{OTHER}", "0<5")


async def test_a_call_in_progress_joins_without_a_caller_id(server: RecordingServer) -> None:
    server.answer(200, CATALOG["mpc.participant.add"]["additional_response_examples"][0]["body"])
    async with client_for(server.base_url) as client:
        added = await client.multi_party_calls.add_participant(
            uuid=MPC_UUID, role="customer", call_uuid="67c882e3-833b-4eb8-bdbc-6efcb806938a"
        )
    assert added.call_uuids == ["67c882e3-833b-4eb8-bdbc-6efcb806938a"]
    assert server.requests[-1].body == {
        "role": "Customer",
        "call_uuid": "67c882e3-833b-4eb8-bdbc-6efcb806938a",
    }


async def test_only_an_agent_is_dialled_in_parallel() -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError):
            await client.multi_party_calls.add_participant(
                friendly_name="room", role="Customer", from_=CALLER, to=[AGENT, OTHER]
            )
        assert sim.journal.entries() == []
        added = await client.multi_party_calls.add_participant(
            friendly_name="room", role="Agent", from_=CALLER, to=[AGENT, OTHER]
        )
    assert [call.to for call in added.calls] == [AGENT, OTHER]
    [entry] = sim.journal.entries()
    assert entry.body["to"] == f"{AGENT}<{OTHER}"


# -- the other arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("member_id", ["all", "ALL", " all "])
async def test_coach_mode_is_refused_for_all_members(
    server: RecordingServer, member_id: str
) -> None:
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await client.multi_party_calls.update_participant(
                member_id, friendly_name="room", coach_mode=True
            )
    assert caught.value.argument == "coach_mode"
    assert len(server.requests) == before


async def test_mute_and_hold_may_go_to_all_members_and_coach_mode_to_one(
    server: RecordingServer,
) -> None:
    server.answer(200, CATALOG["mpc.participant.update"]["response_example"])
    async with client_for(server.base_url) as client:
        await client.multi_party_calls.update_participant(
            "all", friendly_name="room", mute=True, hold=False
        )
        everyone = server.requests[-1]
        await client.multi_party_calls.update_participant("7", uuid=MPC_UUID, coach_mode=False)
        one = server.requests[-1]
    assert (everyone.path, everyone.body) == (
        f"/api{ACCOUNT}MultiPartyCall/name_room/Participant/all/",
        {"mute": True, "hold": False},
    )
    assert (one.path, one.body) == (
        f"/api{ACCOUNT}MultiPartyCall/uuid_{MPC_UUID}/Participant/7/",
        {"coach_mode": False},
    )


@pytest.mark.parametrize(
    ("filters", "argument"),
    [
        ({"status": "running"}, "status"),
        ({"termination_cause_code": 1001}, "termination_cause_code"),
        ({"termination_cause_code": 999}, "termination_cause_code"),
        ({"termination_cause_code": 4000}, "termination_cause_code"),
        ({"termination_cause_code": "1000"}, "termination_cause_code"),
        ({"termination_cause_code": True}, "termination_cause_code"),
        ({"creation_time__gt": 20240101}, "creation_time__gt"),
    ],
)
async def test_list_refuses_a_bad_filter_before_sending(
    server: RecordingServer, filters: dict[str, Any], argument: str
) -> None:
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await client.multi_party_calls.list(**filters)
    assert caught.value.argument == argument
    assert len(server.requests) == before


CODE = "termination_cause_code"


async def test_list_sends_its_filters_as_the_reference_spells_them(
    server: RecordingServer,
) -> None:
    server.answer(200, CATALOG["mpc.list"]["response_example"])
    after = datetime(2024, 3, 1, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    async with client_for(server.base_url) as client:
        [codes] = [p["allowed"] for p in CATALOG["mpc.list"]["params"] if p["name"] == CODE]
        for code in codes:
            await client.multi_party_calls.list(termination_cause_code=code)
            assert server.requests[-1].query[CODE] == str(code)
        page = await client.multi_party_calls.list(
            friendly_name=NAME,
            status="Ended",
            creation_time__gte=after,
            creation_time__lt="2024-03-02 00:00",
            end_time__gt="2024-03-01 10:00:00.250000",
            end_time__lte=datetime(2024, 3, 2),
        )
    assert len(page) == 2
    request = server.requests[-1]
    assert request.path == f"/api{ACCOUNT}MultiPartyCall/"
    assert request.query == {
        "friendly_name": NAME,
        "status": "ended",
        "creation_time__gte": "2024-03-01 10:00:00",  # sent in UTC
        "creation_time__lt": "2024-03-02 00:00",
        "end_time__gt": "2024-03-01 10:00:00.250000",
        "end_time__lte": "2024-03-02 00:00:00",
        "limit": "20",
        "offset": "0",
    }


@pytest.mark.parametrize(
    ("method", "arguments", "argument"),
    [
        ("start", {"status": "ended"}, "status"),
        ("start_recording", {"file_format": "ogg"}, "file_format"),
        (
            "start_recording",
            {"recording_callback_url": "example.test/cb"},
            "recording_callback_url",
        ),
        ("start_recording", {"recording_callback_method": "PATCH"}, "recording_callback_method"),
        ("start_participant_recording", {"file_format": "MP3"}, "file_format"),
        ("start_participant_recording", {"record_track_type": "mixed"}, "record_track_type"),
        ("stop_participant_recording", {"record_track_type": "mixed"}, "record_track_type"),
        ("pause_participant_recording", {"record_track_type": ""}, "record_track_type"),
        ("resume_participant_recording", {"record_track_type": "All "}, "record_track_type"),
        ("start_play_audio", {"url": None}, "url"),
        ("start_play_audio", {"url": "hold music"}, "url"),
        ("update_participant", {"mute": "true"}, "mute"),
    ],
)
async def test_other_methods_refuse_before_sending(
    server: RecordingServer, method: str, arguments: dict[str, Any], argument: str
) -> None:
    args, kwargs = CALLS[method]
    before = len(server.requests)
    async with client_for(server.base_url) as client:
        with pytest.raises(ValidationError) as caught:
            await invoke(client, method, *args, **{**kwargs, **arguments}, friendly_name="r")
    assert caught.value.argument == argument
    assert len(server.requests) == before


@pytest.mark.parametrize(
    ("method", "arguments", "sent"),
    [
        ("start", {}, {}),  # the reference's own example sends no argument
        ("start", {"status": "active"}, {"status": "Active"}),
        ("start_recording", {"file_format": "wav"}, {"file_format": "wav"}),
        (
            "start_recording",
            {
                "recording_callback_url": "https://example.test/cb",
                "recording_callback_method": "GET",
            },
            {
                "recording_callback_url": "https://example.test/cb",
                "recording_callback_method": "GET",
            },
        ),
        (
            "start_participant_recording",
            {"record_track_type": "both"},
            {"record_track_type": "both"},
        ),
        ("stop_participant_recording", {"record_track_type": "all"}, {"record_track_type": "all"}),
        (
            "pause_participant_recording",
            {"record_track_type": "participant"},
            {"record_track_type": "participant"},
        ),
        ("resume_participant_recording", {}, {}),
        ("pause_recording", {}, {}),
    ],
)
async def test_other_methods_send_what_they_are_given(
    server: RecordingServer, method: str, arguments: dict[str, Any], sent: dict[str, Any]
) -> None:
    endpoint_id = next(key for key, name in METHODS.items() if name == method)
    entry = CATALOG[endpoint_id]
    server.answer(entry["success_status"] or 200, entry["response_example"])
    args, kwargs = CALLS[method]
    async with client_for(server.base_url) as client:
        await invoke(client, method, *args, **{**kwargs, **arguments}, friendly_name="r")
    request = server.requests[-1]
    assert request.method == entry["method"]
    if entry["method"] == "POST":
        assert (request.body or {}) == sent
        assert request.query == {}
    else:
        assert request.query == {k: str(v) for k, v in sent.items()}
        assert request.body is None


@pytest.mark.parametrize("endpoint_id", MPC_IDS)
async def test_every_method_answers_raw_too(server: RecordingServer, endpoint_id: str) -> None:
    entry = CATALOG[endpoint_id]
    status = entry["success_status"] or 200
    server.answer(status, None if status == 204 else entry["response_example"])
    method = METHODS[endpoint_id]
    args, kwargs = CALLS.get(method, ((), {}))
    mpc = {"friendly_name": "r"} if method in CALLS else {}
    async with client_for(server.base_url) as client:
        raw = await getattr(client.multi_party_calls.with_raw_response, method)(
            *args, **kwargs, **mpc
        )
    assert raw.status == status
    model = MODELS.get(endpoint_id)
    if model is None:
        assert raw.parsed is None
        assert raw.content == b""
    else:
        assert isinstance(raw.parsed, typing.get_origin(model) or model)
        assert raw.parsed.api_id == entry["response_example"]["api_id"]
