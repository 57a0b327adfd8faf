"""Conferences: every endpoint end to end against the simulator (async and blocking), the
reference's documented answers parsed strictly, and the checks that refuse bad arguments before
anything is sent."""

from __future__ import annotations

import json
import typing
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any
from urllib.parse import unquote

import pytest
from aioresponses import aioresponses

import plivo_async
from plivo_async import APIError, NotFoundError, ResponseParseError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models._conferences import (
    Conference,
    ConferenceHungUp,
    ConferenceMemberAction,
    ConferenceNames,
    ConferenceRecordingStarted,
)
from plivo_async._resources._conferences import AsyncConferences
from plivo_async.testing import Simulator
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory, make_client

CATALOG: dict[str, dict[str, Any]] = {
    entry["id"]: entry
    for entry in json.loads(files("plivo_async.testing").joinpath("voice-api.json").read_text())
}
CONFERENCE_IDS = sorted(name for name in CATALOG if name.startswith("conference."))

#: A name that needs encoding: its ``/`` must not become a path separator.
NAME = "sales/team a"
ENCODED_NAME = "sales%2Fteam%20a"
ACCOUNT = f"/v1/Account/{AUTH_ID}/"

#: The model each documented answer parses into.
MODELS: dict[str, type] = {
    "conference.get": Conference,
    "conference.list": ConferenceNames,
    "conference.hangup": ConferenceHungUp,
    "conference.member.kick": ConferenceMemberAction,
    "conference.member.mute": ConferenceMemberAction,
    "conference.member.deaf": ConferenceMemberAction,
    "conference.member.play.start": ConferenceMemberAction,
    "conference.member.play.stop": ConferenceMemberAction,
    "conference.member.speak.start": ConferenceMemberAction,
    "conference.member.speak.stop": ConferenceMemberAction,
    "conference.record.start": ConferenceRecordingStarted,
}


def _declared() -> dict[str, Callable[..., Any]]:
    """Catalog id -> the AsyncConferences method that declares it."""
    found: dict[str, Callable[..., Any]] = {}
    for member in vars(AsyncConferences).values():
        spec = getattr(member, "__plivo_endpoint__", None)
        if spec is not None:
            assert spec.id not in found, f"{spec.id} is declared twice"
            found[spec.id] = member
    return found


