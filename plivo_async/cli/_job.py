"""One ``plivo-async dial`` job: the client (or the sandbox), the dialer, the outcomes.

Everything about dialling is ``plivo_async.bulk``'s; this module feeds it the rows, shows and
writes what it yields, and turns Ctrl-C into ``dialer.stop()`` (a second Ctrl-C cancels at
once: in-flight rows then stay ``unknown`` in the journal, never redialled automatically).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any

import attrs

from .._ratelimit import RateLimit, RateLimitBackend
from ..bulk import BulkDialer, DialOutcome, DialRow, Journal
from ._input import InputScan, Skipped, read_rows
from ._progress import Tally, View
from ._results import ResultsWriter

__all__ = ["JobResult", "JobSettings", "run_job"]

CUT_OFF = (
    "the job was stopped at once (a second Ctrl-C) while this row was queued or in flight: "
    "it may have been dialled"
)
#: Unknown rows listed by --redial-unknown before it looks them up.
_LISTED = 20
#: How often the view is refreshed when no outcome arrives (a paused bucket, a slow CPS).
_TICK = 0.5


@attrs.frozen(kw_only=True)
class JobSettings:
    scan: InputScan
    defaults: Mapping[str, Any]
    cps: float
    concurrency: int
    pack: bool
    grace: float
    sandbox: bool
    base_url: str | None
    credentials: tuple[str, str] | None
    journal: Journal | None
    redial_unknown: bool = False
    #: (K, N): this worker dials the K-th of every N data rows (``--worker K/N``).
    worker: tuple[int, int] | None = None
    #: Where the account's buckets are shared among workers (``--redis-url``), or None.
    backend: RateLimitBackend | None = None


@attrs.define
class JobResult:
    tally: Tally
    interrupted: bool = False
    elapsed: float = 0.0
    base_url: str = ""


class _Feed:
    """The rows for the dialer: skipped rows go straight to the outcome sink; rows handed over
    are remembered until their outcome arrives, so an interrupted job can mark the rest
    ``pending``. A plain iterator (not a generator), so closing it leaves the file readable."""

    def __init__(self, rows: Iterator[DialRow | Skipped], skip: Callable[[Skipped], None]) -> None:
        self._rows = rows
        self._skip = skip
        self.outstanding: dict[str, DialRow] = {}
        self.stopped = False

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> DialRow:
        while not self.stopped:
            item = next(self._rows)
            if isinstance(item, Skipped):
                self._skip(item)
                continue
            self.outstanding[item.key] = item
            return item
        raise StopIteration

    def rest(self) -> Iterator[DialRow | Skipped]:
        """The rows never handed over, after the dialer stopped."""
        self.stopped = True
        return self._rows


def skipped_outcome(item: Skipped) -> DialOutcome:
    problem = item.problem
    return DialOutcome(
        key=str(problem.line), to=problem.to, status="skipped", error=problem.message
    )


def pending_outcome(row: DialRow) -> DialOutcome:
    return DialOutcome(key=row.key, to=row.to, status="pending")


def cut_off_outcome(row: DialRow) -> DialOutcome:
    return DialOutcome(key=row.key, to=row.to, status="unknown", error=CUT_OFF)


@contextlib.asynccontextmanager
async def _client(settings: JobSettings) -> AsyncIterator[tuple[Any, str]]:
    """An ``AsyncClient`` for the job and the base URL it dials into."""
    limit = RateLimit(calls_per_second=settings.cps, backend=settings.backend)
    if settings.sandbox:
        # Imported only here: nothing but the sandbox uses the simulator.
        from ..testing import Simulator

        # The simulator queues calls beyond its CPS as Plivo does; its API request window
        # (300 per 5 s) is off so the sandbox runs at the --cps asked for.
        simulator = Simulator(cps=settings.cps, api_requests=None, time_scale=1.0, seed=None)
        async with simulator, simulator.client(rate_limit=limit) as client:
            yield client, simulator.base_url
        return
    from .. import AsyncClient

    assert settings.credentials is not None
    auth_id, token = settings.credentials
    options: dict[str, Any] = {"rate_limit": limit}
    if settings.base_url:
        options["base_url"] = settings.base_url
    async with AsyncClient(auth_id, token, **options) as client:
        yield client, client.base_url


async def _reconcile(dialer: BulkDialer, journal: Journal, view: View) -> None:
    """--redial-unknown: list the unknown rows, look each one up at Plivo, say what it found.
    Those found are recorded placed; the rest become pending, which this run then dials."""
    unknown = list(journal.outcomes("unknown"))
    if not unknown:
        view.note("--redial-unknown: no row of this job is unknown.")
        return
    view.note(f"--redial-unknown: {len(unknown)} row(s) unknown; looking each one up at Plivo:")
    for outcome in unknown[:_LISTED]:
        view.note(f"  line {outcome.key}: {outcome.to}")
    if len(unknown) > _LISTED:
        view.note(f"  ... and {len(unknown) - _LISTED} more")
    found = await dialer.reconcile_unknown()
    view.note(
        f"  {len(found.found)} found placed at Plivo (recorded placed, not dialled again); "
        f"{len(found.redial)} not found: dialling those again now."
    )


async def run_job(
    settings: JobSettings,
    tally: Tally,
    view: View,
    results: ResultsWriter | None,
    *,
    on_start: Callable[[str], None] = lambda base_url: None,
) -> JobResult:
    result = JobResult(tally)

    def emit(outcome: DialOutcome) -> None:
        tally.add(outcome)
        if results is not None:
            results.write(outcome)
        view.update()

    rows: Iterator[DialRow | Skipped] = read_rows(settings.scan)
    if settings.worker is not None:
        # One item per data row, in file order: the K-th of every N is this worker's (by
        # position, so the shares are equal and known before dialling; the file cannot change
        # between workers: each journal holds its hash).
        k, n = settings.worker
        rows = itertools.islice(rows, k - 1, None, n)
    feed = _Feed(rows, lambda item: emit(skipped_outcome(item)))
    async with _client(settings) as (client, base_url):
        result.base_url = base_url
        on_start(base_url)
        dialer = BulkDialer(
            client,
            defaults=dict(settings.defaults),
            concurrency=settings.concurrency,
            pack=settings.pack,
            journal=settings.journal,
            grace=settings.grace,
        )
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        interrupts = 0
        closing: list[asyncio.Future[None]] = []

        def interrupt() -> None:
            nonlocal interrupts
            interrupts += 1
            result.interrupted = True
            if interrupts == 1:
                # The dialer reads the rest of the input itself, reporting it pending.
                view.note(
                    f"Stopping: no new calls; waiting up to {settings.grace:g} s for the "
                    "requests in flight (Ctrl-C again to stop at once)."
                )
                dialer.stop()
                # Closing the client is what tells sent requests from waiting ones: those not
                # sent fail as never sent (the dialer reports them pending), the sent ones get
                # the grace, then are cut off (unknown).
                closing.append(asyncio.ensure_future(client.aclose(grace=settings.grace)))
            elif task is not None:
                feed.stopped = True
                task.cancel()

        handled = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, interrupt)
                handled.append(signum)

        async def tick() -> None:
            while True:
                await asyncio.sleep(_TICK)
                view.update()

        if settings.redial_unknown and settings.journal is not None:
            await _reconcile(dialer, settings.journal, view)
        ticker = asyncio.create_task(tick())
        tally.started = tally.clock()
        try:
            async for outcome in dialer.run(feed):
                feed.outstanding.pop(outcome.key, None)
                emit(outcome)
        except asyncio.CancelledError:
            if interrupts < 2:
                raise
            # The second Ctrl-C: what was in flight stays in flight in the journal (resume
            # reports it unknown); here it is reported pending-or-unknown below.
            asyncio.current_task().uncancel()  # type: ignore[union-attr]
        finally:
            ticker.cancel()
            for future in closing:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await future
            for signum in handled:
                loop.remove_signal_handler(signum)
        result.elapsed = time.monotonic() - tally.started
    # Rows handed over without an outcome: after a forced stop they may have been sent
    # (unknown, the safe side); then the rows never read: pending. So the results file still
    # has one record per input row.
    for row in feed.outstanding.values():
        emit(cut_off_outcome(row) if interrupts > 1 else pending_outcome(row))
    feed.outstanding.clear()
    for item in feed.rest():
        emit(skipped_outcome(item) if isinstance(item, Skipped) else pending_outcome(item))
    return result
