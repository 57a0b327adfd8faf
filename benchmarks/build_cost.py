"""Instructions to build one ``calls.create`` request above the transport, counted by callgrind.

Argument checks, the body and the path, up to the client's ``_call`` (stubbed), no I/O:

    python benchmarks/build_cost.py                 # the installed plivo_async
    python benchmarks/build_cost.py TREE            # a tree holding a ``plivo_async`` package

(``git archive REV plivo_async | tar -x -C TREE`` makes a tree of any commit.) Each case runs
twice under ``valgrind --tool=callgrind``, with 1 and with 20,001 calls (the first compiles the
endpoint); the difference divided by 20,000 is the cost of one call. ``stub`` is the cost of
awaiting the stubbed ``_call`` itself, the floor under the other two; ``3 args`` is the
benchmark's call, ``7 args`` adds four optional ones.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CASES = ("stub", "3 args", "7 args")
CALLS = 20_000


async def _drive(case: str, count: int) -> None:
    import plivo_async

    client = plivo_async.AsyncClient("MA123456789", "not-a-token", rate_limit=None)

    async def stub(*args: Any, **kwargs: Any) -> None:
        return None

    client._call = stub  # type: ignore[method-assign]
    calls = client.calls
    for i in range(count):
        if case == "stub":
            body = {"from": "14155550100", "to": str(i), "answer_url": "https://e.test/a"}
            await client._call("POST", "Call/", None, body=body, bucket="call_create")
        elif case == "3 args":
            await calls.create(
                from_="14155550100", to="14155550101", answer_url="https://example.com/answer.xml"
            )
        else:
            await calls.create(
                from_="14155550100",
                to="14155550101",
                answer_url="https://example.com/answer.xml",
                answer_method="POST",
                hangup_url="https://example.com/hangup",
                time_limit=60,
                ring_timeout=30,
            )


def _count(tree: str, case: str, count: int) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        if tree:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (tree, env.get("PYTHONPATH")) if p)
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, "--drive", case, str(count)],
            check=True, env=env, capture_output=True,
        )
        match = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert match is not None, "no totals in the callgrind output"
        return int(match.group(1))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        asyncio.run(_drive(sys.argv[2], int(sys.argv[3])))
        return
    tree = sys.argv[1] if len(sys.argv) > 1 else ""
    if tree and not (Path(tree) / "plivo_async" / "__init__.py").exists():
        sys.exit(f"{tree}: no plivo_async package there")
    print(f"calls.create built above the transport, instructions per call ({tree or 'installed'}):")
    for case in CASES:
        cost = (_count(tree, case, CALLS + 1) - _count(tree, case, 1)) / CALLS
        print(f"  {case:8} {cost:9,.0f}")


if __name__ == "__main__":
    main()
