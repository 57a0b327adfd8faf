"""What every model shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

import attrs

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Model:
    """Base of every response model: frozen, and carrying Plivo's ``api_id``."""

    #: Plivo's identifier of the API request that produced this object (quote it to support).
    api_id: str | None = None


@attrs.frozen(kw_only=True)
class Acknowledgement(Model):
    """An answer that only acknowledges the request (``{"api_id", "message"}``)."""

    message: str | None = None


@attrs.frozen(kw_only=True)
class Meta:
    """Pagination data of a list page. Some endpoints send ``count``, others ``total_count``."""

    limit: int | None = None
    offset: int | None = None
    next: str | None = None
    previous: str | None = None
    total_count: int | None = None
    count: int | None = None

    @property
    def total(self) -> int | None:
        """The number of objects across all pages, whichever key Plivo used."""
        return self.total_count if self.total_count is not None else self.count


@attrs.frozen(kw_only=True)
class Page(Model, Generic[T]):
    """One page of a list: ``objects`` plus ``meta``. Iterating a page walks its objects."""

    meta: Meta = attrs.Factory(Meta)
    objects: list[T] = attrs.Factory(list)

    def __iter__(self) -> Iterator[T]:
        return iter(self.objects)

    def __len__(self) -> int:
        return len(self.objects)

    @property
    def has_next(self) -> bool:
        return bool(self.meta.next)
