"""Streams, SIP endpoints, verified caller IDs (with the OTP flow) and recordings."""

from __future__ import annotations

from conftest import Api

from plivo_async.testing import Simulator


async def _live_call(sim: Simulator, api: Api) -> str:
    sim.set_call_behavior(talk_seconds=None)
    uuid: str = (await api.place("14155550101"))["request_uuid"]
    sim.advance(3)
    return uuid


async def test_streams_start_list_stop(sim: Simulator, api: Api) -> None:
    uuid = await _live_call(sim, api)
    status, started = await api.post(f"Call/{uuid}/Stream/", {"service_url": "wss://h/s"})
    assert (status, started["message"]) == (200, "audio streaming started")
    status, _ = await api.post(f"Call/{uuid}/Stream/", {"service_url": "wss://h/s"})
    assert status == 400  # one active stream per URL
    status, _ = await api.post(f"Call/{uuid}/Stream/", {"service_url": "https://h/s"})
    assert status == 400  # not a WebSocket URL
    sim.advance(21)
    _, one = await api.get(f"Call/{uuid}/Stream/{started['stream_id']}/")
    assert (one["bill_duration"], one["end_time"], one["service_url"]) == (21, None, "wss://h/s")
    _, page = await api.get(f"Call/{uuid}/Stream/")
    assert page["meta"]["total_count"] == 1
    assert (await api.delete(f"Call/{uuid}/Stream/{started['stream_id']}/"))[0] == 204
    status, body = await api.delete(f"Call/{uuid}/Stream/")
    assert (status, body["error"]) == (400, "No active stream found")


async def test_ending_a_call_ends_its_streams_and_recordings(sim: Simulator, api: Api) -> None:
    uuid = await _live_call(sim, api)
    _, stream = await api.post(f"Call/{uuid}/Stream/", {"service_url": "wss://h/s"})
    _, recording = await api.post(f"Call/{uuid}/Record/")
    sim.advance(5)
    await api.delete(f"Call/{uuid}/")
    _, ended = await api.get(f"Call/{uuid}/Stream/{stream['stream_id']}/")
    assert ended["end_time"] is not None
    status, stored = await api.get(f"Recording/{recording['recording_id']}/")
    assert (status, stored["recording_duration_ms"]) == (200, "5000.00000")
    assert (await api.delete(f"Recording/{recording['recording_id']}/"))[0] == 204
    assert (await api.get(f"Recording/{recording['recording_id']}/"))[0] == 404


async def test_endpoint_crud(api: Api) -> None:
    status, created = await api.post(
        "Endpoint/", {"username": "zumba", "password": "s3cret", "alias": "zumba"}
    )
    assert (status, created["message"]) == (201, "created")
    assert created["username"].startswith("zumba")
    assert len(created["username"]) == len("zumba") + 12
    path = f"Endpoint/{created['endpoint_id']}/"
    _, endpoint = await api.get(path)
    assert endpoint["password"] != "s3cret"
    assert len(endpoint["password"]) == 32  # MD5 hex
    assert endpoint["sip_uri"] == f"sip:{created['username']}@phone.plivo.com"
    status, changed = await api.post(path, {"alias": "renamed"})
    assert (status, changed["message"]) == (202, "changed")
    assert (await api.get(path))[1]["alias"] == "renamed"
    assert (await api.post("Endpoint/", {"username": "u", "password": "abc", "alias": "a"}))[
        0
    ] == 400  # password shorter than 5
    assert (await api.delete(path))[0] == 204
    assert (await api.get(path))[0] == 404


async def test_verified_caller_id_otp_flow(sim: Simulator, api: Api) -> None:
    status, started = await api.post(
        "VerifiedCallerId/", {"phone_number": "+12025551234", "alias": "US Mainland"}
    )
    assert status == 200
    assert "valid for 15 minutes" in started["message"]
    verification = f"VerifiedCallerId/Verification/{started['verification_uuid']}/"
    status, body = await api.post(verification, {"otp": "not-it"})
    assert (status, body["error"]) == (400, "Invalid OTP")
    _, over_http = await api.get("/__sim__/otp/+12025551234")
    assert over_http["otp"] == sim.otp("12025551234")
    status, verified = await api.post(verification, {"otp": over_http["otp"]})
    assert (status, verified["phone_number"], verified["country"]) == (200, "+12025551234", "US")
    _, listed = await api.get("VerifiedCallerId/", country="US")
    assert [r["alias"] for r in listed["objects"]] == ["US Mainland"]
    status, updated = await api.post("VerifiedCallerId/%2B12025551234/", {"alias": "Main"})
    assert (status, updated["alias"]) == (200, "Main")
    assert (await api.delete("VerifiedCallerId/12025551234/"))[0] == 204
    assert (await api.get("VerifiedCallerId/12025551234/"))[0] == 404


async def test_otp_expires_after_15_simulated_minutes(sim: Simulator, api: Api) -> None:
    _, started = await api.post("VerifiedCallerId/", {"phone_number": "+447700900123"})
    sim.advance(15 * 60 + 1)
    status, body = await api.post(
        f"VerifiedCallerId/Verification/{started['verification_uuid']}/",
        {"otp": sim.otp("+447700900123")},
    )
    assert (status, body["error"]) == (400, "OTP has expired")
