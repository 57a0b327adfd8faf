"""When to send a request again, and how long to wait first.

The rule that matters most: a POST is replayed only when it provably never reached Plivo (the
connection was never made) or when Plivo answered 429 (it did not process the request). Plivo has
no idempotency key, so replaying a ``POST Call/`` that may have arrived can ring a phone twice.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ._errors import ClientClosedError, RequestTimeoutError, TransportError

if TYPE_CHECKING:
    from ._clock import Clock
    from ._middleware import Handler
    from ._request import Request, Response

logger = logging.getLogger("plivo_async")


@attrs.frozen
class RetryPolicy:
    """An immutable retry policy; share one between clients freely.

    >>> RetryPolicy(max_retries=5, backoff_max=4.0)
    """

    #: Statuses after which GET and DELETE are sent again.
    IDEMPOTENT_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
    #: Statuses after which a POST is sent again: 429 means Plivo did not process it.
    POST_RETRY_STATUSES = frozenset({429})

    #: Retries after the first attempt (0 disables retrying).
    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    #: First backoff delay in seconds; doubles on every retry.
    backoff_initial: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    #: Longest backoff delay in seconds.
    backoff_max: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    #: Up to this fraction of each delay is removed at random, so clients do not retry in step.
    jitter: float = attrs.field(
        default=0.25, validator=[attrs.validators.ge(0), attrs.validators.le(1)]
    )
    #: Longest ``Retry-After`` honoured, in seconds; a longer one is cut to this.
    retry_after_max: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))
    #: Retry budget shared by every request of a client: a retry costs tokens, a success refunds
    #: one, an empty budget means no more retries (an outage cannot multiply the load).
    budget_capacity: int = attrs.field(default=500, validator=attrs.validators.ge(0))
    #: Budget tokens one retry costs (a retry after a timeout costs twice this).
    retry_cost: int = attrs.field(default=5, validator=attrs.validators.ge(0))

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_retries=0)

    def is_retryable_status(self, method: str, status: int) -> bool:
        if method == "POST":
            return status in self.POST_RETRY_STATUSES
        return status in self.IDEMPOTENT_RETRY_STATUSES

    def is_retryable_error(self, method: str, error: TransportError) -> bool:
        # A closed client sends nothing more, whatever the method.
        if isinstance(error, ClientClosedError):
            return False
        # Connect-phase failures never reached Plivo: safe for any method.
        return not error.may_have_reached_server or method != "POST"

    def backoff(self, retry_number: int, rng: random.Random | None = None) -> float:
        """Delay before retry number ``retry_number`` (0 for the first retry)."""
        # Past 2**62 the cap has long applied; 2.0**1024 would raise OverflowError.
        delay = min(self.backoff_initial * 2.0 ** min(retry_number, 62), self.backoff_max)
        return delay * (1.0 - self.jitter * (rng or random).random())

    def retry_after(
        self, headers: Mapping[str, str], *, wall_now: float | None = None
    ) -> float | None:
        """The server's ``Retry-After`` in seconds (capped), or None when absent or unusable."""
        value = headers.get("Retry-After")
        if value is None:
            return None
        seconds = parse_retry_after(value, wall_now=wall_now)
        if seconds is None:
            return None
        return min(seconds, self.retry_after_max)


def parse_retry_after(value: str, *, wall_now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` value (delta seconds or an HTTP date); None if invalid."""
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        # Imported here: email.utils adds ~18 ms to ``import plivo_async``.
        import email.utils

        try:
            date = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if date.tzinfo is None:
            return None
        seconds = date.timestamp() - (time.time() if wall_now is None else wall_now)
        return max(seconds, 0.0)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


class RetryBudget:
    """Tokens a client spends on retries (after botocore's retry quota)."""

    __slots__ = ("_capacity", "_tokens")

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._tokens = capacity

    @property
    def tokens(self) -> int:
        return self._tokens

    def withdraw(self, cost: int) -> bool:
        if cost > self._tokens:
            return False
        self._tokens -= cost
        return True

    def deposit(self, amount: int) -> None:
        self._tokens = min(self._capacity, self._tokens + amount)


class RetryMiddleware:
    """Sends a request until it succeeds, the policy says stop, or the budget runs dry."""

    __slots__ = ("_budget", "_clock", "_policy", "_rng")

    def __init__(self, policy: RetryPolicy, clock: Clock, rng: random.Random | None = None) -> None:
        self._policy = policy
        self._budget = RetryBudget(policy.budget_capacity)
        self._clock = clock
        self._rng = rng or random.Random()

    @property
    def budget(self) -> RetryBudget:
        return self._budget

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        policy = self._policy
        retries = 0
        while True:
            request.attempt = retries + 1
            outcome: Response | TransportError
            try:
                outcome = await call_next(request)
            except TransportError as error:
                if retries >= policy.max_retries or not policy.is_retryable_error(
                    request.method, error
                ):
                    error.retries_taken = retries
                    raise
                outcome = error
                delay = policy.backoff(retries, self._rng)
                cost = policy.retry_cost * (2 if isinstance(error, RequestTimeoutError) else 1)
                reason = type(error).__name__
            else:
                status = outcome.status
                if retries >= policy.max_retries or not policy.is_retryable_status(
                    request.method, status
                ):
                    if status < 400:
                        self._budget.deposit(policy.retry_cost if retries else 1)
                    outcome.retries_taken = retries
                    return outcome
                retry_after = policy.retry_after(outcome.headers)
                delay = policy.backoff(retries, self._rng) if retry_after is None else retry_after
                cost = policy.retry_cost
                reason = f"HTTP {status}"
            # Give the caller this outcome now when waiting would outlast the call's deadline,
            # or when the client's retry budget is spent.
            past_deadline = (
                request.deadline is not None and self._clock.now() + delay >= request.deadline
            )
            if past_deadline or not self._budget.withdraw(cost):
                outcome.retries_taken = retries
                if isinstance(outcome, TransportError):
                    raise outcome
                return outcome
            retries += 1
            logger.info(
                "retrying %s %s in %.2fs (retry %d of %d) after %s",
                request.method,
                request.path,
                delay,
                retries,
                policy.max_retries,
                reason,
            )
            await self._clock.sleep(delay)
