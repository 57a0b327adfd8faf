"""Calls: place, inspect, list, transfer and hang up calls; record, play, speak and send digits
on them; rate them; live and queued calls."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from .._endpoint import Arg, endpoint, required_if
from .._errors import ValidationError
from .._models import Call, CallCreated, CallTransferred, CallUuids, LiveCall, QueuedCall
from .._models._calls import (
    CallDigitsSent,
    CallFeedback,
    CallPlayStarted,
    CallRecordingStarted,
    CallSpeakStarted,
    CallSpeakStopped,
)
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from .._request import CALL_CREATE
from ._base import AsyncResource, CallbackUrl, HttpMethod

CallDirection = Literal["inbound", "outbound"]
Legs = Literal["aleg", "bleg", "both"]
HangupSource = Literal["Caller", "Callee", "Plivo", "API Request", "Answer XML", "Error", "Unknown"]
StirVerification = Literal["Verified", "Not Verified", "Not Applicable"]

#: Plivo's limit on destinations in one bulk call.
MAX_DESTINATIONS = 1000

Destinations = Annotated[str | Sequence[str], Arg(join="<", max_items=MAX_DESTINATIONS)]
Seconds = Annotated[int, Arg(minimum=1)]
Count = Annotated[int, Arg(minimum=0)]
Timestamp = str | datetime

FeedbackIssue = Literal[
    "AUDIO_LAG",
    "BROKEN_AUDIO",
    "CALL_DROPPED",
    "CALLERID_ISSUE",
    "DIGITS_NOT_CAPTURED",
    "ECHO",
    "HIGH_CONNECT_TIME",
    "LOW_AUDIO_LEVEL",
    "ONE_WAY_AUDIO",
    "OTHERS",
    "ROBOTIC_AUDIO",
]
#: Plivo's best rating; any lower one needs at least one issue.
TOP_RATING = 5


def _issues_below_top_rating(given: Mapping[str, Any]) -> None:
    rating = given.get("rating")
    if rating is not None and rating < TOP_RATING and given.get("issues") is None:
        raise ValidationError(
            "issues", f"is required when rating is below {TOP_RATING} (got {rating!r})"
        )


class AsyncCalls(AsyncResource):
    """``client.calls``: outbound calls and call detail records."""

    @endpoint("POST", "Call/", id="call.create", bucket=CALL_CREATE)
    async def create(
        self,
        *,
        from_: str,
        to: Destinations,
        answer_url: CallbackUrl,
        answer_method: HttpMethod | None = None,
        ring_url: CallbackUrl | None = None,
        ring_method: HttpMethod | None = None,
        hangup_url: CallbackUrl | None = None,
        hangup_method: HttpMethod | None = None,
        fallback_url: CallbackUrl | None = None,
        fallback_method: HttpMethod | None = None,
        caller_name: Annotated[str | None, Arg(max_length=50)] = None,
        send_digits: str | None = None,
        send_on_preanswer: bool | None = None,
        time_limit: Seconds | None = None,
        hangup_on_ring: Seconds | None = None,
        machine_detection: Literal["true", "hangup"] | None = None,
        machine_detection_time: Annotated[int | None, Arg(minimum=2000, maximum=10000)] = None,
        machine_detection_url: CallbackUrl | None = None,
        machine_detection_method: HttpMethod | None = None,
        machine_detection_maximum_speech_length: Annotated[
            int | None, Arg(minimum=1000, maximum=6000)
        ] = None,
        machine_detection_initial_silence: Annotated[
            int | None, Arg(minimum=2000, maximum=10000)
        ] = None,
        machine_detection_maximum_words: Annotated[int | None, Arg(minimum=2, maximum=10)] = None,
        machine_detection_initial_greeting: Annotated[
            int | None, Arg(minimum=1000, maximum=5000)
        ] = None,
        machine_detection_silence: Annotated[int | None, Arg(minimum=500, maximum=5000)] = None,
        sip_headers: str | None = None,
        ring_timeout: Seconds | None = None,
        parent_call_uuid: str | None = None,
        error_if_parent_not_found: bool | None = None,
    ) -> CallCreated:
        """Place an outbound call, or a bulk call when ``to`` has several destinations.

        ``to`` is a number or SIP URI, or a sequence of them (at most 1000; sent joined with
        ``<``). Plivo fetches ``answer_url`` for the call's XML when it is answered. Calls above
        the account's calls-per-second are queued by Plivo (``message == "call queued"``).
        Every ``*_url`` must be an absolute http(s) URL; it is sent exactly as given, so a
        fragment carrying Plivo's callback-retry options (``#ct=2000&rt=3000``) is kept.

        This request is never replayed once it may have reached Plivo: if it fails that way the
        error's ``outcome_unknown`` is true and the call may or may not have been placed.

        Endpoint: ``POST /v1/Account/{auth_id}/Call/``

        Args:
            from_: Caller ID for the call: country code followed by number, e.g. 14157654321.
                Required.
            to: Destination: a number (country code + number) or a SIP URI
                (sip:john1234@phone.plivo.com). Bulk calls: several destinations joined with '<'
                (max 1000 unique destinations). One value or a sequence of at most 1000 (sent joined
                with ``<``). Required.
            answer_url: URL Plivo requests when the call is answered; must return valid Plivo XML.
                An absolute http(s) URL, sent as given. Required.
            answer_method: HTTP verb used to invoke answer_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            ring_url: URL Plivo notifies when the call starts ringing. An absolute http(s) URL, sent
                as given. Default: not sent.
            ring_method: HTTP verb used to invoke ring_url. One of ``"GET"``, ``"POST"``. Default:
                not sent (Plivo's default: ``"POST"``).
            hangup_url: URL Plivo notifies when the call is hung up. An absolute http(s) URL, sent
                as given. Default: not sent.
            hangup_method: HTTP verb used to invoke hangup_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            fallback_url: URL tried if answer_url fails: answer_url is retried 3 times; after 3
                failures or 60 s (whichever first) fallback_url is invoked. An absolute http(s) URL,
                sent as given. Default: not sent.
            fallback_method: HTTP verb used to invoke fallback_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            caller_name: Caller name to set on the call; any string up to 50 characters. At most 50
                characters. Default: not sent (Plivo's default: ``"caller's caller_name"``).
            send_digits: DTMF digits to send once connected; 'w' waits 0.5 s, 'W' waits 1 s; append
                @<ms> for tone duration (e.g. 123@1000). Default: not sent.
            send_on_preanswer: Only with send_digits: if true, send the digits at the pre-answer
                stage. Default: not sent (Plivo's default: ``False``).
            time_limit: Max call duration in seconds counted from answer (positive integer); values
                >= 86400 are capped at 24 h. At least 1. Default: not sent (Plivo's default:
                ``14400``).
            hangup_on_ring: Max call duration in seconds counted from when ringing starts (positive
                integer). At least 1. Default: not sent.
            machine_detection: Answering-machine detection: 'true' flags machine=true on callbacks;
                'hangup' hangs up and posts hangup_url with machine=machine_detection. One of
                ``"hangup"``, ``"true"``. Default: not sent.
            machine_detection_time: Time in ms allotted to decide whether a machine answered. From
                2000 to 10000. Default: not sent (Plivo's default: ``5000``).
            machine_detection_url: URL invoked asynchronously with machine-detection results (see
                callbacks). An absolute http(s) URL, sent as given. Default: not sent.
            machine_detection_method: HTTP verb used to invoke machine_detection_url. One of
                ``"GET"``, ``"POST"``. Default: not sent (Plivo's default: ``"POST"``).
            machine_detection_maximum_speech_length: Speech-activity length in ms; longer durations
                are classified as machine (positive integer). From 1000 to 6000. Default: not sent
                (Plivo's default: ``5000``).
            machine_detection_initial_silence: Initial silence in ms after answer; 'Unknown' is
                returned after this value (positive integer). From 2000 to 10000. Default: not sent
                (Plivo's default: ``4500``).
            machine_detection_maximum_words: Maximum number of sentences detected; more than this is
                classified as machine (positive integer). From 2 to 10. Default: not sent (Plivo's
                default: ``3``).
            machine_detection_initial_greeting: Maximum initial-greeting length in ms; longer is
                classified as machine (positive integer). From 1000 to 5000. Default: not sent
                (Plivo's default: ``1500``).
            machine_detection_silence: Silence in ms after the initial greeting; longer is
                classified as human (positive integer). From 500 to 5000. Default: not sent (Plivo's
                default: ``800``).
            sip_headers: Comma-separated key=value SIP headers (head1=val1,head2=val2);
                auto-prefixed with X-PH-; keys/values alphanumeric only. Default: not sent.
            ring_timeout: Seconds an unanswered call rings before hanging up. At least 1. Default:
                not sent (Plivo's default: ``120``).
            parent_call_uuid: Call_uuid of the first leg of an ongoing conference (speeds up adding
                a member); honoured only for single (non-bulk) calls. Default: not sent.
            error_if_parent_not_found: If true and parent_call_uuid is not found, the call is not
                initiated and an error is returned. Default: not sent (Plivo's default: ``False``).

        Returns:
            CallCreated: Answer to ``calls.create``: ``message`` is ``"call fired"`` or
                ``"call queued"``.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.create, locals())

    @endpoint("GET", "Call/{call_uuid}/", id="call.get")
    async def get(self, call_uuid: str) -> Call:
        """The call detail record (CDR) of a completed call.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

        Returns:
            Call: A call detail record (CDR) of a completed call.

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

    @endpoint("GET", "Call/", id="call.list")
    def list(
        self,
        *,
        subaccount: str | None = None,
        call_direction: CallDirection | None = None,
        from_number: str | None = None,
        to_number: str | None = None,
        parent_call_uuid: str | None = None,
        bill_duration: Count | None = None,
        bill_duration__gt: Count | None = None,
        bill_duration__gte: Count | None = None,
        bill_duration__lt: Count | None = None,
        bill_duration__lte: Count | None = None,
        end_time: Timestamp | None = None,
        end_time__gt: Timestamp | None = None,
        end_time__gte: Timestamp | None = None,
        end_time__lt: Timestamp | None = None,
        end_time__lte: Timestamp | None = None,
        hangup_cause_code: int | None = None,
        hangup_source: HangupSource | None = None,
        stir_verification: StirVerification | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Call]:
        """Completed calls (CDRs), newest first; by default those of the last 7 days.

        ``await`` the result for one page, or ``async for`` over it for every call across
        pages. ``limit`` caps the calls in total, ``page_size`` (1-20) is per request; datetime
        filters are sent in UTC.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/``

        Args:
            subaccount: Subaccount ID to restrict results to calls made from it. Default: not sent.
            call_direction: Filter by call direction. One of ``"inbound"``, ``"outbound"``. Default:
                not sent.
            from_number: Filter by source number (exact number or prefix). Default: not sent.
            to_number: Filter by destination number (exact number or prefix). Default: not sent.
            parent_call_uuid: A-leg call UUID: returns all B legs associated with it. Default: not
                sent.
            bill_duration: Filter: billed duration exactly equal to this many seconds. At least 0.
                Default: not sent.
            bill_duration__gt: Filter: billed duration greater than (seconds). At least 0. Default:
                not sent.
            bill_duration__gte: Filter: billed duration greater than or equal to (seconds). At least
                0. Default: not sent.
            bill_duration__lt: Filter: billed duration less than (seconds). At least 0. Default: not
                sent.
            bill_duration__lte: Filter: billed duration less than or equal to (seconds). At least 0.
                Default: not sent.
            end_time: Filter: calls that ended at exactly this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__gt: Filter: calls that ended after this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__gte: Filter: calls that ended at or after this time. A datetime (sent in UTC)
                or Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__lt: Filter: calls that ended before this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            end_time__lte: Filter: calls that ended at or before this time. A datetime (sent in UTC)
                or Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            hangup_cause_code: Filter by hangup cause code. Default: not sent.
            hangup_source: Filter by hangup source. One of ``"API Request"``, ``"Answer XML"``,
                ``"Callee"``, ``"Caller"``, ``"Error"``, ``"Plivo"``, ``"Unknown"``. Default: not
                sent.
            stir_verification: Filter by STIR/SHAKEN attestation result. One of
                ``"Not Applicable"``, ``"Not Verified"``, ``"Verified"``. Default: not sent.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[Call]: every ``Call`` across pages, one request per page as you iterate
                (``async for``; with the blocking ``Client``: ``for``); ``first_page()`` gives one
                ``Page[Call]`` (items and ``meta``).

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

    @endpoint(
        "POST",
        "Call/{call_uuid}/",
        id="call.update",
        checks=[
            required_if("aleg_url", "legs", ("aleg", "both")),
            required_if("bleg_url", "legs", ("bleg", "both")),
        ],
    )
    async def transfer(
        self,
        call_uuid: str,
        *,
        legs: Legs | None = None,
        aleg_url: CallbackUrl | None = None,
        aleg_method: HttpMethod | None = None,
        bleg_url: CallbackUrl | None = None,
        bleg_method: HttpMethod | None = None,
    ) -> CallTransferred:
        """Send a call in progress to new XML: ``legs`` picks the A leg, the B leg or both.

        The reference marks ``legs`` optional and documents no default, so it is sent only when
        given.

        ``aleg_url`` is required when ``legs`` is ``"aleg"`` or ``"both"``, ``bleg_url`` when it
        is ``"bleg"`` or ``"both"``; both are absolute http(s) URLs, sent exactly as given.

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            legs: Which leg(s) to transfer: aleg = call_uuid, bleg = the bridged leg, both = both
                legs. One of ``"aleg"``, ``"bleg"``, ``"both"``. Default: not sent.
            aleg_url: URL to fetch XML from for the A leg. An absolute http(s) URL, sent as given.
                Default: not sent.
            aleg_method: HTTP verb used to invoke aleg_url. One of ``"GET"``, ``"POST"``. Default:
                not sent (Plivo's default: ``"POST"``).
            bleg_url: URL to fetch XML from for the B leg. An absolute http(s) URL, sent as given.
                Default: not sent.
            bleg_method: HTTP verb used to invoke bleg_url. One of ``"GET"``, ``"POST"``. Default:
                not sent (Plivo's default: ``"POST"``).

        Returns:
            CallTransferred: Answer to ``calls.transfer`` (``message`` is ``"call transferred"``).

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
        return await self._send(self.transfer, locals())

    @endpoint("DELETE", "Call/{call_uuid}/", id="call.hangup")
    async def hangup(self, call_uuid: str) -> None:
        """Hang up a call in progress, or cancel a queued one.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

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
        return await self._send(self.hangup, locals())

    @endpoint(
        "POST",
        "Call/{call_uuid}/Feedback/",
        id="call.feedback",
        root="stats",
        checks=[_issues_below_top_rating],
    )
    async def feedback(
        self,
        call_uuid: str,
        *,
        rating: Annotated[float, Arg(minimum=1, maximum=TOP_RATING)],
        issues: Annotated[
            FeedbackIssue | Sequence[FeedbackIssue] | None, Arg(join=",", array=True)
        ] = None,
        notes: str | None = None,
    ) -> CallFeedback:
        """Rate the quality of a call, on Plivo's stats host.

        ``rating`` is a number from 1 to 5; below 5, ``issues`` is required: one issue code
        (``"ECHO"``) or several (a sequence, or a ``,``-joined string), sent as a JSON array.
        ``notes`` is free text.

        Endpoint: ``POST https://stats.plivo.com/v1/Call/{call_uuid}/Feedback/``

        Args:
            call_uuid: UUID of the call the feedback is for. Required; sent in the path
                (percent-encoded).
            rating: Call quality rating, a float in [1,5]; for integers both 'x' and 'x.0' are
                accepted. From 1 to 5. Required.
            issues: List of one or more issue codes observed on the call. One value or a sequence
                (sent as a JSON array). One of ``"AUDIO_LAG"``, ``"BROKEN_AUDIO"``,
                ``"CALLERID_ISSUE"``, ``"CALL_DROPPED"``, ``"DIGITS_NOT_CAPTURED"``, ``"ECHO"``,
                ``"HIGH_CONNECT_TIME"``, ``"LOW_AUDIO_LEVEL"``, ``"ONE_WAY_AUDIO"``, ``"OTHERS"``,
                ``"ROBOTIC_AUDIO"``. Default: not sent.
            notes: Free-text descriptive feedback. Default: not sent.

        Returns:
            CallFeedback: Answer to ``calls.feedback``: ``message`` is
                ``"Feedback has been posted"``.

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
        return await self._send(self.feedback, locals())

    @endpoint("POST", "Call/{call_uuid}/Record/", id="call.record.start", async_capable=False)
    async def start_recording(
        self,
        call_uuid: str,
        *,
        time_limit: Seconds | None = None,
        file_format: Literal["mp3", "wav"] | None = None,
        transcription_type: Literal["auto"] | None = None,
        transcription_url: CallbackUrl | None = None,
        callback_url: CallbackUrl | None = None,
        callback_method: HttpMethod | None = None,
    ) -> CallRecordingStarted:
        """Start recording a call in progress (several recordings of one call may run at once).

        ``time_limit``: the longest the recording runs, in seconds (Plivo's default 60);
        ``file_format``: ``"mp3"`` (default) or ``"wav"``; ``transcription_type="auto"`` has
        the recording transcribed (English) and POSTed to ``transcription_url``.
        ``callback_url`` is called (with ``callback_method``, default POST) when the recording
        ends; here it is not Plivo's asynchronous-request option. Returns the ``recording_id``
        and the file's ``url``.

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Record/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            time_limit: Maximum recording duration in seconds. At least 1. Default: not sent
                (Plivo's default: ``60``).
            file_format: Recording file format. One of ``"mp3"``, ``"wav"``. Default: not sent
                (Plivo's default: ``"mp3"``).
            transcription_type: 'auto' = automated transcription (turnaround < 5 min, grows with
                duration); English only, 500 ms < duration < 4 h, file < 2 GB. One of ``"auto"``.
                Default: not sent.
            transcription_url: URL the transcription is POSTed to. An absolute http(s) URL, sent as
                given. Default: not sent.
            callback_url: URL invoked when the recording ends (see callbacks). An absolute http(s)
                URL, sent as given. Default: not sent.
            callback_method: HTTP verb used to invoke callback_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).

        Returns:
            CallRecordingStarted: Answer to ``calls.start_recording``: the recording's id and where
                its file will be.

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

    @endpoint("DELETE", "Call/{call_uuid}/Record/", id="call.record.stop")
    async def stop_recording(
        self,
        call_uuid: str,
        *,
        url: Annotated[str | None, Arg(wire="URL", url="http")] = None,
    ) -> None:
        """Stop recording a call: every recording running on it, or the one at ``url``.

        ``url`` is the file URL ``start_recording`` answered (sent as ``URL``).

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Record/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            url: Record URL of a single recording to stop; by default all active recordings on the
                call are stopped. An absolute http(s) URL, sent as given. Default: not sent.

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

    @endpoint("POST", "Call/{call_uuid}/Play/", id="call.play.start")
    async def start_playing(
        self,
        call_uuid: str,
        *,
        urls: Annotated[str | Sequence[str], Arg(join=",", url="http")],
        length: Seconds | None = None,
        legs: Legs | None = None,
        loop: bool | None = None,
        mix: bool | None = None,
    ) -> CallPlayStarted:
        """Play audio files (.mp3 or .wav) on a call in progress.

        ``urls``: one absolute http(s) URL, or several (a sequence, sent joined with ``,``);
        ``length``: the most seconds to play; ``legs``: ``"aleg"`` (default), ``"bleg"`` or
        ``"both"``; ``loop=True`` plays until stopped; ``mix=False`` lets the call hear only the
        audio (default True: mixed with the call).

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Play/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            urls: A URL, or comma-separated URLs, of .mp3/.wav files to play. One value or a
                sequence (sent joined with ``,``). An absolute http(s) URL, sent as given. Required.
            length: Maximum seconds to play the audio. At least 1. Default: not sent.
            legs: Call leg(s) to play on. One of ``"aleg"``, ``"bleg"``, ``"both"``. Default: not
                sent (Plivo's default: ``"aleg"``).
            loop: If true, play indefinitely. Default: not sent (Plivo's default: ``False``).
            mix: True: mix call audio with the played file; false: participants hear only the file
                until it stops. Default: not sent (Plivo's default: ``True``).

        Returns:
            CallPlayStarted: Answer to ``calls.start_playing`` (``message`` is ``"play started"``).

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
        return await self._send(self.start_playing, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Play/", id="call.play.stop")
    async def stop_playing(self, call_uuid: str) -> None:
        """Stop the audio playing on a call.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Play/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

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
        return await self._send(self.stop_playing, locals())

    @endpoint("POST", "Call/{call_uuid}/Speak/", id="call.speak.start")
    async def start_speaking(
        self,
        call_uuid: str,
        *,
        text: str,
        voice: str | None = None,
        language: str | None = None,
        legs: Legs | None = None,
        loop: bool | None = None,
        mix: bool | None = None,
    ) -> CallSpeakStarted:
        """Speak text on a call in progress (text to speech).

        ``voice``: ``"WOMAN"`` (default) or ``"MAN"``; ``language``: a code such as
        ``"en-US"`` (default), ``"fr-FR"`` or ``"hi-IN"`` (not every language has both voices);
        both are passed to Plivo as given. ``legs``: ``"aleg"`` (default), ``"bleg"`` or
        ``"both"``; ``loop=True`` repeats until stopped; ``mix=False`` lets the call hear only
        the speech.

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Speak/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            text: Text to speak. Required.
            voice: Voice to use. Default: not sent (Plivo's default: ``"WOMAN"``).
            language: Language code of the text. Default: not sent (Plivo's default: ``"en-US"``).
            legs: Call leg(s) to speak on. One of ``"aleg"``, ``"bleg"``, ``"both"``. Default: not
                sent (Plivo's default: ``"aleg"``).
            loop: If true, repeat until stopped. Default: not sent (Plivo's default: ``False``).
            mix: True: mix call audio with the speech; false: participants hear only the speech.
                Default: not sent (Plivo's default: ``True``).

        Returns:
            CallSpeakStarted: Answer to ``calls.start_speaking`` (``message`` is
                ``"speak started"``).

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
        return await self._send(self.start_speaking, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Speak/", id="call.speak.stop")
    async def stop_speaking(self, call_uuid: str) -> CallSpeakStopped:
        """Stop the text being spoken on a call.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Speak/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

        Returns:
            CallSpeakStopped: Answer to ``calls.stop_speaking``: documented as a 204 that may carry
                ``{"message": "speak stopped", "api_id": ...}``; when Plivo sends no body both
                fields are None.

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
        return await self._send(self.stop_speaking, locals())

    @endpoint("POST", "Call/{call_uuid}/DTMF/", id="call.dtmf.send")
    async def send_digits(
        self,
        call_uuid: str,
        *,
        digits: str,
        leg: Literal["aleg", "bleg"] | None = None,
    ) -> CallDigitsSent:
        """Send DTMF digits (``"8743#"``) on a call in progress.

        ``leg``: ``"aleg"`` (default: the call itself) or ``"bleg"`` (the other party).

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/DTMF/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            digits: Digits to send (e.g. '8743#'). Required.
            leg: Leg to send DTMF on: aleg (current call) or bleg (other party). One of ``"aleg"``,
                ``"bleg"``. Default: not sent (Plivo's default: ``"aleg"``).

        Returns:
            CallDigitsSent: Answer to ``calls.send_digits`` (``message`` is ``"digits sent"``).

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
        return await self._send(self.send_digits, locals())


class AsyncLiveCalls(AsyncResource):
    """``client.live_calls``: calls in progress."""

    @endpoint("GET", "Call/{call_uuid}/", id="live_call.get", query={"status": "live"})
    async def get(self, call_uuid: str) -> LiveCall:
        """One call in progress.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/?status=live``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

        Returns:
            LiveCall: A call in progress (``live_calls.get`` / ``live_calls.list``).

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

    @endpoint("GET", "Call/", id="live_call.list_v2", root="v2", query={"status": "live"})
    def list(
        self,
        *,
        call_direction: CallDirection | None = None,
        number: str | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[LiveCall]:
        """Calls in progress with their details (paginated; ``number`` matches either end).

        Endpoint: ``GET /v2/Account/{auth_id}/Call/?status=live``

        Args:
            call_direction: Filter by call direction. One of ``"inbound"``, ``"outbound"``. Default:
                not sent.
            number: Filter by number the call is from OR to (exact number or prefix). Default: not
                sent.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[LiveCall]: every ``LiveCall`` across pages, one request per page as you
                iterate (``async for``; with the blocking ``Client``: ``for``); ``first_page()``
                gives one ``Page[LiveCall]`` (items and ``meta``).

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

    @endpoint("GET", "Call/", id="live_call.list", query={"status": "live"})
    async def list_ids(
        self,
        *,
        call_direction: CallDirection | None = None,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> builtins.list[str]:
        """The UUIDs of the calls in progress.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/?status=live``

        Args:
            call_direction: Filter by call direction. One of ``"inbound"``, ``"outbound"``. Default:
                not sent.
            from_number: Filter by source number (exact number or prefix). Default: not sent.
            to_number: Filter by destination number (exact number or prefix). Default: not sent.

        Returns:
            list[str]: The call UUIDs; empty when there are none.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        answer = await self._send_as(self.list_ids, locals(), CallUuids)
        return answer.calls


class AsyncQueuedCalls(AsyncResource):
    """``client.queued_calls``: calls waiting for the account's calls-per-second limit."""

    @endpoint("GET", "Call/{call_uuid}/", id="queued_call.get", query={"status": "queued"})
    async def get(self, call_uuid: str) -> QueuedCall:
        """One queued call.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/?status=queued``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).

        Returns:
            QueuedCall: A call waiting to be dispatched at the account's calls-per-second limit.

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

    @endpoint("GET", "Call/", id="queued_call.list", query={"status": "queued"})
    async def list_ids(self) -> builtins.list[str]:
        """The UUIDs of the queued calls.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/?status=queued``

        Returns:
            list[str]: The call UUIDs; empty when there are none.

        Raises:
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        answer = await self._send_as(self.list_ids, locals(), CallUuids)
        return answer.calls
