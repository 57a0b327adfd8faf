"""Callback models: documented names to snake_case attributes with Python types, unknown names
kept as received, the model picked from what a callback carries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

from plivo_async import ValidationError
from plivo_async.webhooks import (
    AnswerCallback,
    ApiRecordingCallback,
    Callback,
    ConferenceCallback,
    DialActionCallback,
    DialCallback,
    DigitsCallback,
    HangupCallback,
    InputCallback,
    InterimSpeechCallback,
    MachineDetectionCallback,
    MPCExitCallback,
    MPCParticipantCallCallback,
    MPCRecordingCallback,
    MPCStatusCallback,
    RecordingCallback,
    RingCallback,
    StreamStatusCallback,
    TranscriptionCallback,
    callback_model,
    parse_callback,
)

UUID = "4vbcpem8-0u46-x1ha-9af1-438vc92bf374"

ANSWER = {
    "From": "+14155550100",
    "To": "+14155550101",
    "CallUUID": UUID,
    "Direction": "outbound",
    "ALegUUID": UUID,
    "ALegRequestUUID": "req-1",
    "RequestUUID": "req-1",
    "Event": "StartApp",
    "CallStatus": "in-progress",
    "SessionStart": "2024-05-01 10:00:00.12345",
    "STIRAttestation": "A",
    "stir_verification": "Verified",
}


def test_an_answer_callback_reads_every_documented_name() -> None:
    callback = parse_callback(ANSWER)
    assert isinstance(callback, AnswerCallback)
    assert callback.call_uuid == UUID
    assert (callback.from_, callback.to) == ("+14155550100", "+14155550101")
    assert callback.direction == "outbound"
    assert (callback.a_leg_uuid, callback.a_leg_request_uuid) == (UUID, "req-1")
    assert callback.event == "StartApp"
    assert callback.call_status == "in-progress"
    # Five fractional digits: read on every Python (3.10's fromisoformat takes 3 or 6 only).
    assert callback.session_start == datetime(2024, 5, 1, 10, 0, 0, 123450, tzinfo=timezone.utc)
    assert (callback.stir_attestation, callback.stir_verification) == ("A", "Verified")
    assert dict(callback.extra) == {}


def test_a_hangup_callback_types_its_figures() -> None:
    callback = parse_callback(
        {
            **ANSWER,
            "Event": "Hangup",
            "CallStatus": "completed",
            "StartTime": "2024-05-01 10:00:00",
            "AnswerTime": "2024-05-01 10:00:05",
            "EndTime": "2024-05-01 10:01:05",
            "HangupCause": "NORMAL_CLEARING",
            "Duration": "60",
            "BillDuration": "60",
            "TotalCost": "0.00850",
            "machine": "machine_detection",
        }
    )
    assert isinstance(callback, HangupCallback)
    assert (callback.duration, callback.bill_duration) == (60, 60)
    assert callback.total_cost == Decimal("0.00850")
    # The console timezone is unknown: naive datetimes.
    assert callback.start_time == datetime(2024, 5, 1, 10, 0, 0)
    assert callback.end_time is not None
    assert callback.end_time.tzinfo is None
    assert callback.hangup_cause == "NORMAL_CLEARING"
    assert callback.machine == "machine_detection"


def test_unknown_names_are_kept_with_their_wire_names() -> None:
    callback = parse_callback({**ANSWER, "X-PH-Id": "7", "BrandNewField": "x", "Tags": ["a", "b"]})
    assert dict(callback.extra) == {"X-PH-Id": "7", "BrandNewField": "x", "Tags": ["a", "b"]}
    assert callback.sip_headers == {"Id": "7"}
    with pytest.raises(TypeError):
        callback.extra["BrandNewField"] = "changed"  # type: ignore[index]


def test_models_are_frozen() -> None:
    callback = parse_callback(ANSWER)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        callback.call_uuid = "other"  # type: ignore[misc]


def test_json_values_are_read_too() -> None:
    callback = HangupCallback.from_params({"CallUUID": UUID, "Duration": 61, "TotalCost": 0.5})
    assert callback.duration == 61
    assert callback.total_cost == Decimal("0.5")
    machine = MachineDetectionCallback.from_params({"CallUUID": UUID, "Machine": True})
    assert machine.machine is True


def test_blank_values_read_as_none() -> None:
    callback = MPCStatusCallback.from_params(
        {"EventName": "MPCStart", "MPCDuration": "", "MPCBilledAmount": "null", "MPCName": ""}
    )
    assert callback.mpc_duration is None
    assert callback.mpc_billed_amount is None
    assert callback.mpc_name == ""  # text stays text


def test_a_repeated_name_gives_its_last_value() -> None:
    assert DigitsCallback.from_params({"CallUUID": UUID, "Digits": ["1", "42"]}).digits == "42"


@pytest.mark.parametrize(
    ("model", "params", "argument", "wanted"),
    [
        (HangupCallback, {"CallUUID": UUID, "Duration": "sixty"}, "Duration", "an integer"),
        (HangupCallback, {"CallUUID": UUID, "Duration": "1.5"}, "Duration", "an integer"),
        (HangupCallback, {"CallUUID": UUID, "TotalCost": "lots"}, "TotalCost", "decimal"),
        (HangupCallback, {"CallUUID": UUID, "StartTime": "yesterday"}, "StartTime", "timestamp"),
        (MachineDetectionCallback, {"CallUUID": UUID, "Machine": "maybe"}, "Machine", "true"),
        (HangupCallback, {"CallUUID": UUID, "To": {"a": 1}}, "To", "text"),
        (HangupCallback, {"Duration": "1"}, "CallUUID", "required"),
        (MPCStatusCallback, {"MPCUUID": "m"}, "EventName", "required"),
    ],
)
def test_unreadable_values_name_the_wire_parameter(
    model: type[Callback], params: dict[str, object], argument: str, wanted: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.from_params(params)
    assert caught.value.argument == argument
    assert wanted in str(caught.value)


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_callback([("CallUUID", UUID)])  # type: ignore[arg-type]
    assert caught.value.argument == "params"


CASES: list[tuple[dict[str, object], type[Callback], dict[str, object]]] = [
    (
        {**ANSWER, "Event": "Ring", "CallStatus": "ringing"},
        RingCallback,
        {"call_status": "ringing"},
    ),
    (
        {**ANSWER, "Event": "MachineDetection", "Machine": "true", "IfMachine": "hangup"},
        MachineDetectionCallback,
        {"machine": True, "if_machine": "hangup"},
    ),
    (
        {"CallUUID": UUID, "From": "+1", "To": "+2", "Direction": "inbound"},
        AnswerCallback,
        {"direction": "inbound", "event": None},
    ),
    ({**ANSWER, "Event": "Redirect", "Digits": "1234"}, DigitsCallback, {"digits": "1234"}),
    (
        {
            **ANSWER,
            "InputType": "speech",
            "Digits": "",
            "Speech": "sales please",
            "SpeechConfidenceScore": "0.92",
            "BilledAmount": "0.005",
        },
        InputCallback,
        {"speech": "sales please", "speech_confidence_score": 0.92, "digits": ""},
    ),
    (
        {
            "CallUUID": UUID,
            "StableSpeech": "sales",
            "UnstableSpeech": "pl",
            "Stability": "0.4",
            "SequenceNumber": "3",
        },
        InterimSpeechCallback,
        {"stability": 0.4, "sequence_number": 3},
    ),
    (
        {
            "CallUUID": UUID,
            "RecordUrl": "https://media/r.mp3",
            "RecordingID": "r1",
            "RecordingDuration": "-1",
            "RecordingDurationMs": "-1",
            "RecordingStartMs": "1714557600123",
            "RecordingEndMs": "1714557660123",
        },
        RecordingCallback,
        {"recording_duration": -1, "recording_start_ms": 1714557600123, "recording_id": "r1"},
    ),
    (
        {
            "transcription": "hello",
            "transcription_charge": "0.05",
            "transcription_rate": "0.05",
            "duration": "12",
            "call_uuid": UUID,
            "recording_id": "r1",
            "error": "",
        },
        TranscriptionCallback,
        {"transcription_charge": Decimal("0.05"), "duration": 12, "error": ""},
    ),
    (
        {
            "api_id": "a1",
            "record_url": "https://media/r.mp3",
            "call_uuid": UUID,
            "recording_id": "r1",
            "recording_duration": "5",
            "recording_duration_ms": "5000.0",
        },
        ApiRecordingCallback,
        {"recording_duration": 5, "recording_duration_ms": 5000},
    ),
    (
        {
            **ANSWER,
            "DialStatus": "completed",
            "DialRingStatus": "true",
            "DialHangupCause": "",
            "DialALegUUID": UUID,
            "DialBLegUUID": "b1",
        },
        DialActionCallback,
        {"dial_status": "completed", "dial_ring_status": True, "dial_b_leg_uuid": "b1"},
    ),
    (
        {
            **ANSWER,
            "DialAction": "hangup",
            "DialBLegDuration": "30",
            "DialBLegTo": "+3",
            "STIRVerification": "Not Verified",
        },
        DialCallback,
        {"dial_action": "hangup", "dial_b_leg_duration": 30, "stir_verification": "Not Verified"},
    ),
    (
        {"Event": "DegradedStream", "CallUUID": UUID, "StreamID": "s1"},
        StreamStatusCallback,
        {"event": "DegradedStream", "extra": {"StreamID": "s1"}},
    ),
    (
        {
            "ConferenceAction": "enter",
            "ConferenceName": "room",
            "ConferenceUUID": "c1",
            "ConferenceMemberID": "7",
            "CallUUID": UUID,
        },
        ConferenceCallback,
        {"conference_action": "enter", "conference_member_id": "7"},
    ),
    (
        {
            "EventName": "ParticipantJoin",
            "EventTimestamp": "2024-05-01 10:00:00+05:30",
            "MPCUUID": "m1",
            "MPCName": "support",
            "ParticipantRole": "Agent",
            "ParticipantCoachMode": "false",
            "SequenceNumber": "2",
            "MPCDuration": "null",
        },
        MPCStatusCallback,
        {
            "event_timestamp": datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=5.5))),
            "participant_coach_mode": False,
            "sequence_number": 2,
            "mpc_duration": None,
        },
    ),
    (
        {
            "EventName": "MPCRecordingCompleted",
            "MPCUUID": "m1",
            "RecordingUUID": "r",
            "RecordingDuration": "33",
            "RecordingURL": "https://media/r.wav",
        },
        MPCRecordingCallback,
        {"recording_duration": 33, "recording_url": "https://media/r.wav"},
    ),
    (
        {
            "MPCUUID": "m1",
            "MPCFriendlyName": "support",
            "MemberID": "9",
            "ParticipantCallUUID": UUID,
            "ParticipantRole": "Customer",
        },
        MPCExitCallback,
        {"mpc_friendly_name": "support", "participant_role": "Customer"},
    ),
    (
        {
            "EventName": "Hangup",
            "MPCUUID": "m1",
            "CallUUID": UUID,
            "Duration": "20",
            "TotalAmount": "0.01",
            "PlivoHangupCause": "NORMAL_CLEARING",
        },
        MPCParticipantCallCallback,
        {"duration": 20, "total_amount": Decimal("0.01")},
    ),
    ({"something": "else"}, Callback, {"extra": {"something": "else"}}),
]


@pytest.mark.parametrize(("params", "model", "expected"), CASES, ids=[c[1].__name__ for c in CASES])
def test_each_callback_gets_its_model(
    params: dict[str, object], model: type[Callback], expected: dict[str, object]
) -> None:
    assert callback_model(params) is model
    callback = parse_callback(params)
    assert type(callback) is model
    for attribute, value in expected.items():
        got = getattr(callback, attribute)
        assert (dict(got) if attribute == "extra" else got) == value, attribute


def test_from_params_is_exact_where_the_shapes_look_alike() -> None:
    # A Conference record event also carries RecordUrl: the URL knows which callback it is.
    params = {"ConferenceName": "room", "RecordUrl": "https://media/r.mp3", "RecordingID": "r"}
    assert type(parse_callback(params)) is ConferenceCallback
    recording = RecordingCallback.from_params(params)
    assert recording.record_url == "https://media/r.mp3"
    assert dict(recording.extra) == {"ConferenceName": "room"}
