"""Verified caller IDs: numbers verified by OTP to be used as caller ID."""

from __future__ import annotations

from ._base import AsyncResource


class AsyncVerifiedCallerIds(AsyncResource):
    """``client.verified_caller_ids``: verified caller IDs."""
