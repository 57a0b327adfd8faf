"""``python -m plivo_async.testing``: run the simulator for manual tries and for tests in
other processes. Prints its local test credentials and base URL, then serves until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence

from ._simulator import DEFAULT_AUTH_ID, Simulator


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m plivo_async.testing",
        description="A local, stateful Plivo Voice API simulator (loopback only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    parser.add_argument("--auth-id", default=DEFAULT_AUTH_ID)
    parser.add_argument("--auth-token", default=None, help="default: a random token")
    parser.add_argument("--cps", type=float, default=2.0, help="calls per second (default 2)")
    parser.add_argument(
        "--api-requests", type=int, default=300, help="API requests per --api-period (0 = off)"
    )
    parser.add_argument("--api-period", type=float, default=5.0)
    clock = parser.add_mutually_exclusive_group()
    clock.add_argument(
        "--time-scale", type=float, default=1.0, help="simulated seconds per real second"
    )
    clock.add_argument(
        "--manual-clock",
        action="store_true",
        help="time moves only through POST /__sim__/clock/advance",
    )
    parser.add_argument("--seed", type=int, default=None, help="seed ids and fault draws")
    parser.add_argument(
        "--webhooks", action="store_true", help="POST callbacks to loopback URLs in requests"
    )
    parser.add_argument(
        "--run-xml",
        action="store_true",
        help="fetch answer_url and run the Plivo XML it returns (implies --webhooks; with "
        "--manual-clock, drive it with POST /__sim__/run?seconds=N)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    simulator = Simulator(
        auth_id=args.auth_id,
        auth_token=args.auth_token,
        host=args.host,
        port=args.port,
        cps=args.cps,
        api_requests=args.api_requests or None,
        api_period=args.api_period,
        time_scale=None if args.manual_clock else args.time_scale,
        seed=args.seed,
        webhooks=args.webhooks,
        run_xml=args.run_xml,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with simulator as sim:
        # Deliberate: these are the simulator's own local test credentials.
        print(f"Plivo simulator listening on {sim.base_url}")
        print(f"  auth id:    {sim.auth_id}")
        print(f"  auth token: {sim.auth_token}")
        print(f"  base url:   {sim.base_url}")
        print(f"  inspection: {sim.base_url}__sim__/")
        print("Press Ctrl-C to stop.", flush=True)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
