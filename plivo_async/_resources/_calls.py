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
        """
        return await self._send(self.create, locals())

    @endpoint("GET", "Call/{call_uuid}/", id="call.get")
    async def get(self, call_uuid: str) -> Call:
        """The call detail record (CDR) of a completed call."""
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
        """
        return await self._send(self.transfer, locals())

    @endpoint("DELETE", "Call/{call_uuid}/", id="call.hangup")
    async def hangup(self, call_uuid: str) -> None:
        """Hang up a call in progress, or cancel a queued one."""
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

        The endpoint: ``POST https://stats.plivo.com/v1/Call/{call_uuid}/Feedback/``.
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

        The endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Record/``.
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

        The endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Record/``.
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

        The endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Play/``.
        """
        return await self._send(self.start_playing, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Play/", id="call.play.stop")
    async def stop_playing(self, call_uuid: str) -> None:
        """Stop the audio playing on a call.

        The endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Play/``.
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

        The endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Speak/``.
        """
        return await self._send(self.start_speaking, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Speak/", id="call.speak.stop")
    async def stop_speaking(self, call_uuid: str) -> CallSpeakStopped:
        """Stop the text being spoken on a call.

        The endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Speak/``.
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

        The endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/DTMF/``.
        """
        return await self._send(self.send_digits, locals())


class AsyncLiveCalls(AsyncResource):
    """``client.live_calls``: calls in progress."""

    @endpoint("GET", "Call/{call_uuid}/", id="live_call.get", query={"status": "live"})
    async def get(self, call_uuid: str) -> LiveCall:
        """One call in progress."""
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
        """Calls in progress with their details (paginated; ``number`` matches either end)."""
        return self._paginate(self.list, locals())

    @endpoint("GET", "Call/", id="live_call.list", query={"status": "live"})
    async def list_ids(
        self,
        *,
        call_direction: CallDirection | None = None,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> builtins.list[str]:
        """The UUIDs of the calls in progress."""
        answer = await self._send_as(self.list_ids, locals(), CallUuids)
        return answer.calls


class AsyncQueuedCalls(AsyncResource):
    """``client.queued_calls``: calls waiting for the account's calls-per-second limit."""

    @endpoint("GET", "Call/{call_uuid}/", id="queued_call.get", query={"status": "queued"})
    async def get(self, call_uuid: str) -> QueuedCall:
        """One queued call."""
        return await self._send(self.get, locals())

    @endpoint("GET", "Call/", id="queued_call.list", query={"status": "queued"})
    async def list_ids(self) -> builtins.list[str]:
        """The UUIDs of the queued calls."""
        answer = await self._send_as(self.list_ids, locals(), CallUuids)
        return answer.calls
