"""Conferences. On Plivo they start from XML (a ``<Conference>`` in answer XML), which the
simulator does not run: tests seed them with ``Simulator.add_conference``; the API then lists,
inspects, mutes, plays to, records and hangs them up as documented."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._core import ApiError, Handler, Reply, RequestContext, SimCore
from ._routes_recordings import finish_recording, recording_url, start_recording
from ._state import Conference, ConferenceMember

__all__ = ["CONFERENCE_ROUTES", "seed_conference"]


def seed_conference(
    core: SimCore,
    name: str,
    members: Sequence[str | dict[str, Any]] = ("14155550100", "14155550101"),
) -> Conference:
    """Create (or extend) a running conference; each member is a caller number or a dict of
    ``ConferenceMember`` fields (``from_number``, ``to_number``, ``caller_name``, ``muted``...)."""
    state = core.state
    now = core.now()
    conference = state.conferences.get(name)
    if conference is None:
        conference = Conference(name=name, conference_uuid=state.new_uuid(), started_at=now)
        state.conferences[name] = conference
    for spec in members:
        fields: dict[str, Any] = {"from_number": spec} if isinstance(spec, str) else dict(spec)
        fields.setdefault("to_number", "14155550000")
        fields.setdefault("join_at", now)
        member = ConferenceMember(
            member_id=state.new_member_id(), call_uuid=state.new_uuid(), **fields
        )
        conference.members[member.member_id] = member
    return conference


def _conference(ctx: RequestContext) -> Conference:
    conference = ctx.state.conferences.get(ctx.param("conference_name"))
    if conference is None:
        raise ApiError(404, "conference not found")
    return conference


def _members(ctx: RequestContext, conference: Conference) -> list[ConferenceMember]:
    raw = ctx.param("member_id")
    if raw == "all":
        return list(conference.members.values())
    found = []
    for member_id in (m.strip() for m in raw.split(",")):
        member = conference.members.get(member_id)
        if member is None:
            raise ApiError(404, f"member {member_id} not found")
        found.append(member)
    return found


def _python_repr_ids(members: list[ConferenceMember], raw: str) -> str:
    """The reference returns member ids as a Python 2 list repr (``"[u'10', u'11']"``)."""
    ids = ["all"] if raw == "all" else [m.member_id for m in members]
    return "[" + ", ".join(f"u'{i}'" for i in ids) + "]"


def get(ctx: RequestContext) -> Reply:
    conference = _conference(ctx)
    now = ctx.core.now()
    members = [
        {
            "muted": m.muted,
            "member_id": m.member_id,
            "deaf": m.deaf,
            "from": m.from_number,
            "to": m.to_number,
            "caller_name": m.caller_name,
            "direction": m.direction,
            "call_uuid": m.call_uuid,
            "join_time": str(round(now - m.join_at)),
        }
        for m in conference.members.values()
    ]
    return ctx.ack(
        conference_name=conference.name,
        conference_run_time=str(round(now - conference.started_at)),
        conference_member_count=str(len(members)),
        members=members,
    )


def list_conferences(ctx: RequestContext) -> Reply:
    return ctx.ack(conferences=sorted(ctx.state.conferences))


def _end(ctx: RequestContext, conference: Conference) -> None:
    if conference.recording_id and conference.recording_id in ctx.state.recordings:
        finish_recording(ctx.core, ctx.state.recordings[conference.recording_id])
    ctx.state.conferences.pop(conference.name, None)


def hangup(ctx: RequestContext) -> Reply:
    _end(ctx, _conference(ctx))
    return ctx.empty()


def hangup_all(ctx: RequestContext) -> Reply:
    for conference in list(ctx.state.conferences.values()):
        _end(ctx, conference)
    return ctx.empty()


def _remove_members(ctx: RequestContext) -> tuple[Conference, list[ConferenceMember]]:
    conference = _conference(ctx)
    members = _members(ctx, conference)
    for member in members:
        conference.members.pop(member.member_id, None)
    if not conference.members:
        _end(ctx, conference)
    return conference, members


def member_hangup(ctx: RequestContext) -> Reply:
    _remove_members(ctx)
    return ctx.empty()


def member_kick(ctx: RequestContext) -> Reply:
    _remove_members(ctx)
    return ctx.ack(message="kicked", member_id=ctx.param("member_id"))


def _set(ctx: RequestContext, attribute: str, value: bool) -> None:
    for member in _members(ctx, _conference(ctx)):
        setattr(member, attribute, value)


def member_mute(ctx: RequestContext) -> Reply:
    _set(ctx, "muted", True)
    return ctx.ack(message="muted", member_id=ctx.param("member_id"))


def member_unmute(ctx: RequestContext) -> Reply:
    _set(ctx, "muted", False)
    return ctx.empty()


def member_deaf(ctx: RequestContext) -> Reply:
    _set(ctx, "deaf", True)
    return ctx.ack(message="deaf", member_id=ctx.param("member_id"))


def member_undeaf(ctx: RequestContext) -> Reply:
    _set(ctx, "deaf", False)
    return ctx.empty()


def member_play_start(ctx: RequestContext) -> Reply:
    members = _members(ctx, _conference(ctx))
    for member in members:
        member.playing = True
    return ctx.ack(
        message="play queued into conference",
        member_id=_python_repr_ids(members, ctx.param("member_id")),
    )


def member_play_stop(ctx: RequestContext) -> Reply:
    _set(ctx, "playing", False)
    return ctx.empty()


def member_speak_start(ctx: RequestContext) -> Reply:
    members = _members(ctx, _conference(ctx))
    for member in members:
        member.speaking = True
    return ctx.ack(
        message="speak queued into conference",
        member_id=_python_repr_ids(members, ctx.param("member_id")),
    )


def member_speak_stop(ctx: RequestContext) -> Reply:
    _set(ctx, "speaking", False)
    return ctx.empty()


def record_start(ctx: RequestContext) -> Reply:
    conference = _conference(ctx)
    current = ctx.state.recordings.get(conference.recording_id or "")
    if current is not None and not current.completed:
        raise ApiError(400, "conference is already being recorded")
    recording = start_recording(
        ctx.core,
        ctx.args.get("file_format"),
        recording_type="conference",
        conference_name=conference.name,
        conference_uuid=conference.conference_uuid,
        callback_url=ctx.args.get("callback_url"),
    )
    conference.recording_id = recording.recording_id
    return ctx.ack(
        message="conference recording started",
        recording_id=recording.recording_id,
        url=recording_url(ctx.core, recording),
    )


def record_stop(ctx: RequestContext) -> Reply:
    conference = _conference(ctx)
    current = ctx.state.recordings.get(conference.recording_id or "")
    if current is not None:
        finish_recording(ctx.core, current)
    return ctx.empty()


CONFERENCE_ROUTES: dict[str, Handler] = {
    "conference.get": get,
    "conference.list": list_conferences,
    "conference.hangup": hangup,
    "conference.hangup_all": hangup_all,
    "conference.member.hangup": member_hangup,
    "conference.member.kick": member_kick,
    "conference.member.mute": member_mute,
    "conference.member.unmute": member_unmute,
    "conference.member.deaf": member_deaf,
    "conference.member.undeaf": member_undeaf,
    "conference.member.play.start": member_play_start,
    "conference.member.play.stop": member_play_stop,
    "conference.member.speak.start": member_speak_start,
    "conference.member.speak.stop": member_speak_stop,
    "conference.record.start": record_start,
    "conference.record.stop": record_stop,
}
