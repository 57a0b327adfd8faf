"""The numbers file: header errors before anything is dialled, bad rows with their line
numbers, repeats, per-row arguments converted and checked as calls.create checks them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from plivo_async.bulk import DialRow
from plivo_async.cli._input import InputError, Skipped, read_rows, scan_input

DEFAULTS = {"from_": "14155550100", "answer_url": "https://example.com/answer.xml"}


def write(tmp_path: Path, text: str | bytes, name: str = "numbers.csv") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_rows_carry_their_line_and_typed_per_row_arguments(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "to,from,time_limit,send_on_preanswer,ring_url,answer_method\n"
        "14155550101,,30,yes,https://example.com/ring,POST\n"
        "\n"
        '"+14155550102",14155550199,,,,\n'
        "sip:alice@example.com,,,,,\n",
    )
    scan = scan_input(path, DEFAULTS)
    assert scan.rows == 3
    assert not scan.problems
    rows = list(read_rows(scan))
    assert rows == [
        DialRow(
            key="2",
            to="14155550101",
            options={
                "time_limit": 30,
                "send_on_preanswer": True,
                "ring_url": "https://example.com/ring",
                "answer_method": "POST",
            },
        ),
        DialRow(key="4", to="+14155550102", options={"from_": "14155550199"}),
        DialRow(key="5", to="sip:alice@example.com", options={}),
    ]


def test_the_hash_is_the_files_sha256(tmp_path: Path) -> None:
    data = b"to\n14155550101\n14155550102\n"
    path = write(tmp_path, data)
    assert scan_input(path, DEFAULTS).sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", "to: is empty"),
        ("415-555-0101", "to: must be one phone number (3 to 15 digits"),
        ("14155550101<14155550102", "to: must be one destination per row"),
        ("12", "to: must be one phone number"),
        ("call me", "to: must be one phone number"),
        ("sip:nobody", "to: must be one phone number"),
    ],
)
def test_a_malformed_number_is_reported_with_its_line(
    tmp_path: Path, cell: str, expected: str
) -> None:
    # A second column, so that an empty 'to' cell still makes a row.
    path = write(tmp_path, f"to,time_limit\n14155550101,\n{cell},30\n")
    scan = scan_input(path, DEFAULTS)
    assert list(scan.problems) == [3]
    problem = scan.problems[3]
    assert problem.kind == "bad"
    assert problem.message.startswith(expected)
    items = list(read_rows(scan))
    assert [type(item) for item in items] == [DialRow, Skipped]
    assert items[1] == Skipped(problem)


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("ring_url", "ftp://example.com/x", "ring_url: must be an absolute http:// or https://"),
        ("answer_url", "not a url", "answer_url: must be an absolute http:// or https://"),
        ("time_limit", "soon", "time_limit: must be an integer, got 'soon'"),
        ("time_limit", "0", "time_limit: must be >= 1, got 0"),
        ("send_on_preanswer", "maybe", "send_on_preanswer: must be true or false"),
        ("machine_detection", "always", "machine_detection: must be one of 'hangup', 'true'"),
        ("caller_name", "x" * 51, "caller_name: must be at most 50 characters"),
    ],
)
def test_a_bad_argument_cell_is_refused_with_the_column_and_why(
    tmp_path: Path, header: str, cell: str, expected: str
) -> None:
    path = write(tmp_path, f"to,{header}\n14155550101,{cell}\n")
    problem = scan_input(path, DEFAULTS).problems[2]
    assert problem.message.startswith(expected)
    # A URL is never echoed (it may carry the caller's own credentials).
    assert "example.com" not in problem.message


def test_a_row_with_more_fields_than_the_header_is_bad(tmp_path: Path) -> None:
    path = write(tmp_path, "to\n14155550101,14155550102\n")
    assert scan_input(path, DEFAULTS).problems[2].message == ("has 2 fields but the header names 1")


def test_a_required_argument_missing_from_a_row_and_the_job_is_bad(tmp_path: Path) -> None:
    path = write(tmp_path, "to,from\n14155550101,14155550100\n14155550102,\n")
    scan = scan_input(path, {"answer_url": "https://example.com/a"})
    assert list(scan.problems) == [3]
    assert scan.problems[3].message == "from: is required (give --from or fill the column)"


def test_repeats_are_dialled_once_however_written_unless_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "to\n14155550101\n14155550102\n+14155550101\n14155550101\n")
    scan = scan_input(path, DEFAULTS)
    assert scan.repeats == 2
    assert [(p.line, p.kind, p.message) for p in scan.problems.values()] == [
        (4, "repeat", "repeats line 2: dialled once, there"),
        (5, "repeat", "repeats line 2: dialled once, there"),
    ]
    dialled = [item.to for item in read_rows(scan) if isinstance(item, DialRow)]
    assert dialled == ["14155550101", "14155550102"]
    allowed = scan_input(path, DEFAULTS, allow_repeats=True)
    assert allowed.problems == {}
    assert len([i for i in read_rows(allowed) if isinstance(i, DialRow)]) == 4


def test_quoted_multiline_cells_keep_the_line_each_row_starts_on(tmp_path: Path) -> None:
    path = write(tmp_path, 'to,sip_headers\n14155550101,"a=1\nb=2"\n14155550102,\n')
    keys = [item.key for item in read_rows(scan_input(path, DEFAULTS)) if isinstance(item, DialRow)]
    assert keys == ["2", "4"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty: it needs a header row naming a 'to' column"),
        (b"14155550101\n14155550102\n", "has no header row: line 1 should name the columns"),
        (b"phone,name\n14155550101,Al\n", "line 1 (the header) has no 'to' column"),
        (b"to,from_\n1415555010,1\n", "unknown column 'from_' (did you mean 'from'?)"),
        (b"to,colour\n14155550101,red\n", "unknown column 'colour'"),
        (b"to,to\n1,2\n", "names the column 'to' twice"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV file: it contains binary data"),
        (b"to\n14155550101\n\xff\xfe\n", "is not a CSV file: line 3 is not UTF-8 text"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_before_any_row(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError) as raised:
        scan_input(path, DEFAULTS)
    assert expected in str(raised.value)


def test_the_unknown_column_error_lists_the_allowed_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "to,colour\n14155550101,red\n")
    with pytest.raises(InputError) as raised:
        scan_input(path, DEFAULTS)
    message = str(raised.value)
    assert "from, answer_url, answer_method, ring_url" in message
    assert "parent_call_uuid" in message


def test_a_missing_file_and_a_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read .*missing\.csv: No such file"):
        scan_input(str(tmp_path / "missing.csv"), DEFAULTS)
    with pytest.raises(InputError, match="is a directory, not a CSV file"):
        scan_input(str(tmp_path), DEFAULTS)


def test_a_utf8_bom_from_a_spreadsheet_is_not_part_of_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffto,from\n14155550101,14155550100\n".encode())
    assert scan_input(path, DEFAULTS).columns == ("to", "from")


def test_a_large_file_streams_through_both_passes(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as file:
        file.write("to\n")
        for number in range(20_000):
            file.write(f"1415{number:07d}\n")
    scan = scan_input(str(path), DEFAULTS)
    assert scan.rows == 20_000
    assert scan.problems == {}
    rows = read_rows(scan)
    assert next(rows) == DialRow(key="2", to="14150000000")
    assert sum(1 for _ in rows) == 19_999
