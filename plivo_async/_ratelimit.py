"""Client-side rate limiting: token buckets acquired on every attempt, retries included.

Two buckets per client: call creation at the account's calls-per-second (Plivo's default is 2)
and every API request at 300 per 5 seconds. Waiters are served first come, first served; a
cancelled waiter never took a token, so its place simply goes to the next one. A 429 halves the
rate of the bucket that was hit (recovering additively on later successes) and a ``Retry-After``
pauses every caller of that bucket, not just the one that got the 429.

A ``RateLimit(backend=...)`` keeps the buckets somewhere shared instead (``RedisBackend``: every
process and machine configured with it paces one account together); the middleware then hands
each request to the backend's ``SharedLimiter`` and keeps only its own close-out duties.
"""

from __future__ import annotations

import collections
import time
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from ._clock import MonotonicClock
from ._errors import ClientClosedError
from ._request import API, CALL_CREATE
from ._retry import parse_retry_after

if TYPE_CHECKING:
    import asyncio

    from ._clock import Clock
    from ._middleware import Handler
    from ._request import Request, Response


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be > 0, got {value!r}")


@attrs.frozen
class RateLimit:
    """Client-side limits; pass ``rate_limit=None`` to the client to disable limiting."""

    #: Outbound call creations per second (the account's CPS; Plivo's default is 2).
    calls_per_second: float = attrs.field(default=2.0, validator=_positive)
    #: API requests allowed per ``api_period`` seconds (Plivo: 300 per 5 s), call creation included.
    api_requests: int = attrs.field(default=300, validator=_positive)
    api_period: float = attrs.field(default=5.0, validator=_positive)
    #: Requests that may go at once before the steady rate applies.
    burst: int = attrs.field(default=1, validator=_positive)
    #: After a 429 a bucket's rate is multiplied by this ...
    decrease_factor: float = attrs.field(default=0.5, validator=[_positive, attrs.validators.lt(1)])
    #: ... but never below this fraction of the configured rate ...
    min_rate_fraction: float = attrs.field(default=0.1, validator=_positive)
    #: ... and every success gives back this fraction of the configured rate.
    recovery_fraction: float = attrs.field(default=0.05, validator=_positive)
    #: Longest pause a ``Retry-After`` may impose on a bucket, in seconds.
    retry_after_max: float = attrs.field(default=60.0, validator=_positive)
    #: Where the buckets live: None keeps them in this client; a ``RedisBackend`` shares them
    #: with every client, process and machine configured with the same backend and key.
    backend: RateLimitBackend | None = attrs.field(default=None, kw_only=True)


class SharedLimiter(Protocol):
    """One client's view of buckets kept outside it (see ``RateLimitBackend``)."""

    async def acquire(self, request: Request) -> None:
        """Wait until ``request`` may go: call creation pays its CPS bucket ``request.cost``
        tokens and the API bucket one; anything else pays the API bucket one."""
        ...

    async def settle(self, request: Request, response: Response) -> None:
        """Adapt the shared buckets to the answer (a 429 slows the blamed one and may pause it)."""
        ...

    def close(self) -> None:
        """The client is closing: release connections (waiters are failed by the middleware)."""
        ...

    async def aclose(self) -> None:
        """``close()``, then wait until the connections are released."""
        ...


class RateLimitBackend(Protocol):
    """Makes the ``SharedLimiter`` of one client; called once, from the client's constructor."""

    def bind(self, limit: RateLimit, clock: Clock, account: str | None) -> SharedLimiter: ...


#: How much of a late wake-up of the queue's head still counts, in seconds. The loop wakes a
#: sleeper a millisecond or more after its time; at 1,000 requests/s with ``burst=1`` the tokens
#: of that lateness would be lost to the cap and the bucket would run at ~85% of its rate. The
#: bucket was busy all along (someone waited), so that time is owed, up to this much.
OVERSLEEP_CREDIT = 0.01
#: Tokens this close to what is needed count as enough: float rounding (0.999…) would otherwise
#: ask for a sleep shorter than the clock can measure, and spin forever.
_ROUNDING = 1e-9


class _Turn:
    """A caller's place in a bucket's queue."""

    __slots__ = ("cost", "event", "granted")

    def __init__(self, cost: float, event: asyncio.Event) -> None:
        self.cost = cost
        self.event = event
        self.granted = False  # served by the head, out of the queue: return when woken


