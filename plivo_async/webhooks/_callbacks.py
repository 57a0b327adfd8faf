"""Typed models of the callbacks Plivo posts to your URLs (answer, ring, hangup, ...).

Plivo sends flat ``Name=value`` pairs (form fields or a query string; some products post JSON).
Each model maps the documented names to snake_case attributes with Python types
(``CallUUID`` -> ``call_uuid``, ``Duration`` -> an ``int``); every name a model does not know
is kept as received, under its wire name, in ``extra``, so a new field at Plivo never breaks a
handler. Every attribute is optional except the identifiers Plivo documents as always sent:
what is present varies with the call (inbound or outbound, answered or not). Blank values
(``""``, and ``null`` where Plivo writes it before an MPC ends) read as None. A value that cannot
be read as its type is a ``ValidationError`` naming the wire parameter.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, TypeVar

import attrs

from .._convert import parse_bool, parse_decimal, parse_timestamp
from .._errors import ValidationError
from .._validation import echo

C = TypeVar("C", bound="Callback")

_BLANK = frozenset({"", "null", "None"})
_FRACTION = re.compile(r"\.(\d{1,6})(?=\d*(?:[+-]\d\d:?\d\d|Z)?$)")


@attrs.frozen
class Wire:
    """The parameter an attribute is read from (``local``: a timestamp without a timezone)."""

    name: str
    local: bool = False
    #: Other spellings Plivo uses for the same parameter.
    aliases: tuple[str, ...] = ()


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        number = float(value)  # "42.0" too
        if not number.is_integer():
            raise
        return int(number)


def _timestamp(value: str) -> datetime:
    """``2024-05-01 10:00:00+05:30``, ``... 10:00:00.12345`` (any fraction up to 6 digits, also
    on Python 3.10, which reads only 3 or 6); without an offset the time is taken as UTC."""
    padded = _FRACTION.sub(lambda found: "." + found.group(1).ljust(6, "0"), value.strip(), 1)
    parsed = parse_timestamp(padded)
    assert parsed is not None
    return parsed


def _local_time(value: str) -> datetime:
    """A naive datetime: hangup times are in the account's console timezone, which is unknown."""
    return _timestamp(value).replace(tzinfo=None)


def _decimal(value: str) -> Decimal:
    parsed = parse_decimal(value)
    assert parsed is not None
    return parsed


#: Type -> how a parameter's text is read, and what an error says it must be.
Reader = tuple[Callable[[str], Any], str]
_READERS: dict[Any, Reader] = {
    str: (str, "text"),
    int: (_int, "an integer"),
    float: (float, "a number"),
    bool: (parse_bool, "true or false"),
    Decimal: (_decimal, "a decimal number"),
    datetime: (_timestamp, "a timestamp"),
}
_LOCAL_TIME: Reader = (_local_time, "a timestamp")


def _scalar(value: Any) -> Any:
    # A repeated name (a list from a form) gives a typed attribute its last value.
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(mapping))


@attrs.frozen(kw_only=True)
class Callback:
    """Base of every callback model: the parameters the model does not name, as received."""

    #: Names that map to no attribute -> their values as received (a list for a repeated name).
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_read_only)

    #: Attribute -> reader, per class (built on first use).
    __plivo_readers__: ClassVar[dict[str, tuple[str, Reader]]]

    @classmethod
    def from_params(cls: type[C], params: Mapping[str, Any]) -> C:
        """The model of ``params`` (a form's or query's fields, or a JSON object)."""
        if not isinstance(params, Mapping):
            raise ValidationError(
                "params", f"must be a mapping of parameter names, got {type(params).__name__}"
            )
        readers = _readers(cls)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for name, value in params.items():
            found = readers.get(name)
            if found is None:
                extra[name] = value
                continue
            attribute, read = found
            values[attribute] = _read(name, _scalar(value), read)
        for field in attrs.fields(cls):
            if field.default is attrs.NOTHING and values.get(field.name) is None:
                wire = next(
                    name for name, (attribute, _) in readers.items() if attribute == field.name
                )
                raise ValidationError(wire, "is required in this callback")
        return cls(extra=extra, **values)

    @property
    def sip_headers(self) -> dict[str, str]:
        """Custom SIP headers (``X-PH-Id=1`` -> ``{"Id": "1"}``)."""
        return {
            name[5:]: _scalar(value)
            for name, value in self.extra.items()
            if name[:5].upper() == "X-PH-"
        }


