"""What every route handler works with: the account state, the clock, the limits, the
webhook outlet, and the small vocabulary of replies and Plivo-shaped errors.

Handlers are synchronous functions ``(RequestContext) -> Reply``: all state changes happen on
the simulator's event loop between two awaits, so no locking is needed around the state.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from ._catalog import EndpointSpec
from ._clock import SimClock
from ._limits import CpsDispatcher
from ._state import SimState

__all__ = ["ApiError", "Handler", "Reply", "RequestContext", "SimCore", "paginate"]


class ApiError(Exception):
    """Answered as ``{"api_id": ..., "error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Reply:
    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


WebhookSink = Callable[[str, str, dict[str, str]], None]


class SimCore:
    """The account's state and the services handlers share."""

    def __init__(
        self,
        *,
        auth_id: str,
        clock: SimClock,
        state: SimState,
        cps: float,
    ) -> None:
        self.auth_id = auth_id
        self.clock = clock
        self.state = state
        self.cps = CpsDispatcher(cps)
        self.webhook_sink: WebhookSink | None = None

    @property
    def account_path(self) -> str:
        return f"/v1/Account/{self.auth_id}/"

    def api_id(self) -> str:
        # Fresh and random per response, like Plivo's; not from the seeded generator so that
        # identifiers of resources stay reproducible whatever the number of requests.
        return str(uuid.uuid4())

    def now(self) -> float:
        return self.clock.now()

    def emit_webhook(self, url: str | None, method: str | None, params: dict[str, str]) -> None:
        if url and self.webhook_sink is not None:
            self.webhook_sink(url, (method or "POST").upper(), params)


@dataclass
class RequestContext:
    core: SimCore
    endpoint: EndpointSpec
    path_params: dict[str, str]
    args: dict[str, Any]
    path: str
    query: Mapping[str, str]

    @property
    def state(self) -> SimState:
        return self.core.state

    def ack(self, **fields: Any) -> Reply:
        """A success reply with the endpoint's documented status and a fresh ``api_id``."""
        return Reply(self.success_status, {"api_id": self.core.api_id(), **fields})

    def empty(self) -> Reply:
        return Reply(self.success_status, None)

    @property
    def success_status(self) -> int:
        return self.endpoint.success_status or 200

    def param(self, name: str) -> str:
        return self.path_params[name]


Handler = Callable[[RequestContext], Reply]


def paginate(
    ctx: RequestContext, objects: list[dict[str, Any]], *, count_key: str = "total_count"
) -> Reply:
    """The reference's list shape: ``offset`` counts skipped items; ``meta`` links are relative."""
    limit = int(ctx.args.get("limit", 20))
    offset = int(ctx.args.get("offset", 0))
    total = len(objects)
    others = {k: v for k, v in ctx.query.items() if k not in ("limit", "offset")}
    # ctx.path is decoded: re-encode it so a link to ``name_my%20room`` stays a valid URL.
    path = quote(ctx.path, safe="/:@!$&'()*+,;=")

    def link(new_offset: int) -> str:
        return path + "?" + urlencode({"limit": limit, "offset": new_offset, **others})

    meta = {
        "limit": limit,
        "next": link(offset + limit) if offset + limit < total else None,
        "offset": offset,
        "previous": link(max(0, offset - limit)) if offset > 0 else None,
        count_key: total,
    }
    return ctx.ack(meta=meta, objects=objects[offset : offset + limit])
