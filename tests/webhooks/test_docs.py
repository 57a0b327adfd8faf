"""docs/webhooks.md: every snippet runs, and the services it shows answer signed requests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from ..conftest import ServerFactory
from ._support import ANSWER_PARAMS, NONCE, TOKEN, form, signed_headers

PAGE = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", PAGE.read_text(), re.S)


def snippet(marker: str) -> str:
    (found,) = [code for code in SNIPPETS if marker in code]
    return str(found)


def run(code: str, **names: Any) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "docs_webhooks", **names}
    exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


def test_the_page_has_its_snippets() -> None:
    assert len(SNIPPETS) == 4


def test_the_by_hand_check_accepts_a_signed_request() -> None:
    url = "https://voice.example.com/answer?foo=bar"
    ns = run(
        snippet("validate_v3_signature("),
        auth_token=TOKEN,
        headers={
            "X-Plivo-Signature-V3-Nonce": NONCE,
            **signed_headers("POST", url, ANSWER_PARAMS),
        },
        form_fields=ANSWER_PARAMS,
    )
    assert ns["ok"] is True


def test_the_parse_callback_snippet_runs() -> None:
    ns = run(snippet("parse_callback({"))
    assert ns["callback"].duration == 60


async def test_the_aiohttp_service_answers_the_menu_and_the_digits(
    loopback: ServerFactory,
) -> None:
    app: web.Application = run(snippet("plivo_handler(verifier, menu"), auth_token=TOKEN)["app"]
    base = (await loopback(app)).rstrip("/")
    public = "https://voice.example.com"
    async with aiohttp.ClientSession() as session:
        body, content = form(ANSWER_PARAMS)
        headers = {**content, **signed_headers("POST", public + "/answer", ANSWER_PARAMS)}
        async with session.post(base + "/answer", data=body, headers=headers) as answer:
            assert answer.status == 200
            assert "<GetDigits" in await answer.text()
        params = {**ANSWER_PARAMS, "Digits": "1"}
        body, content = form(params)
        headers = {**content, **signed_headers("POST", public + "/menu", params)}
        async with session.post(base + "/menu", data=body, headers=headers) as answer:
            assert "<Hangup" in await answer.text()
        async with session.post(base + "/menu", data=body, headers=content) as answer:
            assert answer.status == 403


async def test_the_fastapi_service_answers_xml() -> None:
    pytest.importorskip("fastapi", reason="FastAPI is not installed")
    httpx = pytest.importorskip("httpx", reason="httpx is not installed")
    app = run(snippet("FastAPI()"), auth_token=TOKEN)["app"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal") as client:
        body, content = form(ANSWER_PARAMS)
        headers = {
            **content,
            **signed_headers("POST", "https://voice.example.com/answer", ANSWER_PARAMS),
        }
        answer = await client.post("/answer", content=body, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    assert "Hello +14155550101" in answer.text
