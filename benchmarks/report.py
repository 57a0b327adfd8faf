"""Aggregation of repeated rows, ratios, target checks, and the Markdown/JSON output."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from clients import ALT_SUFFIX, THREAD_CLIENTS, base_client, label

Row = dict[str, Any]

OP_TITLES = {
    "create": "`POST …/Call/` (`calls.create`)",
    "get": "`GET …/Call/{uuid}/` (`calls.get`, full CDR)",
}
FLOOR, OFFICIAL, ASYNC, SYNC = "raw-aiohttp", "plivo-official", "plivo-async", "plivo-async-sync"
#: The headline row's targets against raw aiohttp (medians of the run's repetitions).
HEADLINE_RPS, HEADLINE_CPU = 0.95, 1.05
VARIANTS = ("plivo-async-nolimit", "plivo-async-stdjson")


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def aggregate(client: str, op: str, concurrency: int, reps: list[dict[str, Any]]) -> Row:
    """Medians over repetitions (runs on a shared 2-core box are noisy); RSS is the max."""
    ok = [r for r in reps if "rps" in r]
    row: Row = {
        "client": client,
        "label": label(client),
        "op": op,
        "concurrency": concurrency,
        "threads": base_client(client) in THREAD_CLIENTS,
        "reps": len(reps),
        "rps": _median(r["rps"] for r in ok) if ok else None,
        "rps_min": min((r["rps"] for r in ok), default=None),
        "rps_max": max((r["rps"] for r in ok), default=None),
        "p50_ms": _median(r["p50_ms"] for r in ok),
        "p99_ms": _median(r["p99_ms"] for r in ok),
        "cpu_us_per_req": _median(r["cpu_us_per_req"] for r in ok),
        "peak_rss_mib": max((r["peak_rss_mib"] for r in ok), default=None),
        "requests": sum(r["requests"] for r in ok),
        "errors": sum(r["errors"] for r in ok),
        "failed_reps": len(reps) - len(ok),
        "json_backend": next((r["json_backend"] for r in ok if "json_backend" in r), None),
        "first_error": next((r.get("first_error") or r.get("failure") for r in reps
                             if r.get("first_error") or r.get("failure")), None),
    }
    return row


def _find(rows: list[Row], client: str, op: str, concurrency: int) -> Row | None:
    for row in rows:
        if (row["client"], row["op"], row["concurrency"]) == (client, op, concurrency):
            return row if row["rps"] else None
    return None


def _best(rows: list[Row], client: str, op: str) -> Row | None:
    mine = [r for r in rows if r["client"] == client and r["op"] == op and r["rps"]]
    return max(mine, key=lambda r: r["rps"], default=None)


def _get(row: Row | None, key: str) -> float | None:
    value = None if row is None else row[key]
    return None if value is None else float(value)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def add_ratios(rows: list[Row]) -> None:
    for row in rows:
        floor = _find(rows, FLOOR, row["op"], row["concurrency"])
        official = _find(rows, OFFICIAL, row["op"], row["concurrency"])
        row["rps_vs_raw"] = _ratio(row["rps"], _get(floor, "rps"))
        row["cpu_vs_raw"] = _ratio(row["cpu_us_per_req"], _get(floor, "cpu_us_per_req"))
        row["rps_vs_official"] = _ratio(row["rps"], _get(official, "rps"))


def _target(name: str, value: float | None, threshold: float | None, higher_is_better: bool,
            detail: str) -> dict[str, Any]:
    """threshold None: reported for information, no verdict."""
    if value is None or threshold is None:
        passed = None
    else:
        passed = value >= threshold if higher_is_better else value <= threshold
    return {"name": name, "value": value, "threshold": threshold,
            "higher_is_better": higher_is_better, "passed": passed, "detail": detail}


def _fmt_row(row: Row | None) -> str:
    if row is None:
        return "not measured"
    unit = "threads" if row["threads"] else "concurrency"
    return f"{row['rps']:,.0f} req/s at {unit} {row['concurrency']}"


def _us(row: Row | None) -> str:
    return "—" if row is None else f"{row['cpu_us_per_req']:,.0f}"


def _inflight_targets(inflight: list[Row], target_n: int) -> list[dict[str, Any]]:
    """Checked through the SDK's pool (64 connections on the wire, the rest waiting in the
    client). With one socket per call even raw aiohttp needs ~16 KiB each, so that variant is
    reported without a threshold, as what the SDK adds over raw aiohttp."""
    out: list[dict[str, Any]] = []
    cases = [(ASYNC, "pooled", 100.0, "through a pool of 64"),
             (ASYNC, "wire", None, "each on its own socket (no target)")]
    if any(r["client"] == ASYNC + ALT_SUFFIX for r in inflight):
        cases[1:1] = [(ASYNC + ALT_SUFFIX, "pooled", 100.0, "through a pool of 64")]
        cases.append((ASYNC + ALT_SUFFIX, "wire", None, "each on its own socket (no target)"))
    for client, variant, threshold, what in cases:
        def pick(client: str, variant: str = variant) -> Row | None:
            return next((r for r in inflight if r["client"] == client
                         and r.get("variant") == variant and "delta_mib" in r), None)

        mine, floor = pick(client), pick(FLOOR)
        name = f"{label(client)}, {target_n:,} requests in flight {what}: RSS above idle (MiB)"
        if mine is None:
            out.append(_target(name, None, threshold, False, "not measured"))
            continue
        scale = target_n / mine["n"]
        detail = f"{mine['per_request_kib']:.1f} KiB per request"
        if floor:
            detail += (f"; raw aiohttp {floor['delta_mib'] * scale:.1f} MiB, so the SDK adds "
                       f"{(mine['delta_mib'] - floor['delta_mib']) * scale:+.1f} MiB")
        if scale != 1:
            detail += f" (measured with {mine['n']:,}, scaled linearly)"
        out.append(_target(name, mine["delta_mib"] * scale, threshold, False, detail))
    return out


def check_targets(rows: list[Row], inflight: list[Row], imports: dict[str, Any],
                  inflight_target_n: int) -> list[dict[str, Any]]:
    targets: list[dict[str, Any]] = []
    # The headline: the default install and the default client (limiter on, not binding)
    # against raw aiohttp. The variants show what orjson and the limiter cost, without a verdict.
    cases = [(ASYNC, HEADLINE_RPS, HEADLINE_CPU)]
    cases += [(c, HEADLINE_RPS, HEADLINE_CPU) for c in (ASYNC + ALT_SUFFIX,)
              if any(r["client"] == c for r in rows)]
    cases += [(c, None, None) for c in VARIANTS if any(r["client"] == c for r in rows)]
    for client, rps_threshold, cpu_threshold in cases:
        mine, floor = _find(rows, client, "create", 64), _find(rows, FLOOR, "create", 64)
        name = label(client)
        targets.append(_target(
            f"{name}: create req/s vs raw aiohttp, concurrency 64",
            _ratio(_get(mine, "rps"), _get(floor, "rps")), rps_threshold, True,
            f"{_fmt_row(mine)} vs {_fmt_row(floor)}"))
        targets.append(_target(
            f"{name}: create CPU/request vs raw aiohttp, concurrency 64 (lower is better)",
            _ratio(_get(mine, "cpu_us_per_req"), _get(floor, "cpu_us_per_req")), cpu_threshold,
            False, f"{_us(mine)} vs {_us(floor)} µs/req"))
    mine, official = _find(rows, ASYNC, "create", 64), _find(rows, OFFICIAL, "create", 64)
    targets.append(_target(
        "AsyncClient create vs official SDK, both at concurrency 64",
        _ratio(_get(mine, "rps"), _get(official, "rps")), 4.0, True,
        f"{_fmt_row(mine)} vs {_fmt_row(official)}"))
    mine, official = _best(rows, ASYNC, "create"), _best(rows, OFFICIAL, "create")
    targets.append(_target(
        "AsyncClient create vs official SDK, each at its best",
        _ratio(_get(mine, "rps"), _get(official, "rps")), 4.0, True,
        f"{_fmt_row(mine)} vs {_fmt_row(official)}"))
    official = _find(rows, OFFICIAL, "create", 32)
    for client in (SYNC, SYNC + ALT_SUFFIX):
        mine = _find(rows, client, "create", 32)
        if mine is None and client != SYNC:
            continue
        targets.append(_target(
            f"{label(client)} create vs official SDK, both from 32 threads",
            _ratio(_get(mine, "rps"), _get(official, "rps")), 2.0, True,
            f"{_fmt_row(mine)} vs {_fmt_row(official)}"))
    targets.extend(_inflight_targets(inflight, inflight_target_n))
    figures = imports.get("plivo_async", {})
    aiohttp_ms = imports.get("aiohttp", {}).get("best_ms")
    detail = figures.get("failure") or (
        f"`import aiohttp` alone: {aiohttp_ms:.0f} ms" if aiohttp_ms else "")
    targets.append(_target(f"`import plivo_async` (ms, fresh process, best of "
                           f"{imports.get('runs', 0)})", figures.get("best_ms"), 150.0, False,
                           detail))
    return targets


# --- Markdown -------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def _ratio_cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _verdict(target: dict[str, Any]) -> str:
    if target["threshold"] is None:
        return "info"
    return {True: "**pass**", False: "**FAIL**", None: "n/a"}[target["passed"]]


def markdown(result: dict[str, Any]) -> str:
    meta, rows = result["meta"], result["rows"]
    out = ["# plivo_async benchmarks", ""]
    out.append(f"Command: `{meta['command']}` ({meta['mode']} run, {meta['reps']} repetition(s) of "
               f"{meta['duration_s']} s per row after {meta['warmup_s']} s warm-up; "
               f"medians shown), {meta['started']}, took {meta['elapsed_s']:.0f} s.")
    out.append("")
    out.append(f"Server: {meta['server']}. Machine: {meta['machine']}.")
    out.append("")
    if meta.get("alt_sdk"):
        out.append(f"Rows marked [alt] import plivo_async from `{meta['alt_sdk']}` "
                   "(`--alt-sdk`), the others from the installed package: before/after.")
        out.append("")
    load = meta.get("loadavg", {})
    if load:
        # Taken before our own load starts: above ~1 someone else was using the cores.
        busy = load["start"] > 1.0
        out.append(f"Load average (1 min) before the run {load['start']:.2f}, at its end "
                   f"{load['end']:.2f}"
                   + (": **other work was running on this machine, figures are noisier than "
                      "usual**." if busy else "."))
        out.append("")
    out.append("Load generator and server share the same cores; nothing is pinned. Each row runs "
               "in its own process (CPU and peak RSS belong to that client alone). Pool size = "
               "concurrency for the async clients and the facade; the official SDK keeps "
               "requests' default pool of 10. Ratios compare rows of this run only.")
    out.append("")
    out.append("## Targets")
    out.append("")
    out.append("| Target | Measured | Threshold | Result | Detail |")
    out.append("|---|---:|---:|---|---|")
    for t in result["targets"]:
        op = "≥" if t["higher_is_better"] else "≤"
        value = _num(t["value"], 2)
        threshold = "—" if t["threshold"] is None else f"{op} {t['threshold']:g}"
        out.append(f"| {t['name']} | {value} | {threshold} | {_verdict(t)} | {t['detail']} |")
    out.append("")
    for op in ("create", "get"):
        mine = [r for r in rows if r["op"] == op]
        if not mine:
            continue
        out.append(f"## {OP_TITLES[op]}")
        out.append("")
        out.append("| Client | Conc. | req/s | p50 ms | p99 ms | CPU µs/req | Peak RSS MiB | "
                   "req/s vs raw | CPU vs raw | req/s vs official |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in mine:
            conc = f"{r['concurrency']} thr" if r["threads"] else str(r["concurrency"])
            name = r["label"] + (f" ⚠ {r['errors']} errors" if r["errors"] else "")
            if r["failed_reps"]:
                name += f" ⚠ {r['failed_reps']} failed: {r['first_error']}"
            out.append(
                f"| {name} | {conc} | {_num(r['rps'])} | {_num(r['p50_ms'], 2)} | "
                f"{_num(r['p99_ms'], 2)} | {_num(r['cpu_us_per_req'])} | "
                f"{_num(r['peak_rss_mib'], 1)} | {_ratio_cell(r['rps_vs_raw'])} | "
                f"{_ratio_cell(r['cpu_vs_raw'])} | {_ratio_cell(r['rps_vs_official'])} |")
        out.append("")
    if result["inflight"]:
        out.append("## Requests in flight against a slow server")
        out.append("")
        out.append("Slow servers: " + "; ".join(meta["slow_server"]) + ". `pooled`: all calls "
                   "pending, the client's pool of 64 on the wire, RSS sampled for a while then the "
                   "calls are cancelled; `wire`: pool = number in flight, the server answers only "
                   "once all of them wait there. Idle = client open with one warm connection.")
        out.append("")
        out.append("| Client | Variant | In flight | On the wire | Idle RSS MiB | Peak RSS MiB | "
                   "Above idle MiB | KiB/request |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|")
        for r in result["inflight"]:
            if "delta_mib" not in r:
                out.append(f"| {label(r['client'])} | {r['variant']} | failed: "
                           f"{r.get('failure')} ||||||")
                continue
            errors = f" ⚠ {r['errors']} errors" if r["errors"] else ""
            out.append(
                f"| {label(r['client'])}{errors} | {r['variant']} | {r['n']:,} | "
                f"{_num(r.get('server_peak_waiting'))} | {_num(r['baseline_mib'], 1)} | "
                f"{_num(r['peak_mib'], 1)} | {_num(r['delta_mib'], 1)} | "
                f"{_num(r['per_request_kib'], 1)} |")
        out.append("")
    imports = result["imports"]
    out.append(f"## Import time (fresh interpreter, best of {imports['runs']})")
    out.append("")
    out.append("| Module | best ms | median ms |")
    out.append("|---|---:|---:|")
    for name, figures in imports.items():
        if isinstance(figures, dict):
            out.append(f"| `{name}` | {_num(figures.get('best_ms'), 1)} | "
                       f"{_num(figures.get('median_ms'), 1)} |")
    out.append("")
    return "\n".join(out)