def _readers(cls: type[Callback]) -> dict[str, tuple[str, Reader]]:
    cached = cls.__dict__.get("__plivo_readers__")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    import typing

    hints = typing.get_type_hints(cls, include_extras=True)
    readers: dict[str, tuple[str, Reader]] = {}
    for field in attrs.fields(cls):
        hint = hints[field.name]
        if typing.get_origin(hint) is not Annotated:
            continue
        kind, wire = typing.get_args(hint)[:2]
        (kind,) = [arg for arg in typing.get_args(kind) or (kind,) if arg is not type(None)]
        for name in (wire.name, *wire.aliases):
            readers[name] = (field.name, _LOCAL_TIME if wire.local else _READERS[kind])
    cls.__plivo_readers__ = readers
    return readers


def _read(name: str, value: Any, reader: Reader) -> Any:
    read, wanted = reader
    if value is None or (isinstance(value, bool) and read is parse_bool):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # a JSON number
    elif not isinstance(value, str):
        raise ValidationError(name, f"must be {wanted}, got {type(value).__name__}")
    if read is str:
        return value
    if value.strip() in _BLANK:
        return None
    try:
        return read(value)
    except (ValueError, TypeError, ArithmeticError):
        raise ValidationError(name, f"must be {wanted}, got {echo(value)}") from None


# -- calls -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CallCallback(Callback):
    """What every callback about a call carries (webhooks.md §4)."""

    call_uuid: Annotated[str, Wire("CallUUID")]
    from_: Annotated[str | None, Wire("From")] = None
    to: Annotated[str | None, Wire("To")] = None
    forwarded_from: Annotated[str | None, Wire("ForwardedFrom")] = None
    #: ``ringing``, ``in-progress``, ``completed``; outbound also ``busy``, ``failed``, ...
    call_status: Annotated[str | None, Wire("CallStatus")] = None
    #: ``inbound`` or ``outbound``.
    direction: Annotated[str | None, Wire("Direction")] = None
    a_leg_uuid: Annotated[str | None, Wire("ALegUUID")] = None
    a_leg_request_uuid: Annotated[str | None, Wire("ALegRequestUUID")] = None
    request_uuid: Annotated[str | None, Wire("RequestUUID")] = None
    #: ``StartApp``, ``Ring``, ``Hangup``, ``MachineDetection`` (absent on some callbacks).
    event: Annotated[str | None, Wire("Event")] = None
    session_start: Annotated[datetime | None, Wire("SessionStart")] = None
    stir_attestation: Annotated[str | None, Wire("STIRAttestation")] = None
    #: ``Verified``, ``Not Verified`` or ``Not Applicable``.
    stir_verification: Annotated[
        str | None, Wire("stir_verification", aliases=("STIRVerification",))
    ] = None


@attrs.frozen(kw_only=True)
class AnswerCallback(CallCallback):
    """``answer_url``/``fallback_url`` (``Event=StartApp``; inbound calls: the §4 set). Reply
    with Plivo XML."""

    #: ``"true"`` when machine detection is on and a machine answered.
    machine: Annotated[str | None, Wire("machine")] = None


@attrs.frozen(kw_only=True)
class RingCallback(CallCallback):
    """``ring_url`` (``Event=Ring``); may come more than once. The reply is ignored."""


@attrs.frozen(kw_only=True)
class HangupCallback(CallCallback):
    """``hangup_url`` (``Event=Hangup``). The reply is ignored.

    ``start_time``/``answer_time``/``end_time`` are naive datetimes: Plivo writes them in the
    account's console timezone.
    """

    start_time: Annotated[datetime | None, Wire("StartTime", local=True)] = None
    answer_time: Annotated[datetime | None, Wire("AnswerTime", local=True)] = None
    end_time: Annotated[datetime | None, Wire("EndTime", local=True)] = None
    hangup_cause: Annotated[str | None, Wire("HangupCause")] = None
    # Not documented for hangup_url, but the CDR has them: read when Plivo sends them.
    hangup_cause_name: Annotated[str | None, Wire("HangupCauseName")] = None
    hangup_cause_code: Annotated[int | None, Wire("HangupCauseCode")] = None
    hangup_source: Annotated[str | None, Wire("HangupSource")] = None
    duration: Annotated[int | None, Wire("Duration")] = None
    bill_duration: Annotated[int | None, Wire("BillDuration")] = None
    total_cost: Annotated[Decimal | None, Wire("TotalCost")] = None
    #: ``"machine_detection"`` when ``machine_detection=hangup`` ended the call.
    machine: Annotated[str | None, Wire("machine")] = None


