"""Plivo's asynchronous mode: ``client.with_async_callback(url)``.

The reference: "All requests to Plivo APIs can be made asynchronous by adding ``callback_url`` /
``callback_method``". Plivo then answers at once with an acknowledgement (``api_id``,
``message``) and posts the real result to ``callback_url``. The view offers the same resources
and methods as the client, each returning that ``Acknowledgement``; not offered: paginated lists,
and the endpoints whose own ``callback_url`` argument means something else (recording starts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._resources._with_callback import (
    AsyncCallsWithCallback,
    AsyncConferencesWithCallback,
    AsyncEndpointsWithCallback,
    AsyncLiveCallsWithCallback,
    AsyncMultiPartyCallsWithCallback,
    AsyncQueuedCallsWithCallback,
    AsyncRecordingsWithCallback,
    AsyncStreamsWithCallback,
    AsyncVerifiedCallerIdsWithCallback,
)
from ._validation import Param

if TYPE_CHECKING:
    from ._client import AsyncClient
    from ._resources._base import HttpMethod

_URL = Param("callback_url", required=True, url="http")
_METHOD = Param("callback_method", required=True, choices=frozenset({"GET", "POST"}))


def callback_arguments(url: str, method: str) -> dict[str, str]:
    """The two arguments every request of the view carries, checked."""
    return {"callback_url": _URL.convert(url), "callback_method": _METHOD.convert(method)}


class AsyncCallbackView:
    """The client's resources in Plivo's asynchronous mode (see the module docstring)."""

    def __init__(self, client: AsyncClient, url: str, method: HttpMethod = "POST") -> None:
        callback = callback_arguments(url, method)
        self.callback_url = callback["callback_url"]
        self.callback_method = callback["callback_method"]
        self.calls = AsyncCallsWithCallback(client, callback)
        self.live_calls = AsyncLiveCallsWithCallback(client, callback)
        self.queued_calls = AsyncQueuedCallsWithCallback(client, callback)
        self.streams = AsyncStreamsWithCallback(client, callback)
        self.multi_party_calls = AsyncMultiPartyCallsWithCallback(client, callback)
        self.conferences = AsyncConferencesWithCallback(client, callback)
        self.verified_caller_ids = AsyncVerifiedCallerIdsWithCallback(client, callback)
        self.endpoints = AsyncEndpointsWithCallback(client, callback)
        self.recordings = AsyncRecordingsWithCallback(client, callback)

    def __repr__(self) -> str:
        return f"<AsyncCallbackView callback_method={self.callback_method}>"
