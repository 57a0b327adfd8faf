"""Conference member control: mute a member, play a message to everyone, kick a member.

Conferences start from XML (``<Conference>``) on Plivo; the simulator seeds one here.
Run it against the embedded simulator: ``python docs/examples/conference_members.py``.
"""

from __future__ import annotations

import asyncio

import plivo_async
from plivo_async.testing import Simulator


async def moderate(client: plivo_async.AsyncClient, room: str) -> plivo_async.Conference:
    conference = await client.conferences.get(room)
    first, *_, last = conference.members
    await client.conferences.mute_member(room, first.member_id)
    # "all" (or a sequence of ids) addresses several members in one request.
    await client.conferences.play_to_member(room, "all", url="https://example.com/notice.mp3")
    await client.conferences.kick_member(room, last.member_id)
    return await client.conferences.get(room)


async def main() -> plivo_async.Conference:
    async with Simulator() as sim:
        sim.add_conference("sales", members=["14155550100", "14155550101", "14155550102"])
        async with sim.client() as client:
            after = await moderate(client, "sales")
    for member in after.members:
        print(member.member_id, "muted" if member.muted else "speaking")
    return after


if __name__ == "__main__":
    asyncio.run(main())
