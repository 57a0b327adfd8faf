"""SIP endpoints: the SIP users of an account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._endpoint import endpoint
from .._errors import ValidationError
from .._models._endpoints import Endpoint, EndpointCreated, EndpointUpdated
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from ._base import AsyncResource

#: The reference's minimum length of an endpoint password.
MIN_PASSWORD_LENGTH = 5


def password_length(given: Mapping[str, Any]) -> None:
    """A password given has at least 5 characters (the message never quotes it)."""
    password = given.get("password")
    if isinstance(password, str) and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password",
            f"must be at least {MIN_PASSWORD_LENGTH} characters, got {len(password)}",
        )


def refuse_non_string_password(password: object) -> None:
    """Run first: the declared type check quotes a refused value, here the credential."""
    if password is not None and not isinstance(password, str):
        raise ValidationError("password", f"must be a string, got {type(password).__name__}")


class AsyncEndpoints(AsyncResource):
    """``client.endpoints``: SIP endpoints."""

    @endpoint("POST", "Endpoint/", id="endpoint.create", checks=[password_length])
    async def create(
        self,
        *,
        username: str,
        password: str,
        alias: str,
        app_id: str | None = None,
    ) -> EndpointCreated:
        """Create a SIP endpoint.

        ``username`` is alphanumeric and starts with a letter; Plivo appends a 12-digit suffix
        (the answer carries the resulting username and the ``endpoint_id`` to use from then
        on). ``password`` has at least 5 characters and never appears in an error message or
        repr. ``alias`` is the endpoint's display name (the reference allows letters, digits,
        ``-`` and ``_``); ``app_id`` attaches an application. The endpoint:
        ``POST /v1/Account/{auth_id}/Endpoint/``.
        """
        refuse_non_string_password(password)
        return await self._send(self.create, locals())

    @endpoint("GET", "Endpoint/{endpoint_id}/", id="endpoint.get")
    async def get(self, endpoint_id: str) -> Endpoint:
        """One SIP endpoint (its ``password`` is the MD5 hash Plivo sends).

        The endpoint: ``GET /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``.
        """
        return await self._send(self.get, locals())

    @endpoint("GET", "Endpoint/", id="endpoint.list")
    def list(
        self,
        *,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncPaginator[Endpoint]:
        """The account's SIP endpoints.

        ``await`` the result for one page, or ``async for`` over it for every endpoint across
        pages; ``limit`` caps the total, ``page_size`` (1-20) is per request. The endpoint:
        ``GET /v1/Account/{auth_id}/Endpoint/``.
        """
        return self._paginate(self.list, locals())

    @endpoint("POST", "Endpoint/{endpoint_id}/", id="endpoint.update", checks=[password_length])
    async def update(
        self,
        endpoint_id: str,
        *,
        password: str | None = None,
        alias: str | None = None,
        app_id: str | None = None,
    ) -> EndpointUpdated:
        """Change an endpoint's ``password`` (at least 5 characters), ``alias`` (``""`` clears
        it) or attached application (``app_id``); only the arguments given are changed.

        The endpoint: ``POST /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``.
        """
        refuse_non_string_password(password)
        return await self._send(self.update, locals())

    @endpoint("DELETE", "Endpoint/{endpoint_id}/", id="endpoint.delete")
    async def delete(self, endpoint_id: str) -> None:
        """Delete a SIP endpoint for good.

        The endpoint: ``DELETE /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``.
        """
        return await self._send(self.delete, locals())
