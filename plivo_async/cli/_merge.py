"""``plivo-async merge``: the workers' results files of one job combined into one, by line.

Every record keeps what its worker wrote; the merge only checks that no input line was
recorded twice (two workers dialling one row would show up here) and orders by line.
"""

from __future__ import annotations

import collections
import csv
import json
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from ._results import FIELDS, results_format

__all__ = ["MergeError", "Merged", "merge_results"]


class MergeError(Exception):
    """The parts cannot be merged (unreadable, another format, a line recorded twice)."""


@attrs.define
class Merged:
    records: int = 0
    statuses: dict[str, int] = attrs.Factory(dict)
    first: int = 0
    last: int = 0
    #: Line numbers between the first and the last that no part records.
    gaps: int = 0


def _read(path: str) -> Iterator[dict[str, Any]]:
    kind = results_format(path)
    if kind is None:
        raise MergeError(f"{path}: a results file ends in .csv or .jsonl")
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            if kind == "csv":
                reader = csv.DictReader(stream)
                if reader.fieldnames is None or "line" not in reader.fieldnames:
                    raise MergeError(f"{path}: not a results file (no 'line' column)")
                for row in reader:
                    yield {k: (v if v != "" else None) for k, v in row.items()}
            else:
                for number, text in enumerate(stream, 1):
                    if text.strip():
                        try:
                            yield json.loads(text)
                        except ValueError:
                            raise MergeError(f"{path}:{number}: not JSON") from None
    except OSError as error:
        raise MergeError(f"cannot read {path}: {error.strerror}") from None


def _line(record: dict[str, Any], path: str) -> int:
    value = record.get("line")
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise MergeError(f"{path}: a record without a line number ({value!r})") from None


def merge_results(output: str, parts: Sequence[str]) -> Merged:
    """Read every part, check each line appears once, write ``output`` ordered by line."""
    kind = results_format(output)
    if kind is None:
        raise MergeError(f"{output}: the merged file must end in .csv or .jsonl")
    if output in parts:
        raise MergeError(f"{output} is also one of the parts")
    by_line: dict[int, tuple[dict[str, Any], str]] = {}
    for path in parts:
        for record in _read(path):
            line = _line(record, path)
            if line in by_line:
                raise MergeError(
                    f"line {line} is in both {by_line[line][1]} and {path}: was it dialled by "
                    "two workers? (nothing written)"
                )
            by_line[line] = (record, path)
    merged = Merged(records=len(by_line))
    statuses: collections.Counter[str] = collections.Counter()
    with open(output, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, FIELDS, extrasaction="ignore") if kind == "csv" else None
        if writer is not None:
            writer.writeheader()
        for line in sorted(by_line):
            record = {field: by_line[line][0].get(field) for field in FIELDS}
            record["line"] = line
            if record["attempts"] is not None:
                record["attempts"] = int(record["attempts"])
            statuses[str(record["status"])] += 1
            if writer is not None:
                writer.writerow({k: "" if v is None else v for k, v in record.items()})
            else:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    merged.statuses = dict(statuses)
    if by_line:
        merged.first, merged.last = min(by_line), max(by_line)
        merged.gaps = merged.last - merged.first + 1 - len(by_line)
    return merged
