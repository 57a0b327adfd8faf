"""Audio streams on a live call: start (one active stream per service URL), list, get, stop
one, stop all. Ending the call ends its streams."""

from __future__ import annotations

import math
from typing import Any

from ._core import ApiError, Handler, Reply, RequestContext, paginate
from ._routes_calls import find_live_call
from ._state import Call, Stream, cdr_time, precise_time

__all__ = ["STREAM_ROUTES"]


def _call(ctx: RequestContext) -> Call:
    call = ctx.state.calls.get(ctx.param("call_uuid"))
    if call is None:
        raise ApiError(404, "call not found")
    return call


def _render(ctx: RequestContext, stream: Stream) -> dict[str, Any]:
    core = ctx.core
    wall = core.clock.wall
    end_at = stream.end_at if stream.end_at is not None else core.now()
    seconds = round(end_at - stream.created_at)
    return {
        "audio_track": stream.audio_track,
        "bidirectional": stream.bidirectional,
        "bill_duration": seconds,
        "billed_amount": f"{0.003 * max(1, math.ceil(seconds / 60)):.5f}",
        "call_uuid": stream.call_uuid,
        "created_at": precise_time(wall(stream.created_at)),
        "end_time": cdr_time(wall(stream.end_at)) if stream.end_at is not None else None,
        "plivo_auth_id": core.auth_id,
        "resource_uri": f"{core.account_path}Call/{stream.call_uuid}/Stream/{stream.stream_id}/",
        "rounded_bill_duration": 60 * max(1, math.ceil(seconds / 60)),
        "service_url": stream.service_url,
        "start_time": cdr_time(wall(stream.created_at)),
        "stream_id": stream.stream_id,
    }


def start(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx, answered=True)
    args = ctx.args
    service_url = str(args["service_url"])
    if not service_url.startswith(("ws://", "wss://")):
        raise ApiError(400, "service_url must be a qualified ws:// or wss:// URL")
    for stream_id in call.stream_ids:
        other = ctx.state.streams[stream_id]
        if other.active and other.service_url == service_url:
            raise ApiError(400, "an active stream is already being sent to that service_url")
    stream = Stream(
        stream_id=ctx.state.new_uuid(),
        call_uuid=call.call_uuid,
        service_url=service_url,
        audio_track=str(args.get("audio_track", "inbound")).lower(),
        bidirectional=bool(args.get("bidirectional", False)),
        created_at=ctx.core.now(),
        params=dict(args),
    )
    ctx.state.streams[stream.stream_id] = stream
    call.stream_ids.append(stream.stream_id)
    if args.get("stream_timeout") is not None:
        core = ctx.core

        def timeout() -> None:
            if stream.end_at is None:
                stream.end_at = core.now()

        core.clock.call_later(float(args["stream_timeout"]), timeout)
    return ctx.ack(message="audio streaming started", stream_id=stream.stream_id)


def list_streams(ctx: RequestContext) -> Reply:
    call = _call(ctx)
    streams = [ctx.state.streams[s] for s in call.stream_ids]
    return paginate(ctx, [_render(ctx, s) for s in streams])


def get(ctx: RequestContext) -> Reply:
    call = _call(ctx)
    stream = ctx.state.streams.get(ctx.param("stream_id"))
    if stream is None or stream.call_uuid != call.call_uuid:
        raise ApiError(404, "stream not found")
    return ctx.ack(**_render(ctx, stream))


def stop_all(ctx: RequestContext) -> Reply:
    call = _call(ctx)
    active = [ctx.state.streams[s] for s in call.stream_ids if ctx.state.streams[s].active]
    if not active:
        raise ApiError(400, "No active stream found")
    for stream in active:
        stream.end_at = ctx.core.now()
    return ctx.empty()


def stop(ctx: RequestContext) -> Reply:
    call = _call(ctx)
    stream = ctx.state.streams.get(ctx.param("stream_id"))
    if stream is None or stream.call_uuid != call.call_uuid:
        raise ApiError(404, "stream not found")
    if not stream.active:
        raise ApiError(400, "No active stream found")
    stream.end_at = ctx.core.now()
    return ctx.empty()


STREAM_ROUTES: dict[str, Handler] = {
    "stream.start": start,
    "stream.list": list_streams,
    "stream.get": get,
    "stream.stop_all": stop_all,
    "stream.stop": stop,
}
