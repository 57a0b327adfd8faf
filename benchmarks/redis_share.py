"""How much of one account's CPS N worker processes sharing it through Redis achieve.

Run `python benchmarks/redis_share.py [--workers 4] [--cps 50] [--seconds 10] [--kill-at S]`:
starts its own redis-server (no persistence, a unix socket, stopped at the end) and a counting
loopback server in this process, then N worker processes (this file, `--worker`), each creating
calls as fast as its limiter allows (2 x CPS callers). The server counts destinations per
1-s window of its own clock (fixed windows, only those wholly inside the run) and prints the
largest window, the achieved share of the CPS, and each worker's count. `--kill-at S` kills
Redis S seconds into the run and restarts it `--down` seconds later: fail closed, so nothing is
sent meanwhile and no window may exceed the CPS.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from aiohttp import web

import plivo_async
from plivo_async.ratelimit import RedisBackend

AUTH_ID = "MABENCHMARK000000001"
AUTH_TOKEN = "benchmark-token-not-a-secret"


async def worker(base: str, redis_url: str, key: str, cps: float, seconds: float) -> None:
    limit = plivo_async.RateLimit(
        calls_per_second=cps, backend=RedisBackend(redis_url, key=key, timeout=0.2)
    )
    done = 0
    async with plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=base, rate_limit=limit, retry=None
    ) as client:
        print("ready", flush=True)
        start_at = float(await asyncio.to_thread(sys.stdin.readline))
        await asyncio.sleep(max(0.0, start_at - time.time()))
        end = start_at + seconds

        async def dial() -> None:
            nonlocal done
            while time.time() < end:
                await client.calls.create(
                    from_="14155550000", to="14155550100", answer_url="https://a.test/"
                )
                done += 1

        tasks = [asyncio.ensure_future(dial()) for _ in range(int(2 * cps))]
        await asyncio.sleep(max(0.0, end - time.time()))
        await client.aclose(grace=1.0)
        await asyncio.gather(*tasks, return_exceptions=True)
    print(done, flush=True)


def start_redis(directory: Path) -> subprocess.Popen[bytes]:
    unix = directory / "redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(unix), "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    while not unix.exists():
        time.sleep(0.01)
    return process


async def main(args: argparse.Namespace) -> None:
    arrivals: list[float] = []

    async def created(request: web.Request) -> web.Response:
        arrivals.append(time.time())
        return web.json_response({"api_id": "a", "message": "call fired", "request_uuid": "r"})

    app = web.Application()
    app.router.add_post(f"/v1/Account/{AUTH_ID}/Call/", created)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        redis = start_redis(directory)
        try:
            url = f"unix://{directory / 'redis.sock'}"
            key = f"bench-{uuid.uuid4().hex}"
            procs = [
                await asyncio.create_subprocess_exec(
                    sys.executable, __file__, "--worker", base, url, key,
                    str(args.cps), str(args.seconds),
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                )
                for _ in range(args.workers)
            ]
            for proc in procs:
                assert proc.stdout is not None
                await proc.stdout.readline()
            start_at = time.time() + 0.5
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(f"{start_at!r}\n".encode())
                await proc.stdin.drain()
            down = None
            if args.kill_at is not None:
                await asyncio.sleep(start_at + args.kill_at - time.time())
                redis.kill()
                redis.wait()
                (directory / "redis.sock").unlink(missing_ok=True)
                killed = time.time()
                await asyncio.sleep(args.down)
                redis = start_redis(directory)
                down = (killed, time.time())
            outputs = [await proc.communicate() for proc in procs]
        finally:
            redis.kill()
            redis.wait()
    await runner.cleanup()
    counts = collections.Counter(int(t) for t in arrivals)
    windows = [counts[w] for w in range(int(start_at) + 1, int(start_at + args.seconds))]
    share = sum(windows) / (args.cps * len(windows))
    print(f"{args.workers} workers, CPS {args.cps:g}, {args.seconds:g} s, Redis on a unix socket")
    print(f"destinations per whole 1-s window (server clock): {windows}")
    print(f"largest window: {max(windows)} (limit {args.cps:g} + 1 for a window's edge)")
    print(f"achieved share of the CPS: {100 * share:.1f}%")
    print(f"per worker: {[int(out.split()[-1]) for out, _ in outputs]}")
    if down is not None:
        during = sum(down[0] + 0.1 < t < down[1] for t in arrivals)
        print(f"Redis down {down[1] - down[0]:.2f} s: {during} destinations sent meanwhile")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        base, url, key, cps, seconds = sys.argv[2:7]
        asyncio.run(worker(base, url, key, float(cps), float(seconds)))
        sys.exit()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cps", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--kill-at", type=float, default=None)
    parser.add_argument("--down", type=float, default=1.0)
    asyncio.run(main(parser.parse_args()))
