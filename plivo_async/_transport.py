"""One HTTP attempt on the client's single aiohttp session.

The session is created lazily inside the event loop that first uses it and bound to that loop;
it is closed by ``aclose()`` only, never from ``__del__``. An attempt reads the whole body before
returning, so the connection is back in the pool before any retry or parsing happens. aiohttp's
exceptions are translated here, at the one place that knows whether a request may have left.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import time
from collections.abc import Mapping
from types import SimpleNamespace

import aiohttp
from yarl import URL

from . import _jsoncodec
from ._config import Timeout
from ._errors import (
    ClientStateError,
    ConnectError,
    ConnectionDroppedError,
    RequestTimeoutError,
    TransportError,
)
from ._request import Request, Response
from ._version import __version__

logger = logging.getLogger("plivo_async")

USER_AGENT = (
    f"plivo-async/{__version__} (Python {platform.python_version()}; aiohttp {aiohttp.__version__})"
)
_JSON_HEADERS = {"Content-Type": "application/json"}


class Transport:
    """Owns the aiohttp session of one client and performs single attempts."""

    def __init__(
        self,
        *,
        authorization: str,
        timeout: Timeout,
        max_connections: int,
        proxy: str | None,
        trust_env: bool,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._default_headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Authorization": authorization,
            **(headers or {}),
        }
        # Waiting for a pooled connection happens in our own queue (``_slots``), bounded by
        # ``timeout.pool``; aiohttp only ever sees requests that have a connection to use.
        self._client_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=timeout.connect, sock_read=timeout.read
        )
        self._pool_timeout = timeout.pool
        self._slots: asyncio.Semaphore | None = None
        self._track_sending = timeout.total is not None
        self._max_connections = max_connections
        self._proxy = proxy
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

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

    def _session_for_running_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._session
        if session is not None and self._loop is loop:
            return session
        if self._closed:
            raise ClientStateError("this client is closed; create a new one")
        if session is not None:
            raise ClientStateError(
                "this client is bound to the event loop it was first used in and cannot be used "
                "from another one; create one client per event loop (or use the blocking Client)"
            )
        connector = aiohttp.TCPConnector(limit=self._max_connections, ttl_dns_cache=300)
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
        self._slots = asyncio.Semaphore(self._max_connections)
        self._loop = loop
        return session

    async def send(self, request: Request) -> Response:
        """Send ``request`` once and return the fully read answer, whatever its status."""
        session = self._session_for_running_loop()
        slots = self._slots
        assert slots is not None
        # Queue for a connection here, not inside aiohttp: a waiting request then holds only
        # this frame, not aiohttp's whole request state (10,000 queued calls stay small). The
        # body is encoded after the wait, for the same reason.
        if self._pool_timeout is None:
            await slots.acquire()
        else:
            await self._acquire_within(slots, self._pool_timeout, request)
        try:
            data: bytes | None = None
            headers: Mapping[str, str] | None = request.headers or None
            if request.json is not None:
                data = _jsoncodec.dumps(request.json)
                headers = {**_JSON_HEADERS, **request.headers} if request.headers else _JSON_HEADERS
            started = time.perf_counter()
            # Whether this attempt may have reached the server, as a deadline that cancels it
            # sees it: cleared when aiohttp starts (connecting sends nothing), set again just
            # before the request is written, cleared once fully answered. A cancelled attempt
            # keeps the value it had. Without aiohttp's tracing (a mocked session) it stays true:
            # when in doubt, the outcome is unknown.
            request.in_flight = True
            try:
                async with session.request(
                    request.method,
                    # Already percent-encoded by us: yarl must not decode %2e or fold dot segments.
                    URL(request.url, encoded=True),
                    params=request.params,
                    data=data,
                    headers=headers,
                    proxy=self._proxy,
                    trace_request_ctx=request,
                ) as answer:
                    content = await answer.read()
                    response = Response(
                        answer.status,
                        answer.headers,
                        content,
                        request,
                        time.perf_counter() - started,
                    )
                request.in_flight = False
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise _translate(exc, request) from exc
        finally:
            slots.release()
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

    @staticmethod
    async def _acquire_within(slots: asyncio.Semaphore, seconds: float, request: Request) -> None:
        try:
            await asyncio.wait_for(slots.acquire(), seconds)
        except asyncio.TimeoutError:
            raise RequestTimeoutError(
                "timed out waiting for a connection",
                may_have_reached_server=False,
                method=request.method,
                path=request.path,
            ) from None

    def mark_closed(self) -> None:
        """Refuse further use (for a client whose session was never opened)."""
        self._closed = True

    async def aclose(self) -> None:
        """Close the session; idempotent."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
            # Let the transports finish closing before the loop may stop (aiohttp docs).
            await asyncio.sleep(0)


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


def _translate(exc: BaseException, request: Request) -> TransportError:
    """Our error for an aiohttp failure, saying whether the request may have reached Plivo."""
    error: type[TransportError]
    if isinstance(exc, aiohttp.ClientConnectorError):
        error, message, reached = ConnectError, f"could not connect: {exc.os_error or exc}", False
    elif isinstance(exc, aiohttp.ConnectionTimeoutError):
        error, message, reached = RequestTimeoutError, "timed out connecting", False
    elif isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        error, message, reached = RequestTimeoutError, "timed out waiting for the answer", True
    elif isinstance(exc, aiohttp.RedirectClientError):
        error, message, reached = ConnectionDroppedError, f"invalid redirect: {exc}", True
    elif isinstance(exc, aiohttp.InvalidURL):  # a malformed (proxy) URL: nothing was sent
        error, message, reached = ConnectError, f"invalid URL: {exc}", False
    else:
        error, message, reached = (
            ConnectionDroppedError,
            f"connection lost: {type(exc).__name__}: {exc}",
            True,
        )
    if not reached:
        request.in_flight = False
    return error(message, may_have_reached_server=reached, method=request.method, path=request.path)


def _api_id_of(content: bytes) -> str | None:
    try:
        body = _jsoncodec.loads(content) if content else None
    except ValueError:
        return None
    return body.get("api_id") if isinstance(body, dict) else None
