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
        """
        return await self._send(self.verify, locals())

    @endpoint("GET", "VerifiedCallerId/{phone_number}/", id="verified_caller_id.get")
    async def get(self, phone_number: str) -> VerifiedCallerId:
        """One verified caller ID, by its E.164 number (a ``+`` is sent as ``%2B``).

        The endpoint: ``GET /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``.
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
        """
        return await self._send(self.update, locals())

    @endpoint("DELETE", "VerifiedCallerId/{phone_number}/", id="verified_caller_id.delete")
    async def delete(self, phone_number: str) -> None:
        """Remove a verified caller ID; it can no longer be used as caller ID.

        The endpoint: ``DELETE /v1/Account/{auth_id}/VerifiedCallerId/{phone_number}/``.
        """
        return await self._send(self.delete, locals())
