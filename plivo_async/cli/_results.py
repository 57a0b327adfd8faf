"""The results file: one record per input row, as outcomes arrive (``--results out.csv`` or
``out.jsonl``, chosen by the extension).

Records are written in completion order; ``line`` ties each one to its input row (sort by it for
input order). The file is flushed about once a second, so a killed job leaves a results file
that is at most a second behind; the journal, not this file, is what resume trusts.
"""

from __future__ import annotations

import csv
import json
import os
import time
from types import TracebackType
from typing import IO, Any

from ..bulk import DialOutcome

__all__ = ["FIELDS", "ResultsWriter", "results_format"]

FIELDS = (
    "line",
    "to",
    "status",
    "request_uuid",
    "error",
    "attempts",
    "started_at",
    "finished_at",
)
_FLUSH_EVERY = 1.0


def results_format(path: str) -> str | None:
    """``"csv"`` or ``"jsonl"`` for a results path, None for another extension."""
    extension = os.path.splitext(path)[1].lower()
    return {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(extension)


def _record(outcome: DialOutcome) -> dict[str, Any]:
    return {
        "line": int(outcome.key) if outcome.key.isdigit() else outcome.key,
        "to": outcome.to,
        "status": outcome.status,
        "request_uuid": outcome.request_uuid,
        "error": outcome.error,
        "attempts": outcome.attempts,
        "started_at": outcome.started_at.isoformat() if outcome.started_at else None,
        "finished_at": outcome.finished_at.isoformat() if outcome.finished_at else None,
    }


class ResultsWriter:
    """Writes outcomes to ``path`` (replacing the file), CSV or JSON Lines."""

    def __init__(self, path: str) -> None:
        kind = results_format(path)
        if kind is None:
            raise ValueError(f"{path}: the results file must end in .csv or .jsonl")
        self.path = path
        self.kind = kind
        self.written = 0
        self._file: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv: Any = None
        if kind == "csv":
            self._csv = csv.DictWriter(self._file, FIELDS)
            self._csv.writeheader()
        self._flushed = time.monotonic()

    def write(self, outcome: DialOutcome) -> None:
        record = _record(outcome)
        if self._csv is not None:
            self._csv.writerow({k: "" if v is None else v for k, v in record.items()})
        else:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.written += 1
        now = time.monotonic()
        if now - self._flushed >= _FLUSH_EVERY:
            self._file.flush()
            self._flushed = now

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
