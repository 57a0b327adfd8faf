"""Every method that puts an id in the URL keeps the request line's shape, whatever the id.

An id is either refused before anything is sent or travels as exactly one percent-encoded path
segment in its place: ``calls.hangup(".")`` must never become ``DELETE …/Call/`` (every call)
and ``calls.get("..")`` never ``GET …/Account/{id}/``. The server is a raw-socket loopback, so
the assertions are on the request target as it arrived, not on what the client meant to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from yarl import URL

import plivo_async
from plivo_async import ValidationError
from plivo_async._resources import AsyncResource
from plivo_async._validation import MAX_PATH_ID_LENGTH, path_id
from tests._endpoints import ENDPOINTS, SAMPLE_ID, Declared, arguments
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory

ACCOUNT = f"/v1/Account/{AUTH_ID}/"
#: Enough for every model an id method answers with (unknown keys are ignored).
ANSWER = json.dumps({"api_id": "api-1", "call_uuid": "c-1", "message": "done"}).encode()


@attrs.frozen
class IdMethod:
    """One method taking an id: how to call it with ``id`` and where the id must land.

    ``target`` is the request target with ``{id}`` where the encoded id goes. For a method
    with several ids, add one row per id, holding the others at a plain value.
    """

    name: str
    call: Callable[[plivo_async.AsyncClient, str], Awaitable[object]]
    method: str
    target: str
    argument: str = "call_uuid"


def _target(declared: Declared, index: int) -> str:
    """The request target of ``declared`` with its ``index``-th id as ``{id}``."""
    spec = declared.spec
    prefix = "/v1/" if spec.root == "stats" else f"/{spec.root}/Account/{AUTH_ID}/"
    values = dict.fromkeys(declared.positional_ids(), SAMPLE_ID)
    values[declared.positional_ids()[index]] = "{id}"
    for name, segment in spec.segments.items():
        values[name] = segment.build(arguments(declared))
    query = dict(spec.query or {})
    if declared.compiled.paginated:
        query.update(limit="20", offset="0")
    query_string = "&".join(f"{key}={value}" for key, value in query.items())
    return prefix + spec.path.format_map(values) + (f"?{query_string}" if query else "")


def _caller(declared: Declared, index: int) -> Callable[[plivo_async.AsyncClient, str], Any]:
    def call(client: plivo_async.AsyncClient, value: str) -> Any:
        ids = [value if i == index else SAMPLE_ID for i in range(len(declared.positional_ids()))]
        return declared.bound(client)(*ids, **arguments(declared))

    return call


def _segment_ids(declared: Declared) -> list[str]:
    """Positional ids built by a one-name ``Segment`` (a member id or a list of them)."""
    positional = declared.function.__code__.co_varnames[1 : declared.function.__code__.co_argcount]
    return [
        segment.names[0]
        for segment in declared.spec.segments.values()
        if segment.names == (segment.names[0],) and segment.names[0] in positional
    ]


def _segment_target(declared: Declared, name: str) -> str:
    spec = declared.spec
    values: dict[str, Any] = dict.fromkeys(declared.positional_ids(), SAMPLE_ID)
    given = {**arguments(declared), name: "{id}"}
    for segment_name, segment in spec.segments.items():
        values[segment_name] = segment.build(given)
    return f"/{spec.root}/Account/{AUTH_ID}/" + spec.path.format_map(values)


def _segment_caller(declared: Declared, name: str) -> Callable[[plivo_async.AsyncClient, str], Any]:
    def call(client: plivo_async.AsyncClient, value: str) -> Any:
        ids = [SAMPLE_ID for _ in declared.positional_ids()]
        return declared.bound(client)(*ids, **{**arguments(declared), name: value})

    return call


#: One row per id of every declared endpoint: an endpoint added later is covered at once.
ID_METHODS = [
    IdMethod(
        declared.qualname + (f"[{name}]" if len(declared.positional_ids()) > 1 else ""),
        _caller(declared, index),
        declared.spec.method,
        _target(declared, index),
        name,
    )
    for declared in ENDPOINTS
    for index, name in enumerate(declared.positional_ids())
] + [
    IdMethod(
        f"{declared.qualname}[{name}]",
        _segment_caller(declared, name),
        declared.spec.method,
        _segment_target(declared, name),
        name,
    )
    for declared in ENDPOINTS
    for name in _segment_ids(declared)
]

REFUSED = object()

#: id -> the segment it must arrive as, or REFUSED (nothing may reach the server).
ID_CASES: dict[str, object] = {
    ".": REFUSED,
    "..": REFUSED,
    "...": REFUSED,
    " .. ": REFUSED,
    "\uff0e\uff0e": REFUSED,  # fullwidth dots: NFKC folds them to ".."
    "": REFUSED,
    "   ": REFUSED,
    "a\r\nX-Injected: 1": REFUSED,
    "a\nb": REFUSED,
    "a\x00b": REFUSED,
    "\x7f": REFUSED,
    "x" * (MAX_PATH_ID_LENGTH + 1): REFUSED,
    "./": ".%2F",
    "../x": "..%2Fx",
    "%2e": "%252e",
    "%2e%2e": "%252e%252e",
    "a/b": "a%2Fb",
    "?x": "%3Fx",
    "#f": "%23f",
    ";p=1": "%3Bp%3D1",
    "My Conf Room": "My%20Conf%20Room",
    "Zürich ☎": "Z%C3%BCrich%20%E2%98%8E",
    "x" * MAX_PATH_ID_LENGTH: "x" * MAX_PATH_ID_LENGTH,
}


def client_for(url: str) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=url, stats_base_url=url, rate_limit=None, retry=None
    )


def _case_id(value: str) -> str:
    return ascii(value)[:24] + (f"*{len(value)}" if len(value) > 20 else "")


@pytest.mark.parametrize("row", ID_METHODS, ids=lambda row: row.name)
@pytest.mark.parametrize(
    ("value", "segment"),
    [pytest.param(value, segment, id=_case_id(value)) for value, segment in ID_CASES.items()],
)
async def test_an_id_is_refused_or_sent_as_exactly_one_encoded_segment(
    raw: RawFactory, row: IdMethod, value: str, segment: object
) -> None:
    server = await raw(reply(200, ANSWER))
    async with client_for(server.url) as client:
        if segment is REFUSED:
            with pytest.raises(ValidationError) as caught:
                await row.call(client, value)
            assert caught.value.argument == row.argument
        else:
            # Only the request line matters here; the stand-in answer need not fit every model.
            with contextlib.suppress(plivo_async.ResponseParseError):
                await row.call(client, value)
    if segment is REFUSED:
        assert server.requests == []
        return
    [request] = server.requests
    assert request.method == row.method
    assert request.target == row.target.format(id=segment)
    # The same, structurally: one segment between the fixed ones, decoding back to the id.
    path = request.target.partition("?")[0]
    prefix, _, rest = path.partition(row.target.partition("{id}")[0])
    assert prefix == ""
    encoded, slash, tail = rest.partition("/")
    assert unquote(encoded) == value
    assert slash + tail == row.target.partition("{id}")[2].partition("?")[0]


async def test_every_id_method_is_in_the_table() -> None:
    """A resource method with a positional (id) parameter that is missing here fails this test."""
    found = set()
    async with client_for("http://127.0.0.1:9/") as client:
        for attribute, resource in vars(client).items():
            if not isinstance(resource, AsyncResource):
                continue
            for name, member in vars(type(resource)).items():
                code = getattr(member, "__code__", None)
                if code is not None and not name.startswith("_") and code.co_argcount > 1:
                    found.add(f"{attribute}.{name}")
    assert found == {row.name.partition("[")[0] for row in ID_METHODS}


async def test_the_blocking_client_keeps_the_same_guard(raw: RawFactory) -> None:
    server = await raw(reply(200, ANSWER))

    def blocking() -> tuple[str, str]:
        with plivo_async.Client(
            AUTH_ID, AUTH_TOKEN, base_url=server.url, rate_limit=None, retry=None
        ) as client:
            with pytest.raises(ValidationError) as dots:
                client.calls.hangup(".")
            with pytest.raises(ValidationError) as newline:
                client.calls.get("c-1\r\n")
            client.calls.hangup("a/..")
            return dots.value.argument, newline.value.argument

    # The blocking client refuses to run inside an event loop; a worker thread has none.
    assert await asyncio.to_thread(blocking) == ("call_uuid", "call_uuid")
    assert [(r.method, r.target) for r in server.requests] == [("DELETE", ACCOUNT + "Call/a%2F../")]


#: Arbitrary text, plus text made of the characters that could fold or split a segment.
ID_TEXT = st.text(max_size=40) | st.text(alphabet=" ./%2e\uff0e\u2024\r\n\x00?#", max_size=6)


@given(ID_TEXT)
@example(".")
@example("..")
@example("\u2025")
def test_any_accepted_id_is_one_segment_that_decodes_back_to_itself(value: str) -> None:
    try:
        segment = path_id("call_uuid", value)
    except ValidationError:
        return
    assert segment
    assert not set(segment) & set("/?#\\ \r\n\t\x00")
    assert segment.isascii()
    assert segment.isprintable()
    assert unquote(segment, errors="strict") == value
    assert unquote(segment) not in (".", "..")
    # And a URL library keeps it as one segment, unfolded.
    url = URL(f"http://h/v1/Call/{segment}/", encoded=True)
    assert url.raw_parts == ("/", "v1", "Call", segment, "")


@pytest.mark.parametrize("value", [None, 7, b"c-1", ["c-1"]])
def test_an_id_that_is_not_a_string_is_refused(value: Any) -> None:
    with pytest.raises(ValidationError, match="must be a string"):
        path_id("call_uuid", value)


def test_a_refused_id_is_not_echoed_whole() -> None:
    with pytest.raises(ValidationError) as caught:
        path_id("conference_name", "." * 10_000)
    assert caught.value.argument == "conference_name"
    assert len(str(caught.value)) < 200
