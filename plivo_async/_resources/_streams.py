"""Audio streams: fork a call's audio to a WebSocket service (``client.streams``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from .._endpoint import Arg, endpoint
from .._errors import ValidationError
from .._models._streams import Stream, StreamStarted
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from ._base import AsyncResource, CallbackUrl, HttpMethod

AudioTrack = Literal["inbound", "outbound", "both"]
ContentType = Literal["audio/x-l16;rate=8000", "audio/x-l16;rate=16000", "audio/x-mulaw;rate=8000"]

#: Plivo's limit on ``extra_headers``, in bytes (they are ASCII, so characters).
MAX_EXTRA_HEADERS = 512
_EXTRA_HEADER = re.compile(r"[A-Za-z0-9]+=[A-Za-z0-9]+")


def _extra_headers_format(given: Mapping[str, Any]) -> None:
    headers = given.get("extra_headers")
    if not headers:
        return
    for index, pair in enumerate(headers.split(",")):
        if not _EXTRA_HEADER.fullmatch(pair):
            raise ValidationError(
                "extra_headers",
                f"must be key=value pairs joined with ',', keys and values of letters A-Z, a-z"
                f" and digits only; pair {index + 1} is not",
            )


def _inbound_when_bidirectional(given: Mapping[str, Any]) -> None:
    track = given.get("audio_track")
    if given.get("bidirectional") is True and track not in (None, "inbound"):
        raise ValidationError(
            "audio_track", f"must be 'inbound' when bidirectional is True, got {track!r}"
        )


class AsyncStreams(AsyncResource):
    """``client.streams``: audio streams."""

    @endpoint(
        "POST",
        "Call/{call_uuid}/Stream/",
        id="stream.start",
        checks=[_extra_headers_format, _inbound_when_bidirectional],
    )
    async def start(
        self,
        call_uuid: str,
        *,
        service_url: Annotated[str, Arg(url="ws")],
        bidirectional: bool | None = None,
        audio_track: AudioTrack | None = None,
        stream_timeout: Annotated[int | None, Arg(minimum=1)] = None,
        status_callback_url: CallbackUrl | None = None,
        status_callback_method: HttpMethod | None = None,
        content_type: ContentType | None = None,
        extra_headers: Annotated[str | None, Arg(max_length=MAX_EXTRA_HEADERS)] = None,
    ) -> StreamStarted:
        """Stream a call's audio to a WebSocket service (``service_url``, ``ws://`` or ``wss://``).

        ``audio_track``: ``"inbound"`` (default: what Plivo receives), ``"outbound"`` or
        ``"both"``; ``bidirectional=True`` lets the service send audio back (``audio_track``
        must then be ``"inbound"``). ``stream_timeout``: the most seconds to stream (default
        86400; the call goes on). ``status_callback_url`` hears when the stream starts, stops,
        times out or fails. ``content_type``: ``"audio/x-l16;rate=8000"`` (default),
        ``"audio/x-l16;rate=16000"`` or ``"audio/x-mulaw;rate=8000"``. ``extra_headers``:
        ``"k1=v1,k2=v2"`` passed to the service, letters and digits only, at most 512 bytes.
        Returns the new ``stream_id``.

        The endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``.
        """
        return await self._send(self.start, locals())

    @endpoint("GET", "Call/{call_uuid}/Stream/", id="stream.list")
    def list(
        self,
        call_uuid: str,
        *,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Stream]:
        """The streams of a call, active and ended.

        ``await`` the result for one page, or ``async for`` over it for every stream across
        pages; ``limit`` caps the streams in total, ``page_size`` (1-20) is per request.

        The endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``.
        """
        return self._paginate(self.list, locals())

    @endpoint("GET", "Call/{call_uuid}/Stream/{stream_id}/", id="stream.get")
    async def get(self, call_uuid: str, stream_id: str) -> Stream:
        """One stream of a call.

        The endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}/``.
        """
        return await self._send(self.get, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Stream/{stream_id}/", id="stream.stop")
    async def stop(self, call_uuid: str, stream_id: str) -> None:
        """Stop one stream of a call (an ended one answers ``BadRequestError``).

        The endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}/``.
        """
        return await self._send(self.stop, locals())

    @endpoint("DELETE", "Call/{call_uuid}/Stream/", id="stream.stop_all")
    async def stop_all(self, call_uuid: str) -> None:
        """Stop every active stream of a call (none active answers ``BadRequestError``).

        The endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``.
        """
        return await self._send(self.stop_all, locals())
