"""Plivo's asynchronous mode: ``client.with_async_callback(url)`` offers the same methods, each
sending ``callback_url``/``callback_method`` too and returning Plivo's acknowledgement."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

import plivo_async
from plivo_async import Acknowledgement
from tests._endpoints import ENDPOINTS, SAMPLE_ID, Declared, arguments
from tests._recording import RecordingServer
from tests.conftest import AUTH_ID, AUTH_TOKEN

ACK = {"api_id": "api-9", "message": "async api spawned"}
CALLBACK = "https://hooks.example.test/plivo#ct=2000&rt=3000"


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    running = RecordingServer().start()
    yield running
    running.stop()


def options(server: RecordingServer) -> dict[str, object]:
    return {
        "base_url": server.base_url,
        "stats_base_url": server.stats_url,
        "rate_limit": None,
        "retry": None,
        "strict_models": True,
    }


def offered(declared: Declared) -> bool:
    return declared.spec.async_capable and not declared.compiled.paginated


OFFERED = [declared for declared in ENDPOINTS if offered(declared)]
LEFT_OUT = [declared for declared in ENDPOINTS if not offered(declared)]


@pytest.mark.parametrize("declared", OFFERED, ids=lambda d: d.qualname)
async def test_every_offered_method_sends_the_callback_and_returns_the_acknowledgement(
    server: RecordingServer, declared: Declared
) -> None:
    server.answer(200, ACK)
    async with plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, **options(server)) as client:
        view = client.with_async_callback(CALLBACK, "GET")
        method = declared.bound(view)
        positional = [SAMPLE_ID for _ in declared.positional_ids()]
        ack = await method(*positional, **arguments(declared))
    assert isinstance(ack, Acknowledgement)
    assert ack.message == "async api spawned"
    recorded = server.requests[-1]
    sent = recorded.body if declared.spec.method == "POST" else recorded.query
    assert sent["callback_url"] == CALLBACK  # byte for byte, fragment kept
    assert sent["callback_method"] == "GET"


@pytest.mark.parametrize("declared", OFFERED, ids=lambda d: d.qualname)
def test_each_offered_method_has_its_twins_signature_and_returns_an_acknowledgement(
    declared: Declared,
) -> None:
    view = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN).with_async_callback(CALLBACK)
    ours = inspect.signature(declared.bound(view))
    twin = inspect.signature(declared.function)
    assert list(ours.parameters.values()) == list(twin.parameters.values())[1:]  # less self
    assert ours.return_annotation == "Acknowledgement"


@pytest.mark.parametrize("declared", LEFT_OUT, ids=lambda d: d.qualname)
def test_lists_and_endpoints_with_their_own_callback_url_are_not_offered(
    declared: Declared,
) -> None:
    view = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN).with_async_callback(CALLBACK)
    assert not hasattr(getattr(view, declared.resource), declared.name)


def test_the_recording_starts_are_left_out() -> None:
    names = {declared.spec.id for declared in LEFT_OUT}
    for endpoint_id in ("call.record.start", "conference.record.start"):
        if endpoint_id in {declared.spec.id for declared in ENDPOINTS}:
            assert endpoint_id in names


def test_the_blocking_client_has_the_same_view(server: RecordingServer) -> None:
    server.answer(200, ACK)
    with plivo_async.Client(AUTH_ID, AUTH_TOKEN, **options(server)) as client:  # type: ignore[arg-type]
        view = client.with_async_callback(CALLBACK)
        ack = view.calls.hangup("c-1")
    assert isinstance(ack, Acknowledgement)
    recorded = server.requests[-1]
    assert recorded.method == "DELETE"
    assert recorded.query == {"callback_url": CALLBACK, "callback_method": "POST"}


@pytest.mark.parametrize(
    ("url", "method", "argument"),
    [
        ("hooks/plivo", "POST", "callback_url"),
        ("javascript:alert(1)", "POST", "callback_url"),
        ("", "POST", "callback_url"),
        (CALLBACK, "PUT", "callback_method"),
    ],
)
def test_a_bad_callback_is_refused_when_the_view_is_made(
    url: str, method: str, argument: str
) -> None:
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN)
    with pytest.raises(plivo_async.ValidationError) as caught:
        client.with_async_callback(url, method)  # type: ignore[arg-type]
    assert caught.value.argument == argument
