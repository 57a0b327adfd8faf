"""What every async resource shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._raw import WithRawResponse
from .._validation import Param

if TYPE_CHECKING:
    from typing_extensions import Self

    from .._client import AsyncClient

#: HTTP verbs Plivo accepts for its callback URLs.
HTTP_METHODS = frozenset({"GET", "POST"})


def method_param(name: str) -> Param:
    """The HTTP verb of a callback URL argument (``answer_method`` for ``answer_url``, ...)."""
    return Param(name, choices=HTTP_METHODS)


def ignore_body(data: Any) -> None:
    """For endpoints that answer 204 (some still send a JSON body, which carries nothing new)."""
    return None


class AsyncResource:
    """A group of API methods bound to one client."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> WithRawResponse[Self]:
        """The same methods, returning ``RawResponse`` (status, headers, parsed model)."""
        return WithRawResponse(self)
