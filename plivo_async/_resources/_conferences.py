"""Conferences: inspect and end them; act on members; record them."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncConferences(AsyncResource):
    """``client.conferences``: conferences."""
