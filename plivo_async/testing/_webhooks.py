"""Optional webhooks: ring/answer/hangup (and recording) callbacks sent to the URLs a request
gave, signed with Plivo's signature V3, so users can test their handlers against the simulator;
and, for answer XML, fetches whose answer the simulator reads.

Off by default, and loopback only: a test run must never send a request off the machine.
One task sends everything, in submission order, one request at a time: what the user's server
sees, and the order in which answers come back, never depend on timing.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import aiohttp
from yarl import URL

from ._answer_xml import MAX_XML_BYTES

__all__ = [
    "FetchResult",
    "WebhookDelivery",
    "WebhookSender",
    "is_loopback_url",
]

log = logging.getLogger("plivo_async.testing")


@dataclass
class WebhookDelivery:
    url: str
    method: str
    params: dict[str, str]
    status: int | None = None
    error: str | None = None
    #: "callback" (ring, hangup, recording: answer ignored) or the XML fetch it is: "answer",
    #: "fallback", "redirect", "action" (GetDigits/GetInput), "dial_action".
    purpose: str = "callback"
    #: Simulated second at which it was sent.
    sim_time: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FetchResult:
    """What came back from a fetch: ``error`` is set when no 2xx answer arrived."""

    status: int | None
    content_type: str
    body: bytes
    error: str | None
    too_large: bool = False


def is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


OnDone = Callable[[FetchResult], None]


class WebhookSender:
    """A queue drained by one task; every attempt is kept in ``deliveries``.

    ``auth_token`` signs every request with V3 (``X-Plivo-Signature-V3``, the same value in
    ``-Ma-V3``: the simulator has one account, the main one, and ``-V3-Nonce``). ``now`` stamps
    deliveries with the simulated time. ``on_idle`` runs each time the queue empties (the
    simulator moves a held clock on from there).
    """

    def __init__(
        self,
        deliveries: list[WebhookDelivery],
        timeout: float = 5.0,
        *,
        auth_token: str | None = None,
        seed: int | None = None,
        now: Callable[[], float] | None = None,
        on_idle: Callable[[], None] | None = None,
    ) -> None:
        self.deliveries = deliveries
        self._queue: asyncio.Queue[tuple[WebhookDelivery, OnDone | None]] = asyncio.Queue()
        self._timeout = timeout
        self._auth_token = auth_token
        # Seeded like identifiers, so a run replays byte for byte; nonces only need to differ.
        self._nonces = random.Random(seed)
        self._now = now
        self._on_idle = on_idle
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending = 0
        #: Exceptions raised by fetch continuations (simulator bugs): re-raised by ``drain``.
        self.failures: list[BaseException] = []

    @property
    def busy(self) -> bool:
        """A request is queued or in flight."""
        return self._pending > 0

    def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout))
        self._task = asyncio.create_task(self._run(), name="plivo-sim-webhooks")

    def submit(self, url: str, method: str, params: dict[str, str]) -> None:
        """A callback whose answer is ignored."""
        self._enqueue(url, method, params, "callback", None)

    def fetch(
        self, url: str, method: str, params: dict[str, str], purpose: str, on_done: OnDone
    ) -> None:
        """A request whose answer matters: ``on_done`` gets it (or the failure) on the loop,
        before anything queued after it is sent."""
        self._enqueue(url, method, params, purpose, on_done)

    def _enqueue(
        self,
        url: str,
        method: str,
        params: dict[str, str],
        purpose: str,
        on_done: OnDone | None,
    ) -> None:
        delivery = WebhookDelivery(
            url=url,
            method=method,
            params=params,
            purpose=purpose,
            sim_time=self._now() if self._now is not None else None,
        )
        self.deliveries.append(delivery)
        self._pending += 1
        self._queue.put_nowait((delivery, on_done))

    async def drain(self) -> None:
        """Wait until every queued request has been attempted (and what it led to)."""
        await self._queue.join()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _signed(self, method: str, url: str, params: dict[str, str]) -> dict[str, str]:
        if self._auth_token is None:
            return {}
        from plivo_async.webhooks import (
            MAIN_ACCOUNT_SIGNATURE_HEADER,
            NONCE_HEADER,
            SIGNATURE_HEADER,
            compute_v3_signature,
        )

        nonce = f"{self._nonces.getrandbits(64):020d}"
        signature = compute_v3_signature(
            method, url, nonce, self._auth_token, None if method == "GET" else params
        )
        return {
            SIGNATURE_HEADER: signature,
            MAIN_ACCOUNT_SIGNATURE_HEADER: signature,
            NONCE_HEADER: nonce,
        }

    async def _run(self) -> None:
        assert self._session is not None
        while True:
            delivery, on_done = await self._queue.get()
            try:
                try:
                    result = await self._send(self._session, delivery)
                except Exception as exc:  # e.g. a URL the signer refuses: report, keep going
                    delivery.error = f"{type(exc).__name__}: {exc}"
                    self.failures.append(exc)
                    result = FetchResult(None, "", b"", delivery.error)
                if on_done is not None:
                    self._finish(on_done, result)
                self._pending -= 1
                if not self._pending and self._on_idle is not None:
                    self._guarded(self._on_idle)
            finally:
                self._queue.task_done()

    async def _send(self, session: aiohttp.ClientSession, delivery: WebhookDelivery) -> FetchResult:
        if not is_loopback_url(delivery.url):
            delivery.error = "skipped: the simulator only calls loopback URLs"
            return FetchResult(None, "", b"", delivery.error)
        method, params = delivery.method, delivery.params
        # GET carries the parameters in the query string, and the signature covers them there.
        url = _with_query(delivery.url, params) if method == "GET" else delivery.url
        headers = self._signed(method, url, params)
        try:
            if method == "GET":
                request = session.get(URL(url, encoded=True), headers=headers)
            else:
                request = session.request(method, delivery.url, data=params, headers=headers)
            async with request as response:
                body, too_large = await _bounded_read(response.content, MAX_XML_BYTES)
                delivery.status = response.status
                error = None if 200 <= response.status < 300 else f"HTTP {response.status}"
                return FetchResult(response.status, response.content_type, body, error, too_large)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
            log.debug("webhook to %s failed: %s", delivery.url, delivery.error)
            return FetchResult(None, "", b"", delivery.error)

    def _finish(self, on_done: OnDone, result: FetchResult) -> None:
        self._guarded(lambda: on_done(result))

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as exc:  # a simulator bug: keep sending, report it from drain()
            log.exception("simulator error after a webhook")
            self.failures.append(exc)


def _with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` appended to its query (the fragment is not sent)."""
    parts = urlsplit(url)
    extra = urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query and extra else parts.query or extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


async def _bounded_read(content: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the body, and whether there was more."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
    return b"".join(chunks), False
