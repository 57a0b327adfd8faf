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
        handler = _Link(middleware, handler)
    return handler


class _Link:
    """One middleware bound to the rest of the chain.

    A plain callable returning the middleware's awaitable, not a coroutine of its own: every
    in-flight request would otherwise hold one more suspended frame per middleware.
    """

    __slots__ = ("_call_next", "_middleware")

    def __init__(self, middleware: Middleware, call_next: Handler) -> None:
        self._middleware = middleware
        self._call_next = call_next

    def __call__(self, request: Request) -> Awaitable[Response]:
        return self._middleware(request, self._call_next)
