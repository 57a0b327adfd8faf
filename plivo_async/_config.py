"""Client configuration values."""

from __future__ import annotations

from typing import Any

import attrs


def _optional_positive(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not value > 0:
        raise ValueError(f"{attribute.name} must be > 0 or None, got {value!r}")


@attrs.frozen
class Timeout:
    """Timeouts in seconds. ``connect`` and ``read`` apply to each attempt on its own.

    ``pool`` bounds the wait for a free pooled connection (None: wait as long as it takes; our own
    rate limiter already queues callers). ``total`` is an optional deadline for a whole call,
    counting queueing, every retry and backoff; a call still running at the deadline is cancelled.
    """

    connect: float | None = attrs.field(default=10.0, validator=_optional_positive)
    read: float | None = attrs.field(default=30.0, validator=_optional_positive)
    pool: float | None = attrs.field(default=None, validator=_optional_positive)
    total: float | None = attrs.field(default=None, validator=_optional_positive)
