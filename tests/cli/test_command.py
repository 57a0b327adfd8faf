"""``plivo-async dial`` through click's runner: jobs into a simulator, what is printed, the
results file, and every refusal made before anything is dialled."""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plivo_async.cli._app import cli
from plivo_async.testing import ThreadedSimulator

from .conftest import ANSWER, FROM, JOB, TOKEN, dialled, numbers_file


def run(args: list[str], env: dict[str, str] | None = None, **kwargs: object) -> Result:
    # Each test states its credentials: none come from the machine running the tests.
    base = {"PLIVO_AUTH_ID": None, "PLIVO_AUTH_TOKEN": None, "PLIVO_BASE_URL": None}
    result = CliRunner().invoke(cli, ["dial", *args], env={**base, **(env or {})}, **kwargs)  # type: ignore[arg-type]
    assert TOKEN not in result.output
    return result


def results_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return sorted(csv.DictReader(file), key=lambda record: int(record["line"]))


def test_a_job_dials_every_row_once_and_writes_one_record_per_row(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = numbers_file(tmp_path, 30)
    out = tmp_path / "out.csv"
    result = run([str(numbers), *JOB, "--cps", "500", "--results", str(out)], sim_env)
    assert result.exit_code == 0, result.output
    assert dialled(sim) == {f"1415{i:07d}": 1 for i in range(30)}
    records = results_of(out)
    assert [int(r["line"]) for r in records] == list(range(2, 32))
    assert {r["status"] for r in records} == {"placed"}
    placed = {call.call_uuid for call in sim.calls()}
    # Each request_uuid is the one Plivo answered for that row.
    assert len({r["request_uuid"] for r in records}) == 30
    assert all(r["attempts"] == "1" and r["error"] == "" for r in records)
    assert placed  # the server placed the calls it was asked for
    # No terminal here: plain progress lines and the summary, no live view.
    assert "progress: 30/30 rows (100%)" in result.output
    assert "placed 30" in result.output
    assert "\r" not in result.output
    assert "Summary" in result.output
    assert f"into {sim.base_url} at 500 calls/s" in result.output


def test_results_as_json_lines(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("to,time_limit\n14155550101,\n14155550102,abc\n")
    out = tmp_path / "out.jsonl"
    result = run([str(numbers), *JOB, "--cps", "500", "--results", str(out)], sim_env)
    assert result.exit_code == 0, result.output
    records = sorted(
        (json.loads(line) for line in out.read_text().splitlines()), key=lambda r: r["line"]
    )
    assert [(r["line"], r["to"], r["status"]) for r in records] == [
        (2, "14155550101", "placed"),
        (3, "14155550102", "skipped"),
    ]
    assert records[1]["error"] == "time_limit: must be an integer, got 'abc'"
    assert records[1]["request_uuid"] is None
    assert records[1]["attempts"] == 0


def test_bad_rows_are_reported_by_line_and_skipped_or_abort_the_job(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text(
        "to,ring_url\n14155550101,\n415-555-0102,\n14155550103,ftp://example.com/ring\n"
        "14155550104,\n"
    )
    aborted = run([str(numbers), *JOB, "--on-bad-row", "abort"], sim_env)
    assert aborted.exit_code == 2
    assert "line 3: skipped: to: must be one phone number" in aborted.output
    assert "line 4: skipped: ring_url: must be an absolute http:// or https:// URL" in (
        aborted.output
    )
    assert "2 bad row(s)" in aborted.stderr
    assert "nothing was dialled" in aborted.stderr
    assert dialled(sim) == {}

    skipped = run([str(numbers), *JOB, "--cps", "500"], sim_env)
    assert skipped.exit_code == 0, skipped.output
    assert "line 3: skipped" in skipped.output
    assert dialled(sim) == {"14155550101": 1, "14155550104": 1}
    assert "skipped        2" in skipped.output or "skipped 2" in skipped.output


def test_repeated_numbers_are_dialled_once_unless_allowed(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("to\n14155550101\n14155550102\n+14155550101\n")
    out = tmp_path / "out.csv"
    once = run([str(numbers), *JOB, "--cps", "500", "--results", str(out)], sim_env)
    assert once.exit_code == 0, once.output
    assert "line 4: skipped (repeat): repeats line 2: dialled once, there" in once.output
    assert dialled(sim) == {"14155550101": 1, "14155550102": 1}
    assert [r["status"] for r in results_of(out)] == ["placed", "placed", "skipped"]

    sim.journal.clear()
    twice = run([str(numbers), *JOB, "--cps", "500", "--allow-repeats"], sim_env)
    assert twice.exit_code == 0, twice.output
    counts = dialled(sim)
    assert counts["14155550102"] == 1
    assert counts.get("14155550101", 0) + counts.get("+14155550101", 0) == 2


def test_columns_override_the_job_per_row_and_set_gives_any_argument(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("to,from,time_limit\n14155550101,14155550199,\n14155550102,,45\n")
    result = run(
        [str(numbers), *JOB, "--cps", "500", "--set", "time_limit=30", "--set", "caller_name=Ops"],
        sim_env,
    )
    assert result.exit_code == 0, result.output
    bodies = {e.body["to"]: e.body for e in sim.journal.entries(endpoint="call.create")}
    assert bodies["14155550101"]["from"] == "14155550199"
    assert bodies["14155550101"]["time_limit"] == 30
    assert bodies["14155550102"]["from"] == FROM
    assert bodies["14155550102"]["time_limit"] == 45
    assert {body["caller_name"] for body in bodies.values()} == {"Ops"}
    assert {body["answer_url"] for body in bodies.values()} == {ANSWER}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("to,colour\n14155550101,red\n", "unknown column 'colour'"),
        ("14155550101\n14155550102\n", "has no header row"),
        ("", "is empty"),
    ],
)
def test_a_header_error_stops_the_job_before_anything_is_dialled(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str], content: str, expected: str
) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text(content)
    result = run([str(numbers), *JOB], sim_env)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(sim.journal) == 0


def test_a_binary_file_is_not_taken_for_csv(tmp_path: Path, sim_env: dict[str, str]) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")  # an .xlsx
    result = run([str(numbers), *JOB], sim_env)
    assert result.exit_code == 2
    assert "is not a CSV file: it contains binary data" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "time_limit=soon"], "--set (time_limit): must be an integer, got 'soon'"),
        (["--set", "colour=red"], "'colour' is not a calls.create argument"),
        (["--set", "ring_url"], "'ring_url' is not NAME=VALUE"),
        (["--from", ""], None),  # an empty --from is no default: the rows need a 'from'
        (["--answer-url", "example.com/a"], "must be an absolute http:// or https:// URL"),
        (["--sandbox", "--base-url", "http://127.0.0.1:1/"], "leave out --base-url"),
        (["--resume"], "--resume needs --journal FILE"),
        (["--redial-unknown", "--journal", "j.db"], "--redial-unknown continues a job"),
        (["--results", "out.txt"], "--results must name a .csv or .jsonl file"),
        (["--cps", "0"], "Invalid value for '--cps'"),
    ],
)
def test_bad_options_are_refused_before_anything_is_dialled(
    tmp_path: Path,
    sim: ThreadedSimulator,
    sim_env: dict[str, str],
    args: list[str],
    expected: str | None,
) -> None:
    numbers = numbers_file(tmp_path, 2)
    base = ["--answer-url", ANSWER] if "--answer-url" in args else JOB
    if "--from" in args:
        base = ["--answer-url", ANSWER]
    result = run([str(numbers), *base, *args], sim_env)
    assert result.exit_code == 2
    assert expected is None or expected in result.output + result.stderr
    if expected is None:
        assert "every call needs from: give --from, or a 'from' column" in result.stderr
    assert len(sim.journal) == 0


