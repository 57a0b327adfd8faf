"""Recordings: created by the record start/stop endpoints of calls, conferences and
multiparty calls (they appear in the Recording list once stopped), then get/list/delete."""

from __future__ import annotations

import math
from typing import Any

from ._core import ApiError, Handler, Reply, RequestContext, SimCore, paginate
from ._filters import check_window, matches_number_filters, matches_time_filters
from ._state import Recording, precise_time

__all__ = ["RECORDING_ROUTES", "finish_recording", "recording_url", "start_recording"]


def start_recording(core: SimCore, fmt: str | None, **fields: Any) -> Recording:
    recording = Recording(
        recording_id=core.state.new_uuid(),
        recording_format=str(fmt or "mp3").lower(),
        start_at=core.now(),
        **fields,
    )
    core.state.recordings[recording.recording_id] = recording
    return recording


def recording_url(core: SimCore, recording: Recording) -> str:
    return (
        f"https://media.plivo.com{core.account_path}Recording/"
        f"{recording.recording_id}.{recording.recording_format}"
    )


def finish_recording(core: SimCore, recording: Recording) -> None:
    """Stop a recording (idempotent) and send its ``callback_url`` notification if any."""
    if recording.end_at is not None:
        return
    recording.end_at = core.now()
    duration_ms = (recording.end_at - recording.start_at) * 1000
    params = {
        "record_url": recording_url(core, recording),
        "recording_id": recording.recording_id,
        "recording_duration": str(round(duration_ms / 1000)),
        "recording_duration_ms": f"{duration_ms:.5f}",
        "recording_start_ms": f"{core.clock.wall(recording.start_at).timestamp() * 1000:.5f}",
        "recording_end_ms": f"{core.clock.wall(recording.end_at).timestamp() * 1000:.5f}",
    }
    if recording.call_uuid:
        params["call_uuid"] = recording.call_uuid
    if recording.conference_name:
        params["conference_name"] = recording.conference_name
    core.emit_webhook(recording.callback_url, "POST", params)


def _render(ctx: RequestContext, recording: Recording) -> dict[str, Any]:
    core = ctx.core
    end_at = recording.end_at if recording.end_at is not None else core.now()
    duration_ms = (end_at - recording.start_at) * 1000
    seconds = duration_ms / 1000
    # "Increments by one after 24 hours from the recording add time. Minimum value: 1."
    age_days = 1 + int((core.now() - end_at) // 86400)
    return {
        "add_time": precise_time(core.clock.wall(end_at)),
        "call_uuid": recording.call_uuid,
        "conference_name": recording.conference_name or "noname",
        "recording_duration_ms": f"{duration_ms:.5f}",
        "recording_end_ms": f"{core.clock.wall(end_at).timestamp() * 1000:.5f}",
        "recording_format": recording.recording_format,
        "recording_id": recording.recording_id,
        "recording_start_ms": f"{core.clock.wall(recording.start_at).timestamp() * 1000:.5f}",
        "recording_type": recording.recording_type,
        "recording_url": recording_url(core, recording),
        "resource_uri": f"{core.account_path}Recording/{recording.recording_id}/",
        "recording_storage_duration": age_days,
        "rounded_recording_duration": 60 * math.ceil(seconds / 60) if seconds else 0,
        "recording_storage_rate": "0.00040",
        "monthly_recording_storage_amount": "0.00000",
    }


def _get_completed(ctx: RequestContext) -> Recording:
    recording = ctx.state.recordings.get(ctx.param("recording_id"))
    if recording is None or not recording.completed:
        raise ApiError(404, "recording not found")
    return recording


def get(ctx: RequestContext) -> Reply:
    return ctx.ack(**_render(ctx, _get_completed(ctx)))


def list_recordings(ctx: RequestContext) -> Reply:
    args = ctx.args
    # The reference: recording_storage_duration "cannot be used with add_time".
    storage = any(key.startswith("recording_storage_duration") for key in args)
    if storage and any(key.startswith("add_time") for key in args):
        raise ApiError(400, "recording_storage_duration cannot be used with add_time")
    check_window(ctx, "add_time")
    found = []
    for recording in ctx.state.recordings.values():
        if not recording.completed or recording.end_at is None:
            continue
        checks = {
            "call_uuid": recording.call_uuid,
            "conference_name": recording.conference_name,
            "conference_uuid": recording.conference_uuid,
            "mpc_name": recording.mpc_name,
            "mpc_uuid": recording.mpc_uuid,
            "from_number": recording.from_number,
            "to_number": recording.to_number,
        }
        if any(k in args and str(args[k]) != str(v) for k, v in checks.items()):
            continue
        if not matches_time_filters(ctx, "add_time", ctx.core.clock.wall(recording.end_at)):
            continue
        rendered = _render(ctx, recording)
        storage = rendered["recording_storage_duration"]
        if not matches_number_filters(ctx, "recording_storage_duration", storage):
            continue
        found.append((recording.end_at, rendered))
    found.sort(key=lambda item: item[0], reverse=True)
    return paginate(ctx, [rendered for _, rendered in found])


def delete(ctx: RequestContext) -> Reply:
    recording = _get_completed(ctx)
    del ctx.state.recordings[recording.recording_id]
    return ctx.empty()


RECORDING_ROUTES: dict[str, Handler] = {
    "recording.get": get,
    "recording.list": list_recordings,
    "recording.delete": delete,
}
