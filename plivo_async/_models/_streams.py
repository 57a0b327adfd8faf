"""Models of the streams family: audio streams of a call to a WebSocket service."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._base import Model


@attrs.frozen(kw_only=True)
class Stream(Model):
    """An audio stream of a call (``streams.get`` / ``streams.list``), active or ended.

    ``start_time``/``end_time`` are in the account's timezone (with their offset), ``end_time``
    None while the stream runs; ``bill_duration`` is in seconds, ``rounded_bill_duration`` that
    rounded up to whole minutes, ``billed_amount`` what it cost. The reference also lists the
    stream's start arguments as its attributes (``stream_timeout``, ``content_type``, the status
    callback, ``extra_headers``); Plivo's answers do not show them, so they are usually None.
    """

    stream_id: str
    call_uuid: str | None = None
    service_url: str | None = None
    audio_track: str | None = None
    bidirectional: bool | None = None
    bill_duration: int | None = None
    rounded_bill_duration: int | None = None
    billed_amount: Decimal | None = None
    created_at: datetime | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    plivo_auth_id: str | None = None
    resource_uri: str | None = None
    stream_timeout: int | None = None
    status_callback_url: str | None = None
    status_callback_method: str | None = None
    content_type: str | None = None
    extra_headers: str | None = None


@attrs.frozen(kw_only=True)
class StreamStarted(Stream):
    """Answer to ``streams.start``: ``message`` (``"audio streaming started"``) and the new
    ``stream_id``. The reference also shows the whole ``Stream`` object as this answer; whichever
    Plivo sends parses, and the fields it leaves out are None."""

    message: str | None = None
