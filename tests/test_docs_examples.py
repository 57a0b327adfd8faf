"""The examples in docs/examples run as documented against the embedded simulator."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_metrics_middleware_counts_each_logical_call_once() -> None:
    metrics = await load("metrics_middleware").main()
    assert metrics.counts[("POST", "Call", 200)] == 1
    assert metrics.counts[("GET", "Call", 200)] == 2
    assert metrics.counts[("DELETE", "Call", 204)] == 2
    assert len(metrics.latencies) == 5


async def test_bulk_dial_records_every_destination_once_and_resumes(tmp_path: Path) -> None:
    example = load("bulk_dial")
    journal = tmp_path / "journal.jsonl"
    outcomes = await example.main(journal)
    assert len(outcomes) == 200
    assert set(outcomes.values()) <= {"placed", "failed", "unknown"}
    assert "unknown" in outcomes.values()  # the injected lost answers were reported, not retried
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert sorted(line["to"] for line in lines) == sorted(outcomes)
    # A rerun with the same journal dials nobody again.
    assert await example.main(journal) == {}
