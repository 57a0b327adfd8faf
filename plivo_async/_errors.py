"""Every error plivo_async raises.

```
PlivoError
├── ValidationError            bad input, refused before anything was sent (also a ValueError)
├── ClientStateError           closed, wrong event loop, after fork(), blocking call inside a loop
├── ResponseParseError         a 2xx answer we could not decode into its model
│   └── ResponseTooLargeError      an answer larger than the client's ``max_response_size``
├── APIError                   Plivo answered with an error status
│   ├── UnexpectedRedirectError    3xx: Plivo's API never redirects, and none is followed
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
    ├── ConnectionDroppedError     the connection broke after the request was sent
    └── ClientClosedError          the client was closed before this request was answered
```

Every error carries ``retries_taken``. ``outcome_unknown`` is the one attribute a caller that dials
phones must read: it is true when a request that changes state (a POST) may have taken effect at
Plivo even though it failed here, so replaying it could, for example, ring a phone twice. It is
true for a POST after: a 5xx, a redirect, an unreadable or oversized 2xx answer, a dropped
connection, a read timeout or expired deadline, or a close that cut the request short; it is false
after a 4xx (Plivo refused), a 429, a validation error and a connect-phase failure.

No error carries a credential: messages are built by the SDK (never copied from aiohttp objects
that hold the ``Authorization`` header or a proxy password), and no aiohttp exception is chained.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping

from multidict import CIMultiDict

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
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
    "ResponseTooLargeError",
    "ServerError",
    "TransportError",
    "UnexpectedRedirectError",
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

    def __reduce__(self) -> tuple[object, ...]:
        # Constructors take keyword-only or differently shaped arguments: pickle (multiprocessing,
        # anyio portals) rebuilds from the message and the attributes instead.
        return (_rebuild, (type(self), str(self), self.__dict__))


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
    """A successful answer could not be decoded into the expected model.

    For a POST the request was accepted (the status was 2xx) but what it did is unknown, so
    ``outcome_unknown`` is true: a call may have been placed.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        api_id: str | None = None,
        method: str = "",
        path: str = "",
        retries_taken: int = 0,
    ) -> None:
        self.message = message
        self.status = status
        self.api_id = api_id
        self.method = method
        self.path = path
        self.retries_taken = retries_taken
        super().__init__(self._describe())

    def _describe(self) -> str:
        note = _UNKNOWN_OUTCOME_NOTE if self.outcome_unknown else ""
        return f"{self.message}{note}"

    @property
    def outcome_unknown(self) -> bool:
        return self.method == "POST"


class ResponseTooLargeError(ResponseParseError):
    """The answer's body was larger than the client's ``max_response_size``; reading stopped.

    ``limit`` is the cap in bytes (decoded); ``received`` how many decoded bytes had been read
    when the SDK gave up (at most the cap plus one chunk), or 0 when ``Content-Length`` alone
    showed the body was too large.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        limit: int,
        received: int,
        method: str = "",
        path: str = "",
    ) -> None:
        self.limit = limit
        self.received = received
        super().__init__(message, status=status, method=method, path=path)


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

    @property
    def outcome_unknown(self) -> bool:
        # A 4xx means Plivo refused the request; any other status (5xx, a redirect, an odd 1xx)
        # leaves a POST's effect unknown.
        return self.method == "POST" and not 400 <= self.status < 500


def _rebuild(cls: type[PlivoError], message: str, state: dict[str, object]) -> PlivoError:
    """Unpickle an error whose constructor takes keyword-only arguments."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class UnexpectedRedirectError(APIError):
    """3xx: Plivo's API does not redirect, so the SDK follows no redirect, for any method.

    ``location`` is the ``Location`` header (None when absent). A POST answered this way may
    have been acted on by whatever answered it: its outcome is unknown.
    """

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


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
    """429: too many requests; Plivo did not process this one.

    ``retry_after`` is the server's ``Retry-After`` in seconds (an HTTP date is converted), or
    None when it sent none or an unusable one.
    """

    @property
    def retry_after(self) -> float | None:
        from ._retry import parse_retry_after  # _retry imports this module

        value = self.headers.get("Retry-After")
        return None if value is None else parse_retry_after(value)


class ServerError(APIError):
    """5xx: Plivo (or a proxy in front of it) failed; for a POST the outcome is unknown."""


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
    """The error class for an HTTP status that is not a success."""
    if status >= 500:
        return ServerError
    if 300 <= status < 400:
        return UnexpectedRedirectError
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


class ConnectError(TransportError):
    """The connection could not be made; the request never left this machine."""


class RequestTimeoutError(TransportError, builtins.TimeoutError):
    """No answer within the configured timeout.

    A connect timeout means nothing was sent; a read timeout or an expired deadline means the
    request may have reached Plivo.
    """


class ConnectionDroppedError(TransportError):
    """The connection broke after the request was (at least partly) sent."""


class ClientClosedError(TransportError):
    """The client was closed (``aclose()`` / ``close()``) before this request was answered.

    A request still waiting for a pooled connection was never sent (``may_have_reached_server``
    false); one already sent and not answered within the close's grace period was cut short, and
    for a POST its outcome is unknown.
    """
