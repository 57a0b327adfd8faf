"""Fixtures for the CLI tests: a simulator in a thread to dial into (its journal shows what
reached the server), the environment pointing the CLI at it, and numbers files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plivo_async.testing import Simulator, ThreadedSimulator

#: Deliberately fake: the simulator's token for these tests (asserted never to be printed).
TOKEN = "cli-test-token-0123456789abcdef"
FROM = "14155550100"
ANSWER = "https://example.com/answer.xml"
#: The arguments every job needs.
JOB = ["--from", FROM, "--answer-url", ANSWER]


@pytest.fixture
def sim() -> Iterator[ThreadedSimulator]:
    with Simulator.start_in_thread(
        auth_token=TOKEN, cps=1000, api_requests=None, time_scale=1.0
    ) as simulator:
        yield simulator


@pytest.fixture
def sim_env(sim: ThreadedSimulator) -> dict[str, str]:
    """The environment for a job dialling into ``sim`` (credentials never on the command line)."""
    return {
        "PLIVO_AUTH_ID": sim.auth_id,
        "PLIVO_AUTH_TOKEN": TOKEN,
        "PLIVO_BASE_URL": sim.base_url,
    }


def numbers_file(tmp_path: Path, count: int, *, start: int = 0, name: str = "numbers.csv") -> Path:
    """A numbers file with ``count`` distinct numbers (header ``to``)."""
    path = tmp_path / name
    path.write_text("to\n" + "".join(f"1415{start + i:07d}\n" for i in range(count)))
    return path


def dialled(sim: ThreadedSimulator) -> dict[str, int]:
    """Destination -> calls the server placed for it."""
    return sim.journal.destination_counts()
