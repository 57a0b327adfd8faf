"""The job journal: a SQLite file (WAL) holding every row's state, so a crash loses nothing.

Durability is split by what a lost write would cost. The *in-flight* mark of a row is committed
with ``synchronous=FULL`` before its request is sent: if it were lost, resume would see the row
as never reached and ring that person again. Outcome writes are batched and committed with
``synchronous=NORMAL`` (durable across a crash or ``kill -9``, which leave the OS's buffers
intact; only a power cut can lose the last ones), since a lost outcome can only fall back to
``in_flight``, which resume turns into ``unknown``: safe.

One journal file holds one job. Reopening it (resume) checks the input's hash and turns every
row left ``in_flight`` into ``unknown``; nothing is ever redialled automatically.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from .._errors import PlivoError
from ._model import DialOutcome, OutcomeStatus

__all__ = ["JobInfo", "Journal", "JournalError", "file_digest"]

#: Row states the journal stores; ``in_flight`` never survives a reopen (it becomes unknown).
STATES = ("pending", "in_flight", "placed", "failed", "unknown", "skipped")
#: Option names never written to the journal, whatever the caller passes.
_SECRET_WORDS = ("token", "password", "secret", "auth")
#: The message of a row found in flight when a journal was reopened.
INTERRUPTED = (
    "the job stopped while this request was in flight: it may have reached Plivo "
    "(never redialled automatically; see redial_unknown)"
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS job (
    id TEXT PRIMARY KEY,
    input_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    options TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    key TEXT PRIMARY KEY,
    to_number TEXT NOT NULL,
    status TEXT NOT NULL,
    request_uuid TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX IF NOT EXISTS rows_status ON rows (status);
"""


class JournalError(PlivoError):
    """The journal cannot be used for this job (another input, another job, not a journal)."""


@attrs.frozen(kw_only=True)
class JobInfo:
    """The job a journal belongs to."""

    job_id: str
    input_hash: str
    created_at: datetime
    #: The job's defaults and options as given (credentials never stored).
    options: Mapping[str, Any]


