"""Simulated time and the event queue that moves calls through their lifecycle.

Tests must not sleep: by default time stands still until the test calls ``advance()``. Demos
and manual runs use real time, optionally sped up (``time_scale``). Either way, state changes
are events on one heap, run in time order, so a test that advances 10 s sees exactly what a
real 10 s would have produced, deterministically.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

__all__ = ["SimClock"]


@dataclass(order=True)
class _Event:
    at: float
    seq: int
    action: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class SimClock:
    """Seconds since the simulator started (``now``), mapped onto a wall-clock ``epoch``.

    ``time_scale=None`` is a manual clock: only ``advance()`` moves it. A number makes it follow
    the monotonic clock, that many simulated seconds per real second.
    """

    def __init__(
        self,
        *,
        time_scale: float | None = None,
        epoch: datetime | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if time_scale is not None and time_scale <= 0:
            raise ValueError("time_scale must be positive (or None for a manual clock)")
        self.time_scale = time_scale
        self.epoch = epoch or datetime.now(timezone.utc).replace(microsecond=0)
        self._monotonic = monotonic
        self._real_start = monotonic()
        self._manual_now = 0.0
        self._heap: list[_Event] = []
        self._seq = itertools.count()

    @property
    def manual(self) -> bool:
        return self.time_scale is None

    def now(self) -> float:
        if self.time_scale is None:
            return self._manual_now
        return max(self._manual_now, (self._monotonic() - self._real_start) * self.time_scale)

    def wall(self, at: float | None = None) -> datetime:
        """The aware UTC datetime of simulated second ``at`` (default: now)."""
        return self.epoch + timedelta(seconds=self.now() if at is None else at)

    def call_at(self, at: float, action: Callable[[], None]) -> Callable[[], None]:
        """Schedule ``action`` at simulated time ``at``; returns a function that cancels it."""
        event = _Event(at, next(self._seq), action)
        heapq.heappush(self._heap, event)

        def cancel() -> None:
            event.cancelled = True

        return cancel

    def call_later(self, delay: float, action: Callable[[], None]) -> Callable[[], None]:
        return self.call_at(self.now() + max(0.0, delay), action)

    def run_due(self) -> int:
        """Run every event due by now, in time order; returns how many ran."""
        return self._run_until(self.now())

    def advance(self, seconds: float) -> int:
        """Move a manual clock forward (running events on the way); real clocks run due events."""
        if seconds < 0:
            raise ValueError("cannot move the clock backwards")
        if self.time_scale is not None:
            # A scaled clock can also be nudged forward: shift its real-time origin.
            self._real_start -= seconds / self.time_scale
            return self.run_due()
        target = self._manual_now + seconds
        ran = self._run_until(target)
        self._manual_now = target
        return ran

    def next_event_at(self) -> float | None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].at if self._heap else None

    def _run_until(self, target: float) -> int:
        ran = 0
        while True:
            at = self.next_event_at()
            if at is None or at > target:
                return ran
            event = heapq.heappop(self._heap)
            if self.time_scale is None:
                # Events observe their own time, so timestamps they record are exact.
                self._manual_now = max(self._manual_now, event.at)
            event.action()
            ran += 1
