"""Plivo's two account limits: the API request window (429) and calls per second (queueing).

They behave differently on purpose, as Plivo documents: going over the API limit is an error
the client must back off from; going over the CPS is not an error, the calls are queued and
dispatched at the CPS ("call queued").
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["ApiRequestLimit", "CpsDispatcher"]


class ApiRequestLimit:
    """At most ``requests`` accepted per sliding ``period`` of real time (300 per 5 s on Plivo).

    Real time, not simulated: the limit is about how fast a client sends, and a client sleeps in
    real time even while a test holds the simulated clock still.
    """

    def __init__(
        self,
        requests: int | None = 300,
        period: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.requests = requests
        self.period = period
        self._monotonic = monotonic
        self._accepted: deque[float] = deque()
        self._lock = threading.Lock()

    def try_acquire(self) -> bool:
        if self.requests is None:
            return True
        now = self._monotonic()
        with self._lock:
            while self._accepted and self._accepted[0] <= now - self.period:
                self._accepted.popleft()
            if len(self._accepted) >= self.requests:
                return False
            self._accepted.append(now)
            return True


class CpsDispatcher:
    """Hands out dispatch slots ``1 / cps`` simulated seconds apart, first come first served."""

    def __init__(self, cps: float) -> None:
        if cps <= 0:
            raise ValueError("cps must be positive")
        self.cps = cps
        self._last: float | None = None

    def next_slot(self, now: float) -> float:
        slot = now if self._last is None else max(now, self._last + 1.0 / self.cps)
        self._last = slot
        return slot
