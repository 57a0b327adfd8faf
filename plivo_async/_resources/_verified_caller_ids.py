"""Verified caller IDs: numbers verified by OTP to be used as caller ID."""

from __future__ import annotations

from typing import Literal

from .._endpoint import endpoint
from .._models._verified_caller_ids import VerificationInitiated, VerifiedCallerId
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from ._base import AsyncResource

OtpChannel = Literal["sms", "call"]


class AsyncVerifiedCallerIds(AsyncResource):
    """``client.verified_caller_ids``: verified caller IDs."""

    @endpoint("POST", "VerifiedCallerId/", id="verified_caller_id.initiate")
    async def initiate(
        self,
        *,
        phone_number: str,
        alias: str | None = None,
        channel: OtpChannel | None = None,
        subaccount: str | None = None,
    ) -> VerificationInitiated:
        """Start verifying ``phone_number`` (E.164): Plivo sends it a one-time code.

        ``channel`` is how the code is delivered, ``"sms"`` (Plivo's default) or ``"call"``;
        ``alias`` names the caller ID; ``subaccount`` is the auth ID of the subaccount it is
        verified for. Finish with ``verify(answer.verification_uuid, otp=...)`` within 15
        minutes. The endpoint: ``POST /v1/Account/{auth_id}/VerifiedCallerId/``.

        Endpoint: ``POST /v1/Account/{auth_id}/VerifiedCallerId/``

        Args:
            phone_number: Number to verify, E.164 format. Required.
            alias: Unique name for the verified caller ID. Default: not sent.
            channel: How the 4-digit OTP is delivered. One of ``"call"``, ``"sms"``. Default: not
                sent (Plivo's default: ``"sms"``).
            subaccount: A valid subaccount Auth ID (default None). Default: not sent.

        Returns:
            VerificationInitiated: Answer to ``verified_caller_ids.initiate``: the OTP is on its way
                to the number.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.initiate, locals())

    @endpoint(
        "POST",
        "VerifiedCallerId/Verification/{verification_uuid}/",
        id="verified_caller_id.verify",
    )
    async def verify(self, verification_uuid: str, *, otp: str) -> VerifiedCallerId:
        """Complete a verification with the code the number received (a string: keep zeros).

        Returns the verified caller ID. The endpoint:
        ``POST /v1/Account/{auth_id}/VerifiedCallerId/Verification/{verification_uuid}/``.

        Endpoint: ``POST /v1/Account/{auth_id}/VerifiedCallerId/Verification/{verification_uuid}/``

        Args:
            verification_uuid: Verification_uuid returned by verified_caller_id.initiate. Required;
                sent in the path (percent-encoded).
            otp: OTP received for this verification_uuid. Required.

        Returns:
            VerifiedCallerId: A number verified to be used as caller ID (``get``, ``list``,
                ``update``, ``verify``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.verify, locals())

    @endpoint("GET", "VerifiedCallerId/{phone_number}/", id="verified_caller_id.get")
    async def get(self, phone_number: str) -> VerifiedCallerId:
        """One verified caller ID, by its E.164 number (a ``+`` is sent as ``%2B``).

        Endpoint: ``GET /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``

        Args:
            phone_number: The verified phone number (E.164). Required; sent in the path
                (percent-encoded).

        Returns:
            VerifiedCallerId: A number verified to be used as caller ID (``get``, ``list``,
                ``update``, ``verify``).

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

    @endpoint("GET", "VerifiedCallerId/", id="verified_caller_id.list")
    def list(
        self,
        *,
        alias: str | None = None,
        subaccount: str | None = None,
        country: str | None = None,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[VerifiedCallerId]:
        """The account's verified caller IDs, filtered by ``alias``, ``subaccount`` (auth ID)
        or ``country`` (two-letter ISO code).

        ``await`` the result for one page, or ``async for`` over it for every caller ID across
        pages; ``limit`` caps the total, ``page_size`` (1-20) is per request. The endpoint:
        ``GET /v1/Account/{auth_id}/VerifiedCallerId/``.

        Endpoint: ``GET /v1/Account/{auth_id}/VerifiedCallerId/``

        Args:
            alias: Filter by friendly name. Default: not sent.
            subaccount: Filter by subaccount Auth ID (default None). Default: not sent.
            country: Filter by 2-letter ISO country code. Default: not sent.
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[VerifiedCallerId]: every ``VerifiedCallerId`` across pages, one request
                per page as you iterate (``async for``; with the blocking ``Client``: ``for``);
                ``first_page()`` gives one ``Page[VerifiedCallerId]`` (items and ``meta``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return self._paginate(self.list, locals())

    @endpoint("POST", "VerifiedCallerId/{phone_number}/", id="verified_caller_id.update")
    async def update(
        self,
        phone_number: str,
        *,
        alias: str | None = None,
        subaccount: str | None = None,
    ) -> VerifiedCallerId:
        """Change a verified caller ID's ``alias`` (``""`` clears it) or ``subaccount`` (only
        main-account credentials may change it).

        Returns the updated caller ID. The endpoint:
        ``POST /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``.

        Endpoint: ``POST /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``

        Args:
            phone_number: The verified phone number (E.164). Required; sent in the path
                (percent-encoded).
            alias: New friendly name. Default: not sent.
            subaccount: A valid subaccount Auth ID (only main-account credentials may change it).
                Default: not sent.

        Returns:
            VerifiedCallerId: A number verified to be used as caller ID (``get``, ``list``,
                ``update``, ``verify``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.update, locals())

    @endpoint("DELETE", "VerifiedCallerId/{phone_number}/", id="verified_caller_id.delete")
    async def delete(self, phone_number: str) -> None:
        """Remove a verified caller ID; it can no longer be used as caller ID.

        Endpoint: ``DELETE /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``

        Args:
            phone_number: The verified phone number (E.164). Required; sent in the path
                (percent-encoded).

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
