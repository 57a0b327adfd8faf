"""Multiparty calls: created by the first add-participant on a new friendly name, addressed
as ``name_<friendly_name>`` (ongoing only) or ``uuid_<mpc_uuid>``; participants with roles,
mute/hold/coach, kick, member play, and MPC- and participant-level recordings."""

from __future__ import annotations

from typing import Any

from ._calls import KICKED, MPC_ENDED, end_call, place_call
from ._core import ApiError, Handler, Reply, RequestContext, SimCore, paginate
from ._filters import matches_time_filters
from ._routes_recordings import finish_recording, recording_url, start_recording
from ._state import Mpc, Participant, Recording, cdr_time

__all__ = ["MPC_ROUTES", "participant_left"]


def _resolve(ctx: RequestContext, *, create: bool = False, ongoing: bool = True) -> Mpc:
    segment = ctx.param("mpc_id")
    state = ctx.state
    if segment.startswith("name_") and len(segment) > 5:
        name = segment[5:]
        mpc = state.mpc_by_name(name)
        if mpc is None and create:
            mpc = Mpc(mpc_uuid=state.new_uuid(), friendly_name=name, creation_at=ctx.core.now())
            state.mpcs[mpc.mpc_uuid] = mpc
    elif segment.startswith("uuid_") and len(segment) > 5:
        mpc = state.mpcs.get(segment[5:])
    else:
        raise ApiError(404, "multiparty call must be addressed as name_<name> or uuid_<uuid>")
    if mpc is None or (ongoing and not mpc.ongoing):
        raise ApiError(404, "multiparty call not found")
    return mpc


def _mpc_segment(mpc: Mpc) -> str:
    return f"uuid_{mpc.mpc_uuid}"


