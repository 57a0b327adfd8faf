"""What the user sees while a job runs: a rich live view on a terminal, plain periodic progress
lines otherwise (CI, a pipe, a log file), and a summary table at the end."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import attrs
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..bulk import DialOutcome, OutcomeStatus

__all__ = ["LiveView", "PlainView", "Tally", "View", "summary_table"]

STATUSES: tuple[OutcomeStatus, ...] = ("placed", "failed", "unknown", "skipped", "pending")
_STYLE = {
    "placed": "green",
    "failed": "red",
    "unknown": "yellow",
    "skipped": "magenta",
    "pending": "cyan",
}
_MEANING = {
    "placed": "Plivo accepted the call",
    "failed": "refused, or never sent: safe to dial again",
    "unknown": "the request may have reached Plivo: check before dialling again",
    "skipped": "bad or repeated input row, not dialled",
    "pending": "not reached (the job was interrupted)",
}


@attrs.define
class Tally:
    """Outcome counts and the dialling rate."""

    total: int | None = None
    counts: dict[str, int] = attrs.field(factory=lambda: dict.fromkeys(STATUSES, 0))
    clock: Callable[[], float] = time.monotonic
    started: float = attrs.field(default=attrs.Factory(lambda self: self.clock(), takes_self=True))
    #: Rows dialled in this run (placed/failed/unknown), for the rate: skipped rows and rows
    #: done in an earlier run of the job cost no time.
    dialled: int = 0
    resumed: int = 0

    def add(self, outcome: DialOutcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.resumed:
            self.resumed += 1
        elif outcome.status in ("placed", "failed", "unknown"):
            self.dialled += 1

    @property
    def done(self) -> int:
        return sum(self.counts.values()) - self.counts["pending"]

    def rate(self, now: float | None = None) -> float:
        elapsed = (now if now is not None else self.clock()) - self.started
        return self.dialled / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        rate = self.rate()
        if self.total is None or rate <= 0:
            return None
        return max(0, self.total - self.done) / rate

    def counts_text(self) -> str:
        return " · ".join(f"{status} {self.counts[status]}" for status in STATUSES[:4])


class View(Protocol):
    def start(self, tally: Tally) -> None: ...
    def update(self) -> None: ...
    def note(self, message: str) -> None: ...
    def stop(self) -> None: ...


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class PlainView:
    """A progress line every ``interval`` seconds (and one at the end), on ``write``."""

    def __init__(
        self,
        write: Callable[[str], None],
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._write = write
        self._interval = interval
        self._clock = clock
        self._last = 0.0
        self._tally = Tally()

    def start(self, tally: Tally) -> None:
        self._tally = tally
        self._last = self._clock()

    def line(self) -> str:
        tally = self._tally
        total = f"/{tally.total}" if tally.total is not None else ""
        percent = f" ({100 * tally.done / tally.total:.0f}%)" if tally.total else ""
        eta = f" · ETA {_duration(tally.eta())}" if tally.total is not None else ""
        return (
            f"progress: {tally.done}{total} rows{percent} · {tally.rate():.1f} calls/s{eta}"
            f" · {tally.counts_text()}"
        )

    def update(self) -> None:
        now = self._clock()
        if now - self._last >= self._interval:
            self._last = now
            self._write(self.line())

    def note(self, message: str) -> None:
        self._write(message)

    def stop(self) -> None:
        self._write(self.line())


class _CountsColumn(ProgressColumn):
    def __init__(self, tally: Tally) -> None:
        super().__init__()
        self._tally = tally

    def render(self, task: Task) -> Text:
        text = Text()
        for index, status in enumerate(STATUSES[:4]):
            if index:
                text.append(" · ")
            text.append(f"{status} {self._tally.counts[status]}", style=_STYLE[status])
        return text


class _RateColumn(ProgressColumn):
    def __init__(self, tally: Tally) -> None:
        super().__init__()
        self._tally = tally

    def render(self, task: Task) -> Text:
        return Text(f"{self._tally.rate():.1f} calls/s", style="progress.data.speed")


class LiveView:
    """The rich live view: a bar with done/total, rate, ETA and the outcome counts."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._tally = Tally()

    def start(self, tally: Tally) -> None:
        self._tally = tally
        columns: list[str | ProgressColumn] = [
            TextColumn("[bold]Dialling"),
            BarColumn(),
            MofNCompleteColumn() if tally.total is not None else TextColumn("{task.completed}"),
        ]
        if tally.total is not None:
            columns += [TaskProgressColumn()]
        columns += [_RateColumn(tally), TimeElapsedColumn()]
        if tally.total is not None:
            columns += [TextColumn("ETA"), TimeRemainingColumn()]
        columns += [_CountsColumn(tally)]
        self._progress = Progress(*columns, console=self._console, refresh_per_second=8)
        self._task = self._progress.add_task("dial", total=tally.total)
        self._progress.start()

    def update(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self._tally.done)

    def note(self, message: str) -> None:
        self._console.print(message, markup=False, highlight=False)

    def stop(self) -> None:
        if self._progress is not None:
            self.update()
            self._progress.stop()
            self._progress = None


def summary_table(tally: Tally, elapsed: float) -> Table:
    """The end-of-job table: each outcome, its count and what it means."""
    table = Table(title="Summary", box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("outcome")
    table.add_column("rows", justify="right")
    table.add_column("meaning")
    for status in STATUSES:
        count = tally.counts[status]
        if count or status in ("placed", "failed", "unknown"):
            table.add_row(Text(status, style=_STYLE[status]), str(count), _MEANING[status])
    table.add_row("total", str(sum(tally.counts.values())), f"in {_duration(elapsed)}")
    return table
