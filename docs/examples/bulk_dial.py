"""Bulk dialing that never calls anyone twice and loses no outcome.

Every destination ends in exactly one of three outcomes, written to a journal file as it
happens: ``placed`` (Plivo accepted it), ``failed`` (Plivo refused it, or it never left this
machine: safe to dial again later) and ``unknown`` (it may have reached Plivo; a person must check
before dialing again). A rerun skips every destination the journal already has, so a job killed
halfway resumes without repeating a call.

Run it against the embedded simulator: ``python docs/examples/bulk_dial.py``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from pathlib import Path

import plivo_async
from plivo_async.testing import Simulator


def already_done(journal: Path) -> set[str]:
    if not journal.exists():
        return set()
    return {json.loads(line)["to"] for line in journal.read_text().splitlines() if line}


async def dial_all(
    client: plivo_async.AsyncClient,
    destinations: Iterable[str],
    journal: Path,
    *,
    concurrency: int = 50,
) -> dict[str, str]:
    done = already_done(journal)
    todo = [number for number in destinations if number not in done]
    outcomes: dict[str, str] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for number in todo:
        queue.put_nowait(number)

    with journal.open("a") as out:

        def record(number: str, outcome: str, detail: str) -> None:
            outcomes[number] = outcome
            out.write(json.dumps({"to": number, "outcome": outcome, "detail": detail}) + "\n")
            out.flush()  # one line per call as it happens: a crash loses nothing written

        async def worker() -> None:
            while not queue.empty():
                number = queue.get_nowait()
                try:
                    created = await client.calls.create(
                        from_="14155550100", to=number, answer_url="https://example.com/a.xml"
                    )
                except plivo_async.PlivoError as error:
                    # outcome_unknown: the request may have reached Plivo. Never retry it blindly.
                    record(number, "unknown" if error.outcome_unknown else "failed", str(error))
                else:
                    record(number, "placed", created.request_uuids[0])

        # The client's rate limiter paces creations at the account's CPS; the workers only
        # bound how many requests are in flight at once.
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return outcomes


async def main(journal: Path) -> dict[str, str]:
    numbers = [f"1415555{n:04d}" for n in range(200)]
    async with Simulator(cps=100) as sim:
        # Make the job's life hard: 5 % of answers are lost after Plivo placed the call.
        sim.faults.add(endpoint="call.create", drop_after=0.05)
        rate = plivo_async.RateLimit(calls_per_second=100, api_requests=10_000)
        async with sim.client(rate_limit=rate) as client:
            outcomes = await dial_all(client, numbers, journal)
        # The simulator's journal proves the point: nobody was called twice.
        assert all(sim.journal.calls_placed(number) <= 1 for number in numbers)
    return outcomes


if __name__ == "__main__":
    result = asyncio.run(main(Path("dial-journal.jsonl")))
    for outcome in ("placed", "failed", "unknown"):
        print(outcome, sum(1 for value in result.values() if value == outcome))
