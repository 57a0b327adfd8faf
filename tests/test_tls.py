"""``verify=``: a private CA (a corporate TLS proxy) as a bundle path or an ``ssl.SSLContext``.

A real TLS loopback server with a certificate from a throwaway CA (trustme): the default client
refuses it, a client given the CA accepts it.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import trustme
from aiohttp import web

import plivo_async
from tests.conftest import AUTH_ID, AUTH_TOKEN

CALL = {"api_id": "api-2", "call_uuid": "call-1"}


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
async def tls_server(authority: trustme.CA) -> AsyncIterator[str]:
    async def call(request: web.Request) -> web.Response:
        return web.json_response(CALL)

    app = web.Application()
    app.router.add_get("/v1/Account/{auth_id}/Call/{uuid}/", call)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(context)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "localhost", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    yield f"https://localhost:{port}/"
    await runner.cleanup()


def client(url: str, **options: object) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=url, rate_limit=None, retry=None, **options
    )  # type: ignore[arg-type]


async def test_an_unknown_ca_is_refused_by_default_and_nothing_is_sent(tls_server: str) -> None:
    async with client(tls_server) as plain:
        with pytest.raises(plivo_async.ConnectError) as caught:
            await plain.calls.get("call-1")
    assert caught.value.outcome_unknown is False
    assert caught.value.may_have_reached_server is False


async def test_a_ca_bundle_path_is_trusted(
    tls_server: str, authority: trustme.CA, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    async with client(tls_server, verify=bundle) as trusting:
        call = await trusting.calls.get("call-1")
    assert call.call_uuid == "call-1"


async def test_an_ssl_context_is_used_as_given(tls_server: str, authority: trustme.CA) -> None:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    async with client(tls_server, verify=context) as trusting:
        call = await trusting.calls.get("call-1")
    assert call.call_uuid == "call-1"


@pytest.mark.parametrize("verify", [False, 0, "", None])
def test_turning_verification_off_by_a_flag_is_refused(verify: object) -> None:
    with pytest.raises(plivo_async.ValidationError, match="verify") as caught:
        plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, verify=verify)  # type: ignore[arg-type]
    assert "SSLContext" in str(caught.value)


def test_a_missing_ca_bundle_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(plivo_async.ValidationError, match="verify") as caught:
        plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, verify=tmp_path / "missing.pem")
    assert "missing.pem" in str(caught.value)
