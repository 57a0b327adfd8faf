"""One measurement in a fresh process, so that CPU time and peak RSS belong to one client only.

Usage (the orchestrator does this): `python worker.py '<spec json>' <result path>`.

Modes:
* `load`: `concurrency` coroutines (async clients) or threads (blocking clients) each loop on
  one operation until `duration` seconds or `max_requests` requests, after a warm-up phase
  bounded the same way. Reports req/s, latency percentiles, CPU per request and peak RSS.
* `inflight`: `n` concurrent `create` calls against the slow server (which answers only once
  all n are waiting); reports peak RSS above the idle baseline.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import os
import resource
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clients import ASYNC_CLIENTS, THREAD_CLIENTS, AsyncOp, SyncOp, base_client
from common import CALL_UUID

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


@dataclass
class Phase:
    """What one bounded load loop saw. Only successful requests count."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    wall: float = 0.0
    cpu: float = 0.0

    def fail(self, exc: BaseException) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = f"{type(exc).__name__}: {exc}"[:300]

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(q: float) -> float | None:
            return lat[min(n - 1, int(q * n))] * 1000 if n else None

        return {
            "requests": n,
            "errors": self.errors,
            "first_error": self.first_error,
            "wall_s": self.wall,
            "cpu_s": self.cpu,
            "rps": n / self.wall if self.wall else 0.0,
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "cpu_us_per_req": self.cpu / n * 1e6 if n else None,
        }


async def async_phase(op: AsyncOp, concurrency: int, duration: float, limit: int) -> Phase:
    phase = Phase()
    counter = itertools.count()
    deadline = time.perf_counter() + duration
    clock = time.perf_counter

    async def loop() -> None:
        # Bounded by count and by time; whichever comes first.
        while (i := next(counter)) < limit and clock() < deadline:
            start = clock()
            try:
                await op(i)
            except Exception as exc:
                phase.fail(exc)
                continue
            phase.latencies.append(clock() - start)

    cpu0, wall0 = time.process_time(), clock()
    await asyncio.gather(*(loop() for _ in range(concurrency)))
    phase.wall, phase.cpu = clock() - wall0, time.process_time() - cpu0
    return phase


def thread_phase(op: SyncOp, threads: int, duration: float, limit: int) -> Phase:
    phase = Phase()
    counter = itertools.count()  # next() on it is atomic under the GIL
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    clock = time.perf_counter

    def loop() -> None:
        while (i := next(counter)) < limit and clock() < deadline:
            start = clock()
            try:
                op(i)
            except Exception as exc:
                with lock:
                    phase.fail(exc)
                continue
            phase.latencies.append(clock() - start)

    pool = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    cpu0, wall0 = time.process_time(), clock()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    phase.wall, phase.cpu = clock() - wall0, time.process_time() - cpu0
    return phase


def check(op_name: str, got: str, call_uuid: str) -> None:
    """The first answer must have been parsed: a request_uuid, or the CDR we asked for."""
    if not got or (op_name == "get" and got != call_uuid):
        raise RuntimeError(f"{op_name} returned {got!r}")


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    client, op_name, conc = base_client(spec["client"]), spec["op"], int(spec["concurrency"])
    base_url, duration, warmup = spec["base_url"], spec["duration"], spec["warmup"]
    limit, call_uuid = int(spec["max_requests"]), spec["call_uuid"]
    if client in ASYNC_CLIENTS:

        async def main() -> Phase:
            async with ASYNC_CLIENTS[client](base_url, conc, call_uuid) as ops:
                op = ops[op_name]
                check(op_name, await op(0), call_uuid)
                await async_phase(op, conc, warmup, limit)
                gc.collect()
                return await async_phase(op, conc, duration, limit)

        phase = asyncio.run(main())
    else:
        with THREAD_CLIENTS[client](base_url, conc, call_uuid) as sync_ops:
            sync_op = sync_ops[op_name]
            check(op_name, sync_op(0), call_uuid)
            thread_phase(sync_op, conc, warmup, limit)
            gc.collect()
            phase = thread_phase(sync_op, conc, duration, limit)
    result = {**phase.summary(), "peak_rss_mib": peak_rss_bytes() / 2**20,
              "loadavg_1m": os.getloadavg()[0]}
    codec = sys.modules.get("plivo_async._jsoncodec")
    if codec is not None:  # which JSON library the SDK really used in this row
        result["json_backend"] = getattr(codec, "BACKEND", "unknown")
    return result


class RssSampler:
    """Polls RSS from a thread: ru_maxrss cannot be reset, so it would include start-up peaks."""

    def __init__(self, interval: float = 0.005) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


async def wait_until_held(base_url: str, count: int, timeout: float) -> None:
    def held() -> int:
        with urllib.request.urlopen(base_url + "/_stats/", timeout=5) as resp:
            return int(json.loads(resp.read())["peak_waiting"])

    deadline = time.monotonic() + timeout
    while await asyncio.to_thread(held) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server never held {count} requests at once")
        await asyncio.sleep(0.05)


def run_inflight(spec: dict[str, Any]) -> dict[str, Any]:
    """n concurrent creates; with pool < n the rest wait inside the client, which is the point.

    pool >= n: the barrier server answers once all n are on the wire, so we wait for them.
    pool < n: the delay server holds each request far longer than we look; once it holds `pool`
    of them (the client's pool is full, every other call waits in the client) we sample RSS for
    `settle` more seconds, then cancel them all (waiting would take n/pool × delay).
    """
    client, n, base_url = base_client(spec["client"]), int(spec["n"]), spec["base_url"]
    pool, settle = int(spec["pool"]), float(spec.get("settle", 0.0))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # up to n sockets at once
    if hard < pool + 100:
        raise RuntimeError(f"RLIMIT_NOFILE hard limit {hard} is too low for {pool} sockets")

    async def main() -> dict[str, Any]:
        async with ASYNC_CLIENTS[client](base_url, pool) as ops:
            # Idle = imported, session open, one warm connection.
            check("get", await ops["get"](0), CALL_UUID)
            gc.collect()
            baseline = rss_bytes()
            phase = Phase()
            create = ops["create"]
            completed = 0

            async def one(i: int) -> None:
                nonlocal completed
                try:
                    await create(i)
                    completed += 1
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    phase.fail(exc)

            start = time.perf_counter()
            with RssSampler() as sampler:
                tasks = [asyncio.ensure_future(one(i)) for i in range(n)]
                if pool >= n:
                    await asyncio.gather(*tasks)
                else:
                    await wait_until_held(base_url, pool, timeout=30.0)
                    await asyncio.sleep(settle)
            elapsed = time.perf_counter() - start
            completed_while_sampled = completed
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            delta = sampler.peak - baseline
            return {
                "n": n,
                "pool": pool,
                "completed_while_sampled": completed_while_sampled,
                "errors": phase.errors,
                "first_error": phase.first_error,
                "baseline_mib": baseline / 2**20,
                "peak_mib": sampler.peak / 2**20,
                "delta_mib": delta / 2**20,
                "per_request_kib": delta / n / 1024,
                "wall_s": elapsed,
            }

    return asyncio.run(main())


MODES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "load": run_load,
    "inflight": run_inflight,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    out = Path(sys.argv[2])
    result = MODES[spec["mode"]](spec)
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
