"""The public surface: everything public is re-exported from the package and pinned here."""

from __future__ import annotations

import plivo_async

EXPECTED = [
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


def test_all_is_pinned_and_sorted() -> None:
    assert plivo_async.__all__ == EXPECTED


def test_every_exported_name_exists_and_names_its_public_home() -> None:
    for name in plivo_async.__all__:
        value = getattr(plivo_async, name)
        if issubclass(type(value), type):  # a class (aliases such as Handler are not)
            assert value.__module__ == "plivo_async", name


def test_no_public_name_is_left_out() -> None:
    # Subpackages imported on demand (an attribute of the package once imported); "@py_*" are
    # pytest's assertion rewriting.
    public = {name for name in dir(plivo_async) if not name.startswith(("_", "@"))}
    on_demand = {"testing", "bulk", "cli", "ratelimit", "xml", "webhooks"}
    assert public - on_demand <= set(plivo_async.__all__)
