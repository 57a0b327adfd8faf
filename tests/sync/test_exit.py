"""A blocking ``Client`` that is never closed shuts down quietly: when collected and at exit."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import time

import pytest

import plivo_async
from tests.conftest import AUTH_ID, AUTH_TOKEN

from .conftest import FakePlivo, portal_threads

# The script's client, pointed at the fake server given as argv[1].
PREAMBLE = f"""\
import sys
import plivo_async
client = plivo_async.Client({AUTH_ID!r}, {AUTH_TOKEN!r}, base_url=sys.argv[1], retry=None,
                            timeout=5)
"""


def run_script(
    body: str, url: str, *, flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run PREAMBLE + body in a fresh interpreter; a hang fails the test after 30 s."""
    return subprocess.run(
        [sys.executable, *flags, "-c", PREAMBLE + textwrap.dedent(body), url],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("flags", [(), ("-X", "dev")], ids=["plain", "dev-mode"])
def test_a_script_that_never_closes_its_client_exits_quietly(
    fake_plivo: FakePlivo, flags: tuple[str, ...]
) -> None:
    # -X dev shows every ResourceWarning and turns on asyncio's debug checks.
    started = time.monotonic()
    result = run_script(
        """
        print(client.calls.get("uuid-1").call_uuid)
        """,
        fake_plivo.url,
        flags=flags,
    )

    assert result.stderr == ""
    assert result.returncode == 0
    assert result.stdout == "uuid-1\n"
    assert fake_plivo.count() == 1
    assert time.monotonic() - started < 10


def test_many_threads_then_no_close_exits_quietly(fake_plivo: FakePlivo) -> None:
    result = run_script(
        """
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(8) as pool:
            uuids = list(pool.map(lambda i: client.calls.get(f"t-{i}").call_uuid, range(16)))
        print(len(set(uuids)))
        """,
        fake_plivo.url,
        flags=("-X", "dev"),
    )

    assert result.stderr == ""
    assert (result.returncode, result.stdout) == (0, "16\n")
    assert fake_plivo.count() == 16


def test_exit_lets_a_daemon_threads_call_in_flight_finish_then_exits_quietly(
    fake_plivo: FakePlivo,
) -> None:
    fake_plivo.delay = 0.5
    script = PREAMBLE + textwrap.dedent(
        """
        import threading
        threading.Thread(target=client.calls.get, args=("slow",), daemon=True).start()
        sys.stdin.readline()  # the test says when the request is at the server
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, fake_plivo.url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert fake_plivo.request_arrived.wait(10), "the script's request never arrived"
            stdout, stderr = process.communicate("go\n", timeout=30)
        finally:
            process.kill()

    assert stderr == ""
    assert process.returncode == 0
    assert stdout == ""
    # The exit closed the client with its grace period: the call in flight was answered, not cut.
    assert fake_plivo.wait_for_outcome() == ["completed"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_forked_child_exiting_leaves_the_parents_pooled_connection_working(
    fake_plivo: FakePlivo,
) -> None:
    # The child inherits the parent's pooled connection; exiting must not unregister it from the
    # epoll set both processes share (the parent's next call would wait for its read timeout).
    result = run_script(
        """
        import os, time, warnings
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        client.calls.get("before-fork")
        pid = os.fork()
        if pid == 0:
            sys.exit(0)  # a normal exit: the child collects its copy of the client
        deadline = time.monotonic() + 10
        while not os.waitpid(pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                sys.exit("the child hung")
            time.sleep(0.01)
        started = time.monotonic()
        print(client.calls.get("after-fork").call_uuid)
        print(f"{time.monotonic() - started:.1f}")
        """,
        fake_plivo.url,
    )

    assert result.stderr == ""
    assert result.returncode == 0
    answer, elapsed = result.stdout.split()
    assert answer == "after-fork"
    assert float(elapsed) < 2
    assert fake_plivo.count() == 2


def test_a_dropped_client_closes_its_session_and_stops_its_thread(
    fake_plivo: FakePlivo,
) -> None:
    # Warnings are errors here: an unclosed session or connector would fail this test.
    client = plivo_async.Client(AUTH_ID, AUTH_TOKEN, base_url=fake_plivo.url, retry=None)
    assert client.calls.get("uuid-1").call_uuid == "uuid-1"
    session = client.async_client.transport.session
    assert session is not None
    (thread,) = portal_threads()

    del client
    gc.collect()

    thread.join(5)
    assert not thread.is_alive()
    assert session.closed
    gc.collect()
