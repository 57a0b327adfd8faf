"""Models of the Call family: calls, live calls, queued calls."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

import attrs

from ._base import Acknowledgement, Model


@attrs.frozen(kw_only=True)
class CallCreated(Acknowledgement):
    """Answer to ``calls.create``: ``message`` is ``"call fired"`` or ``"call queued"``.

    ``request_uuid`` is a string for one destination and a list for a bulk ``to``;
    ``request_uuids`` is always a list.
    """

    request_uuid: str | list[str]

    @property
    def request_uuids(self) -> list[str]:
        uuid = self.request_uuid
        return [uuid] if isinstance(uuid, str) else list(uuid)


@attrs.frozen(kw_only=True)
class CallTransferred(Acknowledgement):
    """Answer to ``calls.transfer`` (``message`` is ``"call transferred"``)."""


@attrs.frozen(kw_only=True)
class Call(Model):
    """A call detail record (CDR) of a completed call."""

    __plivo_aliases__: ClassVar[dict[str, str]] = {"Stir_attestation": "stir_attestation"}

    call_uuid: str
    answer_time: datetime | None = None
    bill_duration: int | None = None
    billed_duration: int | None = None
    call_direction: str | None = None
    call_duration: int | None = None
    call_state: str | None = None
    conference_uuid: str | None = None
    end_time: datetime | None = None
    from_number: str | None = None
    hangup_cause_code: int | None = None
    hangup_cause_name: str | None = None
    hangup_source: str | None = None
    initiation_time: datetime | None = None
    parent_call_uuid: str | None = None
    resource_uri: str | None = None
    stir_verification: str | None = None
    stir_attestation: str | None = None
    to_number: str | None = None
    total_amount: Decimal | None = None
    total_rate: Decimal | None = None
    voice_network_group: str | None = None
    source_ip: str | None = None
    request_uuid: str | None = None


@attrs.frozen(kw_only=True)
class CallInSession(Model):
    """What live and queued calls share: a call that has not ended yet."""

    __plivo_wire_names__: ClassVar[dict[str, str]] = {"from_": "from"}

    call_uuid: str
    direction: str | None = None
    from_: str | None = None
    to: str | None = None
    call_status: str | None = None
    caller_name: str | None = None
    request_uuid: str | None = None


@attrs.frozen(kw_only=True)
class LiveCall(CallInSession):
    """A call in progress (``live_calls.get`` / ``live_calls.list``)."""

    __plivo_aliases__: ClassVar[dict[str, str]] = {"Stir_attestation": "stir_attestation"}

    session_start: datetime | None = None
    stir_attestation: str | None = None
    stir_verification: str | None = None


@attrs.frozen(kw_only=True)
class QueuedCall(CallInSession):
    """A call waiting to be dispatched at the account's calls-per-second limit."""


@attrs.frozen(kw_only=True)
class CallUuids(Model):
    """The UUIDs answered by ``live_calls.list_ids`` / ``queued_calls.list_ids``."""

    calls: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class CallFeedback(Acknowledgement):
    """Answer to ``calls.feedback``: ``message`` is ``"Feedback has been posted"``.

    ``status`` is ``"success"``; ``error`` is one of the attributes the reference lists for this
    answer (it describes a refusal, which arrives as an ``APIError`` instead).
    """

    status: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class CallRecordingStarted(Acknowledgement):
    """Answer to ``calls.start_recording``: the recording's id and where its file will be.

    ``message`` is ``"call recording started"``; ``recording_id`` names the recording
    (``recordings.get``); the file at ``url`` is complete once the recording stops.
    """

    recording_id: str
    url: str


@attrs.frozen(kw_only=True)
class CallPlayStarted(Acknowledgement):
    """Answer to ``calls.start_playing`` (``message`` is ``"play started"``)."""


@attrs.frozen(kw_only=True)
class CallSpeakStarted(Acknowledgement):
    """Answer to ``calls.start_speaking`` (``message`` is ``"speak started"``)."""


@attrs.frozen(kw_only=True)
class CallSpeakStopped(Acknowledgement):
    """Answer to ``calls.stop_speaking``: documented as a 204 that may carry ``{"message":
    "speak stopped", "api_id": ...}``; when Plivo sends no body both fields are None."""


@attrs.frozen(kw_only=True)
class CallDigitsSent(Acknowledgement):
    """Answer to ``calls.send_digits`` (``message`` is ``"digits sent"``)."""