def file_digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's content (hex), read in chunks: the journal's ``input_hash``."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _clean_options(options: Mapping[str, Any]) -> dict[str, Any]:
    return {
        str(name): value
        for name, value in options.items()
        if not any(word in str(name).lower() for word in _SECRET_WORDS)
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class Journal:
    """The SQLite journal of one bulk job. Open it with ``Journal.open``.

    Its methods are blocking and thread-safe; the dialer runs them on the journal's own worker
    thread (``executor``), so writes never stall the event loop and stay in order.
    """

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        job: JobInfo,
        *,
        resumed: bool,
        recovered: int,
    ) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.Lock()
        self.job = job
        #: True when the file already held this job (a resume).
        self.resumed = resumed
        #: Rows found in flight on opening, now ``unknown``.
        self.recovered = recovered
        self._executor: ThreadPoolExecutor | None = None
        self._closed = False
        self._synchronous = "FULL"  # as _prepare set it
        self._json = _has_json(connection)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        input_hash: str,
        job_id: str | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Journal:
        """Create the journal at ``path``, or reopen it to resume its job.

        ``input_hash`` identifies the input (``file_digest(csv_path)``): reopening with another
        raises ``JournalError`` (the rows' keys would point at other people). ``job_id`` (a
        fresh UUID by default) must also match when given. On reopening, rows left in flight
        become ``unknown``.
        """
        if not isinstance(input_hash, str) or not input_hash:
            raise JournalError("input_hash must be a non-empty string")
        target = Path(path)
        try:
            connection = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {target.name!r}: {exc}") from None
        try:
            return cls._prepare(target, connection, input_hash, job_id, options or {})
        except BaseException:
            connection.close()
            raise

    @classmethod
    def _prepare(
        cls,
        path: Path,
        db: sqlite3.Connection,
        input_hash: str,
        job_id: str | None,
        options: Mapping[str, Any],
    ) -> Journal:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
            found = db.execute("SELECT id, input_hash, created_at, options FROM job").fetchall()
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{path.name!r} is not a bulk-dialing journal: {exc}") from None
        if len(found) > 1:
            raise JournalError(f"{path.name!r} holds {len(found)} jobs; expected one")
        if found:
            stored_id, stored_hash, created, stored_options = found[0]
            if stored_hash != input_hash:
                raise JournalError(
                    f"the input changed since job {stored_id} began (its hash differs from the "
                    f"one in {path.name!r}); refusing to resume: row keys would name other rows"
                )
            if job_id is not None and job_id != stored_id:
                raise JournalError(f"{path.name!r} belongs to job {stored_id}, not {job_id}")
            with db:
                db.execute("BEGIN IMMEDIATE")
                recovered = db.execute(
                    "UPDATE rows SET status = 'unknown', error = ? WHERE status = 'in_flight'",
                    (INTERRUPTED,),
                ).rowcount
            job = JobInfo(
                job_id=stored_id,
                input_hash=stored_hash,
                created_at=datetime.fromisoformat(created),
                options=json.loads(stored_options),
            )
            return cls(path, db, job, resumed=True, recovered=recovered)
        job = JobInfo(
            job_id=job_id or str(uuid.uuid4()),
            input_hash=input_hash,
            created_at=datetime.now(timezone.utc),
            options=_clean_options(options),
        )
        try:
            encoded = json.dumps(dict(job.options), default=str)
        except (TypeError, ValueError) as exc:
            raise JournalError(f"options cannot be stored as JSON: {exc}") from None
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO job (id, input_hash, created_at, options) VALUES (?, ?, ?, ?)",
                (job.job_id, input_hash, job.created_at.isoformat(), encoded),
            )
        return cls(path, db, job, resumed=False, recovered=0)

    def __repr__(self) -> str:
        return f"<Journal {self.path.name!r} job={self.job.job_id} resumed={self.resumed}>"

    # -- writes ----------------------------------------------------------------------------

    def mark_in_flight(self, rows: Sequence[tuple[str, str]], started_at: datetime) -> list[str]:
        """Durably mark rows ``(key, to)`` in flight, in one ``FULL`` commit, before sending.

        Only a row the journal does not know, or knows as ``pending``, is marked; the keys of
        the others (a key repeated in the input, a row already done) are returned, unmarked.
        """
        return self.write((), rows, started_at)

    def record(self, outcomes: Iterable[DialOutcome]) -> None:
        """Write outcomes (batched by the caller); a ``pending`` outcome frees the row."""
        self.write(outcomes, ())

    def write(
        self,
        outcomes: Iterable[DialOutcome],
        marks: Sequence[tuple[str, str]],
        started_at: datetime | None = None,
    ) -> list[str]:
        """Record ``outcomes``, then mark ``marks`` in flight, in one transaction.

        The dialer's one write per cycle: the commit that must precede the marked requests
        also carries the outcomes finished meanwhile, so a job pays one commit (one fsync)
        where it paid two. With marks the commit is ``synchronous=FULL`` (which also makes the
        earlier ``NORMAL`` commits durable); outcomes alone are ``NORMAL``. Outcomes go first:
        a key whose outcome is final is then refused as a mark (see ``mark_in_flight``).
        """
        params = [
            (
                o.to,
                o.status,
                o.request_uuid,
                o.error,
                o.attempts,
                _iso(o.started_at),
                _iso(o.finished_at),
                o.key,
            )
            for o in outcomes
        ]
        if not params and not marks:
            return []
        when = _iso(started_at)
        with self._lock:
            db = self._db
            synchronous = "FULL" if marks else "NORMAL"
            if synchronous != self._synchronous:
                db.execute(f"PRAGMA synchronous={synchronous}")
                self._synchronous = synchronous
            try:
                return self._write(db, params, marks, when)
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _write(
        self,
        db: sqlite3.Connection,
        params: list[tuple[Any, ...]],
        marks: Sequence[tuple[str, str]],
        when: str | None,
    ) -> list[str]:
        # Each statement hands the GIL over and back: with the event loop busy in the other
        # thread that handover is what a commit costs, so a batch goes in one statement.
        db.execute("BEGIN IMMEDIATE")
        self._record(db, params)
        if not marks:
            db.execute("COMMIT")
            return []
        # Usually every row is new, and the change count proves that none was refused;
        # otherwise start over and mark row by row to learn which were.
        before = db.total_changes
        if self._json:
            db.execute(_MARK_JSON, (when, json.dumps(marks)))
        else:
            db.executemany(_MARK, [(key, to, when) for key, to in marks])
        if db.total_changes - before == len(marks):
            db.execute("COMMIT")
            return []
        db.execute("ROLLBACK")
        db.execute("BEGIN IMMEDIATE")
        self._record(db, params)
        refused = [key for key, to in marks if not db.execute(_MARK, (key, to, when)).rowcount]
        db.execute("COMMIT")
        return refused

    def _record(self, db: sqlite3.Connection, params: list[tuple[Any, ...]]) -> None:
        if not params:
            return
        if self._json:
            db.execute(_RECORD_JSON, (json.dumps(params),))
        else:
            db.executemany(_RECORD, params)

    # -- reads -----------------------------------------------------------------------------

    def get(self, key: str) -> DialOutcome | None:
        """The recorded state of one row, or None when the job never reached it."""
        found = self.lookup([key])
        return found.get(key)

    def lookup(self, keys: Sequence[str]) -> dict[str, DialOutcome]:
        """The recorded states of the given rows (those the journal knows)."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        with self._lock:
            found = self._db.execute(
                f"SELECT {_COLUMNS} FROM rows WHERE key IN ({marks})", tuple(keys)
            ).fetchall()
        return {row[0]: _outcome(row) for row in found}

    def outcomes(self, status: OutcomeStatus | None = None) -> Iterator[DialOutcome]:
        """Every recorded row (or those with ``status``), in insertion order, streamed."""
        query = f"SELECT {_COLUMNS} FROM rows"
        params: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            params = (status,)
        query += " ORDER BY rowid LIMIT ? OFFSET ?"
        offset = 0
        while True:
            with self._lock:
                batch = self._db.execute(query, (*params, 500, offset)).fetchall()
            if not batch:
                return
            offset += len(batch)
            yield from (_outcome(row) for row in batch)

    def counts(self) -> dict[str, int]:
        """Rows per state (``in_flight`` only while a job runs)."""
        with self._lock:
            found = self._db.execute("SELECT status, COUNT(*) FROM rows GROUP BY status")
            counts = dict.fromkeys(STATES, 0)
            counts.update(dict(found))
        return counts

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The one worker thread the dialer runs this journal's writes on (in order)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="plivo-async-journal")
        return self._executor

    def close(self) -> None:
        """Wait for queued writes, then close the file (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


_RECORD_SET = (
    " ON CONFLICT (key) DO UPDATE SET to_number = excluded.to_number,"
    " status = excluded.status, request_uuid = excluded.request_uuid,"
    " error = excluded.error, attempts = excluded.attempts,"
    " started_at = excluded.started_at, finished_at = excluded.finished_at"
    # A final outcome stands: a later write for that key (a repeated key in the input) must
    # not overwrite it.
    " WHERE rows.status NOT IN ('placed', 'failed', 'skipped')"
)
_RECORD_COLUMNS = (
    "INSERT INTO rows (to_number, status, request_uuid, error, attempts,"
    " started_at, finished_at, key)"
)
_RECORD = f"{_RECORD_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?){_RECORD_SET}"
#: The same for a whole batch given as one JSON array of rows (``WHERE true``: an upsert from
#: a SELECT needs it to parse).
_RECORD_JSON = (
    f"{_RECORD_COLUMNS} SELECT "
    + ", ".join(f"json_extract(value, '$[{n}]')" for n in range(8))
    + f" FROM json_each(?) WHERE true{_RECORD_SET}"
)
#: A row is marked only when new or pending; the upsert changes nothing for any other.
_MARK_SET = (
    " ON CONFLICT (key) DO UPDATE SET status = 'in_flight', to_number = excluded.to_number,"
    " started_at = excluded.started_at, error = NULL WHERE rows.status = 'pending'"
)
_MARK = (
    "INSERT INTO rows (key, to_number, status, started_at)"
    f" VALUES (?, ?, 'in_flight', ?){_MARK_SET}"
)
_MARK_JSON = (
    "INSERT INTO rows (key, to_number, status, started_at)"
    " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'in_flight', ?"
    f" FROM json_each(?) WHERE true{_MARK_SET}"
)


def _has_json(db: sqlite3.Connection) -> bool:
    """Whether this SQLite has its JSON functions (built in since 3.38, and in most builds
    before); without them a batch goes row by row (``executemany``)."""
    try:
        db.execute("SELECT value FROM json_each('[]')").fetchall()
    except sqlite3.OperationalError:
        return False
    return True


_COLUMNS = "key, to_number, status, request_uuid, error, attempts, started_at, finished_at"


def _outcome(row: tuple[Any, ...]) -> DialOutcome:
    key, to, status, request_uuid, error, attempts, started, finished = row
    return DialOutcome(
        key=key,
        to=to,
        # in_flight is reported as unknown: that is what it means to anyone reading it.
        status="unknown" if status == "in_flight" else status,
        request_uuid=request_uuid,
        error=error,
        attempts=attempts,
        started_at=_moment(started),
        finished_at=_moment(finished),
    )