@attrs.frozen(kw_only=True)
class MachineDetectionCallback(CallCallback):
    """``machine_detection_url`` (``Event=MachineDetection``)."""

    machine: Annotated[bool | None, Wire("Machine")] = None
    #: ``continue`` or ``hangup`` (the ``machine_detection`` the call was made with).
    if_machine: Annotated[str | None, Wire("IfMachine")] = None


@attrs.frozen(kw_only=True)
class DigitsCallback(CallCallback):
    """``GetDigits`` ``action``: the digits pressed (``finishOnKey`` excluded)."""

    digits: Annotated[str | None, Wire("Digits")] = None


@attrs.frozen(kw_only=True)
class InputCallback(CallCallback):
    """``GetInput`` ``action``: DTMF digits or a speech transcription."""

    #: ``dtmf`` or ``speech``.
    input_type: Annotated[str | None, Wire("InputType")] = None
    digits: Annotated[str | None, Wire("Digits")] = None
    speech: Annotated[str | None, Wire("Speech")] = None
    speech_confidence_score: Annotated[float | None, Wire("SpeechConfidenceScore")] = None
    billed_amount: Annotated[Decimal | None, Wire("BilledAmount")] = None


@attrs.frozen(kw_only=True)
class InterimSpeechCallback(Callback):
    """``GetInput`` ``interimSpeechResultsCallback``: a partial transcript."""

    call_uuid: Annotated[str | None, Wire("CallUUID")] = None
    stable_speech: Annotated[str | None, Wire("StableSpeech")] = None
    unstable_speech: Annotated[str | None, Wire("UnstableSpeech")] = None
    stability: Annotated[float | None, Wire("Stability")] = None
    sequence_number: Annotated[int | None, Wire("SequenceNumber")] = None


# -- recordings --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RecordingCallback(Callback):
    """``Record`` ``action`` and ``callbackUrl`` (the durations are ``-1`` in the action when the
    real value comes later, to the callback)."""

    call_uuid: Annotated[str | None, Wire("CallUUID")] = None
    record_url: Annotated[str | None, Wire("RecordUrl")] = None
    recording_id: Annotated[str | None, Wire("RecordingID")] = None
    recording_duration: Annotated[int | None, Wire("RecordingDuration")] = None
    recording_duration_ms: Annotated[int | None, Wire("RecordingDurationMs")] = None
    #: Epoch milliseconds.
    recording_start_ms: Annotated[int | None, Wire("RecordingStartMs")] = None
    recording_end_ms: Annotated[int | None, Wire("RecordingEndMs")] = None
    digits: Annotated[str | None, Wire("Digits")] = None


@attrs.frozen(kw_only=True)
class TranscriptionCallback(Callback):
    """``Record`` ``transcriptionUrl`` (Plivo writes these names in snake_case)."""

    transcription: Annotated[str | None, Wire("transcription")] = None
    transcription_charge: Annotated[Decimal | None, Wire("transcription_charge")] = None
    transcription_rate: Annotated[Decimal | None, Wire("transcription_rate")] = None
    duration: Annotated[int | None, Wire("duration")] = None
    call_uuid: Annotated[str | None, Wire("call_uuid")] = None
    recording_id: Annotated[str | None, Wire("recording_id")] = None
    #: Empty on success; else why (recording too long, file too large).
    error: Annotated[str | None, Wire("error")] = None


@attrs.frozen(kw_only=True)
class ApiRecordingCallback(Callback):
    """``callback_url`` of a recording started with the API (``calls.record.start``,
    ``conferences.record.start``): snake_case names."""

    api_id: Annotated[str | None, Wire("api_id")] = None
    record_url: Annotated[str | None, Wire("record_url")] = None
    call_uuid: Annotated[str | None, Wire("call_uuid")] = None
    conference_name: Annotated[str | None, Wire("conference_name")] = None
    recording_id: Annotated[str | None, Wire("recording_id")] = None
    recording_duration: Annotated[int | None, Wire("recording_duration")] = None
    recording_duration_ms: Annotated[int | None, Wire("recording_duration_ms")] = None
    recording_start_ms: Annotated[int | None, Wire("recording_start_ms")] = None
    recording_end_ms: Annotated[int | None, Wire("recording_end_ms")] = None


