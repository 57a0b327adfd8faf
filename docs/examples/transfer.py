"""Transfer a call in progress to new XML (the A leg: the person you called).

Run it against the embedded simulator: ``python docs/examples/transfer.py``.
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


async def transfer_when_live(client: plivo_async.AsyncClient, to: str, xml_url: str) -> str:
    await client.calls.create(
        from_="14155550100", to=to, answer_url="https://example.com/greeting.xml"
    )
    call_uuid = await live_call_uuid(client)
    # legs="aleg" needs aleg_url: checked here, before anything is sent.
    transferred = await client.calls.transfer(call_uuid, legs="aleg", aleg_url=xml_url)
    print(f"{call_uuid}: {transferred.message}")
    return call_uuid


async def main() -> list[dict[str, str]]:
    async with Simulator() as sim:
        sim.set_call_behavior(ring_seconds=0)
        async with sim.client() as client:
            call_uuid = await transfer_when_live(
                client, "14155550101", "https://example.com/queue.xml"
            )
            await client.calls.hangup(call_uuid)
        return sim.call(call_uuid).transfers


if __name__ == "__main__":
    asyncio.run(main())
