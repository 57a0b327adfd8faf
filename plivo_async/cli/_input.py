"""The numbers file: a CSV with a ``to`` column and, optionally, ``calls.create`` arguments.

Read twice, streaming both times (never loaded whole): a first pass before anything is dialled
checks the header and every row, counts the rows and hashes the bytes (the journal refuses a
changed file on resume); the second pass, while dialling, yields the rows again with the
verdicts of the first. Only the set of numbers seen lives in memory during the first pass (as
8-byte digests), and only the problems found are kept for the second.

Columns are named as ``calls.create`` sends them (``from``, ``answer_url``, ``ring_url``...);
an empty cell means "not given here": the job's default applies. Values are checked with the
method's own ``Param`` checks, so a row the API would refuse is refused here, with its line.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import re
from collections.abc import Iterator, Mapping
from typing import IO, Any, Literal

import attrs

from .._endpoint import compiled
from .._errors import ValidationError
from .._resources._calls import AsyncCalls
from .._validation import Param, echo
from ..bulk import DialRow

__all__ = [
    "InputError",
    "InputScan",
    "RowProblem",
    "Skipped",
    "call_params",
    "convert_cell",
    "read_rows",
    "refusal",
    "scan_input",
]

#: One destination per row: a phone number (digits, an optional leading ``+``) or a SIP URI.
_NUMBER = re.compile(r"\+?[0-9]{3,15}")
_SIP_URI = re.compile(r"sips?:[^\s@<]+@[^\s@<]+", re.IGNORECASE)
_NUMBER_WANTED = (
    "must be one phone number (3 to 15 digits, an optional leading '+', no spaces or dashes) "
    "or a SIP URI (sip:user@host)"
)
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
#: Bytes looked at to tell a CSV file from a binary one.
_SNIFF = 8192


class InputError(Exception):
    """The file cannot be used at all (not CSV, no header, unknown column): nothing is dialled."""


@attrs.frozen
class RowProblem:
    """Why the row on ``line`` is not dialled (``kind``: bad input, or a number seen before)."""

    line: int
    to: str
    kind: Literal["bad", "repeat"]
    message: str


@attrs.frozen
class Skipped:
    """A row the second pass does not dial (its problem is reported with it)."""

    problem: RowProblem


@attrs.frozen
class InputScan:
    """What the first pass found."""

    path: str
    columns: tuple[str, ...]
    #: Data rows (blank lines are not rows).
    rows: int
    #: SHA-256 of the file's bytes, hex.
    sha256: str
    #: Problem rows by line; the second pass skips these.
    problems: Mapping[int, RowProblem]
    bad: int
    repeats: int
    #: The job's arguments the rows were checked against (Python names).
    defaults: Mapping[str, Any]


def call_params() -> dict[str, Param]:
    """``calls.create``'s arguments by wire name (``from``, ``answer_url``...), ``to`` excluded."""
    return {
        param.wire_name: param
        for param in compiled(AsyncCalls.create).params
        if param.wire_name != "to"
    }


def convert_cell(param: Param, text: str) -> Any:
    """The value of a CSV cell (or a command-line default) for ``param``, checked as
    ``calls.create`` checks it; ``None`` for an empty cell. Raises ``ValidationError``."""
    text = text.strip()
    if not text:
        return None
    value: Any = text
    if param.kind is bool:
        folded = text.casefold()
        if folded in _TRUE:
            value = True
        elif folded in _FALSE:
            value = False
        else:
            raise ValidationError(param.name, f"must be true or false, got {echo(text)}")
    elif param.kind is int:
        try:
            value = int(text)
        except ValueError:
            raise ValidationError(param.name, f"must be an integer, got {echo(text)}") from None
    elif param.kind is float:
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(param.name, f"must be a number, got {echo(text)}") from None
    converted = param.convert(value)
    # A choice given in another letter case is sent as the catalog spells it.
    return converted if param.kind is str and param.join is None else value


def refusal(error: ValidationError) -> str:
    """What was wrong, without the Python argument name (the CLI names the column or flag)."""
    return str(error).removeprefix(f"{error.argument}: ")


def number_problem(to: str) -> str | None:
    """Why ``to`` (stripped) is not one destination, or None."""
    if not to:
        return "to: is empty"
    if "<" in to:
        return "to: must be one destination per row (no '<')"
    if _NUMBER.fullmatch(to) or _SIP_URI.fullmatch(to):
        return None
    return f"to: {_NUMBER_WANTED}; got {echo(to)}"


def _repeat_key(to: str) -> bytes:
    """The same person however the number is written (``+1415...`` and ``1415...``)."""
    normal = to.removeprefix("+") if to[:1] == "+" and to[1:].isdigit() else to
    return hashlib.blake2b(normal.encode(), digest_size=8).digest()


class _HashingReader(io.RawIOBase):
    """Hashes the bytes as the CSV reader pulls them (one pass for hash, checks and count)."""

    def __init__(self, raw: _Prefixed) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        return len(data)


