"""``python -m plivo_async.demo``: the SDK against an embedded simulator, no Plivo account needed.

Places a call and a bulk call, watches them go live, transfers one, hangs one up, waits for
the rest to finish and reads the call detail records. Simulated time runs 10x faster than real
time, so the whole story takes a few seconds.
"""

from __future__ import annotations

import asyncio
import sys

from plivo_async import AsyncClient
from plivo_async.testing import CallBehavior, Simulator

FROM = "14155550100"
ANSWER_URL = "https://example.com/answer.xml"


async def wait_for(
    client: AsyncClient, sim: Simulator, *, live: int, timeout: float = 8.0
) -> list[str]:
    """Poll the live calls (as a real application would) until ``live`` of them are up."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        ids = await client.live_calls.list_ids()
        up = [u for u in ids if sim.call(u).status == "in-progress"]
        if len(up) == live or loop.time() > deadline:
            return up
        await asyncio.sleep(0.05)


async def main() -> int:
    behavior = CallBehavior(ring_seconds=2.0, talk_seconds=25.0)
    async with Simulator(time_scale=10.0, cps=2, call_behavior=behavior) as sim:

        def say(text: str) -> None:
            print(f"[t={sim.elapsed:5.1f}s] {text}")

        say(f"embedded Plivo simulator at {sim.base_url} (account {sim.auth_id})")
        async with sim.client() as client:
            single = await client.calls.create(from_=FROM, to="14155550101", answer_url=ANSWER_URL)
            say(f"call to 14155550101: {single.message}, uuid {single.request_uuid}")
            bulk = await client.calls.create(
                from_=FROM, to=["14155550102", "14155550103", "14155550104"], answer_url=ANSWER_URL
            )
            assert isinstance(bulk.request_uuid, list)
            say(f"bulk call to 3 destinations: {bulk.message}, {len(bulk.request_uuid)} uuids")
            queued = await client.queued_calls.list_ids()
            say(f"queued behind the 2 calls/second limit: {len(queued)}")

            up = await wait_for(client, sim, live=4)
            say(f"live now: {len(up)} calls")
            for call_uuid in up:
                live = await client.live_calls.get(call_uuid)
                say(f"  {live.to}: {live.call_status}")

            assert isinstance(single.request_uuid, str)
            transferred = await client.calls.transfer(
                single.request_uuid, legs="aleg", aleg_url="https://example.com/next.xml"
            )
            say(f"transfer of the call to 14155550101: {transferred.message}")
            await client.calls.hangup(bulk.request_uuid[0])
            say("hung up the call to 14155550102")

            await wait_for(client, sim, live=0)
            say("every call has ended; call detail records:")
            async for cdr in client.calls.list():
                say(
                    f"  {cdr.to_number}: {cdr.bill_duration:>3} s, {cdr.hangup_cause_name} "
                    f"(hung up by {cdr.hangup_source})"
                )
        placed = sim.journal.destination_counts()
        say(
            f"the simulator saw {len(sim.journal)} API requests and placed "
            f"{sum(placed.values())} calls, each destination once: "
            f"{all(n == 1 for n in placed.values())}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
