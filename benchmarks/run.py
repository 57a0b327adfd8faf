"""Side-by-side benchmarks of plivo_async against raw aiohttp, httpx and the official plivo SDK.

Run `python benchmarks/run.py` (full, ~10 minutes on 2 cores) or `--quick` (a smoke run of a
few seconds); `nox -s bench -- --quick` does the same in the bench virtualenv. See
benchmarks/README.md. Results go to benchmarks/results/{latest,quick}.{md,json}.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clients import ALT_SUFFIX, ASYNC_CLIENTS, LABELS, THREAD_CLIENTS, base_client
from common import BENCH_DIR, REPO_DIR, RESULTS_DIR
from report import add_ratios, aggregate, check_targets, markdown
from servers import Server, fast_server, log, server_stats, start_aioserver, stop

WORKER = BENCH_DIR / "worker.py"
DOCS_PAGE = REPO_DIR / "docs" / "benchmarks.md"
DOCS_BEGIN, DOCS_END = "<!-- bench:begin -->", "<!-- bench:end -->"
INFLIGHT_TARGET = 10_000
#: The pool of the pooled in-flight variant: the max_connections of the SDK contract.
INFLIGHT_POOL = 64
INFLIGHT_CLIENTS = ("raw-aiohttp", "plivo-async", "plivo-async" + ALT_SUFFIX)
PLIVO_ASYNC_CLIENTS = (
    "plivo-async", "plivo-async-nolimit", "plivo-async-stdjson", "plivo-async-sync")
#: Variants of the headline client, measured at `stdjson_levels` only.
VARIANT_CLIENTS = ("plivo-async-stdjson", "plivo-async-nolimit")
# Which package each client needs in this environment.
REQUIRES = {"httpx": "httpx", "plivo-official": "plivo"} | dict.fromkeys(
    PLIVO_ASYNC_CLIENTS, "plivo_async")


@dataclass(frozen=True)
class Settings:
    reps: int
    duration: float
    warmup: float
    max_requests: int
    async_levels: tuple[int, ...]
    thread_levels: tuple[int, ...]
    #: The blocking clients' `get` rows are fewer: the targets only need `create`.
    get_thread_levels: tuple[int, ...]
    #: Where the stdlib-json and rate_limit=None variants of the default client run (what orjson
    #: and the limiter cost).
    stdjson_levels: tuple[int, ...]
    inflight_n: int
    #: Seconds RSS is sampled while the pooled in-flight requests are all pending.
    inflight_settle: float
    import_runs: int


FULL = Settings(reps=3, duration=1.5, warmup=0.4, max_requests=100_000,
                async_levels=(1, 16, 64, 256), thread_levels=(1, 16, 32, 64),
                get_thread_levels=(1, 32), stdjson_levels=(64,),
                inflight_n=INFLIGHT_TARGET, inflight_settle=2.0, import_runs=7)
QUICK = Settings(reps=1, duration=0.3, warmup=0.1, max_requests=5_000,
                 async_levels=(64,), thread_levels=(32,), get_thread_levels=(32,),
                 stdjson_levels=(64,), inflight_n=1_000, inflight_settle=0.5,
                 import_runs=3)


@dataclass(frozen=True)
class Scenario:
    client: str
    op: str
    concurrency: int


def plan(settings: Settings, clients: list[str], ops: list[str]) -> list[Scenario]:
    """Interleaved: every client at one (op, level) runs back to back, so drift hits all alike."""
    scenarios: list[Scenario] = []
    for op in ops:
        for level in settings.async_levels:
            for client in clients:
                base = base_client(client)
                if base in ASYNC_CLIENTS and (
                    base not in VARIANT_CLIENTS or level in settings.stdjson_levels
                ):
                    scenarios.append(Scenario(client, op, level))
        levels = settings.thread_levels if op == "create" else settings.get_thread_levels
        for level in levels:
            scenarios.extend(
                Scenario(c, op, level) for c in clients if base_client(c) in THREAD_CLIENTS)
    return scenarios


def run_worker(spec: dict[str, Any], timeout: float, alt_sdk: Path | None) -> dict[str, Any]:
    env = None
    if alt_sdk is not None and spec["client"].endswith(ALT_SUFFIX):
        # Ahead of the installed package on sys.path: this worker imports plivo_async from there.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(alt_sdk), os.environ.get("PYTHONPATH")) if p)}
    with tempfile.TemporaryDirectory(prefix="plivo-bench-") as tmp:
        out = Path(tmp) / "result.json"
        try:
            proc = subprocess.run(
                [sys.executable, str(WORKER), json.dumps(spec), str(out)],
                capture_output=True, text=True, timeout=timeout, check=False, env=env,
            )
        except subprocess.TimeoutExpired:
            return {"failure": f"timed out after {timeout:.0f}s"}
        if proc.returncode != 0 or not out.exists():
            lines = proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"]
            return {"failure": lines[-1][:300]}
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def run_matrix(
    server: Server, settings: Settings, scenarios: list[Scenario], alt_sdk: Path | None
) -> list[dict[str, Any]]:
    per_scenario: dict[Scenario, list[dict[str, Any]]] = {s: [] for s in scenarios}
    total = len(scenarios) * settings.reps
    done = 0
    for rep in range(settings.reps):
        for s in scenarios:
            spec = {"mode": "load", "client": s.client, "op": s.op, "concurrency": s.concurrency,
                    "base_url": server.base_url, "call_uuid": server.call_uuid,
                    "duration": settings.duration,
                    "warmup": settings.warmup, "max_requests": settings.max_requests}
            result = run_worker(spec, settings.duration + settings.warmup + 60, alt_sdk)
            per_scenario[s].append(result)
            done += 1
            if "failure" in result:
                summary = f"FAILED: {result['failure']}"
            else:
                summary = (f"{result['rps']:8,.0f} req/s  p99 {result['p99_ms']:7.2f} ms  "
                           f"{result['cpu_us_per_req']:6,.0f} µs CPU/req")
                if result["errors"]:
                    summary += f"  {result['errors']} errors: {result['first_error']}"
            log(f"[{done:3}/{total}] rep {rep + 1} {s.op:6} c={s.concurrency:<3} "
                f"{s.client:20} {summary}")
    rows = [aggregate(s.client, s.op, s.concurrency, reps) for s, reps in per_scenario.items()]
    add_ratios(rows)
    return rows


def run_inflight(n: int, pool: int, settle: float, clients: list[str],
                 alt_sdk: Path | None) -> tuple[list[str], list[dict[str, Any]]]:
    """Memory with n calls pending: through a `pool`-connection client, then on n sockets."""
    variants = [
        # Held far longer than we sample: all n stay pending, `pool` of them on the wire.
        ("pooled", pool, start_aioserver(delay=600.0)),
        # Answered only once all n wait at the server: n really on the wire together.
        ("wire", n, start_aioserver(barrier=n, max_hold=60.0)),
    ]
    descriptions: list[str] = []
    results: list[dict[str, Any]] = []
    try:
        for variant, variant_pool, server in variants:
            descriptions.append(f"{variant}: {server.description}")
            for client in clients:
                server_stats(server.base_url, reset=True)
                spec = {"mode": "inflight", "client": client, "n": n, "pool": variant_pool,
                        "settle": settle, "base_url": server.base_url}
                result = {"client": client, "variant": variant,
                          **run_worker(spec, 180, alt_sdk)}
                result["server_peak_waiting"] = server_stats(server.base_url)["peak_waiting"]
                results.append(result)
                if "failure" in result:
                    log(f"in-flight {variant} {client}: FAILED: {result['failure']}")
                else:
                    log(f"in-flight {variant} {client}: {n:,} pending, pool {variant_pool:,}: "
                        f"+{result['delta_mib']:.1f} MiB above idle "
                        f"({result['per_request_kib']:.1f} KiB/request), "
                        f"server held {result['server_peak_waiting']:,} at once")
    finally:
        for _, _, server in variants:
            stop(server.process)
    return descriptions, results


def _with_bytecode_caches() -> dict[str, str]:
    """This environment, minus PYTHONDONTWRITEBYTECODE (which would recompile on every import)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_imports(runs: int, modules: list[str]) -> dict[str, Any]:
    """`import X` in a fresh interpreter, best of `runs` (interpreter start-up excluded)."""
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    # As a user's interpreter imports: with bytecode caches, written by a first, unmeasured run.
    env = _with_bytecode_caches()
    out: dict[str, Any] = {"runs": runs}
    for module in modules:
        samples: list[float] = []
        failure = None
        subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                       check=False, cwd=tempfile.gettempdir(), env=env)
        for _ in range(runs):
            proc = subprocess.run([sys.executable, "-c", code.format(module)], capture_output=True,
                                  text=True, check=False, cwd=tempfile.gettempdir(), env=env)
            if proc.returncode != 0:
                failure = (proc.stderr.strip().splitlines() or ["?"])[-1]
                break
            samples.append(float(proc.stdout) * 1000)
        out[module] = ({"failure": failure} if failure else
                       {"best_ms": min(samples), "median_ms": statistics.median(samples),
                        "samples_ms": samples})
    out["plivo_async_slowest_imports"] = slowest_imports("plivo_async")
    return out


