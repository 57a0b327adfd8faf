"""The event-loop thread behind a blocking ``Client``.

One anyio blocking portal per client, running on a daemon thread started on first use. Each
blocking call is a task in that loop; if the caller is interrupted (Ctrl-C) the task is cancelled,
so an interrupted request does not go on in the background. The guards turn the silent failure
modes of a portal into clear errors: calling from inside a running event loop (it would freeze
that loop), and using a client inherited through ``fork()`` (its loop thread does not exist in the
child).

The thread is started by hand rather than with ``anyio.from_thread.start_blocking_portal``: that
context manager stops its portal when it is garbage-collected, which in a forked child waits
forever for a thread that was not copied, so dropping or closing an inherited client would hang.

A client that is never closed (a script that just ends, or a dropped reference) is shut down by a
finalizer, at garbage collection or at interpreter exit: its ``shutdown`` coroutine (closing the
aiohttp session) runs on the loop, then the thread stops, each step bounded in time, so nothing
is reported as unclosed and exit never hangs. The finalizer holds only the loop's parts, never the
Portal or the Client, or they could not be collected.

A forked child inherits copies of the loop's sockets and of its epoll set, both shared with the
parent: closing an inherited connection there (when the child collects the client or exits)
would unregister the parent's socket from its epoll set, or write a TLS close_notify into the
parent's connection, and the parent's next call would wait for an answer it is never told of.
So, in the child, those sockets are pointed at ``/dev/null`` before anything can close them.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .._errors import ClientStateError

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future

    from anyio.from_thread import BlockingPortal

T = TypeVar("T")

THREAD_NAME = "plivo-async-portal"

#: Seconds a finalizer waits for the shutdown coroutine (longer than the default close grace
#: of 5 s, which calls still in flight from daemon threads get), then for the thread: a wedged
#: loop must not stop the interpreter from exiting.
SHUTDOWN_WAIT = 10.0


class Portal:
    """Runs coroutines of one client on its private event-loop thread.

    ``shutdown`` is what the finalizer runs on the loop when the client was never closed; it
    must not refer to the client or this portal.
    """

    def __init__(self, shutdown: Callable[[], Awaitable[None]] | None = None) -> None:
        self._shutdown = shutdown
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        #: Calls submitted and not yet done; close() cancels any the stopped loop never ran.
        self._pending: set[Future[Any]] = set()
        self._thread: threading.Thread | None = None
        self._finalizer: weakref.finalize[Any, Portal] | None = None
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
                portal, self._loop, thread = _start_loop_thread()
                self._pid = os.getpid()
                self._thread = thread
                self._portal = portal
                # Never closed: shut down quietly when collected, or at the latest at exit.
                self._finalizer = weakref.finalize(
                    self,
                    _shut_down,
                    portal,
                    self._loop,
                    thread,
                    self._pid,
                    self._shutdown,
                    self._pending,
                )
            return self._portal

    def call(self, func: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Run ``func(*args, **kwargs)`` on the client's loop and wait for its result."""
        import asyncio
        from concurrent.futures import CancelledError

        _refuse_inside_event_loop()
        self._running_portal()
        loop = self._loop
        assert loop is not None
        coroutine = cast("Coroutine[Any, Any, T]", func(*args, **kwargs))
        try:
            # Straight onto the loop: anyio's start_task_soon wraps every call in a task group
            # with its cancel scopes, about 120 µs more CPU per blocking call.
            future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        except RuntimeError as exc:  # close() in another thread closed the loop meanwhile
            coroutine.close()
            raise ClientStateError("this Client is closed; create a new one") from exc
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        if self._closed:
            # close() may already have swept the pending calls: this one would wait forever.
            future.cancel()
        try:
            return future.result()
        except CancelledError as exc:
            if self._closed:
                raise ClientStateError("this Client was closed while the call was waiting") from exc
            raise
        except BaseException:
            # Interrupted (Ctrl-C) or failed: make sure the task does not run on unobserved.
            future.cancel()
            raise

    def close(self, final: Callable[[], Awaitable[None]]) -> None:
        """Run ``final`` on the loop (if it was ever started), then stop the thread."""
        if self._pid is not None and self._pid != os.getpid():
            # Inherited through fork(): there is no thread to stop, and the lock may have been
            # copied while another thread of the parent held it.
            self._closed = True
            self._portal = None
            return
        if self._thread is not None and self._thread.ident == threading.get_ident():
            # From a task on the loop itself: waiting for the loop would deadlock.
            raise ClientStateError(
                "close() was called from the Client's own event-loop thread (for example from a "
                "middleware); close the Client from the thread that uses it"
            )
        with self._lock:
            if self._closed:
                return
            self._closed = True
            portal, self._portal = self._portal, None
            thread = self._thread
            if self._finalizer is not None:
                self._finalizer.detach()
        if portal is None or thread is None:
            return  # never started: there is no thread to stop
        try:
            portal.call(final)
        finally:
            _stop(portal, thread, self._pid)
            thread.join()
            for future in list(self._pending):
                future.cancel()


