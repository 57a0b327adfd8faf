"""The simulated account: calls, recordings, streams, multiparty calls, conferences, SIP
endpoints and verified caller IDs, plus the seeded identifier factory.

Entities are plain mutable dataclasses; the route modules change them and render them in the
reference's wire shapes. Times are simulated seconds (see ``_clock.SimClock``).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal, Protocol

__all__ = [
    "Call",
    "CallBehavior",
    "CallHooks",
    "CallStatus",
    "Conference",
    "ConferenceMember",
    "EndpointRecord",
    "Mpc",
    "Participant",
    "PendingVerification",
    "Recording",
    "SimState",
    "Stream",
    "VerifiedCallerId",
]

CallStatus = Literal["queued", "ringing", "in-progress", "completed"]


@dataclass(frozen=True)
class CallBehavior:
    """How a destination behaves once dialled.

    ``answer=False`` rings until ``ring_timeout`` (from the request, 60 s otherwise) and ends as
    "No Answer"; ``busy=True`` ends at once as "Busy Line". ``talk_seconds=None`` keeps an
    answered call up until something hangs it up (the API, ``time_limit``, a test).

    ``digits`` is what the callee keys in when answer XML asks (``GetDigits``/``GetInput``), one
    entry per prompt, in order: ``"1234#"`` is one entry, ``["1", "", "42#"]`` three (``""``
    presses nothing: that prompt times out).
    """

    answer: bool = True
    busy: bool = False
    ring_seconds: float = 2.0
    talk_seconds: float | None = 10.0
    digits: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        digits: Any = self.digits
        entries = (digits,) if isinstance(digits, str) else tuple(digits)
        if not all(isinstance(entry, str) for entry in entries):
            raise TypeError("digits must be a string or a sequence of strings")
        object.__setattr__(self, "digits", entries)


@dataclass
class Call:
    call_uuid: str
    request_uuid: str
    from_number: str
    to_number: str
    direction: str
    caller_name: str
    created_at: float
    params: dict[str, Any] = field(default_factory=dict)
    status: CallStatus = "queued"
    dispatch_at: float | None = None
    ring_at: float | None = None
    answer_at: float | None = None
    end_at: float | None = None
    call_state: str | None = None
    hangup_cause_name: str | None = None
    hangup_cause_code: int | None = None
    hangup_source: str | None = None
    parent_call_uuid: str | None = None
    conference_uuid: str | None = None
    total_rate: str = "0.00850"
    playing: bool = False
    speaking: bool = False
    digits_sent: list[str] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    recording_ids: list[str] = field(default_factory=list)
    stream_ids: list[str] = field(default_factory=list)
    mpc_member: tuple[str, str] | None = None  # (mpc_uuid, member_id) while in an MPC
    # Answer XML (``Simulator(run_xml=True)``): keys the callee will enter, one entry per
    # prompt, and the steps run so far as (simulated second, what ran).
    pending_input: list[str] = field(default_factory=list)
    xml_steps: list[tuple[float, str]] = field(default_factory=list)

    @property
    def live(self) -> bool:
        return self.status in ("ringing", "in-progress")

    @property
    def bill_duration(self) -> int:
        if self.answer_at is None or self.end_at is None:
            return 0
        return round(self.end_at - self.answer_at)


@dataclass
class Recording:
    recording_id: str
    recording_type: str  # "normal" (call), "conference", "mpc"
    recording_format: str
    start_at: float
    call_uuid: str | None = None
    conference_name: str | None = None
    conference_uuid: str | None = None
    mpc_name: str | None = None
    mpc_uuid: str | None = None
    member_id: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    end_at: float | None = None
    paused: bool = False
    callback_url: str | None = None

    @property
    def completed(self) -> bool:
        return self.end_at is not None


@dataclass
class Stream:
    stream_id: str
    call_uuid: str
    service_url: str
    audio_track: str
    bidirectional: bool
    created_at: float
    params: dict[str, Any] = field(default_factory=dict)
    end_at: float | None = None

    @property
    def active(self) -> bool:
        return self.end_at is None


@dataclass
class Participant:
    member_id: str
    mpc_uuid: str
    call_uuid: str
    role: str
    member_address: str
    join_at: float
    coach_mode: bool = False
    mute: bool = False
    hold: bool = False
    start_mpc_on_enter: bool = True
    end_mpc_on_exit: bool = False
    exit_at: float | None = None
    exit_cause: str | None = None
    recording_id: str | None = None
    playing: bool = False

    @property
    def active(self) -> bool:
        return self.exit_at is None


@dataclass
class Mpc:
    mpc_uuid: str
    friendly_name: str
    creation_at: float
    status: str = "Initialized"  # Initialized, Active, Ended
    start_at: float | None = None
    end_at: float | None = None
    stay_alone: bool = False
    termination_cause: str | None = None
    termination_cause_code: int | None = None
    participants: dict[str, Participant] = field(default_factory=dict)
    recording_id: str | None = None

    @property
    def ongoing(self) -> bool:
        return self.status != "Ended"

    def active_participants(self) -> list[Participant]:
        return [p for p in self.participants.values() if p.active]


@dataclass
class ConferenceMember:
    member_id: str
    call_uuid: str
    from_number: str
    to_number: str
    caller_name: str = ""
    direction: str = "inbound"
    muted: bool = False
    deaf: bool = False
    join_at: float = 0.0
    playing: bool = False
    speaking: bool = False


@dataclass
class Conference:
    name: str
    conference_uuid: str
    started_at: float
    members: dict[str, ConferenceMember] = field(default_factory=dict)
    recording_id: str | None = None


@dataclass
class EndpointRecord:
    endpoint_id: str
    username: str
    alias: str
    password_md5: str
    app_id: str | None
    created_at: float


@dataclass
class VerifiedCallerId:
    phone_number: str
    alias: str
    channel: str
    country: str
    subaccount: str
    verification_uuid: str
    created_at: datetime
    modified_at: datetime


@dataclass
class PendingVerification:
    verification_uuid: str
    phone_number: str
    alias: str
    channel: str
    subaccount: str
    otp: str
    expires_at: float
    created_at: datetime
    verified: bool = False


class CallHooks(Protocol):
    """What runs a call's answer XML hears of its lifecycle (see ``_xml_runner``)."""

    def answered(self, call: Call) -> bool:
        """The call was answered; True when the hook fetches ``answer_url`` itself."""

    def ended(self, call: Call) -> None:
        """The call has just been completed."""

    def transferred(
        self, call: Call, aleg: tuple[str, str] | None, bleg: tuple[str, str] | None
    ) -> None:
        """``calls.transfer`` of an answered call: (url, method) for each leg to move."""


