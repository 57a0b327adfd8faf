"""pytest plugin (``pytest11`` entry point): simulator fixtures for users' own tests.

- ``plivo_simulator``: an async fixture yielding a running ``Simulator`` (with pytest-asyncio).
- ``plivo_simulator_thread``: a sync fixture yielding a ``ThreadedSimulator`` for blocking code.

Both accept options through a marker: ``@pytest.mark.plivo_simulator(cps=20, seed=1)``.
Every pytest run in an environment with plivo_async loads this module: it stays light.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from plivo_async.testing import Simulator, ThreadedSimulator

MARKER = "plivo_simulator"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(**options): options for the plivo_simulator fixtures"
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        options.update(marker.kwargs)
    return options


@pytest.fixture
def plivo_simulator_thread(request: pytest.FixtureRequest) -> Iterator[ThreadedSimulator]:
    """A simulator on a background thread, usable from sync tests and other processes."""
    from plivo_async.testing import ThreadedSimulator

    with ThreadedSimulator(**_options(request)) as simulator:
        yield simulator


try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - only without pytest-asyncio
    pass
else:

    @pytest_asyncio.fixture
    async def plivo_simulator(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
        """A running simulator on the test's event loop (manual clock: ``sim.advance()``)."""
        from plivo_async.testing import Simulator

        async with Simulator(**_options(request)) as simulator:
            yield simulator