def _keys(body: Any, prefix: str = "") -> set[str]:
    """Key paths of a JSON body, one level into lists of objects (``members[].call_uuid``)."""
    if not isinstance(body, dict):
        return set()
    keys = set()
    for key, value in body.items():
        keys.add(prefix + key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            keys |= _keys(value[0], f"{prefix}{key}[].")
    return keys


# -- the declarations and the reference's answers ---------------------------------------------


def test_every_conference_endpoint_has_one_method_returning_its_model() -> None:
    declared = _declared()
    assert sorted(declared) == CONFERENCE_IDS
    for endpoint_id, method in declared.items():
        returns = typing.get_type_hints(method)["return"]
        if endpoint_id == "conference.list":
            assert returns == list[str]  # the names, unwrapped from ConferenceNames
        elif endpoint_id in MODELS:
            assert returns is MODELS[endpoint_id], endpoint_id
        else:
            # No body documented: nothing to return.
            assert CATALOG[endpoint_id]["response_example"] is None, endpoint_id
            assert returns is type(None), endpoint_id


@pytest.mark.parametrize("endpoint_id", sorted(MODELS))
def test_the_documented_answer_parses_strictly(endpoint_id: str) -> None:
    entry = CATALOG[endpoint_id]
    examples = [entry["response_example"], *entry["additional_response_examples"]]
    assert examples[0] is not None
    for example in examples:
        parsed = get_converter(strict=True).structure(example, MODELS[endpoint_id])
        assert parsed.api_id == example["api_id"]


def test_the_documented_conference_has_typed_members() -> None:
    example = CATALOG["conference.get"]["response_example"]
    conference = get_converter(strict=True).structure(example, Conference)
    # Plivo sends the numbers as strings.
    assert (conference.conference_run_time, conference.conference_member_count) == (590, 1)
    [member] = conference.members
    assert (member.member_id, member.from_, member.to) == ("17", "1456789903", "1677889900")
    assert (member.muted, member.deaf, member.join_time) == (False, False, 590)
    assert (member.caller_name, member.direction) == ("John", "inbound")
    assert member.call_uuid == "acfbf0b5-12e0-4d74-85f7-fce15f8f07ec"


@pytest.mark.parametrize(
    ("endpoint_id", "member_ids"),
    [
        ("conference.member.kick", ["10"]),
        ("conference.member.mute", ["10"]),
        ("conference.member.play.start", ["160005", "160004", "160003", "160002"]),
        ("conference.member.speak.start", ["all"]),
        ("conference.member.speak.stop", ["10"]),
    ],
)
def test_the_member_id_echo_becomes_a_list(endpoint_id: str, member_ids: list[str]) -> None:
    example = CATALOG[endpoint_id]["response_example"]
    ack = get_converter(strict=True).structure(example, ConferenceMemberAction)
    assert ack.member_id == example["member_id"]  # kept as Plivo sent it
    assert ack.member_ids == member_ids


@pytest.mark.parametrize(
    ("echo", "member_ids"),
    [
        ("10", ["10"]),
        ("all", ["all"]),
        ("10,11,14", ["10", "11", "14"]),
        ("[u'160005', u'160004']", ["160005", "160004"]),
        ("[u'all']", ["all"]),
        (" [ u'1' ,u'2' ] ", ["1", "2"]),
        ("['1', '2']", ["1", "2"]),
        ('["1", "2"]', ["1", "2"]),
        ("[1, 2]", ["1", "2"]),
        ("[]", []),
        (["1", "2"], ["1", "2"]),
        ([10, 11], ["10", "11"]),
        (17, ["17"]),
        (None, []),
    ],
)
def test_every_form_of_the_echo_parses(echo: object, member_ids: list[str]) -> None:
    for strict in (True, False):
        ack = get_converter(strict=strict).structure({"member_id": echo}, ConferenceMemberAction)
        assert ack.member_ids == member_ids


@pytest.mark.parametrize("echo", [{"id": "1"}, True, [["1"]], 1.5])
async def test_an_echo_that_is_not_ids_is_a_parse_error(raw: RawFactory, echo: object) -> None:
    body = json.dumps({"api_id": "a-1", "message": "muted", "member_id": echo}).encode()
    server = await raw(reply(202, body))
    async with _client(server.url) as client:
        with pytest.raises(ResponseParseError, match="member ids") as caught:
            await client.conferences.mute_member(NAME, "10")
    assert caught.value.api_id == "a-1"


# -- end to end ---------------------------------------------------------------------------------


async def test_a_conference_from_listing_to_hangup() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        seeded = sim.add_conference(
            NAME, ["14155550100", "14155550101", {"from_number": "sip:ann@x", "caller_name": "Ann"}]
        )
        first, second, third = seeded.members
        sim.add_conference("Other")
        sim.advance(30)
        conferences = client.conferences

        assert sorted(await conferences.list()) == ["Other", NAME]
        conference = await conferences.get(NAME)
        assert conference.conference_name == NAME
        assert (conference.conference_run_time, conference.conference_member_count) == (30, 3)
        assert [m.member_id for m in conference.members] == [first, second, third]
        assert [m.from_ for m in conference.members] == ["14155550100", "14155550101", "sip:ann@x"]
        assert conference.members[2].caller_name == "Ann"
        assert conference.members[0].join_time == 30

        async def flags() -> list[tuple[bool | None, bool | None]]:
            return [(m.muted, m.deaf) for m in (await conferences.get(NAME)).members]

        muted = await conferences.mute_member(NAME, [first, second])
        assert (muted.message, muted.member_ids) == ("muted", [first, second])
        assert await flags() == [(True, False), (True, False), (False, False)]
        assert await conferences.unmute_member(NAME, second) is None
        deaf = await conferences.deaf_member(NAME, "all")
        assert (deaf.message, deaf.member_ids) == ("deaf", ["all"])
        assert await flags() == [(True, True), (False, True), (False, True)]
        assert await conferences.undeaf_member(NAME, (first, third)) is None
        assert await flags() == [(True, False), (False, True), (False, False)]

        played = await conferences.play_to_member(
            NAME, [first, third], url="https://example.com/hold.mp3"
        )
        assert played.message == "play queued into conference"
        assert played.member_ids == [first, third]
        assert [m.playing for m in seeded.members.values()] == [True, False, True]
        stopped = await conferences.stop_playing_to_member(NAME, [first, third])
        assert isinstance(stopped, ConferenceMemberAction)
        assert not any(m.playing for m in seeded.members.values())

        spoken = await conferences.speak_to_member(
            NAME, "all", text="Welcome", voice="MAN", language="en-GB"
        )
        assert (spoken.message, spoken.member_ids) == ("speak queued into conference", ["all"])
        assert all(m.speaking for m in seeded.members.values())
        await conferences.stop_speaking_to_member(NAME, "all")
        assert not any(m.speaking for m in seeded.members.values())

        recording = await conferences.start_recording(
            NAME, file_format="wav", callback_url="https://example.com/done", callback_method="GET"
        )
        assert recording.message == "conference recording started"
        assert recording.url.endswith(f"/Recording/{recording.recording_id}.wav")
        sim.advance(12)
        assert await conferences.stop_recording(NAME) is None
        stored = sim.state.recordings[recording.recording_id]
        assert (stored.completed, stored.conference_name, stored.recording_format) == (
            True,
            NAME,
            "wav",
        )

        kicked = await conferences.kick_member(NAME, third)
        assert (kicked.message, kicked.member_ids) == ("kicked", [third])
        assert await conferences.hangup_member(NAME, second) is None
        assert [m.member_id for m in (await conferences.get(NAME)).members] == [first]

        assert isinstance(await conferences.hangup(NAME), ConferenceHungUp)
        assert await conferences.list() == ["Other"]
        with pytest.raises(NotFoundError):
            await conferences.get(NAME)
        assert await conferences.hangup_all() is None
        assert await conferences.list() == []

    entries = sim.journal.entries()
    # Only the lookup of the ended conference failed.
    assert [(e.endpoint, e.status) for e in entries if not e.processed] == [("conference.get", 404)]
    assert {entry.endpoint for entry in entries} == set(CONFERENCE_IDS)
    # POSTs without arguments send an empty JSON object, as the reference's curl does.
    kick = sim.journal.entries(endpoint="conference.member.kick")[0]
    assert kick.body == {}
    record = sim.journal.entries(endpoint="conference.record.start")[0]
    assert record.body == {
        "file_format": "wav",
        "callback_url": "https://example.com/done",
        "callback_method": "GET",
    }


def test_the_blocking_client_runs_the_same_conference() -> None:
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        first, second = sim.add_conference(NAME).members
        conferences = client.conferences
        assert conferences.list() == [NAME]
        assert [m.member_id for m in conferences.get(NAME).members] == [first, second]
        assert conferences.mute_member(NAME, [first, second]).member_ids == [first, second]
        assert conferences.unmute_member(NAME, [first, second]) is None
        assert conferences.deaf_member(NAME, first).member_ids == [first]
        assert conferences.undeaf_member(NAME, first) is None
        assert [(m.muted, m.deaf) for m in conferences.get(NAME).members] == [(False, False)] * 2
        played = conferences.play_to_member(NAME, "all", url="https://example.com/a.wav")
        assert played.member_ids == ["all"]
        conferences.stop_playing_to_member(NAME, "all")
        spoken = conferences.speak_to_member(NAME, [second], text="Hi")
        assert spoken.member_ids == [second]
        conferences.stop_speaking_to_member(NAME, [second])
        recording = conferences.start_recording(NAME)
        assert recording.url.endswith(".mp3")
        assert conferences.stop_recording(NAME) is None
        assert conferences.kick_member(NAME, first).message == "kicked"
        assert conferences.hangup_member(NAME, "all") is None
        assert conferences.list() == []  # its last member gone, the conference ended
        sim.add_conference("A")
        sim.add_conference("B")
        assert conferences.hangup("A").message is None  # a 204: no body
        assert conferences.hangup_all() is None
        assert conferences.list() == []
        entries = sim.journal.entries()
        assert {entry.endpoint for entry in entries} == set(CONFERENCE_IDS)
        assert all(entry.processed for entry in entries)


async def test_the_simulator_answers_carry_every_documented_field() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        first, _, third, fourth = sim.add_conference(NAME, ["1", "2", "3", "4"]).members
        raw = client.conferences.with_raw_response
        calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            ("conference.list", lambda: raw.list()),
            ("conference.get", lambda: raw.get(NAME)),
            ("conference.member.mute", lambda: raw.mute_member(NAME, first)),
            ("conference.member.unmute", lambda: raw.unmute_member(NAME, first)),
            ("conference.member.deaf", lambda: raw.deaf_member(NAME, first)),
            ("conference.member.undeaf", lambda: raw.undeaf_member(NAME, first)),
            (
                "conference.member.play.start",
                lambda: raw.play_to_member(NAME, first, url="https://a.b/c"),
            ),
            ("conference.member.play.stop", lambda: raw.stop_playing_to_member(NAME, first)),
            ("conference.member.speak.start", lambda: raw.speak_to_member(NAME, first, text="t")),
            ("conference.member.speak.stop", lambda: raw.stop_speaking_to_member(NAME, first)),
            ("conference.record.start", lambda: raw.start_recording(NAME)),
            ("conference.record.stop", lambda: raw.stop_recording(NAME)),
            ("conference.member.kick", lambda: raw.kick_member(NAME, fourth)),
            ("conference.member.hangup", lambda: raw.hangup_member(NAME, third)),
            ("conference.hangup", lambda: raw.hangup(NAME)),
            ("conference.hangup_all", lambda: raw.hangup_all()),
        ]
        assert sorted(endpoint_id for endpoint_id, _ in calls) == CONFERENCE_IDS
        for endpoint_id, call in calls:
            answer = await call()
            entry = CATALOG[endpoint_id]
            assert answer.status == entry["success_status"], endpoint_id
            if entry["success_status"] == 204:
                # A 204 has no body on the wire, whatever the reference's page shows.
                assert answer.content == b"", endpoint_id
                continue
            body = json.loads(answer.content)
            assert _keys(entry["response_example"]) <= _keys(body), endpoint_id


