"""The simulator runs a user's call flow end to end: signed callbacks, answer XML fetched from
the user's own aiohttp app, digits, Redirect, Dial to a simulated agent, the CDR at the end."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web

from plivo_async.testing import Simulator
from plivo_async.webhooks import NONCE_HEADER, SIGNATURE_HEADER, validate_v3_signature

ServerFactory = Callable[[web.Application], Awaitable[str]]

TOKEN = "xml-flow-token"
EPOCH = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
OURS, CUSTOMER, AGENT = "14155550100", "14155550101", "14155550199"


class IvrService:
    """The user's service under test: answers Plivo's requests with XML, after checking the
    V3 signature of each one (a bad one is refused with 403 and remembered)."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.base = ""
        self.seen: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.documents: dict[str, str] = {}

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{name}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.method == "POST" else {}
        valid = validate_v3_signature(
            request.method,
            str(request.url),
            request.headers.get(NONCE_HEADER, ""),
            TOKEN,
            request.headers.get(SIGNATURE_HEADER, ""),
            form or None,
        )
        if not valid:
            self.refused.append(request.path)
            return web.Response(status=403)
        params = {**dict(request.query), **{k: str(v) for k, v in form.items()}}
        # The simulated clock as the service sees it while answering.
        self.seen.append({"path": request.path, "at": self.sim.elapsed, **params})
        return web.Response(text=self.document(request.path, params), content_type="text/xml")

    def document(self, path: str, params: dict[str, str]) -> str:
        base = self.base
        if path in self.documents:
            return self.documents[path]
        if path == "/answer":
            return (
                "<Response><Speak>Welcome to Example Bank.</Speak>"
                f'<GetDigits action="{base}menu" numDigits="1" timeout="5" retries="2">'
                "<Speak>Press 1 for an agent, 2 to hear your balance.</Speak></GetDigits>"
                "<Speak>We did not get your choice.</Speak></Response>"
            )
        if path == "/menu" and params.get("Digits") == "1":
            redirect = f'<Redirect method="GET">{base}transfer?queue=sales</Redirect>'
            return f"<Response>{redirect}</Response>"
        if path == "/menu":
            return "<Response><Speak>Your balance is zero.</Speak><Hangup/></Response>"
        if path == "/transfer":
            return (
                "<Response><Speak>Connecting you now.</Speak>"
                f'<Dial action="{base}dial-done" timeout="20"><Number>{AGENT}</Number></Dial>'
                "</Response>"
            )
        if path == "/dial-done":
            return "<Response><Speak>Thank you for calling. Goodbye.</Speak><Hangup/></Response>"
        return "<Response/>"  # ring and hangup: the body is ignored


async def start_service(sim: Simulator, loopback: ServerFactory) -> IvrService:
    service = IvrService(sim)
    service.base = await loopback(service.app())
    return service


async def place(sim: Simulator, service: IvrService, **extra: Any) -> str:
    base = service.base
    async with sim.client() as client:
        created = await client.calls.create(
            from_=OURS,
            to=CUSTOMER,
            answer_url=base + "answer",
            ring_url=base + "ring",
            hangup_url=base + "hangup",
            **extra,
        )
    return str(created.request_uuid)


async def cdr(sim: Simulator, call_uuid: str) -> Any:
    async with sim.client() as client:
        return await client.calls.get(call_uuid)


async def run_bank_flow(loopback: ServerFactory) -> dict[str, Any]:
    """Place the call, let the customer press 1, follow the Redirect, talk to the agent 30 s,
    hang up; returns everything observable, with the service's port taken out of URLs."""
    async with Simulator(run_xml=True, auth_token=TOKEN, epoch=EPOCH, seed=7) as sim:
        service = await start_service(sim, loopback)
        sim.set_call_behavior(CUSTOMER, digits="1")
        sim.set_call_behavior(AGENT, ring_seconds=3, talk_seconds=30)
        call_uuid = await place(sim, service)
        await sim.run_for(120)
        record = await cdr(sim, call_uuid)
        agent_leg = next(c for c in sim.calls() if c.to_number == AGENT)
        agent_record = await cdr(sim, agent_leg.call_uuid)
        return {
            "call_uuid": call_uuid,
            "agent_uuid": agent_leg.call_uuid,
            "cdr": record,
            "agent_cdr": agent_record,
            "seen": service.seen,
            "refused": service.refused,
            "steps": sim.call(call_uuid).xml_steps,
            "deliveries": [
                (d.purpose, d.method, urlsplit(d.url).path, d.params, d.sim_time, d.status)
                for d in sim.webhook_deliveries
            ],
            "journal": [
                (e.method, e.path, e.endpoint, e.status, e.sim_time) for e in sim.journal.entries()
            ],
        }


