"""Recordings: call and conference recordings of an account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._endpoint import endpoint
from .._errors import ValidationError
from .._models._recordings import Recording
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from ._base import AsyncResource
from ._calls import Count, Timestamp

_ADD_TIME = ("add_time__gt", "add_time__gte", "add_time__lt", "add_time__lte")
_STORAGE = (
    "recording_storage_duration",
    "recording_storage_duration__gt",
    "recording_storage_duration__gte",
    "recording_storage_duration__lt",
    "recording_storage_duration__lte",
)


def storage_without_add_time(given: Mapping[str, Any]) -> None:
    """The reference: ``recording_storage_duration`` filters cannot be used with ``add_time``."""
    storage = next((name for name in _STORAGE if given.get(name) is not None), None)
    added = next((name for name in _ADD_TIME if given.get(name) is not None), None)
    if storage is not None and added is not None:
        raise ValidationError(
            storage,
            f"cannot be combined with {added}: recording_storage_duration filters and"
            " add_time filters exclude each other",
        )


class AsyncRecordings(AsyncResource):
    """``client.recordings``: recordings."""

    @endpoint("GET", "Recording/{recording_id}/", id="recording.get")
    async def get(self, recording_id: str) -> Recording:
        """One recording, with its URL, duration and storage figures.

        The endpoint: ``GET /v1/Account/{auth_id}/Recording/{recording_id}/``.
        """
        return await self._send(self.get, locals())

    @endpoint("GET", "Recording/", id="recording.list")
    def list(
        self,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
        subaccount: str | None = None,
        call_uuid: str | None = None,
        add_time__gt: Timestamp | None = None,
        add_time__gte: Timestamp | None = None,
        add_time__lt: Timestamp | None = None,
        add_time__lte: Timestamp | None = None,
        mpc_name: str | None = None,
        mpc_uuid: str | None = None,
        conference_name: str | None = None,
        conference_uuid: str | None = None,
        recording_storage_duration: Count | None = None,
        recording_storage_duration__gt: Count | None = None,
        recording_storage_duration__gte: Count | None = None,
        recording_storage_duration__lt: Count | None = None,
        recording_storage_duration__lte: Count | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Recording]:
        """The account's recordings; by default those added in the last 7 days.

        ``add_time__*`` bound when a recording was added (UTC ``YYYY-MM-DD HH:MM[:ss[.uuuuuu]]``
        strings, or datetimes, sent in UTC); a range may span at most 30 days (Plivo answers
        400 otherwise). ``recording_storage_duration*`` filter on the days a recording has been
        stored and cannot be combined with ``add_time__*``. ``await`` the result for one page,
        or ``async for`` over it for every recording across pages; ``limit`` caps the total,
        ``page_size`` (1-20) is per request. The endpoint:
        ``GET /v1/Account/{auth_id}/Recording/``.
        """
        # Here, not in checks=: the paginator builds its query without running checks.
        storage_without_add_time(locals())
        return self._paginate(self.list, locals())

    @endpoint("DELETE", "Recording/{recording_id}/", id="recording.delete")
    async def delete(self, recording_id: str) -> None:
        """Delete a recording for good.

        The endpoint: ``DELETE /v1/Account/{auth_id}/Recording/{recording_id}/``.
        """
        return await self._send(self.delete, locals())
