"""Multiparty calls (MPC): start, inspect and stop them; participants and recordings.

Every method addresses one MPC by exactly one of ``friendly_name=`` or ``uuid=``, sent as the
path segment ``name_<friendly_name>`` or ``uuid_<uuid>`` (percent-encoded). Plivo resolves a
name only while the MPC is ongoing: use its ``uuid`` once it has ended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from .._endpoint import Arg, Check, Segment, at_most_one, endpoint, exactly_one
from .._errors import ValidationError
from .._models._multi_party_calls import (
    MultiPartyCall,
    MultiPartyCallPlayStarted,
    MultiPartyCallRecordingStarted,
    Participant,
    ParticipantAdded,
    ParticipantUpdated,
    _NoParticipant,
)
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from .._validation import MAX_PATH_ID_LENGTH, echo, path_id
from ._base import AsyncResource, CallbackUrl, HttpMethod
from ._calls import Timestamp
from ._conferences import MemberIds, _member_ids

#: Given in any letter case (the reference writes both ``Agent`` and ``agent``), sent as here.
Role = Annotated[Literal["Agent", "Supervisor", "Customer"], Arg(ignore_case=True)]
MpcStatus = Annotated[Literal["initialized", "active", "ended"], Arg(ignore_case=True)]
StatusCallbackEvent = Literal[
    "mpc-state-changes",
    "participant-state-changes",
    "participant-digit-input-events",
    "participant-speak-events",
    "add-participant-api-events",
    "participant-audio-events",
]
ConfirmKey = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "#", "*"]
#: ``"none"``, a beep, or an http(s) URL answering XML with Play, Speak or Wait only.
Sound = Annotated[str, Arg(url="http", keywords=frozenset({"none", "beep:1", "beep:2"}))]
FileFormat = Literal["mp3", "wav"]
RecordTrackType = Literal["participant", "all", "both"]

#: The termination causes ``list`` can filter on (No Active Participants, Stay Alone Not
#: Permitted, Max Duration Reached, Hangup API Triggered).
CAUSE_CODES = frozenset({1000, 1010, 2000, 3000})

_PREFIXES = {"friendly_name": "name_", "uuid": "uuid_"}
_ONE_MPC = exactly_one("friendly_name", "uuid")


def _mpc_id(values: Mapping[str, Any]) -> str:
    """The ``{mpc_id}`` segment: ``name_<friendly_name>`` or ``uuid_<uuid>``."""
    _ONE_MPC(values)
    name = "friendly_name" if values.get("friendly_name") is not None else "uuid"
    value: str = values[name]
    # The id checks under this argument's name (a blank uuid must not become "uuid_"); the
    # whole segment is percent-encoded once, afterwards.
    path_id(name, value)
    limit = MAX_PATH_ID_LENGTH - len(_PREFIXES[name])
    if len(value) > limit:
        raise ValidationError(name, f"must be at most {limit} characters, got {len(value)}")
    return _PREFIXES[name] + value


MPC_ID = {"mpc_id": Segment(("friendly_name", "uuid"), _mpc_id)}

#: For the member play endpoints, whose ``member_id`` may name several members: joined with a
#: ``,`` kept as it is, as for conference members.
MPC_AND_MEMBERS = {**MPC_ID, "member_id": Segment(("member_id",), _member_ids, safe=",")}


def _required_with(name: str, other: str) -> Check:
    """``name`` must be given when ``other`` is."""

    def check(given: Mapping[str, Any]) -> None:
        if given.get(other) is not None and given.get(name) is None:
            raise ValidationError(name, f"is required when {other} is given")

    return check


def _parallel_dial_only_for_agents(given: Mapping[str, Any]) -> None:
    """Several ``to`` destinations are dialled in parallel, which only role Agent allows."""
    to, role = given.get("to"), given.get("role")
    if to is None or not isinstance(role, str) or role.casefold() == "agent":
        return
    count = to.count("<") + 1 if isinstance(to, str) else len(to)
    if count > 1:
        raise ValidationError(
            "to",
            f"several destinations (dialled in parallel) are allowed only for role 'Agent';"
            f" got {count} for role {echo(role)}",
        )


def _coach_mode_for_one_member(given: Mapping[str, Any]) -> None:
    """Plivo answers 400 to a coach_mode change for member ``all``."""
    member = given.get("member_id")
    given_for_all = isinstance(member, str) and member.strip().casefold() == "all"
    if given.get("coach_mode") is not None and given_for_all:
        raise ValidationError("coach_mode", "can be changed for one member_id, not for 'all'")


def _known_termination_cause(given: Mapping[str, Any]) -> None:
    """A closed set of integers (``Literal`` choices are strings); its type is checked first."""
    code = given.get("termination_cause_code")
    if code is not None and code not in CAUSE_CODES:
        allowed = ", ".join(str(known) for known in sorted(CAUSE_CODES))
        raise ValidationError("termination_cause_code", f"must be one of {allowed}; got {code!r}")


#: ``get_participant``'s answer: a participant, or the documented null for one no longer there.
_PARTICIPANT_OR_NOTHING: Any = Participant | _NoParticipant


class AsyncMultiPartyCalls(AsyncResource):
    """``client.multi_party_calls``: multiparty calls (MPC)."""

    @endpoint("POST", "MultiPartyCall/{mpc_id}/", id="mpc.start", segments=MPC_ID)
    async def start(
        self,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        status: Annotated[Literal["Active"] | None, Arg(ignore_case=True)] = None,
    ) -> None:
        """Start a multiparty call that is still Initialized.

        An MPC stays Initialized while every participant joined with
        ``start_mpc_on_enter=False``; otherwise the first participant starts it. ``status``
        (``"Active"``, the only value, in any case) may be sent; the reference's own example
        sends no body. Plivo answers 404 when no Initialized MPC has that name or UUID.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``
        """
        return await self._send(self.start, locals())

    @endpoint("GET", "MultiPartyCall/{mpc_id}/", id="mpc.get", segments=MPC_ID)
    async def get(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> MultiPartyCall:
        """One multiparty call; by ``friendly_name`` only while it is ongoing, by ``uuid`` always.

        ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``
        """
        return await self._send(self.get, locals())

    @endpoint("GET", "MultiPartyCall/", id="mpc.list", checks=[_known_termination_cause])
    def list(
        self,
        *,
        friendly_name: str | None = None,
        status: MpcStatus | None = None,
        termination_cause_code: Annotated[int | None, Arg(minimum=1000, maximum=3000)] = None,
        end_time__gt: Timestamp | None = None,
        end_time__gte: Timestamp | None = None,
        end_time__lt: Timestamp | None = None,
        end_time__lte: Timestamp | None = None,
        creation_time__gt: Timestamp | None = None,
        creation_time__gte: Timestamp | None = None,
        creation_time__lt: Timestamp | None = None,
        creation_time__lte: Timestamp | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[MultiPartyCall]:
        """Multiparty calls, newest first; by default those that ended in the last 7 days.

        ``status`` is ``"initialized"``, ``"active"`` or ``"ended"`` (any case);
        ``termination_cause_code`` one of 1000, 1010, 2000, 3000. ``end_time`` and
        ``creation_time`` filter in their four comparison forms (``__gt``, ``__gte``,
        ``__lt``, ``__lte``), as ``YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`` in UTC or a datetime (sent
        in UTC); one bound alone spans 30 days. ``await`` the result for one page, or ``async
        for`` over it for every MPC; ``limit`` caps the total, ``page_size`` (1-20) is per
        request.

        ``GET /v1/Account/{auth_id}/MultiPartyCall/``
        """
        return self._paginate(self.list, locals())

    @endpoint("DELETE", "MultiPartyCall/{mpc_id}/", id="mpc.stop", segments=MPC_ID)
    async def stop(self, *, friendly_name: str | None = None, uuid: str | None = None) -> None:
        """End a multiparty call (termination cause 3000, Hangup API Triggered).

        Participants added by ``add_participant`` are hung up unless they have an
        ``on_exit_action_url``, whose XML then runs.

        ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``
        """
        return await self._send(self.stop, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Participant/",
        id="mpc.participant.add",
        segments=MPC_ID,
        checks=[
            exactly_one("to", "call_uuid"),
            at_most_one("from_", "call_uuid"),
            _required_with("from_", "to"),
            _parallel_dial_only_for_agents,
        ],
    )
    async def add_participant(
        self,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        role: Role,
        from_: Annotated[str | None, Arg(non_blank=True)] = None,
        to: Annotated[str | Sequence[str] | None, Arg(join="<", non_blank=True)] = None,
        call_uuid: Annotated[str | None, Arg(non_blank=True)] = None,
        caller_name: Annotated[str | None, Arg(max_length=50)] = None,
        call_status_callback_url: CallbackUrl | None = None,
        call_status_callback_method: HttpMethod | None = None,
        confirm_key: ConfirmKey | None = None,
        confirm_key_sound_url: CallbackUrl | None = None,
        confirm_key_sound_method: HttpMethod | None = None,
        ring_timeout: Annotated[int | None, Arg(minimum=15, maximum=120)] = None,
        delay_dial: Annotated[
            int | str | Sequence[int] | None, Arg(minimum=0, maximum=120, join="<")
        ] = None,
        max_duration: Annotated[int | None, Arg(minimum=300, maximum=28800)] = None,
        max_participants: Annotated[int | None, Arg(minimum=2, maximum=10)] = None,
        wait_music_url: CallbackUrl | None = None,
        wait_music_method: HttpMethod | None = None,
        agent_hold_music_url: CallbackUrl | None = None,
        agent_hold_music_method: HttpMethod | None = None,
        customer_hold_music_url: CallbackUrl | None = None,
        customer_hold_music_method: HttpMethod | None = None,
        record: bool | None = None,
        record_file_format: FileFormat | None = None,
        recording_callback_url: CallbackUrl | None = None,
        recording_callback_method: HttpMethod | None = None,
        record_min_member_count: Annotated[int | None, Arg(minimum=1, maximum=2)] = None,
        record_participant_track: bool | None = None,
        status_callback_url: CallbackUrl | None = None,
        status_callback_method: HttpMethod | None = None,
        status_callback_events: Annotated[
            str | Sequence[StatusCallbackEvent] | None, Arg(join=",")
        ] = None,
        stay_alone: bool | None = None,
        coach_mode: bool | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        start_mpc_on_enter: bool | None = None,
        end_mpc_on_exit: bool | None = None,
        enter_sound: Sound | None = None,
        enter_sound_method: HttpMethod | None = None,
        exit_sound: Sound | None = None,
        exit_sound_method: HttpMethod | None = None,
        on_exit_action_url: CallbackUrl | None = None,
        on_exit_action_method: HttpMethod | None = None,
        relay_dtmf_inputs: bool | None = None,
        sip_headers: Annotated[str | Sequence[str] | None, Arg(join="<")] = None,
    ) -> ParticipantAdded:
        """Add a participant to a multiparty call, creating the MPC if none of that name is
        ongoing.

        Either dial a new participant (``from_`` and ``to``) or bring in a call in progress
        (``call_uuid``). ``role`` is ``"Agent"``, ``"Supervisor"`` or ``"Customer"`` (any
        case) and cannot change later. ``to`` is a number or SIP URI; several (a sequence,
        sent joined with ``<``) are dialled in parallel, only for role Agent: the first to
        answer joins. ``sip_headers`` is ``"k1=v1,k2=v2"`` (alphanumeric, sent prefixed
        ``X-PH-``), or one such set per destination (a sequence, joined with ``<``).
        ``delay_dial`` is seconds (0-120) to wait before dialling: one value, or one per
        destination in ``to``'s order (a sequence, sent joined with ``<``).

        Ranges: ``ring_timeout`` 15-120 s, ``max_duration`` 300-28800 s, ``max_participants``
        2-10, ``caller_name`` at most 50 characters, ``record_min_member_count`` 1 or 2.
        ``status_callback_events`` are event groups (a sequence, sent joined with ``,``):
        ``mpc-state-changes``, ``participant-state-changes``,
        ``participant-digit-input-events``, ``participant-speak-events``,
        ``add-participant-api-events``, ``participant-audio-events``. ``enter_sound`` and
        ``exit_sound`` are ``"none"``, ``"beep:1"``, ``"beep:2"`` or an http(s) URL answering
        XML with Play, Speak or Wait only. Every ``*_url`` is an absolute http(s) URL, sent as
        given; every ``*_method`` is ``"GET"`` or ``"POST"``.

        It may dial, so it is never replayed once it may have reached Plivo (the error's
        ``outcome_unknown`` is then true).

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/``
        """
        return await self._send(self.add_participant, locals())

    @endpoint(
        "GET",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/",
        id="mpc.participant.get",
        segments=MPC_ID,
    )
    async def get_participant(
        self, member_id: str, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> Participant | None:
        """One participant of a multiparty call, or None when Plivo answers with nothing
        (which the reference documents for an ended MPC or a participant that has left).

        ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``
        """
        answer = await self._send_as(self.get_participant, locals(), _PARTICIPANT_OR_NOTHING)
        return answer if isinstance(answer, Participant) else None

    @endpoint(
        "GET", "MultiPartyCall/{mpc_id}/Participant/", id="mpc.participant.list", segments=MPC_ID
    )
    def list_participants(
        self,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Participant]:
        """The participants of a multiparty call, present and past (paginated).

        ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/``
        """
        return self._paginate(self.list_participants, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/",
        id="mpc.participant.update",
        segments=MPC_ID,
        checks=[_coach_mode_for_one_member],
    )
    async def update_participant(
        self,
        member_id: str,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        coach_mode: bool | None = None,
    ) -> ParticipantUpdated:
        """Mute, hold or switch coach mode of a participant (``member_id``), or of every
        participant (``"all"``; coach mode only for one, as Plivo refuses it for ``"all"``).

        ``coach_mode`` applies to supervisors: True makes them audible to agents only.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``
        """
        return await self._send(self.update_participant, locals())

    @endpoint(
        "DELETE",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/",
        id="mpc.participant.kick",
        segments=MPC_ID,
    )
    async def kick_participant(
        self, member_id: str, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Remove a participant (``member_id``), or every participant (``"all"``).

        A participant added by ``add_participant`` is hung up unless it has an
        ``on_exit_action_url``, whose XML then runs.

        ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``
        """
        return await self._send(self.kick_participant, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/",
        id="mpc.participant.record.start",
        segments=MPC_ID,
    )
    async def start_participant_recording(
        self,
        member_id: str,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        file_format: FileFormat | None = None,
        recording_callback_url: CallbackUrl | None = None,
        recording_callback_method: HttpMethod | None = None,
        record_track_type: RecordTrackType | None = None,
    ) -> MultiPartyCallRecordingStarted:
        """Start recording one participant.

        ``record_track_type``: ``"participant"`` (its own audio only), ``"all"`` (the
        multi-channel recording; Plivo's default) or ``"both"``. ``file_format`` is
        ``"mp3"`` (default) or ``"wav"``; ``recording_callback_url`` receives the recording's
        events.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/``
        """
        return await self._send(self.start_participant_recording, locals())

    @endpoint(
        "DELETE",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/",
        id="mpc.participant.record.stop",
        segments=MPC_ID,
    )
    async def stop_participant_recording(
        self,
        member_id: str,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        record_track_type: RecordTrackType | None = None,
    ) -> None:
        """Stop recording one participant (``record_track_type`` as when starting).

        ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/``
        """
        return await self._send(self.stop_participant_recording, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Pause/",
        id="mpc.participant.record.pause",
        segments=MPC_ID,
    )
    async def pause_participant_recording(
        self,
        member_id: str,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        record_track_type: RecordTrackType | None = None,
    ) -> None:
        """Pause recording one participant (``record_track_type`` as when starting).

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Pause/``
        """
        return await self._send(self.pause_participant_recording, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Resume/",
        id="mpc.participant.record.resume",
        segments=MPC_ID,
    )
    async def resume_participant_recording(
        self,
        member_id: str,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        record_track_type: RecordTrackType | None = None,
    ) -> None:
        """Resume a paused recording of one participant (``record_track_type`` as when
        starting; the reference states no default here).

        POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Resume/
        """
        return await self._send(self.resume_participant_recording, locals())

    @endpoint(
        "POST",
        "MultiPartyCall/{mpc_id}/Member/{member_id}/Play/",
        id="mpc.member.play.start",
        segments=MPC_AND_MEMBERS,
    )
    async def start_play_audio(
        self,
        member_id: MemberIds,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        url: CallbackUrl,
    ) -> MultiPartyCallPlayStarted:
        """Play an .mp3 or .wav file (``url``, absolute http(s)) to members of a multiparty call.

        ``member_id`` is one member id, ``"all"``, or several ids (a sequence, sent joined with
        ``,``: ``"10,11,14"``); stop the audio with the same form.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Member/{member_id}/Play/``
        """
        return await self._send(self.start_play_audio, locals())

    @endpoint(
        "DELETE",
        "MultiPartyCall/{mpc_id}/Member/{member_id}/Play/",
        id="mpc.member.play.stop",
        segments=MPC_AND_MEMBERS,
    )
    async def stop_play_audio(
        self, member_id: MemberIds, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Stop the audio started by ``start_play_audio``, given the same ``member_id`` form
        (audio started for one member does not stop for ``"all"``).

        ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Member/{member_id}/Play/``
        """
        return await self._send(self.stop_play_audio, locals())

    @endpoint("POST", "MultiPartyCall/{mpc_id}/Record/", id="mpc.record.start", segments=MPC_ID)
    async def start_recording(
        self,
        *,
        friendly_name: str | None = None,
        uuid: str | None = None,
        file_format: FileFormat | None = None,
        recording_callback_url: CallbackUrl | None = None,
        recording_callback_method: HttpMethod | None = None,
    ) -> MultiPartyCallRecordingStarted:
        """Start recording an active multiparty call (supervisors are recorded whatever their
        coach mode).

        ``file_format`` is ``"mp3"`` (default) or ``"wav"``; ``recording_callback_url``
        receives the recording's events (initiated, paused, resumed, completed, failed).

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/``
        """
        return await self._send(self.start_recording, locals())

    @endpoint("DELETE", "MultiPartyCall/{mpc_id}/Record/", id="mpc.record.stop", segments=MPC_ID)
    async def stop_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Stop recording a multiparty call.

        ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/``
        """
        return await self._send(self.stop_recording, locals())

    @endpoint(
        "POST", "MultiPartyCall/{mpc_id}/Record/Pause/", id="mpc.record.pause", segments=MPC_ID
    )
    async def pause_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Pause recording a multiparty call.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/Pause/``
        """
        return await self._send(self.pause_recording, locals())

    @endpoint(
        "POST", "MultiPartyCall/{mpc_id}/Record/Resume/", id="mpc.record.resume", segments=MPC_ID
    )
    async def resume_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Resume a paused recording of a multiparty call.

        ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/Resume/``
        """
        return await self._send(self.resume_recording, locals())
