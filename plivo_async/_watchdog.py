"""The per-attempt bounds (``Timeout.attempt`` and ``Timeout.read``), kept by one timer per client.

aiohttp enforces ``total`` and ``sock_read`` with a loop timer per request that it cancels and
schedules again on every read. At 64 requests in flight those timers cost ~115,000 instructions
per request, a fifth of the whole request: every schedule and cancel is a heap operation whose
comparisons run in Python (``asyncio.TimerHandle.__lt__``). A bound that almost never fires does
not need its own timer. Here each attempt registers a small record; one ticker per client wakes
every ``tick`` seconds while attempts are running, and cancels the task of any attempt past a
bound. The bounds are then kept to within one tick (a tenth of the shortest bound, at most 1 s:
aiohttp itself rounds its timers up to the whole second).

- ``attempt``: from the start of the attempt to the last byte of the answer.
- ``read``: from the moment the attempt has its connection (connecting is bounded by aiohttp's
  ``sock_connect``, so a slow connect is never mistaken for a request that may have been sent)
  until the answer's head arrives, then the longest silence between pieces of the body.

The task is cancelled as ``asyncio.timeout`` does it, and the transport turns the cancellation
back into a timeout only when the watchdog caused it; a caller's own cancellation goes through.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import aiohttp

#: The coarsest and finest intervals between two checks.
MAX_TICK = 1.0
MIN_TICK = 0.005
_NEVER = float("inf")


class Watch:
    """One attempt under watch: its task, its deadlines, and which bound (if any) cut it off."""

    __slots__ = ("cancelling", "deadline", "expired", "read_deadline", "seen", "stream", "task")

    def __init__(self, task: asyncio.Task[Any], deadline: float) -> None:
        self.task = task
        self.deadline = deadline
        self.read_deadline = _NEVER  # set once the attempt has its connection
        #: The body's stream, set by the transport once the answer's head has arrived: from then
        #: on ``read`` bounds each silence of the body. The head itself counts as progress
        #: (``seen`` starts below any byte count).
        self.stream: aiohttp.StreamReader | None = None
        self.seen = -1
        self.expired: str | None = None  # "attempt" or "read" once a bound has cut it off
        # The task's pending cancellations when the attempt began (3.11+): one more on the way
        # out means the caller cancelled it too, and then the cancellation must go through.
        self.cancelling = 0
        if sys.version_info >= (3, 11):
            self.cancelling = task.cancelling()

    def absorb(self) -> bool:
        """Whether the CancelledError being raised is the watchdog's own (then swallow it)."""
        if self.expired is None:
            return False
        if sys.version_info >= (3, 11):
            return self.task.uncancel() <= self.cancelling
        return True


class Watchdog:
    """The running attempts of one client (on one event loop) and the ticker that checks them.

    Deadlines are on ``time.monotonic()``, the clock the transport times attempts with (the
    loop's own clock is only asked to wake the ticker up).
    """

    __slots__ = ("_active", "_attempt", "_handle", "_loop", "_read", "tick")

    def __init__(self, loop: asyncio.AbstractEventLoop, attempt: float | None, read: float | None):
        self._loop = loop
        self._attempt = _NEVER if attempt is None else attempt
        self._read = read
        bounds = [bound for bound in (attempt, read) if bound is not None]
        self.tick = min(MAX_TICK, max(MIN_TICK, min(bounds) / 10)) if bounds else MAX_TICK
        self._active: dict[asyncio.Task[Any], Watch] = {}
        self._handle: asyncio.TimerHandle | None = None

    def start(self, now: float) -> Watch:
        """Watch the attempt the current task is about to make, starting at ``now``."""
        task = asyncio.current_task(self._loop)
        if task is None:  # pragma: no cover - aiohttp itself needs a task
            raise RuntimeError("an HTTP attempt must run inside an asyncio task")
        watch = Watch(task, now + self._attempt)
        self._active[task] = watch
        if self._handle is None:
            self._handle = self._loop.call_later(self.tick, self._check)
        return watch

    def connected(self) -> None:
        """The current task's attempt has its connection: the wait for the answer starts now."""
        if self._read is not None:
            watch = self._active.get(asyncio.current_task(self._loop))  # type: ignore[arg-type]
            if watch is not None:
                watch.read_deadline = time.monotonic() + self._read

    def stop(self, watch: Watch) -> None:
        """The attempt is over, one way or another."""
        if self._active.get(watch.task) is watch:
            del self._active[watch.task]

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _check(self) -> None:
        now = time.monotonic()
        read = self._read
        expired: list[Watch] = []
        for watch in self._active.values():
            if now >= watch.deadline:
                watch.expired = "attempt"
            elif read is not None:
                stream = watch.stream
                if stream is not None and stream.total_bytes != watch.seen:
                    watch.seen = stream.total_bytes  # bytes arrived since the last check
                    watch.read_deadline = now + read
                elif now >= watch.read_deadline:
                    watch.expired = "read"
            if watch.expired is not None:
                expired.append(watch)
        for watch in expired:
            del self._active[watch.task]
            watch.task.cancel()
        self._handle = self._loop.call_later(self.tick, self._check) if self._active else None


class WatchedConnector(aiohttp.TCPConnector):
    """A ``TCPConnector`` that tells the watchdog when an attempt has its connection."""

    def __init__(self, watchdog: Watchdog, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._watchdog = watchdog

    async def connect(self, *args: Any, **kwargs: Any) -> aiohttp.connector.Connection:
        connection = await super().connect(*args, **kwargs)
        self._watchdog.connected()
        return connection
