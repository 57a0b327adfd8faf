"""plivo_async: an async-first SDK for the Plivo Voice API, with a blocking twin.

```python
async with AsyncClient() as client:       # PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN
    created = await client.calls.create(from_="14155550100", to="14155550101",
                                        answer_url="https://example.com/answer.xml")
```
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING

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
    CallDigitsSent,
    CallFeedback,
    CallInSession,
    CallPlayStarted,
    CallRecordingStarted,
    CallSpeakStarted,
    CallSpeakStopped,
    CallTransferred,
    CallUuids,
    Conference,
    ConferenceHungUp,
    ConferenceMember,
    ConferenceMemberAction,
    ConferenceNames,
    ConferenceRecordingStarted,
    Endpoint,
    EndpointCreated,
    EndpointUpdated,
    LiveCall,
    Meta,
    Model,
    MultiPartyCall,
    MultiPartyCallPlayStarted,
    MultiPartyCallRecordingStarted,
    Page,
    Participant,
    ParticipantAdded,
    ParticipantCall,
    ParticipantUpdated,
    QueuedCall,
    Recording,
    Stream,
    StreamStarted,
    VerificationInitiated,
    VerifiedCallerId,
)
from ._pagination import AsyncPaginator
from ._ratelimit import RateLimit
from ._raw import RawResponse
from ._request import Request, Response
from ._retry import RetryPolicy
from ._version import __version__

if _TYPE_CHECKING:
    from ._async_mode import AsyncCallbackView
    from ._sync import Client, SyncPaginator
    from ._sync._async_mode import CallbackView

#: Imported on first use (``import plivo_async`` stays fast): name -> defining module.
_LAZY = {
    "AsyncCallbackView": "._async_mode",
    "CallbackView": "._sync._async_mode",
    "Client": "._sync",
    "SyncPaginator": "._sync",
}

__all__ = [
    "APIError",
    "Acknowledgement",
    "AsyncCallbackView",
    "AsyncClient",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "Call",
    "CallCreated",
    "CallDigitsSent",
    "CallFeedback",
    "CallInSession",
    "CallPlayStarted",
    "CallRecordingStarted",
    "CallSpeakStarted",
    "CallSpeakStopped",
    "CallTransferred",
    "CallUuids",
    "CallbackView",
    "Client",
    "ClientClosedError",
    "ClientStateError",
    "Clock",
    "Conference",
    "ConferenceHungUp",
    "ConferenceMember",
    "ConferenceMemberAction",
    "ConferenceNames",
    "ConferenceRecordingStarted",
    "ConflictError",
    "ConnectError",
    "ConnectionDroppedError",
    "Endpoint",
    "EndpointCreated",
    "EndpointUpdated",
    "ForbiddenError",
    "Handler",
    "LiveCall",
    "Meta",
    "MethodNotAllowedError",
    "Middleware",
    "Model",
    "MonotonicClock",
    "MultiPartyCall",
    "MultiPartyCallPlayStarted",
    "MultiPartyCallRecordingStarted",
    "NotFoundError",
    "Page",
    "Participant",
    "ParticipantAdded",
    "ParticipantCall",
    "ParticipantUpdated",
    "PlivoError",
    "QueuedCall",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "Recording",
    "Request",
    "RequestTimeoutError",
    "Response",
    "ResponseParseError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "Stream",
    "StreamStarted",
    "SyncPaginator",
    "Timeout",
    "TransportError",
    "UnexpectedRedirectError",
    "UnprocessableEntityError",
    "ValidationError",
    "VerificationInitiated",
    "VerifiedCallerId",
    "__version__",
]


def _present(classes: list[type]) -> None:
    """Show public classes as ``plivo_async.X`` (reprs, tracebacks, pickles), not their module.

    Annotations are resolved first, in the module that defines them: ``typing.get_type_hints``
    (and so cattrs, which structures the models) looks names up in ``sys.modules[__module__]``.
    """
    import inspect
    import typing

    for cls in classes:
        own = inspect.get_annotations(cls)
        if own:
            hints = typing.get_type_hints(cls, include_extras=True)
            cls.__annotations__ = {name: hints[name] for name in own}
    for cls in classes:
        cls.__module__ = __name__


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    _present([value])
    globals()[name] = value
    return value


# type(), not isinstance(): before 3.11 aliases such as Handler pass isinstance(x, type).
_present(
    [
        globals()[name]
        for name in __all__
        if name not in _LAZY and issubclass(type(globals()[name]), type)
    ]
)