class TokenBucket:
    """A FIFO token bucket with adaptive rate and a shared pause.

    ``acquire`` does not suspend when a token is free and nobody waits, so arrival order is
    service order. Only the head of the queue sleeps; the others wait for their turn. A head
    that is served also serves, in the same step, the callers behind it that the tokens left
    cover (a queue of 64 then needs one loop step per batch, not one per caller), and a head that
    wakes late is credited the lateness (``OVERSLEEP_CREDIT``).
    """

    __slots__ = (
        "_burst",
        "_clock",
        "_decrease",
        "_min_rate",
        "_paused_until",
        "_recovery",
        "_tokens",
        "_updated",
        "_waiters",
        "_wake_at",
        "burst",
        "configured_rate",
        "rate",
    )

    def __init__(
        self,
        rate: float,
        burst: int,
        clock: Clock,
        *,
        decrease_factor: float = 0.5,
        min_rate_fraction: float = 0.1,
        recovery_fraction: float = 0.05,
    ) -> None:
        self.configured_rate = rate
        self.rate = rate
        self.burst = burst
        self._burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._updated = clock.now()
        self._paused_until = 0.0
        self._decrease = decrease_factor
        self._min_rate = rate * min_rate_fraction
        self._recovery = rate * recovery_fraction
        self._waiters: collections.deque[_Turn] = collections.deque()
        self._wake_at = 0.0  # when the sleeping head's tokens are due (0: nobody sleeps)

    @property
    def waiting(self) -> int:
        """How many callers are queued."""
        return len(self._waiters)

    def _delay(self, now: float, cost: float = 1.0) -> float:
        """Take ``cost`` tokens and return 0, or return how long until they may be taken.

        A cost above the burst (a bulk call of 1,000 destinations) waits for a full bucket and
        leaves it in debt, so the average rate still holds: later requests wait the debt off.
        """
        if now < self._paused_until:
            return self._paused_until - now
        cap = self._burst
        wake_at, self._wake_at = self._wake_at, 0.0
        if wake_at and now > wake_at:  # the head slept and woke late: the bucket was busy
            cap += min(now - wake_at, OVERSLEEP_CREDIT) * self.rate
        tokens = min(cap, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        need = cost if cost < self._burst else self._burst
        if tokens >= need - _ROUNDING:
            left = tokens - cost
            self._tokens = left if cost > self._burst else max(left, 0.0)
            return 0.0
        self._tokens = tokens
        return (need - tokens) / self.rate

    def take(self, now: float, cost: float = 1.0) -> bool:
        """Take ``cost`` tokens at time ``now`` if free and nobody is queued; never suspends.

        The not-binding fast path: a few attribute reads, no allocation. A refusal changes
        nothing (``acquire`` recomputes the same state from the same inputs).
        """
        if self._waiters or now < self._paused_until:
            return False
        tokens = self._tokens + (now - self._updated) * self.rate
        if tokens > self._burst:
            tokens = self._burst
        need = cost if cost < self._burst else self._burst
        if tokens < need - _ROUNDING:
            return False
        self._updated = now
        left = tokens - cost
        self._tokens = left if (left > 0.0 or cost > self._burst) else 0.0
        return True

    def try_acquire(self) -> bool:
        """Take a token if one is free and nobody is queued; never suspends."""
        return self.take(self._clock.now())

    async def acquire(self, cost: float = 1.0) -> None:
        """Wait for ``cost`` tokens (first come, first served)."""
        if self.take(self._clock.now(), cost):
            return
        import asyncio  # deferred: the package is imported without asyncio (import time)

        turn = _Turn(cost, asyncio.Event())
        self._waiters.append(turn)
        try:
            while not turn.granted:
                if self._waiters[0] is not turn:
                    await turn.event.wait()
                    turn.event.clear()
                    continue
                now = self._clock.now()
                delay = self._delay(now, cost)
                if delay == 0.0:
                    self._serve_followers()
                    return
                if now >= self._paused_until:  # a pause is not a token's due time
                    self._wake_at = now + delay
                await self._clock.sleep(delay)
        finally:
            # Leave the queue whether served or cancelled, and hand the turn on. (A caller
            # served by the head has already left it; cancelled then, its tokens are spent.)
            if not turn.granted:
                was_head = self._waiters[0] is turn
                self._waiters.remove(turn)
                if was_head:
                    self._wake_at = 0.0
                    if self._waiters:
                        self._waiters[0].event.set()

    def _serve_followers(self) -> None:
        """The head (``_waiters[0]``) was just served: serve the callers behind it that the
        tokens left cover, in order, and wake them all at once."""
        waiters = self._waiters
        head = waiters.popleft()
        while waiters:
            follower = waiters[0]
            if follower.cost > self._burst or self._tokens < follower.cost - _ROUNDING:
                break
            self._tokens -= follower.cost
            follower.granted = True
            waiters.popleft()
            follower.event.set()
        waiters.appendleft(head)
        if len(waiters) == 1:  # nobody left waiting: the credit does not outlast the queue
            self._tokens = min(self._tokens, self._burst)

    def throttled(self, retry_after: float | None) -> None:
        """Plivo answered 429: slow down, and pause everyone for ``retry_after`` if given."""
        self.rate = max(self._min_rate, self.rate * self._decrease)
        if retry_after:
            self._paused_until = max(self._paused_until, self._clock.now() + retry_after)
            self._tokens = min(self._tokens, 0.0)

    def succeeded(self) -> None:
        if self.rate < self.configured_rate:
            self.rate = min(self.configured_rate, self.rate + self._recovery)


class RateLimitMiddleware:
    """Acquires the request's buckets before every attempt and adapts them to 429s."""

    __slots__ = (
        "_api",
        "_buckets",
        "_calls",
        "_closed",
        "_cut",
        "_now",
        "_retry_after_max",
        "_shared",
        "_waiting",
    )

    def __init__(self, limit: RateLimit, clock: Clock, account: str | None = None) -> None:
        options = {
            "decrease_factor": limit.decrease_factor,
            "min_rate_fraction": limit.min_rate_fraction,
            "recovery_fraction": limit.recovery_fraction,
        }
        api_rate = limit.api_requests / limit.api_period
        self._api = TokenBucket(api_rate, limit.burst, clock, **options)
        self._calls = TokenBucket(limit.calls_per_second, limit.burst, clock, **options)
        self._retry_after_max = limit.retry_after_max
        # One clock read per request; the real clock without a Python frame around it.
        self._now = time.monotonic if type(clock) is MonotonicClock else clock.now
        self._buckets = {API: self._api, CALL_CREATE: self._calls}
        #: Set by ``close()``: callers still waiting for a token give up (never sent).
        self._closed = False
        #: Tasks waiting for a token, and those ``close()`` cancelled.
        self._waiting: set[asyncio.Task[Any]] = set()
        self._cut: set[asyncio.Task[Any]] = set()
        #: The buckets kept by ``limit.backend`` (``account`` keys them), or None: in-process.
        self._shared = None if limit.backend is None else limit.backend.bind(limit, clock, account)

    @property
    def shared(self) -> SharedLimiter | None:
        """The backend's limiter when the buckets are shared, else None."""
        return self._shared

    def fail_waiting(self) -> None:
        """The client is closing: every caller still waiting for a token fails, never sent;
        requests already sent keep the limiter (a 429 still adapts the buckets)."""
        self._closed = True
        for task in self._waiting:
            self._cut.add(task)
            task.cancel()

    def close(self) -> None:
        """``fail_waiting()``, then release a shared backend's connections."""
        self.fail_waiting()
        if self._shared is not None:
            self._shared.close()

    async def aclose(self) -> None:
        """``close()``, then wait for a shared backend's connections to be released."""
        self.close()
        if self._shared is not None:
            await self._shared.aclose()

    async def _wait(
        self, bucket: TokenBucket | SharedLimiter, request: Request, cost: float = 1.0
    ) -> None:
        """``bucket.acquire(cost)``, failing with ClientClosedError if the client closes first.

        Only the slow path comes here. The wait runs in the caller's task, so the bucket's
        FIFO order is untouched; ``close()`` cancels the waiting tasks, and that cancellation
        becomes the error (the waiter never took a token).
        """
        import asyncio

        if self._closed:
            raise _never_sent(request)
        task = asyncio.current_task()
        assert task is not None
        self._waiting.add(task)
        try:
            if isinstance(bucket, TokenBucket):
                await bucket.acquire(cost)
            else:
                await bucket.acquire(request)
        except asyncio.CancelledError:
            if task not in self._cut:
                raise
            self._cut.discard(task)
            if hasattr(task, "uncancel"):  # Python 3.11+: this cancellation is handled here
                task.uncancel()
            raise _never_sent(request) from None
        finally:
            self._waiting.discard(task)

    def bucket(self, name: str) -> TokenBucket:
        """The first bucket a request of class ``name`` pays into (for inspection)."""
        return self._buckets[name]

    async def _call_shared(
        self, shared: SharedLimiter, request: Request, call_next: Handler
    ) -> Response:
        await self._wait(shared, request)
        response = await call_next(request)
        await shared.settle(request, response)
        return response

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        if self._shared is not None:
            return await self._call_shared(self._shared, request, call_next)
        # A call creation pays its CPS bucket one token per destination (a bulk call of 1,000
        # costs 1,000), then the API bucket one (every request pays there); the first bucket is
        # the one blamed for a 429. When neither binds, both take at the same instant without
        # suspending.
        api = self._api
        if request.bucket == CALL_CREATE:
            blamed = self._calls
            now = self._now()
            cost = request.cost
            if not blamed.take(now, cost):
                await self._wait(blamed, request, cost)
                now = self._now()
            if not api.take(now):
                await self._wait(api, request)
        else:
            blamed = api
            if not api.take(self._now()):
                await self._wait(api, request)
        response = await call_next(request)
        if response.status == 429:
            header = response.headers.get("Retry-After")
            pause = parse_retry_after(header) if header is not None else None
            blamed.throttled(None if pause is None else min(pause, self._retry_after_max))
        elif blamed.rate < blamed.configured_rate:  # recovering from a 429
            blamed.succeeded()
        return response


def _never_sent(request: Request) -> ClientClosedError:
    return ClientClosedError(
        "the client was closed while this request waited for the rate limit; it was never sent",
        may_have_reached_server=False,
        method=request.method,
        path=request.path,
    )
