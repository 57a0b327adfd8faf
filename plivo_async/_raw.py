"""``resource.with_raw_response.method(...)``: the parsed model together with the HTTP answer."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import attrs
from multidict import CIMultiDictProxy

from ._request import Response

T = TypeVar("T")
R = TypeVar("R")

#: While a raw call runs, the client appends each answer it parses here.
RAW_RESPONSES: contextvars.ContextVar[list[Response] | None] = contextvars.ContextVar(
    "plivo_async_raw_responses", default=None
)


@attrs.frozen
class RawResponse(Generic[T]):
    """A parsed result with the status, headers and timing of the answer it came from."""

    parsed: T
    status: int
    headers: CIMultiDictProxy[str]
    content: bytes
    elapsed: float
    retries_taken: int


class WithRawResponse(Generic[R]):
    """Wraps a resource so each method returns ``RawResponse[...]`` instead of the model.

    For a ``list`` method the first page is fetched and returned raw.
    """

    __slots__ = ("_resource",)

    def __init__(self, resource: R) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., Awaitable[RawResponse[Any]]]:
        method = getattr(self._resource, name)
        if name.startswith("_") or not callable(method):
            raise AttributeError(name)

        @functools.wraps(method)
        async def raw_call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            responses: list[Response] = []
            token = RAW_RESPONSES.set(responses)
            try:
                result = method(*args, **kwargs)
                parsed = await result
            finally:
                RAW_RESPONSES.reset(token)
            answer = responses[-1]
            return RawResponse(
                parsed=parsed,
                status=answer.status,
                headers=answer.headers,
                content=answer.content,
                elapsed=answer.elapsed,
                retries_taken=answer.retries_taken,
            )

        return raw_call
