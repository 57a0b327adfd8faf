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

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            status: Target status of the MPC; the only allowed value is Active. One of ``"Active"``
                (any letter case). Default: not sent.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.start, locals())

    @endpoint("GET", "MultiPartyCall/{mpc_id}/", id="mpc.get", segments=MPC_ID)
    async def get(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> MultiPartyCall:
        """One multiparty call; by ``friendly_name`` only while it is ongoing, by ``uuid`` always.

        Endpoint: ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            MultiPartyCall: A multiparty call (``multi_party_calls.get`` /
                ``multi_party_calls.list``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``GET /v1/Account/{auth_id}/MultiPartyCall/``

        Args:
            friendly_name: MPC name given at creation. Default: not sent.
            status: Current MPC status. One of ``"active"``, ``"ended"``, ``"initialized"`` (any
                letter case). Default: not sent.
            termination_cause_code: Termination cause code. From 1000 to 3000. Default: not sent.
            end_time__gt: MPCs that ended after this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__gte: MPCs that ended at or after this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__lt: MPCs that ended before this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__lte: MPCs that ended at or before this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            creation_time__gt: MPCs created after this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            creation_time__gte: MPCs created at or after this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            creation_time__lt: MPCs created before this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            creation_time__lte: MPCs created at or before this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[MultiPartyCall]: every ``MultiPartyCall`` across pages, one request per
                page as you iterate (``async for``; with the blocking ``Client``: ``for``);
                ``first_page()`` gives one ``Page[MultiPartyCall]`` (items and ``meta``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return self._paginate(self.list, locals())

    @endpoint("DELETE", "MultiPartyCall/{mpc_id}/", id="mpc.stop", segments=MPC_ID)
    async def stop(self, *, friendly_name: str | None = None, uuid: str | None = None) -> None:
        """End a multiparty call (termination cause 3000, Hangup API Triggered).

        Participants added by ``add_participant`` are hung up unless they have an
        ``on_exit_action_url``, whose XML then runs.

        Endpoint: ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            role: Participant role; cannot be changed later. One of ``"Agent"``, ``"Customer"``,
                ``"Supervisor"`` (any letter case). Required.
            from_: Caller ID for the outbound call that adds the participant. Default: not sent.
            to: Destination(s) to dial (numbers or endpoints); several joined with '<' are dialed in
                parallel, first to answer joins, others hang up with LOST RACE. One value or a
                sequence (sent joined with ``<``). Default: not sent.
            call_uuid: UUID of an existing call to transfer into the MPC. Default: not sent.
            caller_name: Caller name (any string, max 50 characters). At most 50 characters.
                Default: not sent (Plivo's default: ``"caller's caller_name"``).
            call_status_callback_url: URL invoked on call-state changes of newly initiated calls
                (not for transferred existing calls). An absolute http(s) URL, sent as given.
                Default: not sent.
            call_status_callback_method: HTTP verb for call_status_callback_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"POST"``).
            confirm_key: Key the callee must press to be bridged; no correct input within 30 s →
                hangup cause code 9110. One of ``"#"``, ``"*"``, ``"0"``, ``"1"``, ``"2"``, ``"3"``,
                ``"4"``, ``"5"``, ``"6"``, ``"7"``, ``"8"``, ``"9"``. Default: not sent.
            confirm_key_sound_url: URL (fetched with GET) returning XML with Play/Wait/Speak only,
                played on answer; default message 'Please enter {{confirm_key}} to accept the
                call.'. An absolute http(s) URL, sent as given. Default: not sent.
            confirm_key_sound_method: HTTP verb for confirm_key_sound_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"GET"``).
            ring_timeout: Seconds to wait for answer, counted from call initiation. From 15 to 120.
                Default: not sent (Plivo's default: ``45``).
            delay_dial: Seconds to wait before dialing; for multiple 'to' destinations pass one
                value or '<'-separated values in destination order. One value or a sequence (sent
                joined with ``<``). From 0 to 120. Default: not sent (Plivo's default: ``0``).
            max_duration: Maximum MPC duration in seconds, counted from call initiation. From 300 to
                28800. Default: not sent (Plivo's default: ``14400``).
            max_participants: Maximum number of participants in the MPC. From 2 to 10. Default: not
                sent (Plivo's default: ``10``).
            wait_music_url: URL (GET) returning XML with Play/Speak/Wait only, looped to
                participants waiting for the MPC to start. An absolute http(s) URL, sent as given.
                Default: not sent (Plivo's default: ``"Plivo default wait music"``).
            wait_music_method: HTTP verb for wait_music_url. One of ``"GET"``, ``"POST"``. Default:
                not sent (Plivo's default: ``"GET"``).
            agent_hold_music_url: URL (GET) returning XML with Play/Speak/Wait only, played to
                Agents on hold. An absolute http(s) URL, sent as given. Default: not sent (Plivo's
                default: ``"Plivo default hold music"``).
            agent_hold_music_method: HTTP verb for agent_hold_music_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"GET"``).
            customer_hold_music_url: URL (GET) returning XML with Play/Speak/Wait only, played to
                Customers on hold. An absolute http(s) URL, sent as given. Default: not sent
                (Plivo's default: ``"Plivo default hold music"``).
            customer_hold_music_method: HTTP verb for customer_hold_music_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"GET"``).
            record: Record the MPC; starts the first time a participant joins with record=true (a
                later record=false does not stop it). Default: not sent (Plivo's default:
                ``False``).
            record_file_format: Recording audio format. One of ``"mp3"``, ``"wav"``. Default: not
                sent (Plivo's default: ``"mp3"``).
            recording_callback_url: URL receiving MPC recording events. An absolute http(s) URL,
                sent as given. Default: not sent.
            recording_callback_method: HTTP verb for recording_callback_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"POST"``).
            record_min_member_count: Start MPC recording when this many members have joined (applies
                when record=true). From 1 to 2. Default: not sent (Plivo's default: ``1``).
            record_participant_track: Start a single-track (participant-only audio) recording when
                this participant joins. Default: not sent (Plivo's default: ``False``).
            status_callback_url: URL receiving MPC status-change events. An absolute http(s) URL,
                sent as given. Default: not sent.
            status_callback_method: HTTP verb for status_callback_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            status_callback_events: Comma-separated event groups to push to status_callback_url (any
                order). One value or a sequence (sent joined with ``,``). One of
                ``"add-participant-api-events"``, ``"mpc-state-changes"``,
                ``"participant-audio-events"``, ``"participant-digit-input-events"``,
                ``"participant-speak-events"``, ``"participant-state-changes"``. Default: not sent
                (Plivo's default: ``"mpc-state-changes,participant-state-changes"``).
            stay_alone: Whether a participant should be removed from the call if they are the only
                member remaining. Default: not sent (Plivo's default: ``False``).
            coach_mode: Supervisor-only: whether the supervisor is audible only to agents (coach
                mode). Default: not sent (Plivo's default: ``True``).
            mute: Join muted. Default: not sent (Plivo's default: ``False``).
            hold: Join on hold. Default: not sent (Plivo's default: ``False``).
            start_mpc_on_enter: Start the MPC (if not started) when this participant joins. Default:
                not sent (Plivo's default: ``True``).
            end_mpc_on_exit: End the MPC when this participant exits. Default: not sent (Plivo's
                default: ``False``).
            enter_sound: Sound played when the participant enters (never for supervisors in coach
                mode). An absolute http(s) URL, sent as given. Or one of ``"beep:1"``, ``"beep:2"``,
                ``"none"``. Default: not sent (Plivo's default: ``"beep:1"``).
            enter_sound_method: HTTP verb for an enter_sound URL. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"GET"``).
            exit_sound: Sound played when the participant exits, even on hangup (never for
                supervisors in coach mode). An absolute http(s) URL, sent as given. Or one of
                ``"beep:1"``, ``"beep:2"``, ``"none"``. Default: not sent (Plivo's default:
                ``"beep:2"``).
            exit_sound_method: HTTP verb for an exit_sound URL. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"GET"``).
            on_exit_action_url: Action URL invoked when the participant exits the MPC (not on
                hangup/transfer); must return XML for the rest of the call. An absolute http(s) URL,
                sent as given. Default: not sent.
            on_exit_action_method: HTTP verb for on_exit_action_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            relay_dtmf_inputs: Relay DTMF pressed by one participant to the others. Default: not
                sent (Plivo's default: ``False``).
            sip_headers: Comma-separated key=value SIP headers, auto-prefixed X-PH-; [A-Za-z0-9]
                only. With multiple 'to' destinations, separate per-destination sets with '<'. One
                value or a sequence (sent joined with ``<``). Default: not sent.

        Returns:
            ParticipantAdded: Answer to ``add_participant``: ``message`` is
                ``"add participant action initiated"`` (or ``"... queued"`` when Plivo queues it at
                the account's calls per second).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            Participant | None: A participant of a multiparty call (``get_participant`` /
                ``list_participants``). None when Plivo answers with nothing.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``GET /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[Participant]: every ``Participant`` across pages, one request per page as
                you iterate (``async for``; with the blocking ``Client``: ``for``); ``first_page()``
                gives one ``Page[Participant]`` (items and ``meta``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            mute: Mute (true) or unmute (false) the participant(s). Default: not sent.
            hold: Put participant(s) on hold (true) or take them off (false). Default: not sent.
            coach_mode: Supervisor coach mode; toggling plays beep:1. Only allowed for a specific
                member_id, not 'all'. Default: not sent.

        Returns:
            ParticipantUpdated: Answer to ``update_participant``: one message per setting changed,
                e.g. ``mute == "MPC: sales mute/unmute member(s) succeeded"``; None for settings not
                sent.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            file_format: Recording format. One of ``"mp3"``, ``"wav"``. Default: not sent (Plivo's
                default: ``"mp3"``).
            recording_callback_url: URL receiving status events for this recording. An absolute
                http(s) URL, sent as given. Default: not sent.
            recording_callback_method: HTTP verb for recording_callback_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"POST"``).
            record_track_type: Participant = start the single-track (participant-only) recording,
                all = the multi-channel recording, both = both. One of ``"all"``, ``"both"``,
                ``"participant"``. Default: not sent (Plivo's default: ``"all"``).

        Returns:
            MultiPartyCallRecordingStarted: Answer to ``start_recording`` and
                ``start_participant_recording``.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``DELETE``
        ``/v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            record_track_type: Participant = stop the single-track (participant-only) recording, all
                = the multi-channel recording, both = both. One of ``"all"``, ``"both"``,
                ``"participant"``. Default: not sent (Plivo's default: ``"all"``).

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Pause/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            record_track_type: Participant = pause the single-track (participant-only) recording,
                all = the multi-channel recording, both = both. One of ``"all"``, ``"both"``,
                ``"participant"``. Default: not sent (Plivo's default: ``"all"``).

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Participant/{member_id}/Record/Resume/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            record_track_type: Participant = resume the single-track (participant-only) recording,
                all = the multi-channel recording, both = both. One of ``"all"``, ``"both"``,
                ``"participant"``. Default: not sent.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Member/{member_id}/Play/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            url: URL of the .mp3 or .wav file to play. An absolute http(s) URL, sent as given.
                Required.

        Returns:
            MultiPartyCallPlayStarted: Answer to ``start_play_audio`` (``message`` is
                ``"play queued into MPC"``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
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

        Endpoint: ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Member/{member_id}/Play/``

        Args:
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.
            file_format: Recording format. One of ``"mp3"``, ``"wav"``. Default: not sent (Plivo's
                default: ``"mp3"``).
            recording_callback_url: URL receiving status events for this recording. An absolute
                http(s) URL, sent as given. Default: not sent.
            recording_callback_method: HTTP verb for recording_callback_url. One of ``"GET"``,
                ``"POST"``. Default: not sent (Plivo's default: ``"POST"``).

        Returns:
            MultiPartyCallRecordingStarted: Answer to ``start_recording`` and
                ``start_participant_recording``.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.start_recording, locals())

    @endpoint("DELETE", "MultiPartyCall/{mpc_id}/Record/", id="mpc.record.stop", segments=MPC_ID)
    async def stop_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Stop recording a multiparty call.

        Endpoint: ``DELETE /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.stop_recording, locals())

    @endpoint(
        "POST", "MultiPartyCall/{mpc_id}/Record/Pause/", id="mpc.record.pause", segments=MPC_ID
    )
    async def pause_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Pause recording a multiparty call.

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/Pause/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.pause_recording, locals())

    @endpoint(
        "POST", "MultiPartyCall/{mpc_id}/Record/Resume/", id="mpc.record.resume", segments=MPC_ID
    )
    async def resume_recording(
        self, *, friendly_name: str | None = None, uuid: str | None = None
    ) -> None:
        """Resume a paused recording of a multiparty call.

        Endpoint: ``POST /v1/Account/{auth_id}/MultiPartyCall/{mpc_id}/Record/Resume/``

        Args:
            friendly_name: The multiparty call's friendly name (addressed as
                ``name_<friendly_name>``). Give exactly one of ``friendly_name`` and ``uuid``.
            uuid: The multiparty call's uuid (addressed as ``uuid_<uuid>``). Give exactly one of
                ``friendly_name`` and ``uuid``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.resume_recording, locals())
