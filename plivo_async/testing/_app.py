"""The HTTP front: one catch-all aiohttp handler that journals, injects faults, authenticates,
rate-limits, routes through the catalog, validates and calls the resource handler.

The order matters and mirrors what a client can observe from a real server: faults happen
"on the network" before anything else, authentication before the request limit, routing and
validation before any state changes; ``drop_after`` closes the connection only once the state
has changed.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ._catalog import ArgumentError, Catalog, RouteMatch
from ._core import ApiError, Handler, Reply, RequestContext, SimCore
from ._faults import FaultInjector
from ._journal import Journal, JournalEntry
from ._limits import ApiRequestLimit

__all__ = ["INSPECTION_PREFIX", "SimulatorApp"]

INSPECTION_PREFIX = "/__sim__/"

JSON_ONLY = "Plivo only accepts input of the type application/json"


class SimulatorApp:
    """Builds the ``web.Application`` and owns the request pipeline."""

    def __init__(
        self,
        *,
        core: SimCore,
        catalog: Catalog,
        routes: dict[str, Handler],
        journal: Journal,
        faults: FaultInjector,
        api_limit: ApiRequestLimit,
        auth_token: str,
        inspection: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> None:
        missing = {e.id for e in catalog.endpoints} - set(routes)
        if missing:
            raise RuntimeError(f"no simulator handler for: {', '.join(sorted(missing))}")
        self.core = core
        self.catalog = catalog
        self.routes = routes
        self.journal = journal
        self.faults = faults
        self.api_limit = api_limit
        self._auth_token = auth_token
        self._inspection = inspection
        self._hanging: set[tuple[asyncio.Future[None], asyncio.BaseTransport | None]] = set()

    def build(self) -> web.Application:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    def release_hanging(self) -> None:
        """Close every connection held open by a ``hang`` fault (on shutdown)."""
        for future, transport in list(self._hanging):
            if isinstance(transport, asyncio.Transport):
                transport.abort()
            if not future.done():
                future.set_result(None)
        self._hanging.clear()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw_path = request.rel_url.raw_path
        if raw_path.startswith(INSPECTION_PREFIX):
            return await self._inspection(request)
        self.core.clock.run_due()
        method = request.method.upper()
        query = dict(request.rel_url.query)
        raw_body = await request.read()
        match = self.catalog.route(method, raw_path, query)
        endpoint_id = match.endpoint.id if isinstance(match, RouteMatch) else None
        body = _loads_or_text(raw_body)
        entry = self.journal.record(
            JournalEntry(
                seq=0,
                method=method,
                path=request.rel_url.path,
                query=query,
                body=body,
                received_at=time.time(),
                sim_time=self.core.now(),
                endpoint=endpoint_id,
                destinations=_destinations(endpoint_id, body),
            )
        )
        decision = self.faults.decide(method, raw_path, endpoint_id)
        entry.fault = decision.action
        if decision.latency:
            await asyncio.sleep(decision.latency)
        if decision.action == "drop_before":
            entry.outcome = "dropped_before"
            return _drop(request)
        if decision.action == "hang":
            entry.outcome = "hung"
            return await self._hang(request)
        if decision.status is not None:
            headers = {}
            if decision.retry_after is not None:
                headers["Retry-After"] = _retry_after_text(decision.retry_after)
            message = "too many requests" if decision.status == 429 else "internal server error"
            reply = Reply(decision.status, self._error_body(message), headers)
        else:
            self.core.clock.run_due()
            reply = self._process(request, match, raw_body, query, entry)
        if decision.action == "drop_after":
            entry.outcome = "dropped_after"
            return _drop(request)
        entry.status = reply.status
        entry.outcome = "answered"
        return _respond(reply)

    def _error_body(self, message: str) -> dict[str, Any]:
        return {"api_id": self.core.api_id(), "error": message}

    def _error(self, status: int, message: str, entry: JournalEntry) -> Reply:
        entry.error = message
        return Reply(status, self._error_body(message))

    def _process(
        self,
        request: web.Request,
        match: RouteMatch | list[str] | None,
        raw_body: bytes,
        query: dict[str, str],
        entry: JournalEntry,
    ) -> Reply:
        if not self._authorized(request):
            return self._error(401, "Authentication failed", entry)
        if not self.api_limit.try_acquire():
            return self._error(429, "too many requests", entry)
        if match is None:
            return self._error(404, "Resource cannot be found", entry)
        if isinstance(match, list):
            reply = self._error(405, "HTTP method not allowed", entry)
            reply.headers["Allow"] = ", ".join(match)
            return reply
        if "auth_id" in match.path_params and match.path_params["auth_id"] != self.core.auth_id:
            return self._error(401, "Authentication failed", entry)
        endpoint = match.endpoint
        validation_status = 422 if endpoint.id == "call.feedback" else 400
        if request.method.upper() == "POST":
            raw_args: Any
            if raw_body.strip():
                if request.content_type != "application/json":
                    return self._error(400, JSON_ONLY, entry)
                try:
                    raw_args = json.loads(raw_body)
                except ValueError:
                    return self._error(400, "request body is not valid JSON", entry)
                if not isinstance(raw_args, dict):
                    return self._error(400, "request body must be a JSON object", entry)
            else:
                raw_args = {}
        else:
            raw_args = {k: v for k, v in query.items() if k not in (endpoint.fixed_query or {})}
        try:
            args = endpoint.validate(raw_args)
        except ArgumentError as exc:
            return self._error(validation_status, str(exc), entry)
        ctx = RequestContext(
            core=self.core,
            endpoint=endpoint,
            path_params=match.path_params,
            args=args,
            path=request.rel_url.path,
            query=query,
        )
        try:
            reply = self.routes[endpoint.id](ctx)
        except ApiError as exc:
            return self._error(exc.status, exc.message, entry)
        except ArgumentError as exc:
            return self._error(validation_status, str(exc), entry)
        if 200 <= reply.status < 300:
            entry.processed = True
            if endpoint.id == "call.create" and reply.body is not None:
                created = reply.body.get("request_uuid")
                entry.call_uuids = list(created) if isinstance(created, list) else [str(created)]
        return reply

    def _authorized(self, request: web.Request) -> bool:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (ValueError, binascii.Error):
            return False
        login, _, password = decoded.partition(":")
        return hmac.compare_digest(login, self.core.auth_id) and hmac.compare_digest(
            password, self._auth_token
        )

    async def _hang(self, request: web.Request) -> web.StreamResponse:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        item = (future, request.transport)
        self._hanging.add(item)
        try:
            await future
        finally:
            self._hanging.discard(item)
        return _drop(request)


def _loads_or_text(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _destinations(endpoint_id: str | None, body: Any) -> list[str]:
    if endpoint_id != "call.create" or not isinstance(body, dict):
        return []
    to = body.get("to")
    if not isinstance(to, str):
        return []
    return [d.strip() for d in to.split("<") if d.strip()]


def _retry_after_text(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


def _drop(request: web.Request) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


def _respond(reply: Reply) -> web.StreamResponse:
    if reply.body is None or reply.status == 204:
        return web.Response(status=reply.status, headers=reply.headers)
    return web.json_response(reply.body, status=reply.status, headers=reply.headers)
