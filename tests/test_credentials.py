"""No credential reaches a log record, a repr, an error message or a traceback, in any form.

The auth token travels only inside ``Authorization: Basic base64(auth_id:token)``, so a leak is
as likely to show the Base64 as the token itself. Each case makes a real request fail a different
way (401, 500, an answer that is not JSON, a dropped connection, a timeout, a redirect, a refused
or misbehaving proxy) and searches everything the failure produced.
"""

from __future__ import annotations

import base64
import logging
import socket
import traceback

import pytest

import plivo_async
from plivo_async import PlivoError, RetryPolicy, Timeout
from tests._rawhttp import Behaviour, drop, hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory

PROXY_PASSWORD = "proxy-password-not-a-secret-42"


def base64_forms(secret: str) -> list[str]:
    """What ``secret`` looks like inside any Base64 text, whatever its offset there.

    Base64 encodes 3 bytes as 4 characters, so a secret preceded by n bytes encodes three
    different ways (n mod 3); the characters that depend on the secret alone are kept.
    """
    forms = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret.encode()).decode()
        first = -(-offset * 8 // 6)  # the first character made of the secret's bits only
        forms.append(encoded[first : len(encoded) - 4])
    return forms


#: Each form of each secret, by a name a failing test may print (the value it must not).
SECRETS = {
    "auth token": AUTH_TOKEN,
    "Base64 of auth_id:token": base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode(),
    "Base64 of the token": base64.b64encode(AUTH_TOKEN.encode()).decode(),
    **{f"token in Base64 at offset {n}": form for n, form in enumerate(base64_forms(AUTH_TOKEN))},
    "proxy password": PROXY_PASSWORD,
    **{
        f"proxy password in Base64 at offset {n}": form
        for n, form in enumerate(base64_forms(PROXY_PASSWORD))
    },
}


def test_base64_forms_find_a_secret_inside_any_base64() -> None:
    for prefix in ["", "a", "ab", "abc", "user:", "MATESTAUTHID00000001:"]:
        encoded = base64.b64encode(f"{prefix}{AUTH_TOKEN}".encode()).decode()
        assert any(form in encoded for form in base64_forms(AUTH_TOKEN)), prefix


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def everything_said(
    client: plivo_async.AsyncClient, error: BaseException, records: list[logging.LogRecord]
) -> dict[str, str]:
    """Every text a user could see, by where it is seen: reprs, the error, its chain, the logs."""
    texts = {
        "repr(client)": repr(client),
        "repr(transport)": repr(client.transport),
        "str(error)": str(error),
        "repr(error)": repr(error),
        "error.args": repr(error.args),
        "traceback": "".join(traceback.format_exception(error)),
    }
    for name in ("headers", "body", "message"):
        if hasattr(error, name):
            texts[f"error.{name}"] = repr(getattr(error, name))
    formatter = logging.Formatter()
    for n, record in enumerate(records):
        texts[f"log record {n} ({record.name})"] = "\n".join(
            [
                record.getMessage(),
                repr(record.args),
                str(record.msg),
                formatter.formatException(record.exc_info) if record.exc_info else "",
            ]
        )
    return texts


def assert_no_secret(texts: dict[str, str]) -> None:
    # Names only in the failure message: a failing run must not print what it found.
    leaks = [
        (secret, where)
        for where, text in texts.items()
        for secret, value in [*SECRETS.items(), ("a Basic header", "Basic ")]
        if value in text
    ]
    assert not leaks


ANSWERS: dict[str, Behaviour] = {
    "401": reply(401, b'{"api_id": "a", "error": "authentication failed"}'),
    "500-then-500": reply(500, b'{"api_id": "a", "error": "internal"}'),
    "200-not-json": reply(200, b"<html>login</html>", {"Content-Type": "text/html"}),
    "503-then-drop": script(reply(503, b'{"error": "busy"}'), drop),
    "drop": drop,
    "hang": hang,
    "redirect": reply(302, b"", {"Location": "http://elsewhere.test/"}),
}


@pytest.mark.parametrize("answer", list(ANSWERS), ids=list(ANSWERS))
async def test_failed_requests_show_no_credential(
    answer: str, raw: RawFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = await raw(ANSWERS[answer])
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's included
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.url,
        rate_limit=None,
        clock=FakeClock(),
        retry=RetryPolicy(max_retries=1),
        timeout=Timeout(connect=1.0, read=0.2),
    )
    async with client:
        with pytest.raises(PlivoError) as get_failed:
            await client.calls.get("call-1")
        with pytest.raises(PlivoError) as create_failed:
            await client.calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
            )
    assert server.requests  # the credentials were really sent ...
    assert all(
        r.headers["authorization"] == f"Basic {SECRETS['Base64 of auth_id:token']}"
        for r in server.requests
    )
    for caught in (get_failed, create_failed):  # ... and never shown
        assert_no_secret(everything_said(client, caught.value, caplog.records))


@pytest.mark.parametrize("proxy_answer", ["refused", "407", "drop"])
async def test_proxy_failures_show_no_credential(
    proxy_answer: str, raw: RawFactory, caplog: pytest.LogCaptureFixture
) -> None:
    if proxy_answer == "refused":
        port = unused_port()
    else:
        behaviour = drop if proxy_answer == "drop" else reply(407, b'{"error": "proxy auth"}')
        port = (await raw(behaviour)).port
    caplog.set_level(logging.DEBUG)
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url="http://plivo.test.invalid/",
        proxy=f"http://proxy-user:{PROXY_PASSWORD}@127.0.0.1:{port}/",
        rate_limit=None,
        clock=FakeClock(),
        retry=RetryPolicy(max_retries=1),
        timeout=Timeout(connect=1.0, read=0.5),
    )
    async with client:
        with pytest.raises(PlivoError) as caught:
            await client.calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
            )
    assert_no_secret(everything_said(client, caught.value, caplog.records))
