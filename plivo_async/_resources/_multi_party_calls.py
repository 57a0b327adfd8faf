"""Multiparty calls (MPC): start, inspect and stop them; participants and recordings."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncMultiPartyCalls(AsyncResource):
    """``client.multi_party_calls``: multiparty calls (MPC)."""
