"""The clients under test, each behind the same two operations: `create(i)` and `get(i)`.

Every operation sends the same request (`POST …/Call/` with from/to/answer_url, or
`GET …/Call/{uuid}/`) and returns the id it parsed out of the answer (`request_uuid` or
`call_uuid`), so the worker can check that real work was done. Heavy imports happen inside the
openers: a worker process only imports the client it measures.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from common import (
    ANSWER_URL,
    AUTH_ID,
    AUTH_TOKEN,
    CALL_UUID,
    CREATE_PATH,
    FROM_NUMBER,
    to_number,
)

AsyncOp = Callable[[int], Awaitable[str]]
SyncOp = Callable[[int], str]
AsyncOps = dict[str, AsyncOp]
SyncOps = dict[str, SyncOp]
#: (base_url, pool, call_uuid) -> the client, open, as its two operations.
AsyncOpener = Callable[..., contextlib.AbstractAsyncContextManager[AsyncOps]]

JSON_HEADERS = {"Content-Type": "application/json"}
#: The default RateLimit with only its two rates raised far above what loopback reaches (burst,
#: api_period, the 429 adaptation and the Retry-After cap stay at their defaults).
NON_BINDING: dict[str, Any] = {"calls_per_second": 1_000_000, "api_requests": 1_000_000_000}


#: aiohttp's default ClientTimeout(total=300): the slow-server test waits for thousands of
#: connects and held answers, so every client gets that much.
SLOW_TIMEOUT = 300.0


def create_payload(i: int) -> dict[str, Any]:
    return {"from": FROM_NUMBER, "to": to_number(i), "answer_url": ANSWER_URL}


@contextlib.asynccontextmanager
async def open_raw_aiohttp(
    base_url: str, pool: int, call_uuid: str = CALL_UUID
) -> AsyncIterator[AsyncOps]:
    """The floor: one ClientSession, stdlib json both ways, a dict as the result."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=pool)
    auth = aiohttp.BasicAuth(AUTH_ID, AUTH_TOKEN)
    create_url = base_url + CREATE_PATH
    get_url = base_url + get_path(call_uuid)
    async with aiohttp.ClientSession(connector=connector, auth=auth) as session:

        async def create(i: int) -> str:
            body = json.dumps(create_payload(i)).encode()
            async with session.post(create_url, data=body, headers=JSON_HEADERS) as resp:
                data = json.loads(await resp.read())
                if resp.status >= 300:
                    raise RuntimeError(f"HTTP {resp.status}: {data}")
            return str(data["request_uuid"])

        async def get(i: int) -> str:
            async with session.get(get_url) as resp:
                data = json.loads(await resp.read())
                if resp.status >= 300:
                    raise RuntimeError(f"HTTP {resp.status}: {data}")
            return str(data["call_uuid"])

        yield {"create": create, "get": get}


@contextlib.asynccontextmanager
async def open_httpx(
    base_url: str, pool: int, call_uuid: str = CALL_UUID
) -> AsyncIterator[AsyncOps]:
    import httpx

    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    async with httpx.AsyncClient(
        auth=(AUTH_ID, AUTH_TOKEN), limits=limits, timeout=30.0
    ) as client:
        create_url = base_url + CREATE_PATH
        get_url = base_url + get_path(call_uuid)

        async def create(i: int) -> str:
            body = json.dumps(create_payload(i)).encode()
            resp = await client.post(create_url, content=body, headers=JSON_HEADERS)
            data = json.loads(resp.content)
            if resp.status_code >= 300:
                raise RuntimeError(f"HTTP {resp.status_code}: {data}")
            return str(data["request_uuid"])

        async def get(i: int) -> str:
            resp = await client.get(get_url)
            data = json.loads(resp.content)
            if resp.status_code >= 300:
                raise RuntimeError(f"HTTP {resp.status_code}: {data}")
            return str(data["call_uuid"])

        yield {"create": create, "get": get}


def _block_orjson() -> None:
    # A None entry makes `import orjson` raise ImportError, so plivo_async uses stdlib json.
    if "plivo_async" in sys.modules:
        raise RuntimeError("plivo_async already imported; cannot switch its JSON codec")
    sys.modules["orjson"] = None  # type: ignore[assignment]


def _plivo_async_kwargs(rate_limited: bool, pool: int) -> dict[str, Any]:
    """The client as a user builds it: default retry, timeouts and max_response_size; the
    default RateLimit with rates that do not bind (or none); the row's pool size."""
    import plivo_async

    limit = plivo_async.RateLimit(**NON_BINDING) if rate_limited else None
    kwargs: dict[str, Any] = {"rate_limit": limit, "max_connections": pool}
    if pool > 1000:  # the slow-server test: match raw aiohttp's patience
        kwargs["timeout"] = plivo_async.Timeout(connect=SLOW_TIMEOUT, read=SLOW_TIMEOUT)
    return kwargs