# -- 204 or a body: both are an answer ---------------------------------------------------------


def _client(url: str) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=url, rate_limit=None, retry=None)


@pytest.mark.parametrize(
    ("endpoint_id", "call"),
    [
        ("conference.hangup", lambda c: c.conferences.hangup(NAME)),
        ("conference.member.play.stop", lambda c: c.conferences.stop_playing_to_member(NAME, "10")),
        (
            "conference.member.speak.stop",
            lambda c: c.conferences.stop_speaking_to_member(NAME, "10"),
        ),
    ],
)
async def test_a_204_answers_with_or_without_its_documented_body(
    raw: RawFactory, endpoint_id: str, call: Callable[[Any], Awaitable[Any]]
) -> None:
    example = CATALOG[endpoint_id]["response_example"]
    with_body = await raw(reply(200, json.dumps(example).encode()))
    without_body = await raw(reply(204, b""))
    async with _client(with_body.url) as client:
        full = await call(client)
    async with _client(without_body.url) as client:
        empty = await call(client)
    assert (full.api_id, full.message) == (example["api_id"], example["message"])
    assert (empty.api_id, empty.message) == (None, None)
    if isinstance(full, ConferenceMemberAction):
        assert (full.member_ids, empty.member_ids) == (["10"], [])
    assert [r.method for r in with_body.requests + without_body.requests] == ["DELETE"] * 2


