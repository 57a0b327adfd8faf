"""Before redialling ``unknown`` rows: ask Plivo whether each call was placed after all.

A row is ``unknown`` when its request may have reached Plivo. Each one is looked up in the
job's time window: completed calls through ``calls.list(to_number=..., end_time__gte=<job
start>)``, calls in progress through ``live_calls.list_ids(to_number=...)`` and waiting calls
through ``queued_calls.list_ids()`` (each then read for its destination). A call found there is
recorded ``placed`` (``request_uuid`` = the call's UUID); only the rest become ``pending``, so
the job's next run redials them. A live or queued call to the number counts as found whatever
placed it: when in doubt, nobody is rung again.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import attrs

from .._errors import NotFoundError
from ._journal import Journal
from ._model import DialOutcome

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = ["Reconciliation", "reconcile_unknown"]

#: Lookups at once (each is a GET, paced by the client's general API bucket).
LOOKUP_CONCURRENCY = 8
FOUND = "not answered in time, but Plivo has this call: recorded as placed by redial_unknown"


@attrs.frozen(kw_only=True)
class Reconciliation:
    """What ``reconcile_unknown`` decided: rows found at Plivo, rows to dial again."""

    found: list[DialOutcome]
    redial: list[DialOutcome]


def _digits(number: str) -> str:
    return number.strip().lstrip("+")


async def reconcile_unknown(client: AsyncClient, journal: Journal) -> Reconciliation:
    """Look up every ``unknown`` row of ``journal``; record the outcome of each (see module)."""
    unknown = list(journal.outcomes("unknown"))
    if not unknown:
        return Reconciliation(found=[], redial=[])
    since = journal.job.created_at
    queued = await _queued_destinations(client)
    limit = asyncio.Semaphore(LOOKUP_CONCURRENCY)

    async def look_up(row: DialOutcome) -> str | None:
        if _digits(row.to) in queued:
            return queued[_digits(row.to)]
        async with limit:
            return await _placed_call(client, row.to, since)

    found_uuids = await asyncio.gather(*(look_up(row) for row in unknown))
    now = datetime.now(timezone.utc)
    found: list[DialOutcome] = []
    redial: list[DialOutcome] = []
    for row, call_uuid in zip(unknown, found_uuids, strict=True):
        if call_uuid is not None:
            found.append(
                attrs.evolve(
                    row,
                    status="placed",
                    request_uuid=call_uuid,
                    error=FOUND,
                    finished_at=now,
                    resumed=True,
                )
            )
        else:
            redial.append(attrs.evolve(row, status="pending", error=None))
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(journal.executor, journal.record, found + redial)
    return Reconciliation(found=found, redial=redial)


async def _placed_call(client: AsyncClient, to: str, since: datetime) -> str | None:
    """A call to ``to`` Plivo has (ended since ``since``, or in progress), else None."""
    page = await client.calls.list(to_number=to, end_time__gte=since, limit=1)
    for call in page:
        return call.call_uuid
    live = await client.live_calls.list_ids(to_number=to)
    return live[0] if live else None


async def _queued_destinations(client: AsyncClient) -> dict[str, str]:
    """Destination (digits) -> UUID of every call waiting in Plivo's queue."""
    uuids = await client.queued_calls.list_ids()
    limit = asyncio.Semaphore(LOOKUP_CONCURRENCY)

    async def destination(call_uuid: str) -> tuple[str | None, str]:
        async with limit:
            try:
                call = await client.queued_calls.get(call_uuid)
            except NotFoundError:  # dispatched meanwhile: the live or CDR lookup finds it
                return None, call_uuid
        return call.to, call_uuid

    found = await asyncio.gather(*(destination(uuid) for uuid in uuids))
    return {_digits(to): call_uuid for to, call_uuid in found if to}