async def test_a_whole_call_flow_runs_against_the_users_service(loopback: ServerFactory) -> None:
    flow = await run_bank_flow(loopback)
    assert flow["refused"] == []  # every request carried a valid V3 signature
    seen = flow["seen"]
    assert [r["path"] for r in seen] == [
        "/ring",
        "/answer",
        "/menu",
        "/transfer",
        "/dial-done",
        "/hangup",
    ]
    assert {r["CallUUID"] for r in seen} == {flow["call_uuid"]}
    by_path = {r["path"]: r for r in seen}
    assert by_path["/answer"]["Event"] == "StartApp"
    assert by_path["/menu"]["Digits"] == "1"
    assert by_path["/transfer"]["queue"] == "sales"  # a GET Redirect keeps its own query
    assert by_path["/dial-done"]["DialStatus"] == "completed"
    assert by_path["/dial-done"]["DialBLegUUID"] == flow["agent_uuid"]
    # Ring at 0, answer at 2, 2 s welcome + 4 s prompt, the key at 9, 2 s "connecting", the
    # agent rings 3 s and talks 30 s, 2 s goodbye: each request at its simulated moment.
    assert [r["at"] for r in seen] == [0.0, 2.0, 9.0, 9.0, 44.0, 46.0]
    record = flow["cdr"]
    assert (record.hangup_cause_name, record.hangup_cause_code) == ("Normal Hangup", 4000)
    assert record.hangup_source == "Answer XML"
    assert record.bill_duration == 44
    agent = flow["agent_cdr"]
    assert agent.parent_call_uuid == flow["call_uuid"]
    assert (agent.hangup_source, agent.bill_duration) == ("Callee", 30)
    assert by_path["/hangup"]["HangupCause"] == "Normal Hangup"


async def test_the_same_flow_twice_gives_the_same_journal(loopback: ServerFactory) -> None:
    first = await run_bank_flow(loopback)
    second = await run_bank_flow(loopback)
    assert first["deliveries"] == second["deliveries"]
    assert first["journal"] == second["journal"]
    assert first["steps"] == second["steps"]
    assert [tuple(r.items()) for r in first["seen"]] == [tuple(r.items()) for r in second["seen"]]
    assert len(first["deliveries"]) == 6


async def test_the_service_really_checks_signatures(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        async with aiohttp.ClientSession() as session:
            headers = {SIGNATURE_HEADER: "forged", NONCE_HEADER: "1"}
            async with session.post(service.base + "answer", data={"CallUUID": "x"}) as r:
                assert r.status == 403
            async with session.post(service.base + "ring", headers=headers) as r:
                assert r.status == 403
    assert service.refused == ["/answer", "/ring"]


async def test_advancing_stops_the_clock_while_the_service_answers(
    loopback: ServerFactory,
) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN, epoch=EPOCH) as sim:
        service = await start_service(sim, loopback)
        sim.set_call_behavior(CUSTOMER, digits="1")
        sim.set_call_behavior(AGENT, talk_seconds=30)
        await place(sim, service)
        sim.advance(120)
        assert sim.elapsed == 0.0  # held: the ring callback is in flight
        await sim.drain_webhooks()
        assert sim.elapsed == 120.0
        assert [d.sim_time for d in sim.webhook_deliveries] == [r["at"] for r in service.seen]


