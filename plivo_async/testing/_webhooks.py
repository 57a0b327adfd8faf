"""Optional webhooks: ring/answer/hangup (and recording) callbacks POSTed to the URLs a request
gave, so users can test their handlers against the simulator.

Off by default, and loopback only: a test run must never send a request off the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

__all__ = ["WebhookDelivery", "WebhookSender", "is_loopback_url"]

log = logging.getLogger("plivo_async.testing")


@dataclass
class WebhookDelivery:
    url: str
    method: str
    params: dict[str, str]
    status: int | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


class WebhookSender:
    """A queue drained by one task; every attempt is kept in ``deliveries``."""

    def __init__(self, deliveries: list[WebhookDelivery], timeout: float = 5.0) -> None:
        self.deliveries = deliveries
        self._queue: asyncio.Queue[WebhookDelivery] = asyncio.Queue()
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout))
        self._task = asyncio.create_task(self._run(), name="plivo-sim-webhooks")

    def submit(self, url: str, method: str, params: dict[str, str]) -> None:
        delivery = WebhookDelivery(url=url, method=method, params=params)
        self.deliveries.append(delivery)
        if not is_loopback_url(url):
            delivery.error = "skipped: the simulator only calls loopback URLs"
            return
        self._queue.put_nowait(delivery)

    async def drain(self) -> None:
        """Wait until every queued webhook has been attempted."""
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

    async def _run(self) -> None:
        assert self._session is not None
        while True:
            delivery = await self._queue.get()
            try:
                if delivery.method == "GET":
                    request = self._session.get(delivery.url, params=delivery.params)
                else:
                    request = self._session.request(
                        delivery.method, delivery.url, data=delivery.params
                    )
                async with request as response:
                    await response.read()
                    delivery.status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                delivery.error = f"{type(exc).__name__}: {exc}"
                log.debug("webhook to %s failed: %s", delivery.url, delivery.error)
            finally:
                self._queue.task_done()
