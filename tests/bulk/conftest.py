"""Shared pieces of the bulk-dialing tests: rows, defaults, a simulator without limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

import plivo_async
from plivo_async.bulk import DialRow
from plivo_async.testing import Simulator

DEFAULTS = {"from_": "14155550100", "answer_url": "https://example.com/a.xml"}
#: Generous client-side limits: the tests pace on purpose, never by accident.
FAST = plivo_async.RateLimit(calls_per_second=5000, api_requests=1_000_000)


def number(index: int) -> str:
    return f"1415{index:07d}"


def rows(count: int, start: int = 0) -> Iterator[DialRow]:
    """``count`` rows keyed by their position, each a different destination (a generator)."""
    return (DialRow(key=str(i), to=number(i)) for i in range(start, start + count))


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(cps=10_000, api_requests=None, seed=7) as simulator:
        yield simulator
