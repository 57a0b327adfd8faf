"""Instructions to build one ``calls.create`` request above the transport, counted by callgrind.

Run under valgrind for a repeatable count (it does not move with the machine's load):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python benchmarks/build_cost.py TREE 0        # and again with 30000

where TREE holds a ``plivo_async`` package (``git archive REV plivo_async | tar -x -C TREE``);
(second total - first total) / 30000 is the cost per call: argument checks and the request's
body and path, up to the client's ``_call`` (stubbed), no I/O.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

sys.path.insert(0, sys.argv[1])

import plivo_async

COUNT = int(sys.argv[2])


async def main() -> None:
    client = plivo_async.AsyncClient("MA123456789", "not-a-token", rate_limit=None)

    async def stub(*args: Any, **kwargs: Any) -> None:
        return None

    client._call = stub  # type: ignore[method-assign]
    for _ in range(COUNT):
        await client.calls.create(
            from_="14155550100",
            to="14155550101",
            answer_url="https://example.com/answer.xml",
            answer_method="POST",
            hangup_url="https://example.com/hangup",
            time_limit=60,
            ring_timeout=30,
        )


asyncio.run(main())
