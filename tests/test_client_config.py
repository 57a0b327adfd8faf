"""What a user sees of the client configuration: defaults shown as values, bad ones refused."""

from __future__ import annotations

import inspect
import pydoc

import pytest

import plivo_async
from plivo_async import AsyncClient, Client, RateLimit, RetryPolicy, Timeout
from tests.conftest import AUTH_ID, AUTH_TOKEN


@pytest.mark.parametrize("cls", [AsyncClient, Client])
def test_help_shows_each_default_as_its_value(cls: type) -> None:
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    assert "object at 0x" not in text
    assert "timeout: 'Timeout | float' = Timeout(connect=10.0, read=30.0, attempt=60.0" in text
    parameters = inspect.signature(cls).parameters
    assert parameters["retry"].default == RetryPolicy()
    assert parameters["rate_limit"].default == RateLimit()
    assert parameters["max_response_size"].default == 4 * 1024 * 1024


def test_the_shown_defaults_are_the_ones_used() -> None:
    client = AsyncClient(AUTH_ID, AUTH_TOKEN)
    limiter = client.rate_limiter
    assert limiter is not None
    assert limiter.bucket("call_create").rate == RateLimit().calls_per_second
    assert client.transport.timeout == Timeout()


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"max_response_size": 0}, "max_response_size"),
        ({"max_response_size": True}, "max_response_size"),
        ({"timeout": "30"}, "timeout"),
        ({"base_url": "api.plivo.com"}, "base_url"),
        ({"base_url": "https://api.plivo.com/?x=1"}, "base_url"),
        ({"base_url": "https:///v1/"}, "base_url"),
        ({"base_url": "http://[::1/"}, "base_url"),
        ({"base_url": "http://host:99999/"}, "base_url"),
        ({"base_url": "http://a..b/"}, "base_url"),
        ({"base_url": 42}, "base_url"),
        ({"proxy": "http://[::1/"}, "proxy"),
        ({"proxy": "http://proxy.test:99999/"}, "proxy"),
        ({"proxy": "http://proxy.test:abc/"}, "proxy"),
        ({"proxy": "socks5://proxy.test:1080/"}, "proxy"),
    ],
)
def test_bad_settings_are_refused_naming_them(options: dict[str, object], argument: str) -> None:
    with pytest.raises(plivo_async.ValidationError) as caught:
        AsyncClient(AUTH_ID, AUTH_TOKEN, **options)  # type: ignore[arg-type]
    assert caught.value.argument == argument


def test_a_base_url_scheme_is_case_insensitive_and_gets_its_slash() -> None:
    client = AsyncClient(AUTH_ID, AUTH_TOKEN, base_url="HTTPS://api.example.test/prefix")
    assert client.base_url == "HTTPS://api.example.test/prefix/"
