"""Running a call's answer XML: fetch ``answer_url``, execute the elements one at a time on the
simulated clock, follow ``Redirect`` and input/dial ``action`` URLs, end the call as Plivo does.

What each element does here (the rest of the document waits for it):

- ``Speak``: one second per 2.5 words (at least 1 s), times ``loop``; ``Play``: 5 s per loop
  (the audio is never fetched); ``loop="0"`` keeps the call there until it ends. ``Wait``:
  ``length`` seconds.
- ``GetDigits``/``GetInput`` (DTMF): the prompts play, then the callee types the next entry of
  its scripted input (``CallBehavior.digits``, ``Simulator.press``) one key per second. Input
  ends on ``finishOnKey`` (not sent), at ``numDigits``, or ``digitTimeout`` after the last key;
  no key within ``timeout`` (GetInput: ``executionTimeout``) or a key outside ``validDigits``
  is a failed try: the prompts play again (``retries``), then the next element runs. Digits go
  to ``action`` as ``Digits``; with ``redirect`` (default) its XML replaces the document,
  without it the document goes on. Speech input is not simulated (it times out).
- ``Dial``: every ``Number``/``User`` becomes a call (child of this one) that rings and answers
  as its destination's ``CallBehavior`` says; the first to answer is bridged, the others are
  cancelled; when the bridged leg ends (its talk time, ``timeLimit``, a test's hangup) or
  nobody answers, ``action`` gets ``DialStatus`` and the others, then as for GetDigits.
- ``Hangup`` ends the call (source "Answer XML"; ``schedule`` ends it later while the document
  goes on); ``Redirect`` fetches a new document; ``DTMF`` is recorded in ``digits_sent``;
  ``Conference`` and ``MultiPartyCall`` hold the call until something ends it; ``PreAnswer``,
  ``Record``, ``Stream`` and ``Message`` are skipped. Running out of elements hangs up with
  "End Of XML Instructions".

A URL that cannot be reached (or answers other than 2xx) and a document that fails
``parse_document`` end the call with source "Error" (``answer_url`` falls back to
``fallback_url`` first). Each step is logged in ``Call.xml_steps``.

``calls.transfer`` of an answered call fetches ``aleg_url`` (for the call) and ``bleg_url``
(for the leg bridged to it by a ``Dial``) and runs what comes back in place of the current
document, as Plivo does; a bad document ends that leg as "Invalid Transfer XML" (8013), an
unreachable URL as "Error Reaching Transfer URL" (7013). Transferring one leg of a bridge
parts the two: an A leg leaves its ``Dial`` (the B leg, unless transferred too, hangs up); a
B leg transferred alone ends the A leg's ``Dial`` as if it had hung up (``action`` and on).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._answer_xml import InvalidXml, Step, parse_document
from ._calls import CANCELED, NORMAL_HANGUP, callback_params, end_call, place_call
from ._core import SimCore
from ._state import Call
from ._webhooks import FetchResult, WebhookSender

__all__ = ["XmlRunner"]

END_OF_XML = ("End Of XML Instructions", 4010)
# 8011 and its name are Plivo's (CDR example in the API reference); the codes beside it are from
# Plivo's hangup-cause table (plivo-xml.md §20), the names are the simulator's wording.
INVALID_XML = {
    "answer": ("Invalid Answer XML", 8011),
    "fallback": ("Invalid Answer XML", 8011),
    "action": ("Invalid Action XML", 8012),
    "dial_action": ("Invalid Action XML", 8012),
    "redirect": ("Invalid Redirect XML", 8014),
    "transfer": ("Invalid Transfer XML", 8013),
}
UNREACHABLE = {
    "answer": ("Error Reaching Answer URL", 7011),
    "fallback": ("Error Reaching Answer URL", 7011),
    "action": ("Error Reaching Action URL", 7012),
    "dial_action": ("Error Reaching Action URL", 7012),
    "redirect": ("Error Reaching Redirect URL", 7014),
    "transfer": ("Error Reaching Transfer URL", 7013),
}
KEY_SECONDS = 1.0
PLAY_SECONDS = 5.0
WORDS_PER_SECOND = 2.5
KEYS = frozenset("0123456789*#")


@dataclass
class _Listen:
    """A prompt waiting for the callee's first key."""

    step: Step
    attempt: int
    cancel: Callable[[], None]


