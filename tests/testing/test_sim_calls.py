"""Calls over plain HTTP: creation (single and bulk), the simulated lifecycle, live/queued
views, CDRs, transfer, hangup, record/play/speak/DTMF and feedback."""

from __future__ import annotations

from conftest import Api

from plivo_async.testing import Simulator

CDR_FIELDS = {
    "answer_time", "api_id", "bill_duration", "billed_duration", "call_direction",
    "call_duration", "call_state", "call_uuid", "conference_uuid", "end_time", "from_number",
    "hangup_cause_code", "hangup_cause_name", "hangup_source", "initiation_time",
    "parent_call_uuid", "resource_uri", "stir_verification", "to_number", "total_amount",
    "total_rate", "Stir_attestation", "voice_network_group", "source_ip",
}  # fmt: skip


async def test_single_call_returns_one_request_uuid_and_fires(api: Api) -> None:
    body = await api.place("14155550101")
    assert body["message"] == "call fired"
    assert isinstance(body["request_uuid"], str)
    assert [c.to_number for c in api.sim.calls()] == ["14155550101"]


async def test_bulk_to_places_one_call_per_destination(api: Api) -> None:
    body = await api.place("14155550101<14155550102<sip:john@phone.plivo.com")
    assert isinstance(body["request_uuid"], list)
    assert len(body["request_uuid"]) == 3
    calls = api.sim.calls()
    assert [c.to_number for c in calls] == [
        "14155550101",
        "14155550102",
        "sip:john@phone.plivo.com",
    ]
    assert [c.call_uuid for c in calls] == body["request_uuid"]


async def test_call_walks_queued_ringing_in_progress_completed_on_the_simulated_clock(
    sim: Simulator, api: Api
) -> None:
    sim.set_call_behavior(ring_seconds=3, talk_seconds=20)
    uuid = (await api.place("14155550101"))["request_uuid"]
    assert sim.call(uuid).status == "ringing"  # dispatched at once: under the CPS
    status, live = await api.get(f"Call/{uuid}/", status="live")
    assert (status, live["call_status"]) == (200, "ringing")
    status, _ = await api.get(f"Call/{uuid}/")
    assert status == 404  # no CDR while the call is live
    sim.advance(3)
    _, live = await api.get(f"Call/{uuid}/", status="live")
    assert live["call_status"] == "in-progress"
    assert set(live) >= {"direction", "from", "to", "caller_name", "session_start", "call_uuid"}
    sim.advance(19.9)
    assert sim.call(uuid).status == "in-progress"
    sim.advance(0.2)
    status, _ = await api.get(f"Call/{uuid}/", status="live")
    assert status == 404
    status, cdr = await api.get(f"Call/{uuid}/")
    assert status == 200
    assert set(cdr) == CDR_FIELDS
    assert cdr["bill_duration"] == 20
    assert cdr["billed_duration"] == 60
    assert cdr["hangup_cause_name"] == "Normal Hangup"
    assert cdr["hangup_source"] == "Callee"
    assert cdr["resource_uri"] == f"/v1/Account/{sim.auth_id}/Call/{uuid}/"


async def test_queued_and_live_listings_follow_the_cps(sim: Simulator, api: Api) -> None:
    # cps=10 in the fixture: of 3 calls, the first goes at once and the others wait 0.1 s each.
    uuids = (await api.place("1<2<3"))["request_uuid"]
    _, queued = await api.get("Call/", status="queued")
    _, live = await api.get("Call/", status="live")
    assert queued["calls"] == uuids[1:]
    assert live["calls"] == uuids[:1]
    status, one = await api.get(f"Call/{uuids[2]}/", status="queued")
    assert (status, one["call_status"], one["request_uuid"]) == (200, "queued", uuids[2])
    sim.advance(0.2)
    _, queued = await api.get("Call/", status="queued")
    _, live = await api.get("Call/", status="live", to_number="2")
    assert queued["calls"] == []
    assert live["calls"] == [uuids[1]]


async def test_live_list_v2_is_paginated_with_count(sim: Simulator, api: Api) -> None:
    await api.place("1<2<3")
    sim.advance(1)
    status, page = await api.get("/v2/Account/" + sim.auth_id + "/Call/", status="live", limit=2)
    assert status == 200
    assert page["meta"]["count"] == 3
    assert "total_count" not in page["meta"]
    assert len(page["objects"]) == 2
    assert page["objects"][0]["stir_attestation"] == "Not Applicable"
    assert "status=live" in page["meta"]["next"]


async def test_hangup_ends_a_live_call_and_unknown_calls_are_404(sim: Simulator, api: Api) -> None:
    uuid = (await api.place("14155550101"))["request_uuid"]
    sim.advance(5)
    status, body = await api.delete(f"Call/{uuid}/")
    assert (status, body) == (204, None)
    _, cdr = await api.get(f"Call/{uuid}/")
    assert cdr["hangup_source"] == "API Request"
    status, _ = await api.delete(f"Call/{uuid}/")
    assert status == 404
    status, body = await api.delete("Call/00000000-0000-0000-0000-000000000000/")
    assert status == 404
    assert set(body) == {"api_id", "error"}


