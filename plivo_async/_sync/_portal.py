"""The event-loop thread behind a blocking ``Client``.

One anyio blocking portal per client, started on first use. Each blocking call is a task in
that loop; if the caller is interrupted (Ctrl-C) the task is cancelled, so an interrupted request
does not go on in the background. The guards turn the silent failure modes of a portal into
clear errors: calling from inside a running event loop (it would freeze that loop), and using a
client inherited through ``fork()`` (its loop thread does not exist in the child).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from .._errors import ClientStateError

T = TypeVar("T")


class Portal:
    """Runs coroutines of one client on its private event-loop thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._context: contextlib.AbstractContextManager[BlockingPortal] | None = None
        self._pid: int | None = None
        self._closed = False

    @property
    def started(self) -> bool:
        return self._portal is not None

    def _running_portal(self) -> BlockingPortal:
        if self._pid is not None and self._pid != os.getpid():
            raise ClientStateError(
                "this Client was created before fork(); its event-loop thread does not exist in "
                "the child process. Create a new Client after forking."
            )
        portal = self._portal
        if portal is not None:
            return portal
        with self._lock:
            if self._closed:
                raise ClientStateError("this Client is closed; create a new one")
            if self._portal is None:
                self._context = start_blocking_portal("asyncio")
                self._portal = self._context.__enter__()
                self._pid = os.getpid()
            return self._portal

    def call(self, func: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Run ``func(*args, **kwargs)`` on the client's loop and wait for its result."""
        _refuse_inside_event_loop()
        portal = self._running_portal()
        if kwargs:
            func = functools.partial(func, **kwargs)
        future = portal.start_task_soon(func, *args)
        try:
            return future.result()
        except BaseException:
            # Interrupted (Ctrl-C) or failed: make sure the task does not run on unobserved.
            future.cancel()
            raise

    def close(self, final: Callable[[], Awaitable[None]]) -> None:
        """Run ``final`` on the loop (if it was ever started), then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            portal, context = self._portal, self._context
            self._portal = self._context = None
        if portal is None or context is None or self._pid != os.getpid():
            return
        try:
            portal.call(final)
        finally:
            context.__exit__(None, None, None)


def _refuse_inside_event_loop() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise ClientStateError(
        "the blocking Client was called from inside a running event loop, which it would "
        "freeze; in async code use AsyncClient and await its methods"
    )
