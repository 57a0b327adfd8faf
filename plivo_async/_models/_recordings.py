"""Models of the recording family."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs

from ._base import Model


@attrs.frozen(kw_only=True)
class Recording(Model):
    """A recording of a call, a conference or a multiparty call.

    Plivo sends the millisecond figures as decimal strings (``"345100.00000"``): they are floats
    here, with ``duration``, ``started_at`` and ``ended_at`` derived from them.
    ``recording_type`` is ``"normal"`` (a call) or ``"conference"``; ``conference_name`` is
    ``"noname"`` or None outside a conference. The storage fields (days stored, duration rounded
    up to 60 s, rate and amount) are absent from some answers.
    """

    recording_id: str
    recording_url: str | None = None
    recording_format: str | None = None
    recording_type: str | None = None
    add_time: datetime | None = None
    call_uuid: str | None = None
    conference_name: str | None = None
    recording_duration_ms: float | None = None
    recording_start_ms: float | None = None
    recording_end_ms: float | None = None
    resource_uri: str | None = None
    recording_storage_duration: int | None = None
    rounded_recording_duration: int | None = None
    recording_storage_rate: Decimal | None = None
    monthly_recording_storage_amount: Decimal | None = None

    @property
    def duration(self) -> timedelta | None:
        """``recording_duration_ms`` as a timedelta."""
        ms = self.recording_duration_ms
        return None if ms is None else timedelta(milliseconds=ms)

    @property
    def started_at(self) -> datetime | None:
        """``recording_start_ms`` as an aware UTC datetime."""
        return _from_epoch_ms(self.recording_start_ms)

    @property
    def ended_at(self) -> datetime | None:
        """``recording_end_ms`` as an aware UTC datetime."""
        return _from_epoch_ms(self.recording_end_ms)


def _from_epoch_ms(ms: float | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, timezone.utc)