class SimState:
    """Everything the account holds, and the seeded source of its identifiers."""

    def __init__(self, seed: int | None = 0) -> None:
        self.rng = random.Random(seed)
        self.calls: dict[str, Call] = {}
        self.recordings: dict[str, Recording] = {}
        self.streams: dict[str, Stream] = {}
        self.mpcs: dict[str, Mpc] = {}
        self.conferences: dict[str, Conference] = {}
        self.endpoints: dict[str, EndpointRecord] = {}
        self.verified_caller_ids: dict[str, VerifiedCallerId] = {}
        self.verifications: dict[str, PendingVerification] = {}
        self.feedback: list[dict[str, Any]] = []
        self.behaviors: dict[str, CallBehavior] = {}
        self.default_behavior = CallBehavior()
        self.call_hooks: CallHooks | None = None
        self._member_seq = 100

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_digits(self, count: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(count))

    def new_member_id(self) -> str:
        self._member_seq += 1
        return str(self._member_seq)

    def behavior_for(self, destination: str) -> CallBehavior:
        return self.behaviors.get(destination, self.default_behavior)

    def mpc_by_name(self, name: str) -> Mpc | None:
        """The ongoing MPC with this friendly name (names resolve only while not ended)."""
        for mpc in self.mpcs.values():
            if mpc.friendly_name == name and mpc.ongoing:
                return mpc
        return None


def cdr_time(moment: datetime) -> str:
    """CDR / MPC timestamps: ``2022-10-12 21:57:47+00:00``."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat(sep=" ")


def precise_time(moment: datetime) -> str:
    """Recording ``add_time`` / stream ``created_at``: with microseconds and offset."""
    return moment.astimezone(timezone.utc).isoformat(sep=" ", timespec="microseconds")


def session_time(moment: datetime) -> str:
    """Live-call ``session_start``: UTC, microseconds, no offset."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def iso_z(moment: datetime) -> str:
    """Verified caller ID times: ISO 8601 with ``Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
