"""Async resource classes, one module per API family (the sync twins are generated from them)."""

from ._base import AsyncResource
from ._calls import AsyncCalls, AsyncLiveCalls, AsyncQueuedCalls

__all__ = ["AsyncCalls", "AsyncLiveCalls", "AsyncQueuedCalls", "AsyncResource"]