async def test_no_input_retries_the_prompt_then_goes_on(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        call_uuid = await place(sim, service)
        await sim.run_for(60)
        steps = [what for _, what in sim.call(call_uuid).xml_steps]
        record = await cdr(sim, call_uuid)
    assert steps.count("GetDigits digits=''") == 2  # retries="2": two tries, nothing pressed
    assert "/menu" not in [r["path"] for r in service.seen]
    assert (record.hangup_cause_name, record.hangup_cause_code) == ("End Of XML Instructions", 4010)
    # Answered at 2: welcome 2 s, twice (prompt 4 s + 5 s timeout), six words 3 s: ends at 25.
    assert record.bill_duration == 23


async def test_press_types_at_the_prompt_listening_now(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        call_uuid = await place(sim, service)
        await sim.run_for(8.5)  # the prompt ended at 8: listening
        sim.press(call_uuid, "2")
        await sim.run_for(30)
        record = await cdr(sim, call_uuid)
        with pytest.raises(ValueError, match="not answered"):
            sim.press(call_uuid, "1")
        with pytest.raises(ValueError, match="0-9"):
            sim.press(call_uuid, "1a")
    menu = next(r for r in service.seen if r["path"] == "/menu")
    assert (menu["Digits"], menu["at"]) == ("2", 9.5)
    assert record.hangup_source == "Answer XML"


async def test_finish_key_and_several_entries(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = (
            f'<Response><GetDigits action="{service.base}pin" finishOnKey="#" retries="2">'
            "<Play>https://example.com/enter-pin.mp3</Play></GetDigits></Response>"
        )
        service.documents["/pin"] = "<Response><Hangup/></Response>"
        sim.set_call_behavior(CUSTOMER, digits=["9x", "4242#7"])
        await place(sim, service)
        await sim.run_for(60)
    pin = next(r for r in service.seen if r["path"] == "/pin")
    # "9x": an invalid key fails the first try; "4242#" is the second; "7" is never typed.
    assert pin["Digits"] == "4242"
    # answer 2, play 5, "9x" ends at 9, play again 5, five keys: the # at 19.
    assert pin["at"] == 19.0


async def test_dial_to_a_busy_agent_reports_busy_to_the_action(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = (
            f'<Response><Dial action="{service.base}dial-done"><Number>{AGENT}</Number>'
            "<Number>14155550198</Number></Dial></Response>"
        )
        sim.set_call_behavior(AGENT, busy=True)
        sim.set_call_behavior("14155550198", busy=True)
        await place(sim, service)
        await sim.run_for(60)
    done = next(r for r in service.seen if r["path"] == "/dial-done")
    assert (done["DialStatus"], done["DialBLegUUID"]) == ("busy", "")


async def test_first_leg_to_answer_wins(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = (
            f"<Response><Dial><Number>{AGENT}</Number><Number>14155550198</Number></Dial>"
            "</Response>"
        )
        sim.set_call_behavior(AGENT, ring_seconds=5, talk_seconds=10)
        sim.set_call_behavior("14155550198", ring_seconds=1, talk_seconds=10)
        call_uuid = await place(sim, service)
        await sim.run_for(60)
        legs = {c.to_number: c for c in sim.calls() if c.parent_call_uuid == call_uuid}
        record = await cdr(sim, call_uuid)
    assert legs["14155550198"].bill_duration == 10
    assert (legs[AGENT].hangup_cause_name, legs[AGENT].answer_at) == ("Canceled", None)
    # No action: after the Dial the document ends.
    assert record.hangup_cause_name == "End Of XML Instructions"


async def test_get_input_built_with_the_xml_builder(loopback: ServerFactory) -> None:
    from plivo_async.xml import GetInput, Hangup, Response, Speak

    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        prompt = GetInput(action=service.base + "pin", input_type="dtmf", num_digits=4)
        service.documents["/answer"] = (
            Response().add(prompt.add(Speak("Enter your PIN")), Hangup()).to_xml()
        )
        service.documents["/pin"] = Response().add(Speak("Thank you"), Hangup()).to_xml()
        sim.set_call_behavior(CUSTOMER, digits="123456")
        call_uuid = await place(sim, service)
        await sim.run_for(30)
        steps = [what for _, what in sim.call(call_uuid).xml_steps]
    pin = next(r for r in service.seen if r["path"] == "/pin")
    assert (pin["InputType"], pin["Digits"], pin["Speech"]) == ("dtmf", "1234", "")
    assert pin["at"] == 2.0 + 2.0 + 4.0  # answered, "Enter your PIN" 2 s, four keys
    assert steps[-3:] == ["Speak", "Hangup", "hangup: Normal Hangup"]  # the /pin document


INVALID_DOCUMENTS = {
    "not well-formed": ("<Response><Speak>hi</Response>", "text/xml"),
    "wrong root": ("<Reply><Speak>hi</Speak></Reply>", "text/xml"),
    "unknown element": ("<Response><Gather/></Response>", "text/xml"),
    "misplaced child": ("<Response><Number>1</Number></Response>", "text/xml"),
    "bad attribute": ('<Response><GetDigits numDigits="0"/></Response>', "text/xml"),
    "entity declaration": (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>'
        "<Response><Speak>&a;&a;</Speak></Response>",
        "text/xml",
    ),
    "not XML content type": ("<Response><Speak>hi</Speak></Response>", "text/html"),
    "over 100 KB": ("<Response><Speak>" + "a " * 60_000 + "</Speak></Response>", "text/xml"),
}


@pytest.mark.parametrize("case", INVALID_DOCUMENTS, ids=list(INVALID_DOCUMENTS))
async def test_invalid_answer_xml_ends_the_call(loopback: ServerFactory, case: str) -> None:
    body, content_type = INVALID_DOCUMENTS[case]

    async def answer(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type=content_type)

    app = web.Application()
    app.router.add_post("/answer", answer)
    base = await loopback(app)
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        async with sim.client() as client:
            created = await client.calls.create(from_=OURS, to=CUSTOMER, answer_url=base + "answer")
            await sim.run_for(30)
            record = await client.calls.get(str(created.request_uuid))
        steps = [what for _, what in sim.call(str(created.request_uuid)).xml_steps]
    assert (record.hangup_cause_name, record.hangup_cause_code) == ("Invalid Answer XML", 8011)
    assert (record.hangup_source, record.bill_duration) == ("Error", 0)
    assert any(step.startswith("invalid XML: ") for step in steps)


async def test_invalid_redirect_xml_and_unreachable_answer_url(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = (
            f"<Response><Wait length='3'/><Redirect>{service.base}next</Redirect></Response>"
        )
        service.documents["/next"] = "<Response><Play/></Response>"  # Play needs its URL
        redirected = await place(sim, service)
        async with sim.client() as client:
            # Nothing listens on port 9; the fallback is the service's answer.
            fallback = await client.calls.create(
                from_=OURS,
                to="14155550102",
                answer_url="http://127.0.0.1:9/answer",
                fallback_url=service.base + "answer",
            )
            lost = await client.calls.create(
                from_=OURS, to="14155550103", answer_url="http://127.0.0.1:9/answer"
            )
        await sim.run_for(30)
        records = [await cdr(sim, str(u)) for u in (redirected, fallback.request_uuid)]
        unreachable = await cdr(sim, str(lost.request_uuid))
    for record in records:
        assert (record.hangup_cause_name, record.hangup_cause_code) == (
            "Invalid Redirect XML",
            8014,
        )
        assert record.bill_duration == 3
    assert (unreachable.hangup_cause_code, unreachable.hangup_source) == (7011, "Error")


async def test_plain_webhooks_are_signed_too(loopback: ServerFactory) -> None:
    async with Simulator(webhooks=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        await place(sim, service)
        sim.advance(30)
        await sim.drain_webhooks()
    assert [r["path"] for r in service.seen] == ["/ring", "/answer", "/hangup"]
    assert service.refused == []
    # Without run_xml the answer is not executed: the callee's 10 s talk time ends the call.
    assert service.seen[-1]["HangupCause"] == "Normal Hangup"


def test_the_threaded_simulator_drains_and_presses() -> None:
    with Simulator.start_in_thread(run_xml=True, auth_token=TOKEN) as sim:
        with sim.sync_client() as client:
            created = client.calls.create(
                from_=OURS, to=CUSTOMER, answer_url="http://127.0.0.1:9/answer"
            )
        sim.run_for(10)
        call = sim.call(str(created.request_uuid))
        with pytest.raises(RuntimeError, match="run_xml"):
            Simulator().press("x", "1")
    assert (call.status, call.hangup_cause_code) == ("completed", 7011)


DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
# Also run as a file under pytest's defaults by tests/test_docs_examples.py; here in process.
(IVR_EXAMPLE,) = [
    block
    for block in re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.S)
    if "def test_pressing_1_reaches_sales" in block
]


async def test_the_documented_ivr_example_passes() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(IVR_EXAMPLE, str(DOCS), "exec"), namespace)
    await namespace["test_pressing_1_reaches_sales"]()


async def test_press_and_run_over_http_refuse_what_they_cannot_do(
    loopback: ServerFactory,
) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim, aiohttp.ClientSession() as http:
        service = await start_service(sim, loopback)
        call_uuid = await place(sim, service)
        control = sim.base_url + "__sim__/"

        async def post(path: str, body: Any = None) -> tuple[int, Any]:
            async with http.post(control + path, json=body) as answer:
                return answer.status, await answer.json()

        assert (await post("run?seconds=-1"))[0] == 400
        assert (await post("run?seconds=soon"))[0] == 400
        assert (await post("calls/nope/press", {"digits": "1"}))[0] == 404
        assert (await post(f"calls/{call_uuid}/press", {"digits": "1"}))[0] == 400  # ringing
        assert (await post("run?seconds=2.5"))[1]["elapsed"] == 2.5
        assert (await post(f"calls/{call_uuid}/press", {"digits": "1x"}))[0] == 400
        assert (await post(f"calls/{call_uuid}/press", {}))[0] == 400
        status, summary = await post(f"calls/{call_uuid}/press", {"digits": "2"})
        assert status == 200
        assert [what for _, what in summary["xml_steps"]] == ["fetch answer", "Speak"]
        await post("run?seconds=60")
    assert sim.call(call_uuid).hangup_cause_name == "Normal Hangup"
    assert [s["path"] for s in service.seen] == ["/ring", "/answer", "/menu", "/hangup"]
    assert service.seen[2]["Digits"] == "2"


async def test_press_over_http_needs_run_xml() -> None:
    async with Simulator() as sim, aiohttp.ClientSession() as http:
        async with sim.client() as client:
            created = await client.calls.create(from_=OURS, to=CUSTOMER, answer_url="http://x/")
        sim.advance(3)
        url = f"{sim.base_url}__sim__/calls/{created.request_uuid}/press"
        async with http.post(url, json={"digits": "1"}) as answer:
            assert answer.status == 409
            assert "run-xml" in (await answer.json())["error"]


# -- calls.transfer runs the XML at the new URL -------------------------------------------------

HOLD = '<Response><Speak>Please hold.</Speak><Wait length="60"/></Response>'


async def transfer(sim: Simulator, call_uuid: str, **args: Any) -> None:
    async with sim.client() as client:
        await client.calls.transfer(call_uuid, **args)


async def test_transfer_runs_the_xml_at_aleg_url(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = HOLD
        service.documents["/moved"] = "<Response><Speak>Moved.</Speak><Hangup/></Response>"
        call_uuid = await place(sim, service)
        await sim.run_for(10)
        await transfer(sim, call_uuid, legs="aleg", aleg_url=service.base + "moved")
        await sim.drain_webhooks()
        moved_at = next(s["at"] for s in service.seen if s["path"] == "/moved")
        await sim.run_for(10)
        call = sim.call(call_uuid)
    assert moved_at == 10.0  # fetched when the transfer was asked for, not later
    assert (call.hangup_cause_name, call.hangup_source) == ("Normal Hangup", "Answer XML")
    assert call.end_at == 11.0  # "Moved." takes 1 s; the Wait of the old document is gone
    assert [what for _, what in call.xml_steps][-4:] == [
        "fetch transfer", "Speak", "Hangup", "hangup: Normal Hangup",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("document", "cause"),
    [("<Response><Nope/></Response>", ("Invalid Transfer XML", 8013)), (None, None)],
)
async def test_a_bad_transfer_document_ends_the_call(
    loopback: ServerFactory, document: str | None, cause: tuple[str, int] | None
) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        service.documents["/answer"] = HOLD
        url = service.base + "moved"
        if document is None:  # nobody listens there
            url, cause = "http://127.0.0.1:9/moved", ("Error Reaching Transfer URL", 7013)
        else:
            service.documents["/moved"] = document
        call_uuid = await place(sim, service)
        await sim.run_for(5)
        await transfer(sim, call_uuid, aleg_url=url)
        await sim.run_for(1)
        record = await cdr(sim, call_uuid)
    assert (record.hangup_cause_name, record.hangup_cause_code) == cause
    assert record.hangup_source == "Error"


async def bridged_to_agent(sim: Simulator, service: IvrService) -> tuple[str, str]:
    service.documents["/answer"] = (
        f'<Response><Dial action="{service.base}dial-done"><Number>{AGENT}</Number></Dial>'
        "</Response>"
    )
    service.documents["/dial-done"] = "<Response><Speak>Bye now.</Speak></Response>"
    service.documents["/agent"] = "<Response><Speak>Survey time.</Speak><Hangup/></Response>"
    service.documents["/caller"] = "<Response><Speak>Back to you.</Speak></Response>"
    sim.set_call_behavior(AGENT, ring_seconds=3, talk_seconds=None)
    call_uuid = await place(sim, service)
    await sim.run_for(10)
    agent = next(c for c in sim.calls() if c.to_number == AGENT)
    assert agent.status == "in-progress"
    return call_uuid, agent.call_uuid


async def test_transferring_the_b_leg_ends_the_a_legs_dial(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        call_uuid, agent_uuid = await bridged_to_agent(sim, service)
        await transfer(sim, call_uuid, legs="bleg", bleg_url=service.base + "agent")
        await sim.run_for(10)
        caller, agent = sim.call(call_uuid), sim.call(agent_uuid)
    dial_done = next(s for s in service.seen if s["path"] == "/dial-done")
    assert (dial_done["DialStatus"], dial_done["DialBLegUUID"]) == ("completed", agent_uuid)
    agent_xml = next(s for s in service.seen if s["path"] == "/agent")
    assert agent_xml["CallUUID"] == agent_uuid
    assert (agent.hangup_cause_name, agent.hangup_source) == ("Normal Hangup", "Answer XML")
    assert caller.hangup_cause_name == "End Of XML Instructions"  # after "Bye now."


async def test_transferring_the_a_leg_out_of_a_dial_hangs_up_the_b_leg(
    loopback: ServerFactory,
) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        call_uuid, agent_uuid = await bridged_to_agent(sim, service)
        await transfer(sim, call_uuid, aleg_url=service.base + "caller")
        await sim.run_for(10)
        caller, agent = sim.call(call_uuid), sim.call(agent_uuid)
    paths = [s["path"] for s in service.seen]
    assert "/dial-done" not in paths  # the Dial was left, not finished
    assert (agent.hangup_cause_name, agent.end_at) == ("Normal Hangup", 10.0)
    assert caller.hangup_cause_name == "End Of XML Instructions"
    assert caller.end_at == 12.0  # "Back to you." (2 s), then the end of the document


async def test_transferring_both_legs_runs_both_documents(loopback: ServerFactory) -> None:
    async with Simulator(run_xml=True, auth_token=TOKEN) as sim:
        service = await start_service(sim, loopback)
        call_uuid, agent_uuid = await bridged_to_agent(sim, service)
        await transfer(
            sim,
            call_uuid,
            legs="both",
            aleg_url=service.base + "caller",
            bleg_url=service.base + "agent",
        )
        await sim.run_for(10)
        caller, agent = sim.call(call_uuid), sim.call(agent_uuid)
    assert [s["path"] for s in service.seen if s["at"] == 10.0][:2] == ["/caller", "/agent"]
    assert "/dial-done" not in [s["path"] for s in service.seen]
    assert (agent.hangup_source, caller.hangup_cause_name) == (
        "Answer XML",
        "End Of XML Instructions",
    )
