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

        Endpoint: ``GET /v1/Account/{auth_id}/Recording/{recording_id}/``

        Args:
            recording_id: Recording ID. Required; sent in the path (percent-encoded).

        Returns:
            Recording: A recording of a call, a conference or a multiparty call.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
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

        Endpoint: ``GET /v1/Account/{auth_id}/Recording/``

        Args:
            from_number: Source number (E.164) or SIP endpoint to match. Default: not sent.
            to_number: Destination number (E.164) or SIP endpoint to match. Default: not sent.
            subaccount: Auth ID of a subaccount to restrict results to. Default: not sent.
            call_uuid: Only recordings of this call. Default: not sent.
            add_time__gt: Recordings added after this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            add_time__gte: Recordings added at or after this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            add_time__lt: Recordings added before this time. A datetime (sent in UTC) or Plivo's
                ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            add_time__lte: Recordings added at or before this time. A datetime (sent in UTC) or
                Plivo's ``YYYY-MM-DD HH:MM[:SS]`` text. Default: not sent.
            mpc_name: Name of the MPC the recording belongs to. Default: not sent.
            mpc_uuid: UUID of the MPC the recording belongs to. Default: not sent.
            conference_name: Name of the conference recorded. Default: not sent.
            conference_uuid: UUID of the conference recorded. Default: not sent.
            recording_storage_duration: Storage duration exactly equal to N days. Cannot be combined
                with add_time filters. At least 0. Default: not sent.
            recording_storage_duration__gt: Storage duration greater than N days. At least 0.
                Default: not sent.
            recording_storage_duration__gte: Storage duration >= N days. At least 0. Default: not
                sent.
            recording_storage_duration__lt: Storage duration less than N days. At least 0. Default:
                not sent.
            recording_storage_duration__lte: Storage duration <= N days. At least 0. Default: not
                sent.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[Recording]: every ``Recording`` across pages, one request per page as you
                iterate (``async for``; with the blocking ``Client``: ``for``); ``first_page()``
                gives one ``Page[Recording]`` (items and ``meta``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        # Here, not in checks=: the paginator builds its query without running checks.
        storage_without_add_time(locals())
        return self._paginate(self.list, locals())

    @endpoint("DELETE", "Recording/{recording_id}/", id="recording.delete")
    async def delete(self, recording_id: str) -> None:
        """Delete a recording for good.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Recording/{recording_id}/``

        Args:
            recording_id: Recording ID. Required; sent in the path (percent-encoded).

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.delete, locals())