@attrs.define
class _Reader:
    """The CSV records of a file, each with the line it starts on."""

    path: str
    columns: tuple[str, ...] = ()
    digest: Any = None

    def records(self, stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
        head = stream.read(_SNIFF)
        if b"\x00" in head:
            raise InputError(f"{self.path} is not a CSV file: it contains binary data")
        hashing = _HashingReader(_Prefixed(head, stream))
        self.digest = hashing.digest
        text = io.TextIOWrapper(io.BufferedReader(hashing), encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        previous = 0
        try:
            for record in reader:
                line = previous + 1
                previous = reader.line_num
                if record:
                    yield line, record
        except UnicodeDecodeError:
            line = _first_undecodable_line(self.path)
            raise InputError(
                f"{self.path} is not a CSV file: line {line} is not UTF-8 text"
            ) from None
        except csv.Error as error:
            raise InputError(
                f"{self.path}: line {reader.line_num}: not valid CSV ({error})"
            ) from None


def _first_undecodable_line(path: str) -> int:
    """The line of the first bytes that are not UTF-8 (the decoder reads ahead in blocks, so
    its position does not say); read again, line by line, only when there is such a line."""
    with open(path, "rb") as file:
        for number, raw in enumerate(file, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


class _Prefixed(io.RawIOBase):
    """A stream with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)


def _header(
    path: str, records: Iterator[tuple[int, list[str]]], known: Mapping[str, Param]
) -> tuple[str, ...]:
    first = next(records, None)
    if first is None:
        raise InputError(
            f"{path} is empty: it needs a header row naming a 'to' column, then one number a row"
        )
    _, cells = first
    columns = tuple(cell.strip() for cell in cells)
    if "to" not in columns:
        looks_like_data = any(_NUMBER.fullmatch(c) or _SIP_URI.fullmatch(c) for c in columns)
        if looks_like_data:
            raise InputError(
                f"{path} has no header row: line 1 should name the columns, with at least 'to' "
                f"(it holds {echo(cells[0])}); add a first line such as: to"
            )
        raise InputError(
            f"{path}: line 1 (the header) has no 'to' column; found {', '.join(map(repr, columns))}"
        )
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise InputError(f"{path}: line 1 (the header) names the column {column!r} twice")
        seen.add(column)
        if column != "to" and column not in known:
            hint = difflib.get_close_matches(column.rstrip("_").lower(), known, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise InputError(
                f"{path}: line 1 (the header): unknown column {column!r}{suggestion}. Columns "
                "are 'to' and calls.create arguments as Plivo spells them: " + ", ".join(known)
            )
    return columns


def _check_row(
    line: int,
    cells: list[str],
    columns: tuple[str, ...],
    known: Mapping[str, Param],
    defaults: Mapping[str, Any],
) -> tuple[str, dict[str, Any]] | RowProblem:
    """The row's destination and per-row arguments (Python names), or its problem."""
    to_index = columns.index("to")
    to = cells[to_index].strip() if to_index < len(cells) else ""
    if len(cells) > len(columns):
        return RowProblem(
            line, to, "bad", f"has {len(cells)} fields but the header names {len(columns)}"
        )
    problem = number_problem(to)
    if problem is not None:
        return RowProblem(line, to, "bad", problem)
    options: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column == "to":
            continue
        param = known[column]
        try:
            value = convert_cell(param, cell)
        except ValidationError as error:
            return RowProblem(line, to, "bad", f"{column}: {refusal(error)}")
        if value is not None:
            options[param.name] = value
    for param in known.values():
        if param.required and param.name not in options and param.name not in defaults:
            flag = "--" + param.wire_name.replace("_", "-")
            return RowProblem(
                line, to, "bad", f"{param.wire_name}: is required (give {flag} or fill the column)"
            )
    return to, options


def _open(path: str) -> IO[bytes]:
    if os.path.isdir(path):
        raise InputError(f"{path} is a directory, not a CSV file")
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def scan_input(path: str, defaults: Mapping[str, Any], *, allow_repeats: bool = False) -> InputScan:
    """The first pass: header, every row, count and hash. ``defaults``: the job's arguments
    (Python names), which a row needs not repeat."""
    known = call_params()
    reader = _Reader(path)
    problems: dict[int, RowProblem] = {}
    first_lines: dict[bytes, int] = {}
    rows = bad = repeats = 0
    with _open(path) as stream:
        records = reader.records(stream)
        columns = _header(path, records, known)
        for line, cells in records:
            rows += 1
            checked = _check_row(line, cells, columns, known, defaults)
            if isinstance(checked, RowProblem):
                problems[line] = checked
                bad += 1
                continue
            if allow_repeats:
                continue
            first = first_lines.setdefault(_repeat_key(checked[0]), line)
            if first != line:
                problems[line] = RowProblem(
                    line, checked[0], "repeat", f"repeats line {first}: dialled once, there"
                )
                repeats += 1
    digest = reader.digest.hexdigest()
    return InputScan(path, columns, rows, digest, problems, bad, repeats, dict(defaults))


def read_rows(scan: InputScan) -> Iterator[DialRow | Skipped]:
    """The second pass: each row to dial (keyed by its line), or the problem found the first
    time. The file must not change in between: the journal holds the first pass's hash."""
    known = call_params()
    reader = _Reader(scan.path)
    with _open(scan.path) as stream:
        records = reader.records(stream)
        columns = _header(scan.path, records, known)
        if columns != scan.columns:
            raise InputError(f"{scan.path} changed while the job was starting")
        for line, cells in records:
            problem = scan.problems.get(line)
            if problem is not None:
                yield Skipped(problem)
                continue
            checked = _check_row(line, cells, columns, known, scan.defaults)
            if isinstance(checked, RowProblem):  # the file changed under us
                raise InputError(f"{scan.path} changed during the job (line {line})")
            to, options = checked
            yield DialRow(key=str(line), to=to, options=options)
