"""Rate-limit backends: where the buckets of ``RateLimit`` live.

``RateLimit(..., backend=RedisBackend(url))`` shares one account's call-creation and API buckets
among every client, process and machine configured with it (the ``redis`` extra). Without a
backend the buckets live in the client.
"""

from __future__ import annotations

from .._ratelimit import RateLimit, RateLimitBackend, SharedLimiter
from ._redis import RedisBackend, RedisLimiter

__all__ = ["RateLimit", "RateLimitBackend", "RedisBackend", "RedisLimiter", "SharedLimiter"]