# -- dial, stream, conference ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DialActionCallback(CallCallback):
    """``Dial`` ``action``: how the dial ended."""

    #: ``completed``, ``busy``, ``failed``, ``timeout``, ``no-answer`` (or ``cancel``).
    dial_status: Annotated[str | None, Wire("DialStatus")] = None
    dial_ring_status: Annotated[bool | None, Wire("DialRingStatus")] = None
    dial_hangup_cause: Annotated[str | None, Wire("DialHangupCause")] = None
    dial_a_leg_uuid: Annotated[str | None, Wire("DialALegUUID")] = None
    dial_b_leg_uuid: Annotated[str | None, Wire("DialBLegUUID")] = None


@attrs.frozen(kw_only=True)
class DialCallback(CallCallback):
    """``Dial`` ``callbackUrl``: live events of the B leg."""

    #: ``answer``, ``connected``, ``hangup`` or ``digits``.
    dial_action: Annotated[str | None, Wire("DialAction")] = None
    dial_b_leg_status: Annotated[str | None, Wire("DialBLegStatus")] = None
    dial_a_leg_uuid: Annotated[str | None, Wire("DialALegUUID")] = None
    dial_b_leg_uuid: Annotated[str | None, Wire("DialBLegUUID")] = None
    dial_b_leg_duration: Annotated[int | None, Wire("DialBLegDuration")] = None
    dial_b_leg_bill_duration: Annotated[int | None, Wire("DialBLegBillDuration")] = None
    dial_b_leg_from: Annotated[str | None, Wire("DialBLegFrom")] = None
    dial_b_leg_to: Annotated[str | None, Wire("DialBLegTo")] = None
    dial_digits_match: Annotated[str | None, Wire("DialDigitsMatch")] = None
    #: ``ALeg`` or ``BLeg``.
    dial_digits_pressed_by: Annotated[str | None, Wire("DialDigitsPressedBy")] = None
    dial_b_leg_hangup_cause_name: Annotated[str | None, Wire("DialBLegHangupCauseName")] = None
    dial_b_leg_hangup_cause_code: Annotated[str | None, Wire("DialBLegHangupCauseCode")] = None
    dial_b_leg_hangup_source: Annotated[str | None, Wire("DialBLegHangupSource")] = None


@attrs.frozen(kw_only=True)
class StreamStatusCallback(Callback):
    """``Stream`` ``statusCallbackUrl``. Only ``Event`` is documented; the rest is in ``extra``."""

    #: ``StartStream``, ``StopStream``, ``DroppedStream`` or ``DegradedStream``.
    event: Annotated[str, Wire("Event")]
    call_uuid: Annotated[str | None, Wire("CallUUID")] = None


@attrs.frozen(kw_only=True)
class ConferenceCallback(Callback):
    """``Conference`` ``action`` (a member left) and ``callbackUrl`` (events)."""

    #: ``enter``, ``exit``, ``digits``, ``floor``, ``record`` (``callbackUrl`` only).
    conference_action: Annotated[str | None, Wire("ConferenceAction")] = None
    conference_name: Annotated[str | None, Wire("ConferenceName")] = None
    conference_uuid: Annotated[str | None, Wire("ConferenceUUID")] = None
    conference_member_id: Annotated[str | None, Wire("ConferenceMemberID")] = None
    call_uuid: Annotated[str | None, Wire("CallUUID")] = None
    conference_digits_match: Annotated[str | None, Wire("ConferenceDigitsMatch")] = None
    record_url: Annotated[str | None, Wire("RecordUrl")] = None
    recording_id: Annotated[str | None, Wire("RecordingID")] = None
    recording_duration: Annotated[int | None, Wire("RecordingDuration")] = None
    recording_duration_ms: Annotated[int | None, Wire("RecordingDurationMs")] = None
    recording_start_ms: Annotated[int | None, Wire("RecordingStartMs")] = None
    recording_end_ms: Annotated[int | None, Wire("RecordingEndMs")] = None


# -- multiparty calls --------------------------------------------------------------------------

MPC_STATUS_EVENTS = frozenset(
    {
        "MPCInitialized",
        "MPCStart",
        "MPCEnd",
        "ParticipantJoin",
        "ParticipantExit",
        "ParticipantMute",
        "ParticipantUnmute",
        "ParticipantHold",
        "ParticipantUnhold",
        "ParticipantCoachModeStart",
        "ParticipantCoachModeStop",
        "ParticipantSpeakStart",
        "ParticipantSpeakStop",
        "ParticipantDigitInput",
        "AddParticipantByAPIActionInitiated",
        "AddParticipantByAPIActionCompleted",
        "ParticipantAudioPlayed",
        "ParticipantAudioStopped",
    }
)
MPC_RECORDING_EVENTS = frozenset(
    {
        "MPCRecordingInitiated",
        "MPCRecordingPaused",
        "MPCRecordingResumed",
        "MPCRecordingCompleted",
        "MPCRecordingFailed",
    }
)
MPC_PARTICIPANT_CALL_EVENTS = frozenset({"Initiated", "Ringing", "Answered", "Hangup"})


