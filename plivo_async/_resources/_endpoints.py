"""SIP endpoints: the SIP users of an account."""

from __future__ import annotations

from typing import Annotated

from .._endpoint import Arg, endpoint
from .._models._endpoints import Endpoint, EndpointCreated, EndpointUpdated
from .._pagination import MAX_PAGE_SIZE, AsyncPaginator
from ._base import AsyncResource

#: A password: at least 5 characters (the reference), never quoted in an error.
Password = Annotated[str, Arg(min_length=5, secret=True)]


class AsyncEndpoints(AsyncResource):
    """``client.endpoints``: SIP endpoints."""

    @endpoint("POST", "Endpoint/", id="endpoint.create")
    async def create(
        self,
        *,
        username: str,
        password: Password,
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

        Endpoint: ``POST /v1/Account/{auth_id}/Endpoint/``

        Args:
            username: Endpoint username: alphanumeric only, must start with a letter. Required.
            password: Endpoint password, at least 5 characters. At least 5 characters. Required.
            alias: Alias: upper/lower-case letters, digits, '-' and '_' only. Required.
            app_id: ID of the application to attach to the endpoint. Default: not sent.

        Returns:
            EndpointCreated: Answer to ``endpoints.create`` (``message`` is ``"created"``).

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
        return await self._send(self.create, locals())

    @endpoint("GET", "Endpoint/{endpoint_id}/", id="endpoint.get")
    async def get(self, endpoint_id: str) -> Endpoint:
        """One SIP endpoint (its ``password`` is the MD5 hash Plivo sends).

        Endpoint: ``GET /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``

        Args:
            endpoint_id: Endpoint ID returned by endpoint.create. Required; sent in the path
                (percent-encoded).

        Returns:
            Endpoint: A SIP endpoint (``endpoints.get`` / ``endpoints.list``).

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

        Endpoint: ``GET /v1/Account/{auth_id}/Endpoint/``

        Args:
            limit: The most items to return across pages in total. Default: no cap (every match).
            page_size: Items per request, 1-20. Default: ``20``.
            offset: Items to skip before the first one. Default: ``0``.

        Returns:
            AsyncPaginator[Endpoint]: every ``Endpoint`` across pages, one request per page as you
                iterate (``async for``; with the blocking ``Client``: ``for``); ``first_page()``
                gives one ``Page[Endpoint]`` (items and ``meta``).

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

    @endpoint("POST", "Endpoint/{endpoint_id}/", id="endpoint.update")
    async def update(
        self,
        endpoint_id: str,
        *,
        password: Password | None = None,
        alias: str | None = None,
        app_id: str | None = None,
    ) -> EndpointUpdated:
        """Change an endpoint's ``password`` (at least 5 characters), ``alias`` (``""`` clears
        it) or attached application (``app_id``); only the arguments given are changed.

        Endpoint: ``POST /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``

        Args:
            endpoint_id: Endpoint ID returned by endpoint.create. Required; sent in the path
                (percent-encoded).
            password: New password, at least 5 characters. At least 5 characters. Default: not sent.
            alias: New alias: letters, digits, '-' and '_' only. Default: not sent.
            app_id: ID of the application to attach. Default: not sent.

        Returns:
            EndpointUpdated: Answer to ``endpoints.update`` (``message`` is ``"changed"``).

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

    @endpoint("DELETE", "Endpoint/{endpoint_id}/", id="endpoint.delete")
    async def delete(self, endpoint_id: str) -> None:
        """Delete a SIP endpoint for good.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Endpoint/{endpoint_id}/``

        Args:
            endpoint_id: Endpoint ID returned by endpoint.create. Required; sent in the path
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
