"""The suite's own guards: a hung test fails alone (pytest-timeout) instead of hanging the run."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pytest itself needs tomli before 3.11
        import tomli as tomllib
    with path.open("rb") as file:
        return tomllib.load(file)


def _assigned_list(path: Path, name: str) -> list[str]:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                assert node.value is not None
                return list(ast.literal_eval(node.value))
    raise AssertionError(f"{path.name} assigns no {name}")


def test_the_supported_pythons_are_the_tested_ones() -> None:
    root = PYPROJECT.parent
    project = _load_toml(PYPROJECT)["project"]
    prefix = "Programming Language :: Python :: "
    classified = [
        c.removeprefix(prefix) for c in project["classifiers"] if re.fullmatch(r".*3\.\d+", c)
    ]
    nox_pythons = _assigned_list(root / "noxfile.py", "PYTHONS")
    assert classified == nox_pythons  # nox runs the tests on every Python the package claims
    assert project["requires-python"] == f">={nox_pythons[0]}"
    ci_default = re.search(
        r'PYTHONS=\$\{PLIVO_CI_PYTHONS:-"([^"]+)"\}', (root / ".ci/run").read_text()
    )
    assert ci_default is not None
    # CI covers at least the oldest and the newest.
    assert {nox_pythons[0], nox_pythons[-1]} <= set(ci_default.group(1).split())
