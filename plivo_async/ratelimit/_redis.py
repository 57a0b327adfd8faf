"""``RedisBackend``: one account's call-creation and API buckets shared through Redis or Valkey.

Every client configured with the same backend URL and key, in any process on any machine,
paces the account together (see ``_scripts`` for the algorithm). The Redis connection is made
lazily, inside the event loop of the client that uses it (the blocking ``Client``: its portal
thread), so one ``RedisBackend`` may configure any number of clients.

Faults fail closed: while Redis cannot be reached or does not answer in time, nothing is sent;
callers wait (retrying with a capped backoff) until it answers again. The outage is logged once
when it starts and once when it ends. A retried acquisition carries the id of the one whose
answer was lost, so it gets the same slot back instead of spending a second one.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._errors import ValidationError
from .._redact import short_auth_id
from .._request import CALL_CREATE
from .._retry import parse_retry_after
from . import _scripts

if TYPE_CHECKING:
    from .._clock import Clock
    from .._ratelimit import RateLimit
    from .._request import Request, Response

logger = logging.getLogger("plivo_async")

_DEFAULT_PREFIX = "plivo-async:ratelimit"
#: An idle account's state expires after this long (it then starts empty again).
_STATE_TTL_MS = 3_600_000
#: How long a lost answer's slot can be claimed by the retry.
_RESERVATION_TTL_MS = 60_000
#: The backoff between attempts to reach Redis during an outage.
_BACKOFF_INITIAL = 0.05
_BACKOFF_MAX = 1.0


def _account_in(url: str) -> str | None:
    """The auth id in a Plivo request URL (``.../Account/<auth id>/...``), or None."""
    marker = "/Account/"
    start = url.find(marker)
    if start < 0:
        return None
    start += len(marker)
    end = url.find("/", start)
    return url[start:end] if end > start else None


class RedisBackend:
    """Keep the rate-limit buckets in Redis/Valkey so many workers share one account's limits.

    ``url`` is a ``redis://``, ``rediss://`` or ``unix://`` URL (a password in it is never
    shown). ``key`` names the shared buckets; by default the account's auth id, so every client
    of one account shares them (give subaccounts their parent's auth id to share its limits).
    ``timeout`` bounds each Redis round trip (connecting included); past it the acquisition is
    retried, and nothing is sent meanwhile (fail closed). Needs the ``redis`` extra.
    """

    __slots__ = ("_key", "_prefix", "_timeout", "_url")

    def __init__(
        self,
        url: str,
        *,
        key: str | None = None,
        prefix: str = _DEFAULT_PREFIX,
        timeout: float = 0.5,
    ) -> None:
        if not isinstance(url, str) or urlsplit(url).scheme not in ("redis", "rediss", "unix"):
            raise ValidationError(
                "url", "must be a redis://, rediss:// or unix:// URL of a Redis or Valkey server"
            )
        if key is not None and (not isinstance(key, str) or not key):
            raise ValidationError("key", f"must be a non-empty string or None, got {key!r}")
        if not isinstance(prefix, str) or not prefix:
            raise ValidationError("prefix", f"must be a non-empty string, got {prefix!r}")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise ValidationError("timeout", f"must be a number of seconds > 0, got {timeout!r}")
        try:
            import redis.asyncio  # noqa: F401  (checked here, imported for real on first use)
        except ImportError:
            raise ImportError(
                "RedisBackend needs redis-py: pip install 'plivo-async[redis]'"
            ) from None
        self._url = url
        self._key = key
        self._prefix = prefix
        self._timeout = float(timeout)

    def __repr__(self) -> str:
        parts = urlsplit(self._url)
        where = parts.hostname or parts.path or "?"
        port = f":{parts.port}" if parts.port else ""
        # The key is usually an auth id: shown as the auth id is everywhere (shortened).
        key = "<auth id>" if self._key is None else short_auth_id(self._key)
        return f"<RedisBackend {parts.scheme}://{where}{port} key={key}>"

    def bind(self, limit: RateLimit, clock: Clock, account: str | None) -> RedisLimiter:
        return RedisLimiter(self, limit, clock, self._key or account)


class RedisLimiter:
    """One client's side of the shared buckets (made by ``RedisBackend.bind``).

    Locally, one request per bucket class holds a reservation at a time (the others queue
    behind it, first come, first served), so a worker that stops or is cancelled wastes at most
    one slot per class, and a new pause or slow-down reaches its next request.
    """

    def __init__(
        self, backend: RedisBackend, limit: RateLimit, clock: Clock, key: str | None
    ) -> None:
        self._backend = backend
        self._limit = limit
        self._clock = clock
        self._key = key
        self._api_rate = limit.api_requests / limit.api_period
        #: The shared rates as last seen in Redis (below the configured one after a 429).
        self.rates = {CALL_CREATE: limit.calls_per_second, "api": self._api_rate}
        self._redis: Any = None
        self._scripts: dict[str, Any] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._ids = itertools.count()
        self._origin = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._outage = False
        self._closing: set[asyncio.Task[None]] = set()

    # -- connection ---------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._redis is None:
            import redis.asyncio
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff

            # Our own loop retries (with the same reservation id); redis-py's would not.
            self._redis = redis.asyncio.Redis.from_url(
                self._backend._url,
                socket_timeout=self._backend._timeout,
                socket_connect_timeout=self._backend._timeout,
                retry=Retry(NoBackoff(), 0),
                health_check_interval=0,
            )
            self._scripts = {
                name: self._redis.register_script(getattr(_scripts, name))
                for name in ("ACQUIRE", "THROTTLE", "RECOVER")
            }
        return self._redis

    def _state_key(self, request: Request) -> str:
        if self._key is None:
            self._key = _account_in(request.url)
            if self._key is None:
                raise ValidationError(
                    "rate_limit",
                    "the shared rate limit cannot tell this request's account: pass "
                    "RedisBackend(..., key=<auth id>)",
                )
        # The braces keep an account's keys in one Redis Cluster slot.
        return f"{self._backend._prefix}:{{{self._key}}}"

    async def _run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        """One script call, retried until Redis answers (fail closed)."""
        delay = _BACKOFF_INITIAL
        while True:
            try:
                self._connect()
                answer = await asyncio.wait_for(
                    self._scripts[name](keys=keys, args=args), self._backend._timeout * 2
                )
            except _transient() as exc:
                if not self._outage:
                    self._outage = True
                    logger.warning(
                        "shared rate limit: Redis at %r is not answering (%s); no request is "
                        "sent until it does",
                        self._backend,
                        type(exc).__name__,
                    )
                await self._clock.sleep(delay)
                delay = min(delay * 2, _BACKOFF_MAX)
                continue
            if self._outage:
                self._outage = False
                logger.warning("shared rate limit: Redis at %r answers again", self._backend)
            return answer

    # -- SharedLimiter ------------------------------------------------------------------------

    async def acquire(self, request: Request) -> None:
        name = request.bucket
        state = self._state_key(request)
        cost = request.cost if name == CALL_CREATE else 0
        limit = self._limit
        turn = self._turns.get(name)
        if turn is None:
            turn = self._turns[name] = asyncio.Lock()
        async with turn:
            reservation = f"{state}:r:{self._origin}:{next(self._ids)}"
            answer = await self._run(
                "ACQUIRE",
                [state, reservation],
                [
                    cost,
                    repr(limit.calls_per_second),
                    limit.burst,
                    repr(self._api_rate),
                    limit.burst,
                    _STATE_TTL_MS,
                    _RESERVATION_TTL_MS,
                ],
            )
            wait_us, cps_rate, api_rate = (float(part) for part in answer)
            self.rates[CALL_CREATE] = cps_rate
            self.rates["api"] = api_rate
            if wait_us > 0:
                # Cancelled here, the slot goes unused: the account's rate is never exceeded.
                await self._clock.sleep(wait_us / 1e6)

    async def settle(self, request: Request, response: Response) -> None:
        name = request.bucket
        limit = self._limit
        configured = limit.calls_per_second if name == CALL_CREATE else self._api_rate
        prefix = "c" if name == CALL_CREATE else "a"
        if response.status == 429:
            header = response.headers.get("Retry-After")
            pause = parse_retry_after(header) if header is not None else None
            pause = 0.0 if pause is None else min(pause, limit.retry_after_max)
            rate = await self._run(
                "THROTTLE",
                [self._state_key(request)],
                [
                    prefix,
                    repr(configured),
                    repr(limit.decrease_factor),
                    repr(configured * limit.min_rate_fraction),
                    repr(pause),
                    limit.burst,
                    _STATE_TTL_MS,
                ],
            )
            self.rates[name] = float(rate)
        elif self.rates.get(name, configured) < configured:  # recovering from a 429
            rate = await self._run(
                "RECOVER",
                [self._state_key(request)],
                [prefix, repr(configured), repr(configured * limit.recovery_fraction)],
            )
            self.rates[name] = float(rate)

    def close(self) -> None:
        """Close the connection pool (in the client's loop, which is running ``aclose``)."""
        client, self._redis = self._redis, None
        if client is not None:
            task = asyncio.get_running_loop().create_task(client.aclose())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        """Close the connection pool and wait for it to be closed."""
        self.close()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


def _transient() -> tuple[type[BaseException], ...]:
    """What an unreachable, slow, restarting or failing-over Redis raises (a script error is
    not among them: retrying it would never end)."""
    from redis import exceptions

    return (
        OSError,
        asyncio.TimeoutError,
        exceptions.ConnectionError,
        exceptions.TimeoutError,
        exceptions.ReadOnlyError,
        exceptions.TryAgainError,
    )
