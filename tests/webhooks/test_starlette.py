"""The Starlette/FastAPI glue through httpx's ASGI transport: the FastAPI dependency and the
plain Starlette endpoint with signed, tampered and unsigned requests, JSON, GET, and a proxy."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the starlette extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx (starlette's test transport) is not installed")

from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.routing import Route  # noqa: E402

from plivo_async.webhooks import (  # noqa: E402
    NONCE_HEADER,
    SIGNATURE_HEADER,
    AnswerCallback,
    Callback,
    HangupCallback,
    WebhookVerifier,
)
from plivo_async.webhooks.starlette import (  # noqa: E402
    PlivoCallback,
    PlivoXMLResponse,
    plivo_endpoint,
)
from plivo_async.xml import Redirect, Response, Speak  # noqa: E402

from ._support import ANSWER_PARAMS, TOKEN, UUID, form, signed_headers  # noqa: E402

BASE = "http://internal.test"


async def answer(callback: AnswerCallback, request: Request) -> Response:
    return Response().add(Speak(f"Hello {callback.to}"), Redirect("https://voice.example.com/next"))


async def hangup(callback: Callback, request: Request) -> None:
    request.app.state.seen.append(callback)


def starlette_app(verifier: WebhookVerifier) -> Starlette:
    app = Starlette(
        routes=[
            Route(
                "/answer", plivo_endpoint(verifier, answer, AnswerCallback), methods=["GET", "POST"]
            ),
            Route("/hangup", plivo_endpoint(verifier, hangup), methods=["POST"]),
        ]
    )
    app.state.seen = []
    return app


@pytest.fixture
async def client() -> AsyncIterator[Any]:
    app = starlette_app(WebhookVerifier(TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
        yield c


async def test_starlette_signed_post_gets_xml(client: Any) -> None:
    url = f"{BASE}/answer?tenant=7"
    body, content = form(ANSWER_PARAMS)
    answer = await client.post(
        url, content=body, headers={**content, **signed_headers("POST", url, ANSWER_PARAMS)}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    assert "<Speak>Hello +14155550101</Speak>" in answer.text
    assert "<Redirect" in answer.text


async def test_starlette_signed_get_reads_the_query(client: Any) -> None:
    url = f"{BASE}/answer?CallUUID={UUID}&To=%2B1555"
    answer = await client.get(url, headers=signed_headers("GET", url, None))
    assert answer.status_code == 200
    assert "Hello +1555" in answer.text


async def test_starlette_tampered_and_unsigned_requests_get_403(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"{BASE}/answer"
    headers = signed_headers("POST", url, ANSWER_PARAMS)
    tampered, content = form({**ANSWER_PARAMS, "To": "+19990000000"})
    with caplog.at_level(logging.WARNING, logger="plivo_async.webhooks"):
        assert (
            await client.post(url, content=tampered, headers={**content, **headers})
        ).status_code == 403
        unsigned = {k: v for k, v in headers.items() if k != SIGNATURE_HEADER}
        body, _ = form(ANSWER_PARAMS)
        assert (
            await client.post(url, content=body, headers={**content, **unsigned})
        ).status_code == 403
        no_nonce = {k: v for k, v in headers.items() if k != NONCE_HEADER}
        refused = await client.post(url, content=body, headers={**content, **no_nonce})
    assert refused.status_code == 403
    reasons = [r.getMessage() for r in caplog.records if r.name == "plivo_async.webhooks"]
    assert len(reasons) == 3
    assert "signature does not match" in reasons[0]
    assert "no X-Plivo-Signature-V3 header" in reasons[1]
    assert TOKEN not in caplog.text
    assert headers[SIGNATURE_HEADER] not in caplog.text


async def test_starlette_status_callback_gets_an_empty_200_with_json(client: Any) -> None:
    url = f"{BASE}/hangup"
    params = {**ANSWER_PARAMS, "Event": "Hangup", "BillDuration": 60}
    headers = {"Content-Type": "application/json", **signed_headers("POST", url, params)}
    answer = await client.post(url, content=json.dumps(params).encode(), headers=headers)
    assert (answer.status_code, answer.text) == (200, "")
    (callback,) = client._transport.app.state.seen
    assert isinstance(callback, HangupCallback)
    assert callback.bill_duration == 60


async def test_starlette_public_url_behind_a_proxy() -> None:
    app = starlette_app(WebhookVerifier(TOKEN, public_url="https://voice.example.com"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        public = "https://voice.example.com/answer?q=a%20b"
        body, content = form(ANSWER_PARAMS)
        headers = {**content, **signed_headers("POST", public, ANSWER_PARAMS)}
        assert (
            await client.post("/answer?q=a%20b", content=body, headers=headers)
        ).status_code == 200
        internal = f"{BASE}/answer?q=a%20b"
        headers = {**content, **signed_headers("POST", internal, ANSWER_PARAMS)}
        assert (
            await client.post("/answer?q=a%20b", content=body, headers=headers)
        ).status_code == 403


async def test_starlette_oversized_body_is_413() -> None:
    app = starlette_app(WebhookVerifier(TOKEN, max_body_size=1000))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        url = f"{BASE}/answer"
        answer = await client.post(
            url,
            content=b"a=" + b"x" * 5000,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                **signed_headers("POST", url, {}),
            },
        )
    assert answer.status_code == 413


# -- FastAPI -----------------------------------------------------------------------------------


async def test_fastapi_dependency_verifies_parses_and_answers_xml() -> None:
    fastapi = pytest.importorskip("fastapi", reason="FastAPI is not installed")
    verifier = WebhookVerifier(TOKEN, trust_forwarded=True)
    app = fastapi.FastAPI()
    seen: list[AnswerCallback] = []
    answer_callback = PlivoCallback(verifier, AnswerCallback)

    @app.post("/answer")
    async def answer_route(
        request: Request,
        callback: AnswerCallback = fastapi.Depends(answer_callback),  # noqa: B008
    ) -> PlivoXMLResponse:
        seen.append(callback)
        # The body is still readable after the dependency read it.
        assert (await request.body()).startswith(b"CallUUID=")
        return PlivoXMLResponse(Response().add(Speak("Hi")))

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        public = "https://voice.example.com/answer"
        body, content = form(ANSWER_PARAMS)
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "voice.example.com"}
        headers = {**content, **forwarded, **signed_headers("POST", public, ANSWER_PARAMS)}
        ok = await client.post("/answer", content=body, headers=headers)
        assert ok.status_code == 200
        assert ok.headers["content-type"].startswith("application/xml")
        assert "<Speak>Hi</Speak>" in ok.text
        refused = await client.post(
            "/answer", content=body, headers={**headers, "X-Forwarded-Host": "evil.example"}
        )
        assert refused.status_code == 403
        assert TOKEN not in refused.text
        bad_value = {**ANSWER_PARAMS, "SessionStart": "never"}
        body, _ = form(bad_value)
        headers = {**content, **forwarded, **signed_headers("POST", public, bad_value)}
        assert (await client.post("/answer", content=body, headers=headers)).status_code == 400
    assert [c.call_uuid for c in seen] == [UUID]


def test_xml_response_has_the_xml_media_type() -> None:
    answer = PlivoXMLResponse("<Response/>", status_code=201)
    assert answer.media_type == "application/xml"
    assert answer.body == b"<Response/>"
    assert answer.status_code == 201
