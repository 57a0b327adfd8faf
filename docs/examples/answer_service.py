"""An aiohttp service that places a call and answers it with Plivo XML.

Plivo fetches ``/answer`` when the call is answered: a menu (``GetDigits``). The digits come
to ``/menu``: 1 hears a goodbye and is hung up, anything else is sent back to the menu
(``Redirect``). ``/hangup`` records how the call ended. Every request is checked with
signature V3 against the service's public URL before a handler runs.

Run it offline against the embedded simulator (it signs its callbacks, fetches the answer XML
and keys in the digits)::

    python docs/examples/answer_service.py

Or for real: the service must be reachable by Plivo at ``PUBLIC_URL`` (behind your TLS proxy)::

    PLIVO_AUTH_ID=... PLIVO_AUTH_TOKEN=... PUBLIC_URL=https://voice.example.com \\
        python docs/examples/answer_service.py --live FROM TO
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys

from aiohttp import web

import plivo_async
from plivo_async.webhooks import (
    AnswerCallback,
    Callback,
    DigitsCallback,
    HangupCallback,
    WebhookVerifier,
)
from plivo_async.webhooks.aiohttp import plivo_handler
from plivo_async.xml import GetDigits, Hangup, Redirect, Response, Speak

#: Every callback the service accepted, in order (what a test, or a log, looks at).
CALLBACKS = web.AppKey("callbacks", list[Callback])


def build_app(verifier: WebhookVerifier, public_url: str) -> web.Application:
    """The three URLs a call needs; ``public_url`` is where Plivo reaches this service."""
    base = public_url.rstrip("/")

    async def answer(callback: AnswerCallback, request: web.Request) -> Response:
        request.app[CALLBACKS].append(callback)
        menu = GetDigits(action=f"{base}/menu", num_digits=1, timeout=5)
        menu.add(Speak("Press 1 to end this call, any other key to hear this again."))
        # No key at all: execution falls through to the Redirect, and the menu plays again.
        return Response().add(menu, Redirect(f"{base}/answer"))

    async def menu(callback: DigitsCallback, request: web.Request) -> Response:
        request.app[CALLBACKS].append(callback)
        if callback.digits == "1":
            return Response().add(Speak("Goodbye."), Hangup())
        return Response().add(Redirect(f"{base}/answer"))

    async def hangup(callback: HangupCallback, request: web.Request) -> None:
        request.app[CALLBACKS].append(callback)  # the reply to hangup_url is ignored

    app = web.Application()
    app[CALLBACKS] = []
    app.router.add_post("/answer", plivo_handler(verifier, answer, AnswerCallback))
    app.router.add_post("/menu", plivo_handler(verifier, menu, DigitsCallback))
    app.router.add_post("/hangup", plivo_handler(verifier, hangup, HangupCallback))
    return app


async def place_call(client: plivo_async.AsyncClient, public_url: str, from_: str, to: str) -> str:
    base = public_url.rstrip("/")
    created = await client.calls.create(
        from_=from_, to=to, answer_url=f"{base}/answer", hangup_url=f"{base}/hangup"
    )
    return created.request_uuids[0]


async def serve(
    verifier: WebhookVerifier, host: str, port: int, public_url: str | None = None
) -> tuple[web.AppRunner, str]:
    """Start the service; without ``public_url`` its own address is its public URL (loopback)."""
    sock = socket.socket()
    sock.bind((host, port))  # bound first: the XML names the port, known only now
    public_url = public_url or f"http://{host}:{sock.getsockname()[1]}"
    runner = web.AppRunner(build_app(verifier, public_url), shutdown_timeout=0.1)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return runner, public_url


async def sandbox(
    digits: tuple[str, ...] = ("7", "1"),
) -> tuple[plivo_async.Call, list[Callback]]:
    """The whole flow offline: the callee presses ``digits`` at each menu, in turn."""
    from plivo_async.testing import CallBehavior, Simulator

    behavior = CallBehavior(talk_seconds=None, digits=digits)
    async with Simulator(run_xml=True, call_behavior=behavior) as sim:
        # The simulator signs with its account's token, as Plivo does with yours.
        runner, public_url = await serve(WebhookVerifier(sim.auth_token), "127.0.0.1", 0)
        try:
            async with sim.client() as client:
                call_uuid = await place_call(client, public_url, "14155550100", "14155550101")
                await sim.run_for(120)  # simulated seconds; returns once every request is done
                cdr = await client.calls.get(call_uuid)
            callbacks: list[Callback] = runner.app[CALLBACKS]
            return cdr, callbacks
        finally:
            await runner.cleanup()


async def live(from_: str, to: str) -> None:
    public_url = os.environ["PUBLIC_URL"]
    verifier = WebhookVerifier(os.environ["PLIVO_AUTH_TOKEN"], public_url=public_url)
    port = int(os.environ.get("PORT", "8080"))
    runner, _ = await serve(verifier, "0.0.0.0", port, public_url)
    try:
        async with plivo_async.AsyncClient() as client:  # PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN
            print("placed", await place_call(client, public_url, from_, to))
            await asyncio.Event().wait()  # serve until Ctrl-C
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--live"]:
        asyncio.run(live(*sys.argv[2:4]))
    else:
        cdr, callbacks = asyncio.run(sandbox())
        for callback in callbacks:
            print(type(callback).__name__, getattr(callback, "digits", "") or "")
        print(f"call {cdr.call_uuid}: {cdr.hangup_cause_name} after {cdr.call_duration} s")
