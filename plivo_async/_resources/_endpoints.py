"""SIP endpoints: the SIP users of an account."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncEndpoints(AsyncResource):
    """``client.endpoints``: sIP endpoints."""
