"""A dialer process killed mid-job (SIGKILL) and interrupted (SIGINT), against a simulator in
this process: the journal loses nothing, resume covers every row once, nobody is rung twice."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from plivo_async.bulk import BulkDialer, Journal
from plivo_async.testing import Simulator, ThreadedSimulator

from .conftest import DEFAULTS, FAST, number, rows

TOKEN = "crash-test-token"
ROOT = Path(__file__).resolve().parents[2]
ROWS = 2000

pytestmark = pytest.mark.slow


@pytest.fixture
def sim() -> Iterator[ThreadedSimulator]:  # type: ignore[override]
    with Simulator.start_in_thread(cps=10_000, api_requests=None, auth_token=TOKEN) as simulator:
        # Slow enough answers that the job is mid-way when the signal comes.
        simulator.faults.add(endpoint="call.create", latency=0.02)
        yield simulator


def start_job(sim: ThreadedSimulator, journal: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bulk._job", sim.base_url, TOKEN, str(journal), str(ROWS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "STARTED"
    time.sleep(0.7)
    return process


def states(journal: Path) -> dict[str, str]:
    db = sqlite3.connect(journal)
    found = dict(db.execute("SELECT key, status FROM rows").fetchall())
    db.close()
    return found


async def test_sigkill_mid_job_then_resume_covers_every_row_once(
    sim: ThreadedSimulator, tmp_path: Path
) -> None:
    journal = tmp_path / "job.db"
    process = start_job(sim, journal)
    process.kill()
    process.communicate(timeout=5)  # reaps it and closes its pipes
    at_kill = states(journal)
    requested = {d for d, n in sim.journal.destination_counts(processed_only=False).items() if n}
    assert 0 < len(requested) < ROWS  # killed mid-job
    # Every request that reached the server had its in-flight mark committed first.
    assert all(str(int(d[4:])) in at_kill for d in requested)
    in_flight = {key for key, status in at_kill.items() if status == "in_flight"}
    assert in_flight  # killed with requests on the wire

    sim.faults.clear()
    with Journal.open(journal, input_hash="input-v1") as resumed:
        assert resumed.recovered == len(in_flight)
        async with sim.client(rate_limit=FAST) as client:
            dialer = BulkDialer(client, defaults=DEFAULTS, journal=resumed)
            outcomes = [o async for o in dialer.run(rows(ROWS))]
    assert sorted(int(o.key) for o in outcomes) == list(range(ROWS))  # every row once
    final = {o.key: o for o in outcomes}
    assert all(final[key].status == "unknown" and final[key].resumed for key in in_flight)
    counts = sim.journal.destination_counts(processed_only=False)
    assert max(counts.values()) == 1  # no destination requested twice, let alone placed
    assert all(counts.get(number(int(key)), 0) <= 1 for key in in_flight)
    assert Counter(o.status for o in outcomes)["placed"] == ROWS - len(in_flight)


async def test_sigint_exits_cleanly_within_the_grace_with_the_journal_consistent(
    sim: ThreadedSimulator, tmp_path: Path
) -> None:
    journal = tmp_path / "job.db"
    process = start_job(sim, journal)
    signalled = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    took = time.monotonic() - signalled
    assert process.returncode == 130, err
    assert "STOPPED" in out
    assert "Traceback" not in err
    assert took < 2.0 + 1.5  # the grace, plus the interpreter's exit
    at_exit = states(journal)
    assert "in_flight" not in at_exit.values()  # every request in flight got its outcome
    assert 0 < len(at_exit) < ROWS
    placed_at_server = sim.journal.destination_counts()
    assert {k for k, s in at_exit.items() if s == "placed"} == {
        str(int(d[4:])) for d in placed_at_server
    }
