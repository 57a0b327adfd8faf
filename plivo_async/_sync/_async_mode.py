"""The blocking twin of ``AsyncCallbackView``: ``Client.with_async_callback(url)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._async_mode import callback_arguments
from .._resources._with_callback import (
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
from ._with_callback import (
    CallsWithCallback,
    ConferencesWithCallback,
    EndpointsWithCallback,
    LiveCallsWithCallback,
    MultiPartyCallsWithCallback,
    QueuedCallsWithCallback,
    RecordingsWithCallback,
    StreamsWithCallback,
    VerifiedCallerIdsWithCallback,
)

if TYPE_CHECKING:
    from .._client import AsyncClient
    from .._resources._base import HttpMethod
    from ._portal import Portal


class CallbackView:
    """The blocking client's resources in Plivo's asynchronous mode (each call returns the
    acknowledgement; the result is posted to the callback URL)."""

    def __init__(
        self, portal: Portal, client: AsyncClient, url: str, method: HttpMethod = "POST"
    ) -> None:
        callback = callback_arguments(url, method)
        self.callback_url = callback["callback_url"]
        self.callback_method = callback["callback_method"]
        self.calls = CallsWithCallback(portal, AsyncCallsWithCallback(client, callback))
        self.live_calls = LiveCallsWithCallback(
            portal, AsyncLiveCallsWithCallback(client, callback)
        )
        self.queued_calls = QueuedCallsWithCallback(
            portal, AsyncQueuedCallsWithCallback(client, callback)
        )
        self.streams = StreamsWithCallback(portal, AsyncStreamsWithCallback(client, callback))
        self.multi_party_calls = MultiPartyCallsWithCallback(
            portal, AsyncMultiPartyCallsWithCallback(client, callback)
        )
        self.conferences = ConferencesWithCallback(
            portal, AsyncConferencesWithCallback(client, callback)
        )
        self.verified_caller_ids = VerifiedCallerIdsWithCallback(
            portal, AsyncVerifiedCallerIdsWithCallback(client, callback)
        )
        self.endpoints = EndpointsWithCallback(portal, AsyncEndpointsWithCallback(client, callback))
        self.recordings = RecordingsWithCallback(
            portal, AsyncRecordingsWithCallback(client, callback)
        )

    def __repr__(self) -> str:
        return f"<CallbackView callback_method={self.callback_method}>"
