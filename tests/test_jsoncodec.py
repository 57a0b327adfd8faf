"""The JSON codec: orjson really is used when installed, and the stdlib fallback is equivalent.

Both checks run in a fresh interpreter: one where orjson's functions are wrapped before
plivo_async is imported (so a real request shows which functions encoded and decoded it), one
where ``import orjson`` fails.
"""

from __future__ import annotations

import base64
import json
import pathlib
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from plivo_async import _jsoncodec

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: Bodies like the SDK's own: numbers as text, ``<``-joined lists, non-ASCII, nesting, nulls.
BODIES: list[Any] = [
    {
        "from": "14155550100",
        "to": "14155550101<14155550102",
        "answer_url": "https://é.test/answer?a=1&b=2",
        "time_limit": 60,
        "machine_detection": False,
        "caller_name": None,
    },
    {"text": 'tab\tnewline\nquote"backslash\\control\x1f del\x7f \u2028 😀 中文 /'},
    {"nested": {"list": [1, "2", [3, {"deep": True}]]}, "empty": {}, "none": []},
    {"big": 2**63 - 1, "small": -(2**63)},
    {"api_id": "a", "meta": {"limit": 20, "next": None, "offset": 0}, "objects": []},
]
#: Floats: the two backends spell exponents differently (1e-7 / 1e-07) but mean the same.
FLOATS: dict[str, float] = {"half": 0.5, "huge": 1e20, "tiny": 1e-7, "whole": 3.0}
GARBAGE = [b"<html>", b"", b"{", b'{"a":1,}', b"\xff\xfe"]


def run_python(code: str, stdin: str = "") -> Any:
    """Run ``code`` in a new interpreter at the project root; return what it printed as JSON."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


_COUNT_ORJSON_ON_A_REAL_REQUEST = """
    import asyncio, json, sys
    import orjson

    calls = {"dumps": 0, "loads": 0}
    real_dumps, real_loads = orjson.dumps, orjson.loads

    def dumps(*args, **kwargs):
        calls["dumps"] += 1
        return real_dumps(*args, **kwargs)

    def loads(*args, **kwargs):
        calls["loads"] += 1
        return real_loads(*args, **kwargs)

    orjson.dumps, orjson.loads = dumps, loads  # before plivo_async can bind either

    import plivo_async
    from plivo_async import _jsoncodec

    ANSWER = b'{"api_id":"api-1","message":"call fired","request_uuid":"req-1"}'
    bodies = []

    async def serve(reader, writer):
        head = await reader.readuntil(b"\\r\\n\\r\\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\\r\\n")[0])
        bodies.append(await reader.readexactly(length))
        writer.write(
            b"HTTP/1.1 201 Created\\r\\nContent-Type: application/json\\r\\nConnection: close\\r\\n"
            + b"Content-Length: %d\\r\\n\\r\\n" % len(ANSWER) + ANSWER
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = plivo_async.AsyncClient(
            "MATESTAUTHID00000001", "not-a-secret", base_url=f"http://127.0.0.1:{port}/",
            rate_limit=None, retry=None,
        )
        async with client:
            created = await client.calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
            )
        server.close()
        await server.wait_closed()
        return created

    created = asyncio.run(main())
    print(json.dumps({
        "backend": _jsoncodec.BACKEND,
        "calls": calls,
        "request_uuid": created.request_uuid,
        "sent": json.loads(bodies[0]),
    }))
"""


def test_installed_orjson_encodes_and_decodes_every_request() -> None:
    pytest.importorskip("orjson")
    seen = run_python(_COUNT_ORJSON_ON_A_REAL_REQUEST)
    assert seen["backend"] == "orjson"
    assert seen["request_uuid"] == "req-1"
    assert seen["sent"] == {
        "from": "14155550100",
        "to": "14155550101",
        "answer_url": "https://example.com/a.xml",
    }
    # The request body went through orjson.dumps and the answer through orjson.loads.
    assert seen["calls"]["dumps"] >= 1
    assert seen["calls"]["loads"] >= 1


def test_installed_codec_matches_orjson_byte_for_byte() -> None:
    orjson = pytest.importorskip("orjson")
    assert _jsoncodec.BACKEND == "orjson"
    for body in [*BODIES, FLOATS]:
        assert _jsoncodec.dumps(body) == orjson.dumps(body)
        assert _jsoncodec.loads(orjson.dumps(body)) == body
    # An orjson-only ability: the stdlib cannot encode a datetime.
    import datetime

    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert _jsoncodec.dumps({"at": moment}) == b'{"at":"2024-01-02T03:04:05+00:00"}'


_STDLIB_CODEC = """
    import base64, json, sys

    sys.modules["orjson"] = None  # ``import orjson`` now raises ImportError
    from plivo_async import _jsoncodec

    given = json.load(sys.stdin)
    encode = lambda raw: base64.b64encode(raw).decode()
    decode = base64.b64decode

    def refuses(garbage):
        try:
            _jsoncodec.loads(garbage)
        except ValueError:
            return True
        return False

    print(json.dumps({
        "backend": _jsoncodec.BACKEND,
        "encoded": [encode(_jsoncodec.dumps(body)) for body in given["bodies"]],
        "decoded": [_jsoncodec.loads(decode(raw)) for raw in given["installed"]],
        "refused": [refuses(decode(raw)) for raw in given["garbage"]],
    }))
"""


def test_stdlib_fallback_encodes_and_decodes_the_same_bodies() -> None:
    bodies = [*BODIES, FLOATS]
    installed = [_jsoncodec.dumps(body) for body in bodies]
    given = {
        "bodies": bodies,
        "installed": [_b64(raw) for raw in installed],
        "garbage": [_b64(raw) for raw in GARBAGE],
    }
    seen = run_python(_STDLIB_CODEC, stdin=json.dumps(given))
    assert seen["backend"] == "stdlib"
    encoded = [base64.b64decode(text) for text in seen["encoded"]]
    # Byte for byte what the installed backend sends: compact, UTF-8, nothing escaped needlessly.
    assert encoded[:-1] == installed[:-1]
    # Floats may be spelled differently but mean the same to either backend.
    assert _jsoncodec.loads(encoded[-1]) == FLOATS
    assert seen["decoded"] == bodies
    assert seen["refused"] == [True] * len(GARBAGE)


def test_installed_codec_refuses_garbage_with_a_value_error() -> None:
    for garbage in GARBAGE:
        with pytest.raises(ValueError):  # noqa: PT011 - any JSON error is a ValueError
            _jsoncodec.loads(garbage)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
