"""Blocking iteration over a list endpoint: one portal call per page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from .._models import Page
from .._pagination import AsyncPaginator
from ._portal import Portal

T = TypeVar("T")


class SyncPaginator(Generic[T]):
    """Iterable (every object across pages) result of a blocking ``list()`` call.

    Pages are fetched one request at a time as iteration needs them; breaking out of the loop
    leaves nothing running and sends no further request.
    """

    __slots__ = ("_paginator", "_portal")

    def __init__(self, portal: Portal, paginator: AsyncPaginator[T]) -> None:
        self._portal = portal
        self._paginator = paginator

    def first_page(self) -> Page[T]:
        """The first page only (``limit`` caps its size)."""
        return self._portal.call(self._paginator.first_page)

    def pages(self) -> Iterator[Page[T]]:
        """Every page, one request each."""
        cursor = self._paginator.cursor()
        while (request := cursor.next_request()) is not None:
            page = self._portal.call(self._paginator.fetch_page, request)
            cursor.take(page)
            yield page

    def __iter__(self) -> Iterator[T]:
        cursor = self._paginator.cursor()
        while (request := cursor.next_request()) is not None:
            yield from cursor.take(self._portal.call(self._paginator.fetch_page, request))
