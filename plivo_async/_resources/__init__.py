"""Async resource classes, one module per API family (the sync twins are generated from them)."""

from ._base import AsyncResource
from ._calls import AsyncCalls, AsyncLiveCalls, AsyncQueuedCalls
from ._conferences import AsyncConferences
from ._endpoints import AsyncEndpoints
from ._multi_party_calls import AsyncMultiPartyCalls
from ._recordings import AsyncRecordings
from ._streams import AsyncStreams
from ._verified_caller_ids import AsyncVerifiedCallerIds

__all__ = [
    "AsyncCalls",
    "AsyncConferences",
    "AsyncEndpoints",
    "AsyncLiveCalls",
    "AsyncMultiPartyCalls",
    "AsyncQueuedCalls",
    "AsyncRecordings",
    "AsyncResource",
    "AsyncStreams",
    "AsyncVerifiedCallerIds",
]
