"""``BulkDialer``: many ``calls.create`` requests, bounded, paced by the client, journaled.

The flow of one row: read from the (streamed) input, checked against ``calls.create``'s rules
(a refused row is ``skipped``, never sent), grouped when packing, admitted when one of the
``concurrency`` slots is free, marked in flight in the journal (a durable commit shared by every
row admitted meanwhile), then sent. The client's call-creation bucket paces the requests and its
retry policy retries only what provably never left, so the dialer never retries anything itself.

What each failure becomes: ``outcome_unknown`` -> ``unknown``; any other ``PlivoError`` ->
``failed``; a ``ValidationError`` -> ``skipped``; a request cut off by ``stop()`` after the grace
-> ``unknown``; a request the stopping client never sent -> ``pending`` (dialled on resume).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from itertools import islice
from typing import TYPE_CHECKING, Any

from .._endpoint import compiled
from .._errors import ClientClosedError, ClientStateError, PlivoError, ValidationError
from .._resources._calls import AsyncCalls
from ._journal import Journal
from ._model import DialOutcome, DialRow, OutcomeStatus
from ._packing import MAX_PACK, Packer, pack_key

if TYPE_CHECKING:
    from .._client import AsyncClient
    from ._reconcile import Reconciliation

__all__ = ["BulkDialer", "DialRun"]

#: Rows read from the input at a time (and looked up in a resumed journal in one query).
CHUNK = 256
#: The ``calls.create`` endpoint: its argument names and rules check each row before sending.
_CREATE = compiled(AsyncCalls.create)
ARGUMENTS = frozenset(param.name for param in _CREATE.params)

CUT_OFF = (
    "stopped: no answer within the grace period, the request may have reached Plivo "
    "(never redialled automatically)"
)
NOT_SENT = "stopped before this request was sent"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _check_positive(name: str, value: object, *, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(name, f"must be an integer >= 1, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValidationError(name, f"must be at most {maximum}, got {value!r}")
    return value


def _check_seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValidationError(name, f"must be a number of seconds >= 0, got {value!r}")
    return float(value)


def check_options(name: str, options: object) -> dict[str, Any]:
    """``options`` as a dict of ``calls.create`` arguments other than ``to``, or refused."""
    if not isinstance(options, Mapping):
        raise ValidationError(name, f"must be a mapping of calls.create arguments, got {options!r}")
    unknown = sorted(str(key) for key in options if key not in ARGUMENTS or key == "to")
    if unknown:
        raise ValidationError(
            name,
            f"{', '.join(unknown)} is not a calls.create argument it may set "
            f"(allowed: {', '.join(sorted(ARGUMENTS - {'to'}))})",
        )
    return dict(options)


class BulkDialer:
    """Dials many rows through ``client.calls.create``; one ``DialOutcome`` per row.

    ``defaults`` are ``calls.create`` arguments for every row (a row's ``options`` override
    them). At most ``concurrency`` requests are in flight; the client's ``RateLimit``
    (``calls_per_second``) paces them. ``pack=True`` sends rows sharing every argument but
    ``to`` as one bulk request of up to ``pack_size`` destinations (after ``pack_linger``
    seconds at most a partial group goes anyway). ``journal`` records every row's state (see
    ``Journal``); without one nothing survives the process. Its writes are batched: outcomes
    every ``flush_interval`` seconds or ``flush_rows`` rows; in-flight marks, which must be
    committed before their requests go, wait at most ``mark_linger`` seconds for other
    requests to share their commit. ``stop()`` lets in-flight requests finish for up to
    ``grace`` seconds.

    Every row given is dialled: two rows with the same ``to`` ring that number twice (dedupe
    the input first: the CLI does), but a destination is never put twice into one packed
    request. A key repeated in a journaled job is ``skipped`` the second time.
    """

    def __init__(
        self,
        client: AsyncClient,
        *,
        defaults: Mapping[str, Any] | None = None,
        concurrency: int = 64,
        pack: bool = False,
        pack_size: int = MAX_PACK,
        pack_linger: float = 0.05,
        journal: Journal | None = None,
        grace: float = 5.0,
        report_pending: bool = True,
        flush_interval: float = 0.05,
        flush_rows: int = 500,
        mark_linger: float = 0.01,
    ) -> None:
        self._client = client
        self.defaults = check_options("defaults", defaults or {})
        self.concurrency = _check_positive("concurrency", concurrency)
        if not isinstance(pack, bool):
            raise ValidationError("pack", f"must be True or False, got {pack!r}")
        self.pack = pack
        self.pack_size = _check_positive("pack_size", pack_size, maximum=MAX_PACK)
        self.pack_linger = _check_seconds("pack_linger", pack_linger)
        if journal is not None and not isinstance(journal, Journal):
            raise ValidationError("journal", f"must be a Journal or None, got {journal!r}")
        self.journal = journal
        self.grace = _check_seconds("grace", grace)
        self.report_pending = bool(report_pending)
        self.flush_interval = _check_seconds("flush_interval", flush_interval)
        self.flush_rows = _check_positive("flush_rows", flush_rows)
        self.mark_linger = _check_seconds("mark_linger", mark_linger)
        self._run: DialRun | None = None
        self._stop_requested = False

    def __repr__(self) -> str:
        return (
            f"<BulkDialer concurrency={self.concurrency} pack={self.pack} "
            f"journal={None if self.journal is None else self.journal.path.name!r}>"
        )

    def start(self, rows: Iterable[DialRow] | AsyncIterable[DialRow]) -> DialRun:
        """Start the job on the running loop; ``run()`` is the usual way in."""
        if self._run is not None and not self._run.finished:
            raise ClientStateError("this BulkDialer is already running a job")
        self._run = DialRun(self, rows)
        if self._stop_requested:
            self._run.stop()
        return self._run

    async def run(
        self, rows: Iterable[DialRow] | AsyncIterable[DialRow], *, redial_unknown: bool = False
    ) -> AsyncIterator[DialOutcome]:
        """Dial ``rows`` (streamed; never held in memory) and yield each row's outcome as it
        completes. ``redial_unknown``: first ``reconcile_unknown()`` the journal, so the
        unknown rows not found at Plivo are dialled again.

        Leaving the loop early stops the job as ``stop()`` does.
        """
        if redial_unknown:
            await self.reconcile_unknown()
        job = self.start(rows)
        try:
            while (batch := await job.next_batch(CHUNK)) is not None:
                for outcome in batch:
                    yield outcome
        finally:
            await job.close()

    def stop(self) -> None:
        """Stop issuing; in-flight requests get ``grace`` seconds, then are cut off (``unknown``).

        Safe from a signal handler and from any thread. Rows not reached are reported
        ``pending`` (``report_pending``) and dialled on resume.
        """
        self._stop_requested = True
        if self._run is not None:
            self._run.stop()

    @property
    def stopped(self) -> bool:
        """True once ``stop()`` was called."""
        return self._stop_requested

    async def reconcile_unknown(self) -> Reconciliation:
        """Look up the journal's ``unknown`` rows at Plivo; record those found ``placed`` and
        make the rest ``pending`` (so this job's next ``run`` redials them). See
        ``reconcile_unknown`` in ``plivo_async.bulk``."""
        from ._reconcile import reconcile_unknown

        if self.journal is None:
            raise ValidationError("journal", "redialling unknown rows needs the job's journal")
        return await reconcile_unknown(self._client, self.journal)


class DialRun:
    """One running job: the admission loop, the requests in flight, the journal writes."""

    def __init__(self, dialer: BulkDialer, rows: Iterable[DialRow] | AsyncIterable[DialRow]):
        self._dialer = dialer
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        # Built once: ``with_raw_response`` makes a new wrapper on every access.
        self._create = dialer._client.calls.with_raw_response.create
        self._journal = dialer.journal
        self._slots = asyncio.Semaphore(dialer.concurrency)
        self._out: asyncio.Queue[DialOutcome] = asyncio.Queue()
        # Outcomes waiting for the reader; past this the input is not read further.
        per_request = dialer.pack_size if dialer.pack else 1
        self._high_water = max(4 * CHUNK, 2 * dialer.concurrency * per_request)
        self._sync_rows: Iterator[DialRow] | None = None
        self._carry: list[DialOutcome] = []
        self._async_rows: AsyncIterator[DialRow] | None = None
        self._room = asyncio.Event()
        self._room.set()
        self._stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        # The journal writer's two queues: requests waiting for their in-flight mark (holding
        # a slot, not sent) and outcomes not yet written; each with the loop time it began.
        self._to_mark: list[tuple[Sequence[DialRow], dict[str, Any]]] = []
        self._to_mark_rows = 0
        self._to_mark_since = 0.0
        self._mark_due = max(1, dialer.concurrency // 4)
        self._unwritten: list[DialOutcome] = []
        self._unwritten_since = 0.0
        self._wake = asyncio.Event()
        # Set while no request waits for its mark (none queued, none in a commit).
        self._marks_clear = asyncio.Event()
        self._marks_clear.set()
        self._closing = False
        self._cut_off: asyncio.TimerHandle | None = None
        self._error: BaseException | None = None
        self.finished = False
        self._detached = False
        self._producer = asyncio.ensure_future(self._produce(rows))
        self._writer: asyncio.Future[None] | None = None
        if self._journal is not None:
            self._writer = asyncio.ensure_future(self._write_journal(self._journal))

    # -- control ---------------------------------------------------------------------------

    def stop(self) -> None:
        if threading.get_ident() != self._loop_thread:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nothing left to stop
                self._loop.call_soon_threadsafe(self._begin_stop)
            return
        self._begin_stop()

    def _begin_stop(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._room.set()
        self._wake.set()  # requests still waiting for their mark are dropped, not sent
        self._cut_off = self._loop.call_later(self._dialer.grace, self._cut_off_in_flight)

    def _cut_off_in_flight(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def next_batch(self, size: int) -> list[DialOutcome] | None:
        """Up to ``size`` outcomes (waiting for the first), or None when the job is over."""
        out = self._out
        first, self._carry = self._carry, []
        if not first and out.empty():
            if self._producer.done():
                await self._raise_failure()
                return None
            getter = asyncio.ensure_future(out.get())
            try:
                await asyncio.wait({getter, self._producer}, return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                # The reader was interrupted (a blocking caller's Ctrl-C): keep what was taken.
                if getter.done() and not getter.cancelled():
                    self._carry.append(getter.result())
                getter.cancel()
                raise
            if getter.done():
                first.append(getter.result())
            else:
                getter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await getter
                if out.empty():
                    await self._raise_failure()
                    return None
        first.extend(out.get_nowait() for _ in range(min(size - len(first), out.qsize())))
        if out.qsize() < self._high_water:
            self._room.set()
        return first

    async def _raise_failure(self) -> None:
        await self._settle()
        if self._error is not None:
            raise self._error

    async def close(self) -> None:
        """Stop if still running, wait for the end of the job, flush the journal."""
        if not self._producer.done():
            self._detached = True  # nobody reads the outcomes any more
            self._begin_stop()
        await self._settle()
        if self._error is not None and not self._detached:
            raise self._error

    async def _settle(self) -> None:
        with contextlib.suppress(BaseException):
            await asyncio.shield(self._producer)
        self._closing = True
        self._wake.set()
        if self._writer is not None:
            with contextlib.suppress(BaseException):
                await asyncio.shield(self._writer)
        if self._cut_off is not None:
            self._cut_off.cancel()
        self.finished = True

    # -- outcomes and the journal ----------------------------------------------------------

    def _emit(self, outcome: DialOutcome, *, write: bool = True) -> None:
        if write and self._journal is not None:
            unwritten = self._unwritten
            if not unwritten:
                self._unwritten_since = self._loop.time()
                self._wake.set()
            unwritten.append(outcome)
            if len(unwritten) == self._dialer.flush_rows:
                self._wake.set()
        if not self._detached:
            self._out.put_nowait(outcome)

    def _write_deadline(self, now: float) -> float | None:
        """When the writer's next commit is due (``now`` or earlier: at once), None: idle.

        Marks wait up to ``mark_linger`` for company (a quarter of the slots, or a full
        packed request) so that one commit serves several requests; outcomes wait up to
        ``flush_interval`` or ``flush_rows``, and travel with the next commit of marks.
        """
        dialer = self._dialer
        deadline: float | None = None
        if self._to_mark:
            if (
                self._closing
                or len(self._to_mark) >= self._mark_due
                or self._to_mark_rows >= MAX_PACK
            ):
                return now
            deadline = self._to_mark_since + dialer.mark_linger
        if self._unwritten:
            if self._closing or len(self._unwritten) >= dialer.flush_rows:
                return now
            due = self._unwritten_since + dialer.flush_interval
            deadline = due if deadline is None else min(deadline, due)
        return deadline

    async def _write_journal(self, journal: Journal) -> None:
        """The job's one journal writer: each commit (on the journal's thread, so the loop
        keeps sending meanwhile) records the outcomes finished so far and marks the requests
        waiting; only when it has returned are those requests sent."""
        loop = self._loop
        wake = self._wake
        while True:
            wake.clear()
            if self._stopping.is_set() and self._to_mark:
                self._drop_marks()
                self._marks_clear.set()
            now = loop.time()
            deadline = self._write_deadline(now)
            if deadline is None:
                if self._closing:
                    return
                await wake.wait()
                continue
            if deadline > now:
                timer = loop.call_at(deadline, wake.set)
                try:
                    await wake.wait()
                finally:
                    timer.cancel()
                continue
            batch, self._to_mark, self._to_mark_rows = self._to_mark, [], 0
            outcomes, self._unwritten = self._unwritten, []
            marks = [(row.key, row.to) for rows, _ in batch for row in rows]
            try:
                refused = await loop.run_in_executor(
                    journal.executor, journal.write, outcomes, marks, _now()
                )
            except Exception as exc:
                self._never_sent(batch)  # not marked: the rows stay pending; the job cannot go on
                if self._error is None:
                    self._error = exc
                self._begin_stop()
            else:
                self._release(batch, refused)
            if not self._to_mark:
                self._marks_clear.set()

    def _drop_marks(self) -> None:
        """Stopping: requests still waiting for their mark are never sent (rows pending)."""
        batch, self._to_mark, self._to_mark_rows = self._to_mark, [], 0
        self._never_sent(batch)

    def _never_sent(self, batch: list[tuple[Sequence[DialRow], dict[str, Any]]]) -> None:
        """Give back the slots of requests that will not be sent; their rows stay pending."""
        for rows, _ in batch:
            self._slots.release()
            self._unreached(rows)

    def _release(
        self, batch: list[tuple[Sequence[DialRow], dict[str, Any]]], refused: list[str]
    ) -> None:
        """Their marks are committed: send the requests (without any refused row)."""
        duplicate = set(refused)
        for rows, options in batch:
            if duplicate:
                for row in rows:
                    if row.key in duplicate:
                        self._emit(_repeated_key(row), write=False)
                rows = [row for row in rows if row.key not in duplicate]
            if not rows:
                self._slots.release()
            elif self._stopping.is_set():
                # Marked but never sent: back to pending, dialled on resume.
                self._slots.release()
                for row in rows:
                    self._emit(DialOutcome(key=row.key, to=row.to, status="pending"))
            else:
                self._launch(rows, options)

    # -- admission -------------------------------------------------------------------------

    async def _produce(self, rows: Iterable[DialRow] | AsyncIterable[DialRow]) -> None:
        dialer = self._dialer
        packer = Packer(dialer.pack_size) if dialer.pack else None
        linger = dialer.pack_linger
        clock = time.monotonic
        try:
            async for chunk in self._chunks(rows, packer):
                if chunk is None:  # the input is slow: send the groups that waited
                    if packer is not None:
                        for group in packer.due(clock() - linger):
                            await self._admit(group.rows, group.options)
                    continue
                known = await self._known(chunk)
                for index, row in enumerate(chunk):
                    if self._stopping.is_set():
                        self._unreached(chunk[index:])
                        break
                    recorded = known.get(row.key) if known else None
                    if recorded is not None and recorded.status != "pending":
                        self._emit(_resumed(recorded), write=False)
                        continue
                    options = self._prepare(row)
                    if options is None:
                        continue
                    key = pack_key(options) if packer is not None else None
                    if packer is None or key is None:
                        await self._admit((row,), options)
                        continue
                    options.pop("to")
                    now = clock()
                    for group in packer.add(key, row, options, now):
                        await self._admit(group.rows, group.options)
                    for group in packer.due(now - linger):
                        await self._admit(group.rows, group.options)
                if self._stopping.is_set():
                    break
                if self._out.qsize() >= self._high_water:
                    self._room.clear()
                    await self._room.wait()
            if packer is not None:
                for group in packer.drain():
                    if self._stopping.is_set():
                        self._unreached(group.rows)
                    else:
                        await self._admit(group.rows, group.options)
            if self._stopping.is_set() and dialer.report_pending:
                await self._report_rest(rows)
        except BaseException as exc:
            if self._error is None:
                self._error = exc
            self._begin_stop()
        finally:
            while self._tasks or not self._marks_clear.is_set():
                waiting: set[asyncio.Future[Any]] = set(self._tasks)
                if not self._marks_clear.is_set():
                    waiting.add(asyncio.ensure_future(self._marks_clear.wait()))
                await asyncio.wait(waiting)

    async def _chunks(
        self, rows: Iterable[DialRow] | AsyncIterable[DialRow], packer: Packer | None
    ) -> AsyncIterator[list[DialRow] | None]:
        """The input in chunks; None when an async input keeps a partial group waiting."""
        if isinstance(rows, AsyncIterable):
            iterator = self._async_rows = aiter(rows)
            chunk: list[DialRow] = []
            pending: asyncio.Future[DialRow] | None = None
            while True:
                if pending is None:
                    pending = asyncio.ensure_future(anext(iterator))
                timeout = None
                if chunk or packer:  # something is waiting: do not hold it for a slow input
                    timeout = self._dialer.pack_linger if packer else 0
                done, _ = await asyncio.wait({pending}, timeout=timeout)
                if self._stopping.is_set():
                    pending.cancel()
                    self._unreached(chunk)
                    return
                if not done:
                    yield chunk if chunk else None
                    chunk = []
                    continue
                try:
                    row = pending.result()
                except StopAsyncIteration:
                    if chunk:
                        yield chunk
                    return
                pending = None
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
        else:
            iterator_sync = self._sync_rows = iter(rows)
            while chunk_sync := list(islice(iterator_sync, CHUNK)):
                yield chunk_sync
                await asyncio.sleep(0)  # let answers in between chunks of a fast input

    async def _report_rest(self, rows: Iterable[DialRow] | AsyncIterable[DialRow]) -> None:
        """After a stop: every row not read yet is reported pending (one outcome per row)."""
        if isinstance(rows, AsyncIterable):
            iterator = self._async_rows
            if iterator is None:
                return
            async for row in iterator:
                self._unreached((row,))
        else:
            rest = self._sync_rows
            if rest is None:
                return
            while chunk := list(islice(rest, CHUNK)):
                self._unreached(chunk)
                await asyncio.sleep(0)

    def _unreached(self, rows: Iterable[DialRow]) -> None:
        if not self._dialer.report_pending:
            return
        for row in rows:
            if isinstance(row, DialRow):
                self._emit(DialOutcome(key=row.key, to=row.to, status="pending"), write=False)

    async def _known(self, chunk: list[DialRow]) -> dict[str, DialOutcome] | None:
        journal = self._journal
        if journal is None or not journal.resumed:
            return None
        keys = [row.key for row in chunk if isinstance(row, DialRow)]
        return await self._loop.run_in_executor(journal.executor, journal.lookup, keys)

    def _prepare(self, row: DialRow) -> dict[str, Any] | None:
        """The row's full ``calls.create`` arguments, or None after reporting it skipped."""
        if not isinstance(row, DialRow):
            raise ValidationError("rows", f"must hold DialRow values, got {row!r}")
        try:
            if not isinstance(row.key, str) or not row.key:
                raise ValidationError("key", f"must be a non-empty string, got {row.key!r}")
            if not isinstance(row.to, str) or not row.to.strip() or "<" in row.to:
                raise ValidationError("to", f"must be one destination, got {row.to!r}")
            options = {**self._dialer.defaults, **check_options("options", row.options)}
            options["to"] = row.to
            _CREATE.arguments(options)
        except ValidationError as exc:
            self._emit(
                DialOutcome(
                    key=str(row.key),
                    to=str(row.to),
                    status="skipped",
                    error=str(exc),
                    finished_at=_now(),
                ),
                write=isinstance(row.key, str) and bool(row.key),
            )
            return None
        return options

    async def _admit(self, rows: Sequence[DialRow], options: dict[str, Any]) -> None:
        """Wait for a free slot, then queue the request for its in-flight mark."""
        await self._slots.acquire()
        if self._stopping.is_set():
            self._slots.release()
            self._unreached(rows)
            return
        if self._journal is None:
            self._launch(rows, options)
            return
        if not self._to_mark:
            self._to_mark_since = self._loop.time()
            self._marks_clear.clear()
            self._wake.set()
        self._to_mark.append((rows, options))
        self._to_mark_rows += len(rows)
        if len(self._to_mark) == self._mark_due or self._to_mark_rows >= MAX_PACK:
            self._wake.set()

    def _launch(self, rows: Sequence[DialRow], options: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._dial(rows, options))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- one request -----------------------------------------------------------------------

    async def _dial(self, rows: Sequence[DialRow], options: dict[str, Any]) -> None:
        started = _now()
        to: str | list[str] = rows[0].to if len(rows) == 1 else [row.to for row in rows]
        arguments = {**options, "to": to}
        try:
            try:
                raw = await self._create(**arguments)
            except PlivoError as error:
                status = self._classify(error)
                message = str(error) if status != "pending" else NOT_SENT
                self._each(rows, status, error.retries_taken + 1, started, message)
            else:
                uuids = raw.parsed.request_uuids
                attempts = raw.retries_taken + 1
                if len(uuids) != len(rows):
                    message = (
                        f"Plivo answered {len(uuids)} request_uuid(s) for {len(rows)} "
                        "destination(s): which call is which is unknown"
                    )
                    self._each(rows, "unknown", attempts, started, message)
                else:
                    finished = _now()
                    for row, uuid in zip(rows, uuids, strict=True):
                        self._emit(
                            DialOutcome(
                                key=row.key,
                                to=row.to,
                                status="placed",
                                request_uuid=uuid,
                                attempts=attempts,
                                started_at=started,
                                finished_at=finished,
                            )
                        )
        except asyncio.CancelledError:
            # Cut off by stop() after the grace: it may have been sent.
            self._each(rows, "unknown", 1, started, CUT_OFF)
        finally:
            self._slots.release()

    def _classify(self, error: PlivoError) -> OutcomeStatus:
        if error.outcome_unknown:
            return "unknown"
        if isinstance(error, ValidationError):
            return "skipped"
        if self._stopping.is_set() and isinstance(error, (ClientClosedError, ClientStateError)):
            return "pending"  # the client closed under a stop before this was sent
        return "failed"

    def _each(
        self,
        rows: Sequence[DialRow],
        status: OutcomeStatus,
        attempts: int,
        started: datetime,
        error: str,
    ) -> None:
        finished = _now()
        for row in rows:
            self._emit(
                DialOutcome(
                    key=row.key,
                    to=row.to,
                    status=status,
                    error=error,
                    attempts=0 if status == "pending" else attempts,
                    started_at=started,
                    finished_at=finished,
                )
            )


def _resumed(recorded: DialOutcome) -> DialOutcome:
    return DialOutcome(
        key=recorded.key,
        to=recorded.to,
        status=recorded.status,
        request_uuid=recorded.request_uuid,
        error=recorded.error,
        attempts=recorded.attempts,
        started_at=recorded.started_at,
        finished_at=recorded.finished_at,
        resumed=True,
    )


def _repeated_key(row: DialRow) -> DialOutcome:
    return DialOutcome(
        key=row.key,
        to=row.to,
        status="skipped",
        error=f"row key {row.key!r} was already dialled in this job (a repeated key)",
        finished_at=_now(),
    )
