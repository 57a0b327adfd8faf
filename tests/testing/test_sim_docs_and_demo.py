"""The docs page's first example runs as written, and the demo finishes and tells its story."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


async def test_the_first_docs_example_passes() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.S)
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], str(DOCS), "exec"), namespace)
    await namespace["test_my_dialer_places_each_call_once"]()


@pytest.mark.slow
def test_demo_runs_without_an_account_and_reports_each_step() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "plivo_async.demo"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "bulk call to 3 destinations" in output
    assert "live now: 4 calls" in output
    assert "call transferred" in output
    assert "hung up by API Request" in output
    assert output.count("Normal Hangup") == 4
    assert "each destination once: True" in output
