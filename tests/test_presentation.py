"""Public classes present themselves as ``plivo_async.X``, and still pickle and resolve types."""

from __future__ import annotations

import asyncio
import pickle
import sys
import traceback
import typing

import pytest
from aiohttp import web

import plivo_async
from plivo_async import APIError, PlivoError, TransportError
from plivo_async._convert import structure
from tests.conftest import AUTH_ID, AUTH_TOKEN, ServerFactory

# type(), not isinstance(): before 3.11 aliases such as Handler pass isinstance(x, type).
PUBLIC_CLASSES = [
    name for name in plivo_async.__all__ if issubclass(type(getattr(plivo_async, name)), type)
]
ERROR_NAMES = [
    name for name in PUBLIC_CLASSES if issubclass(getattr(plivo_async, name), PlivoError)
]

# Errors whose constructor is not one of the family signatures used by sample_error().
_OWN_ARGUMENTS: dict[str, tuple[tuple[object, ...], dict[str, object]]] = {
    "PlivoError": (("something failed",), {}),
    "ValidationError": (("to", "must be a phone number, got ''"), {}),
    "ClientStateError": (("this Client is closed; create a new one",), {}),
    "ResponseParseError": (
        ("could not decode the answer",),
        {"status": 200, "api_id": "api-parse", "method": "POST", "path": "Call/"},
    ),
    "ResponseTooLargeError": (
        ("the answer is larger than 1024 bytes",),
        {"status": 200, "limit": 1024, "received": 2048, "method": "POST", "path": "Call/"},
    ),
}


def sample_error(name: str) -> PlivoError:
    cls = getattr(plivo_async, name)
    if name in _OWN_ARGUMENTS:
        args, kwargs = _OWN_ARGUMENTS[name]
        error: PlivoError = cls(*args, **kwargs)
    elif issubclass(cls, APIError):
        error = cls(
            "call not found",
            status=404,
            api_id="api-404",
            headers={"X-Request-ID": "req-404", "Location": "https://elsewhere.test/"},
            body={"api_id": "api-404", "error": "call not found"},
            method="POST",
            path="Call/",
            retries_taken=2,
        )
    elif issubclass(cls, TransportError):
        error = cls(
            "the connection was reset",
            may_have_reached_server=True,
            method="POST",
            path="Call/",
            retries_taken=1,
        )
    else:
        pytest.fail(f"{name}: add its constructor arguments to _OWN_ARGUMENTS")
    return error


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_every_public_class_is_shown_under_the_package(name: str) -> None:
    cls = getattr(plivo_async, name)
    assert cls.__module__ == "plivo_async"
    assert repr(cls) == f"<class 'plivo_async.{name}'>"
    assert str(cls) == repr(cls)


@pytest.mark.parametrize("name", ERROR_NAMES)
def test_a_traceback_ends_with_the_public_error_name(name: str) -> None:
    error = sample_error(name)
    try:
        raise error
    except PlivoError:
        last_line = traceback.format_exc().splitlines()[-1]
    assert last_line == f"plivo_async.{name}: {error}"


@pytest.mark.parametrize("name", ERROR_NAMES)
def test_every_public_error_survives_pickling(name: str) -> None:
    error = sample_error(name)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(error, protocol=protocol))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.args == error.args
        assert vars(copy) == vars(error)
        assert copy.outcome_unknown == error.outcome_unknown


def test_classes_and_models_pickle_by_their_public_name() -> None:
    page = structure(
        {
            "api_id": "api-page",
            "meta": {"limit": 1, "offset": 0, "total_count": 1, "next": None, "previous": None},
            "objects": [{"call_uuid": "u-1", "end_time": "2022-06-28 19:39:05+05:30"}],
        },
        plivo_async.Page[plivo_async.Call],
    )
    for value in (plivo_async.NotFoundError, plivo_async.Call, plivo_async.Client, page):
        dumped = pickle.dumps(value)
        assert b"plivo_async._" not in dumped  # found again by the name users import
        assert pickle.loads(dumped) == value


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_type_hints_of_public_classes_still_resolve(name: str) -> None:
    # cattrs (and users' own converters) resolve annotations through the class's __module__.
    hints = typing.get_type_hints(getattr(plivo_async, name))
    assert not [hint for hint in hints.values() if isinstance(hint, (str, typing.ForwardRef))]


def test_models_still_parse_with_their_annotations() -> None:
    call = structure(
        {"api_id": "api-1", "call_uuid": "u-1", "total_amount": "0.01500", "bill_duration": "7"},
        plivo_async.Call,
    )
    assert str(call.total_amount) == "0.01500"
    assert call.bill_duration == 7


async def test_an_uncaught_error_in_a_script_names_the_public_class(
    loopback: ServerFactory,
) -> None:
    async def not_found(request: web.Request) -> web.Response:
        return web.json_response({"api_id": "api-404", "error": "call not found"}, status=404)

    app = web.Application()
    app.router.add_get("/v1/Account/{auth_id}/Call/{uuid}/", not_found)
    url = await loopback(app)
    script = (
        "import plivo_async\n"
        f"client = plivo_async.Client({AUTH_ID!r}, {AUTH_TOKEN!r}, base_url={url!r}, retry=None)\n"
        "try:\n"
        "    client.calls.get('missing')\n"
        "finally:\n"
        "    client.close()\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)

    assert process.returncode == 1
    last_line = stderr.decode().strip().splitlines()[-1]
    assert last_line.startswith("plivo_async.NotFoundError: HTTP 404 (GET "), last_line
    assert last_line.endswith("call not found [api_id api-404]")
    assert AUTH_TOKEN not in stderr.decode()
