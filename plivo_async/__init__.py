"""plivo_async: an async-first SDK for the Plivo Voice API, with a blocking twin.

```python
async with AsyncClient() as client:       # PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN
    created = await client.calls.create(from_="14155550100", to="14155550101",
                                        answer_url="https://example.com/answer.xml")
```
"""

from ._client import AsyncClient
from ._clock import Clock, MonotonicClock
from ._config import Timeout
from ._errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ClientStateError,
    ConflictError,
    ConnectError,
    ConnectionDroppedError,
    ForbiddenError,
    MethodNotAllowedError,
    NotFoundError,
    PlivoError,
    RateLimitError,
    RequestTimeoutError,
    ResponseParseError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    UnexpectedRedirectError,
    UnprocessableEntityError,
    ValidationError,
)
from ._middleware import Handler, Middleware
from ._models import (
    Acknowledgement,
    Call,
    CallCreated,
    CallInSession,
    CallTransferred,
    CallUuids,
    LiveCall,
    Meta,
    Model,
    Page,
    QueuedCall,
)
from ._pagination import AsyncPaginator
from ._ratelimit import RateLimit
from ._raw import RawResponse
from ._request import Request, Response
from ._retry import RetryPolicy
from ._sync import Client, SyncPaginator
from ._version import __version__

__all__ = [
    "APIError",
    "Acknowledgement",
    "AsyncClient",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "Call",
    "CallCreated",
    "CallInSession",
    "CallTransferred",
    "CallUuids",
    "Client",
    "ClientClosedError",
    "ClientStateError",
    "Clock",
    "ConflictError",
    "ConnectError",
    "ConnectionDroppedError",
    "ForbiddenError",
    "Handler",
    "LiveCall",
    "Meta",
    "MethodNotAllowedError",
    "Middleware",
    "Model",
    "MonotonicClock",
    "NotFoundError",
    "Page",
    "PlivoError",
    "QueuedCall",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "Request",
    "RequestTimeoutError",
    "Response",
    "ResponseParseError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "SyncPaginator",
    "Timeout",
    "TransportError",
    "UnexpectedRedirectError",
    "UnprocessableEntityError",
    "ValidationError",
    "__version__",
]


def _present_as_package() -> None:
    """Show public classes as ``plivo_async.X`` (reprs, tracebacks, pickles), not their module.

    Annotations are resolved first, in the module that defines them: ``typing.get_type_hints``
    (and so cattrs, which structures the models) looks names up in ``sys.modules[__module__]``.
    """
    import inspect
    import typing

    namespace = globals()
    # type(), not isinstance(): before 3.11 aliases such as Handler pass isinstance(x, type).
    classes = [namespace[name] for name in __all__ if issubclass(type(namespace[name]), type)]
    for cls in classes:
        own = inspect.get_annotations(cls)
        if own:
            hints = typing.get_type_hints(cls, include_extras=True)
            cls.__annotations__ = {name: hints[name] for name in own}
    for cls in classes:
        cls.__module__ = __name__


_present_as_package()
del _present_as_package
