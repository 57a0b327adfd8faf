"""Recordings: call and conference recordings of an account."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncRecordings(AsyncResource):
    """``client.recordings``: recordings."""
