"""The SDK's own middleware chain around one HTTP attempt.

A middleware is ``async (request, call_next) -> response``. The chain is built once per client,
outermost first: user middlewares -> retry -> rate limit -> one aiohttp attempt. It is our own
rather than aiohttp's ``middlewares=`` so that it also runs under aioresponses in tests.

User middlewares see each logical call once and every HTTP answer, errors included (as a
``Response`` with a 4xx/5xx status); transport failures arrive as raised ``TransportError``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from ._request import Request, Response

Handler = Callable[[Request], Awaitable[Response]]
Middleware = Callable[[Request, Handler], Awaitable[Response]]


def build_chain(middlewares: Sequence[Middleware], innermost: Handler) -> Handler:
    """Compose ``middlewares`` (outermost first) around ``innermost``."""
    handler = innermost
    for middleware in reversed(middlewares):
        handler = _link(middleware, handler)
    return handler


def _link(middleware: Middleware, call_next: Handler) -> Handler:
    async def handler(request: Request) -> Response:
        return await middleware(request, call_next)

    return handler
