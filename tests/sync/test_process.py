"""Process-level guards of the blocking ``Client``: Ctrl-C and ``fork()``."""

from __future__ import annotations

import gc
import os
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable

import pytest

import plivo_async
from plivo_async import ClientStateError
from tests.conftest import AUTH_ID, AUTH_TOKEN

from .conftest import ClientFactory, FakePlivo, portal_threads


@pytest.mark.skipif(
    not hasattr(signal, "pthread_kill")
    or threading.current_thread() is not threading.main_thread(),
    reason="needs POSIX signals delivered to the main thread",
)
def test_ctrl_c_cancels_the_request_in_flight(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is handled by something else in this test run")
    fake_plivo.delay = 10.0
    client = make_sync_client(fake_plivo.url)
    main = threading.main_thread().ident
    assert main is not None

    def press_ctrl_c() -> None:
        # Only once the server holds the request: the main thread is then blocked waiting.
        if fake_plivo.request_arrived.wait(5):
            time.sleep(0.05)
            signal.pthread_kill(main, signal.SIGINT)

    helper = threading.Thread(target=press_ctrl_c)
    helper.start()
    started = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.calls.get("slow")
    finally:
        helper.join(5)
    elapsed = time.perf_counter() - started

    assert elapsed < 5, "Ctrl-C did not interrupt the blocking call"
    # The request was cancelled on the loop thread: the connection closed and the server's
    # handler was cancelled instead of completing its 10 s answer.
    assert fake_plivo.wait_for_outcome(timeout=3) == ["cancelled"]
    assert fake_plivo.count() == 1
    # The client is still usable afterwards.
    fake_plivo.delay = 0
    assert client.calls.get("after").call_uuid == "after"


def _run_in_child(child: Callable[[], str]) -> tuple[str, int]:
    """Fork; the child runs ``child`` and reports its string through a pipe (5 s at most)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 1
        try:
            os.close(read_end)
            signal.alarm(5)  # a hang in the child kills it instead of the suite
            os.write(write_end, child().encode())
            status = 0
        except BaseException:
            traceback.print_exc(file=sys.stderr)
        finally:
            os._exit(status)
    os.close(write_end)
    ready: list[int] = []
    try:
        ready, _, _ = select.select([read_end], [], [], 10)
        report = os.read(read_end, 4096).decode() if ready else "child timed out"
    finally:
        os.close(read_end)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        _, wait_status = os.waitpid(pid, 0)
    return report, os.waitstatus_to_exitcode(wait_status)


fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
# Python 3.12+ warns about fork() in a multi-threaded process: that is the very point here.
fork_warning = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@fork_only
@fork_warning
def test_use_after_fork_raises_in_the_child(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)
    assert client.calls.get("parent").call_uuid == "parent"
    assert len(portal_threads()) == 1

    def child() -> str:
        try:
            client.calls.get("child")
            report = "no error"
        except ClientStateError as exc:
            report = f"ClientStateError: {exc}"
        except BaseException as exc:
            report = f"{type(exc).__name__}: {exc}"
        client.close()  # must not wait for the parent's loop thread, absent here
        return report + ("|closed" if client.closed else "|open")

    report, exit_code = _run_in_child(child)

    error, _, closed = report.partition("|")
    assert error.startswith("ClientStateError: "), report
    assert "fork()" in error
    assert closed == "closed"
    assert exit_code == 0
    # Only the parent's request reached the server; the parent's client still works.
    assert fake_plivo.count() == 1
    assert client.calls.get("parent-again").call_uuid == "parent-again"


@fork_only
@fork_warning
def test_a_child_dropping_an_inherited_client_does_not_hang(fake_plivo: FakePlivo) -> None:
    holder = [plivo_async.Client(AUTH_ID, AUTH_TOKEN, base_url=fake_plivo.url, retry=None)]
    try:
        holder[0].calls.get("parent")

        def child() -> str:
            holder.clear()  # the last reference: the client is collected in the child
            gc.collect()
            return "exited"

        assert _run_in_child(child) == ("exited", 0)
        assert len(holder) == 1
    finally:
        for client in holder:
            client.close()


def test_a_client_dropped_without_close_stops_its_thread(fake_plivo: FakePlivo) -> None:
    client = plivo_async.Client(AUTH_ID, AUTH_TOKEN, base_url=fake_plivo.url, retry=None)
    client.calls.get("uuid-1")
    (thread,) = portal_threads()

    del client
    gc.collect()

    thread.join(2)
    assert not thread.is_alive()
    gc.collect()  # the abandoned connection's warnings belong to this test