# -- what is sent -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member_id", "segment"),
    [
        (["101", "102", "103"], "101,102,103"),
        (("101",), "101"),
        ("101,102", "101,102"),
        ("all", "all"),
        (["a b", "c/d"], "a b,c/d"),
    ],
)
async def test_member_ids_travel_as_one_comma_joined_segment(
    raw: RawFactory, member_id: Any, segment: str
) -> None:
    server = await raw(reply(202, b'{"api_id": "a", "message": "muted"}'))
    async with _client(server.url) as client:
        await client.conferences.mute_member(NAME, member_id)
    [request] = server.requests
    prefix = f"{ACCOUNT}Conference/{ENCODED_NAME}/Member/"
    assert request.target.startswith(prefix)
    assert request.target.endswith("/Mute/")
    encoded = request.target[len(prefix) : -len("/Mute/")]
    assert "/" not in encoded
    assert unquote(encoded) == segment


async def test_hangup_with_a_blank_name_never_hangs_up_every_conference(raw: RawFactory) -> None:
    server = await raw(reply(204, b""))
    async with _client(server.url) as client:
        for name in ["", "   ", ".", "..", "．．"]:
            with pytest.raises(ValidationError) as caught:
                await client.conferences.hangup(name)
            assert caught.value.argument == "conference_name"
        await client.conferences.hangup("My Conf Room")
    assert [(r.method, r.target) for r in server.requests] == [
        ("DELETE", f"{ACCOUNT}Conference/My%20Conf%20Room/")
    ]


# -- refused before sending ---------------------------------------------------------------------

