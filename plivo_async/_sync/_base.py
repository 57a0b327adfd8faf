"""What every blocking resource shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .._raw import RawResponse
from .._resources import AsyncResource
from ._portal import Portal

A = TypeVar("A", bound=AsyncResource)


class SyncResource(Generic[A]):
    """The blocking twin of an async resource: every method runs its async twin on the portal."""

    def __init__(self, portal: Portal, resource: A) -> None:
        self._portal = portal
        self._async = resource

    @property
    def with_raw_response(self) -> SyncWithRawResponse:
        """The same methods, returning ``RawResponse`` (status, headers, parsed model)."""
        return SyncWithRawResponse(self._portal, self._async)


class SyncWithRawResponse:
    """Blocking counterpart of ``WithRawResponse``."""

    __slots__ = ("_portal", "_resource")

    def __init__(self, portal: Portal, resource: AsyncResource) -> None:
        self._portal = portal
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., RawResponse[Any]]:
        raw_method = getattr(self._resource.with_raw_response, name)

        def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            return self._portal.call(raw_method, *args, **kwargs)

        return call
