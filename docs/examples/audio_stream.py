"""Stream a live call's audio to a WebSocket, then stop the stream.

Run it against the embedded simulator: ``python docs/examples/audio_stream.py``.
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


async def stream_a_while(client: plivo_async.AsyncClient, to: str) -> plivo_async.Stream:
    await client.calls.create(from_="14155550100", to=to, answer_url="https://example.com/a.xml")
    call_uuid = await live_call_uuid(client)
    started = await client.streams.start(
        call_uuid, service_url="wss://example.com/audio", audio_track="inbound"
    )
    running = [stream.stream_id async for stream in client.streams.list(call_uuid)]
    print(f"streaming {started.stream_id} ({len(running)} running)")
    await client.streams.stop(call_uuid, started.stream_id)
    stopped = await client.streams.get(call_uuid, started.stream_id)
    await client.calls.hangup(call_uuid)
    return stopped


async def main() -> plivo_async.Stream:
    async with Simulator() as sim:
        sim.set_call_behavior(ring_seconds=0)
        async with sim.client() as client:
            stream = await stream_a_while(client, "14155550101")
    print(f"{stream.stream_id}: {stream.audio_track} audio, ended {stream.end_time}")
    return stream


if __name__ == "__main__":
    asyncio.run(main())
