"""calls: record, play, speak, send digits and rate a call, against the simulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

import plivo_async
from plivo_async import NotFoundError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models._calls import (
    CallDigitsSent,
    CallFeedback,
    CallPlayStarted,
    CallRecordingStarted,
    CallSpeakStarted,
    CallSpeakStopped,
)
from plivo_async.testing import Simulator
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory, make_client
from tests.endpoints._support import CATALOG, assert_documented_keys, attempt, live_call

ANSWER_URL = "https://example.test/answer.xml"
AUDIO = "https://example.test/hello.mp3"
ISSUES = CATALOG["call.feedback"]["params"][2]["allowed"]


# -- end to end ---------------------------------------------------------------------------------


async def test_a_call_is_recorded_played_to_spoken_to_dialled_rated_and_hung_up() -> None:
    async with Simulator() as sim, sim.client(strict_models=True, rate_limit=None) as client:
        uuid = await live_call(sim, client)
        raw = client.calls.with_raw_response

        first = await raw.start_recording(uuid, file_format="wav")
        assert_documented_keys("call.record.start", first.content)
        assert first.status == 202
        assert first.parsed.message == "call recording started"
        assert first.parsed.url.endswith(f"{first.parsed.recording_id}.wav")
        second = await client.calls.start_recording(uuid, time_limit=600)
        sim.advance(5)
        # Only the first recording stops: its URL is sent as the upper-case URL parameter.
        assert await client.calls.stop_recording(uuid, url=first.parsed.url) is None
        [stop] = sim.journal.entries(endpoint="call.record.stop")
        assert stop.query == {"URL": first.parsed.url}
        assert sim.state.recordings[first.parsed.recording_id].completed
        assert not sim.state.recordings[second.recording_id].completed
        await client.calls.stop_recording(uuid)
        assert sim.state.recordings[second.recording_id].completed

        played = await raw.start_playing(uuid, urls=[AUDIO, "https://example.test/b.wav"])
        assert_documented_keys("call.play.start", played.content)
        assert played.parsed.message == "play started"
        assert sim.journal.entries(endpoint="call.play.start")[0].body == {
            "urls": f"{AUDIO},https://example.test/b.wav"
        }
        assert sim.call(uuid).playing
        assert await client.calls.stop_playing(uuid) is None
        assert not sim.call(uuid).playing

        spoken = await raw.start_speaking(uuid, text="Hello", voice="MAN", language="en-GB")
        assert_documented_keys("call.speak.start", spoken.content)
        assert spoken.parsed.message == "speak started"
        assert sim.call(uuid).speaking
        stopped = await raw.stop_speaking(uuid)
        assert stopped.status == 204
        assert stopped.parsed == CallSpeakStopped()  # the simulator sends no body on a 204
        assert not sim.call(uuid).speaking

        sent = await raw.send_digits(uuid, digits="8743#", leg="bleg")
        assert_documented_keys("call.dtmf.send", sent.content)
        assert sent.parsed.message == "digits sent"
        assert sim.call(uuid).digits_sent == ["8743#"]

        await client.calls.hangup(uuid)
        rated = await raw.feedback(uuid, rating=3.5, issues=["ECHO", "AUDIO_LAG"], notes="echo")
        assert_documented_keys("call.feedback", rated.content)
        assert (rated.status, rated.parsed.status) == (201, "success")
        assert sim.state.feedback == [
            {"call_uuid": uuid, "rating": 3.5, "issues": ["ECHO", "AUDIO_LAG"], "notes": "echo"}
        ]
        # The call has ended: acting on it is a 404 from the API.
        with pytest.raises(NotFoundError):
            await client.calls.start_playing(uuid, urls=AUDIO)
        with pytest.raises(NotFoundError):
            await client.calls.send_digits(uuid, digits="1")


def test_the_blocking_client_records_plays_speaks_dials_and_rates() -> None:
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        sim.set_call_behavior(talk_seconds=None)
        created = client.calls.create(from_="14155550100", to="14155550101", answer_url=ANSWER_URL)
        uuid = str(created.request_uuid)
        sim.advance(3)
        started = client.calls.start_recording(uuid)
        assert isinstance(started, CallRecordingStarted)
        assert started.url.endswith(".mp3")  # Plivo's default format
        assert client.calls.stop_recording(uuid) is None
        assert client.calls.start_playing(uuid, urls=AUDIO, loop=True).message == "play started"
        assert client.calls.stop_playing(uuid) is None
        assert client.calls.start_speaking(uuid, text="Hi").message == "speak started"
        assert isinstance(client.calls.stop_speaking(uuid), CallSpeakStopped)
        raw = client.calls.with_raw_response.send_digits(uuid, digits="12")
        assert (raw.status, raw.parsed.message) == (202, "digits sent")
        assert client.calls.feedback(uuid, rating=5).message == "Feedback has been posted"
        client.calls.hangup(uuid)
        assert [e.endpoint for e in sim.journal.entries()][1:] == [
            "call.record.start",
            "call.record.stop",
            "call.play.start",
            "call.play.stop",
            "call.speak.start",
            "call.speak.stop",
            "call.dtmf.send",
            "call.feedback",
            "call.hangup",
        ]


async def test_feedback_goes_to_the_stats_host_without_an_account_segment(
    mocked: aioresponses,
) -> None:
    url = "https://stats.test.invalid/v1/Call/c-1/Feedback/"
    mocked.post(url, status=201, payload=CATALOG["call.feedback"]["response_example"])
    async with make_client(stats_base_url="https://stats.test.invalid/") as client:
        answer = await client.calls.feedback("c-1", rating=4, issues="ECHO")
    assert answer.message == "Feedback has been posted"
    [(method, sent_url)] = list(mocked.requests)
    assert (method, str(sent_url)) == ("POST", url)


@pytest.mark.parametrize(
    ("issues", "sent"),
    [
        ("ECHO", ["ECHO"]),
        ("ECHO,AUDIO_LAG", ["ECHO", "AUDIO_LAG"]),
        (["ONE_WAY_AUDIO"], ["ONE_WAY_AUDIO"]),
        (("CALL_DROPPED", "OTHERS", "ECHO"), ["CALL_DROPPED", "OTHERS", "ECHO"]),
        (ISSUES, ISSUES),
    ],
)
async def test_feedback_issues_are_sent_as_a_json_array(issues: Any, sent: list[str]) -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        await client.calls.feedback(uuid, rating=1, issues=issues)
        [entry] = sim.journal.entries(endpoint="call.feedback")
        assert entry.body == {"rating": 1, "issues": sent}
        assert sim.state.feedback[0]["issues"] == sent


async def test_a_top_rating_needs_no_issues_and_unset_arguments_are_not_sent() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        await client.calls.feedback(uuid, rating=5)
        await client.calls.feedback(uuid, rating=5.0, notes="great")
        first, second = sim.journal.entries(endpoint="call.feedback")
        assert (first.body, second.body) == ({"rating": 5}, {"rating": 5.0, "notes": "great"})


async def test_a_speak_stop_answered_with_a_body_keeps_it(mocked: aioresponses) -> None:
    # Documented as a 204 that carries {"message": "speak stopped", "api_id": ...}.
    example = CATALOG["call.speak.stop"]["response_example"]
    mocked.delete(f"https://api.test.invalid/v1/Account/{AUTH_ID}/Call/c-1/Speak/", payload=example)
    async with make_client() as client:
        stopped = await client.calls.stop_speaking("c-1")
    assert (stopped.message, stopped.api_id) == ("speak stopped", example["api_id"])


# -- the documented answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        ("call.feedback", CallFeedback),
        ("call.record.start", CallRecordingStarted),
        ("call.play.start", CallPlayStarted),
        ("call.speak.start", CallSpeakStarted),
        ("call.speak.stop", CallSpeakStopped),
        ("call.dtmf.send", CallDigitsSent),
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
        assert parsed.message == example["message"]


def test_the_recording_answer_keeps_the_id_and_file_url() -> None:
    example = CATALOG["call.record.start"]["response_example"]
    parsed = get_converter(strict=True).structure(example, CallRecordingStarted)
    assert (parsed.recording_id, parsed.url) == (example["recording_id"], example["url"])
    feedback = CATALOG["call.feedback"]["response_example"]
    assert get_converter(strict=True).structure(feedback, CallFeedback).status == "success"


# -- refused before sending ---------------------------------------------------------------------

CALL = "c-1"


@pytest.mark.parametrize(
    ("call", "argument", "fragment"),
    [
        # feedback: a rating from 1 to 5; issues from the documented codes, required below 5.
        (lambda c: c.feedback(CALL, rating=0.99, issues="ECHO"), "rating", ">= 1"),
        (lambda c: c.feedback(CALL, rating=5.01), "rating", "<= 5"),
        (lambda c: c.feedback(CALL, rating=6), "rating", "<= 5"),
        (lambda c: c.feedback(CALL, rating="4"), "rating", "number"),
        (lambda c: c.feedback(CALL, rating=True), "rating", "number"),
        (lambda c: c.feedback(CALL, rating=float("nan")), "rating", "finite"),
        (lambda c: c.feedback(CALL, rating=None), "rating", "required"),
        (lambda c: c.feedback(CALL, rating=4), "issues", "required when rating is below 5"),
        (lambda c: c.feedback(CALL, rating=4.99), "issues", "required when rating"),
        (lambda c: c.feedback(CALL, rating=1, issues="NOISE"), "issues", "'AUDIO_LAG'"),
        (lambda c: c.feedback(CALL, rating=1, issues="echo"), "issues", "must be one of"),
        (lambda c: c.feedback(CALL, rating=1, issues=["ECHO", "BAD"]), "issues", "item 2 of 2"),
        (lambda c: c.feedback(CALL, rating=1, issues="ECHO,,OTHERS"), "issues", "blank"),
        (lambda c: c.feedback(CALL, rating=1, issues=[]), "issues", "must not be empty"),
        (lambda c: c.feedback(CALL, rating=1, issues=""), "issues", "must not be blank"),
        (lambda c: c.feedback(CALL, rating=5, notes=5), "notes", "string"),
        # record: formats, transcription, durations, callbacks.
        (lambda c: c.start_recording(CALL, file_format="ogg"), "file_format", "'mp3', 'wav'"),
        (lambda c: c.start_recording(CALL, file_format="MP3"), "file_format", "one of"),
        (
            lambda c: c.start_recording(CALL, transcription_type="manual"),
            "transcription_type",
            "'auto'",
        ),
        (lambda c: c.start_recording(CALL, time_limit=0), "time_limit", ">= 1"),
        (lambda c: c.start_recording(CALL, time_limit="60"), "time_limit", "integer"),
        (lambda c: c.start_recording(CALL, transcription_url="t.php"), "transcription_url", "http"),
        (
            lambda c: c.start_recording(CALL, callback_url="ws://a.test/"),
            "callback_url",
            "scheme 'ws'",
        ),
        (
            lambda c: c.start_recording(CALL, callback_method="PUT"),
            "callback_method",
            "'GET', 'POST'",
        ),
        (lambda c: c.stop_recording(CALL, url="rec.mp3"), "url", "http:// or https://"),
        (lambda c: c.stop_recording(CALL, url=""), "url", "must not be blank"),
        # play
        (lambda c: c.start_playing(CALL, urls=None), "urls", "required"),
        (lambda c: c.start_playing(CALL, urls=""), "urls", "must not be blank"),
        (lambda c: c.start_playing(CALL, urls=[]), "urls", "must not be empty"),
        (lambda c: c.start_playing(CALL, urls=[AUDIO, "b.mp3"]), "urls", "item 2 of 2"),
        (lambda c: c.start_playing(CALL, urls=f"{AUDIO},ftp://a/b"), "urls", "scheme 'ftp'"),
        (lambda c: c.start_playing(CALL, urls=["https://a.test/x,y.mp3"]), "urls", "delimiter"),
        (lambda c: c.start_playing(CALL, urls=AUDIO, length=0), "length", ">= 1"),
        (lambda c: c.start_playing(CALL, urls=AUDIO, legs="all"), "legs", "'aleg', 'bleg', 'both'"),
        (lambda c: c.start_playing(CALL, urls=AUDIO, legs="ALEG"), "legs", "one of"),
        (lambda c: c.start_playing(CALL, urls=AUDIO, loop="true"), "loop", "boolean"),
        (lambda c: c.start_playing(CALL, urls=AUDIO, mix=1), "mix", "boolean"),
        # speak
        (lambda c: c.start_speaking(CALL, text=None), "text", "required"),
        (lambda c: c.start_speaking(CALL, text="  "), "text", "must not be blank"),
        (lambda c: c.start_speaking(CALL, text="hi", legs="a"), "legs", "one of"),
        (lambda c: c.start_speaking(CALL, text="hi", loop=0), "loop", "boolean"),
        (lambda c: c.start_speaking(CALL, text="hi", voice=1), "voice", "string"),
        # digits: a single leg, never both
        (lambda c: c.send_digits(CALL, digits=None), "digits", "required"),
        (lambda c: c.send_digits(CALL, digits=""), "digits", "must not be blank"),
        (lambda c: c.send_digits(CALL, digits=1234), "digits", "string"),
        (lambda c: c.send_digits(CALL, digits="1", leg="both"), "leg", "'aleg', 'bleg'"),
        # the call in the path: one segment, never blank or a dot segment
        (lambda c: c.feedback("", rating=5), "call_uuid", "blank"),
        (lambda c: c.feedback("..", rating=5), "call_uuid", "dots"),
        (lambda c: c.start_recording(" "), "call_uuid", "blank"),
        (lambda c: c.stop_recording(""), "call_uuid", "blank"),
        (lambda c: c.start_playing(".", urls=AUDIO), "call_uuid", "dots"),
        (lambda c: c.stop_playing(""), "call_uuid", "blank"),
        (lambda c: c.start_speaking("..", text="hi"), "call_uuid", "dots"),
        (lambda c: c.stop_speaking(""), "call_uuid", "blank"),
        (lambda c: c.send_digits("", digits="1"), "call_uuid", "blank"),
        (lambda c: c.send_digits("a\nb", digits="1"), "call_uuid", "control characters"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    call: Any, argument: str, fragment: str
) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError) as caught:
            await attempt(call, client.calls)
        assert caught.value.argument == argument
        assert fragment in str(caught.value)
        assert len(sim.journal) == 0


@pytest.mark.parametrize("rating", [1, 1.0, 2.5, 4.99, 5, 5.0])
async def test_every_rating_from_1_to_5_is_accepted(rating: float) -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        await client.calls.feedback(uuid, rating=rating, issues="OTHERS")
        assert sim.journal.entries(endpoint="call.feedback")[0].body["rating"] == rating


@pytest.mark.parametrize(
    ("call", "endpoint", "sent"),
    [
        (
            lambda c, u: c.start_recording(u, file_format="mp3"),
            "call.record.start",
            {"file_format": "mp3"},
        ),
        (
            lambda c, u: c.start_recording(u, file_format="wav"),
            "call.record.start",
            {"file_format": "wav"},
        ),
        (
            lambda c, u: c.start_recording(
                u,
                time_limit=1,
                transcription_type="auto",
                transcription_url="https://example.test/t#ct=2000",
                callback_url="http://example.test/done?x=1",
                callback_method="GET",
            ),
            "call.record.start",
            {
                "time_limit": 1,
                "transcription_type": "auto",
                "transcription_url": "https://example.test/t#ct=2000",
                "callback_url": "http://example.test/done?x=1",
                "callback_method": "GET",
            },
        ),
        (
            lambda c, u: c.start_playing(u, urls=AUDIO, legs="aleg"),
            "call.play.start",
            {"urls": AUDIO, "legs": "aleg"},
        ),
        (
            lambda c, u: c.start_playing(u, urls=AUDIO, legs="bleg"),
            "call.play.start",
            {"urls": AUDIO, "legs": "bleg"},
        ),
        (
            lambda c, u: c.start_playing(
                u, urls=(AUDIO, AUDIO), length=1, legs="both", loop=False, mix=False
            ),
            "call.play.start",
            {"urls": f"{AUDIO},{AUDIO}", "length": 1, "legs": "both", "loop": False, "mix": False},
        ),
        (
            lambda c, u: c.start_speaking(
                u, text="Olá", voice="WOMAN", language="pt-BR", legs="both", loop=True, mix=True
            ),
            "call.speak.start",
            {
                "text": "Olá",
                "voice": "WOMAN",
                "language": "pt-BR",
                "legs": "both",
                "loop": True,
                "mix": True,
            },
        ),
        (
            lambda c, u: c.send_digits(u, digits="1w2#", leg="aleg"),
            "call.dtmf.send",
            {"digits": "1w2#", "leg": "aleg"},
        ),
        (
            lambda c, u: c.send_digits(u, digits="*9", leg="bleg"),
            "call.dtmf.send",
            {"digits": "*9", "leg": "bleg"},
        ),
    ],
)
async def test_allowed_values_and_boundaries_are_sent_as_given(
    call: Any, endpoint: str, sent: dict[str, Any]
) -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        uuid = await live_call(sim, client)
        await call(client.calls, uuid)
        [entry] = sim.journal.entries(endpoint=endpoint)
        assert entry.body == sent


async def test_voice_and_language_pass_through_to_plivo(mocked: aioresponses) -> None:
    # Open lists on Plivo's side (newer voices, more languages): the API decides, not the SDK.
    url = f"https://api.test.invalid/v1/Account/{AUTH_ID}/Call/c-1/Speak/"
    mocked.post(url, status=202, payload=CATALOG["call.speak.start"]["response_example"])
    async with make_client() as client:
        await client.calls.start_speaking("c-1", text="Hi", voice="Polly.Joanna", language="xx-YY")
    [call] = mocked.requests[("POST", URL(url))]
    assert json.loads(call.kwargs["data"]) == {
        "text": "Hi",
        "voice": "Polly.Joanna",
        "language": "xx-YY",
    }


ACCOUNT = f"/v1/Account/{AUTH_ID}/"
RECORDED = b'{"api_id": "a", "message": "ok", "recording_id": "r", "url": "u"}'


@pytest.mark.parametrize(
    ("call", "target"),
    [
        (lambda c: c.start_playing("a/b c", urls=AUDIO), f"{ACCOUNT}Call/a%2Fb%20c/Play/"),
        (lambda c: c.stop_speaking("a?b#c"), f"{ACCOUNT}Call/a%3Fb%23c/Speak/"),
        (lambda c: c.start_recording("%2e%2e"), f"{ACCOUNT}Call/%252e%252e/Record/"),
        (lambda c: c.stop_recording("x", url=AUDIO), f"{ACCOUNT}Call/x/Record/?URL={AUDIO}"),
        (lambda c: c.feedback("+1 2", rating=5), "/v1/Call/%2B1%202/Feedback/"),
    ],
)
async def test_the_call_uuid_travels_as_one_encoded_segment(
    raw: RawFactory, call: Any, target: str
) -> None:
    server = await raw(reply(200, RECORDED))
    async with plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.url,
        stats_base_url=server.url,
        rate_limit=None,
        retry=None,
    ) as client:
        await call(client.calls)
    [request] = server.requests
    assert request.target == target
