"""Models of the multiparty call (MPC) family: MPCs, their participants, and the
acknowledgements of adding, updating, playing to and recording them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

import attrs

from ._base import Acknowledgement, Model


@attrs.frozen(kw_only=True)
class MultiPartyCall(Model):
    """A multiparty call (``multi_party_calls.get`` / ``multi_party_calls.list``).

    ``status`` is ``"Initialized"``, ``"Active"`` or ``"Ended"``. ``duration``,
    ``billed_duration``, ``billed_amount`` (USD), ``end_time`` and the termination cause are
    None until the MPC has ended; ``termination_cause_code`` is 1000 (No Active Participants),
    1010 (Stay Alone Not Permitted), 2000 (Max Duration Reached) or 3000 (Hangup API
    Triggered). ``participants`` and ``resource_uri`` are API paths; ``sub_account`` is the
    subaccount's path, or None. ``recording`` is e.g. ``"not-recording"`` or ``"recording"``.
    """

    mpc_uuid: str
    friendly_name: str | None = None
    status: str | None = None
    creation_time: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    billed_duration: int | None = None
    billed_amount: Decimal | None = None
    termination_cause: str | None = None
    termination_cause_code: int | None = None
    stay_alone: bool | None = None
    recording: str | None = None
    participants: str | None = None
    resource_uri: str | None = None
    sub_account: str | None = None
    # In the reference's attribute list but in none of its examples: keys as Plivo's objects
    # spell them elsewhere (``account``) and as add_participant names the settings.
    account: str | None = None
    max_participants: int | None = None
    max_duration: int | None = None
    wait_music_url: str | None = None
    wait_music_method: str | None = None
    agent_hold_music_url: str | None = None
    agent_hold_music_method: str | None = None
    customer_hold_music_url: str | None = None
    customer_hold_music_method: str | None = None


@attrs.frozen(kw_only=True)
class Participant(Model):
    """A participant of a multiparty call (``get_participant`` / ``list_participants``).

    ``role`` is ``"agent"``, ``"customer"`` or ``"supervisor"`` (Plivo echoes it in lower
    case). ``mute`` and ``hold`` are None once the participant has left; ``exit_cause`` is
    None while it is in the call, then e.g. ``"Participant Call Hangup"`` or ``"Kicked Out of
    Multiparty Call"``. ``member_address`` is the number or SIP URI it was reached at.
    """

    member_id: str
    mpc_uuid: str | None = None
    call_uuid: str | None = None
    role: str | None = None
    coach_mode: bool | None = None
    mute: bool | None = None
    hold: bool | None = None
    start_mpc_on_enter: bool | None = None
    end_mpc_on_exit: bool | None = None
    join_time: datetime | None = None
    exit_time: datetime | None = None
    exit_cause: str | None = None
    duration: int | None = None
    billed_duration: int | None = None
    billed_amount: Decimal | None = None
    member_address: str | None = None
    resource_uri: str | None = None
    #: In the reference's attribute list (which copies the MPC's status text), in no example.
    status: str | None = None


@attrs.frozen(kw_only=True)
class _NoParticipant(Model):
    """What ``get_participant`` gets instead of a participant: an empty or ``null`` answer,
    which the reference documents for an ended MPC or a participant that has left."""


@attrs.frozen(kw_only=True)
class ParticipantCall(Model):
    """One call placed (or taken over) by ``add_participant``."""

    __plivo_wire_names__: ClassVar[dict[str, str]] = {"from_": "from"}

    call_uuid: str | None = None
    to: str | None = None
    from_: str | None = None


@attrs.frozen(kw_only=True)
class ParticipantAdded(Acknowledgement):
    """Answer to ``add_participant``: ``message`` is ``"add participant action initiated"``
    (or ``"... queued"`` when Plivo queues it at the account's calls per second).

    ``calls`` has one entry per destination dialled (all of a parallel dial; the first to
    answer joins), or the call given by ``call_uuid``.
    """

    calls: list[ParticipantCall] = attrs.Factory(list)
    request_uuid: str | None = None

    @property
    def call_uuids(self) -> list[str]:
        """The UUIDs of ``calls``, in order."""
        return [call.call_uuid for call in self.calls if call.call_uuid is not None]


@attrs.frozen(kw_only=True)
class ParticipantUpdated(Model):
    """Answer to ``update_participant``: one message per setting changed, e.g.
    ``mute == "MPC: sales mute/unmute member(s) succeeded"``; None for settings not sent."""

    mute: str | None = None
    hold: str | None = None
    coach_mode: str | None = None


@attrs.frozen(kw_only=True)
class MultiPartyCallRecordingStarted(Acknowledgement):
    """Answer to ``start_recording`` and ``start_participant_recording``.

    ``recording_url`` is where the file will be once the recording ends.
    """

    recording_id: str
    recording_url: str | None = None


@attrs.frozen(kw_only=True)
class MultiPartyCallPlayStarted(Acknowledgement):
    """Answer to ``start_play_audio`` (``message`` is ``"play queued into MPC"``).

    ``mpc_member_id`` lists the members the audio is played to; ``mpc_name`` is the MPC's
    friendly name (Plivo spells both keys in camelCase: ``mpcMemberId``, ``mpcName``).
    """

    __plivo_wire_names__: ClassVar[dict[str, str]] = {
        "mpc_member_id": "mpcMemberId",
        "mpc_name": "mpcName",
    }

    mpc_member_id: list[str] = attrs.Factory(list)
    mpc_name: str | None = None