#: The loops of running portals, for the fork handler (a loop outlives its portal only briefly).
_LOOPS: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


def _disown_inherited_loops() -> None:
    """In a forked child: make the parent's loop sockets harmless to close, and quiet."""
    loops = list(_LOOPS)
    _LOOPS.clear()
    for loop in loops:
        selector = getattr(loop, "_selector", None)  # asyncio's selector loops; others: skip
        if selector is not None:
            devnull = os.open(os.devnull, os.O_RDWR)
            try:
                for key in list(selector.get_map().values()):
                    os.dup2(devnull, key.fd)  # this process's descriptor only
            finally:
                os.close(devnull)
        # Nothing runs this copy of the loop: no thread checks, and no "Unclosed client session"
        # reports about the parent's session (the parent still owns and closes it).
        loop.set_debug(False)
        loop.set_exception_handler(_ignore_exception)


def _ignore_exception(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    return None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_disown_inherited_loops)


def _start_loop_thread() -> tuple[BlockingPortal, asyncio.AbstractEventLoop, threading.Thread]:
    # anyio is imported with the first blocking client, not with the package.
    import asyncio
    from concurrent.futures import Future

    import anyio
    from anyio.from_thread import BlockingPortal

    ready: Future[tuple[BlockingPortal, asyncio.AbstractEventLoop]] = Future()

    async def serve() -> None:
        async with BlockingPortal() as portal:
            ready.set_result((portal, asyncio.get_running_loop()))
            await portal.sleep_until_stopped()

    def run() -> None:
        try:
            anyio.run(serve, backend="asyncio")
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)

    options: dict[str, Any] = {}
    if sys.version_info >= (3, 14):  # do not inherit the starting thread's context variables
        options["context"] = contextvars.Context()
    thread = threading.Thread(target=run, name=THREAD_NAME, daemon=True, **options)
    thread.start()
    portal, loop = ready.result()
    _LOOPS.add(loop)
    return portal, loop, thread


def _shut_down(
    portal: BlockingPortal,
    loop: asyncio.AbstractEventLoop,
    thread: threading.Thread,
    pid: int,
    shutdown: Callable[[], Awaitable[None]] | None,
    pending: set[Future[Any]],
) -> None:
    """Finalizer of a portal whose client was never closed: shutdown, then stop the thread."""
    import asyncio
    import concurrent.futures

    if pid != os.getpid() or not thread.is_alive():
        return  # inherited through fork(): the loop thread does not exist here
    if thread.ident == threading.get_ident():
        # Collected on the loop thread itself: waiting there would deadlock; let it wind down.
        with contextlib.suppress(RuntimeError):  # the loop is already closing
            loop.create_task(_shut_down_on_loop(portal, shutdown))
        return
    try:
        future = asyncio.run_coroutine_threadsafe(_shut_down_on_loop(portal, shutdown), loop)
    except RuntimeError:  # the loop was closed meanwhile
        return
    try:
        future.result(SHUTDOWN_WAIT)
    except concurrent.futures.TimeoutError:
        future.cancel()
    except Exception:
        pass  # a failed shutdown has no caller left to tell
    # The loop thread ends after anyio has closed the loop; any call it never ran is cancelled.
    thread.join(SHUTDOWN_WAIT)
    for call in list(pending):
        call.cancel()


async def _shut_down_on_loop(
    portal: BlockingPortal, shutdown: Callable[[], Awaitable[None]] | None
) -> None:
    try:
        if shutdown is not None:
            await shutdown()
    finally:
        await portal.stop()


def _stop(portal: BlockingPortal, thread: threading.Thread, pid: int | None) -> None:
    """Let the loop thread finish (after the tasks still running); never waits on itself."""
    if pid != os.getpid() or thread.ident == threading.get_ident() or not thread.is_alive():
        return
    with contextlib.suppress(RuntimeError):  # already stopped
        portal.call(portal.stop)


def _refuse_inside_event_loop() -> None:
    import asyncio  # deferred: the package is imported without asyncio (import time)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise ClientStateError(
        "the blocking Client was called from inside a running event loop, which it would "
        "freeze; in async code use AsyncClient and await its methods"
    )