@attrs.frozen(kw_only=True)
class MPCStatusCallback(Callback):
    """``MultiPartyCall`` ``statusCallbackUrl``: MPC and participant events."""

    event_name: Annotated[str, Wire("EventName")]
    event_timestamp: Annotated[datetime | None, Wire("EventTimestamp")] = None
    mpc_uuid: Annotated[str | None, Wire("MPCUUID")] = None
    mpc_name: Annotated[str | None, Wire("MPCName")] = None
    mpc_creation_time: Annotated[datetime | None, Wire("MPCCreationTime")] = None
    mpc_start_time: Annotated[datetime | None, Wire("MPCStartTime")] = None
    mpc_end_time: Annotated[datetime | None, Wire("MPCEndTime")] = None
    mpc_duration: Annotated[int | None, Wire("MPCDuration")] = None
    mpc_billed_duration: Annotated[int | None, Wire("MPCBilledDuration")] = None
    mpc_billed_amount: Annotated[Decimal | None, Wire("MPCBilledAmount")] = None
    mpc_termination_cause: Annotated[str | None, Wire("MPCTerminationCause")] = None
    mpc_termination_cause_code: Annotated[str | None, Wire("MPCTerminationCauseCode")] = None
    member_id: Annotated[str | None, Wire("MemberID")] = None
    member_address: Annotated[str | None, Wire("MemberAddress")] = None
    #: ``Agent``, ``Supervisor`` or ``Customer``.
    participant_role: Annotated[str | None, Wire("ParticipantRole")] = None
    participant_call_uuid: Annotated[str | None, Wire("ParticipantCallUUID")] = None
    participant_call_direction: Annotated[str | None, Wire("ParticipantCallDirection")] = None
    participant_call_from: Annotated[str | None, Wire("ParticipantCallFrom")] = None
    participant_call_to: Annotated[str | None, Wire("ParticipantCallTo")] = None
    participant_coach_mode: Annotated[bool | None, Wire("ParticipantCoachMode")] = None
    participant_join_time: Annotated[datetime | None, Wire("ParticipantJoinTime")] = None
    participant_exit_time: Annotated[datetime | None, Wire("ParticipantExitTime")] = None
    participant_exit_cause: Annotated[str | None, Wire("ParticipantExitCause")] = None
    digit_input: Annotated[str | None, Wire("DigitInput")] = None
    sequence_number: Annotated[int | None, Wire("SequenceNumber")] = None
    stir_verification: Annotated[str | None, Wire("STIRVerification")] = None


@attrs.frozen(kw_only=True)
class MPCRecordingCallback(Callback):
    """``MultiPartyCall`` ``recordingCallbackUrl``: ``MPCRecordingInitiated`` ... ``Failed``."""

    event_name: Annotated[str, Wire("EventName")]
    event_timestamp: Annotated[datetime | None, Wire("EventTimestamp")] = None
    mpc_uuid: Annotated[str | None, Wire("MPCUUID")] = None
    mpc_name: Annotated[str | None, Wire("MPCName")] = None
    recording_uuid: Annotated[str | None, Wire("RecordingUUID")] = None
    recording_url: Annotated[str | None, Wire("RecordingURL")] = None
    recording_resource_url: Annotated[str | None, Wire("RecordingResourceURL")] = None
    recording_format: Annotated[str | None, Wire("RecordingFormat")] = None
    recording_duration: Annotated[int | None, Wire("RecordingDuration")] = None
    recording_start_time: Annotated[datetime | None, Wire("RecordingStartTime")] = None
    recording_end_time: Annotated[datetime | None, Wire("RecordingEndTime")] = None
    sequence_number: Annotated[int | None, Wire("SequenceNumber")] = None


