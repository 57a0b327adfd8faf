"""A multiparty call with a customer, an agent and a coaching supervisor, who then barges in.

Run it against the embedded simulator: ``python docs/examples/mpc_agent_supervisor.py``.
"""

from __future__ import annotations

import asyncio

import plivo_async
from plivo_async.testing import Simulator

ROOM = "support-42"


Participants = list[plivo_async.Participant]


async def coach_then_barge(client: plivo_async.AsyncClient) -> tuple[Participants, Participants]:
    """The participants while the supervisor coaches, then after the barge-in."""
    mpc = client.multi_party_calls
    for role, number in (("customer", "14155550101"), ("agent", "14155550102")):
        await mpc.add_participant(friendly_name=ROOM, role=role, from_="14155550100", to=number)
    # coach_mode: the supervisor is heard by the agent only.
    await mpc.add_participant(
        friendly_name=ROOM,
        role="supervisor",
        from_="14155550100",
        to="14155550103",
        coach_mode=True,
    )
    for _ in range(100):  # polled: a real service learns it from its status callbacks
        present = [p async for p in mpc.list_participants(friendly_name=ROOM)]
        if len(present) == 3:
            break
        await asyncio.sleep(0.1)
    (supervisor,) = [p for p in present if p.role == "supervisor"]
    await mpc.update_participant(supervisor.member_id, friendly_name=ROOM, coach_mode=False)
    after = [p async for p in mpc.list_participants(friendly_name=ROOM)]
    await mpc.stop(friendly_name=ROOM)
    return present, after


async def main() -> tuple[Participants, Participants]:
    async with Simulator() as sim:
        sim.set_call_behavior(ring_seconds=0)
        async with sim.client() as client:
            coaching, barged_in = await coach_then_barge(client)
    for before, after in zip(coaching, barged_in, strict=True):
        print(
            f"{after.role} {after.member_id}: coach mode {before.coach_mode} -> {after.coach_mode}"
        )
    return coaching, barged_in


if __name__ == "__main__":
    asyncio.run(main())
