"""Plain progress: a line per interval (not per outcome), with rate, ETA and the counts."""

from __future__ import annotations

from plivo_async.bulk import DialOutcome
from plivo_async.cli._progress import PlainView, Tally


def test_plain_progress_prints_a_line_per_interval_with_the_counts() -> None:
    now = [100.0]
    lines: list[str] = []
    view = PlainView(lines.append, interval=5.0, clock=lambda: now[0])
    tally = Tally(total=10, clock=lambda: now[0])
    view.start(tally)
    statuses = ["placed"] * 6 + ["failed", "unknown", "skipped"]
    for index, status in enumerate(statuses):
        now[0] = 100.0 + index  # one outcome a second
        tally.add(DialOutcome(key=str(index), to="14155550101", status=status))  # type: ignore[arg-type]
        view.update()
    assert lines == [
        "progress: 6/10 rows (60%) · 1.2 calls/s · ETA 3s · placed 6 · failed 0 · unknown 0 · "
        "skipped 0"
    ]
    view.stop()
    assert lines[-1].startswith("progress: 9/10 rows (90%) · ")
    assert lines[-1].endswith("placed 6 · failed 1 · unknown 1 · skipped 1")
