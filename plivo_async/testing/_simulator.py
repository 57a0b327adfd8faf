"""``Simulator``: the running server plus the in-process control and inspection surface.

``async with Simulator() as sim:`` serves on an ephemeral loopback port; ``sim.client()``
gives an SDK client pointed at it. ``Simulator.start_in_thread()`` runs the same thing on a
background event loop, for blocking code and for other processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import secrets
import threading
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Future
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from ._app import SimulatorApp
from ._calls import end_call
from ._catalog import load_catalog
from ._clock import SimClock
from ._core import Handler, SimCore
from ._faults import FaultInjector
from ._journal import Journal
from ._limits import ApiRequestLimit
from ._routes_caller_ids import CALLER_ID_ROUTES, normalize_number
from ._routes_calls import CALL_ROUTES
from ._routes_conference import CONFERENCE_ROUTES, seed_conference
from ._routes_endpoints import ENDPOINT_ROUTES
from ._routes_mpc import MPC_ROUTES
from ._routes_recordings import RECORDING_ROUTES
from ._routes_streams import STREAM_ROUTES
from ._state import Call, CallBehavior, CallStatus, Conference, SimState
from ._webhooks import WebhookDelivery, WebhookSender
from ._xml_runner import XmlRunner

if TYPE_CHECKING:
    from plivo_async import AsyncClient, Client

__all__ = ["DEFAULT_AUTH_ID", "Simulator", "ThreadedSimulator"]

DEFAULT_AUTH_ID = "MASIMULATOR000000000"

T = TypeVar("T")

ROUTES: dict[str, Handler] = {
    **CALL_ROUTES,
    **STREAM_ROUTES,
    **MPC_ROUTES,
    **CONFERENCE_ROUTES,
    **RECORDING_ROUTES,
    **ENDPOINT_ROUTES,
    **CALLER_ID_ROUTES,
}


class Simulator:
    """A stateful local Plivo Voice API for one account.

    Args:
        auth_id, auth_token: the account's credentials (a random token by default).
        host, port: where to listen; loopback only; port 0 picks a free port.
        cps: calls per second; creations beyond it are queued and dispatched at this rate.
        api_requests, api_period: the API request limit (300 per 5 s); ``None`` disables it.
        time_scale: ``None`` (default) = manual clock, moved only by ``advance()``; a number =
            real time times that factor.
        seed: seeds identifiers and fault draws (reproducible runs); ``None`` = random.
        webhooks: POST ring/answer/hangup/recording callbacks to the loopback URLs requests give,
            signed with signature V3 and this account's ``auth_token``.
        run_xml: fetch ``answer_url`` when a call is answered and run the Plivo XML it returns
            (implies ``webhooks``; see ``_xml_runner``). With a manual clock, simulated time
            then never passes while a request to your server is in flight (see ``advance``),
            and destinations talk until the XML or a test ends the call (``talk_seconds=None``)
            unless ``call_behavior`` says otherwise.
        call_behavior: how destinations behave by default (ring/talk durations, answer, busy,
            digits keyed in).
        epoch: the wall-clock time simulated second 0 maps to (default: now).
    """

    def __init__(
        self,
        *,
        auth_id: str = DEFAULT_AUTH_ID,
        auth_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        cps: float = 2.0,
        api_requests: int | None = 300,
        api_period: float = 5.0,
        time_scale: float | None = None,
        seed: int | None = 0,
        webhooks: bool = False,
        run_xml: bool = False,
        call_behavior: CallBehavior | None = None,
        epoch: datetime | None = None,
    ) -> None:
        if not _is_loopback_host(host):
            raise ValueError("the simulator only listens on loopback addresses")
        self.auth_id = auth_id
        self.auth_token = auth_token or secrets.token_hex(16)
        self.host = host
        self._requested_port = port
        self.clock = SimClock(time_scale=time_scale, epoch=epoch)
        self.state = SimState(seed)
        if call_behavior is not None:
            self.state.default_behavior = call_behavior
        elif run_xml:
            self.state.default_behavior = CallBehavior(talk_seconds=None)
        self._seed = seed
        self.core = SimCore(auth_id=auth_id, clock=self.clock, state=self.state, cps=cps)
        self.journal = Journal()
        self.faults = FaultInjector(seed)
        self.api_limit = ApiRequestLimit(api_requests, api_period)
        self.webhooks_enabled = webhooks or run_xml
        self.run_xml = run_xml
        self._webhooks: WebhookSender | None = None
        self._webhook_log: list[WebhookDelivery] = []
        self._xml: XmlRunner | None = None
        # Where advance() has been asked to take a held clock (run_xml, manual clock).
        self._target = 0.0
        from ._inspection import InspectionApi

        self.app = SimulatorApp(
            core=self.core,
            catalog=load_catalog(),
            routes=ROUTES,
            journal=self.journal,
            faults=self.faults,
            api_limit=self.api_limit,
            auth_token=self.auth_token,
            inspection=InspectionApi(self).handle,
        )
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._ticker: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._port is not None else "not started"
        return f"<Simulator {self.auth_id} {where}>"

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> Simulator:
        if self._runner is not None:
            return self
        if self.webhooks_enabled:
            self._webhooks = WebhookSender(
                self._webhook_log,
                auth_token=self.auth_token,
                seed=self._seed,
                now=self.clock.now,
                on_idle=self._resume if self._holds_clock else None,
            )
            self._webhooks.start()
            self.core.webhook_sink = self._webhooks.submit
            if self.run_xml:
                self._xml = XmlRunner(self.core, self._webhooks)
                self.state.call_hooks = self._xml
        runner = web.AppRunner(self.app.build(), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._requested_port)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        if not self.clock.manual:
            self._ticker = asyncio.create_task(self._tick(), name="plivo-sim-clock")
        return self

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None
        self.app.release_hanging()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._webhooks is not None:
            await self._webhooks.close()
            self._webhooks = None
            self.core.webhook_sink = None
            self.state.call_hooks = None
            self._xml = None

    aclose = stop

    async def __aenter__(self) -> Simulator:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _tick(self) -> None:
        """Real-time clock: run state changes as they fall due."""
        scale = self.clock.time_scale or 1.0
        while True:
            self.clock.run_due()
            next_at = self.clock.next_event_at()
            delay = 0.05
            if next_at is not None:
                delay = min(delay, max(0.0, (next_at - self.clock.now()) / scale))
            await asyncio.sleep(delay)

    @classmethod
    def start_in_thread(cls, **kwargs: Any) -> ThreadedSimulator:
        """Start a simulator on a background event loop (stop it, or use it as a context
        manager: ``with Simulator.start_in_thread() as sim: ...``)."""
        return ThreadedSimulator(**kwargs).start()

    # -- addresses and clients ---------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the simulator is not running; use `async with Simulator()`")
        return self._port

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def client(self, **kwargs: Any) -> AsyncClient:
        """An ``AsyncClient`` for this account, pointed at the simulator (``kwargs`` pass on)."""
        from plivo_async import AsyncClient

        return AsyncClient(
            self.auth_id,
            self.auth_token,
            base_url=self.base_url,
            stats_base_url=self.base_url,
            **kwargs,
        )

    def sync_client(self, **kwargs: Any) -> Client:
        """The blocking ``Client`` twin (use it with ``start_in_thread()`` from sync code)."""
        from plivo_async import Client

        return Client(
            self.auth_id,
            self.auth_token,
            base_url=self.base_url,
            stats_base_url=self.base_url,
            **kwargs,
        )

    # -- simulated time ----------------------------------------------------------------------

    def advance(self, seconds: float) -> int:
        """Move simulated time forward, running every state change on the way (how many ran).

        With ``run_xml`` and the manual clock, time stops at the moment the simulator sends a
        request to your server (a callback or an XML fetch) and stays there until the answer
        is in and acted on; then the rest of the advance is carried out, in the background,
        one request at a time. ``await sim.drain_webhooks()`` (or ``await sim.run_for(s)``)
        returns once the clock has got where it was asked to go and nothing is in flight:
        the same flow always produces the same requests at the same simulated times.
        """
        if not self._holds_clock:
            return self.clock.advance(seconds)
        if seconds < 0:
            raise ValueError("cannot move the clock backwards")
        self._target = max(self._target, self.clock.now()) + seconds
        return self._catch_up()

    async def run_for(self, seconds: float) -> None:
        """``advance(seconds)``, then wait for the requests it triggers and what they lead to."""
        self.advance(seconds)
        await self.drain_webhooks()

    @property
    def _holds_clock(self) -> bool:
        return self.run_xml and self.clock.manual

    def _resume(self) -> None:
        self._catch_up()

    def _catch_up(self) -> int:
        """Run events, one instant at a time, until a request is in flight or the target."""
        clock, ran = self.clock, 0
        while self._webhooks is None or not self._webhooks.busy:
            now, target = clock.now(), self._target
            next_at = clock.next_event_at()
            if next_at is None or next_at > target:
                if target > now:
                    ran += clock.advance(target - now)
                return ran
            ran += clock.advance(max(0.0, next_at - now))
        return ran

    @property
    def now(self) -> datetime:
        return self.clock.wall()

    @property
    def elapsed(self) -> float:
        """Simulated seconds since the simulator was created."""
        return self.clock.now()

    # -- state inspection and control --------------------------------------------------------

    def calls(self, status: CallStatus | None = None) -> list[Call]:
        self.clock.run_due()
        calls = sorted(self.state.calls.values(), key=lambda c: c.created_at)
        return [c for c in calls if status is None or c.status == status]

    def call(self, call_uuid: str) -> Call:
        self.clock.run_due()
        return self.state.calls[call_uuid]

    def set_call_behavior(self, destination: str | None = None, **fields: Any) -> CallBehavior:
        """Change how ``destination`` (without one: every destination) behaves.

        E.g. ``set_call_behavior("14155550199", answer=False)`` or ``talk_seconds=None``.
        """
        base = self.state.behavior_for(destination) if destination else self.state.default_behavior
        behavior = CallBehavior(**{**base.__dict__, **fields})
        if destination is None:
            self.state.default_behavior = behavior
        else:
            self.state.behaviors[destination] = behavior
        return behavior

    def hangup(self, call_uuid: str) -> None:
        """The called party hangs up (hangup source "Callee")."""
        call = self.call(call_uuid)
        end_call(self.core, call, cause=("Normal Hangup", 4000), source="Callee")

    def press(self, call_uuid: str, digits: str) -> None:
        """The callee of an answered call keys in ``digits`` (``0-9``, ``*``, ``#``): at the
        ``GetDigits``/``GetInput`` listening now, or else at the next one (``run_xml``).

        One call is one entry, like an item of ``CallBehavior.digits``, typed a key a second.
        """
        if self._xml is None:
            raise RuntimeError("press() needs Simulator(run_xml=True), started")
        if not isinstance(digits, str) or not set(digits) <= set("0123456789*#"):
            raise ValueError(f"digits must be made of 0-9, * and #, got {digits!r}")
        call = self.call(call_uuid)
        if call.status != "in-progress":
            raise ValueError(f"call {call_uuid} is {call.status}, not answered")
        self._xml.press(call, digits)

    def otp(self, phone_number: str) -> str:
        """The OTP most recently sent to ``phone_number`` by a verified-caller-ID initiate."""
        number = normalize_number(phone_number)
        pending = [v for v in self.state.verifications.values() if v.phone_number == number]
        if not pending:
            raise KeyError(f"no verification was initiated for {number}")
        return pending[-1].otp

    def add_conference(
        self,
        name: str,
        members: Sequence[str | dict[str, Any]] = ("14155550100", "14155550101"),
    ) -> Conference:
        """Seed a running conference (conferences start from XML on Plivo)."""
        return seed_conference(self.core, name, members)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every webhook the simulator tried to send (kept after it stops)."""
        return list(self._webhook_log)

    async def drain_webhooks(self) -> None:
        """Wait until every webhook due so far has been attempted (with ``run_xml``: and
        the clock has caught up with ``advance``); re-raises a simulator error met on the way."""
        if self._webhooks is not None:
            await self._webhooks.drain()
            if self._webhooks.failures:
                failure = self._webhooks.failures.pop(0)
                raise RuntimeError("the simulator failed while running a webhook") from failure


class ThreadedSimulator:
    """A ``Simulator`` on its own event loop thread; every method is safe from any thread."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._sim: Simulator | None = None

    def start(self) -> ThreadedSimulator:
        if self._thread is not None:
            return self
        ready: Future[Simulator] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="plivo-simulator", daemon=True
        )
        self._thread.start()
        self._sim = ready.result(timeout=30)
        return self

    def _run(self, ready: Future[Simulator]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            sim = Simulator(**self._kwargs)
            loop.run_until_complete(sim.start())
        except BaseException as exc:
            ready.set_exception(exc)
            loop.close()
            return
        ready.set_result(sim)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(sim.stop())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._thread = None

    def __enter__(self) -> ThreadedSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def simulator(self) -> Simulator:
        if self._sim is None:
            raise RuntimeError("the simulator thread is not running")
        return self._sim

    def _on_loop(self, function: Callable[[], T]) -> T:
        """Run ``function`` on the simulator's loop (state is only touched there)."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("the simulator thread is not running")

        async def call() -> T:
            return function()

        return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=30)

    @property
    def base_url(self) -> str:
        return self.simulator.base_url

    @property
    def auth_id(self) -> str:
        return self.simulator.auth_id

    @property
    def auth_token(self) -> str:
        return self.simulator.auth_token

    @property
    def journal(self) -> Journal:
        return self.simulator.journal

    @property
    def faults(self) -> FaultInjector:
        return self.simulator.faults

    def client(self, **kwargs: Any) -> AsyncClient:
        return self.simulator.client(**kwargs)

    def sync_client(self, **kwargs: Any) -> Client:
        return self.simulator.sync_client(**kwargs)

    def advance(self, seconds: float) -> int:
        return self._on_loop(lambda: self.simulator.advance(seconds))

    @property
    def now(self) -> datetime:
        return self._on_loop(lambda: self.simulator.now)

    @property
    def elapsed(self) -> float:
        return self._on_loop(lambda: self.simulator.elapsed)

    def calls(self, status: CallStatus | None = None) -> list[Call]:
        return self._on_loop(lambda: self.simulator.calls(status))

    def call(self, call_uuid: str) -> Call:
        return self._on_loop(lambda: self.simulator.call(call_uuid))

    def set_call_behavior(self, destination: str | None = None, **fields: Any) -> CallBehavior:
        return self._on_loop(lambda: self.simulator.set_call_behavior(destination, **fields))

    def hangup(self, call_uuid: str) -> None:
        self._on_loop(lambda: self.simulator.hangup(call_uuid))

    def press(self, call_uuid: str, digits: str) -> None:
        self._on_loop(lambda: self.simulator.press(call_uuid, digits))

    def drain_webhooks(self) -> None:
        """Block until the simulator's webhooks (and a held clock) have caught up."""
        self._await(self.simulator.drain_webhooks())

    def run_for(self, seconds: float) -> None:
        self._await(self.simulator.run_for(seconds))

    def _await(self, coroutine: Coroutine[Any, Any, None]) -> None:
        loop = self._loop
        if loop is None:
            coroutine.close()
            raise RuntimeError("the simulator thread is not running")
        asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=60)

    def otp(self, phone_number: str) -> str:
        return self._on_loop(lambda: self.simulator.otp(phone_number))

    def add_conference(
        self,
        name: str,
        members: Sequence[str | dict[str, Any]] = ("14155550100", "14155550101"),
    ) -> Conference:
        return self._on_loop(lambda: self.simulator.add_conference(name, members))

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        return self._on_loop(lambda: self.simulator.webhook_deliveries)


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
