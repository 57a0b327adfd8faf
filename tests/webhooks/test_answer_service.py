"""docs/examples/answer_service.py as documented: the simulator places the call, signs its
callbacks, runs the service's XML with the keys the callee presses, and the CDR says how the
call ended."""

from __future__ import annotations

import importlib.util
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from plivo_async.testing import Simulator
from plivo_async.webhooks import AnswerCallback, DigitsCallback, HangupCallback

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "answer_service.py"

pytestmark = pytest.mark.skipif(
    "run_xml" not in inspect.signature(Simulator).parameters,
    reason="the simulator does not run answer XML in this tree",
)


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_example_answer_service", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_menu_repeats_on_a_wrong_key_and_ends_on_1() -> None:
    cdr, callbacks = await load().sandbox(digits=("7", "1"))
    assert [type(c) for c in callbacks] == [
        AnswerCallback,
        DigitsCallback,
        AnswerCallback,
        DigitsCallback,
        HangupCallback,
    ]
    assert [c.digits for c in callbacks if isinstance(c, DigitsCallback)] == ["7", "1"]
    assert {c.call_uuid for c in callbacks} == {cdr.call_uuid}  # type: ignore[attr-defined]
    assert cdr.hangup_cause_name == "Normal Hangup"
    assert callbacks[-1].call_status == "completed"  # type: ignore[attr-defined]


async def test_pressing_1_at_once_ends_the_call_sooner() -> None:
    quick, callbacks = await load().sandbox(digits=("1",))
    assert [type(c) for c in callbacks] == [AnswerCallback, DigitsCallback, HangupCallback]
    assert quick.hangup_cause_name == "Normal Hangup"


@pytest.mark.slow
def test_the_script_runs_as_documented() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60, check=True
    )
    assert "DigitsCallback 7" in done.stdout
    assert "Normal Hangup" in done.stdout
