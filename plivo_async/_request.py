"""The request and response values that travel through the middleware chain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from multidict import CIMultiDictProxy

from . import _jsoncodec

#: Bucket names for rate limiting: call creation is limited by the account's CPS.
CALL_CREATE = "call_create"
API = "api"


def creation_cost(body: Mapping[str, Any]) -> int:
    """The CPS tokens a call creation pays: one per destination (``to`` is ``<``-joined by now)."""
    count: int = body["to"].count("<") + 1
    return count


@attrs.define(slots=True, eq=False)
class Request:
    """One logical API call; the retry middleware sends it one or more times.

    ``path`` is relative to the account root (``Call/<uuid>/``) so that logs never show the auth
    id. Middlewares may add ``headers``; ``extensions`` is free space for user middlewares.
    """

    method: str
    url: str
    path: str
    params: Mapping[str, str] | None = None
    #: Not in the repr: a body may carry a secret (an endpoint's password).
    json: Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    headers: dict[str, str] = attrs.Factory(dict)
    bucket: str = API
    #: Tokens the request's bucket is charged (a bulk call: one per destination).
    cost: int = 1
    #: True while the current attempt may have reached the server without a complete answer
    #: (read by deadline errors).
    in_flight: bool = False
    #: When the whole call must be over, on the client's clock (``Timeout.total``), or None.
    deadline: float | None = None
    attempt: int = 0
    extensions: dict[str, Any] = attrs.Factory(dict)

    @property
    def idempotent(self) -> bool:
        """GET and DELETE may be replayed; a POST may not once it could have reached Plivo."""
        return self.method != "POST"


@attrs.define(slots=True, eq=False)
class Response:
    """A fully read HTTP answer (the connection is already back in the pool)."""

    status: int
    headers: CIMultiDictProxy[str]
    content: bytes
    request: Request
    elapsed: float = 0.0
    retries_taken: int = 0

    def json(self) -> Any:
        """The body decoded as JSON (``None`` for an empty body)."""
        if not self.content:
            return None
        return _jsoncodec.loads(self.content)
