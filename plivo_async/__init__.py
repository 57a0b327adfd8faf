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
    ServerError,
    TransportError,
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
    "RetryPolicy",
    "ServerError",
    "SyncPaginator",
    "Timeout",
    "TransportError",
    "UnprocessableEntityError",
    "ValidationError",
    "__version__",
]
