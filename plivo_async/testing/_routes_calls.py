"""Calls: create (CPS-queued, bulk ``to``), CDRs, live and queued views, transfer, hangup,
record/play/speak/DTMF, and feedback (stats host, served on the same server)."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from ._calls import hangup_by_api, place_call
from ._core import ApiError, Handler, Reply, RequestContext, paginate
from ._filters import check_window, matches_number_filters, matches_time_filters
from ._routes_recordings import finish_recording, recording_url, start_recording
from ._state import Call, cdr_time, session_time

__all__ = ["CALL_ROUTES", "find_live_call"]

MAX_BULK_DESTINATIONS = 1000


def create(ctx: RequestContext) -> Reply:
    args = ctx.args
    destinations = [d.strip() for d in str(args["to"]).split("<")]
    if any(not d for d in destinations):
        raise ApiError(400, "to parameter has an empty destination")
    if len(set(destinations)) > MAX_BULK_DESTINATIONS:
        raise ApiError(400, f"to accepts at most {MAX_BULK_DESTINATIONS} destinations")
    params = {k: v for k, v in args.items() if k not in ("from", "to")}
    if len(destinations) > 1:
        params.pop("parent_call_uuid", None)  # honoured only for single calls
    elif (
        params.get("parent_call_uuid")
        and params.get("error_if_parent_not_found")
        and params["parent_call_uuid"] not in ctx.state.calls
    ):
        raise ApiError(400, "parent call not found")
    calls = [
        place_call(ctx.core, from_number=str(args["from"]), to_number=dest, params=params)
        for dest in destinations
    ]
    queued = any((c.dispatch_at or c.created_at) > c.created_at for c in calls)
    uuids: str | list[str] = (
        calls[0].request_uuid if len(calls) == 1 else [c.request_uuid for c in calls]
    )
    return ctx.ack(message="call queued" if queued else "call fired", request_uuid=uuids)


def _cdr(ctx: RequestContext, call: Call) -> dict[str, Any]:
    wall = ctx.core.clock.wall
    bill = call.bill_duration
    billed = 60 * math.ceil(bill / 60) if bill else 0
    return {
        "answer_time": cdr_time(wall(call.answer_at)) if call.answer_at is not None else None,
        "api_id": ctx.core.api_id(),
        "bill_duration": bill,
        "billed_duration": billed,
        "call_direction": call.direction,
        "call_duration": bill,
        "call_state": call.call_state,
        "call_uuid": call.call_uuid,
        "conference_uuid": call.conference_uuid,
        "end_time": cdr_time(wall(call.end_at)) if call.end_at is not None else None,
        "from_number": call.from_number,
        "hangup_cause_code": call.hangup_cause_code,
        "hangup_cause_name": call.hangup_cause_name,
        "hangup_source": call.hangup_source,
        "initiation_time": cdr_time(wall(call.ring_at or call.created_at)),
        "parent_call_uuid": call.parent_call_uuid,
        "resource_uri": f"{ctx.core.account_path}Call/{call.call_uuid}/",
        "stir_verification": "Not Applicable",
        "to_number": call.to_number,
        "total_amount": f"{billed / 60 * float(call.total_rate):.5f}",
        "total_rate": call.total_rate,
        "Stir_attestation": "",
        "voice_network_group": "",
        "source_ip": "127.0.0.1",
    }


def _completed_call(ctx: RequestContext) -> Call:
    call = ctx.state.calls.get(ctx.param("call_uuid"))
    if call is None or call.status != "completed":
        raise ApiError(404, "call not found")
    return call


def get(ctx: RequestContext) -> Reply:
    body = _cdr(ctx, _completed_call(ctx))
    return Reply(ctx.success_status, body)


def list_calls(ctx: RequestContext) -> Reply:
    args = ctx.args
    check_window(ctx, "end_time")
    wall = ctx.core.clock.wall
    explicit_window = any(k.startswith("end_time") for k in args)
    oldest = wall() - timedelta(days=7)
    found: list[Call] = []
    for call in ctx.state.calls.values():
        if call.status != "completed" or call.end_at is None:
            continue
        ended = wall(call.end_at)
        if not explicit_window and ended < oldest:
            continue
        checks = [
            ("call_direction", call.direction),
            ("from_number", call.from_number),
            ("to_number", call.to_number),
            ("parent_call_uuid", call.parent_call_uuid),
            ("hangup_source", call.hangup_source),
            ("hangup_cause_code", call.hangup_cause_code),
        ]
        if any(k in args and str(args[k]).lower() != str(v).lower() for k, v in checks):
            continue
        if "stir_verification" in args and args["stir_verification"] != "Not Applicable":
            continue
        if not matches_number_filters(ctx, "bill_duration", call.bill_duration):
            continue
        if not matches_time_filters(ctx, "end_time", ended):
            continue
        found.append(call)
    found.sort(key=lambda c: (c.end_at or 0.0, c.created_at), reverse=True)
    return paginate(ctx, [_cdr(ctx, c) for c in found])


def find_live_call(ctx: RequestContext, *, answered: bool = False) -> Call:
    """The call in the path if it is live (ringing or answered); 404 otherwise."""
    call = ctx.state.calls.get(ctx.param("call_uuid"))
    if call is None or not call.live or (answered and call.status != "in-progress"):
        raise ApiError(404, "call not found")
    return call


def transfer(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx)
    args = ctx.args
    legs = args.get("legs") or (
        "aleg" if args.get("aleg_url") or not args.get("bleg_url") else "bleg"
    )
    legs = str(legs).lower()
    if legs in ("aleg", "both") and not args.get("aleg_url"):
        raise ApiError(400, "aleg_url parameter is missing")
    if legs in ("bleg", "both") and not args.get("bleg_url"):
        raise ApiError(400, "bleg_url parameter is missing")
    call.transfers.append({"legs": legs, **{k: v for k, v in args.items() if k != "legs"}})
    if args.get("aleg_url"):
        call.params["answer_url"] = args["aleg_url"]
        call.params["answer_method"] = args.get("aleg_method", "POST")
    hooks = ctx.state.call_hooks
    if hooks is not None and call.status == "in-progress":
        # run_xml: Plivo fetches the new URL(s) now and runs that XML instead.
        hooks.transferred(
            call,
            _leg_url(args, "aleg") if legs in ("aleg", "both") else None,
            _leg_url(args, "bleg") if legs in ("bleg", "both") else None,
        )
    return ctx.ack(message="call transferred")


def _leg_url(args: dict[str, Any], leg: str) -> tuple[str, str]:
    return str(args[f"{leg}_url"]), str(args.get(f"{leg}_method") or "POST").upper()


def hangup(ctx: RequestContext) -> Reply:
    call = ctx.state.calls.get(ctx.param("call_uuid"))
    if call is None or call.status == "completed":
        raise ApiError(404, "call not found")
    hangup_by_api(ctx.core, call)
    return ctx.empty()


def _live_object(ctx: RequestContext, call: Call, *, v2: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "direction": call.direction,
        "from": call.from_number,
        "to": call.to_number,
        "call_status": call.status,
        "caller_name": call.caller_name,
        "call_uuid": call.call_uuid,
        "session_start": session_time(ctx.core.clock.wall(call.ring_at or call.created_at)),
    }
    if v2:
        body.update(
            request_uuid=call.request_uuid,
            stir_attestation="Not Applicable",
            stir_verification="Not Applicable",
        )
    else:
        body["Stir_attestation"] = "Not Applicable"
    return body


def live_get(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx)
    return ctx.ack(**_live_object(ctx, call, v2=False))


def _live_calls(ctx: RequestContext) -> list[Call]:
    args = ctx.args
    result = []
    for call in ctx.state.calls.values():
        if not call.live:
            continue
        if "call_direction" in args and args["call_direction"].lower() != call.direction:
            continue
        if "from_number" in args and args["from_number"] != call.from_number:
            continue
        if "to_number" in args and args["to_number"] != call.to_number:
            continue
        if "number" in args and args["number"] not in (call.from_number, call.to_number):
            continue
        result.append(call)
    result.sort(key=lambda c: c.created_at)
    return result


def live_list(ctx: RequestContext) -> Reply:
    return ctx.ack(calls=[c.call_uuid for c in _live_calls(ctx)])


def live_list_v2(ctx: RequestContext) -> Reply:
    objects = [_live_object(ctx, c, v2=True) for c in _live_calls(ctx)]
    return paginate(ctx, objects, count_key="count")


def queued_get(ctx: RequestContext) -> Reply:
    call = ctx.state.calls.get(ctx.param("call_uuid"))
    if call is None or call.status != "queued":
        raise ApiError(404, "call not found")
    return ctx.ack(
        direction=call.direction,
        **{"from": call.from_number},
        to=call.to_number,
        call_status="queued",
        caller_name=call.caller_name,
        call_uuid=call.call_uuid,
        request_uuid=call.request_uuid,
    )


def queued_list(ctx: RequestContext) -> Reply:
    queued = sorted(
        (c for c in ctx.state.calls.values() if c.status == "queued"),
        key=lambda c: c.dispatch_at or 0.0,
    )
    return ctx.ack(calls=[c.call_uuid for c in queued])


def record_start(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx, answered=True)
    args = ctx.args
    recording = start_recording(
        ctx.core,
        args.get("file_format"),
        recording_type="normal",
        call_uuid=call.call_uuid,
        from_number=call.from_number,
        to_number=call.to_number,
        callback_url=args.get("callback_url"),
    )
    call.recording_ids.append(recording.recording_id)
    if args.get("time_limit") is not None:
        core = ctx.core
        core.clock.call_later(float(args["time_limit"]), lambda: finish_recording(core, recording))
    return ctx.ack(
        url=recording_url(ctx.core, recording),
        message="call recording started",
        recording_id=recording.recording_id,
    )


def record_stop(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx)
    only_url = ctx.args.get("URL")
    for recording_id in call.recording_ids:
        recording = ctx.state.recordings.get(recording_id)
        if recording is None or (only_url and recording_url(ctx.core, recording) != only_url):
            continue
        finish_recording(ctx.core, recording)
    return ctx.empty()


def play_start(ctx: RequestContext) -> Reply:
    find_live_call(ctx, answered=True).playing = True
    return ctx.ack(message="play started")


def play_stop(ctx: RequestContext) -> Reply:
    find_live_call(ctx).playing = False
    return ctx.empty()


def speak_start(ctx: RequestContext) -> Reply:
    find_live_call(ctx, answered=True).speaking = True
    return ctx.ack(message="speak started")


def speak_stop(ctx: RequestContext) -> Reply:
    find_live_call(ctx).speaking = False
    return ctx.empty()


def dtmf(ctx: RequestContext) -> Reply:
    call = find_live_call(ctx, answered=True)
    call.digits_sent.append(str(ctx.args["digits"]))
    return ctx.ack(message="digits sent")


FEEDBACK_ISSUES = (
    "AUDIO_LAG, BROKEN_AUDIO, CALL_DROPPED, CALLERID_ISSUE, DIGITS_NOT_CAPTURED, ECHO, "
    "HIGH_CONNECT_TIME, LOW_AUDIO_LEVEL, ONE_WAY_AUDIO, OTHERS, ROBOTIC_AUDIO"
)


def feedback(ctx: RequestContext) -> Reply:
    call_uuid = ctx.param("call_uuid")
    if call_uuid not in ctx.state.calls:
        raise ApiError(404, "Please check the Call UUID")
    rating = float(ctx.args["rating"])
    issues = ctx.args.get("issues") or []
    if rating < 5 and not issues:
        raise ApiError(
            422,
            "Issues have to be an array of one or more than one of the following: "
            + FEEDBACK_ISSUES,
        )
    ctx.state.feedback.append(
        {"call_uuid": call_uuid, "rating": rating, "issues": issues, "notes": ctx.args.get("notes")}
    )
    return ctx.ack(message="Feedback has been posted", status="success")


CALL_ROUTES: dict[str, Handler] = {
    "call.create": create,
    "call.get": get,
    "call.list": list_calls,
    "call.update": transfer,
    "call.hangup": hangup,
    "call.feedback": feedback,
    "live_call.get": live_get,
    "live_call.list": live_list,
    "live_call.list_v2": live_list_v2,
    "queued_call.get": queued_get,
    "queued_call.list": queued_list,
    "call.record.start": record_start,
    "call.record.stop": record_stop,
    "call.play.start": play_start,
    "call.play.stop": play_stop,
    "call.speak.start": speak_start,
    "call.speak.stop": speak_stop,
    "call.dtmf.send": dtmf,
}
