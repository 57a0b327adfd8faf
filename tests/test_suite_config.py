"""The suite's own guards: a hung test fails alone (pytest-timeout) instead of hanging the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_every_test_runs_under_a_timeout(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    assert 0 < float(pytestconfig.getini("timeout")) <= 120


@pytest.mark.slow  # a pytest run in a subprocess, with two tests timing out
def test_a_hung_test_fails_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "test_hangs.py").write_text(
        "import asyncio, threading\n"
        "async def test_hung_await():\n"
        "    await asyncio.Event().wait()\n"
        "def test_hung_on_a_thread():\n"
        "    threading.Event().wait()\n"
        "def test_after_them():\n"
        "    pass\n"
    )
    # This project's configuration, with the timeout cut to 0.5 s for the demonstration.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(PYPROJECT),
            "--rootdir",
            str(tmp_path),
            "-o",
            "timeout=0.5",
            str(tmp_path / "test_hangs.py"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("2 failed, 1 passed"), result.stdout
    assert result.stdout.count("Timeout (>0.5s) from pytest-timeout") >= 2
