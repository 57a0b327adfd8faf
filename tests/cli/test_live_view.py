"""The live view on a real terminal (a pseudo-terminal): rich redraws one progress display in
place; the same job through a pipe prints plain lines instead."""

from __future__ import annotations

import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import JOB, numbers_file
from .test_process import CLI, ROOT, environment

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")


def run_on_terminal(args: list[str], timeout: float = 30.0) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin, stdout and stderr; all it wrote."""
    controller, terminal = pty.openpty()
    env = {**environment(), "COLUMNS": "160", "LINES": "40", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [*CLI, "dial", *args],
        cwd=ROOT,
        env=env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    data = os.read(controller, 65536)
                except OSError:  # the terminal closed: the process is done
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(0.1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_on_a_terminal_the_job_shows_a_live_view_then_the_summary(tmp_path: Path) -> None:
    numbers = numbers_file(tmp_path, 12)
    code, screen = run_on_terminal([str(numbers), *JOB, "--sandbox", "--cps", "8"])
    assert code == 0, screen
    # Redrawn in place (cursor movement), not a line per update.
    assert "\x1b[" in screen
    assert screen.count("Dialling") > 2
    assert "calls/s" in screen
    assert "ETA" in screen
    assert "12/12" in screen
    assert "placed 12" in screen
    assert "progress:" not in screen  # the plain lines are for pipes and logs
    assert "Summary" in screen
    assert "nobody was rung" in screen


def test_through_a_pipe_the_same_job_prints_plain_lines(tmp_path: Path) -> None:
    numbers = numbers_file(tmp_path, 4)
    done = subprocess.run(
        [*CLI, "dial", str(numbers), *JOB, "--sandbox", "--cps", "100"],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert "progress: 4/4 rows (100%)" in done.stdout
    assert "placed 4" in done.stdout
