"""The examples in docs/ run as documented: docs/examples against the embedded simulator, and
every snippet of docs/testing.md the way a reader would run it."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import plivo_async
from plivo_async.testing import Simulator

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


async def test_place_and_hang_up_ends_the_call_by_api_request() -> None:
    cdr = await load("place_and_hang_up").main()
    assert (cdr.to_number, cdr.hangup_source) == ("14155550101", "API Request")


async def test_transfer_sends_the_a_leg_to_the_new_xml() -> None:
    transfers = await load("transfer").main()
    assert transfers == [{"legs": "aleg", "aleg_url": "https://example.com/queue.xml"}]


async def test_conference_member_control_mutes_one_and_kicks_another() -> None:
    conference = await load("conference_members").main()
    assert [(member.member_id, member.muted) for member in conference.members] == [
        ("101", True),
        ("102", False),
    ]  # 103 was kicked


async def test_the_supervisor_coaches_then_barges_in() -> None:
    coaching, barged_in = await load("mpc_agent_supervisor").main()
    roles = {participant.role: participant for participant in coaching}
    assert sorted(roles) == ["agent", "customer", "supervisor"]
    assert roles["supervisor"].coach_mode is True
    assert [p.coach_mode for p in barged_in if p.role == "supervisor"] == [False]


async def test_an_audio_stream_is_started_then_stopped() -> None:
    stream = await load("audio_stream").main()
    assert (stream.audio_track, stream.service_url) == ("inbound", "wss://example.com/audio")
    assert stream.end_time is not None


def test_every_example_is_run_by_a_test() -> None:
    # Loaded by name here (load("x")) or by file name elsewhere under tests/.
    tests = "\n".join(path.read_text() for path in Path(__file__).parent.rglob("*.py"))
    untested = [
        path.name
        for path in EXAMPLES.glob("*.py")
        if f'"{path.stem}"' not in tests and f'"{path.name}"' not in tests
    ]
    assert untested == []


# -- docs/testing.md: every snippet runs as a reader would run it ---------------------------------

TESTING_MD = EXAMPLES.parent / "testing.md"


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", TESTING_MD.read_text(), flags=re.S)


def is_test_file(block: str) -> bool:
    return re.search(r"^(async )?def test_", block, flags=re.M) is not None


def run_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No PYTEST_* settings of this run leak into the reader's.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        env=env,
    )


@pytest.mark.slow  # a pytest run in a fresh interpreter
def test_the_documented_test_files_pass_under_pytest_asyncios_default_mode(
    tmp_path: Path,
) -> None:
    files = [block for block in fenced("python") if is_test_file(block)]
    assert len(files) == 3  # the two quick-start test files and the IVR example
    for number, code in enumerate(files):
        (tmp_path / f"test_docs_{number}.py").write_text(code)
    # An empty configuration: not this project's (asyncio_mode = "auto"), the reader's defaults.
    (tmp_path / "pytest.ini").write_text("[pytest]\n")

    result = run_python(
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-c",
        str(tmp_path / "pytest.ini"),
        "--rootdir",
        str(tmp_path),
        "-W",
        "error",
        # pytest-asyncio's own nudge to configure its loop scope is not the examples' business.
        "-W",
        "ignore::pytest.PytestDeprecationWarning",
        str(tmp_path),
        cwd=tmp_path,
    )

    output = result.stdout + result.stderr
    assert re.search(r"asyncio: mode=(Mode\.)?strict", output, flags=re.I), output
    assert result.returncode == 0, output
    assert re.search(r"^=+ 4 passed in ", result.stdout, flags=re.M), output


@pytest.mark.slow  # a fresh interpreter
def test_the_documented_blocking_script_runs_quietly(tmp_path: Path) -> None:
    (script,) = [block for block in fenced("python") if "Simulator.start_in_thread" in block]
    (tmp_path / "blocking.py").write_text(script)

    result = run_python("-W", "error", str(tmp_path / "blocking.py"), cwd=tmp_path)

    assert (result.returncode, result.stderr) == (0, "")


async def test_the_documented_fragments_run_against_a_simulator() -> None:
    fragments = [
        block
        for block in fenced("python")
        if not is_test_file(block) and "Simulator.start_in_thread" not in block
    ]
    assert len(fragments) == 4
    async with Simulator() as sim:
        async with sim.client() as client:
            created = await client.calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/a.xml"
            )
        sim.advance(3)
        # The names the fragments take for granted.
        namespace: dict[str, Any] = {"sim": sim, "call_uuid": created.request_uuid}
        for fragment in fragments:
            exec(compile(fragment, str(TESTING_MD), "exec"), namespace)
        assert sim.call(created.request_uuid).hangup_source == "Callee"  # sim.hangup(call_uuid)


def _curl(command: str, port: int) -> object:
    """The one curl shape the docs use: ``curl -s [-X METHOD] URL [-d JSON]``."""
    words = shlex.split(command)
    assert words[:2] == ["curl", "-s"], command
    method, data, url = "GET", None, ""
    rest = iter(words[2:])
    for word in rest:
        if word == "-X":
            method = next(rest)
        elif word == "-d":
            data = next(rest).encode()
        else:
            url = "http://" + word.replace("localhost:8765", f"127.0.0.1:{port}")
    request = urllib.request.Request(url, data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body else None


@pytest.mark.slow  # the simulator as a process of its own
def test_the_documented_console_sessions_behave_as_shown() -> None:
    banner, inspection = fenced("console")
    command, *shown = banner.strip().splitlines()
    assert command.startswith("$ python -m plivo_async.testing --port 8765 ")
    args = shlex.split(command.removeprefix("$ python "))
    args[args.index("8765")] = "0"  # any free port
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    with subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            assert process.stdout is not None
            printed = [process.stdout.readline().rstrip("\n") for _ in shown]
            port = int(re.findall(r"127\.0\.0\.1:(\d+)/", printed[0])[0])
            assert printed == [line.replace(":8765/", f":{port}/") for line in shown]

            lines = inspection.strip().splitlines()
            assert [line for line in lines if line.startswith("$ ")] == [lines[0], lines[1]]
            assert _curl(lines[0].removeprefix("$ "), port) is not None  # the rule, as stored
            # A call to the destination the second command asks about, through that rule:
            # drop_after=0.2 may cut its answer off, and the call is placed either way.
            client = plivo_async.Client(
                "MASIMULATOR000000000",
                "local-test-token",
                base_url=f"http://127.0.0.1:{port}/",
                retry=None,
            )
            with client, contextlib.suppress(plivo_async.ConnectionDroppedError):
                client.calls.create(
                    from_="14155550100", to="14155550101", answer_url="https://example.com/a"
                )
            assert _curl(lines[1].removeprefix("$ "), port) == json.loads(lines[2])
        finally:
            process.terminate()
            process.wait(10)
