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

        Endpoint: ``POST /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            service_url: WebSocket URL (wss:// or ws://) the audio is streamed to, e.g.
                wss://mystream.ngrok.io/audiostream. An absolute ws(s) URL, sent as given. Required.
            bidirectional: True: the service can also send audio back over the socket (playAudio
                events); false: read-only stream. Default: not sent.
            audio_track: Which audio to fork: inbound (received by Plivo), outbound (sent by Plivo)
                or both; must not be outbound/both when bidirectional=true. One of ``"both"``,
                ``"inbound"``, ``"outbound"``. Default: not sent (Plivo's default: ``"inbound"``).
            stream_timeout: Maximum streaming duration in seconds (positive integer); the call
                itself is unaffected. At least 1. Default: not sent (Plivo's default: ``86400``).
            status_callback_url: URL notified when streaming starts (first packet), is stopped or
                times out, or fails/disconnects. An absolute http(s) URL, sent as given. Default:
                not sent.
            status_callback_method: HTTP verb for status_callback_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).
            content_type: Preferred codec and sample rate. One of ``"audio/x-l16;rate=16000"``,
                ``"audio/x-l16;rate=8000"``, ``"audio/x-mulaw;rate=8000"``. Default: not sent
                (Plivo's default: ``"audio/x-l16;rate=8000"``).
            extra_headers: Comma-separated key=value pairs passed to the WebSocket service (e.g.
                'test1=12,test2=123'); max 512 bytes; [A-Za-z0-9] only. At most 512 characters.
                Default: not sent.

        Returns:
            StreamStarted: Answer to ``streams.start``: ``message`` (``"audio streaming started"``)
                and the new ``stream_id``. The reference also shows the whole ``Stream`` object as
                this answer; whichever Plivo sends parses, and the fields it leaves out are None.

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

        Endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[Stream]: every ``Stream`` across pages, one request per page as you
                iterate (``async for``; with the blocking ``Client``: ``for``); ``first_page()``
                gives one ``Page[Stream]`` (items and ``meta``).

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
        return self._paginate(self.list, locals())

    @endpoint("GET", "Call/{call_uuid}/Stream/{stream_id}/", id="stream.get")
    async def get(self, call_uuid: str, stream_id: str) -> Stream:
        """One stream of a call.

        Endpoint: ``GET /v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            stream_id: ID of the audio stream (stream_id returned by stream.start). Required; sent
                in the path (percent-encoded).

        Returns:
            Stream: An audio stream of a call (``streams.get`` / ``streams.list``), active or ended.

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

    @endpoint("DELETE", "Call/{call_uuid}/Stream/{stream_id}/", id="stream.stop")
    async def stop(self, call_uuid: str, stream_id: str) -> None:
        """Stop one stream of a call (an ended one answers ``BadRequestError``).

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}/``

        Args:
            call_uuid: UUID of the call. Required; sent in the path (percent-encoded).
            stream_id: ID of the audio stream (stream_id returned by stream.start). Required; sent
                in the path (percent-encoded).

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

    @endpoint("DELETE", "Call/{call_uuid}/Stream/", id="stream.stop_all")
    async def stop_all(self, call_uuid: str) -> None:
        """Stop every active stream of a call (none active answers ``BadRequestError``).

        Endpoint: ``DELETE /v1/Account/{auth_id}/Call/{call_uuid}/Stream/``

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
        return await self._send(self.stop_all, locals())
