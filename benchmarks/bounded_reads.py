"""Peak memory of one `calls.get` whose answer is far too large, SDK against raw aiohttp.

Run `python benchmarks/bounded_reads.py [--update-docs] [--alt-sdk DIR]`: each (client, case) is
one fresh process (`--worker`), so its peak RSS is that one request's. Cases, served by
`bigserver.py` in its own process: a 100 MiB 2xx answer with a Content-Length, the same chunked,
and ~1 MB of gzip inflating to 1 GiB. The SDK (default client, `max_response_size` 4 MiB)
should stop at the cap with ResponseTooLargeError; raw aiohttp's `resp.read()` reads it all,
which is what the SDK did before the cap. Results: results/bounded-reads.{md,json}.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import AUTH_ID, AUTH_TOKEN, REPO_DIR, RESULTS_DIR
from servers import _read_banner, log, stop, wait_ready
from worker import RssSampler, rss_bytes

BENCH_DIR = Path(__file__).resolve().parent
DOCS_PAGE = REPO_DIR / "docs" / "benchmarks.md"
DOCS_BEGIN, DOCS_END = "<!-- bounded:begin -->", "<!-- bounded:end -->"
CASES = {
    "length": "100 MiB, Content-Length",
    "chunked": "100 MiB, chunked",
    "gzip": "1 MiB gzip inflating to 1 GiB",
}
CLIENTS = {"raw-aiohttp": "raw aiohttp, `resp.read()`", "plivo-async": "AsyncClient (defaults)"}
ALT = "plivo-async@alt"
#: What the issue measured for the SDK before the cap (reading the whole answer).
ISSUE_BEFORE = {"length": "423 MiB", "gzip": "3.1 GiB"}


async def one_get(client: str, base_url: str, case: str) -> dict[str, Any]:
    """Warm up with a small answer, then one GET of `case` while RSS is sampled."""
    url = f"{base_url}/v1/Account/{AUTH_ID}/Call/{case}/"
    if client == "raw-aiohttp":
        import aiohttp

        headers = {"Authorization": aiohttp.BasicAuth(AUTH_ID, AUTH_TOKEN).encode()}
        async with aiohttp.ClientSession(headers=headers) as session:

            async def get(target: str) -> str:
                async with session.get(target) as resp:
                    return f"read {len(await resp.read()):,} bytes"

            await get(url.replace(case, "small"))
            return await measure(get(url))
    import plivo_async

    # The default client: only the base URL differs (rate limit, retry, timeouts and
    # max_response_size as shipped).
    async with plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, base_url=base_url + "/") as sdk:

        async def sdk_get(uuid: str) -> str:
            try:
                await sdk.calls.get(uuid)
            except plivo_async.PlivoError as exc:
                # Before the cap (--alt-sdk), the whole body is read, then refused as not JSON.
                received = getattr(exc, "received", None)
                return type(exc).__name__ + ("" if received is None else
                                             f" after {received:,} bytes")
            return "read it all"

        await sdk_get("small")
        return await measure(sdk_get(case))


async def measure(request: Any) -> dict[str, Any]:
    import gc

    gc.collect()
    baseline = rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    with RssSampler(interval=0.002) as sampler:
        outcome = await request
    return {
        "outcome": outcome,
        "baseline_mib": baseline / 2**20,
        "peak_mib": sampler.peak / 2**20,
        "delta_mib": (sampler.peak - baseline) / 2**20,
        "ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "wall_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
    }


def run_worker(client: str, base_url: str, case: str, alt_sdk: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if client == ALT and alt_sdk is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(alt_sdk), os.environ.get("PYTHONPATH")) if p)
    spec = json.dumps({"client": client.removesuffix("@alt"), "base_url": base_url, "case": case})
    proc = subprocess.run([sys.executable, __file__, "--worker", spec], capture_output=True,
                          text=True, timeout=300, check=False, env=env, cwd=BENCH_DIR)
    if proc.returncode != 0:
        return {"failure": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def start_bigserver() -> tuple[subprocess.Popen[bytes], str, int]:
    process = subprocess.Popen([sys.executable, str(BENCH_DIR / "bigserver.py")],
                               stdout=subprocess.PIPE)
    port, bomb_size = _read_banner(process, "bigserver")
    base_url = f"http://127.0.0.1:{port}"
    wait_ready(base_url, process)
    return process, base_url, int(bomb_size)


def markdown(result: dict[str, Any]) -> str:
    meta = result["meta"]
    out = ["# Bounded reads: peak RSS of one oversized answer", ""]
    out.append(f"Command: `{meta['command']}`, {meta['started']}, took {meta['elapsed_s']:.0f} s. "
               f"Machine: {meta['machine']}. Server: `bigserver.py` in its own process "
               f"(gzip body {meta['bomb_bytes']:,} bytes).")
    out.append("")
    out.append("One `GET …/Call/{uuid}/` per fresh process, after one small warm-up request; RSS "
               "sampled every 2 ms during the request. The SDK is the default `AsyncClient` "
               "(`max_response_size` 4 MiB); raw aiohttp reads the whole answer, as the SDK did "
               "before the cap.")
    out.append("")
    out.append("| Answer | Client | Outcome | Idle RSS MiB | Peak RSS MiB | Above idle MiB | "
               "Time s |")
    out.append("|---|---|---|---:|---:|---:|---:|")
    for r in result["rows"]:
        name = CLIENTS.get(r["client"], "AsyncClient [alt]")
        if "failure" in r:
            out.append(f"| {CASES[r['case']]} | {name} | failed: {r['failure']} ||||")
            continue
        out.append(f"| {CASES[r['case']]} | {name} | {r['outcome']} | {r['baseline_mib']:.1f} | "
                   f"{r['peak_mib']:,.1f} | {r['delta_mib']:,.1f} | {r['wall_s']:.2f} |")
    out.append("")
    before = "; ".join(f"{CASES[case]}: {rss}" for case, rss in ISSUE_BEFORE.items())
    out.append(f"The issue's figures for the SDK before the cap (peak RSS): {before}.")
    if meta["alt_sdk"]:
        out.append(f"Rows marked [alt]: the SDK from {meta['alt_sdk']}.")
    out.append("")
    return "\n".join(out)


def update_docs(md: str) -> None:
    text = DOCS_PAGE.read_text()
    start, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if start < 0 or end < 0:
        raise SystemExit(f"{DOCS_PAGE} lacks the {DOCS_BEGIN}/{DOCS_END} markers")
    body = md.split("\n", 2)[2]  # the page has its own heading
    DOCS_PAGE.write_text(text[: start + len(DOCS_BEGIN)] + "\n" + body + "\n" + text[end:])


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        spec = json.loads(sys.argv[2])
        print(json.dumps(asyncio.run(one_get(spec["client"], spec["base_url"], spec["case"]))))
        return
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    p.add_argument("--clients", nargs="+", choices=list(CLIENTS), default=list(CLIENTS))
    p.add_argument("--alt-sdk", type=Path, metavar="DIR",
                   help="also run the SDK rows with plivo_async imported from DIR (before/after)")
    p.add_argument("--alt-name", help="what the --alt-sdk tree is, for the results (default: its "
                   "directory name; results never show the path)")
    p.add_argument("--out", type=Path, help="results path stem (default results/bounded-reads)")
    p.add_argument("--update-docs", action="store_true",
                   help="also rewrite the bounded-reads table in docs/benchmarks.md")
    args = p.parse_args()
    from run import describe, machine  # the orchestrator's machine description

    started = time.monotonic()
    clients = list(args.clients)
    if args.alt_sdk and "plivo-async" in clients:
        clients.append(ALT)
    process, base_url, bomb_size = start_bigserver()
    rows: list[dict[str, Any]] = []
    try:
        for case in args.cases:
            for client in clients:
                # Raw aiohttp inflating 1 GiB needs ~2 GiB: one such process at a time.
                row = {"client": client, "case": case,
                       **run_worker(client, base_url, case, args.alt_sdk)}
                rows.append(row)
                log(f"{case:8} {client:16} " + (
                    f"FAILED: {row['failure']}" if "failure" in row else
                    f"peak {row['peak_mib']:8,.1f} MiB (+{row['delta_mib']:,.1f}) in "
                    f"{row['wall_s']:.2f} s: {row['outcome']}"))
    finally:
        stop(process)
    command = shlex.join(["python", "benchmarks/bounded_reads.py", *sys.argv[1:]])
    if args.alt_sdk:  # the path is this machine's business
        command = command.replace(str(args.alt_sdk), "DIR")
    result = {
        "meta": {
            "command": command,
            "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "elapsed_s": time.monotonic() - started,
            "machine": describe(machine()),
            "bomb_bytes": bomb_size,
            "alt_sdk": (args.alt_name or args.alt_sdk.name) if args.alt_sdk else None,
            "issue_before": ISSUE_BEFORE,
        },
        "rows": rows,
    }
    stem = args.out or RESULTS_DIR / "bounded-reads"
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    md = markdown(result)
    stem.with_suffix(".md").write_text(md)
    if args.update_docs:
        update_docs(md)
    print(md)


if __name__ == "__main__":
    main()