def slowest_imports(module: str, top: int = 12) -> list[dict[str, Any]]:
    """Cumulative `-X importtime` figures, to say where import time goes."""
    env = _with_bytecode_caches()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=False, cwd=tempfile.gettempdir(),
                          env=env)
    entries: list[dict[str, Any]] = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            entries.append({"module": m[4], "self_us": int(m[1]), "cumulative_us": int(m[2]),
                            "depth": len(m[3]) // 2})
    top_level = [e for e in entries if e["depth"] <= 1]
    return sorted(top_level, key=lambda e: -e["cumulative_us"])[:top]


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": {d: version(d) for d in
                     ("plivo-async", "aiohttp", "orjson", "httpx", "plivo", "requests", "urllib3")},
    }


def describe(m: dict[str, Any]) -> str:
    v = m["versions"]
    return (f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}, "
            f"Python {m['python']}, aiohttp {v['aiohttp']}, orjson {v['orjson']}, "
            f"httpx {v['httpx']}, plivo {v['plivo']} (requests {v['requests']}, "
            f"urllib3 {v['urllib3']}), plivo-async {v['plivo-async']}")


def available_clients(wanted: list[str]) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    ready: list[str] = []
    probe = ("import plivo_async; plivo_async.AsyncClient; plivo_async.Client; "
             "plivo_async.RateLimit")
    plivo_async_ok = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                    check=False).returncode == 0
    for client in wanted:
        need = REQUIRES.get(client)
        if need == "plivo_async" and not plivo_async_ok:
            notes.append(f"{client}: skipped, plivo_async core not importable yet")
        elif need and need != "plivo_async" and importlib.util.find_spec(need) is None:
            notes.append(f"{client}: skipped, `{need}` not installed (pip install -e '.[bench]')")
        else:
            ready.append(client)
    return ready, notes


