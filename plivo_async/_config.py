"""Client configuration values."""

from __future__ import annotations

from typing import Any

import attrs


def _optional_positive(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not value > 0:
        raise ValueError(f"{attribute.name} must be > 0 or None, got {value!r}")


@attrs.frozen
class Timeout:
    """Timeouts in seconds. ``connect``, ``read`` and ``attempt`` apply to each attempt on its own.

    - ``connect``: to open a connection (nothing has been sent yet, so any request may be retried).
    - ``read``: from the moment the attempt has its connection, the longest wait for the
      answer's head, then the longest silence between pieces of the body.
    - ``attempt`` (default 60 s): the longest one attempt may take from connecting to the last
      byte of the answer, however the server paces it. It bounds what ``read`` cannot: a body
      dripped one byte at a time. A POST cut off by ``read`` or ``attempt`` has an unknown
      outcome and is not retried. Both are checked every tenth of the shorter one (at most every
      second), so each fires within that much of its value.
    - ``pool``: the wait for a free pooled connection (None: as long as it takes; the rate
      limiter already queues callers).
    - ``total``: an optional deadline for a whole call, counting queueing, every retry and
      backoff; a call still running at the deadline is cancelled.
    """

    connect: float | None = attrs.field(default=10.0, validator=_optional_positive)
    read: float | None = attrs.field(default=30.0, validator=_optional_positive)
    attempt: float | None = attrs.field(default=60.0, validator=_optional_positive)
    pool: float | None = attrs.field(default=None, validator=_optional_positive)
    total: float | None = attrs.field(default=None, validator=_optional_positive)
