"""Audio streams: fork a call's audio to a WebSocket service (``client.streams``)."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncStreams(AsyncResource):
    """``client.streams``: audio streams."""
