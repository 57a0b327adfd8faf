"""The journal on its own: what survives a reopen, what it refuses."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from plivo_async.bulk import DialOutcome, Journal, JournalError, file_digest

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def test_a_new_journal_is_a_wal_file_with_its_job(tmp_path: Path) -> None:
    path = tmp_path / "job.db"
    with Journal.open(path, input_hash="abc", options={"from_": "1415", "auth_token": "t0k"}) as j:
        assert not j.resumed
        assert j.job.input_hash == "abc"
        assert j.job.options == {"from_": "1415"}  # no credential stored
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert "t0k" not in db.execute("SELECT options FROM job").fetchone()[0]
    db.close()


def test_in_flight_rows_become_unknown_on_reopen_and_done_rows_stay(tmp_path: Path) -> None:
    path = tmp_path / "job.db"
    with Journal.open(path, input_hash="abc") as j:
        assert j.mark_in_flight([("1", "14150000001"), ("2", "14150000002")], NOW) == []
        j.record([DialOutcome(key="1", to="14150000001", status="placed", request_uuid="u1")])
        job_id = j.job.job_id
    with Journal.open(path, input_hash="abc", job_id=job_id) as j:
        assert j.resumed
        assert j.recovered == 1
        assert j.get("1") == DialOutcome(
            key="1", to="14150000001", status="placed", request_uuid="u1"
        )
        second = j.get("2")
        assert second is not None
        assert second.status == "unknown"
        assert "may have reached Plivo" in (second.error or "")
        assert j.get("3") is None
        assert j.counts()["unknown"] == 1
        assert j.counts()["placed"] == 1


def test_a_changed_input_or_another_job_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "job.db"
    Journal.open(path, input_hash="abc", job_id="job-1").close()
    with pytest.raises(JournalError, match="input changed"):
        Journal.open(path, input_hash="abd")
    with pytest.raises(JournalError, match="belongs to job job-1"):
        Journal.open(path, input_hash="abc", job_id="job-2")


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("to\n14155550101\n" * 200)
    with pytest.raises(JournalError, match="not a bulk-dialing journal"):
        Journal.open(path, input_hash="abc")


#: Both ways a batch is written: one statement over a JSON array, or (a SQLite without its
#: JSON functions) row by row.
BATCHING = pytest.mark.parametrize("batch_json", [True, False], ids=["json", "row-by-row"])


@BATCHING
def test_only_new_or_pending_rows_can_be_marked_in_flight(tmp_path: Path, batch_json: bool) -> None:
    with Journal.open(tmp_path / "job.db", input_hash="abc") as j:
        j._json = batch_json
        assert j.mark_in_flight([("1", "a"), ("1", "a")], NOW) == ["1"]  # a repeated key
        j.record([DialOutcome(key="1", to="a", status="pending")])
        assert j.mark_in_flight([("1", "a")], NOW) == []  # pending: dialled again
        j.record([DialOutcome(key="1", to="a", status="unknown")])
        assert j.mark_in_flight([("1", "a")], NOW) == ["1"]  # unknown: never automatically


def test_file_digest_is_the_content_hash(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("to\n1\n")
    b.write_text("to\n1\n")
    assert file_digest(a) == file_digest(b)
    b.write_text("to\n2\n")
    assert file_digest(a) != file_digest(b)


@BATCHING
def test_a_final_outcome_is_never_overwritten(tmp_path: Path, batch_json: bool) -> None:
    with Journal.open(tmp_path / "job.db", input_hash="abc") as j:
        j._json = batch_json
        j.mark_in_flight([("1", "a")], NOW)
        j.record([DialOutcome(key="1", to="a", status="placed", request_uuid="u1")])
        j.record([DialOutcome(key="1", to="a", status="skipped", error="a repeated key")])
        assert j.get("1") == DialOutcome(key="1", to="a", status="placed", request_uuid="u1")


@BATCHING
def test_one_write_records_outcomes_then_marks_and_refuses_a_key_already_final(
    tmp_path: Path, batch_json: bool
) -> None:
    with Journal.open(tmp_path / "job.db", input_hash="abc") as j:
        j._json = batch_json
        refused = j.write(
            [DialOutcome(key="1", to="a", status="skipped", error="bad row")],
            [("1", "a"), ("2", "b"), ("3", "c")],
            NOW,
        )
        assert refused == ["1"]  # its outcome, in the same transaction, came first
        assert j.get("1") == DialOutcome(key="1", to="a", status="skipped", error="bad row")
        assert j.counts()["in_flight"] == 2


@BATCHING
def test_a_batch_keeps_every_field_of_every_outcome(tmp_path: Path, batch_json: bool) -> None:
    later = datetime(2024, 5, 1, 12, 0, 1, 250000, tzinfo=timezone.utc)
    outcomes = [
        DialOutcome(
            key=str(n),
            to=f"1415000000{n}",
            status="failed" if n % 2 else "placed",
            request_uuid=None if n % 2 else f"uuid-{n}",
            error='HTTP 400: "bad" <number>' if n % 2 else None,
            attempts=n + 1,
            started_at=NOW,
            finished_at=later,
        )
        for n in range(5)
    ]
    with Journal.open(tmp_path / "job.db", input_hash="abc") as j:
        j._json = batch_json
        assert j.write([], [(o.key, o.to) for o in outcomes], NOW) == []
        j.record(outcomes)
        assert list(j.outcomes()) == outcomes
