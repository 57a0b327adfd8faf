"""A stateful local Plivo Voice API simulator (see docs/testing.md).

    async with Simulator() as sim:
        async with sim.client() as client:
            created = await client.calls.create(from_="14155550100", to="14155550101",
                                                answer_url="http://127.0.0.1:9/answer")
        sim.advance(5)                                  # simulated seconds, no sleeping
        assert sim.journal.calls_placed("14155550101") == 1

All 72 endpoints of the Voice API catalog, on one account, with Basic auth, Plivo-shaped
errors, a simulated clock, CPS queueing, the API request limit, fault injection, a request
journal and an inspection API over HTTP under ``/__sim__/``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import INSPECTION_PREFIX
    from ._faults import Fault, FaultInjector
    from ._journal import Journal, JournalEntry
    from ._simulator import DEFAULT_AUTH_ID, Simulator, ThreadedSimulator
    from ._state import Call, CallBehavior, Conference
    from ._webhooks import WebhookDelivery

# Imported on first use: the pytest plugin lives in this package and is loaded by every pytest
# run, which should not pay for aiohttp.web unless a test uses the simulator.
_EXPORTS = {
    "INSPECTION_PREFIX": "._app",
    "Fault": "._faults",
    "FaultInjector": "._faults",
    "Journal": "._journal",
    "JournalEntry": "._journal",
    "DEFAULT_AUTH_ID": "._simulator",
    "Simulator": "._simulator",
    "ThreadedSimulator": "._simulator",
    "Call": "._state",
    "CallBehavior": "._state",
    "Conference": "._state",
    "WebhookDelivery": "._webhooks",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "DEFAULT_AUTH_ID",
    "INSPECTION_PREFIX",
    "Call",
    "CallBehavior",
    "Conference",
    "Fault",
    "FaultInjector",
    "Journal",
    "JournalEntry",
    "Simulator",
    "ThreadedSimulator",
    "WebhookDelivery",
]
