"""Conferences seeded by the test helper, then driven through the API."""

from __future__ import annotations

from conftest import Api

from plivo_async.testing import Simulator

CONF = "Conference/My%20Conf%20Room/"


async def test_seeded_conference_is_listed_and_described(sim: Simulator, api: Api) -> None:
    conference = sim.add_conference(
        "My Conf Room", ["1555", {"from_number": "1556", "muted": True}]
    )
    sim.advance(30)
    _, listing = await api.get("Conference/")
    assert listing["conferences"] == ["My Conf Room"]
    status, body = await api.get(CONF)
    assert status == 200
    assert (body["conference_member_count"], body["conference_run_time"]) == ("2", "30")
    assert [m["member_id"] for m in body["members"]] == list(conference.members)
    assert [m["muted"] for m in body["members"]] == [False, True]
    assert (await api.get("Conference/Nope/"))[0] == 404


async def test_member_actions_change_member_state(sim: Simulator, api: Api) -> None:
    first, second = sim.add_conference("My Conf Room").members
    status, body = await api.post(CONF + f"Member/{first}/Mute/")
    assert (status, body["message"], body["member_id"]) == (202, "muted", first)
    status, body = await api.post(CONF + "Member/all/Deaf/")
    assert (status, body["message"]) == (202, "deaf")
    _, state = await api.get(CONF)
    assert [(m["muted"], m["deaf"]) for m in state["members"]] == [(True, True), (False, True)]
    await api.delete(CONF + f"Member/{first}/Mute/")
    status, body = await api.post(CONF + f"Member/{first},{second}/Play/", {"url": "https://h/a"})
    assert body["member_id"] == f"[u'{first}', u'{second}']"
    status, body = await api.post(CONF + "Member/all/Speak/", {"text": "hi", "language": "en-US"})
    assert (status, body["member_id"]) == (202, "[u'all']")
    status, _ = await api.post(CONF + "Member/all/Speak/", {"text": "hi", "language": "xx-XX"})
    assert status == 400
    status, body = await api.post(CONF + f"Member/{first}/Kick/")
    assert (status, body["message"]) == (202, "kicked")
    assert (await api.post(CONF + f"Member/{first}/Kick/"))[0] == 404
    assert (await api.delete(CONF + f"Member/{second}/"))[0] == 204
    assert (await api.get(CONF))[0] == 404  # the last member left: the conference ended


async def test_conference_recording_and_hangups(sim: Simulator, api: Api) -> None:
    sim.add_conference("My Conf Room")
    sim.add_conference("Other")
    status, started = await api.post(CONF + "Record/", {"file_format": "mp3"})
    assert (status, started["message"]) == (202, "conference recording started")
    sim.advance(12)
    assert (await api.delete(CONF + "Record/"))[0] == 204
    _, recording = await api.get(f"Recording/{started['recording_id']}/")
    assert (recording["recording_type"], recording["conference_name"]) == (
        "conference",
        "My Conf Room",
    )
    assert (await api.delete(CONF))[0] == 204
    assert (await api.get("Conference/"))[1]["conferences"] == ["Other"]
    assert (await api.delete("Conference/"))[0] == 204
    assert (await api.get("Conference/"))[1]["conferences"] == []
