"""One HTTP attempt on the client's single aiohttp session.

The session is created lazily inside the event loop that first uses it and bound to that loop;
it is closed by ``aclose()`` only, never from ``__del__``. An attempt reads the whole body before
returning, so the connection is back in the pool before any retry or parsing happens. aiohttp's
exceptions are translated here, at the one place that knows whether a request may have left.

Every attempt is bounded whatever the server does: no redirect is followed (Plivo's API never
redirects, and a followed redirect would send a POST twice), the decoded body is capped at
``max_response_size``, and ``Timeout.attempt`` limits one attempt's whole duration. The per-attempt
bounds are kept by the client's watchdog (``_watchdog``), not by aiohttp's per-request timers.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import platform
import ssl
import time
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

import aiohttp
from yarl import URL

from . import _jsoncodec
from ._config import Timeout
from ._errors import (
    ClientClosedError,
    ClientStateError,
    ConnectError,
    ConnectionDroppedError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)
from ._request import Request, Response
from ._version import __version__
from ._watchdog import Watchdog, WatchedConnector

logger = logging.getLogger("plivo_async")

USER_AGENT = (
    f"plivo-async/{__version__} (Python {platform.python_version()}; aiohttp {aiohttp.__version__})"
)
_JSON_HEADERS = {"Content-Type": "application/json"}

#: How long ``aclose()`` waits by default for requests already sent before cutting them off.
DEFAULT_CLOSE_GRACE = 5.0
#: How many parsed URLs a client keeps (a call's URL names its id: bounded, then started afresh).
_URL_CACHE_SIZE = 256
#: After the grace, how long closing waits for the cut-off requests to unwind.
_UNWIND_TIMEOUT = 1.0


class _SlotsClosed(Exception):
    """Raised into the callers still queued for a connection when the client closes."""


class _ConnectionSlots:
    """A FIFO count of free pooled connections whose queue a closing client can empty.

    ``asyncio.Semaphore`` cannot fail its waiters; a client closing with callers still queued
    must tell each of them that its request was never sent.
    """

    __slots__ = ("_free", "_waiters")

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    def try_acquire(self) -> bool:
        if self._free and not self._waiters:
            self._free -= 1
            return True
        return False

    async def acquire(self) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.release()  # handed a slot, then cancelled before using it: pass it on
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1

    def fail_waiters(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(_SlotsClosed())


class Transport:
    """Owns the aiohttp session of one client and performs single attempts."""

    def __init__(
        self,
        *,
        authorization: str,
        timeout: Timeout,
        max_connections: int,
        max_response_size: int,
        proxy: str | None,
        trust_env: bool,
        ssl_context: ssl.SSLContext | None = None,
        headers: Mapping[str, str] | None = None,
        redact: Callable[[str], str] = str,
    ) -> None:
        self._default_headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Authorization": authorization,
            **(headers or {}),
        }
        #: The timeouts each attempt is held to.
        self.timeout = timeout
        # Waiting for a pooled connection happens in our own queue (``_slots``), bounded by
        # ``timeout.pool``. aiohttp bounds connecting only (its timer runs for new connections
        # alone); the attempt and read bounds are the watchdog's, far cheaper than aiohttp's
        # timer per request and per read.
        self._client_timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout.connect)
        self._watchdog: Watchdog | None = None
        self._urls: dict[str, URL] = {}
        self._pool_timeout = timeout.pool
        self._slots: _ConnectionSlots | None = None
        self._track_sending = timeout.total is not None
        self._max_connections = max_connections
        self._max_response_size = max_response_size
        self._proxy = proxy
        self._trust_env = trust_env
        self._ssl: ssl.SSLContext | bool = True if ssl_context is None else ssl_context
        self._redact = redact
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._closing = False
        self._in_flight = 0
        self._idle: asyncio.Event | None = None

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open" if self._session else "unopened"
        return f"<Transport {state} max_connections={self._max_connections}>"

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The aiohttp session, once created (for inspection and tests)."""
        return self._session

    @property
    def in_flight(self) -> int:
        """Attempts holding a pooled connection right now."""
        return self._in_flight

    def _session_for_running_loop(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientStateError("this client is closed; create a new one")
        loop = asyncio.get_running_loop()
        session = self._session
        if session is not None and self._loop is loop:
            return session
        if session is not None:
            raise ClientStateError(
                "this client is bound to the event loop it was first used in and cannot be used "
                "from another one; create one client per event loop (or use the blocking Client)"
            )
        timeout = self.timeout
        if timeout.attempt is not None or timeout.read is not None:
            self._watchdog = Watchdog(loop, timeout.attempt, timeout.read)
        options: dict[str, Any] = {
            "limit": self._max_connections, "ttl_dns_cache": 300, "ssl": self._ssl
        }
        connector: aiohttp.TCPConnector
        if self._watchdog is not None and timeout.read is not None:
            # Only ``read`` needs to know when the connection is there.
            connector = WatchedConnector(self._watchdog, **options)
        else:
            connector = aiohttp.TCPConnector(**options)
        self._session = session = aiohttp.ClientSession(
            connector=connector,
            # Only a whole-call deadline reads ``in_flight``; without one, skip the tracing cost.
            trace_configs=[_SENT_TRACE] if self._track_sending else None,
            timeout=self._client_timeout,
            headers=self._default_headers,
            trust_env=self._trust_env,
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        # aiohttp silently sends GET/DELETE a second time after a dropped connection, beneath
        # our policy and budget (retry=None would still send twice). One attempt, one request.
        if hasattr(session, "_retry_connection"):
            session._retry_connection = False
        self._slots = _ConnectionSlots(self._max_connections)
        self._loop = loop
        return session

    async def send(self, request: Request) -> Response:
        """Send ``request`` once and return the fully read answer, whatever its status."""
        session = self._session
        if session is None or self._closed or self._loop is not asyncio.get_running_loop():
            session = self._session_for_running_loop()
        slots = self._slots
        assert slots is not None
        # Queue for a connection here, not inside aiohttp: a waiting request then holds only
        # this frame, not aiohttp's whole request state (10,000 queued calls stay small). The
        # body is encoded after the wait, for the same reason.
        if not slots.try_acquire():
            await self._wait_for_slot(slots, request)
        if self._closing:  # closed while this request was being handed its slot
            slots.release()
            raise self._never_sent(request)
        self._in_flight += 1
        error: TransportError | None = None
        try:
            data: bytes | None = None
            headers: Mapping[str, str] | None = request.headers or None
            if request.json is not None:
                data = _jsoncodec.dumps(request.json)
                headers = {**_JSON_HEADERS, **request.headers} if request.headers else _JSON_HEADERS
            started = time.monotonic()
            # Whether this attempt may have reached the server, as a deadline that cancels it
            # sees it: cleared when aiohttp starts (connecting sends nothing), set again just
            # before the request is written, cleared once fully answered. A cancelled attempt
            # keeps the value it had. Without aiohttp's tracing (a mocked session) it stays true:
            # when in doubt, the outcome is unknown.
            request.in_flight = True
            watchdog = self._watchdog
            watch = watchdog.start(started) if watchdog is not None else None
            url = self._urls.get(request.url)
            if url is None:
                url = self._url(request.url)
            try:
                async with session.request(
                    request.method,
                    url,
                    params=request.params,
                    data=data,
                    headers=headers,
                    proxy=self._proxy,
                    allow_redirects=False,
                    trace_request_ctx=request,
                ) as answer:
                    if watch is not None:
                        watch.stream = answer.content  # the head is here: now the body's pace
                    length = answer.content_length
                    if (
                        length is not None
                        and length <= self._max_response_size
                        and "Content-Encoding" not in answer.headers
                    ):
                        content = await answer.read()  # the common case: exactly ``length`` bytes
                    else:
                        content = await self._read_body(answer, request)
                    response = Response(
                        answer.status,
                        answer.headers,
                        content,
                        request,
                        time.monotonic() - started,
                    )
                request.in_flight = False
            except asyncio.CancelledError:
                if watch is None or not watch.absorb():
                    raise
                error = self._bound_hit(watch.expired, request)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                error = self._translate(exc, request)
            except RuntimeError as exc:  # "Session is closed": closed under a running attempt
                if not self._closing:
                    raise
                error = self._cut_off(request, f"{type(exc).__name__}: {exc}")
            finally:
                if watch is not None:
                    watchdog.stop(watch)  # type: ignore[union-attr]
            if error is not None:
                # Raised outside the handler so no aiohttp object (whose request_info holds the
                # Authorization header) is chained to what the caller sees.
                raise error
        finally:
            slots.release()
            self._in_flight -= 1
            if self._in_flight == 0 and self._idle is not None:
                self._idle.set()
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d, api_id %s)",
                request.method,
                request.path,
                response.status,
                response.elapsed * 1000,
                request.attempt,
                _api_id_of(content),
            )
        return response

    def _url(self, url: str) -> URL:
        """``url`` as yarl's URL, kept for the next request to it (most requests share a few)."""
        if len(self._urls) >= _URL_CACHE_SIZE:
            self._urls.clear()
        # Already percent-encoded by us: yarl must not decode %2e or fold dot segments.
        parsed = self._urls[url] = URL(url, encoded=True)
        return parsed

    async def _read_body(self, answer: aiohttp.ClientResponse, request: Request) -> bytes:
        """The decoded body when it is not simply ``Content-Length`` bytes within the cap,
        never more than ``max_response_size`` of it.

        A success past the cap raises ResponseTooLargeError (its body is what the caller asked
        for); an error status keeps its status and only the part of its body within the cap
        (enough for a message; the rest is not read, and the connection is closed).
        """
        cap = self._max_response_size
        length = answer.content_length
        if length is not None and length > cap:
            answer.close()  # do not read (or drain) what will not be used
            return self._over_cap(answer, request, b"", received=0)
        # Chunked or compressed: count the decoded bytes as they arrive (aiohttp inflates in
        # bounded pieces, so a small gzip bomb is stopped after the cap plus one piece).
        chunks: list[bytes] = []
        received = 0
        stream = answer.content
        while chunk := await stream.readany():
            received += len(chunk)
            if received > cap:
                answer.close()
                chunks.append(chunk[: len(chunk) - (received - cap)])
                return self._over_cap(answer, request, b"".join(chunks), received=received)
            chunks.append(chunk)
        return b"".join(chunks)

    def _over_cap(
        self, answer: aiohttp.ClientResponse, request: Request, head: bytes, *, received: int
    ) -> bytes:
        if 200 <= answer.status < 300:
            raise self._too_large(answer, request, received=received)
        request.extensions["plivo_async.truncated"] = True
        return head

    def _too_large(
        self, answer: aiohttp.ClientResponse, request: Request, *, received: int
    ) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"{request.method} {request.path}: HTTP {answer.status} answer is larger than "
            f"max_response_size ({self._max_response_size:,} bytes); reading stopped",
            status=answer.status,
            limit=self._max_response_size,
            received=received,
            method=request.method,
            path=request.path,
        )

    async def _wait_for_slot(self, slots: _ConnectionSlots, request: Request) -> None:
        try:
            if self._pool_timeout is None:
                await slots.acquire()
            else:
                await asyncio.wait_for(slots.acquire(), self._pool_timeout)
        except asyncio.TimeoutError:
            raise RequestTimeoutError(
                "timed out waiting for a connection",
                may_have_reached_server=False,
                method=request.method,
                path=request.path,
            ) from None
        except _SlotsClosed:
            raise self._never_sent(request) from None

    @staticmethod
    def _never_sent(request: Request) -> ClientClosedError:
        request.in_flight = False
        return ClientClosedError(
            "the client was closed while this request waited for a connection; it was never sent",
            may_have_reached_server=False,
            method=request.method,
            path=request.path,
        )

    @staticmethod
    def _cut_off(request: Request, cause: str) -> ClientClosedError:
        return ClientClosedError(
            f"the client was closed before the answer came ({cause})",
            may_have_reached_server=True,
            method=request.method,
            path=request.path,
        )

    def _translate(self, exc: BaseException, request: Request) -> TransportError:
        """Our error for an aiohttp failure, saying whether the request may have reached Plivo.

        The message is built from the failure's parts, never from the aiohttp object's own text
        alone (which may show a proxy URL with its password), and passes through the redactor.
        """
        error: type[TransportError]
        if isinstance(exc, aiohttp.ClientHttpProxyError):
            # The proxy refused the tunnel: nothing reached Plivo.
            error, reached = ConnectError, False
            message = f"the proxy refused the connection: HTTP {exc.status} {exc.message}"
        elif isinstance(exc, aiohttp.ClientConnectorError):
            error, reached = ConnectError, False
            message = f"could not connect to {exc.host}:{exc.port}: {exc.strerror or exc.os_error}"
        elif isinstance(exc, aiohttp.ConnectionTimeoutError):
            error, reached, message = RequestTimeoutError, False, "timed out connecting"
        elif isinstance(exc, aiohttp.ServerTimeoutError):
            error, reached, message = RequestTimeoutError, True, "timed out waiting for the answer"
        elif isinstance(exc, asyncio.TimeoutError):  # a timeout of the caller's own session
            error, reached, message = RequestTimeoutError, True, "timed out"
        elif isinstance(exc, aiohttp.InvalidURL):  # a malformed (proxy) URL: nothing was sent
            error, reached, message = ConnectError, False, "invalid URL"
        elif isinstance(exc, aiohttp.ClientResponseError):  # a malformed answer
            error, reached = ConnectionDroppedError, True
            message = f"unreadable answer: {exc.status} {exc.message}"
        else:
            error, reached = ConnectionDroppedError, True
            message = f"connection lost: {type(exc).__name__}: {exc}"
        if not reached:
            request.in_flight = False
        elif self._closing:
            return self._cut_off(request, self._redact(message))
        return error(
            self._redact(message),
            may_have_reached_server=reached,
            method=request.method,
            path=request.path,
        )

    def _bound_hit(self, bound: str | None, request: Request) -> TransportError:
        """The watchdog cut this attempt off: the request may have reached the server."""
        if bound == "attempt":
            message = f"the attempt took longer than Timeout.attempt ({self.timeout.attempt:g} s)"
        else:
            message = f"timed out waiting for the answer (Timeout.read, {self.timeout.read:g} s)"
        if self._closing:
            return self._cut_off(request, message)
        return RequestTimeoutError(
            message, may_have_reached_server=True, method=request.method, path=request.path
        )

    def mark_closed(self) -> None:
        """Refuse further use (for a client whose session was never opened)."""
        self._closed = True

    async def aclose(self, grace: float = DEFAULT_CLOSE_GRACE) -> None:
        """Close the session; idempotent.

        Requests still queued for a connection fail at once with ``ClientClosedError`` (never
        sent). Requests already sent get up to ``grace`` seconds to be answered; then their
        connections are closed and they fail with ``ClientClosedError`` (outcome unknown for a
        POST). New calls are refused from the start.
        """
        self._closed = True
        self._closing = True
        session, slots = self._session, self._slots
        if session is None or session.closed:
            self._session = None
            return
        if slots is not None:
            slots.fail_waiters()
        if self._in_flight:
            self._idle = asyncio.Event()
            if grace > 0:
                await _wait_quietly(self._idle, grace)
        self._session = None
        if self._watchdog is not None:
            self._watchdog.close()
        await session.close()
        if self._in_flight and self._idle is not None:
            await _wait_quietly(self._idle, _UNWIND_TIMEOUT)
        # Let the transports finish closing before the loop may stop (aiohttp docs).
        await asyncio.sleep(0)


async def _wait_quietly(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)


async def _request_started(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: object
) -> None:
    request = context.trace_request_ctx
    if isinstance(request, Request):
        request.in_flight = False


async def _headers_sent(
    session: aiohttp.ClientSession, context: SimpleNamespace, params: object
) -> None:
    request = context.trace_request_ctx
    if isinstance(request, Request):
        request.in_flight = True


def _sent_trace() -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(_request_started)
    # Fired just before the request head is written: from here on it may reach the server.
    trace.on_request_headers_sent.append(_headers_sent)
    trace.freeze()
    return trace


_SENT_TRACE = _sent_trace()


def _api_id_of(content: bytes) -> str | None:
    try:
        body = _jsoncodec.loads(content) if content else None
    except ValueError:
        return None
    return body.get("api_id") if isinstance(body, dict) else None
