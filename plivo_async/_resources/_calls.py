"""Calls: place, inspect, list, transfer and hang up calls; live and queued calls."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from .._errors import ValidationError
from .._models import Call, CallCreated, CallTransferred, CallUuids, LiveCall, Page, QueuedCall
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator, PageRequest
from .._request import CALL_CREATE
from .._validation import Param, Params, path_id
from ._base import AsyncResource, ignore_body, method_param

if TYPE_CHECKING:
    from .._client import AsyncClient

HttpMethod = Literal["GET", "POST"]
CallDirection = Literal["inbound", "outbound"]
Legs = Literal["aleg", "bleg", "both"]

#: Plivo's limit on destinations in one bulk call.
MAX_DESTINATIONS = 1000

_DIRECTION = frozenset({"inbound", "outbound"})


_CREATE = Params(
    Param("from_", required=True),
    Param("to", required=True, join="<", max_items=MAX_DESTINATIONS),
    Param("answer_url", required=True, url="http"),
    method_param("answer_method"),
    Param("ring_url", url="http"),
    method_param("ring_method"),
    Param("hangup_url", url="http"),
    method_param("hangup_method"),
    Param("fallback_url", url="http"),
    method_param("fallback_method"),
    Param("caller_name", max_length=50),
    Param("send_digits"),
    Param("send_on_preanswer", bool),
    Param("time_limit", int, minimum=1),
    Param("hangup_on_ring", int, minimum=1),
    Param("machine_detection", choices=frozenset({"true", "hangup"})),
    Param("machine_detection_time", int, minimum=2000, maximum=10000),
    Param("machine_detection_url", url="http"),
    method_param("machine_detection_method"),
    Param("machine_detection_maximum_speech_length", int, minimum=1000, maximum=6000),
    Param("machine_detection_initial_silence", int, minimum=2000, maximum=10000),
    Param("machine_detection_maximum_words", int, minimum=2, maximum=10),
    Param("machine_detection_initial_greeting", int, minimum=1000, maximum=5000),
    Param("machine_detection_silence", int, minimum=500, maximum=5000),
    Param("sip_headers"),
    Param("ring_timeout", int, minimum=1),
    Param("parent_call_uuid"),
    Param("error_if_parent_not_found", bool),
)

_TRANSFER = Params(
    Param("legs", required=True, choices=frozenset({"aleg", "bleg", "both"})),
    Param("aleg_url", url="http"),
    method_param("aleg_method"),
    Param("bleg_url", url="http"),
    method_param("bleg_method"),
)

_LIST = Params(
    Param("subaccount"),
    Param("call_direction", choices=_DIRECTION),
    Param("from_number"),
    Param("to_number"),
    Param("parent_call_uuid"),
    Param("bill_duration", int, minimum=0),
    Param("bill_duration__gt", int, minimum=0),
    Param("bill_duration__gte", int, minimum=0),
    Param("bill_duration__lt", int, minimum=0),
    Param("bill_duration__lte", int, minimum=0),
    Param("end_time", timestamp=True),
    Param("end_time__gt", timestamp=True),
    Param("end_time__gte", timestamp=True),
    Param("end_time__lt", timestamp=True),
    Param("end_time__lte", timestamp=True),
    Param("hangup_cause_code", int),
    Param(
        "hangup_source",
        choices=frozenset(
            {"Caller", "Callee", "Plivo", "API Request", "Answer XML", "Error", "Unknown"}
        ),
    ),
    Param("stir_verification", choices=frozenset({"Verified", "Not Verified", "Not Applicable"})),
)

_LIVE_LIST = Params(Param("call_direction", choices=_DIRECTION), Param("number"))
_LIVE_LIST_IDS = Params(
    Param("call_direction", choices=_DIRECTION), Param("from_number"), Param("to_number")
)


class AsyncCalls(AsyncResource):
    """``client.calls``: outbound calls and call detail records."""

    def __init__(self, client: AsyncClient) -> None:
        super().__init__(client)
        self._parse_created = client._model(CallCreated)
        self._parse_call = client._model(Call)
        self._parse_page = client._model(Page[Call])
        self._parse_transferred = client._model(CallTransferred)

    async def create(
        self,
        *,
        from_: str,
        to: str | Sequence[str],
        answer_url: str,
        answer_method: HttpMethod | None = None,
        ring_url: str | None = None,
        ring_method: HttpMethod | None = None,
        hangup_url: str | None = None,
        hangup_method: HttpMethod | None = None,
        fallback_url: str | None = None,
        fallback_method: HttpMethod | None = None,
        caller_name: str | None = None,
        send_digits: str | None = None,
        send_on_preanswer: bool | None = None,
        time_limit: int | None = None,
        hangup_on_ring: int | None = None,
        machine_detection: Literal["true", "hangup"] | None = None,
        machine_detection_time: int | None = None,
        machine_detection_url: str | None = None,
        machine_detection_method: HttpMethod | None = None,
        machine_detection_maximum_speech_length: int | None = None,
        machine_detection_initial_silence: int | None = None,
        machine_detection_maximum_words: int | None = None,
        machine_detection_initial_greeting: int | None = None,
        machine_detection_silence: int | None = None,
        sip_headers: str | None = None,
        ring_timeout: int | None = None,
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
        body = _CREATE.build(
            {
                "from_": from_,
                "to": to,
                "answer_url": answer_url,
                "answer_method": answer_method,
                "ring_url": ring_url,
                "ring_method": ring_method,
                "hangup_url": hangup_url,
                "hangup_method": hangup_method,
                "fallback_url": fallback_url,
                "fallback_method": fallback_method,
                "caller_name": caller_name,
                "send_digits": send_digits,
                "send_on_preanswer": send_on_preanswer,
                "time_limit": time_limit,
                "hangup_on_ring": hangup_on_ring,
                "machine_detection": machine_detection,
                "machine_detection_time": machine_detection_time,
                "machine_detection_url": machine_detection_url,
                "machine_detection_method": machine_detection_method,
                "machine_detection_maximum_speech_length": machine_detection_maximum_speech_length,
                "machine_detection_initial_silence": machine_detection_initial_silence,
                "machine_detection_maximum_words": machine_detection_maximum_words,
                "machine_detection_initial_greeting": machine_detection_initial_greeting,
                "machine_detection_silence": machine_detection_silence,
                "sip_headers": sip_headers,
                "ring_timeout": ring_timeout,
                "parent_call_uuid": parent_call_uuid,
                "error_if_parent_not_found": error_if_parent_not_found,
            }
        )
        return await self._client._call(
            "POST", "Call/", self._parse_created, body=body, bucket=CALL_CREATE
        )

    async def get(self, call_uuid: str) -> Call:
        """The call detail record (CDR) of a completed call."""
        path = f"Call/{path_id('call_uuid', call_uuid)}/"
        return await self._client._call("GET", path, self._parse_call)

    def list(
        self,
        *,
        subaccount: str | None = None,
        call_direction: CallDirection | None = None,
        from_number: str | None = None,
        to_number: str | None = None,
        parent_call_uuid: str | None = None,
        bill_duration: int | None = None,
        bill_duration__gt: int | None = None,
        bill_duration__gte: int | None = None,
        bill_duration__lt: int | None = None,
        bill_duration__lte: int | None = None,
        end_time: str | datetime | None = None,
        end_time__gt: str | datetime | None = None,
        end_time__gte: str | datetime | None = None,
        end_time__lt: str | datetime | None = None,
        end_time__lte: str | datetime | None = None,
        hangup_cause_code: int | None = None,
        hangup_source: str | None = None,
        stir_verification: str | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Call]:
        """Completed calls (CDRs), newest first; by default those of the last 7 days.

        ``await`` the result for one page, or ``async for`` over it for every call across
        pages. ``limit`` caps the calls in total, ``page_size`` (1-20) is per request; datetime
        filters are sent in UTC.
        """
        filters = _LIST.build_query(
            {
                "subaccount": subaccount,
                "call_direction": call_direction,
                "from_number": from_number,
                "to_number": to_number,
                "parent_call_uuid": parent_call_uuid,
                "bill_duration": bill_duration,
                "bill_duration__gt": bill_duration__gt,
                "bill_duration__gte": bill_duration__gte,
                "bill_duration__lt": bill_duration__lt,
                "bill_duration__lte": bill_duration__lte,
                "end_time": end_time,
                "end_time__gt": end_time__gt,
                "end_time__gte": end_time__gte,
                "end_time__lt": end_time__lt,
                "end_time__lte": end_time__lte,
                "hangup_cause_code": hangup_cause_code,
                "hangup_source": hangup_source,
                "stir_verification": stir_verification,
            }
        )

        async def fetch(page: PageRequest) -> Page[Call]:
            return await self._client._call("GET", page.path, self._parse_page, query=page.params)

        return AsyncPaginator(
            fetch, path="Call/", query=filters, limit=limit, page_size=page_size, offset=offset
        )

    async def transfer(
        self,
        call_uuid: str,
        *,
        legs: Legs,
        aleg_url: str | None = None,
        aleg_method: HttpMethod | None = None,
        bleg_url: str | None = None,
        bleg_method: HttpMethod | None = None,
    ) -> CallTransferred:
        """Send a call in progress to new XML: ``legs`` picks the A leg, the B leg or both.

        ``aleg_url`` is required when ``legs`` is ``"aleg"`` or ``"both"``, ``bleg_url`` when it
        is ``"bleg"`` or ``"both"``; both are absolute http(s) URLs, sent exactly as given.
        """
        path = f"Call/{path_id('call_uuid', call_uuid)}/"
        body = _TRANSFER.build(
            {
                "legs": legs,
                "aleg_url": aleg_url,
                "aleg_method": aleg_method,
                "bleg_url": bleg_url,
                "bleg_method": bleg_method,
            }
        )
        if legs in ("aleg", "both") and aleg_url is None:
            raise ValidationError("aleg_url", f"is required when legs is {legs!r}")
        if legs in ("bleg", "both") and bleg_url is None:
            raise ValidationError("bleg_url", f"is required when legs is {legs!r}")
        return await self._client._call("POST", path, self._parse_transferred, body=body)

    async def hangup(self, call_uuid: str) -> None:
        """Hang up a call in progress, or cancel a queued one."""
        path = f"Call/{path_id('call_uuid', call_uuid)}/"
        await self._client._call("DELETE", path, ignore_body)


class AsyncLiveCalls(AsyncResource):
    """``client.live_calls``: calls in progress."""

    def __init__(self, client: AsyncClient) -> None:
        super().__init__(client)
        self._parse_live = client._model(LiveCall)
        self._parse_page = client._model(Page[LiveCall])
        self._parse_ids = client._model(CallUuids)

    async def get(self, call_uuid: str) -> LiveCall:
        """One call in progress."""
        path = f"Call/{path_id('call_uuid', call_uuid)}/"
        return await self._client._call("GET", path, self._parse_live, query={"status": "live"})

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
        filters = _LIVE_LIST.build_query({"call_direction": call_direction, "number": number})

        async def fetch(page: PageRequest) -> Page[LiveCall]:
            return await self._client._call(
                "GET", page.path, self._parse_page, query=page.params, root="v2"
            )

        return AsyncPaginator(
            fetch,
            path="Call/",
            query={"status": "live", **filters},
            limit=limit,
            page_size=page_size,
            offset=offset,
        )

    async def list_ids(
        self,
        *,
        call_direction: CallDirection | None = None,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> builtins.list[str]:
        """The UUIDs of the calls in progress."""
        query = _LIVE_LIST_IDS.build_query(
            {"call_direction": call_direction, "from_number": from_number, "to_number": to_number}
        )
        answer = await self._client._call(
            "GET", "Call/", self._parse_ids, query={"status": "live", **query}
        )
        return answer.calls


class AsyncQueuedCalls(AsyncResource):
    """``client.queued_calls``: calls waiting for the account's calls-per-second limit."""

    def __init__(self, client: AsyncClient) -> None:
        super().__init__(client)
        self._parse_queued = client._model(QueuedCall)
        self._parse_ids = client._model(CallUuids)

    async def get(self, call_uuid: str) -> QueuedCall:
        """One queued call."""
        path = f"Call/{path_id('call_uuid', call_uuid)}/"
        return await self._client._call("GET", path, self._parse_queued, query={"status": "queued"})

    async def list_ids(self) -> builtins.list[str]:
        """The UUIDs of the queued calls."""
        answer = await self._client._call(
            "GET", "Call/", self._parse_ids, query={"status": "queued"}
        )
        return answer.calls
