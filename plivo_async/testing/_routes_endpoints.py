"""SIP endpoints: create (the server appends a 12-digit suffix to the username), get (password
as an MD5 hash), list, update, delete."""

from __future__ import annotations

import hashlib
from typing import Any

from ._core import ApiError, Handler, Reply, RequestContext, paginate
from ._state import EndpointRecord

__all__ = ["ENDPOINT_ROUTES"]


def _render(ctx: RequestContext, endpoint: EndpointRecord) -> dict[str, Any]:
    account = ctx.core.account_path
    return {
        "alias": endpoint.alias,
        "application": f"{account}Application/{endpoint.app_id}/" if endpoint.app_id else None,
        "endpoint_id": endpoint.endpoint_id,
        "password": endpoint.password_md5,
        "resource_uri": f"{account}Endpoint/{endpoint.endpoint_id}/",
        "sip_registered": "false",
        "sip_uri": f"sip:{endpoint.username}@phone.plivo.com",
        "sub_account": None,
        "username": endpoint.username,
    }


def _md5(password: str) -> str:
    return hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()


def create(ctx: RequestContext) -> Reply:
    args = ctx.args
    suffix = ctx.core.clock.wall().strftime("%y%m%d%H%M%S")
    endpoint = EndpointRecord(
        endpoint_id=ctx.state.new_digits(14),
        username=f"{args['username']}{suffix}",
        alias=str(args["alias"]),
        password_md5=_md5(str(args["password"])),
        app_id=args.get("app_id"),
        created_at=ctx.core.now(),
    )
    ctx.state.endpoints[endpoint.endpoint_id] = endpoint
    return ctx.ack(
        username=endpoint.username,
        alias=endpoint.alias,
        message="created",
        endpoint_id=endpoint.endpoint_id,
    )


def _endpoint(ctx: RequestContext) -> EndpointRecord:
    endpoint = ctx.state.endpoints.get(ctx.param("endpoint_id"))
    if endpoint is None:
        raise ApiError(404, "endpoint not found")
    return endpoint


def get(ctx: RequestContext) -> Reply:
    return ctx.ack(**_render(ctx, _endpoint(ctx)))


def list_endpoints(ctx: RequestContext) -> Reply:
    ordered = sorted(ctx.state.endpoints.values(), key=lambda e: e.created_at, reverse=True)
    return paginate(ctx, [_render(ctx, e) for e in ordered])


def update(ctx: RequestContext) -> Reply:
    endpoint = _endpoint(ctx)
    args = ctx.args
    if "password" in args:
        endpoint.password_md5 = _md5(str(args["password"]))
    if "alias" in args:
        endpoint.alias = str(args["alias"])
    if "app_id" in args:
        endpoint.app_id = args["app_id"] or None
    return ctx.ack(message="changed")


def delete(ctx: RequestContext) -> Reply:
    del ctx.state.endpoints[_endpoint(ctx).endpoint_id]
    return ctx.empty()


ENDPOINT_ROUTES: dict[str, Handler] = {
    "endpoint.create": create,
    "endpoint.get": get,
    "endpoint.list": list_endpoints,
    "endpoint.update": update,
    "endpoint.delete": delete,
}
