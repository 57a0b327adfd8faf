"""The inspection and control API under ``/__sim__/`` (no auth; the server is loopback only).

Everything a test does in process (journal queries, faults, the clock, OTPs, seeding) is also
reachable over HTTP, so a test in another process - a dialer killed mid-job, say - can
configure the simulator and check afterwards what reached it.

    GET    /__sim__/                      summary: account id, clock, limits, route list
    GET    /__sim__/journal               entries (filter: method endpoint path outcome fault ...)
    DELETE /__sim__/journal               forget all entries
    GET    /__sim__/calls/placed[?to=X]   calls placed (processed) / requested per destination
    GET    /__sim__/calls[?status=S]      every call with its lifecycle timestamps
    POST   /__sim__/calls/{uuid}/hangup   the called party hangs up
    POST   /__sim__/calls/{uuid}/press    {"digits": "12#"}: the callee keys in (run_xml)
    POST   /__sim__/behavior              {"destination"?, "answer", "busy", "ring_seconds", ...}
    GET    /__sim__/faults                the fault rules
    POST   /__sim__/faults                add a rule (the ``Fault`` fields as JSON); 201 + the rule
    DELETE /__sim__/faults[/{id}]         remove all rules, or one
    POST   /__sim__/faults/seed           {"seed": n}: reseed the fault draws
    GET    /__sim__/clock                 {"elapsed", "now", "manual"}
    POST   /__sim__/clock/advance         {"seconds": x}
    POST   /__sim__/run?seconds=N         advance N s, answer once nothing is pending any more
    GET    /__sim__/otp/{phone_number}    the OTP last sent to that number
    POST   /__sim__/conferences           {"name", "members": [caller numbers or member dicts]}
    GET    /__sim__/webhooks              webhook deliveries attempted
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from ._faults import Fault

if TYPE_CHECKING:
    from ._simulator import Simulator

__all__ = ["InspectionApi"]

PREFIX = "/__sim__/"


class InspectionApi:
    def __init__(self, simulator: Simulator) -> None:
        self.sim = simulator

    async def handle(self, request: web.Request) -> web.StreamResponse:
        parts = [unquote(p) for p in request.rel_url.raw_path[len(PREFIX) :].split("/") if p]
        method = request.method.upper()
        body: dict[str, Any] = {}
        if method == "POST":
            raw = await request.read()
            if raw.strip():
                try:
                    loaded = json.loads(raw)
                except ValueError:
                    return _error(400, "body must be JSON")
                if not isinstance(loaded, dict):
                    return _error(400, "body must be a JSON object")
                body = loaded
        query = dict(request.rel_url.query)
        try:
            if method == "POST" and parts == ["run"]:
                return await self._run(query, body)
            return self._dispatch(method, parts, query, body)
        except (TypeError, ValueError, KeyError) as exc:
            return _error(400, f"{type(exc).__name__}: {exc}")

    def _dispatch(
        self, method: str, parts: list[str], query: dict[str, str], body: dict[str, Any]
    ) -> web.StreamResponse:
        sim = self.sim
        route = (method, *parts)
        if route == ("GET",):
            return _ok(self._summary())
        if parts[:1] == ["journal"] and len(parts) == 1:
            if method == "DELETE":
                sim.journal.clear()
                return _ok({"cleared": True})
            if method == "GET":
                processed = query.get("processed")
                entries = sim.journal.entries(
                    method=query.get("method"),
                    endpoint=query.get("endpoint"),
                    path=query.get("path"),
                    outcome=query.get("outcome"),
                    processed=None if processed is None else processed.lower() == "true",
                    fault=query.get("fault"),
                )
                return _ok({"count": len(entries), "entries": [e.to_dict() for e in entries]})
        if route == ("GET", "calls", "placed"):
            if "to" in query:
                to = query["to"]
                return _ok(
                    {
                        "to": to,
                        "placed": sim.journal.calls_placed(to),
                        "requested": sim.journal.call_requests(to),
                    }
                )
            return _ok(
                {
                    "placed": sim.journal.destination_counts(),
                    "requested": sim.journal.destination_counts(processed_only=False),
                }
            )
        if route == ("GET", "calls"):
            status = query.get("status")
            calls = [c for c in sim.calls() if status is None or c.status == status]
            return _ok({"calls": [_call_summary(c) for c in calls]})
        if method == "POST" and len(parts) == 3 and parts[0] == "calls" and parts[2] == "hangup":
            if parts[1] not in sim.state.calls:
                return _error(404, "call not found")
            sim.hangup(parts[1])
            return _ok(_call_summary(sim.call(parts[1])))
        if method == "POST" and len(parts) == 3 and parts[0] == "calls" and parts[2] == "press":
            if parts[1] not in sim.state.calls:
                return _error(404, "call not found")
            if not sim.run_xml:
                return _error(409, "press needs the simulator to run answer XML (--run-xml)")
            digits = body.get("digits")
            if not isinstance(digits, str):
                return _error(400, 'body must be {"digits": "..."} (0-9, * and #)')
            sim.press(parts[1], digits)
            return _ok(_call_summary(sim.call(parts[1])))
        if route == ("POST", "behavior"):
            destination = body.pop("destination", None)
            behavior = sim.set_call_behavior(destination, **body)
            return _ok({"destination": destination, **asdict(behavior)})
        if parts[:1] == ["faults"]:
            return self._faults(method, parts[1:], body)
        if route == ("GET", "clock"):
            return _ok(self._clock())
        if route == ("POST", "clock", "advance"):
            seconds = float(body.get("seconds", 0))
            ran = sim.advance(seconds)
            return _ok({**self._clock(), "events_run": ran})
        if method == "GET" and len(parts) == 2 and parts[0] == "otp":
            return _ok({"phone_number": parts[1], "otp": sim.otp(parts[1])})
        if route == ("POST", "conferences"):
            members = body.get("members", ["14155550100", "14155550101"])
            conference = sim.add_conference(str(body["name"]), members)
            return _ok(
                {"name": conference.name, "member_ids": list(conference.members)}, status=201
            )
        if route == ("GET", "webhooks"):
            return _ok({"deliveries": [d.to_dict() for d in sim.webhook_deliveries]})
        return _error(404, "unknown simulator route; GET /__sim__/ lists them")

    async def _run(self, query: dict[str, str], body: dict[str, Any]) -> web.StreamResponse:
        """Advance, then wait for the requests it sends to the user's server and what their
        answers lead to (``Simulator.run_for``): the clock has arrived when this answers."""
        raw = query.get("seconds", body.get("seconds", 0))
        try:
            seconds = float(raw)
        except (TypeError, ValueError):
            return _error(400, f"seconds must be a number, got {raw!r}")
        if not math.isfinite(seconds) or seconds < 0:
            return _error(400, f"seconds must be a finite number >= 0, got {raw!r}")
        await self.sim.run_for(seconds)
        return _ok(self._clock())

    def _faults(self, method: str, rest: list[str], body: dict[str, Any]) -> web.StreamResponse:
        faults = self.sim.faults
        if method == "GET" and not rest:
            return _ok({"faults": [f.to_dict() for f in faults.rules]})
        if method == "POST" and not rest:
            rule = faults.add(Fault.from_dict(body))
            return _ok(rule.to_dict(), status=201)
        if method == "POST" and rest == ["seed"]:
            faults.reseed(body.get("seed"))
            return _ok({"seed": body.get("seed")})
        if method == "DELETE" and not rest:
            faults.clear()
            return _ok({"cleared": True})
        if method == "DELETE" and len(rest) == 1:
            if not faults.remove(int(rest[0])):
                return _error(404, "no such fault")
            return _ok({"removed": int(rest[0])})
        return _error(404, "unknown fault route")

    def _clock(self) -> dict[str, Any]:
        sim = self.sim
        return {"elapsed": sim.elapsed, "now": sim.now.isoformat(), "manual": sim.clock.manual}

    def _summary(self) -> dict[str, Any]:
        sim = self.sim
        return {
            "auth_id": sim.auth_id,
            "base_url": sim.base_url,
            "cps": sim.core.cps.cps,
            "api_requests": sim.api_limit.requests,
            "api_period": sim.api_limit.period,
            "clock": self._clock(),
            "routes": [
                line.strip() for line in (__doc__ or "").splitlines() if "/__sim__/" in line
            ][1:],
        }


def _call_summary(call: Any) -> dict[str, Any]:
    keys = (
        "call_uuid",
        "request_uuid",
        "from_number",
        "to_number",
        "status",
        "created_at",
        "dispatch_at",
        "ring_at",
        "answer_at",
        "end_at",
        "hangup_cause_name",
        "hangup_cause_code",
        "hangup_source",
        "transfers",
        "digits_sent",
        "playing",
        "speaking",
        "recording_ids",
        "stream_ids",
    )
    summary = {k: getattr(call, k) for k in keys}
    # What the answer XML did: [simulated second, step] pairs (see ``_xml_runner``).
    summary["xml_steps"] = [[at, what] for at, what in call.xml_steps]
    return summary


def _ok(data: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