def _open_plivo_async(rate_limited: bool, stdlib_json: bool) -> AsyncOpener:
    @contextlib.asynccontextmanager
    async def opener(
        base_url: str, pool: int, call_uuid: str = CALL_UUID
    ) -> AsyncIterator[AsyncOps]:
        if stdlib_json:
            _block_orjson()
        import plivo_async

        client = plivo_async.AsyncClient(
            AUTH_ID, AUTH_TOKEN, base_url=base_url + "/", **_plivo_async_kwargs(rate_limited, pool)
        )
        async with client:
            calls = client.calls

            async def create(i: int) -> str:
                created = await calls.create(
                    from_=FROM_NUMBER, to=to_number(i), answer_url=ANSWER_URL
                )
                return str(created.request_uuid)

            async def get(i: int) -> str:
                call = await calls.get(call_uuid)
                return str(call.call_uuid)

            yield {"create": create, "get": get}

    return opener


@contextlib.contextmanager
def open_plivo_async_sync(
    base_url: str, pool: int, call_uuid: str = CALL_UUID
) -> Iterator[SyncOps]:
    """The blocking facade, shared by all threads (it is documented as thread-safe)."""
    import plivo_async

    with plivo_async.Client(
        AUTH_ID, AUTH_TOKEN, base_url=base_url + "/", **_plivo_async_kwargs(True, pool)
    ) as client:
        calls = client.calls

        def create(i: int) -> str:
            created = calls.create(from_=FROM_NUMBER, to=to_number(i), answer_url=ANSWER_URL)
            return str(created.request_uuid)

        def get(i: int) -> str:
            return str(calls.get(call_uuid).call_uuid)

        yield {"create": create, "get": get}


@contextlib.contextmanager
def open_plivo_official(
    base_url: str, pool: int, call_uuid: str = CALL_UUID
) -> Iterator[SyncOps]:
    """The official SDK as users run it: one shared RestClient, requests' default pool of 10.

    It hard-codes https://api.plivo.com and re-reads these module globals on every request
    (`Client.request()` overwrites `self.base_uri` from them), so patching them is the only
    override that sticks.
    """
    import plivo
    import plivo.rest.client as rest_client

    for name in ("PLIVO_API_BASE_URI", "API_VOICE_BASE_URI",
                 "API_VOICE_BASE_URI_FALLBACK_1", "API_VOICE_BASE_URI_FALLBACK_2"):
        setattr(rest_client, name, base_url + "/v1/Account")
    with plivo.RestClient(AUTH_ID, AUTH_TOKEN, timeout=30) as client:
        calls = client.calls

        def create(i: int) -> str:
            created = calls.create(from_=FROM_NUMBER, to_=to_number(i), answer_url=ANSWER_URL)
            return str(created.request_uuid)

        def get(i: int) -> str:
            return str(calls.get(call_uuid).call_uuid)

        yield {"create": create, "get": get}


ASYNC_CLIENTS: dict[str, AsyncOpener] = {
    "raw-aiohttp": open_raw_aiohttp,
    # The headline row: the default install and the default client, its limiter on.
    "plivo-async": _open_plivo_async(rate_limited=True, stdlib_json=False),
    "plivo-async-nolimit": _open_plivo_async(rate_limited=False, stdlib_json=False),
    "plivo-async-stdjson": _open_plivo_async(rate_limited=True, stdlib_json=True),
    "httpx": open_httpx,
}
THREAD_CLIENTS: dict[str, Callable[..., contextlib.AbstractContextManager[SyncOps]]] = {
    "plivo-async-sync": open_plivo_async_sync,
    "plivo-official": open_plivo_official,
}
LABELS = {
    "raw-aiohttp": "raw aiohttp (floor)",
    "plivo-async": "AsyncClient (defaults, limiter on)",
    "plivo-async-nolimit": "AsyncClient, rate_limit=None",
    "plivo-async-stdjson": "AsyncClient (defaults), stdlib json",
    "httpx": "httpx.AsyncClient",
    "plivo-async-sync": "Client (sync facade, defaults), threads",
    "plivo-official": "official plivo SDK, threads",
}
#: `run.py --alt-sdk DIR`: the same client with plivo_async imported from DIR (before/after).
ALT_SUFFIX = "@alt"


def base_client(client: str) -> str:
    return client.removesuffix(ALT_SUFFIX)


def label(client: str) -> str:
    return LABELS[base_client(client)] + (" [alt]" if client.endswith(ALT_SUFFIX) else "")


def get_path(call_uuid: str) -> str:
    return f"/v1/Account/{AUTH_ID}/Call/{call_uuid}/"
