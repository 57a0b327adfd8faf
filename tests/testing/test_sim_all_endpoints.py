"""Every one of the 72 catalog endpoints answers a valid request with success, in one
realistic walk through an account (calls, streams, MPC, conferences, endpoints, caller IDs,
recordings)."""

from __future__ import annotations

from typing import Any

from conftest import Api

from plivo_async.testing import Simulator
from plivo_async.testing._catalog import load_catalog


class Walk:
    """Sends each request, expects success, and compares the body with the reference's example."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.catalog = load_catalog().by_id
        self.shape_mismatches: dict[str, set[str]] = {}

    async def ok(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        if method == "POST":
            status, answer = await self.api.request("POST", path, body or {})
        else:
            status, answer = await self.api.request(method, path, params=params)
        assert 200 <= status < 300, (method, path, status, answer)
        endpoint = self.catalog[self.api.sim.journal.entries()[-1].endpoint or ""]
        example = endpoint.response_example
        if isinstance(example, dict) and status != 204:
            missing = _keys(example) - _keys(answer)
            if missing:
                self.shape_mismatches[endpoint.id] = missing
        return answer


def _keys(body: Any, prefix: str = "") -> set[str]:
    """Key paths of a JSON body, one level into lists of objects (``objects[].call_uuid``)."""
    if not isinstance(body, dict):
        return set()
    keys = set()
    for key, value in body.items():
        keys.add(prefix + key)
        if isinstance(value, dict) and key == "meta":
            keys |= _keys(value, f"{prefix}{key}.")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            keys |= _keys(value[0], f"{prefix}{key}[].")
    return keys


async def test_all_72_endpoints_succeed_in_one_walk(sim: Simulator, api: Api) -> None:
    w = Walk(api)
    sim.set_call_behavior(talk_seconds=None)
    created = await w.ok(
        "POST", "Call/", {"from": "1000", "to": "1001<1002<1003", "answer_url": "http://h/a"}
    )
    x, y, z = created["request_uuid"]
    await w.ok("GET", "Call/", status="queued")
    await w.ok("GET", f"Call/{z}/", status="queued")
    sim.advance(3)
    await w.ok("GET", f"Call/{x}/", status="live")
    await w.ok("GET", "Call/", status="live")
    await w.ok("GET", f"/v2/Account/{sim.auth_id}/Call/", status="live")
    await w.ok("POST", f"Call/{x}/", {"legs": "aleg", "aleg_url": "http://h/x"})
    recording_id = (await w.ok("POST", f"Call/{x}/Record/"))["recording_id"]
    sim.advance(2)
    await w.ok("DELETE", f"Call/{x}/Record/")
    await w.ok("POST", f"Call/{x}/Play/", {"urls": "https://h/a.mp3"})
    await w.ok("DELETE", f"Call/{x}/Play/")
    await w.ok("POST", f"Call/{x}/Speak/", {"text": "hello"})
    await w.ok("DELETE", f"Call/{x}/Speak/")
    await w.ok("POST", f"Call/{x}/DTMF/", {"digits": "12"})
    stream_id = (await w.ok("POST", f"Call/{x}/Stream/", {"service_url": "wss://h/s"}))["stream_id"]
    await w.ok("GET", f"Call/{x}/Stream/")
    await w.ok("GET", f"Call/{x}/Stream/{stream_id}/")
    await w.ok("DELETE", f"Call/{x}/Stream/{stream_id}/")
    await w.ok("POST", f"Call/{x}/Stream/", {"service_url": "wss://h/s"})
    await w.ok("DELETE", f"Call/{x}/Stream/")
    await w.ok("DELETE", f"Call/{y}/")
    await w.ok("GET", f"Call/{y}/")
    await w.ok("GET", "Call/")
    await w.ok("POST", f"/v1/Call/{y}/Feedback/", {"rating": 5})
    await w.ok("GET", f"Recording/{recording_id}/")
    await w.ok("GET", "Recording/")

    room = "MultiPartyCall/name_room/"
    await w.ok("POST", room + "Participant/", {"role": "Agent", "from": "1000", "to": "2001",
                                               "stay_alone": True})  # fmt: skip
    await w.ok("POST", room + "Participant/", {"role": "Customer", "call_uuid": z})
    members = (await w.ok("GET", room + "Participant/"))["objects"]
    agent = next(m["member_id"] for m in members if m["role"] == "agent")
    customer = next(m["member_id"] for m in members if m["role"] == "customer")
    await w.ok("GET", room)
    await w.ok("GET", "MultiPartyCall/")
    await w.ok("GET", room + f"Participant/{agent}/")
    await w.ok(
        "POST", room + f"Participant/{agent}/", {"mute": True, "hold": False, "coach_mode": False}
    )
    await w.ok("POST", room + f"Participant/{agent}/Record/")
    await w.ok("POST", room + f"Participant/{agent}/Record/Pause/")
    await w.ok("POST", room + f"Participant/{agent}/Record/Resume/")
    await w.ok("DELETE", room + f"Participant/{agent}/Record/")
    await w.ok("POST", room + f"Member/{agent}/Play/", {"url": "https://h/a.mp3"})
    await w.ok("DELETE", room + f"Member/{agent}/Play/")
    await w.ok("POST", room + "Record/")
    await w.ok("POST", room + "Record/Pause/")
    await w.ok("POST", room + "Record/Resume/")
    await w.ok("DELETE", room + "Record/")
    await w.ok("DELETE", room + f"Participant/{customer}/")
    await w.ok("DELETE", room)
    lobby = "MultiPartyCall/name_lobby/"
    await w.ok("POST", lobby + "Participant/", {"role": "Agent", "from": "1000", "to": "3001",
                                                "start_mpc_on_enter": False})  # fmt: skip
    await w.ok("POST", lobby, {"status": "active"})

    conference = sim.add_conference("My Conf Room", ["1555", "1556", "1557"])
    first, second, _third = conference.members
    conf = "Conference/My%20Conf%20Room/"
    await w.ok("GET", conf)
    await w.ok("GET", "Conference/")
    for action in ("Mute", "Deaf"):
        await w.ok("POST", conf + f"Member/{first}/{action}/")
        await w.ok("DELETE", conf + f"Member/{first}/{action}/")
    await w.ok("POST", conf + "Member/all/Play/", {"url": "https://h/a.mp3"})
    await w.ok("DELETE", conf + "Member/all/Play/")
    await w.ok("POST", conf + f"Member/{first},{second}/Speak/", {"text": "hi"})
    await w.ok("DELETE", conf + f"Member/{first},{second}/Speak/")
    await w.ok("POST", conf + "Record/")
    await w.ok("DELETE", conf + "Record/")
    await w.ok("POST", conf + f"Member/{first}/Kick/")
    await w.ok("DELETE", conf + f"Member/{second}/")
    await w.ok("DELETE", conf)
    sim.add_conference("Other")
    await w.ok("DELETE", "Conference/")

    endpoint = await w.ok("POST", "Endpoint/", {"username": "zumba", "password": "s3cret",
                                                "alias": "zumba"})  # fmt: skip
    endpoint_path = f"Endpoint/{endpoint['endpoint_id']}/"
    await w.ok("GET", endpoint_path)
    await w.ok("GET", "Endpoint/")
    await w.ok("POST", endpoint_path, {"alias": "zumba2"})
    await w.ok("DELETE", endpoint_path)

    started = await w.ok("POST", "VerifiedCallerId/", {"phone_number": "+12025551234"})
    otp = sim.otp("+12025551234")
    await w.ok(
        "POST", f"VerifiedCallerId/Verification/{started['verification_uuid']}/", {"otp": otp}
    )
    await w.ok("GET", "VerifiedCallerId/%2B12025551234/")
    await w.ok("GET", "VerifiedCallerId/")
    await w.ok("POST", "VerifiedCallerId/12025551234/", {"alias": "main"})
    await w.ok("DELETE", "VerifiedCallerId/12025551234/")
    await w.ok("DELETE", f"Recording/{recording_id}/")

    reached = {e.endpoint for e in sim.journal.entries() if e.processed}
    assert reached == {e.id for e in load_catalog().endpoints}
    assert len(reached) == 72
    # Success bodies carry every field of the reference's example, except the SIP registration
    # details its endpoint list shows for an endpoint registered on a SIP phone.
    registered_only = {"objects[].sip_contact", "objects[].sip_expires", "objects[].sip_user_agent"}
    assert w.shape_mismatches == {"endpoint.list": registered_only}
