"""The blocking twin: the same job from a plain ``Client``, outcomes bridged in batches."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import plivo_async
from plivo_async.bulk import BlockingBulkDialer, Journal
from plivo_async.testing import Simulator

from .conftest import DEFAULTS, FAST, rows


def test_a_blocking_client_dials_every_row_with_a_journal(tmp_path: Path) -> None:
    with Simulator.start_in_thread(cps=10_000, api_requests=None) as sim:
        sim.faults.add(endpoint="call.create", drop_after=0.3)
        with Journal.open(tmp_path / "job.db", input_hash="h") as journal:
            with sim.sync_client(rate_limit=FAST) as client:
                dialer = BlockingBulkDialer(
                    client, defaults=DEFAULTS, journal=journal, pack=True, pack_size=10
                )
                outcomes = list(dialer.run(rows(300)))
            counts = journal.counts()
        assert sorted(int(o.key) for o in outcomes) == list(range(300))
        statuses = Counter(o.status for o in outcomes)
        assert statuses["placed"] + statuses["unknown"] == 300
        assert statuses["unknown"] > 0
        assert counts["placed"] == statuses["placed"]
        assert counts["unknown"] == statuses["unknown"]
        assert max(sim.journal.destination_counts().values()) == 1


def test_the_blocking_twin_wants_a_blocking_client() -> None:
    client = plivo_async.AsyncClient("MATESTAUTHID00000001", "token-0123456789")
    with pytest.raises(plivo_async.ValidationError) as caught:
        BlockingBulkDialer(client)  # type: ignore[arg-type]
    assert caught.value.argument == "client"
