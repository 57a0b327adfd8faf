"""``plivo-async dial --worker K/N`` and ``plivo-async merge``: N workers split one file, every
row dialled by exactly one of them, each with its own journal; their results merge into one file;
a resume never redials and refuses another split; ``--redis-url`` shares the account's limits."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plivo_async.cli._app import cli
from plivo_async.testing import ThreadedSimulator

from .._redisserver import redis_server_fixture, redis_url_fixture  # noqa: F401
from .conftest import JOB, TOKEN, dialled, numbers_file


def run(command: str, args: list[str], env: dict[str, str] | None = None) -> Result:
    base = {"PLIVO_AUTH_ID": None, "PLIVO_AUTH_TOKEN": None, "PLIVO_BASE_URL": None}
    result = CliRunner().invoke(cli, [command, *args], env={**base, **(env or {})})  # type: ignore[arg-type]
    assert TOKEN not in result.output
    return result


def lines(path: Path) -> list[int]:
    with path.open(newline="") as file:
        return [int(record["line"]) for record in csv.DictReader(file)]


def test_three_workers_dial_every_row_exactly_once_and_merge_into_one_file(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = numbers_file(tmp_path, 31)
    parts = []
    for k in (1, 2, 3):
        out = tmp_path / f"w{k}.csv"
        args = [str(numbers), *JOB, "--cps", "500", "--worker", f"{k}/3", "--results", str(out)]
        result = run("dial", [*args, "--journal", str(tmp_path / f"w{k}.db")], sim_env)
        assert result.exit_code == 0, result.output
        assert f"worker {k}/3: 1 row in 3 of 31" in result.output
        parts.append(out)
    # Worker K has the K-th of every 3 data rows (data rows start on line 2).
    assert lines(parts[0]) == sorted(lines(parts[0]))
    assert set(lines(parts[0])) == set(range(2, 33, 3))
    assert set(lines(parts[1])) == set(range(3, 33, 3))
    assert set(lines(parts[2])) == set(range(4, 33, 3))
    assert dialled(sim) == {f"1415{i:07d}": 1 for i in range(31)}

    merged = tmp_path / "all.jsonl"
    result = run("merge", [str(merged), *map(str, parts)])
    assert result.exit_code == 0, result.output
    assert "Merged 31 records from 3 files" in result.output
    records = [json.loads(text) for text in merged.read_text().splitlines()]
    assert [r["line"] for r in records] == list(range(2, 33))
    assert {r["status"] for r in records} == {"placed"}
    assert len({r["request_uuid"] for r in records}) == 31


def test_a_resumed_worker_redials_nobody_and_keeps_its_split(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str]
) -> None:
    numbers = numbers_file(tmp_path, 10)
    journal = str(tmp_path / "w2.db")
    first = run("dial", [str(numbers), *JOB, "--worker", "2/2", "--journal", journal], sim_env)
    assert first.exit_code == 0, first.output
    again = run(
        "dial", [str(numbers), *JOB, "--worker", "2/2", "--journal", journal, "--resume"], sim_env
    )
    assert again.exit_code == 0, again.output
    assert "5 row(s) were done by an earlier run" in again.output
    other = run(
        "dial", [str(numbers), *JOB, "--worker", "1/2", "--journal", journal, "--resume"], sim_env
    )
    assert other.exit_code == 2
    assert "journal of worker 2/2: resume it with the same --worker 2/2" in other.output
    # Worker 2 of 2 dialled the even data rows once, nobody twice.
    assert dialled(sim) == {f"1415{i:07d}": 1 for i in range(1, 10, 2)}


@pytest.mark.parametrize("value", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_bad_worker_split_is_refused_before_anything_is_dialled(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str], value: str
) -> None:
    numbers = numbers_file(tmp_path, 3)
    result = run("dial", [str(numbers), *JOB, "--worker", value], sim_env)
    assert result.exit_code == 2
    assert "must be K/N with 1 <= K <= N" in result.output
    assert dialled(sim) == {}


def test_merge_refuses_a_line_recorded_by_two_workers(tmp_path: Path) -> None:
    one, two = tmp_path / "a.csv", tmp_path / "b.jsonl"
    one.write_text("line,to,status\n2,14150000000,placed\n3,14150000001,placed\n")
    two.write_text('{"line": 3, "to": "14150000001", "status": "placed"}\n')
    out = tmp_path / "all.csv"
    result = run("merge", [str(out), str(one), str(two)])
    assert result.exit_code == 2
    assert "line 3 is in both" in result.output
    assert not out.exists()


def test_workers_share_the_cps_through_redis(
    tmp_path: Path, sim: ThreadedSimulator, sim_env: dict[str, str], redis_url: str
) -> None:
    numbers = numbers_file(tmp_path, 8)
    env = {**sim_env, "PLIVO_REDIS_URL": redis_url}
    result = run("dial", [str(numbers), *JOB, "--cps", "20", "--worker", "1/2"], env)
    assert result.exit_code == 0, result.output
    assert "at 20 calls/s shared through Redis" in result.output
    assert dialled(sim) == {f"1415{i:07d}": 1 for i in range(0, 8, 2)}


def test_a_bad_redis_url_is_named(tmp_path: Path, sim_env: dict[str, str]) -> None:
    numbers = numbers_file(tmp_path, 2)
    result = run("dial", [str(numbers), *JOB, "--redis-url", "http://x"], sim_env)
    assert result.exit_code == 2
    assert "--redis-url: must be a redis://" in result.output
