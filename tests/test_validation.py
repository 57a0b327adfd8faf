"""``Param`` on its own: the declarative checks every endpoint reuses.

Endpoint-level behaviour (nothing sent, the body as sent) is in test_calls.py; these tests pin
the rules themselves, including kinds that no endpoint uses yet (``ws`` URLs, keyword-or-URL).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from plivo_async import ValidationError
from plivo_async._validation import INT64_MAX, INT64_MIN, Param, Params

ANSWER_URL = Param("answer_url", required=True, url="http")
SERVICE_URL = Param("service_url", required=True, url="ws")
ENTER_SOUND = Param("enter_sound", url="http", keywords=frozenset({"none", "beep:1", "beep:2"}))
DESTINATIONS = Param("to", required=True, join="<", max_items=1000)


def refusal(param: Param, value: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        param.convert(value)
    assert caught.value.argument == param.name
    return caught.value


# -- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/answer.xml",
        "http://example.com",
        "HTTPS://Example.COM/Answer",
        "hTTp://127.0.0.1:8080/x?a=1&b=2",
        "https://[::1]/x",
        "https://x.test/answer#ct=2000&rt=3000",
        "https://user:pw@x.test/a?q=%20#frag",
        "https://例え.jp/ü",
    ],
)
def test_an_http_url_is_accepted_and_sent_exactly_as_given(url: str) -> None:
    assert ANSWER_URL.convert(url) is url


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("answer.xml", "relative URL"),
        ("/answer.xml", "relative URL"),
        ("//x.test/answer.xml", "relative URL"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("ftp://x", "scheme 'ftp'"),
        ("ws://x.test/", "scheme 'ws'"),
        ("https://", "no host"),
        ("http:///answer", "no host"),
        ("https://:80/", "no host"),
        ("https://x.test:99999/", "malformed"),
        ("https://x.test:port/", "malformed"),
        ("http://[::1/", "malformed"),
        ("https://x.test/a b", "' ' at position 16"),
        (" https://x.test/", "' ' at position 0"),
        ("https://x.test/\n", "'\\n' at position 15"),
        ("https://x\t.test/", "'\\t'"),
        ("https://x.test/\x00", "'\\x00'"),
        ("https://x.test/\u00a0", "'\\xa0'"),
        ("https://x.test/\u200b", "'\\u200b'"),
        ("", "must not be blank"),
        ("  ", "must not be blank"),
    ],
)
def test_a_bad_http_url_is_refused_saying_what_is_allowed(url: str, fragment: str) -> None:
    message = str(refusal(ANSWER_URL, url))
    assert "absolute http:// or https:// URL with a host" in message
    assert fragment in message


def test_a_refused_url_is_never_echoed() -> None:
    # The caller's own server credentials must not end up in a log line.
    message = str(refusal(ANSWER_URL, "ftp://admin:hunter2@x.test/answer"))
    assert "hunter2" not in message
    assert "admin" not in message


def test_a_url_that_is_not_a_string_is_refused() -> None:
    assert "must be a string" in str(refusal(ANSWER_URL, b"https://x.test/"))


def test_a_websocket_url_accepts_ws_and_wss_only() -> None:
    for url in ("wss://mystream.ngrok.io/audiostream", "WS://127.0.0.1:9000/s?x=1#f"):
        assert SERVICE_URL.convert(url) is url
    for url in ("https://mystream.ngrok.io/", "audiostream", "wss://"):
        assert "absolute ws:// or wss:// URL" in str(refusal(SERVICE_URL, url))


@pytest.mark.parametrize(
    "value", ["none", "beep:1", "beep:2", "https://x.test/sound.xml", "http://x.test/"]
)
def test_a_keyword_or_url_takes_either(value: str) -> None:
    assert ENTER_SOUND.convert(value) is value


@pytest.mark.parametrize("value", ["beep:3", "NONE", "beep", "sound.xml", "", "ftp://x/"])
def test_a_keyword_or_url_refuses_anything_else_naming_both(value: str) -> None:
    message = str(refusal(ENTER_SOUND, value))
    assert "'beep:1', 'beep:2', 'none'" in message
    assert "http:// or https:// URL" in message


def test_each_item_of_a_joined_url_list_is_checked() -> None:
    urls = Param("urls", required=True, url="http", join=",")
    assert urls.convert("https://a.test/1.mp3,https://a.test/2.wav") == (
        "https://a.test/1.mp3,https://a.test/2.wav"
    )
    assert urls.convert(["https://a.test/1.mp3", "https://a.test/2.wav"]) == (
        "https://a.test/1.mp3,https://a.test/2.wav"
    )
    message = str(refusal(urls, "https://a.test/1.mp3,2.wav"))
    assert "item 2 of 2" in message
    assert "relative URL" in message


def test_each_item_of_a_joined_choice_list_is_checked() -> None:
    events = Param("status_callback_events", join=",", choices=frozenset({"a-b", "c-d"}))
    assert events.convert("c-d,a-b") == "c-d,a-b"
    message = str(refusal(events, ["a-b", "e-f"]))
    assert "item 2 of 2" in message
    assert "'a-b', 'c-d'" in message


# -- blank strings ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", " ", "\t\n", "\u3000"])
def test_a_required_string_must_not_be_blank(value: str) -> None:
    assert "must not be blank" in str(refusal(Param("from_", required=True), value))


def test_an_optional_string_may_be_blank_unless_declared_non_blank() -> None:
    # An update may clear an endpoint's alias with "".
    assert Param("alias").convert("") == ""
    assert Param("alias").convert("  ") == "  "
    assert "must not be blank" in str(refusal(Param("subaccount", non_blank=True), " "))


# -- '<'-joined destinations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1<<2<", "item 2 of 4 is blank"),
        ("<1", "item 1 of 2 is blank"),
        ("1< <2", "item 2 of 3 is blank"),
        (["1", " "], "item 2 of 2 is blank"),
        (["1", ""], "item 2 of 2 is blank"),
        ("", "must not be blank"),
        ("  ", "must not be blank"),
        ([], "must not be empty"),
        (["1<2"], "delimiter"),
        (["1", 2], "item 2 of 2 must be a string"),
        (14155550101, "sequence of strings"),
        ({"1": "2"}, "sequence of strings"),
    ],
)
def test_destinations_as_a_string_get_the_same_checks_as_a_sequence(
    value: Any, fragment: str
) -> None:
    assert fragment in str(refusal(DESTINATIONS, value))


@pytest.mark.parametrize("joined", [True, False])
def test_more_destinations_than_allowed_are_refused_without_echoing_them(joined: bool) -> None:
    numbers = [f"1415555{n:04d}" for n in range(1500)]
    message = str(refusal(DESTINATIONS, "<".join(numbers) if joined else numbers))
    assert "at most 1000 items are allowed, got 1500" in message
    assert len(message) < 100


def test_joined_destinations_within_the_limit_are_sent_as_given() -> None:
    joined = "<".join(f"1415555{n:04d}" for n in range(1000))
    assert DESTINATIONS.convert(joined) is joined
    assert DESTINATIONS.convert(joined.split("<")) == joined
    assert DESTINATIONS.convert("sip:alice@phone.plivo.com") == "sip:alice@phone.plivo.com"


# -- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [int, float])
@pytest.mark.parametrize("value", [INT64_MAX + 1, INT64_MIN - 1, 10**30, -(10**30)])
def test_integers_outside_int64_are_refused_even_without_bounds(kind: type, value: int) -> None:
    message = str(refusal(Param("time_limit", kind), value))
    assert "signed 64-bit integer" in message


@pytest.mark.parametrize("value", [INT64_MAX, INT64_MIN, 0])
def test_integers_inside_int64_pass_and_encode(value: int) -> None:
    body = Params(Param("time_limit", int)).build({"time_limit": value})
    # Both backends' output must be plain JSON integers.
    assert json.loads(json.dumps(body)) == {"time_limit": value}


def test_a_huge_integer_echo_is_cut_short() -> None:
    message = str(refusal(Param("time_limit", int), 10**5000))
    assert len(message) < 150


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_number_must_be_finite(value: float) -> None:
    assert "finite" in str(refusal(Param("rate", float, minimum=0, maximum=10), value))


def test_a_float_param_takes_ints_and_floats_but_not_bools() -> None:
    rate = Param("rate", float, minimum=0)
    assert rate.convert(1) == 1
    assert rate.convert(0.5) == 0.5
    assert "number" in str(refusal(rate, True))


# -- text that cannot be sent -------------------------------------------------------------


def test_a_lone_surrogate_is_refused_instead_of_failing_in_the_encoder() -> None:
    message = str(refusal(Param("caller_name"), "ab\udc80"))
    assert "lone surrogate at position 2" in message
    assert Param("caller_name").convert("Zoë ☎") == "Zoë ☎"


def test_a_long_refused_value_is_not_echoed_whole() -> None:
    method = Param("answer_method", choices=frozenset({"GET", "POST"}))
    message = str(refusal(method, "P" * 10_000))
    assert "'GET', 'POST'" in message
    assert "10000 characters" in message
    assert len(message) < 150


# -- the tables themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"kind": int, "url": "http"},
        {"kind": bool, "non_blank": True},
        {"kind": float, "join": ","},
    ],
)
def test_string_options_on_another_kind_fail_at_definition(options: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match=r"strings (and integers )?only"):
        Param("x", **options)


def test_keywords_without_a_url_kind_or_an_unknown_kind_fail_at_definition() -> None:
    with pytest.raises(ValueError, match="set url"):
        Param("x", keywords=frozenset({"none"}))
    with pytest.raises(ValueError, match="'http' or 'ws'"):
        Param("x", url="ftp")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [10**5000, ["x" * 100_000]], ids=["int", "list"])
def test_a_refused_value_of_the_wrong_type_is_not_echoed_whole(value: Any) -> None:
    message = str(refusal(Param("caller_name"), value))
    assert "must be a string" in message
    assert len(message) < 150
