"""Place a call, wait until it is answered, then hang it up and read its call detail record.

Run it against the embedded simulator: ``python docs/examples/place_and_hang_up.py``.
"""

from __future__ import annotations

import asyncio

import plivo_async
from plivo_async.testing import Simulator


async def live_call_uuid(client: plivo_async.AsyncClient) -> str:
    """The live call's uuid, polled (a real service learns it from its answer_url request)."""
    for _ in range(100):
        if live := await client.live_calls.list_ids():
            return live[0]
        await asyncio.sleep(0.1)
    raise TimeoutError("the call was not answered")


async def place_and_hang_up(client: plivo_async.AsyncClient, to: str) -> plivo_async.Call:
    created = await client.calls.create(
        from_="14155550100", to=to, answer_url="https://example.com/answer.xml"
    )
    call_uuid = await live_call_uuid(client)
    await client.calls.hangup(call_uuid)
    print(f"placed {created.request_uuid}, hung up {call_uuid}")
    return await client.calls.get(call_uuid)


async def main() -> plivo_async.Call:
    async with Simulator() as sim:
        sim.set_call_behavior(ring_seconds=0)
        async with sim.client() as client:
            cdr = await place_and_hang_up(client, "14155550101")
    print(f"{cdr.to_number}: hung up by {cdr.hangup_source} ({cdr.hangup_cause_name})")
    return cdr


if __name__ == "__main__":
    asyncio.run(main())
