"""Every HTTP error status maps to its class with status, api_id and message."""

from __future__ import annotations

import pickle
import re

import pytest
from aioresponses import aioresponses

import plivo_async
from plivo_async import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    MethodNotAllowedError,
    NotFoundError,
    PlivoError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)

from .conftest import ACCOUNT_URL, AUTH_TOKEN, make_client

CALL_URL = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"[^/]+/$")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (405, MethodNotAllowedError),
        (409, ConflictError),
        (410, APIError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
async def test_status_maps_to_its_error_class(
    mocked: aioresponses, status: int, error_class: type[APIError]
) -> None:
    body = {"api_id": f"api-{status}", "error": f"plivo says {status}"}
    mocked.get(CALL_URL, status=status, payload=body, repeat=True)
    async with make_client(retry=None) as client:
        with pytest.raises(error_class) as caught:
            await client.calls.get("abc")
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIError)
    assert isinstance(error, PlivoError)
    assert error.status == status
    assert error.api_id == f"api-{status}"
    assert error.message == f"plivo says {status}"
    assert f"plivo says {status}" in str(error)
    assert error.retries_taken == 0


async def test_a_non_json_502_from_a_proxy_gives_a_clean_server_error(mocked: aioresponses) -> None:
    mocked.get(
        CALL_URL,
        status=502,
        body="<html><body>502 Bad Gateway</body></html>",
        content_type="text/html",
        repeat=True,
    )
    async with make_client() as client:
        with pytest.raises(ServerError) as caught:
            await client.calls.get("abc")
    error = caught.value
    assert error.status == 502
    assert error.api_id is None
    assert "non-JSON" in error.message
    assert "502 Bad Gateway" in error.message
    assert error.retries_taken == 2  # GET retried on 502 up to the default policy
    assert not isinstance(error.__cause__, ValueError)


async def test_a_non_json_success_body_raises_a_parse_error(mocked: aioresponses) -> None:
    mocked.get(CALL_URL, status=200, body="OK", content_type="text/plain")
    async with make_client() as client:
        with pytest.raises(plivo_async.ResponseParseError, match="not JSON"):
            await client.calls.get("abc")


async def test_a_success_body_missing_a_required_field_names_it(mocked: aioresponses) -> None:
    mocked.get(CALL_URL, status=200, payload={"api_id": "x"})
    async with make_client() as client:
        with pytest.raises(plivo_async.ResponseParseError, match="call_uuid") as caught:
            await client.calls.get("abc")
    assert caught.value.api_id == "x"


async def test_server_error_on_post_says_the_outcome_is_unknown(mocked: aioresponses) -> None:
    mocked.post(ACCOUNT_URL + "Call/", status=500, payload={"api_id": "p", "error": "boom"})
    async with make_client() as client:
        with pytest.raises(ServerError) as caught:
            await client.calls.create(from_="1", to="2", answer_url="https://a.test/")
    assert caught.value.outcome_unknown
    assert "outcome is unknown" in str(caught.value)
    assert sum(len(calls) for calls in mocked.requests.values()) == 1


async def test_errors_never_show_the_auth_token(mocked: aioresponses) -> None:
    mocked.get(CALL_URL, status=401, payload={"api_id": "a", "error": "auth failed"})
    async with make_client() as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.calls.get("abc")
    error = caught.value
    for text in (str(error), repr(error), repr(error.headers), repr(client)):
        assert AUTH_TOKEN not in text


def test_errors_survive_pickling() -> None:
    error = NotFoundError("gone", status=404, api_id="a", method="GET", path="Call/x/")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is NotFoundError
    assert (copy.status, copy.api_id, copy.message, str(copy)) == (404, "a", "gone", str(error))
    transport = plivo_async.ConnectError("refused", may_have_reached_server=False, method="POST")
    assert pickle.loads(pickle.dumps(transport)).may_have_reached_server is False


def test_no_error_class_shadows_a_builtin() -> None:
    import builtins

    names = [name for name in plivo_async.__all__ if name.endswith("Error")]
    assert names
    assert not [name for name in names if hasattr(builtins, name)]


def test_timeouts_are_also_builtin_timeout_errors() -> None:
    error = plivo_async.RequestTimeoutError("slow", may_have_reached_server=True, method="GET")
    assert isinstance(error, TimeoutError)
    assert isinstance(error, plivo_async.TransportError)
    assert not error.outcome_unknown  # a GET changes nothing


async def test_error_headers_are_case_insensitive(mocked: aioresponses) -> None:
    mocked.get(
        CALL_URL, status=404, payload={"api_id": "a", "error": "no"}, headers={"X-Request-ID": "r9"}
    )
    async with make_client() as client:
        with pytest.raises(NotFoundError) as caught:
            await client.calls.get("abc")
    assert caught.value.headers["x-request-id"] == "r9"
    assert caught.value.headers["X-Request-Id"] == "r9"