def _render_mpc(ctx: RequestContext, mpc: Mpc, segment: str) -> dict[str, Any]:
    wall = ctx.core.clock.wall
    base = f"{ctx.core.account_path}MultiPartyCall/{segment}/"
    duration = None
    if mpc.end_at is not None and mpc.start_at is not None:
        duration = round(mpc.end_at - mpc.start_at)
    recording = None
    if mpc.ongoing:
        recording = "not-recording"
        if mpc.recording_id is not None:
            rec = ctx.state.recordings.get(mpc.recording_id)
            if rec is not None and not rec.completed:
                recording = "paused" if rec.paused else "recording"
    return {
        "billed_amount": None if duration is None else f"{0.005 * max(1, duration / 60):.5f}",
        "billed_duration": None if duration is None else 60 * max(1, -(-duration // 60)),
        "creation_time": cdr_time(wall(mpc.creation_at)),
        "duration": duration,
        "end_time": cdr_time(wall(mpc.end_at)) if mpc.end_at is not None else None,
        "friendly_name": mpc.friendly_name,
        "mpc_uuid": mpc.mpc_uuid,
        "participants": base + "Participant/",
        "recording": recording,
        "resource_uri": base,
        "start_time": cdr_time(wall(mpc.start_at)) if mpc.start_at is not None else None,
        "status": mpc.status,
        "stay_alone": mpc.stay_alone,
        "sub_account": None,
        "termination_cause": mpc.termination_cause,
        "termination_cause_code": mpc.termination_cause_code,
    }


def _render_participant(ctx: RequestContext, mpc: Mpc, p: Participant) -> dict[str, Any]:
    wall = ctx.core.clock.wall
    duration = None if p.exit_at is None else round(p.exit_at - p.join_at)
    return {
        "billed_amount": None if duration is None else f"{0.005 * max(1, duration / 60):.5f}",
        "billed_duration": None if duration is None else 60 * max(1, -(-duration // 60)),
        "call_uuid": p.call_uuid,
        "coach_mode": p.coach_mode,
        "duration": duration,
        "end_mpc_on_exit": p.end_mpc_on_exit,
        "exit_cause": p.exit_cause,
        "exit_time": cdr_time(wall(p.exit_at)) if p.exit_at is not None else None,
        "hold": p.hold if p.active else None,
        "join_time": cdr_time(wall(p.join_at)),
        "member_address": p.member_address,
        "member_id": p.member_id,
        "mpc_uuid": mpc.mpc_uuid,
        "mute": p.mute if p.active else None,
        "resource_uri": (
            f"{ctx.core.account_path}MultiPartyCall/{ctx.param('mpc_id')}/Participant/{p.member_id}/"
        ),
        "role": p.role,
        "start_mpc_on_enter": p.start_mpc_on_enter,
    }


def start(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    if mpc.status != "Initialized":
        raise ApiError(404, "no multiparty call in the initialized state")
    mpc.status = "Active"
    mpc.start_at = ctx.core.now()
    return ctx.empty()


def get(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx, ongoing=ctx.param("mpc_id").startswith("name_"))
    return ctx.ack(**_render_mpc(ctx, mpc, ctx.param("mpc_id")))


def list_mpcs(ctx: RequestContext) -> Reply:
    args = ctx.args
    wall = ctx.core.clock.wall
    found = []
    for mpc in ctx.state.mpcs.values():
        if "friendly_name" in args and args["friendly_name"] != mpc.friendly_name:
            continue
        if "status" in args and str(args["status"]).lower() != mpc.status.lower():
            continue
        if "termination_cause_code" in args and args["termination_cause_code"] != (
            mpc.termination_cause_code
        ):
            continue
        end = wall(mpc.end_at) if mpc.end_at is not None else None
        if not matches_time_filters(ctx, "end_time", end):
            continue
        if not matches_time_filters(ctx, "creation_time", wall(mpc.creation_at)):
            continue
        found.append(mpc)
    found.sort(key=lambda m: m.creation_at, reverse=True)
    return paginate(ctx, [_render_mpc(ctx, m, _mpc_segment(m)) for m in found], count_key="count")


def stop(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    end_mpc(ctx.core, mpc, "Hangup API Triggered", 3000, source="API Request")
    return ctx.empty()


def end_mpc(core: SimCore, mpc: Mpc, cause: str, code: int, *, source: str = "Plivo") -> None:
    if not mpc.ongoing:
        return
    now = core.now()
    mpc.status = "Ended"
    mpc.end_at = now
    if mpc.start_at is None:
        mpc.start_at = now
    mpc.termination_cause = cause
    mpc.termination_cause_code = code
    if mpc.recording_id is not None and mpc.recording_id in core.state.recordings:
        finish_recording(core, core.state.recordings[mpc.recording_id])
    for participant in mpc.active_participants():
        _exit(core, participant, "Multiparty Call Ended", MPC_ENDED, source)


def _exit(
    core: SimCore, participant: Participant, exit_cause: str, hangup: tuple[str, int], source: str
) -> None:
    participant.exit_at = core.now()
    participant.exit_cause = exit_cause
    if participant.recording_id and participant.recording_id in core.state.recordings:
        finish_recording(core, core.state.recordings[participant.recording_id])
    call = core.state.calls.get(participant.call_uuid)
    if call is not None:
        call.mpc_member = None
        end_call(core, call, cause=hangup, source=source)


def participant_left(core: SimCore, mpc_uuid: str, member_id: str, exit_cause: str) -> None:
    """A participant's call ended (or it was kicked): apply the MPC's end conditions."""
    mpc = core.state.mpcs.get(mpc_uuid)
    if mpc is None:
        return
    participant = mpc.participants.get(member_id)
    if participant is not None and participant.active:
        participant.exit_at = core.now()
        participant.exit_cause = exit_cause
        if participant.recording_id and participant.recording_id in core.state.recordings:
            finish_recording(core, core.state.recordings[participant.recording_id])
    _apply_end_conditions(core, mpc, participant)


def _apply_end_conditions(core: SimCore, mpc: Mpc, leaving: Participant | None) -> None:
    if not mpc.ongoing:
        return
    remaining = mpc.active_participants()
    if leaving is not None and leaving.end_mpc_on_exit:
        end_mpc(core, mpc, "Participant Exited", 1000)
    elif not remaining:
        end_mpc(core, mpc, "No Active Participants", 1000)
    elif len(remaining) == 1 and not mpc.stay_alone and mpc.status == "Active":
        end_mpc(core, mpc, "Stay Alone Not Permitted", 1010)


def add_participant(ctx: RequestContext) -> Reply:
    args = ctx.args
    call_uuid = args.get("call_uuid")
    from_number = args.get("from")
    to = args.get("to")
    if call_uuid and (from_number or to):
        raise ApiError(400, "give either call_uuid or from and to, not both")
    if not call_uuid and not (from_number and to):
        raise ApiError(400, "from and to are required when call_uuid is not given")
    role = str(args["role"]).lower()
    destinations = [d.strip() for d in str(to).split("<")] if to else []
    if len(destinations) > 1 and role != "agent":
        raise ApiError(400, "multiple destinations are allowed only for the Agent role")
    existing = None
    if call_uuid:
        existing = ctx.state.calls.get(str(call_uuid))
        if existing is None or not existing.live:
            raise ApiError(404, "call not found")
    mpc = _resolve(ctx, create=True)
    if "stay_alone" in args and not mpc.participants:
        mpc.stay_alone = bool(args["stay_alone"])
    core = ctx.core
    calls_out: list[dict[str, str]] = []
    if existing is not None:
        joining = existing
        calls_out.append(
            {
                "to": existing.to_number,
                "from": existing.from_number,
                "call_uuid": existing.call_uuid,
            }
        )
    else:
        placed = []
        for dest in destinations:
            call = place_call(
                core,
                from_number=str(from_number),
                to_number=dest,
                params={"caller_name": args.get("caller_name")} if args.get("caller_name") else {},
                use_cps=False,
            )
            # Dialled participants stay until kicked or the MPC ends: answer them now.
            call.status = "in-progress"
            call.ring_at = call.answer_at = core.now()
            placed.append(call)
            calls_out.append({"to": dest, "from": str(from_number), "call_uuid": call.call_uuid})
        joining = placed[0]
        for loser in placed[1:]:  # parallel dial: the first destination wins the race
            end_call(core, loser, cause=("Lost Race", 1000), source="Plivo", call_state="CANCEL")
    participant = Participant(
        member_id=ctx.state.new_member_id(),
        mpc_uuid=mpc.mpc_uuid,
        call_uuid=joining.call_uuid,
        role=role,
        member_address=joining.to_number,
        join_at=core.now(),
        coach_mode=bool(args.get("coach_mode", False)) and role == "supervisor",
        mute=bool(args.get("mute", False)),
        hold=bool(args.get("hold", False)),
        start_mpc_on_enter=bool(args.get("start_mpc_on_enter", True)),
        end_mpc_on_exit=bool(args.get("end_mpc_on_exit", False)),
    )
    mpc.participants[participant.member_id] = participant
    joining.mpc_member = (mpc.mpc_uuid, participant.member_id)
    if participant.start_mpc_on_enter and mpc.status == "Initialized":
        mpc.status = "Active"
        mpc.start_at = core.now()
    if args.get("record") and mpc.recording_id is None:
        recording = start_recording(
            core,
            args.get("record_file_format"),
            recording_type="mpc",
            mpc_name=mpc.friendly_name,
            mpc_uuid=mpc.mpc_uuid,
        )
        mpc.recording_id = recording.recording_id
    return ctx.ack(
        calls=calls_out,
        message="add participant action initiated",
        request_uuid=ctx.state.new_uuid(),
    )


def _members(ctx: RequestContext, mpc: Mpc, *, allow_many: bool = True) -> list[Participant]:
    """Active participants named by the ``member_id`` path segment (an id, a list, or ``all``)."""
    raw = ctx.param("member_id")
    if raw == "all" and allow_many:
        return mpc.active_participants()
    ids = [m.strip() for m in raw.split(",")] if allow_many else [raw]
    found = []
    for member_id in ids:
        participant = mpc.participants.get(member_id)
        if participant is None or not participant.active:
            raise ApiError(404, f"participant {member_id} not found")
        found.append(participant)
    return found


def get_participant(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx, ongoing=False)
    participant = mpc.participants.get(ctx.param("member_id"))
    if participant is None:
        raise ApiError(404, "participant not found")
    return ctx.ack(**_render_participant(ctx, mpc, participant))


def list_participants(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx, ongoing=False)
    ordered = sorted(mpc.participants.values(), key=lambda p: int(p.member_id), reverse=True)
    objects = [_render_participant(ctx, mpc, p) for p in ordered]
    return paginate(ctx, objects, count_key="count")


def update_participant(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    args = ctx.args
    changes = {k: args[k] for k in ("mute", "hold", "coach_mode") if k in args}
    if not changes:
        raise ApiError(400, "give at least one of mute, hold, coach_mode")
    if "coach_mode" in changes and ctx.param("member_id") == "all":
        raise ApiError(400, "coach_mode cannot be changed for member_id all")
    members = _members(ctx, mpc)
    for participant in members:
        for name, value in changes.items():
            setattr(participant, name, bool(value))
    mpc_name = mpc.friendly_name
    messages = {
        "mute": f"MPC: {mpc_name} mute/unmute member(s) succeeded",
        "hold": f"MPC: {mpc_name} hold/unhold member(s) succeeded",
        "coach_mode": f"MPC: {mpc_name} coach_mode enable/disable succeeded",
    }
    return ctx.ack(**{k: messages[k] for k in changes})


def kick_participant(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    members = _members(ctx, mpc)
    for participant in members:
        _exit(ctx.core, participant, "Kicked Out of Multiparty Call", KICKED, "API Request")
    ending = next((p for p in members if p.end_mpc_on_exit), None)
    _apply_end_conditions(ctx.core, mpc, ending)
    return ctx.empty()


def _participant_recording(ctx: RequestContext) -> tuple[Mpc, Participant, Recording | None]:
    mpc = _resolve(ctx)
    participant = _members(ctx, mpc, allow_many=False)[0]
    recording = None
    if participant.recording_id is not None:
        recording = ctx.state.recordings.get(participant.recording_id)
        if recording is not None and recording.completed:
            recording = None
    return mpc, participant, recording


def participant_record_start(ctx: RequestContext) -> Reply:
    mpc, participant, current = _participant_recording(ctx)
    if current is not None:
        raise ApiError(400, "participant is already being recorded")
    call = ctx.state.calls.get(participant.call_uuid)
    recording = start_recording(
        ctx.core,
        ctx.args.get("file_format"),
        recording_type="mpc",
        mpc_name=mpc.friendly_name,
        mpc_uuid=mpc.mpc_uuid,
        member_id=participant.member_id,
        call_uuid=participant.call_uuid,
        from_number=call.from_number if call else None,
        to_number=call.to_number if call else None,
        callback_url=ctx.args.get("recording_callback_url"),
    )
    participant.recording_id = recording.recording_id
    return ctx.ack(
        message=f"MPC: {mpc.friendly_name} record started",
        recording_id=recording.recording_id,
        recording_url=recording_url(ctx.core, recording),
    )


def _require_recording(recording: Recording | None) -> Recording:
    if recording is None:
        raise ApiError(400, "no recording in progress")
    return recording


def participant_record_stop(ctx: RequestContext) -> Reply:
    _, _, recording = _participant_recording(ctx)
    finish_recording(ctx.core, _require_recording(recording))
    return ctx.empty()


def participant_record_pause(ctx: RequestContext) -> Reply:
    _require_recording(_participant_recording(ctx)[2]).paused = True
    return ctx.empty()


def participant_record_resume(ctx: RequestContext) -> Reply:
    _require_recording(_participant_recording(ctx)[2]).paused = False
    return ctx.empty()


def member_play_start(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    members = _members(ctx, mpc)
    for participant in members:
        participant.playing = True
    return ctx.ack(
        message="play queued into MPC",
        mpcMemberId=[p.member_id for p in members],
        mpcName=mpc.friendly_name,
    )


def member_play_stop(ctx: RequestContext) -> Reply:
    mpc = _resolve(ctx)
    for participant in _members(ctx, mpc):
        participant.playing = False
    return ctx.empty()


def _mpc_recording(ctx: RequestContext) -> tuple[Mpc, Recording | None]:
    mpc = _resolve(ctx)
    recording = ctx.state.recordings.get(mpc.recording_id) if mpc.recording_id else None
    if recording is not None and recording.completed:
        recording = None
    return mpc, recording


def record_start(ctx: RequestContext) -> Reply:
    mpc, current = _mpc_recording(ctx)
    if current is not None:
        raise ApiError(400, "multiparty call is already being recorded")
    if mpc.status != "Active":
        raise ApiError(400, "multiparty call is not active")
    recording = start_recording(
        ctx.core,
        ctx.args.get("file_format"),
        recording_type="mpc",
        mpc_name=mpc.friendly_name,
        mpc_uuid=mpc.mpc_uuid,
        callback_url=ctx.args.get("recording_callback_url"),
    )
    mpc.recording_id = recording.recording_id
    return ctx.ack(
        message=f"MPC: {mpc.friendly_name} record started",
        recording_id=recording.recording_id,
        recording_url=recording_url(ctx.core, recording),
    )


def record_stop(ctx: RequestContext) -> Reply:
    finish_recording(ctx.core, _require_recording(_mpc_recording(ctx)[1]))
    return ctx.empty()


def record_pause(ctx: RequestContext) -> Reply:
    _require_recording(_mpc_recording(ctx)[1]).paused = True
    return ctx.empty()


def record_resume(ctx: RequestContext) -> Reply:
    _require_recording(_mpc_recording(ctx)[1]).paused = False
    return ctx.empty()


MPC_ROUTES: dict[str, Handler] = {
    "mpc.start": start,
    "mpc.get": get,
    "mpc.list": list_mpcs,
    "mpc.stop": stop,
    "mpc.participant.add": add_participant,
    "mpc.participant.get": get_participant,
    "mpc.participant.list": list_participants,
    "mpc.participant.update": update_participant,
    "mpc.participant.kick": kick_participant,
    "mpc.participant.record.start": participant_record_start,
    "mpc.participant.record.stop": participant_record_stop,
    "mpc.participant.record.pause": participant_record_pause,
    "mpc.participant.record.resume": participant_record_resume,
    "mpc.member.play.start": member_play_start,
    "mpc.member.play.stop": member_play_stop,
    "mpc.record.start": record_start,
    "mpc.record.stop": record_stop,
    "mpc.record.pause": record_pause,
    "mpc.record.resume": record_resume,
}
