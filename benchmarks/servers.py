"""Local servers for the benchmarks, each in its own process so it never shares our GIL.

* `nginx` (system package) answering canned JSON: the fast server of choice, it is not the
  bottleneck. Installed with apt-get when missing (we need root and Debian for that).
* `simulator`: the plivo_async simulator (`plivo_async.testing`) when it can serve on a port.
* `aiohttp`: `aioserver.py`, a tiny canned-JSON aiohttp.web server (last resort).

The slow server for the in-flight memory test is always `aioserver.py --barrier N`: nginx
cannot hold a request for a while without extra modules.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common import BENCH_DIR, CALL_UUID, CREATE_BODY, GET_BODY, NOT_FOUND_BODY, PING_PATH

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


@dataclass
class Server:
    kind: str
    description: str
    base_url: str  # "http://127.0.0.1:PORT" without a trailing slash
    process: subprocess.Popen[bytes]
    #: A call whose CDR `GET …/Call/{uuid}/` returns.
    call_uuid: str = CALL_UUID


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(base_url: str, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(
            base_url + PING_PATH, timeout=1
        ) as resp:
            resp.read()
            return
        time.sleep(0.05)
    raise RuntimeError(f"server at {base_url} not ready after {timeout}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- nginx -------------------------------------------------------------------------------------


def find_nginx() -> str | None:
    for candidate in NGINX_CANDIDATES:
        path = shutil.which(candidate)
        if path:
            return path
    return None


def ensure_nginx(allow_install: bool) -> str | None:
    """The nginx binary, installing the Debian package first when missing and allowed."""
    path = find_nginx()
    if path or not allow_install:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log("nginx missing and cannot be installed here (needs root and apt-get)")
        return None
    log("nginx missing: apt-get update && apt-get install -y nginx")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "nginx"]):
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log(f"{' '.join(cmd)} failed: {result.stderr.strip()[-500:]}")
            return None
    return find_nginx()


def nginx_version(binary: str) -> str:
    result = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (result.stderr or result.stdout).strip().removeprefix("nginx version: ")


def _nginx_literal(body: str) -> str:
    # Bodies go inside single quotes in the config, where `$` would start a variable.
    if "'" in body or "$" in body or "\\" in body:
        raise ValueError("canned body cannot be embedded in nginx.conf")
    return f"'{body}'"


def nginx_config(prefix: Path, port: int) -> str:
    return f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # Keep-alive connections must survive a whole row (the default closes after 1,000 requests).
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    tcp_nodelay on;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = {PING_PATH} {{ return 200 '{{}}'; }}
        location ~ ^/v1/Account/[^/]+/Call/$ {{
            if ($request_method != POST) {{ return 405; }}
            return 201 {_nginx_literal(CREATE_BODY)};
        }}
        location ~ ^/v1/Account/[^/]+/Call/[^/]+/$ {{
            return 200 {_nginx_literal(GET_BODY)};
        }}
        location / {{ return 404 {_nginx_literal(NOT_FOUND_BODY)}; }}
    }}
}}
"""


def start_nginx(binary: str, prefix: Path) -> Server:
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, port))
    # daemon off: nginx stays our child, so SIGTERM on the Popen stops it.
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process)
    except RuntimeError:
        stop(process)
        err = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"nginx failed to start: {err.strip()[-500:]}") from None
    return Server("nginx", f"{nginx_version(binary)} (1 worker), canned JSON", base_url, process)


# --- aiohttp and simulator --------------------------------------------------------------------


def start_aioserver(barrier: int = 0, max_hold: float = 30.0, delay: float = 0.0) -> Server:
    process = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "aioserver.py"), "--barrier", str(barrier),
         "--max-hold", str(max_hold), "--delay", str(delay)],
        stdout=subprocess.PIPE,
    )
    (port,) = _read_banner(process, "aioserver")
    base_url = f"http://127.0.0.1:{port}"
    wait_ready(base_url, process)
    if barrier:
        description = f"aiohttp.web process, each POST held until {barrier} wait together"
    elif delay:
        description = f"aiohttp.web process, each POST answered after {delay:g} s"
    else:
        description = "aiohttp.web canned-JSON process (nginx unavailable)"
    return Server("aiohttp", description, base_url, process)


def simulator_available() -> bool:
    try:
        return importlib.util.find_spec("plivo_async.testing") is not None
    except ImportError:
        return False


def _read_banner(process: subprocess.Popen[bytes], name: str) -> list[str]:
    """The `PORT <n> ...` line a server script prints once it listens."""
    assert process.stdout is not None
    line = process.stdout.readline().decode().strip()
    if not line.startswith("PORT "):
        stop(process)
        raise RuntimeError(f"{name} did not start: {line!r}")
    return line.split()[1:]


def start_simulator() -> Server:
    process = subprocess.Popen(
        [sys.executable, str(BENCH_DIR / "simserver.py")], stdout=subprocess.PIPE
    )
    port, call_uuid = _read_banner(process, "simulator")
    return Server("simulator", "plivo_async.testing simulator process (limits lifted)",
                  f"http://127.0.0.1:{port}", process, call_uuid)


def server_stats(base_url: str, reset: bool = False) -> dict[str, int]:
    """What the slow server held at most at once (since the last reset)."""
    url = base_url + "/_stats/" + ("?reset=1" if reset else "")
    with urllib.request.urlopen(url, timeout=5) as resp:
        stats: dict[str, int] = json.loads(resp.read())
        return stats


@contextlib.contextmanager
def fast_server(preference: str, allow_install: bool) -> Iterator[Server]:
    """The fastest available server: nginx, else the simulator, else aioserver.py."""
    with tempfile.TemporaryDirectory(prefix="plivo-bench-nginx-") as tmp:
        server: Server | None = None
        if preference in ("auto", "nginx"):
            binary = ensure_nginx(allow_install)
            if binary:
                try:
                    server = start_nginx(binary, Path(tmp))
                except RuntimeError as exc:
                    log(str(exc))
            if server is None and preference == "nginx":
                raise SystemExit("nginx requested but unavailable")
        if server is None and preference in ("auto", "simulator") and simulator_available():
            try:
                server = start_simulator()
            except RuntimeError as exc:
                log(f"simulator failed: {exc}")
        if server is None:
            server = start_aioserver()
        try:
            yield server
        finally:
            stop(server.process)
