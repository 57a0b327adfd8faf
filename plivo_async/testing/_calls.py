"""The call lifecycle: queued -> ringing -> in-progress -> completed, on the simulated clock.

Creation takes a CPS slot (queued until then, as Plivo queues calls over the account's CPS);
each later step is a clock event. Ending a call also ends what hangs off it: recordings
(which become Recording resources), streams and multiparty-call membership.
"""

from __future__ import annotations

from typing import Any

from ._core import SimCore
from ._routes_recordings import finish_recording
from ._state import Call

__all__ = ["NORMAL_HANGUP", "callback_params", "end_call", "hangup_by_api", "place_call"]

NORMAL_HANGUP = ("Normal Hangup", 4000)
CANCELED = ("Canceled", 1000)
BUSY = ("Busy Line", 3000)
NO_ANSWER = ("No Answer", 3020)
MPC_ENDED = ("Multiparty Call Ended", 4020)
KICKED = ("Kicked Out Of Multiparty Call", 4030)


def place_call(
    core: SimCore,
    *,
    from_number: str,
    to_number: str,
    params: dict[str, Any],
    use_cps: bool = True,
) -> Call:
    """Create a call and schedule its dispatch (at the next CPS slot unless ``use_cps=False``)."""
    state = core.state
    call_uuid = state.new_uuid()
    now = core.now()
    call = Call(
        call_uuid=call_uuid,
        request_uuid=call_uuid,
        from_number=from_number,
        to_number=to_number,
        direction="outbound",
        caller_name=str(params.get("caller_name") or from_number),
        created_at=now,
        params=params,
        parent_call_uuid=params.get("parent_call_uuid"),
    )
    state.calls[call_uuid] = call
    slot = core.cps.next_slot(now) if use_cps else now
    call.dispatch_at = slot
    core.clock.call_at(slot, lambda: _dispatch(core, call))
    return call


def _dispatch(core: SimCore, call: Call) -> None:
    if call.status != "queued":
        return
    behavior = core.state.behavior_for(call.to_number)
    call.status = "ringing"
    call.ring_at = core.now()
    core.emit_webhook(
        call.params.get("ring_url"),
        call.params.get("ring_method"),
        callback_params(core, call, Event="Ring", CallStatus="ringing"),
    )
    if behavior.busy:
        core.clock.call_later(0.0, lambda: _unanswered(core, call, BUSY, "BUSY"))
        return
    ring_timeout = float(call.params.get("ring_timeout") or 60)
    hangup_on_ring = call.params.get("hangup_on_ring")
    if hangup_on_ring is not None:
        ring_timeout = min(ring_timeout, float(hangup_on_ring))
    if behavior.answer and behavior.ring_seconds < ring_timeout:
        core.clock.call_later(behavior.ring_seconds, lambda: _answer(core, call))
    else:
        core.clock.call_later(ring_timeout, lambda: _unanswered(core, call, NO_ANSWER, "NO_ANSWER"))


def _answer(core: SimCore, call: Call) -> None:
    if call.status != "ringing":
        return
    call.status = "in-progress"
    call.answer_at = core.now()
    hooks = core.state.call_hooks
    # With answer XML run, the hook fetches answer_url (and executes what comes back).
    if hooks is None or not hooks.answered(call):
        core.emit_webhook(
            call.params.get("answer_url"),
            call.params.get("answer_method"),
            callback_params(core, call, Event="StartApp", CallStatus="in-progress"),
        )
    behavior = core.state.behavior_for(call.to_number)
    talk = behavior.talk_seconds
    time_limit = call.params.get("time_limit")
    if time_limit is not None:
        limit = min(float(time_limit), 86400.0)
        talk = limit if talk is None else min(talk, limit)
    if talk is not None:
        source = "Callee" if talk == behavior.talk_seconds else "Plivo"
        core.clock.call_later(
            talk, lambda: end_call(core, call, cause=NORMAL_HANGUP, source=source)
        )


def _unanswered(core: SimCore, call: Call, cause: tuple[str, int], call_state: str) -> None:
    if call.status != "ringing":
        return
    end_call(core, call, cause=cause, source="Callee", call_state=call_state)


def hangup_by_api(core: SimCore, call: Call) -> None:
    """``DELETE Call/{uuid}/``: cancels a call not yet answered, ends an answered one."""
    if call.status == "in-progress":
        end_call(core, call, cause=NORMAL_HANGUP, source="API Request")
    else:
        end_call(core, call, cause=CANCELED, source="API Request", call_state="CANCEL")


def end_call(
    core: SimCore,
    call: Call,
    *,
    cause: tuple[str, int],
    source: str,
    call_state: str | None = None,
) -> None:
    if call.status == "completed":
        return
    now = core.now()
    call.status = "completed"
    call.end_at = now
    call.hangup_cause_name, call.hangup_cause_code = cause
    call.hangup_source = source
    call.call_state = call_state or ("ANSWER" if call.answer_at is not None else "CANCEL")
    state = core.state
    for recording_id in call.recording_ids:
        recording = state.recordings.get(recording_id)
        if recording is not None:
            finish_recording(core, recording)
    for stream_id in call.stream_ids:
        stream = state.streams.get(stream_id)
        if stream is not None and stream.end_at is None:
            stream.end_at = now
    if call.mpc_member is not None:
        from ._routes_mpc import participant_left  # late import: mpc builds on calls

        mpc_uuid, member_id = call.mpc_member
        participant_left(core, mpc_uuid, member_id, "Participant Call Hangup")
    if state.call_hooks is not None:
        state.call_hooks.ended(call)
    core.emit_webhook(
        call.params.get("hangup_url"),
        call.params.get("hangup_method"),
        callback_params(
            core,
            call,
            Event="Hangup",
            CallStatus="completed" if call.answer_at is not None else "no-answer",
            HangupCause=call.hangup_cause_name or "",
            HangupCauseCode=str(call.hangup_cause_code),
            HangupSource=source,
            Duration=str(call.bill_duration),
            BillDuration=str(call.bill_duration),
        ),
    )


def callback_params(core: SimCore, call: Call, **extra: str) -> dict[str, str]:
    return {
        "From": call.from_number,
        "To": call.to_number,
        "RequestUUID": call.request_uuid,
        "ALegRequestUUID": call.request_uuid,
        "CallUUID": call.call_uuid,
        "ALegUUID": call.call_uuid,
        "Direction": call.direction,
        "SessionStart": core.clock.wall(call.ring_at or core.now()).strftime(
            "%Y-%m-%d %H:%M:%S.%f"
        ),
        "STIRAttestation": "Not Applicable",
        **extra,
    }
