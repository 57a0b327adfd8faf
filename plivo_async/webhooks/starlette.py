"""Starlette and FastAPI glue: verify Plivo's signature, parse the callback, answer with XML.

Needs the ``starlette`` extra (``pip install plivo-async[starlette]``; FastAPI brings it too).

```python
from fastapi import Depends, FastAPI
from plivo_async.webhooks import AnswerCallback, WebhookVerifier
from plivo_async.webhooks.starlette import PlivoCallback, PlivoXMLResponse

verifier = WebhookVerifier(auth_token, public_url="https://voice.example.com")
answer_callback = PlivoCallback(verifier, AnswerCallback)

@app.post("/answer")
async def answer(callback: AnswerCallback = Depends(answer_callback)) -> PlivoXMLResponse:
    return PlivoXMLResponse(Response().add(Speak("Hello")))
```

``PlivoCallback`` is a FastAPI dependency (it raises ``HTTPException`` 403/400/413/415 with
the reason logged); ``plivo_endpoint`` wraps a handler into a plain Starlette endpoint.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response as HTTPResponse

from ._callbacks import Callback
from ._receive import WebhookRejected, WebhookVerifier, XMLDocument, xml_text

__all__ = ["PlivoCallback", "PlivoXMLResponse", "plivo_endpoint"]

C = TypeVar("C", bound=Callback)
Reply = XMLDocument | str | HTTPResponse | None


class PlivoXMLResponse(HTTPResponse):
    """A Plivo XML document (anything with ``to_xml()``, or XML text) as ``application/xml``."""

    media_type = "application/xml"

    def __init__(
        self,
        document: XMLDocument | str,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(xml_text(document), status_code=status_code, headers=headers)


class PlivoCallback(Generic[C]):
    """A dependency that gives the request's callback as ``model`` once its signature is
    checked (``Callback``: the model ``parse_callback`` picks)."""

    def __init__(self, verifier: WebhookVerifier, model: type[C] = Callback) -> None:  # type: ignore[assignment]
        self.verifier = verifier
        self.model = model

    async def __call__(self, request: Request) -> C:
        verifier = self.verifier
        method = request.method
        target = _target(request)
        try:
            host = request.headers.get("host") or _server_host(request)
            url = verifier.signed_url(request.url.scheme, host, target, request.headers)
            body = await _read_bounded(request, verifier.max_body_size) if method == "POST" else b""
            query = target.partition("?")[2]
            content_type = request.headers.get("content-type", "")
            params = verifier.read_params(method, query, content_type, body)
            return verifier.receive(method, url, request.headers, params, self.model)
        except WebhookRejected as rejected:
            raise HTTPException(rejected.status, rejected.public_reason) from None


def plivo_endpoint(
    verifier: WebhookVerifier,
    handler: Callable[[C, Request], Awaitable[Reply]],
    model: type[C] = Callback,  # type: ignore[assignment]
) -> Callable[[Request], Awaitable[HTTPResponse]]:
    """A Starlette endpoint that verifies and parses the callback, then calls
    ``handler(callback, request)``: its document is sent as XML, None as an empty 200, a
    Starlette response as it is. A refused request is answered 403/400/413/415."""
    dependency = PlivoCallback(verifier, model)

    async def plivo_callback(request: Request) -> HTTPResponse:
        try:
            callback = await dependency(request)
        except HTTPException as refused:
            return HTTPResponse(str(refused.detail), status_code=refused.status_code)
        reply = await handler(callback, request)
        if reply is None:
            return HTTPResponse(status_code=200)
        if isinstance(reply, HTTPResponse):
            return reply
        return PlivoXMLResponse(reply)

    plivo_callback.__name__ = getattr(handler, "__name__", plivo_callback.__name__)
    return plivo_callback


def _target(request: Request) -> str:
    """The path and query as sent on the request line (percent-encoding untouched)."""
    scope: dict[str, Any] = request.scope  # type: ignore[assignment]
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else scope.get("root_path", "") + scope["path"]
    path = path.partition("?")[0]
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _server_host(request: Request) -> str:
    server = request.scope.get("server")
    if not server:
        return "localhost"
    host, port = server
    return f"{host}:{port}" if port else str(host)


async def _read_bounded(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise WebhookRejected(413, f"body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise WebhookRejected(413, f"body larger than {limit} bytes")
    # Starlette's own cache of the body, so that the endpoint can still read it.
    request._body = bytes(body)
    return request._body