@dataclass
class _Dial:
    session: _Session
    step: Step
    legs: list[Call] = field(default_factory=list)
    bridged: Call | None = None


@dataclass
class _Session:
    """One call's XML: the document, where it is, and what it waits for."""

    call: Call
    steps: list[Step] = field(default_factory=list)
    index: int = 0
    epoch: int = 0
    cancels: list[Callable[[], None]] = field(default_factory=list)
    listen: _Listen | None = None
    dial: _Dial | None = None

    def begin(self) -> int:
        """Forget whatever the previous step scheduled; returns the new step's token."""
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        self.listen = None
        self.epoch += 1
        return self.epoch

    def current(self, token: int) -> bool:
        return self.call.status == "in-progress" and token == self.epoch


class XmlRunner:
    """The simulator's ``CallHooks`` when ``run_xml`` is on."""

    def __init__(self, core: SimCore, sender: WebhookSender) -> None:
        self.core = core
        self.sender = sender
        self._sessions: dict[str, _Session] = {}
        self._legs: dict[str, _Dial] = {}

    # -- lifecycle hooks ---------------------------------------------------------------------

    def answered(self, call: Call) -> bool:
        dial = self._legs.get(call.call_uuid)
        if dial is not None:
            self._leg_answered(dial, call)
            return True
        url = call.params.get("answer_url")
        if not url:
            return False
        call.pending_input = list(self.core.state.behavior_for(call.to_number).digits)
        session = _Session(call)
        self._sessions[call.call_uuid] = session
        self._fetch(session, str(url), call.params.get("answer_method"), "answer", Event="StartApp")
        return True

    def ended(self, call: Call) -> None:
        dial = self._legs.get(call.call_uuid)
        if dial is not None:
            self._leg_ended(dial, call)
            return
        session = self._sessions.pop(call.call_uuid, None)
        if session is None:
            return
        session.begin()
        self._leave_dial(session, source="Caller")

    def transferred(
        self, call: Call, aleg: tuple[str, str] | None, bleg: tuple[str, str] | None
    ) -> None:
        """``calls.transfer`` of an answered call: each leg given a URL runs its XML."""
        partner = self._partner(call)
        moves = [(call, aleg)] if aleg is not None else []
        if bleg is not None and partner is not None:
            moves.append((partner, bleg))
        moving = {leg.call_uuid for leg, _ in moves}
        bridge = self._bridge_of(call)
        if bridge is not None:
            a_session, dial = bridge
            bridged = dial.bridged
            if a_session.call.call_uuid in moving:
                self._leave_dial(a_session, source="Plivo", keep=moving)
            elif bridged is not None and bridged.call_uuid in moving:
                self._dial_over(a_session, dial)  # as if the B leg had hung up
        for leg, (url, method) in moves:
            target = self._sessions.get(leg.call_uuid) or self._adopt(leg)
            self._fetch(target, url, method, "transfer")

    def press(self, call: Call, keys: str) -> None:
        """The callee types ``keys``: at the prompt listening now, or at the next one."""
        call.pending_input.append(keys)
        session = self._sessions.get(call.call_uuid)
        listen = session.listen if session is not None else None
        if session is not None and listen is not None:
            listen.cancel()
            session.listen = None
            self._type(session, listen.step, listen.attempt, call.pending_input.pop(0))

    def _bridge_of(self, call: Call) -> tuple[_Session, _Dial] | None:
        """The Dial ``call`` takes part in, as its A leg or as the B leg bridged."""
        session = self._sessions.get(call.call_uuid)
        if session is not None and session.dial is not None:
            return session, session.dial
        dial = self._legs.get(call.call_uuid)
        if dial is not None and dial.bridged is call and dial.session.dial is dial:
            return dial.session, dial
        return None

    def _partner(self, call: Call) -> Call | None:
        """The leg bridged to ``call`` by a Dial (either way round), if any."""
        bridge = self._bridge_of(call)
        if bridge is None:
            return None
        a_session, dial = bridge
        return dial.bridged if a_session.call is call else a_session.call

    def _adopt(self, leg: Call) -> _Session:
        """A Dial's B leg gets a document of its own (a transfer)."""
        leg.pending_input = list(self.core.state.behavior_for(leg.to_number).digits)
        session = _Session(leg)
        self._sessions[leg.call_uuid] = session
        return session

    def _leave_dial(
        self, session: _Session, *, source: str, keep: frozenset[str] | set[str] = frozenset()
    ) -> None:
        """The call leaves its Dial: the bridged leg hangs up, ringing ones are cancelled
        (except the legs in ``keep``, which go on by themselves)."""
        dial, session.dial = session.dial, None
        if dial is None:
            return
        for leg in dial.legs:
            self._legs.pop(leg.call_uuid, None)
            if leg.call_uuid in keep:
                continue
            if leg is dial.bridged:
                end_call(self.core, leg, cause=NORMAL_HANGUP, source=source)
            else:
                end_call(self.core, leg, cause=CANCELED, source="Plivo", call_state="CANCEL")

    # -- fetching documents ------------------------------------------------------------------

    def _fetch(
        self,
        session: _Session,
        url: str,
        method: Any,
        purpose: str,
        *,
        run_answer: bool = True,
        **extra: str,
    ) -> None:
        """Request ``url``; with ``run_answer`` its XML becomes the document, otherwise the
        current document goes on once the request is done."""
        token = session.begin()
        call = session.call
        params = callback_params(self.core, call, CallStatus="in-progress", **extra)
        self._log(session, f"fetch {purpose}")

        def done(result: FetchResult) -> None:
            if session.current(token):
                self._fetched(session, purpose, result, run_answer)

        self.sender.fetch(url, str(method or "POST").upper(), params, purpose, done)

    def _fetched(self, session: _Session, purpose: str, result: FetchResult, run: bool) -> None:
        call = session.call
        if not run:
            self._next(session)
            return
        if result.error is not None:
            fallback = call.params.get("fallback_url")
            if purpose == "answer" and fallback:
                method = call.params.get("fallback_method")
                self._fetch(session, str(fallback), method, "fallback", Event="StartApp")
                return
            self._log(session, f"{purpose} failed: {result.error}")
            self._end(session, UNREACHABLE[purpose], "Error")
            return
        try:
            steps = parse_document(result.body, result.content_type, too_large=result.too_large)
        except InvalidXml as exc:
            self._log(session, f"invalid XML: {exc}")
            self._end(session, INVALID_XML[purpose], "Error")
            return
        session.steps, session.index = steps, 0
        self._next(session)

    # -- executing elements ------------------------------------------------------------------

    def _next(self, session: _Session) -> None:
        call = session.call
        while call.status == "in-progress":
            if session.index >= len(session.steps):
                self._end(session, END_OF_XML, "Plivo")
                return
            step = session.steps[session.index]
            session.index += 1
            self._log(session, step.tag)
            tag = step.tag
            if tag in ("Speak", "Play", "Wait"):
                seconds = _duration(step)
                if seconds is not None:
                    self._after(session, seconds, self._next)
                return
            if tag == "Hangup":
                schedule = step.attrs["schedule"]
                if schedule is None:
                    self._end(session, NORMAL_HANGUP, "Answer XML")
                    return
                self.core.clock.call_later(schedule, lambda: self._scheduled_hangup(call))
                continue
            if tag == "Redirect":
                self._fetch(session, step.text, step.attrs["method"], "redirect")
                return
            if tag in ("GetDigits", "GetInput"):
                self._prompt(session, step, 1)
                return
            if tag == "Dial":
                self._dial(session, step)
                return
            if tag == "DTMF":
                call.digits_sent.append(step.text)
                continue
            if tag in ("Conference", "MultiPartyCall"):
                return  # the call stays there until something ends it
            # PreAnswer (the call is answered already), Record, Stream, Message: not simulated.

    def _scheduled_hangup(self, call: Call) -> None:
        end_call(self.core, call, cause=NORMAL_HANGUP, source="Answer XML")

    def _after(self, session: _Session, seconds: float, action: Callable[[_Session], None]) -> None:
        token = session.epoch

        def run() -> None:
            if session.current(token):
                action(session)

        session.cancels.append(self.core.clock.call_later(seconds, run))

    def _end(self, session: _Session, cause: tuple[str, int], source: str) -> None:
        self._log(session, f"hangup: {cause[0]}")
        end_call(self.core, session.call, cause=cause, source=source)

    def _log(self, session: _Session, what: str) -> None:
        session.call.xml_steps.append((self.core.now(), what))

    # -- input -------------------------------------------------------------------------------

    def _prompt(self, session: _Session, step: Step, attempt: int) -> None:
        seconds = sum(_duration(child, once=True) or 0.0 for child in step.children)
        self._after(session, seconds, lambda s: self._listen(s, step, attempt))

    def _listen(self, session: _Session, step: Step, attempt: int) -> None:
        call = session.call
        if _takes_dtmf(step) and call.pending_input:
            self._type(session, step, attempt, call.pending_input.pop(0))
            return
        # Nobody types yet: the first-key timeout runs, and press() may still come.
        token = session.epoch
        wait = _first_key_seconds(step)

        def timeout() -> None:
            if session.current(token):
                session.listen = None
                self._gathered(session, step, attempt, "", invalid=False)

        cancel = self.core.clock.call_later(wait, timeout)
        session.cancels.append(cancel)
        if _takes_dtmf(step):
            session.listen = _Listen(step, attempt, cancel)

    def _type(self, session: _Session, step: Step, attempt: int, keys: str) -> None:
        attrs = step.attrs
        finish = str(attrs["finishOnKey"])
        finish = "" if finish == "none" else finish
        valid = frozenset(attrs["validDigits"]) if step.tag == "GetDigits" else KEYS
        if not keys:
            self._after(
                session,
                _first_key_seconds(step),
                lambda s: self._gathered(s, step, attempt, "", invalid=False),
            )
            return
        digits, invalid, at = "", False, 0.0
        for index, key in enumerate(keys):
            at = (index + 1) * KEY_SECONDS
            if finish and key == finish:
                break
            if key not in valid:
                invalid = True
                break
            digits += key
            if len(digits) >= attrs["numDigits"]:
                break
        else:
            at += _between_keys_seconds(step)
        self._after(
            session, at, lambda s: self._gathered(s, step, attempt, digits, invalid=invalid)
        )

    def _gathered(
        self, session: _Session, step: Step, attempt: int, digits: str, *, invalid: bool
    ) -> None:
        self._log(session, f"{step.tag} digits={digits!r}" + (" invalid" if invalid else ""))
        attrs = step.attrs
        if invalid or not digits:
            if attempt < attrs["retries"]:
                self._prompt(session, step, attempt + 1)
            else:
                self._next(session)
            return
        action = attrs["action"]
        if not action:
            self._next(session)
            return
        extra = {"Digits": digits}
        if step.tag == "GetInput":
            extra = {"InputType": "dtmf", "Digits": digits, "Speech": ""}
        run = bool(attrs["redirect"])
        self._fetch(session, action, attrs["method"], "action", run_answer=run, **extra)

    # -- dial --------------------------------------------------------------------------------

    def _dial(self, session: _Session, step: Step) -> None:
        call = session.call
        attrs = step.attrs
        params: dict[str, Any] = {
            "parent_call_uuid": call.call_uuid,
            "time_limit": attrs["timeLimit"],
        }
        if attrs["timeout"] is not None:
            params["ring_timeout"] = attrs["timeout"]
        caller = str(attrs["callerId"] or call.from_number)
        dial = _Dial(session, step)
        session.dial = dial
        for target in step.children:
            leg = place_call(
                self.core,
                from_number=caller,
                to_number=target.text,
                params=dict(params),
                use_cps=False,
            )
            dial.legs.append(leg)
            self._legs[leg.call_uuid] = dial

    def _leg_answered(self, dial: _Dial, leg: Call) -> None:
        if dial.bridged is not None or dial.session.dial is not dial:
            end_call(self.core, leg, cause=CANCELED, source="Plivo")
            return
        dial.bridged = leg
        self._log(dial.session, f"Dial bridged {leg.to_number}")
        for other in dial.legs:
            if other is not leg:
                end_call(self.core, other, cause=CANCELED, source="Plivo", call_state="CANCEL")

    def _leg_ended(self, dial: _Dial, leg: Call) -> None:
        self._legs.pop(leg.call_uuid, None)
        session = dial.session
        if session.dial is not dial:
            return
        if dial.bridged is None and any(other.status != "completed" for other in dial.legs):
            return  # others still ringing
        if dial.bridged is not None and leg is not dial.bridged:
            return  # a losing leg being cancelled
        self._dial_over(session, dial)

    def _dial_over(self, session: _Session, dial: _Dial) -> None:
        """The Dial has ended (the bridge is over or nobody answered): report it to ``action``."""
        session.dial = None
        for other in dial.legs:
            self._legs.pop(other.call_uuid, None)
        bridged = dial.bridged
        if bridged is not None:
            status = "completed"
        elif all(other.hangup_cause_name == "Busy Line" for other in dial.legs):
            status = "busy"
        else:
            status = "no-answer"
        self._log(session, f"Dial {status}")
        if session.call.status != "in-progress":
            return
        attrs = dial.step.attrs
        if not attrs["action"]:
            self._next(session)
            return
        self._fetch(
            session,
            attrs["action"],
            attrs["method"],
            "dial_action",
            run_answer=bool(attrs["redirect"]),
            DialStatus=status,
            DialALegUUID=session.call.call_uuid,
            DialBLegUUID=bridged.call_uuid if bridged is not None else "",
            DialHangupCause=(bridged.hangup_cause_name or "") if bridged is not None else "",
            DialRingStatus="true" if any(o.ring_at is not None for o in dial.legs) else "false",
        )


def _duration(step: Step, *, once: bool = False) -> float | None:
    """Seconds a Speak/Play/Wait takes (None: until the call ends)."""
    if step.tag == "Wait":
        return float(step.attrs["length"])
    loop = int(step.attrs.get("loop", 1))
    if loop == 0:
        if not once:
            return None
        loop = 1
    if step.tag == "Speak":
        return loop * max(1.0, math.ceil(len(step.text.split()) / WORDS_PER_SECOND))
    return loop * PLAY_SECONDS


def _takes_dtmf(step: Step) -> bool:
    return step.tag == "GetDigits" or "dtmf" in str(step.attrs["inputType"]).split()


def _first_key_seconds(step: Step) -> float:
    return float(step.attrs["timeout" if step.tag == "GetDigits" else "executionTimeout"])


def _between_keys_seconds(step: Step) -> float:
    if step.tag == "GetDigits":
        return float(step.attrs["digitTimeout"])
    value = str(step.attrs["digitEndTimeout"])
    return 2.0 if value == "auto" else float(value)
