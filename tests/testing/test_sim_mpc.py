"""Multiparty calls: creation by the first participant, roles, mute/hold/coach, kick and the
end conditions, recordings and member play."""

from __future__ import annotations

from typing import Any

from conftest import Api

from plivo_async.testing import Simulator

ROOM = "MultiPartyCall/name_room/"


async def _add(api: Api, **body: Any) -> Any:
    status, answer = await api.post(ROOM + "Participant/", body)
    assert status == 200, answer
    return answer


async def _members(api: Api) -> dict[str, dict[str, Any]]:
    _, page = await api.get(ROOM + "Participant/")
    return {m["member_address"]: m for m in page["objects"]}


async def test_first_participant_creates_and_starts_the_mpc(sim: Simulator, api: Api) -> None:
    added = await _add(api, role="Agent", **{"from": "1000", "to": "2001"})
    assert added["message"] == "add participant action initiated"
    assert [c["to"] for c in added["calls"]] == ["2001"]
    status, mpc = await api.get(ROOM)
    assert (status, mpc["status"], mpc["friendly_name"]) == (200, "Active", "room")
    status, by_uuid = await api.get(f"MultiPartyCall/uuid_{mpc['mpc_uuid']}/")
    assert by_uuid["mpc_uuid"] == mpc["mpc_uuid"]
    assert sim.call(added["calls"][0]["call_uuid"]).status == "in-progress"


async def test_parallel_dial_is_for_agents_only_and_the_first_destination_joins(
    api: Api,
) -> None:
    status, _ = await api.post(
        ROOM + "Participant/", {"role": "Customer", "from": "1000", "to": "2001<2002"}
    )
    assert status == 400
    added = await _add(api, role="Agent", **{"from": "1000", "to": "2001<2002"})
    assert len(added["calls"]) == 2
    assert list(await _members(api)) == ["2001"]


async def test_add_needs_from_and_to_or_a_live_call_uuid(api: Api) -> None:
    status, _ = await api.post(ROOM + "Participant/", {"role": "Agent", "from": "1000"})
    assert status == 400
    status, _ = await api.post(ROOM + "Participant/", {"role": "Agent", "call_uuid": "nope"})
    assert status == 404
    status, _ = await api.post(ROOM + "Participant/", {"role": "Boss", "from": "1", "to": "2"})
    assert status == 400


async def test_update_mute_hold_coach(api: Api) -> None:
    await _add(api, role="Agent", **{"from": "1000", "to": "2001"})
    await _add(api, role="Supervisor", **{"from": "1000", "to": "2002"})
    members = await _members(api)
    supervisor = members["2002"]["member_id"]
    status, body = await api.post(
        ROOM + f"Participant/{supervisor}/", {"mute": True, "coach_mode": True}
    )
    assert status == 200
    assert set(body) == {"api_id", "mute", "coach_mode"}
    _, participant = await api.get(ROOM + f"Participant/{supervisor}/")
    assert (participant["mute"], participant["coach_mode"], participant["hold"]) == (
        True,
        True,
        False,
    )
    status, _ = await api.post(ROOM + "Participant/all/", {"coach_mode": True})
    assert status == 400
    status, _ = await api.post(ROOM + "Participant/all/", {"hold": True})
    assert status == 200
    assert all(m["hold"] for m in (await _members(api)).values())


async def test_kicking_leaves_one_participant_alone_and_ends_the_mpc(
    sim: Simulator, api: Api
) -> None:
    await _add(api, role="Agent", **{"from": "1000", "to": "2001"})
    await _add(api, role="Customer", **{"from": "1000", "to": "2002"})
    members = await _members(api)
    status, _ = await api.delete(ROOM + f"Participant/{members['2002']['member_id']}/")
    assert status == 204
    _, mpcs = await api.get("MultiPartyCall/", status="ended")
    [ended] = mpcs["objects"]
    assert (ended["termination_cause_code"], ended["duration"]) == (1010, 0)
    assert all(c.status == "completed" for c in sim.calls())
    status, _ = await api.get(ROOM)
    assert status == 404  # names resolve only for ongoing MPCs
    _, listing = await api.get(f"MultiPartyCall/uuid_{ended['mpc_uuid']}/Participant/")
    causes = {p["member_address"]: p["exit_cause"] for p in listing["objects"]}
    assert causes == {"2001": "Multiparty Call Ended", "2002": "Kicked Out of Multiparty Call"}


async def test_a_participant_hanging_up_exits_the_mpc(sim: Simulator, api: Api) -> None:
    added = await _add(api, role="Agent", **{"from": "1000", "to": "2001"}, stay_alone=True)
    await _add(api, role="Customer", **{"from": "1000", "to": "2002"})
    sim.hangup(added["calls"][0]["call_uuid"])
    members = await _members(api)
    assert members["2001"]["exit_cause"] == "Participant Call Hangup"
    assert (await api.get(ROOM))[1]["status"] == "Active"  # stay_alone lets the other stay


async def test_start_activates_an_initialized_mpc_and_stop_ends_it(api: Api) -> None:
    await _add(api, role="Agent", **{"from": "1000", "to": "2001"}, start_mpc_on_enter=False)
    assert (await api.get(ROOM))[1]["status"] == "Initialized"
    assert (await api.post(ROOM, {"status": "active"}))[0] == 204
    assert (await api.get(ROOM))[1]["status"] == "Active"
    assert (await api.post(ROOM, {"status": "active"}))[0] == 404
    assert (await api.delete(ROOM))[0] == 204
    _, mpcs = await api.get("MultiPartyCall/", termination_cause_code=3000)
    assert mpcs["meta"]["count"] == 1


async def test_recordings_member_play_and_their_resources(sim: Simulator, api: Api) -> None:
    await _add(api, role="Agent", **{"from": "1000", "to": "2001"})
    await _add(api, role="Customer", **{"from": "1000", "to": "2002"})
    member = (await _members(api))["2001"]["member_id"]
    status, started = await api.post(ROOM + "Record/", {"file_format": "wav"})
    assert started["message"] == "MPC: room record started"
    assert started["recording_url"].endswith(".wav")
    assert (await api.get(ROOM))[1]["recording"] == "recording"
    await api.post(ROOM + "Record/Pause/")
    assert (await api.get(ROOM))[1]["recording"] == "paused"
    sim.advance(4)
    assert (await api.delete(ROOM + "Record/"))[0] == 204
    _, recordings = await api.get("Recording/", mpc_name="room")
    assert [r["recording_id"] for r in recordings["objects"]] == [started["recording_id"]]
    assert (await api.delete(ROOM + "Record/"))[0] == 400  # nothing is being recorded
    status, play = await api.post(ROOM + f"Member/{member}/Play/", {"url": "https://h/a.mp3"})
    assert (status, play["mpcMemberId"], play["mpcName"]) == (202, [member], "room")
    status, _ = await api.post(ROOM + "Member/999/Play/", {"url": "https://h/a.mp3"})
    assert status == 404
