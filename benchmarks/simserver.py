"""The plivo_async simulator as a standalone server process (fallback when nginx is missing).

Limits are lifted (no CPS queueing, no API request window) so it answers as fast as it can.
One call is placed and hung up at start so that `GET …/Call/{uuid}/` has a CDR to return.
Prints `PORT <n> <call_uuid>` on stdout once listening on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import signal

from common import ANSWER_URL, AUTH_ID, AUTH_TOKEN, FROM_NUMBER, to_number

from plivo_async.testing import Simulator


async def serve() -> None:
    sim = Simulator(auth_id=AUTH_ID, auth_token=AUTH_TOKEN, cps=1e9, api_requests=None, seed=0)
    async with sim:
        async with sim.client(rate_limit=None, retry=None) as client:
            created = await client.calls.create(
                from_=FROM_NUMBER, to=to_number(0), answer_url=ANSWER_URL
            )
        sim.advance(5)
        call = next(c for c in sim.calls() if c.request_uuid == created.request_uuid)
        if call.live:
            sim.hangup(call.call_uuid)
        print(f"PORT {sim.port} {call.call_uuid}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(serve())