def update_docs(md: str) -> None:
    text = DOCS_PAGE.read_text()
    start, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if start < 0 or end < 0:
        raise SystemExit(f"{DOCS_PAGE} lacks the {DOCS_BEGIN}/{DOCS_END} markers")
    body = md.split("\n", 2)[2]  # drop the "# plivo_async benchmarks" title
    body = body.replace("\n## ", "\n### ")  # nested under the page's "Latest results"
    DOCS_PAGE.write_text(text[: start + len(DOCS_BEGIN)] + "\n" + body + "\n" + text[end:])


def parse_args() -> argparse.Namespace:
    all_clients = [*ASYNC_CLIENTS, *THREAD_CLIENTS]
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short smoke run (a few seconds)")
    p.add_argument("--server", choices=("auto", "nginx", "simulator", "aiohttp"), default="auto",
                   help="fast server (auto: nginx, else the simulator, else aiohttp.web)")
    p.add_argument("--no-install", action="store_true",
                   help="do not apt-get install nginx when it is missing")
    p.add_argument("--clients", nargs="+", choices=all_clients, default=all_clients)
    p.add_argument("--ops", nargs="+", choices=("create", "get"), default=["create", "get"])
    p.add_argument("--reps", type=int, help="repetitions per row (median is reported)")
    p.add_argument("--duration", type=float, help="seconds measured per row")
    p.add_argument("--concurrency", type=int, nargs="+", help="levels for the async clients")
    p.add_argument("--threads", type=int, nargs="+", help="levels for the blocking clients")
    p.add_argument("--inflight", type=int, help="requests in flight for the memory test (0: skip)")
    p.add_argument("--out", type=Path, help="results path stem (default results/latest|quick)")
    p.add_argument("--alt-sdk", type=Path, metavar="DIR",
                   help="also run the plivo_async rows with the package imported from DIR "
                        "(a checkout or scratch copy): before/after in one run")
    p.add_argument("--update-docs", action="store_true",
                   help="also rewrite the table in docs/benchmarks.md")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    settings = QUICK if args.quick else FULL
    overrides: dict[str, Any] = {}
    if args.reps:
        overrides["reps"] = args.reps
    if args.duration:
        overrides["duration"] = args.duration
    if args.concurrency:
        overrides["async_levels"] = tuple(args.concurrency)
        overrides["stdjson_levels"] = tuple(args.concurrency)
    if args.threads:
        overrides["thread_levels"] = overrides["get_thread_levels"] = tuple(args.threads)
    if args.inflight is not None:
        overrides["inflight_n"] = args.inflight
    settings = dataclasses.replace(settings, **overrides)

    started = time.monotonic()
    load_start = os.getloadavg()[0]
    info = machine()
    clients, notes = available_clients(args.clients)
    if args.alt_sdk:
        if not (args.alt_sdk / "plivo_async" / "__init__.py").exists():
            raise SystemExit(f"--alt-sdk {args.alt_sdk}: no plivo_async package there")
        clients += [c + ALT_SUFFIX for c in clients if c in PLIVO_ASYNC_CLIENTS]
    for note in notes:
        log(note)
    scenarios = plan(settings, clients, args.ops)
    log(f"{len(scenarios)} rows × {settings.reps} rep(s), ~{settings.duration + settings.warmup:g}"
        f" s each; machine: {describe(info)}")

    imports = time_imports(settings.import_runs, ["plivo_async", "aiohttp", "plivo"])
    log(f"import plivo_async: {imports['plivo_async'].get('best_ms', float('nan')):.1f} ms best")
    with fast_server(args.server, allow_install=not args.no_install) as server:
        log(f"server: {server.description} at {server.base_url}")
        rows = run_matrix(server, settings, scenarios, args.alt_sdk)
        server_description = server.description
    slow_description: list[str] = []
    inflight: list[dict[str, Any]] = []
    inflight_clients = [c for c in INFLIGHT_CLIENTS if c in clients]
    if settings.inflight_n and inflight_clients:
        slow_description, inflight = run_inflight(
            settings.inflight_n, INFLIGHT_POOL, settings.inflight_settle, inflight_clients,
            args.alt_sdk)

    command = " ".join(["python", "benchmarks/run.py", *sys.argv[1:]])
    result: dict[str, Any] = {
        "meta": {
            "command": command,
            "mode": "quick" if args.quick else "full",
            "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "elapsed_s": time.monotonic() - started,
            "reps": settings.reps,
            "duration_s": settings.duration,
            "warmup_s": settings.warmup,
            "server": server_description,
            # Our own run keeps ~1.5 cores busy; more than that means someone else's work.
            "loadavg": {"start": load_start, "end": os.getloadavg()[0]},
            "slow_server": slow_description,
            "machine": describe(info),
            "machine_info": info,
            "notes": notes,
            "alt_sdk": str(args.alt_sdk) if args.alt_sdk else None,
            "labels": LABELS,
        },
        "settings": dataclasses.asdict(settings),
        "rows": rows,
        "inflight": inflight,
        "imports": imports,
    }
    result["targets"] = check_targets(rows, inflight, imports, INFLIGHT_TARGET)
    stem = args.out or RESULTS_DIR / ("quick" if args.quick else "latest")
    stem.parent.mkdir(parents=True, exist_ok=True)
    # JSON first: the raw figures survive a bug in the Markdown rendering.
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    md = markdown(result)
    stem.with_suffix(".md").write_text(md)
    if args.update_docs:
        update_docs(md)
    print(md)
    log(f"wrote {stem.with_suffix('.md')} and .json in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
