"""``Client``: the blocking twin of ``AsyncClient``."""

from __future__ import annotations

import os
import ssl  # at run time: the signature's hints must resolve
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from .._client import (
    DEFAULT_BASE_URL,
    DEFAULT_CLOSE_GRACE,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RETRY,
    DEFAULT_STATS_BASE_URL,
    DEFAULT_TIMEOUT,
    AsyncClient,
)
from .._clock import Clock
from .._config import Timeout
from .._errors import ValidationError
from .._middleware import Middleware
from .._ratelimit import RateLimit, RateLimitMiddleware
from .._resources._base import HttpMethod
from .._retry import RetryPolicy
from ._portal import Portal

if TYPE_CHECKING:
    from ._async_mode import CallbackView
from ._resources import (
    Calls,
    Conferences,
    Endpoints,
    LiveCalls,
    MultiPartyCalls,
    QueuedCalls,
    Recordings,
    Streams,
    VerifiedCallerIds,
)


class Client:
    """The blocking client of the Plivo Voice API; same arguments and methods as ``AsyncClient``.

    Calls run on a private event-loop thread started on first use; any number of threads may
    share one ``Client``. Use ``with Client() as client:`` or call ``client.close()``; one never
    closed is closed quietly when it is garbage-collected or the interpreter exits. Do not
    call it from async code (use ``AsyncClient`` there) and do not carry it across ``fork()``.
    """

    def __init__(
        self,
        auth_id: str | None = None,
        auth_token: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        stats_base_url: str = DEFAULT_STATS_BASE_URL,
        timeout: Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        max_connections: int = 100,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        proxy: str | None = None,
        trust_env: bool = False,
        verify: bool | str | os.PathLike[str] | ssl.SSLContext = True,
        middlewares: Sequence[Middleware] = (),
        headers: dict[str, str] | None = None,
        clock: Clock | None = None,
        strict_models: bool = False,
    ) -> None:
        self._async = AsyncClient(
            auth_id,
            auth_token,
            base_url=base_url,
            stats_base_url=stats_base_url,
            timeout=timeout,
            retry=retry,
            rate_limit=rate_limit,
            max_connections=max_connections,
            max_response_size=max_response_size,
            proxy=proxy,
            trust_env=trust_env,
            verify=verify,
            middlewares=middlewares,
            headers=headers,
            clock=clock,
            strict_models=strict_models,
        )
        # Run by the portal's finalizer if this client is never closed (a bound method of the
        # async client: it must not keep this Client alive).
        self._portal = Portal(self._async.aclose)
        self.calls = Calls(self._portal, self._async.calls)
        self.live_calls = LiveCalls(self._portal, self._async.live_calls)
        self.queued_calls = QueuedCalls(self._portal, self._async.queued_calls)
        self.streams = Streams(self._portal, self._async.streams)
        self.multi_party_calls = MultiPartyCalls(self._portal, self._async.multi_party_calls)
        self.conferences = Conferences(self._portal, self._async.conferences)
        self.verified_caller_ids = VerifiedCallerIds(self._portal, self._async.verified_caller_ids)
        self.endpoints = Endpoints(self._portal, self._async.endpoints)
        self.recordings = Recordings(self._portal, self._async.recordings)

    def __repr__(self) -> str:
        return f"<Client auth_id={self._async.auth_id[:4]}… base_url={self._async.base_url!r}>"

    @property
    def auth_id(self) -> str:
        return self._async.auth_id

    @property
    def base_url(self) -> str:
        return self._async.base_url

    @property
    def rate_limiter(self) -> RateLimitMiddleware | None:
        """The client-side limiter (for inspection), or None when disabled."""
        return self._async.rate_limiter

    @property
    def async_client(self) -> AsyncClient:
        """The async client doing the work (it lives on this client's loop thread)."""
        return self._async

    @property
    def closed(self) -> bool:
        return self._async.closed

    def with_async_callback(
        self, callback_url: str, callback_method: HttpMethod = "POST"
    ) -> CallbackView:
        """The same resources in Plivo's asynchronous mode (see
        ``AsyncClient.with_async_callback``): each call returns Plivo's ``Acknowledgement``."""
        from ._async_mode import CallbackView

        return CallbackView(self._portal, self._async, callback_url, callback_method)

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self, grace: float = DEFAULT_CLOSE_GRACE) -> None:
        """Close the connection pool and stop the loop thread; idempotent.

        Calls other threads are making get the same treatment as in ``AsyncClient.aclose``:
        waiting ones fail with ``ClientClosedError`` (never sent), sent ones get up to ``grace``
        seconds to be answered, then are cut off (for a POST, ``outcome_unknown``).
        """
        if isinstance(grace, bool) or not isinstance(grace, (int, float)) or not grace >= 0:
            raise ValidationError("grace", f"must be a number of seconds >= 0, got {grace!r}")

        async def final() -> None:
            await self._async.aclose(grace)

        self._portal.close(final)
        self._async.transport.mark_closed()