#: Every method taking a conference name, called with ``name`` (and a valid member id).
BY_NAME: dict[str, Callable[[AsyncConferences, str], Awaitable[Any]]] = {
    "get": lambda c, n: c.get(n),
    "hangup": lambda c, n: c.hangup(n),
    "hangup_member": lambda c, n: c.hangup_member(n, "1"),
    "kick_member": lambda c, n: c.kick_member(n, "1"),
    "mute_member": lambda c, n: c.mute_member(n, "1"),
    "unmute_member": lambda c, n: c.unmute_member(n, "1"),
    "deaf_member": lambda c, n: c.deaf_member(n, "1"),
    "undeaf_member": lambda c, n: c.undeaf_member(n, "1"),
    "play_to_member": lambda c, n: c.play_to_member(n, "1", url="https://a.b/c.mp3"),
    "stop_playing_to_member": lambda c, n: c.stop_playing_to_member(n, "1"),
    "speak_to_member": lambda c, n: c.speak_to_member(n, "1", text="t"),
    "stop_speaking_to_member": lambda c, n: c.stop_speaking_to_member(n, "1"),
    "start_recording": lambda c, n: c.start_recording(n),
    "stop_recording": lambda c, n: c.stop_recording(n),
}
#: Every member method, called with ``member_id``.
BY_MEMBER: dict[str, Callable[[AsyncConferences, Any], Awaitable[Any]]] = {
    "hangup_member": lambda c, m: c.hangup_member(NAME, m),
    "kick_member": lambda c, m: c.kick_member(NAME, m),
    "mute_member": lambda c, m: c.mute_member(NAME, m),
    "unmute_member": lambda c, m: c.unmute_member(NAME, m),
    "deaf_member": lambda c, m: c.deaf_member(NAME, m),
    "undeaf_member": lambda c, m: c.undeaf_member(NAME, m),
    "play_to_member": lambda c, m: c.play_to_member(NAME, m, url="https://a.b/c.mp3"),
    "stop_playing_to_member": lambda c, m: c.stop_playing_to_member(NAME, m),
    "speak_to_member": lambda c, m: c.speak_to_member(NAME, m, text="t"),
    "stop_speaking_to_member": lambda c, m: c.stop_speaking_to_member(NAME, m),
}
#: The member methods that take several ids.
SEVERAL = sorted(set(BY_MEMBER) - {"hangup_member", "kick_member"})


def test_the_tables_cover_every_method() -> None:
    with_name = {name for name, method in _declared_methods() if "conference_name" in method}
    with_member = {name for name, method in _declared_methods() if "member_id" in method}
    assert with_name == set(BY_NAME)
    assert with_member == set(BY_MEMBER)


def _declared_methods() -> list[tuple[str, list[str]]]:
    return [
        (method.__name__, list(typing.get_type_hints(method))) for method in _declared().values()
    ]


async def _refused(
    mocked: aioresponses,
    call: Callable[[AsyncConferences], Awaitable[Any]],
    argument: str,
    match: str | None = None,
) -> str:
    """Expect ``call`` to raise a ValidationError on ``argument`` with nothing sent (no URL is
    registered with the mock, so a request would fail otherwise); return the message."""
    async with make_client() as client:
        with pytest.raises(ValidationError, match=match) as caught:
            await call(client.conferences)
    assert mocked.requests == {}
    assert caught.value.argument == argument
    return str(caught.value)


@pytest.mark.parametrize("method", sorted(BY_NAME))
@pytest.mark.parametrize("name", ["", " ", ".", "..", "a\nb"])
async def test_a_blank_or_dot_name_is_refused(mocked: aioresponses, method: str, name: str) -> None:
    await _refused(mocked, lambda c: BY_NAME[method](c, name), "conference_name")


@pytest.mark.parametrize("method", sorted(BY_MEMBER))
@pytest.mark.parametrize("member_id", ["", "  ", ".", "..", None, 17])
async def test_a_blank_or_dot_member_id_is_refused(
    mocked: aioresponses, method: str, member_id: Any
) -> None:
    await _refused(mocked, lambda c: BY_MEMBER[method](c, member_id), "member_id")


@pytest.mark.parametrize("method", SEVERAL)
@pytest.mark.parametrize(
    ("member_id", "match"),
    [
        ([], "must not be empty"),
        (["10", ""], "item 2 of 2 is blank"),
        (["10", " "], "item 2 of 2 is blank"),
        ("10,,11", "item 2 of 3 is blank"),
        (["10,11"], "must not contain the delimiter ','"),
        (["10", 11], "item 2 of 2 must be a string"),
    ],
)
async def test_a_bad_list_of_member_ids_is_refused(
    mocked: aioresponses, method: str, member_id: Any, match: str
) -> None:
    await _refused(mocked, lambda c: BY_MEMBER[method](c, member_id), "member_id", match)


