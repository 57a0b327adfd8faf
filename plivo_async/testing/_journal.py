"""The request journal: every request that reached the server and what became of it.

This is how a test proves "no phone rang twice": a call-creation request counts as *placed*
only when the simulator processed it, whether or not the answer made it back to the client
(``dropped_after``). Destinations of a bulk ``to`` are counted one by one.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Journal", "JournalEntry", "Outcome"]

Outcome = Literal[
    "pending",  # being handled right now
    "answered",  # a response was sent (any status)
    "dropped_before",  # connection closed before processing (injected)
    "dropped_after",  # processed, then the connection was closed instead of answering
    "hung",  # never answered (injected); the client gave up
]


@dataclass
class JournalEntry:
    seq: int
    method: str
    path: str
    query: dict[str, str]
    body: Any
    received_at: float  # wall clock, seconds since the epoch (time.time())
    sim_time: float  # simulated seconds since the simulator started
    endpoint: str | None = None
    status: int | None = None
    outcome: Outcome = "pending"
    processed: bool = False  # the endpoint ran and succeeded: its effect happened
    fault: str | None = None  # the injected fault, if any
    destinations: list[str] = field(default_factory=list)  # call.create: one per `to` entry
    call_uuids: list[str] = field(default_factory=list)  # call.create: the calls it placed
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    """Append-only, thread-safe; queried by tests in process or through ``/__sim__/journal``."""

    def __init__(self) -> None:
        self._entries: list[JournalEntry] = []
        self._lock = threading.Lock()

    def record(self, entry: JournalEntry) -> JournalEntry:
        with self._lock:
            entry.seq = len(self._entries) + 1
            self._entries.append(entry)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def entries(
        self,
        *,
        method: str | None = None,
        endpoint: str | None = None,
        path: str | None = None,
        outcome: str | None = None,
        processed: bool | None = None,
        fault: str | None = None,
    ) -> list[JournalEntry]:
        """Entries in arrival order, filtered by every argument given."""
        with self._lock:
            items = list(self._entries)
        return [
            e
            for e in items
            if (method is None or e.method == method.upper())
            and (endpoint is None or e.endpoint == endpoint)
            and (path is None or e.path == path)
            and (outcome is None or e.outcome == outcome)
            and (processed is None or e.processed == processed)
            and (fault is None or e.fault == fault)
        ]

    def count(self, **filters: Any) -> int:
        return len(self.entries(**filters))

    def call_requests(self, to: str) -> int:
        """How many ``POST Call/`` requests for destination ``to`` reached the server."""
        return sum(e.destinations.count(to) for e in self.entries(endpoint="call.create"))

    def calls_placed(self, to: str) -> int:
        """How many calls to ``to`` were actually placed (request processed, answered or not)."""
        entries = self.entries(endpoint="call.create", processed=True)
        return sum(e.destinations.count(to) for e in entries)

    def destination_counts(self, *, processed_only: bool = True) -> dict[str, int]:
        """Destination -> number of calls placed (or, with ``processed_only=False``, requested)."""
        counter: Counter[str] = Counter()
        for e in self.entries(endpoint="call.create"):
            if e.processed or not processed_only:
                counter.update(e.destinations)
        return dict(counter)
