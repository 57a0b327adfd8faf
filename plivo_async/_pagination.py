"""Pagination over Plivo's list endpoints by the API's own ``meta.next`` link.

``list()`` returns a paginator: ``await`` it for one page, ``async for`` it for every object
across pages. The first request carries the caller's filters, ``limit`` (the page size) and
``offset``; every later one is the list's own path with the query of the previous page's
``meta.next`` exactly as the server encoded it (offset, cursor, filters: whatever it carries).
The link's scheme, host and path are ignored: following them could drop a ``base_url`` prefix or
send our credentials to another server.

The walk stops when ``meta.next`` is null or empty, when ``limit=`` objects have been given, or
when a page is empty (an empty page with a link would otherwise loop forever). A short page with
a link does not stop it: Plivo may send short pages and its own link is the truth. A link whose
query was already requested raises ``PlivoError`` once the objects received so far are given.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import quote, unquote_plus, urlsplit

from ._errors import PlivoError, ValidationError
from ._models import Page

T = TypeVar("T")

#: Plivo's largest page.
MAX_PAGE_SIZE = 20

#: Characters a query may carry unescaped (RFC 3986), plus ``%`` for the server's own escapes.
_QUERY_SAFE = "!$&'()*+,/:;=?@%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PageRequest:
    """What one page request sends: ``path`` (with a followed link's query) and ``params``.

    The first page sends the query as ``params``; a followed link's query is already encoded
    and travels in ``path`` as is, so the server gets back exactly the bytes it sent.
    """

    __slots__ = ("params", "path")

    def __init__(self, path: str, params: dict[str, str] | None) -> None:
        self.path = path
        self.params = params


FetchPage = Callable[[PageRequest], Awaitable[Page[T]]]


def _cut(part: str) -> tuple[str, str, str]:
    return part.partition("=")


def _key(part: str) -> str:
    return unquote_plus(_cut(part)[0])


def _identity(parts: list[str]) -> tuple[tuple[str, str], ...]:
    """Which page an encoded query asks for, whatever its key order or escaping. ``limit`` is
    left out: the walk itself lowers it for the last page."""
    decoded = ((unquote_plus(key), unquote_plus(value)) for key, _, value in map(_cut, parts))
    return tuple(sorted(pair for pair in decoded if pair[0] != "limit"))


def _pair(key: str, value: str) -> str:
    return f"{quote(key, safe='')}={quote(value, safe='')}"


def _asks_at_most(part: str, remaining: int) -> bool:
    value = unquote_plus(_cut(part)[2])
    return value.isascii() and value.isdigit() and int(value) <= remaining


def _encoded(text: str) -> str:
    # Keep the server's escapes (%20, %2B, a literal +) byte for byte; escape only what may not
    # appear raw in a request line (spaces, control characters, a stray %).
    return _STRAY_PERCENT.sub("%25", quote(text, safe=_QUERY_SAFE))


class PageCursor:
    """One walk over a list: the next request to send and the objects to give; shared by the
    async and sync paginators so each of their loops stays two lines."""

    __slots__ = ("_link", "_offset", "_path", "_query", "_remaining", "_seen", "_size", "_started")

    def __init__(
        self,
        path: str,
        query: Mapping[str, str],
        *,
        offset: int,
        page_size: int,
        limit: int | None,
    ) -> None:
        self._path = path
        self._query = query
        self._offset = offset
        self._size = page_size
        self._remaining = limit
        #: Which pages were asked for (see ``_identity``).
        self._seen: set[tuple[tuple[str, str], ...]] = set()
        #: The first request is ours (none at all for ``limit=0``); later ones follow the
        #: previous page's ``meta.next``, None when the walk is over.
        self._started = limit == 0
        self._link: str | None = None

    def _next_size(self) -> int:
        if self._remaining is None:
            return self._size
        return min(self._size, self._remaining)

    def first_request(self) -> PageRequest:
        """The first page's request (at least one object asked for, even with ``limit=0``)."""
        size = max(self._next_size(), 1)
        params = {**self._query, "limit": str(size), "offset": str(self._offset)}
        self._seen.add(_identity([_pair(key, value) for key, value in params.items()]))
        return PageRequest(self._path, params)

    def next_request(self) -> PageRequest | None:
        """The next page's request, or None when the walk is over.

        Raises ``PlivoError`` when the server's link asks for a page already requested.
        """
        if not self._started:
            self._started = True
            return self.first_request()
        link, self._link = self._link, None
        if link is None:
            return None
        sent = urlsplit(link).query
        parts = [part for part in _encoded(sent).split("&") if part]
        # The list's own query (its endpoint selector such as status=live, the caller's
        # filters) stays part of its URL even if the server's link leaves a key out.
        carried = {_key(part) for part in parts}
        parts += [_pair(key, value) for key, value in self._query.items() if key not in carried]
        identity = _identity(parts)
        if identity in self._seen:
            raise PlivoError(
                f"GET {self._path}: the server repeated a page link it had already sent"
                f" (meta.next query {sent!r}); stopped rather than give the same objects again"
            )
        self._seen.add(identity)
        if self._remaining is not None:
            parts = self._capped(parts, self._remaining)
        return PageRequest(f"{self._path}?{'&'.join(parts)}", None)

    def _capped(self, parts: list[str], remaining: int) -> list[str]:
        """Lower the link's ``limit`` (or add one) so no more than ``remaining`` are asked for."""
        capped = [
            _pair("limit", str(remaining))
            if _key(part) == "limit" and not _asks_at_most(part, remaining)
            else part
            for part in parts
        ]
        if remaining < self._size and not any(_key(part) == "limit" for part in parts):
            capped.append(_pair("limit", str(remaining)))
        return capped

    def take(self, page: Page[Any]) -> list[Any]:
        """Record ``page``; return its objects within ``limit``."""
        objects = page.objects
        if self._remaining is not None:
            objects = objects[: self._remaining]
            self._remaining -= len(objects)
        if page.objects and self._remaining != 0 and page.meta.next:
            self._link = page.meta.next
        return objects


def check_paging(limit: int | None, page_size: int, offset: int) -> None:
    """Refuse impossible paging arguments before anything is sent."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValidationError("limit", f"must be a non-negative integer or None, got {limit!r}")
    if (
        isinstance(page_size, bool)
        or not isinstance(page_size, int)
        or not 1 <= page_size <= MAX_PAGE_SIZE
    ):
        raise ValidationError("page_size", f"must be an integer from 1 to 20, got {page_size!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ValidationError("offset", f"must be a non-negative integer, got {offset!r}")


class AsyncPaginator(Generic[T]):
    """Awaitable (one page) and async-iterable (every object) result of a ``list()`` call.

    ``path`` is the list's path relative to the account root and ``query`` its own query (an
    endpoint selector and the caller's filters); ``fetch`` sends one page request.
    """

    __slots__ = ("_fetch", "_limit", "_offset", "_page_size", "_path", "_query")

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        path: str,
        query: Mapping[str, str],
        limit: int | None,
        page_size: int,
        offset: int,
    ) -> None:
        check_paging(limit, page_size, offset)
        self._fetch = fetch
        self._path = path
        self._query = query
        self._limit = limit
        self._page_size = page_size
        self._offset = offset

    def cursor(self) -> PageCursor:
        """A fresh walk from the first page."""
        return PageCursor(
            self._path,
            self._query,
            offset=self._offset,
            page_size=self._page_size,
            limit=self._limit,
        )

    @property
    def fetch_page(self) -> FetchPage[T]:
        """``fetch(request)``: one request for one page."""
        return self._fetch

    async def first_page(self) -> Page[T]:
        """The first page only (``limit`` caps its size)."""
        return await self._fetch(self.cursor().first_request())

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self.first_page().__await__()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page, one request each."""
        cursor = self.cursor()
        while (request := cursor.next_request()) is not None:
            page = await self._fetch(request)
            cursor.take(page)
            yield page

    def __aiter__(self) -> AsyncIterator[T]:
        return self._objects()

    async def _objects(self) -> AsyncIterator[T]:
        cursor = self.cursor()
        while (request := cursor.next_request()) is not None:
            for item in cursor.take(await self._fetch(request)):
                yield item