def test_without_credentials_or_sandbox_the_error_says_what_to_do(tmp_path: Path) -> None:
    result = run([str(numbers_file(tmp_path, 2)), *JOB])
    assert result.exit_code == 2
    assert "no Plivo credentials: set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN" in result.stderr
    assert "--sandbox" in result.stderr


def test_the_token_is_refused_as_a_command_line_value(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    result = run([str(numbers_file(tmp_path, 2)), *JOB, "--auth-token", TOKEN], sim_env)
    assert result.exit_code == 2
    assert "never taken as a command-line value" in result.stderr
    assert "--auth-token-file" in result.stderr
    assert TOKEN not in result.stderr
    assert len(sim.journal) == 0


def test_the_token_from_a_file_or_a_hidden_prompt(tmp_path: Path, sim: ThreadedSimulator) -> None:
    numbers = numbers_file(tmp_path, 1)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    env = {"PLIVO_BASE_URL": sim.base_url}
    by_file = run(
        [str(numbers), *JOB, "--auth-id", sim.auth_id, "--auth-token-file", str(token_file)], env
    )
    assert by_file.exit_code == 0, by_file.output
    assert dialled(sim) == {"14150000000": 1}
    assert TOKEN not in by_file.stderr

    missing = run(
        [str(numbers), *JOB, "--auth-id", sim.auth_id, "--auth-token-file", str(tmp_path / "x")],
        env,
    )
    assert missing.exit_code == 2
    assert "cannot read --auth-token-file" in missing.stderr


def test_a_wrong_token_fails_every_row_and_is_never_printed(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    wrong = "wrong-token-abcdef0123456789"
    out = tmp_path / "out.csv"
    result = run(
        [str(numbers_file(tmp_path, 3)), *JOB, "--results", str(out)],
        {**sim_env, "PLIVO_AUTH_TOKEN": wrong},
    )
    assert result.exit_code == 1
    assert {r["status"] for r in results_of(out)} == {"failed"}
    assert wrong not in result.output + result.stderr + out.read_text()
    assert dialled(sim) == {}


def test_a_journal_is_never_reused_without_resume(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = numbers_file(tmp_path, 3)
    journal = tmp_path / "job.db"
    first = run([str(numbers), *JOB, "--cps", "500", "--journal", str(journal)], sim_env)
    assert first.exit_code == 0, first.output
    again = run([str(numbers), *JOB, "--journal", str(journal)], sim_env)
    assert again.exit_code == 2
    assert "already holds a job: add --resume" in again.stderr
    resumed = run([str(numbers), *JOB, "--journal", str(journal), "--resume"], sim_env)
    assert resumed.exit_code == 0, resumed.output
    assert "3 row(s) were done by an earlier run of this job" in resumed.output
    assert set(dialled(sim).values()) == {1}

    numbers.write_text(numbers.read_text() + "14159999999\n")
    changed = run([str(numbers), *JOB, "--journal", str(journal), "--resume"], sim_env)
    assert changed.exit_code == 2
    assert "the input changed since job" in changed.stderr
    assert set(dialled(sim).values()) == {1}

    nothing = run([str(numbers), *JOB, "--journal", str(tmp_path / "no.db"), "--resume"], sim_env)
    assert nothing.exit_code == 2
    assert "nothing to resume" in nothing.stderr


def test_the_sandbox_needs_no_account(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(
        [str(numbers_file(tmp_path, 5)), *JOB, "--sandbox", "--cps", "200", "--results", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "the embedded Plivo simulator" in result.output
    assert "no real calls" in result.output
    assert [r["status"] for r in results_of(out)] == ["placed"] * 5


def test_help_names_the_contract_flags() -> None:
    result = CliRunner().invoke(cli, ["dial", "--help"])
    assert result.exit_code == 0
    for flag in (
        "--from",
        "--answer-url",
        "--cps",
        "--concurrency",
        "--journal",
        "--resume",
        "--redial-unknown",
        "--results",
        "--sandbox",
        "--base-url",
        "--pack",
        "--on-bad-row",
        "--allow-repeats",
        "--grace",
        "--auth-token-file",
    ):
        assert flag in result.output
    assert "--auth-token " not in result.output  # hidden: only there to refuse a value


def test_pack_sends_rows_sharing_their_arguments_as_one_request(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    out = tmp_path / "out.csv"
    result = run(
        [str(numbers_file(tmp_path, 40)), *JOB, "--cps", "500", "--pack", "--results", str(out)],
        sim_env,
    )
    assert result.exit_code == 0, result.output
    requests = sim.journal.entries(endpoint="call.create")
    assert len(requests) < 40
    assert dialled(sim) == {f"1415{i:07d}": 1 for i in range(40)}
    records = results_of(out)
    assert {r["status"] for r in records} == {"placed"}
    assert len({r["request_uuid"] for r in records}) == 40


def test_an_interrupted_job_without_a_journal_says_it_cannot_be_resumed(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    def interrupt() -> None:
        while not sim.journal.entries(endpoint="call.create"):
            threading.Event().wait(0.01)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()
    out = tmp_path / "out.csv"
    result = run(
        [
            str(numbers_file(tmp_path, 50)),
            *JOB,
            "--cps",
            "20",
            "--concurrency",
            "4",
            "--results",
            str(out),
        ],
        sim_env,
    )
    assert result.exit_code == 130, result.output
    assert "This job had no --journal, so it cannot be resumed" in result.output
    statuses = [r["status"] for r in results_of(out)]
    assert len(statuses) == 50
    assert "pending" in statuses
    assert statuses.count("placed") == sum(dialled(sim).values())
