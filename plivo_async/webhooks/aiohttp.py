"""aiohttp glue: verify Plivo's signature, parse the callback, answer with Plivo XML.

```python
from plivo_async.webhooks import AnswerCallback, WebhookVerifier
from plivo_async.webhooks.aiohttp import plivo_handler

verifier = WebhookVerifier(auth_token, public_url="https://voice.example.com")

async def answer(callback: AnswerCallback, request: web.Request) -> Response:
    return Response().add(Speak("Hello"))

app.router.add_post("/answer", plivo_handler(verifier, answer, AnswerCallback))
```

A refused request gets 403 (signature), 400, 413 or 415 and a logged reason; the handler is not
called. The handler returns a document with ``to_xml()`` (sent as ``application/xml``), a
``str`` of XML, None (an empty 200, for status callbacks whose reply Plivo ignores) or any
aiohttp response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web

from ._callbacks import Callback
from ._receive import WebhookRejected, WebhookVerifier, XMLDocument, xml_text

__all__ = ["plivo_handler", "verified_callback", "xml_response"]

C = TypeVar("C", bound=Callback)
Reply = XMLDocument | str | web.StreamResponse | None
Handler = Callable[[C, web.Request], Awaitable[Reply]]


def xml_response(document: XMLDocument | str, *, status: int = 200) -> web.Response:
    """``document`` (anything with ``to_xml()``, or XML text) as an ``application/xml`` answer."""
    return web.Response(text=xml_text(document), status=status, content_type="application/xml")


async def verified_callback(
    request: web.Request,
    verifier: WebhookVerifier,
    model: type[C] = Callback,  # type: ignore[assignment]
) -> C:
    """The request's callback as ``model``, once its signature is checked (``Callback``: the
    model ``parse_callback`` picks). Raises an ``HTTPException`` (403, 400, 413, 415) otherwise."""
    method = request.method
    target = request.raw_path
    try:
        url = verifier.signed_url(request.scheme, request.host, target, request.headers)
        body = b""
        if method == "POST":
            if (
                request.content_length is not None
                and request.content_length > verifier.max_body_size
            ):
                raise WebhookRejected(413, f"body larger than {verifier.max_body_size} bytes")
            body = await _read_bounded(request, verifier.max_body_size)
        query = target.partition("?")[2]
        content_type = request.headers.get("Content-Type", "")
        params = verifier.read_params(method, query, content_type, body)
        return verifier.receive(method, url, request.headers, params, model)
    except WebhookRejected as rejected:
        raise _http_error(rejected, verifier.max_body_size) from None


def plivo_handler(
    verifier: WebhookVerifier,
    handler: Handler[C],
    model: type[C] = Callback,  # type: ignore[assignment]
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """An aiohttp handler that verifies and parses the callback, then calls
    ``handler(callback, request)`` and sends what it returns."""

    async def plivo_callback(request: web.Request) -> web.StreamResponse:
        callback = await verified_callback(request, verifier, model)
        reply = await handler(callback, request)
        if reply is None:
            return web.Response(status=200)
        if isinstance(reply, web.StreamResponse):
            return reply
        return xml_response(reply)

    plivo_callback.__name__ = getattr(handler, "__name__", plivo_callback.__name__)
    return plivo_callback


async def _read_bounded(request: web.Request, limit: int) -> bytes:
    # The request's own client_max_size may be larger than ours; read at most limit + 1 bytes.
    body = bytearray()
    while True:
        chunk = await request.content.read(65536)
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise WebhookRejected(413, f"body larger than {limit} bytes")


def _http_error(rejected: WebhookRejected, limit: int) -> web.HTTPException:
    text = rejected.public_reason
    if rejected.status == 413:
        return web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=limit + 1, text=text)
    kinds: dict[int, type[web.HTTPException]] = {
        400: web.HTTPBadRequest,
        415: web.HTTPUnsupportedMediaType,
    }
    return kinds.get(rejected.status, web.HTTPForbidden)(text=text)
