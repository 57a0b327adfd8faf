"""Bulk-dialing benchmark: rows through ``BulkDialer`` (with its journal) into a fast loopback
server, paced at a target CPS and unpaced, one request per row and packed.

Each scenario runs in a fresh process (so its peak RSS is its own) against
``bulk_server.py`` in another process, and reports: the achieved rate against the target, the
peak RSS of the dialer process, and its CPU time per row. ``--repeat N`` runs each scenario N
times and reports the run with the median rate (all rates listed).

    python benchmarks/bulk_run.py                 # 100,000 rows, five scenarios (~6 minutes)
    python benchmarks/bulk_run.py --rows 20000 --repeat 3 --flatness

Bucket configuration (stated because it decides the pace): ``RateLimit(calls_per_second=CPS,
api_requests=10**9, burst=B)``; call creation pays its CPS bucket (the general API bucket is
set out of the way). One request per row: ``B = --burst`` (1 by default, as a user's
``RateLimit`` has it; another value adds a ``burst=1`` row beside it). A packed
scenario pays ``pack_size`` tokens per request (the core charges one per destination), with
``burst=pack_size`` so that a whole packed request fits in the bucket.
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
    base_url: str, rows: int, cps: float | None, pack: int, journal: str, burst: int
) -> dict[str, Any]:
    import plivo_async
    from plivo_async.bulk import BulkDialer, DialRow, Journal

    # The core charges a packed request one CPS token per destination: the same bucket paces
    # both modes. Its burst must hold a whole packed request.
    rate = plivo_async.RateLimit(
        calls_per_second=cps or 10**9, api_requests=10**9, burst=max(pack, burst)
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
        "burst": max(pack, burst),
        "seconds": wall,
        "rate": rows / wall,
        "cpu_us_per_row": cpu / rows * 1e6,
        "peak_rss_mib": peak_kib / 1024,
        "outcomes": counts,
        "journaled_placed": journaled,
    }


def run_scenario(
    base_url: str, rows: int, cps: float | None, pack: int, burst: int = 1
) -> dict[str, Any]:
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
            str(burst),
        ]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate (the lower middle one of an even count)."""
    return sorted(runs, key=lambda r: r["rate"])[(len(runs) - 1) // 2]


def row_of(r: dict[str, Any], runs: list[dict[str, Any]] | None = None) -> str:
    target = r["target_cps"]
    cells = [
        f"{r['rows']:,}",
        f"{target:,.0f}" if target else "unpaced",
        "1 per request" if r["pack"] <= 1 else f"packed x{r['pack']}",
        str(r["burst"]) if target else "-",
        f"{r['rate']:,.0f}",
        f"{r['rate'] / target:.1%}" if target else "-",
        f"{r['peak_rss_mib']:.0f}",
        f"{r['cpu_us_per_row']:.0f}",
        f"{r['outcomes'].get('placed', 0):,} / {r['journaled_placed']:,}",
        ", ".join(f"{run['rate']:,.0f}" for run in runs or [r]),
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = [
    "| rows | target CPS | requests | burst | achieved rows/s | of target | peak RSS MiB"
    " | CPU µs/row | placed / journaled | rates of the runs |",
    "|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cps", type=float, default=1000.0)
    parser.add_argument("--pack-size", type=int, default=100)
    parser.add_argument(
        "--burst", type=int, default=1, help="bucket burst, one per request (1: the default)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario (median)")
    parser.add_argument(
        "--flatness", action="store_true", help="also 1,000 and 1,000,000 rows, unpaced, packed"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        base_url, rows, cps, pack, journal, burst = args.worker
        result = asyncio.run(
            dial(base_url, int(rows), float(cps) or None, int(pack), journal, int(burst))
        )
        print(json.dumps(result))
        return
    scenarios = [
        (args.rows, args.cps, 1, args.burst),
        *([(args.rows, args.cps, 1, 1)] if args.burst != 1 else []),
        (args.rows, args.cps, args.pack_size, 1),
        (args.rows, None, 1, 1),
        (args.rows, None, args.pack_size, 1),
    ]
    if args.flatness:
        scenarios += [(1_000, None, args.pack_size, 1), (1_000_000, None, args.pack_size, 1)]
    server, base_url = start_server()
    lines = list(HEADER)
    try:
        for rows, cps, pack, burst in scenarios:
            runs = []
            for _ in range(args.repeat):
                print(
                    f"running {rows:,} rows, cps={cps or 'unpaced'}, pack={pack},"
                    f" burst={max(pack, burst)} ...",
                    file=sys.stderr,
                    flush=True,
                )
                runs.append(run_scenario(base_url, rows, cps, pack, burst))
                print(row_of(runs[-1]), file=sys.stderr, flush=True)
            lines.append(row_of(median_run(runs), runs))
    finally:
        server.terminate()
        server.wait(10)
    import platform

    flags = f" --rows {args.rows}" + (" --flatness" if args.flatness else "")
    if args.repeat > 1:
        flags += f" --repeat {args.repeat}"
    if args.burst != 1:
        flags += f" --burst {args.burst}"

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
            "Bucket: `RateLimit(calls_per_second=CPS, api_requests=10**9, burst=B)`, one CPS"
            " token per destination; B as in the burst column (packed: `pack_size`, so a whole"
            " request fits the bucket). Each figure is the run with the median rate of"
            f" {args.repeat} run(s); the last column lists every run's rate.",
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