@pytest.mark.parametrize("method", ["hangup_member", "kick_member"])
async def test_hangup_and_kick_take_one_member_id_or_all(mocked: aioresponses, method: str) -> None:
    # The reference documents no list for these two.
    await _refused(
        mocked, lambda c: BY_MEMBER[method](c, ["1", "2"]), "member_id", "must be a string"
    )


@pytest.mark.parametrize(
    ("arguments", "argument", "match"),
    [
        ({"file_format": "ogg"}, "file_format", "'mp3', 'wav'"),
        ({"file_format": ""}, "file_format", "'mp3', 'wav'"),
        ({"transcription_type": "hybrid"}, "transcription_type", "'auto'"),
        ({"callback_method": "PUT"}, "callback_method", "'GET', 'POST'"),
        ({"callback_method": "get"}, "callback_method", "'GET', 'POST'"),
        ({"callback_url": "ftp://example.com/x"}, "callback_url", "http"),
        ({"callback_url": "example.com/done"}, "callback_url", "relative"),
        ({"transcription_url": "https:///no-host"}, "transcription_url", "no host"),
        ({"transcription_url": " "}, "transcription_url", "blank"),
    ],
)
async def test_start_recording_refuses_what_the_reference_does_not_allow(
    mocked: aioresponses, arguments: dict[str, Any], argument: str, match: str
) -> None:
    message = await _refused(
        mocked, lambda c: c.start_recording(NAME, **arguments), argument, match
    )
    assert "example.com" not in message  # URLs are never echoed


@pytest.mark.parametrize(
    "arguments",
    [
        {"file_format": "mp3"},
        {"file_format": "wav"},
        {"transcription_type": "auto", "transcription_url": "https://example.com/t?x=1#ct=2000"},
        {"callback_url": "http://example.com/done", "callback_method": "GET"},
        {"callback_url": "https://example.com/done", "callback_method": "POST"},
    ],
)
async def test_start_recording_sends_every_allowed_value_as_given(
    arguments: dict[str, Any],
) -> None:
    async with Simulator() as sim, sim.client() as client:
        sim.add_conference(NAME)
        recording = await client.conferences.start_recording(NAME, **arguments)
    assert recording.recording_id
    [entry] = sim.journal.entries()
    assert entry.body == arguments


@pytest.mark.parametrize(
    ("call", "argument", "match"),
    [
        (lambda c: c.play_to_member(NAME, "1", url="ftp://a.b/c.mp3"), "url", "http"),
        (lambda c: c.play_to_member(NAME, "1", url="c.mp3"), "url", "relative"),
        (lambda c: c.play_to_member(NAME, "1", url=""), "url", "blank"),
        (lambda c: c.speak_to_member(NAME, "1", text=""), "text", "blank"),
        (lambda c: c.speak_to_member(NAME, "1", text=" \n"), "text", "blank"),
        (lambda c: c.speak_to_member(NAME, "1", text=None), "text", "required"),
        (lambda c: c.speak_to_member(NAME, "1", text="hi", voice=1), "voice", "string"),
    ],
)
async def test_play_and_speak_refuse_a_bad_url_or_text(
    mocked: aioresponses,
    call: Callable[[AsyncConferences], Awaitable[Any]],
    argument: str,
    match: str,
) -> None:
    await _refused(mocked, call, argument, match)


async def test_voice_and_language_are_left_for_plivo_to_judge() -> None:
    # Open lists: the SDK sends them as given, and the server's refusal comes back as such.
    async with Simulator() as sim, sim.client() as client:
        first, _ = sim.add_conference(NAME).members
        with pytest.raises(APIError) as caught:
            await client.conferences.speak_to_member(
                NAME, first, text="hi", voice="Polly.Joanna", language="ja-JP"
            )
        spoken = await client.conferences.speak_to_member(
            NAME, first, text="hej", voice="WOMAN", language="da-DK"
        )
    assert caught.value.status == 400
    assert spoken.member_ids == [first]
    refused, accepted = sim.journal.entries()
    assert refused.body == {"text": "hi", "voice": "Polly.Joanna", "language": "ja-JP"}
    assert accepted.body == {"text": "hej", "voice": "WOMAN", "language": "da-DK"}
