"""Overhead of one rate-limit acquisition: the in-process limiter against the Redis-shared one.

Run `python benchmarks/redis_overhead.py [--n 20000]`: starts its own redis-server (no
persistence, a loopback TCP port and a unix socket, stopped at the end), then times
`RateLimitMiddleware` around a handler that does nothing, one call creation at a time, with
rates far above anything reached (the limiter never waits: what is timed is the bookkeeping,
and for Redis one script round trip). Prints p50/p99/mean in microseconds per acquisition.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from multidict import CIMultiDict, CIMultiDictProxy

from plivo_async._clock import MONOTONIC
from plivo_async._ratelimit import RateLimit, RateLimitMiddleware
from plivo_async._request import CALL_CREATE, Request, Response
from plivo_async.ratelimit import RedisBackend

AUTH_ID = "MABENCHMARK000000001"
NOT_BINDING = {"calls_per_second": 1e9, "api_requests": 10**12}


def start_redis(directory: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not on PATH (Debian: apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unix = directory / "redis.sock"
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--unixsocket", str(unix),
         "--save", "", "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return process, port, unix
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("redis-server did not start")


async def measure(limit: RateLimit, n: int) -> list[float]:
    limiter = RateLimitMiddleware(limit, MONOTONIC, AUTH_ID)
    url = f"https://api.plivo.com/v1/Account/{AUTH_ID}/Call/"
    headers = CIMultiDictProxy(CIMultiDict[str]())

    async def nothing(request: Request) -> Response:
        return Response(status=201, headers=headers, content=b"", request=request)

    timings = []
    for i in range(n + n // 10):
        request = Request("POST", url, "Call/", bucket=CALL_CREATE)
        start = time.perf_counter_ns()
        await limiter(request, nothing)
        if i >= n // 10:  # the first tenth warms up (connection, script load)
            timings.append((time.perf_counter_ns() - start) / 1000)
    await limiter.aclose()
    return timings


def row(name: str, timings: list[float]) -> str:
    q = statistics.quantiles(timings, n=100)
    return f"| {name} | {q[49]:.1f} | {q[98]:.1f} | {statistics.fmean(timings):.1f} |"


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        process, port, unix = start_redis(Path(scratch))
        try:
            cases = {
                "in-process (default)": RateLimit(**NOT_BINDING),  # type: ignore[arg-type]
                f"Redis, TCP 127.0.0.1:{port}": RateLimit(
                    **NOT_BINDING, backend=RedisBackend(f"redis://127.0.0.1:{port}/0")  # type: ignore[arg-type]
                ),
                "Redis, unix socket": RateLimit(
                    **NOT_BINDING, backend=RedisBackend(f"unix://{unix}")  # type: ignore[arg-type]
                ),
            }
            print(f"{n} sequential call-creation acquisitions each (both buckets), µs:")
            print("| limiter | p50 | p99 | mean |")
            print("|---|---:|---:|---:|")
            for name, limit in cases.items():
                print(row(name, await measure(limit, n)), flush=True)
        finally:
            process.kill()
            process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    asyncio.run(main(parser.parse_args().n))