async def test_hanging_up_a_ringing_call_cancels_it(sim: Simulator, api: Api) -> None:
    uuid = (await api.place("14155550101"))["request_uuid"]
    status, _ = await api.delete(f"Call/{uuid}/")
    assert status == 204
    _, cdr = await api.get(f"Call/{uuid}/")
    assert (cdr["hangup_cause_code"], cdr["answer_time"], cdr["bill_duration"]) == (1000, None, 0)


async def test_unanswered_and_busy_destinations(sim: Simulator, api: Api) -> None:
    sim.set_call_behavior("14155550111", answer=False)
    sim.set_call_behavior("14155550112", busy=True)
    uuids = (await api.place("14155550111<14155550112", ring_timeout=30))["request_uuid"]
    sim.advance(31)
    cdrs = [(await api.get(f"Call/{u}/"))[1] for u in uuids]
    assert [c["call_state"] for c in cdrs] == ["NO_ANSWER", "BUSY"]
    assert all(c["answer_time"] is None for c in cdrs)


async def test_transfer_acknowledges_and_requires_the_leg_urls(sim: Simulator, api: Api) -> None:
    uuid = (await api.place("14155550101"))["request_uuid"]
    sim.advance(3)
    status, body = await api.post(f"Call/{uuid}/", {"legs": "aleg", "aleg_url": "http://h/x"})
    assert status == 202
    assert body["message"] == "call transferred"
    assert sim.call(uuid).transfers[0]["aleg_url"] == "http://h/x"
    status, body = await api.post(f"Call/{uuid}/", {"legs": "both", "aleg_url": "http://h/x"})
    assert (status, body["error"]) == (400, "bleg_url parameter is missing")
    status, _ = await api.post("Call/00000000-0000-0000-0000-000000000000/", {"aleg_url": "u"})
    assert status == 404


async def test_play_speak_and_dtmf_acknowledgements(sim: Simulator, api: Api) -> None:
    uuid = (await api.place("14155550101"))["request_uuid"]
    sim.advance(3)
    status, body = await api.post(f"Call/{uuid}/Play/", {"urls": "https://h/a.mp3"})
    assert (status, body["message"]) == (202, "play started")
    assert sim.call(uuid).playing
    assert (await api.delete(f"Call/{uuid}/Play/"))[0] == 204
    status, body = await api.post(f"Call/{uuid}/Speak/", {"text": "hi", "voice": "WOMAN"})
    assert (status, body["message"]) == (202, "speak started")
    status, body = await api.post(f"Call/{uuid}/Speak/", {"text": "hi", "voice": "ROBOT"})
    assert status == 400
    assert (await api.delete(f"Call/{uuid}/Speak/"))[0] == 204
    status, body = await api.post(f"Call/{uuid}/DTMF/", {"digits": "123", "leg": "aleg"})
    assert (status, body["message"]) == (202, "digits sent")
    assert sim.call(uuid).digits_sent == ["123"]


async def test_recording_a_call_creates_a_recording_resource(sim: Simulator, api: Api) -> None:
    sim.set_call_behavior(talk_seconds=None)
    uuid = (await api.place("14155550101"))["request_uuid"]
    sim.advance(3)
    status, started = await api.post(f"Call/{uuid}/Record/", {"file_format": "wav"})
    assert (status, started["message"]) == (202, "call recording started")
    assert started["url"].endswith(started["recording_id"] + ".wav")
    sim.advance(7)
    assert (await api.delete(f"Call/{uuid}/Record/"))[0] == 204
    status, recording = await api.get(f"Recording/{started['recording_id']}/")
    assert status == 200
    assert recording["call_uuid"] == uuid
    assert recording["recording_duration_ms"] == "7000.00000"
    assert recording["recording_format"] == "wav"
    _, listing = await api.get("Recording/", call_uuid=uuid)
    assert [r["recording_id"] for r in listing["objects"]] == [started["recording_id"]]


async def test_call_list_filters_completed_calls(sim: Simulator, api: Api) -> None:
    sim.set_call_behavior("14155550102", talk_seconds=100)
    await api.place("14155550101<14155550102")
    sim.advance(200)
    _, everything = await api.get("Call/")
    _, long_calls = await api.get("Call/", bill_duration__gt=50)
    _, to_one = await api.get("Call/", to_number="14155550101")
    assert everything["meta"]["total_count"] == 2
    assert [c["to_number"] for c in long_calls["objects"]] == ["14155550102"]
    assert [c["to_number"] for c in to_one["objects"]] == ["14155550101"]


async def test_feedback_is_served_on_the_stats_path(sim: Simulator, api: Api) -> None:
    uuid = (await api.place("14155550101"))["request_uuid"]
    status, body = await api.post(f"/v1/Call/{uuid}/Feedback/", {"rating": 5})
    assert status == 201
    assert (body["message"], body["status"]) == ("Feedback has been posted", "success")
    status, body = await api.post(f"/v1/Call/{uuid}/Feedback/", {"rating": 3})
    assert status == 422  # issues are required below 5
    status, body = await api.post(f"/v1/Call/{uuid}/Feedback/", {"rating": 9})
    assert status == 422
    status, _ = await api.post(
        f"/v1/Call/{uuid}/Feedback/", {"rating": 2, "issues": ["ECHO", "AUDIO_LAG"]}
    )
    assert status == 201
    status, _ = await api.post("/v1/Call/unknown/Feedback/", {"rating": 5})
    assert status == 404
