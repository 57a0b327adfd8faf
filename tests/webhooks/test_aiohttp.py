"""The aiohttp glue on a real loopback server: signed, tampered and unsigned requests, form and
JSON bodies, GET callbacks, and the URL rebuilt behind a TLS-terminating proxy."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from plivo_async import ValidationError
from plivo_async.webhooks import (
    MAIN_ACCOUNT_SIGNATURE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    AnswerCallback,
    Callback,
    HangupCallback,
    WebhookVerifier,
    compute_v3_signature,
)
from plivo_async.webhooks.aiohttp import plivo_handler, verified_callback, xml_response
from plivo_async.xml import GetDigits, Response, Speak

from ..conftest import ServerFactory
from ._support import ANSWER_PARAMS, MAIN_TOKEN, NONCE, TOKEN, UUID, form, signed_headers

Served = tuple[str, list[Callback]]


async def serve(
    loopback: ServerFactory, verifier: WebhookVerifier, path: str = "/answer"
) -> Served:
    """An app answering ``path`` (GET and POST) with a menu; returns its URL and the callbacks
    its handler saw."""
    seen: list[Callback] = []

    async def answer(callback: AnswerCallback, request: web.Request) -> Response:
        seen.append(callback)
        return Response().add(
            GetDigits(action="https://voice.example.com/menu", num_digits=1).add(
                Speak(f"Hello {callback.to}")
            )
        )

    handler = plivo_handler(verifier, answer, AnswerCallback)
    app = web.Application()
    app.router.add_post(path, handler)
    app.router.add_get(path, handler)
    base = await loopback(app)
    return base.rstrip("/") + path, seen


Post = Callable[..., Awaitable[tuple[int, str, str]]]


@pytest.fixture
async def post() -> Post:
    async def send(
        url: str, *, data: bytes = b"", headers: dict[str, str] | None = None, method: str = "POST"
    ) -> tuple[int, str, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, url, data=data, headers=headers or {}) as answer,
        ):
            return answer.status, answer.headers.get("Content-Type", ""), await answer.text()

    return send


async def test_a_signed_form_post_gets_the_handlers_xml(
    loopback: ServerFactory, post: Post
) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    url += "?tenant=7"
    body, headers = form(ANSWER_PARAMS)
    status, content_type, text = await post(
        url, data=body, headers={**headers, **signed_headers("POST", url, ANSWER_PARAMS)}
    )
    assert status == 200
    assert content_type.startswith("application/xml")
    assert "<GetDigits" in text
    assert "Hello +14155550101" in text
    (callback,) = seen
    assert isinstance(callback, AnswerCallback)
    assert callback.call_uuid == UUID


async def test_a_signed_json_post_is_accepted(loopback: ServerFactory, post: Post) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    params = {**ANSWER_PARAMS, "Nested": {"b": 1, "a": "x"}}
    headers = {"Content-Type": "application/json", **signed_headers("POST", url, params)}
    status, _, _ = await post(url, data=json.dumps(params).encode(), headers=headers)
    assert status == 200
    assert seen[0].extra["Nested"] == {"b": 1, "a": "x"}


async def test_a_signed_get_reads_the_query(loopback: ServerFactory, post: Post) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    url += "?CallUUID=" + UUID + "&To=%2B14155550101&Event=StartApp"
    status, _, text = await post(url, method="GET", headers=signed_headers("GET", url, None))
    assert status == 200
    assert "Hello +14155550101" in text
    assert seen[0].to == "+14155550101"


@pytest.mark.parametrize(
    "tamper",
    ["param", "added-param", "nonce", "token", "url", "missing-signature", "missing-nonce"],
)
async def test_tampered_or_unsigned_requests_get_403_and_a_logged_reason(
    loopback: ServerFactory, post: Post, tamper: str, caplog: pytest.LogCaptureFixture
) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    params = dict(ANSWER_PARAMS)
    headers = signed_headers("POST", url, params)
    if tamper == "param":
        params["To"] = "+19995550000"
    elif tamper == "added-param":
        params["Extra"] = "1"
    elif tamper == "nonce":
        headers[NONCE_HEADER] = "other-nonce"
    elif tamper == "token":
        headers = signed_headers("POST", url, params, token="someone-elses-token")
    elif tamper == "url":
        headers = signed_headers("POST", url.replace("/answer", "/hangup"), params)
    elif tamper == "missing-signature":
        del headers[SIGNATURE_HEADER]
    else:
        del headers[NONCE_HEADER]
    body, content = form(params)
    with caplog.at_level(logging.WARNING, logger="plivo_async.webhooks"):
        status, _, text = await post(url, data=body, headers={**content, **headers})
    assert status == 403
    assert seen == []  # the handler never ran
    (record,) = [r for r in caplog.records if r.name == "plivo_async.webhooks"]
    expected = {"missing-signature": "no X-Plivo-Signature-V3", "missing-nonce": "no X-Plivo"}
    assert expected.get(tamper, "signature does not match") in record.getMessage()
    # Neither the token nor the signature is logged or answered.
    for secret in (TOKEN, headers.get(SIGNATURE_HEADER) or TOKEN):
        assert secret not in caplog.text
        assert secret not in text


async def test_the_main_account_signature_is_accepted_with_the_main_token(
    loopback: ServerFactory, post: Post
) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN, main_account_token=MAIN_TOKEN))
    body, content = form(ANSWER_PARAMS)
    headers = {
        MAIN_ACCOUNT_SIGNATURE_HEADER: compute_v3_signature(
            "POST", url, NONCE, MAIN_TOKEN, ANSWER_PARAMS
        ),
        NONCE_HEADER: NONCE,
    }
    status, _, _ = await post(url, data=body, headers={**content, **headers})
    assert status == 200
    # Without the main token configured, the same request is refused.
    url2, _ = await serve(loopback, WebhookVerifier(TOKEN))
    headers[MAIN_ACCOUNT_SIGNATURE_HEADER] = compute_v3_signature(
        "POST", url2, NONCE, MAIN_TOKEN, ANSWER_PARAMS
    )
    status, _, _ = await post(url2, data=body, headers={**content, **headers})
    assert status == 403
    assert len(seen) == 1


async def test_rotated_tokens_in_one_header_are_accepted(
    loopback: ServerFactory, post: Post
) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    old = compute_v3_signature("POST", url, NONCE, "retired-token", ANSWER_PARAMS)
    new = compute_v3_signature("POST", url, NONCE, TOKEN, ANSWER_PARAMS)
    body, content = form(ANSWER_PARAMS)
    headers = {SIGNATURE_HEADER: f"{old},{new}", NONCE_HEADER: NONCE}
    status, _, _ = await post(url, data=body, headers={**content, **headers})
    assert status == 200
    assert len(seen) == 1


async def test_behind_a_proxy_the_public_url_is_checked(
    loopback: ServerFactory, post: Post
) -> None:
    # Plivo signed https://voice.example.com/plivo/answer; the proxy strips /plivo and
    # forwards plain HTTP to the loopback app.
    verifier = WebhookVerifier(TOKEN, public_url="https://voice.example.com/plivo/")
    url, seen = await serve(loopback, verifier)
    public = "https://voice.example.com/plivo/answer?x=%41"
    body, content = form(ANSWER_PARAMS)
    status, _, _ = await post(
        url + "?x=%41",
        data=body,
        headers={**content, **signed_headers("POST", public, ANSWER_PARAMS)},
    )
    assert status == 200
    # Signed for the internal URL instead: refused, as Plivo never requests that one.
    internal = url + "?x=%41"
    status, _, _ = await post(
        internal, data=body, headers={**content, **signed_headers("POST", internal, ANSWER_PARAMS)}
    )
    assert status == 403
    assert len(seen) == 1


async def test_forwarded_headers_are_trusted_only_when_told(
    loopback: ServerFactory, post: Post
) -> None:
    body, content = form(ANSWER_PARAMS)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "voice.example.com"}
    public = "https://voice.example.com/answer"
    headers = {**content, **forwarded, **signed_headers("POST", public, ANSWER_PARAMS)}

    trusting, seen = await serve(loopback, WebhookVerifier(TOKEN, trust_forwarded=True))
    assert (await post(trusting, data=body, headers=headers))[0] == 200
    # A host header that is not a host (a path to steer the signed URL) is refused.
    sneaky = {**headers, "X-Forwarded-Host": "voice.example.com/answer?"}
    assert (await post(trusting, data=body, headers=sneaky))[0] == 403

    default, _ = await serve(loopback, WebhookVerifier(TOKEN))
    assert (await post(default, data=body, headers=headers))[0] == 403
    assert len(seen) == 1


async def test_unreadable_bodies_are_refused(loopback: ServerFactory, post: Post) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN, max_body_size=2048))
    signed = signed_headers("POST", url, ANSWER_PARAMS)
    cases = [
        ({"Content-Type": "application/json"}, b"{not json", 400),
        ({"Content-Type": "application/json"}, b"[1, 2]", 400),
        ({"Content-Type": "text/plain"}, b"hello", 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"a=" + b"x" * 4096, 413),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"To=%ff", 400),
    ]
    for content, body, expected in cases:
        status, _, _ = await post(url, data=body, headers={**content, **signed})
        assert status == expected, body[:20]
    assert seen == []


async def test_a_signed_callback_with_an_unreadable_value_is_400(
    loopback: ServerFactory, post: Post
) -> None:
    url, seen = await serve(loopback, WebhookVerifier(TOKEN))
    params = {**ANSWER_PARAMS, "SessionStart": "not a time"}
    body, content = form(params)
    status, _, text = await post(
        url, data=body, headers={**content, **signed_headers("POST", url, params)}
    )
    assert status == 400
    assert "SessionStart" in text
    assert seen == []


async def test_status_callbacks_get_an_empty_200_and_verified_callback_works_alone(
    loopback: ServerFactory, post: Post
) -> None:
    verifier = WebhookVerifier(TOKEN)
    seen: list[Callback] = []

    async def hangup(request: web.Request) -> web.Response:
        seen.append(await verified_callback(request, verifier))
        return web.Response(status=204)

    async def ignored(callback: Callback, request: web.Request) -> None:
        seen.append(callback)

    app = web.Application()
    app.router.add_post("/hangup", hangup)
    app.router.add_post("/ring", plivo_handler(verifier, ignored))
    base = (await loopback(app)).rstrip("/")
    params = {**ANSWER_PARAMS, "Event": "Hangup", "Duration": "9"}
    body, content = form(params)
    status, _, _ = await post(
        base + "/hangup",
        data=body,
        headers={**content, **signed_headers("POST", base + "/hangup", params)},
    )
    assert status == 204
    status, _, text = await post(
        base + "/ring",
        data=body,
        headers={**content, **signed_headers("POST", base + "/ring", params)},
    )
    assert (status, text) == (200, "")
    assert [type(c) for c in seen] == [HangupCallback, HangupCallback]
    assert seen[0].duration == 9  # type: ignore[attr-defined]


def test_xml_response_renders_documents_and_text() -> None:
    answer = xml_response(Response().add(Speak("Hi")))
    assert answer.content_type == "application/xml"
    assert answer.text is not None
    assert "<Speak>Hi</Speak>" in answer.text
    assert xml_response("<Response/>").text == "<Response/>"
    with pytest.raises(ValidationError) as caught:
        xml_response(42)  # type: ignore[arg-type]
    assert caught.value.argument == "document"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"auth_token": ""}, "auth_token"),
        ({"auth_token": TOKEN, "public_url": "voice.example.com"}, "public_url"),
        ({"auth_token": TOKEN, "public_url": "https://v.example.com/?a=1"}, "public_url"),
        (
            {"auth_token": TOKEN, "public_url": "https://v.example.com", "trust_forwarded": True},
            "trust_forwarded",
        ),
        ({"auth_token": TOKEN, "trust_forwarded": "yes"}, "trust_forwarded"),
        ({"auth_token": TOKEN, "max_body_size": 0}, "max_body_size"),
    ],
)
def test_verifier_arguments_are_checked(kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WebhookVerifier(**kwargs)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_the_verifier_never_shows_its_tokens() -> None:
    verifier = WebhookVerifier(
        TOKEN, main_account_token=MAIN_TOKEN, public_url="https://v.example.com"
    )
    assert TOKEN not in repr(verifier)
    assert MAIN_TOKEN not in repr(verifier)
