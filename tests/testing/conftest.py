"""Fixtures for the simulator tests: a running simulator and a small plain-HTTP client."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from plivo_async.testing import Simulator

TOKEN = "sim-test-token"


class Api:
    """Plain HTTP against the simulator: ``await api.post("Call/", {...})`` -> (status, body).

    Paths are relative to the account (``/v1/Account/{auth_id}/``) unless they start with "/".
    """

    def __init__(self, sim: Simulator, session: aiohttp.ClientSession) -> None:
        self.sim = sim
        self.session = session

    def url(self, path: str) -> str:
        if path.startswith("/"):
            return self.sim.base_url + path.lstrip("/")
        return f"{self.sim.base_url}v1/Account/{self.sim.auth_id}/{path}"

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        all_headers = {"Authorization": basic_auth(self.sim.auth_id, self.sim.auth_token)}
        all_headers.update(headers or {})
        async with self.session.request(
            method,
            self.url(path),
            json=body,
            params={k: str(v) for k, v in (params or {}).items()},
            headers=all_headers,
        ) as response:
            text = await response.text()
            if not text:
                return response.status, None
            return response.status, await response.json(content_type=None)

    async def get(self, path: str, **params: Any) -> tuple[int, Any]:
        return await self.request("GET", path, params=params)

    async def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return await self.request("POST", path, {} if body is None else body)

    async def delete(self, path: str, **params: Any) -> tuple[int, Any]:
        return await self.request("DELETE", path, params=params)

    async def place(self, to: str, **extra: Any) -> Any:
        status, body = await self.post(
            "Call/",
            {"from": "14155550100", "to": to, "answer_url": "http://127.0.0.1:9/a", **extra},
        )
        assert status == 200, body
        return body


def basic_auth(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(auth_token=TOKEN, cps=10) as simulator:
        yield simulator


@pytest.fixture
async def api(sim: Simulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(sim, session)
