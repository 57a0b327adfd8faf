"""Instructions per ``calls.create``, counted by callgrind, for the clients of the hot-path target.

Wall-clock CPU on a shared 2-core machine moves by ±10 % between runs; an instruction count
does not move with the load. Each variant runs twice under ``valgrind --tool=callgrind``
against nginx (the benchmark's own config), with ``--small`` and ``--large`` requests after the
same warm-up; the difference divided by the extra requests is the cost of one request, start-up
and imports cancelled out. User space only (the socket calls are the same for every client).

    python benchmarks/instructions.py                       # all variants, 64 in flight
    python benchmarks/instructions.py --concurrency 1 raw default

Variants: ``raw`` (raw aiohttp, the floor), ``default`` (the headline client: defaults, the
limiter on with rates that do not bind), ``nolimit`` (``rate_limit=None``), ``nobounds``
(``Timeout(read=None, attempt=None)``: what the per-attempt bounds cost), ``nocheck`` (the
request built by hand and sent through ``client._call``: what argument checks cost). Expect a
few minutes per variant; run two at a time on two cores with ``--jobs 2``.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
VARIANTS = ("raw", "default", "nolimit", "nobounds", "nocheck")


async def _drive(variant: str, base_url: str, concurrency: int, count: int) -> None:
    """The measured process: ``count`` creates (after a warm-up) at ``concurrency``."""
    sys.path.insert(0, str(BENCH_DIR))
    import clients
    from common import ANSWER_URL, AUTH_ID, AUTH_TOKEN, FROM_NUMBER

    opener: Any
    if variant == "raw":
        opener = clients.open_raw_aiohttp(base_url, concurrency)
    else:
        opener = _sdk(variant, base_url, concurrency, AUTH_ID, AUTH_TOKEN, FROM_NUMBER, ANSWER_URL)
    async with opener as ops:
        create = ops["create"]
        numbers = iter(range(10**9))

        async def worker(n: int) -> None:
            for _ in range(n):
                await create(next(numbers))

        await asyncio.gather(*(worker(20) for _ in range(concurrency)))  # warm-up
        await asyncio.gather(*(worker(count // concurrency) for _ in range(concurrency)))


@contextlib.asynccontextmanager
async def _sdk(
    variant: str, base_url: str, pool: int, auth_id: str, token: str, from_: str, answer: str
) -> Any:
    import clients
    from common import to_number

    import plivo_async
    from plivo_async._request import CALL_CREATE

    options: dict[str, Any] = {
        "rate_limit": plivo_async.RateLimit(**clients.NON_BINDING),
        "max_connections": pool,
    }
    if variant == "nolimit":
        options["rate_limit"] = None
    if variant == "nobounds":
        options["timeout"] = plivo_async.Timeout(read=None, attempt=None)
    async with plivo_async.AsyncClient(auth_id, token, base_url=base_url + "/", **options) as c:
        parse = c._parser(plivo_async.CallCreated)

        async def create(i: int) -> str:
            if variant == "nocheck":
                body = {"from": from_, "to": to_number(i), "answer_url": answer}
                made = await c._call("POST", "Call/", parse, body=body, bucket=CALL_CREATE)
            else:
                made = await c.calls.create(from_=from_, to=to_number(i), answer_url=answer)
            return str(made.request_uuid)

        yield {"create": create}


def _count(variant: str, base_url: str, concurrency: int, requests: int) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, "--drive", variant, base_url, str(concurrency), str(requests)],
            check=True, env=env, capture_output=True,
        )
        match = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert match is not None, "no totals in the callgrind output"
        return int(match.group(1))


def per_request(variant: str, base_url: str, concurrency: int, small: int, large: int) -> float:
    return (_count(variant, base_url, concurrency, large)
            - _count(variant, base_url, concurrency, small)) / (large - small)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        variant, base_url, concurrency, count = sys.argv[2:6]
        asyncio.run(_drive(variant, base_url, int(concurrency), int(count)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--small", type=int, default=640)
    parser.add_argument("--large", type=int, default=2560)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH_DIR))
    import servers

    binary = servers.ensure_nginx(allow_install=True)
    if binary is None:
        sys.exit("nginx is needed (apt-get install nginx)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as prefix:
        server = servers.start_nginx(binary, Path(prefix))
        try:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                counts = dict(zip(args.variants, pool.map(
                    lambda v: per_request(v, server.base_url, args.concurrency, args.small,
                                          args.large), args.variants), strict=True))
        finally:
            servers.stop(server.process)
    print(f"calls.create, {args.concurrency} in flight, instructions per request "
          f"({args.large} - {args.small} requests, {time.monotonic() - started:.0f} s):")
    floor = counts.get("raw")
    for variant, count in counts.items():
        ratio = f"  {count / floor:.3f}x raw" if floor else ""
        print(f"  {variant:9} {count:10,.0f}{ratio}")


if __name__ == "__main__":
    main()