@attrs.frozen(kw_only=True)
class MPCExitCallback(Callback):
    """``MultiPartyCall`` ``onExitActionUrl``: a participant left; reply with Plivo XML."""

    mpc_uuid: Annotated[str | None, Wire("MPCUUID")] = None
    mpc_friendly_name: Annotated[str | None, Wire("MPCFriendlyName")] = None
    member_id: Annotated[str | None, Wire("MemberID")] = None
    participant_call_uuid: Annotated[str | None, Wire("ParticipantCallUUID")] = None
    participant_join_time: Annotated[datetime | None, Wire("ParticipantJoinTime")] = None
    participant_end_time: Annotated[datetime | None, Wire("ParticipantEndTime")] = None
    participant_role: Annotated[str | None, Wire("ParticipantRole")] = None


@attrs.frozen(kw_only=True)
class MPCParticipantCallCallback(Callback):
    """``call_status_callback_url`` of a participant added with the API: ``Initiated``,
    ``Ringing``, ``Answered``, ``Hangup``."""

    event_name: Annotated[str, Wire("EventName")]
    mpc_uuid: Annotated[str | None, Wire("MPCUUID")] = None
    call_uuid: Annotated[str | None, Wire("CallUUID")] = None
    from_: Annotated[str | None, Wire("From")] = None
    to: Annotated[str | None, Wire("To")] = None
    initiation_time: Annotated[datetime | None, Wire("InitiationTime")] = None
    ring_time: Annotated[datetime | None, Wire("RingTime")] = None
    answer_time: Annotated[datetime | None, Wire("AnswerTime")] = None
    hangup_time: Annotated[datetime | None, Wire("HangupTime")] = None
    duration: Annotated[int | None, Wire("Duration")] = None
    billed_duration: Annotated[int | None, Wire("BilledDuration")] = None
    rate: Annotated[Decimal | None, Wire("Rate")] = None
    total_amount: Annotated[Decimal | None, Wire("TotalAmount")] = None
    plivo_hangup_cause: Annotated[str | None, Wire("PlivoHangupCause")] = None
    plivo_hangup_cause_code: Annotated[str | None, Wire("PlivoHangupCauseCode")] = None
    plivo_hangup_source: Annotated[str | None, Wire("PlivoHangupSource")] = None


_STREAM_EVENTS = frozenset({"StartStream", "StopStream", "DroppedStream", "DegradedStream"})
_CALL_EVENTS: dict[str, type[Callback]] = {
    "StartApp": AnswerCallback,
    "Ring": RingCallback,
    "Hangup": HangupCallback,
    "MachineDetection": MachineDetectionCallback,
}


def callback_model(params: Mapping[str, Any]) -> type[Callback]:
    """The model ``parse_callback`` picks for ``params``, from the names and events present."""
    names = params.keys()
    event = _scalar(params.get("Event"))
    event_name = _scalar(params.get("EventName"))
    if event_name in MPC_STATUS_EVENTS:
        return MPCStatusCallback
    if event_name in MPC_RECORDING_EVENTS:
        return MPCRecordingCallback
    if event_name in MPC_PARTICIPANT_CALL_EVENTS and "MPCUUID" in names:
        return MPCParticipantCallCallback
    if "MPCUUID" in names and "ParticipantCallUUID" in names:
        return MPCExitCallback
    if "ConferenceName" in names or "ConferenceUUID" in names:
        return ConferenceCallback
    if "DialAction" in names:
        return DialCallback
    if "DialStatus" in names:
        return DialActionCallback
    if event in _STREAM_EVENTS:
        return StreamStatusCallback
    if "InputType" in names:
        return InputCallback
    if "StableSpeech" in names or "UnstableSpeech" in names:
        return InterimSpeechCallback
    if "transcription" in names:
        return TranscriptionCallback
    if "RecordingID" in names or "RecordUrl" in names:
        return RecordingCallback
    if "recording_id" in names:
        return ApiRecordingCallback
    if isinstance(event, str) and event in _CALL_EVENTS:
        return _CALL_EVENTS[event]
    if "Digits" in names and "CallUUID" in names:
        return DigitsCallback
    if "CallUUID" in names:
        # An inbound call's answer_url carries the §4 set without an Event.
        return AnswerCallback
    return Callback


def parse_callback(params: Mapping[str, Any]) -> Callback:
    """The typed model of any callback, chosen from what it carries (``callback_model``).

    When the URL already says which callback it is, ``Model.from_params(params)`` is exact:
    a ``Record`` action and a conference recording event look alike, for instance.
    """
    if not isinstance(params, Mapping):
        raise ValidationError(
            "params", f"must be a mapping of parameter names, got {type(params).__name__}"
        )
    return callback_model(params).from_params(params)
