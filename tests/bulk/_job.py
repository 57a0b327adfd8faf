"""A dialer process for the crash tests: ``python -m tests.bulk._job BASE_URL TOKEN JOURNAL N``.

Dials N rows into the simulator at BASE_URL with a journal; on SIGINT it stops with a grace
of 2 s and exits 130 after flushing. Prints ``STARTED`` once the first outcome is in.
"""

from __future__ import annotations

import asyncio
import signal
import sys

import plivo_async
from plivo_async.bulk import BulkDialer, Journal
from plivo_async.testing import DEFAULT_AUTH_ID

from .conftest import DEFAULTS, rows


async def main(base_url: str, token: str, journal_path: str, count: int) -> int:
    rate = plivo_async.RateLimit(calls_per_second=5000, api_requests=1_000_000)
    with Journal.open(journal_path, input_hash="input-v1") as journal:
        async with plivo_async.AsyncClient(
            DEFAULT_AUTH_ID, token, base_url=base_url, rate_limit=rate
        ) as client:
            dialer = BulkDialer(
                client, defaults=DEFAULTS, journal=journal, concurrency=8, grace=2.0
            )
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, dialer.stop)
            first = True
            async for _ in dialer.run(rows(count)):
                if first:
                    print("STARTED", flush=True)
                    first = False
    print("STOPPED" if dialer.stopped else "DONE", flush=True)
    return 130 if dialer.stopped else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
