"""The stdlib fallback of the JSON codec, where orjson cannot be installed, and the packaging
that decides where that is.

The fallback is loaded as a separate copy of ``plivo_async/_jsoncodec.py`` with ``import
orjson`` failing, so the codec every other test uses is left alone; one test runs a whole call
creation in fresh interpreters, with and without orjson, and compares what reached the server.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import pathlib
import subprocess
import sys
import textwrap
from types import ModuleType
from typing import Any

import pytest

from plivo_async import _jsoncodec

orjson = pytest.importorskip("orjson")

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: What the SDK sends: strings (numbers as text, ``<``-joined lists, URLs, non-ASCII), nested
#: dicts, bools, nulls, and ints at both ends of int64 (the validation refuses larger ones).
BODIES: list[Any] = [
    {"from": "14155550100", "to": "14155550101<14155550102", "answer_url": "https://a.test/x"},
    {"caller_name": "Zoë Ångström 中文 😀", "answer_url": "https://é.test/a?x=1&y=ü"},
    {"text": 'quote" backslash\\ slash/ tab\t newline\n nul\x00 us\x1f del\x7f \u2028\u2029'},
    {"nested": {"list": [1, "2", [3, {"deep": True, "off": False}]], "empty": {}}, "none": []},
    {"max": 2**63 - 1, "min": -(2**63), "zero": 0, "negative": -1, "null": None},
    {"sip_headers": "a=b,c=d", "time_limit": 14400, "send_on_preanswer": True},
]


@pytest.fixture(scope="module")
def stdlib_codec() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_jsoncodec_without_orjson", _jsoncodec.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "orjson", None)  # ``import orjson`` raises ImportError
        spec.loader.exec_module(module)
    return module


def test_the_fallback_is_the_stdlib(stdlib_codec: ModuleType) -> None:
    assert stdlib_codec.BACKEND == "stdlib"
    assert _jsoncodec.BACKEND == "orjson"  # the shared codec was not touched


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_the_fallback_sends_the_bytes_orjson_sends(stdlib_codec: ModuleType, body: Any) -> None:
    sent = stdlib_codec.dumps(body)
    assert isinstance(sent, bytes)
    assert sent == orjson.dumps(body)
    assert sent == _jsoncodec.dumps(body)


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_the_fallback_reads_what_orjson_reads(stdlib_codec: ModuleType, body: Any) -> None:
    answer = orjson.dumps(body)
    assert stdlib_codec.loads(answer) == orjson.loads(answer) == body
    assert stdlib_codec.loads(answer.decode()) == body


@pytest.mark.parametrize(
    "garbage",
    [b"", b"<html>", b'{"a":1,}', b"\xff\xfe", b"[" * 100_000],
    ids=["empty", "html", "trailing-comma", "not-utf8", "too-deep"],
)
def test_both_codecs_refuse_garbage_with_a_value_error(
    stdlib_codec: ModuleType, garbage: bytes
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any JSON error is a ValueError
        stdlib_codec.loads(garbage)
    with pytest.raises(ValueError):  # noqa: PT011
        _jsoncodec.loads(garbage)


_CREATE_A_CALL = """
    import asyncio, base64, json, sys

    if sys.argv[1] == "blocked":
        sys.modules["orjson"] = None  # as on a platform without orjson wheels

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

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = plivo_async.AsyncClient(
            "MATESTAUTHID00000001", "not-a-secret", base_url=f"http://127.0.0.1:{port}/",
            retry=None,
        )
        async with client:
            created = await client.calls.create(
                from_="14155550100",
                to=["14155550101", "14155550102"],
                answer_url="https://é.test/answer?lang=ü",
                caller_name="Zoë 中文",
                time_limit=14400,
                send_on_preanswer=True,
            )
        server.close()
        await server.wait_closed()
        return created

    created = asyncio.run(main())
    print(json.dumps({
        "backend": _jsoncodec.BACKEND,
        "orjson_loaded": sys.modules.get("orjson") is not None,
        "request_uuid": created.request_uuid,
        "body": base64.b64encode(bodies[0]).decode(),
    }))
"""


def _create_a_call(orjson_mode: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(_CREATE_A_CALL), orjson_mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout)
    return seen


def test_without_orjson_a_call_creation_sends_the_same_bytes() -> None:
    installed, blocked = _create_a_call("installed"), _create_a_call("blocked")
    assert (installed["backend"], installed["orjson_loaded"]) == ("orjson", True)
    assert (blocked["backend"], blocked["orjson_loaded"]) == ("stdlib", False)
    assert installed["request_uuid"] == blocked["request_uuid"] == "req-1"
    body = base64.b64decode(blocked["body"])
    assert body == base64.b64decode(installed["body"])
    sent = json.loads(body)
    assert sent["caller_name"] == "Zoë 中文"
    assert "Zoë 中文".encode() in body  # UTF-8 on the wire, not \\u escapes


def _dependencies() -> tuple[list[str], dict[str, list[str]]]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = ROOT / "pyproject.toml"
    if not pyproject.exists():
        pytest.skip("no pyproject.toml (installed tests)")
    project = tomllib.loads(pyproject.read_text())["project"]
    return project["dependencies"], project["optional-dependencies"]


@pytest.mark.parametrize(
    ("environment", "gets_orjson"),
    [
        ({"sys_platform": "linux", "platform_machine": "x86_64"}, True),
        ({"sys_platform": "linux", "platform_machine": "aarch64"}, True),
        ({"sys_platform": "darwin", "platform_machine": "arm64"}, True),
        ({"sys_platform": "darwin", "platform_machine": "x86_64"}, True),
        ({"sys_platform": "win32", "platform_machine": "AMD64"}, True),
        ({"sys_platform": "win32", "platform_machine": "ARM64"}, False),
        ({"sys_platform": "linux", "platform_machine": "ppc64le"}, False),
        ({"sys_platform": "linux", "platform_machine": "s390x"}, False),
        ({"sys_platform": "freebsd14", "platform_machine": "amd64"}, False),
        ({"platform_python_implementation": "PyPy", "platform_machine": "x86_64"}, False),
    ],
    ids=lambda value: value if isinstance(value, bool) else "-".join(value.values()),
)
def test_a_plain_install_brings_orjson_where_it_has_wheels(
    environment: dict[str, str], gets_orjson: bool
) -> None:
    requirements = pytest.importorskip("packaging.requirements")
    dependencies, _ = _dependencies()
    (line,) = (d for d in dependencies if requirements.Requirement(d).name == "orjson")
    marker = requirements.Requirement(line).marker
    assert marker is not None
    base = {"platform_python_implementation": "CPython", "sys_platform": "linux"}
    assert marker.evaluate({**base, **environment}) is gets_orjson


def test_the_orjson_extra_still_installs_orjson() -> None:
    requirements = pytest.importorskip("packaging.requirements")
    _, extras = _dependencies()
    # ``pip install plivo-async[orjson]`` keeps working, and still means orjson everywhere.
    (wanted,) = (requirements.Requirement(r) for r in extras["orjson"])
    assert wanted.name == "orjson"
    assert wanted.marker is None
