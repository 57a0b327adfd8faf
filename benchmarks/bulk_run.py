"""Bulk-dialing benchmark: rows through ``BulkDialer`` (with its journal) into a fast loopback
server, paced at a target CPS and unpaced, one request per row and packed.

Each scenario runs in a fresh process (so its peak RSS is its own) against
``bulk_server.py`` in another process, and reports: the achieved rate against the target, the
peak RSS of the dialer process, and its CPU time per row.

    python benchmarks/bulk_run.py                 # 100,000 rows, four scenarios (~5 minutes)
    python benchmarks/bulk_run.py --rows 20000 --flatness

Bucket configuration (stated because it decides the pace): ``RateLimit(calls_per_second=CPS,
api_requests=10**9)``; call creation pays its CPS bucket (the general API bucket is set out of
the way). A packed scenario pays ``pack_size`` tokens per request (the core charges one per
destination), with ``burst=pack_size`` so that a whole packed request fits in the bucket.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "bulk-latest.md"
AUTH_ID = "MA" + "B" * 18
TOKEN = "bench-token-not-a-secret"
DEFAULTS = {"from_": "14155550100", "answer_url": "https://example.com/answer.xml"}


def start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "bulk_server.py")], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline().split()
    if not line or line[0] != "PORT":
        raise RuntimeError("bulk_server.py did not start")
    return process, f"http://127.0.0.1:{line[1]}/"


async def dial(
    base_url: str, rows: int, cps: float | None, pack: int, journal: str
) -> dict[str, Any]:
    import plivo_async
    from plivo_async.bulk import BulkDialer, DialRow, Journal

    # The core charges a packed request one CPS token per destination: the same bucket paces
    # both modes. Its burst must hold a whole packed request.
    rate = plivo_async.RateLimit(
        calls_per_second=cps or 10**9, api_requests=10**9, burst=max(pack, 1)
    )
    source = (DialRow(key=str(i), to=f"1{i:010d}") for i in range(rows))
    counts: dict[str, int] = {}
    with Journal.open(journal, input_hash="bench") as jour:
        async with plivo_async.AsyncClient(AUTH_ID, TOKEN, base_url=base_url, rate_limit=rate) as c:
            dialer = BulkDialer(
                c,
                defaults=DEFAULTS,
                journal=jour,
                pack=pack > 1,
                pack_size=max(pack, 1),
                concurrency=64,
            )
            cpu0, wall0 = time.process_time(), time.perf_counter()
            async for outcome in dialer.run(source):
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        journaled = jour.counts()["placed"]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "target_cps": cps,
        "pack": pack,
        "seconds": wall,
        "rate": rows / wall,
        "cpu_us_per_row": cpu / rows * 1e6,
        "peak_rss_mib": peak_kib / 1024,
        "outcomes": counts,
        "journaled_placed": journaled,
    }


def run_scenario(base_url: str, rows: int, cps: float | None, pack: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        args = [
            sys.executable,
            __file__,
            "--worker",
            base_url,
            str(rows),
            str(cps or 0),
            str(pack),
            os.path.join(scratch, "job.db"),
        ]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def row_of(r: dict[str, Any]) -> str:
    target = r["target_cps"]
    cells = [
        f"{r['rows']:,}",
        f"{target:,.0f}" if target else "unpaced",
        "1 per request" if r["pack"] <= 1 else f"packed x{r['pack']}",
        f"{r['rate']:,.0f}",
        f"{r['rate'] / target:.1%}" if target else "-",
        f"{r['peak_rss_mib']:.0f}",
        f"{r['cpu_us_per_row']:.0f}",
        f"{r['outcomes'].get('placed', 0):,} / {r['journaled_placed']:,}",
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = [
    "| rows | target CPS | requests | achieved rows/s | of target | peak RSS MiB | CPU µs/row"
    " | placed / journaled |",
    "|---:|---:|---|---:|---:|---:|---:|---|",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cps", type=float, default=1000.0)
    parser.add_argument("--pack-size", type=int, default=100)
    parser.add_argument(
        "--flatness", action="store_true", help="also 1,000 and 1,000,000 rows, unpaced, packed"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        base_url, rows, cps, pack, journal = args.worker
        result = asyncio.run(dial(base_url, int(rows), float(cps) or None, int(pack), journal))
        print(json.dumps(result))
        return
    scenarios = [
        (args.rows, args.cps, 1),
        (args.rows, args.cps, args.pack_size),
        (args.rows, None, 1),
        (args.rows, None, args.pack_size),
    ]
    if args.flatness:
        scenarios += [(1_000, None, args.pack_size), (1_000_000, None, args.pack_size)]
    server, base_url = start_server()
    lines = list(HEADER)
    try:
        for rows, cps, pack in scenarios:
            print(
                f"running {rows:,} rows, cps={cps or 'unpaced'}, pack={pack} ...",
                file=sys.stderr,
                flush=True,
            )
            lines.append(row_of(run_scenario(base_url, rows, cps, pack)))
            print(lines[-1], file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.wait(10)
    import platform

    flags = f" --rows {args.rows}" + (" --flatness" if args.flatness else "")

    text = "\n".join(
        [
            "# Bulk dialing benchmark",
            "",
            f"`python benchmarks/bulk_run.py{flags}` on {os.cpu_count()} cores, Python"
            f" {platform.python_version()}, load average at the end {os.getloadavg()[0]:.2f}"
            " (other work shares the machine); server: `bulk_server.py`"
            " (aiohttp, one uuid per destination) in its own process; journal on (SQLite WAL in a"
            " temp directory); concurrency 64.",
            "",
            "Bucket: `RateLimit(calls_per_second=CPS, api_requests=10**9)`, one CPS token per"
            f" destination; packed: `burst={args.pack_size}` (a whole request fits the bucket).",
            "",
            *lines,
            "",
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
