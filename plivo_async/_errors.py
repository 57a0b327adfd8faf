"""Every error plivo_async raises.

```
PlivoError
├── ValidationError            bad input, refused before anything was sent (also a ValueError)
├── ClientStateError           closed, wrong event loop, after fork(), blocking call inside a loop
├── ResponseParseError         a 2xx answer we could not decode into its model
├── APIError                   Plivo answered with an error status
│   ├── BadRequestError            400
│   ├── AuthenticationError        401
│   ├── ForbiddenError             403
│   ├── NotFoundError              404
│   ├── MethodNotAllowedError      405
│   ├── ConflictError              409
│   ├── UnprocessableEntityError   422
│   ├── RateLimitError             429
│   └── ServerError                5xx
└── TransportError             no answer from Plivo
    ├── ConnectError               the request never left: connect refused, DNS, TLS
    ├── RequestTimeoutError        no answer in time (also a builtin TimeoutError)
    └── ConnectionDroppedError     the connection broke after the request was sent
```

Every error carries ``retries_taken``. ``outcome_unknown`` is the one attribute a caller that dials
phones must read: it is true when a request that changes state (a POST) may have taken effect at
Plivo even though it failed here, so replaying it could, for example, ring a phone twice.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping

from multidict import CIMultiDict

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ClientStateError",
    "ConflictError",
    "ConnectError",
    "ConnectionDroppedError",
    "ForbiddenError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PlivoError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseParseError",
    "ServerError",
    "TransportError",
    "UnprocessableEntityError",
    "ValidationError",
]

_UNKNOWN_OUTCOME_NOTE = (
    " The outcome is unknown: the request may have reached Plivo and taken effect,"
    " so it was not retried."
)


class PlivoError(Exception):
    """Base class of every error raised by plivo_async."""

    retries_taken: int = 0

    @property
    def outcome_unknown(self) -> bool:
        """True when the failed request may nevertheless have taken effect at Plivo."""
        return False


class ValidationError(PlivoError, ValueError):
    """An argument was refused on the client side; nothing was sent.

    ``argument`` names the offending argument (its Python spelling, e.g. ``from_``).
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


class ClientStateError(PlivoError, RuntimeError):
    """The client cannot be used this way (closed, another event loop, after fork, ...)."""


class ResponseParseError(PlivoError):
    """A successful answer could not be decoded into the expected model."""

    def __init__(self, message: str, *, status: int, api_id: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.api_id = api_id


class APIError(PlivoError):
    """Plivo answered with an error status.

    ``message`` is Plivo's own ``error`` text when the body had one.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        api_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: object = None,
        method: str = "",
        path: str = "",
        retries_taken: int = 0,
    ) -> None:
        self.message = message
        self.status = status
        self.api_id = api_id
        # Case-insensitive, like the answer's own headers (X-Request-ID == x-request-id).
        self.headers: Mapping[str, str] = CIMultiDict(headers or {})
        self.body = body
        self.method = method
        self.path = path
        self.retries_taken = retries_taken
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f" ({self.method} {self.path})" if self.method else ""
        api_id = f" [api_id {self.api_id}]" if self.api_id else ""
        note = _UNKNOWN_OUTCOME_NOTE if self.outcome_unknown else ""
        return f"HTTP {self.status}{where}: {self.message}{api_id}{note}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only constructor: pickle (multiprocessing, anyio portals) needs help.
        return (_rebuild, (type(self), self.args[0], self.__dict__))


def _rebuild(cls: type[PlivoError], message: str, state: dict[str, object]) -> PlivoError:
    """Unpickle an error whose constructor takes keyword-only arguments."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class BadRequestError(APIError):
    """400: a parameter is missing or invalid."""


class AuthenticationError(APIError):
    """401: the auth id / auth token pair was refused."""


class ForbiddenError(APIError):
    """403: the account may not do this (e.g. geo permissions)."""


class NotFoundError(APIError):
    """404: the resource does not exist."""


class MethodNotAllowedError(APIError):
    """405: the HTTP method is not allowed on this resource."""


class ConflictError(APIError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(APIError):
    """422: the request was understood but refused (e.g. an invalid feedback rating)."""


class RateLimitError(APIError):
    """429: too many requests; Plivo did not process this one."""


class ServerError(APIError):
    """5xx: Plivo (or a proxy in front of it) failed."""

    @property
    def outcome_unknown(self) -> bool:
        return self.method == "POST"


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def api_error_class(status: int) -> type[APIError]:
    """The error class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _STATUS_CLASSES.get(status, APIError)


class TransportError(PlivoError):
    """No usable answer came back from Plivo.

    ``may_have_reached_server`` says whether Plivo may have received (and acted on) the request.
    """

    def __init__(
        self,
        message: str,
        *,
        may_have_reached_server: bool,
        method: str = "",
        path: str = "",
        retries_taken: int = 0,
    ) -> None:
        self.message = message
        self.may_have_reached_server = may_have_reached_server
        self.method = method
        self.path = path
        self.retries_taken = retries_taken
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f" ({self.method} {self.path})" if self.method else ""
        note = _UNKNOWN_OUTCOME_NOTE if self.outcome_unknown else ""
        return f"{self.message}{where}{note}"

    @property
    def outcome_unknown(self) -> bool:
        return self.may_have_reached_server and self.method == "POST"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.args[0], self.__dict__))


class ConnectError(TransportError):
    """The connection could not be made; the request never left this machine."""


class RequestTimeoutError(TransportError, builtins.TimeoutError):
    """No answer within the configured timeout.

    A connect timeout means nothing was sent; a read timeout or an expired deadline means the
    request may have reached Plivo.
    """


class ConnectionDroppedError(TransportError):
    """The connection broke after the request was (at least partly) sent."""
