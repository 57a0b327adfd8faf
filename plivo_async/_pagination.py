"""Offset pagination over Plivo's list endpoints (``limit`` <= 20, ``offset``, ``meta.next``).

``list()`` returns a paginator: ``await`` it for one page, ``async for`` it for every object
across pages. ``limit=`` caps the objects in total; no request is made after the last page
(``meta.next`` is null, a page comes back short or empty, or ``limit`` is reached).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

from ._errors import ValidationError
from ._models import Page

T = TypeVar("T")

#: Plivo's largest page.
MAX_PAGE_SIZE = 20

FetchPage = Callable[[int, int], Awaitable[Page[T]]]


class PageCursor:
    """Where the next page starts and how big it may be; shared by the async and sync walkers."""

    __slots__ = ("done", "offset", "page_size", "remaining")

    def __init__(self, *, offset: int, page_size: int, limit: int | None) -> None:
        self.offset = offset
        self.page_size = page_size
        self.remaining = limit
        self.done = limit == 0

    def next_size(self) -> int:
        if self.remaining is None:
            return self.page_size
        return min(self.page_size, self.remaining)

    def advance(self, page: Page[Any], asked: int) -> list[Any]:
        """Record ``page`` (fetched with size ``asked``); return its objects within ``limit``."""
        objects = page.objects
        self.offset += len(objects)
        if self.remaining is not None:
            objects = objects[: self.remaining]
            self.remaining -= len(objects)
        self.done = not page.meta.next or len(page.objects) < asked or self.remaining == 0
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
    """Awaitable (one page) and async-iterable (every object) result of a ``list()`` call."""

    __slots__ = ("_fetch", "_limit", "_offset", "_page_size")

    def __init__(
        self, fetch: FetchPage[T], *, limit: int | None, page_size: int, offset: int
    ) -> None:
        check_paging(limit, page_size, offset)
        self._fetch = fetch
        self._limit = limit
        self._page_size = page_size
        self._offset = offset

    def cursor(self) -> PageCursor:
        return PageCursor(offset=self._offset, page_size=self._page_size, limit=self._limit)

    @property
    def fetch_page(self) -> FetchPage[T]:
        """``fetch(offset, size)``: one request for one page."""
        return self._fetch

    async def first_page(self) -> Page[T]:
        """The first page only (``limit`` caps its size)."""
        cursor = self.cursor()
        return await self._fetch(cursor.offset, max(cursor.next_size(), 1))

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self.first_page().__await__()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page, one request each."""
        cursor = self.cursor()
        while not cursor.done:
            size = cursor.next_size()
            page = await self._fetch(cursor.offset, size)
            cursor.advance(page, size)
            yield page

    def __aiter__(self) -> AsyncIterator[T]:
        return self._objects()

    async def _objects(self) -> AsyncIterator[T]:
        cursor = self.cursor()
        while not cursor.done:
            size = cursor.next_size()
            page = await self._fetch(cursor.offset, size)
            for item in cursor.advance(page, size):
                yield item
