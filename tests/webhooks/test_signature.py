"""Signature V3: the documented worked examples, vectors from an independent reading of the
documented steps, and what must be refused (tampering, wrong token, malformed headers)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import unquote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plivo_async import ValidationError
from plivo_async.webhooks import compute_v3_signature, validate_v3_signature

TOKEN = "my_auth_token"
NONCE = "12345"

# webhooks.md §2 "Worked examples": method, uri, params, signature (produced by the official SDK).
WORKED = [
    (
        "POST",
        "https://example.com/abcd?foo=bar",
        {
            "CallUUID": "4vbcpem8-0u46-x1ha-9af1-438vc92bf374",
            "Digits": "1234",
            "From": "+15551111111",
            "To": "+15555555555",
        },
        "18icVHxMb0/Mp8QVO/BgGUw/TlN+xRY9PIJm+74iGrQ=",
    ),
    (
        "POST",
        "https://example.com/abcd",
        {"CallUUID": "abc", "Digits": "1234"},
        "BOteffrhey2ZHEOx8My9forRHA/KKY39qoyFhbub05k=",
    ),
    ("POST", "https://example.com/abcd", None, "R78AhFaBbDLcHQ8AsUT78lr8f2aKmBQtBRw5segdnik="),
    (
        "POST",
        "https://example.com/abcd?b=2&a=1",
        None,
        "rH5h4/I8N/QHm2sLNzEl8qE7Z1KNDe9VNnozpg8yrCU=",
    ),
    (
        "GET",
        "https://example.com/abcd?foo=bar&CallUUID=abc",
        None,
        "KUzEvygpk4A89iSgS7U3BPIvnWr665EWvgxT6okHL9o=",
    ),
    (
        "GET",
        "https://example.com/abcd",
        {"To": "+1555", "From": "+1444"},
        "SKobNrUHb8Q7q9Pe+nTHh04eFWRKMvfDS/dxF6Gb9T4=",
    ),
    ("GET", "https://example.com/abcd", None, "R78AhFaBbDLcHQ8AsUT78lr8f2aKmBQtBRw5segdnik="),
    (
        "POST",
        "https://example.com/abcd?x=2&x=1",
        {"b": [2, 1], "a": {"z": 1, "y": 2}},
        "4nXsvmnk9sOasMtIdtI0oj5meDrA2t+c28soU56z0gI=",
    ),
    (
        "POST",
        "https://example.com:8443/p;par?q=a+b%20c#frag",
        {"k": "v w"},
        "lt7/RRfq+LjS7CW8n9agSH6C584Jn7mZko7o8gxpRS4=",
    ),
]


@pytest.mark.parametrize(("method", "uri", "params", "signature"), WORKED)
def test_worked_examples_compute_the_documented_signature(
    method: str, uri: str, params: dict[str, Any] | None, signature: str
) -> None:
    assert compute_v3_signature(method, uri, NONCE, TOKEN, params) == signature
    assert validate_v3_signature(method, uri, NONCE, TOKEN, signature, params) is True


# -- an independent reading of webhooks.md §2, steps 1-8 -----------------------------------------
# Written from the text with different tools (manual splitting, unquote_plus), not from the module.


def _reference_query(query: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        found.setdefault(unquote_plus(name), []).append(unquote_plus(value))
    return found


def _reference_pairs(values: dict[str, Any]) -> str:
    out = []
    for name in sorted(values):
        value = values[name]
        items = value if isinstance(value, list) else [value]
        out += [name + "=" + item for item in sorted(str(item) for item in items)]
    return "&".join(out)


def _reference_run(values: dict[str, Any]) -> str:
    out = ""
    for name in sorted(values):
        value = values[name]
        if isinstance(value, dict):
            out += name + _reference_run(value)
        elif isinstance(value, list):
            out += "".join(name + item for item in sorted(str(item) for item in value))
        else:
            out += name + str(value)
    return out


def reference_signature(
    method: str, uri: str, nonce: str, token: str, params: dict[str, Any] | None
) -> str:
    rest, _, _fragment = uri.partition("#")
    rest, _, query = rest.partition("?")
    scheme, _, after = rest.partition("://")
    netloc, slash, path = after.partition("/")
    path = (slash + path).split(";")[0]
    base = f"{scheme}://{netloc}{path}"
    q = _reference_query(query)
    params = dict(params or {})
    if method.upper() == "GET":
        params.update(q)
        text = _reference_pairs(params)
        s = base + ("?" + text if text else "")
    else:
        text = _reference_pairs(q)
        if not params:
            s = base + ("?" + text if text else "")
        else:
            s = base + "?" + text + ("." if text else "") + _reference_run(params)
    mac = hmac.new(token.encode(), (s + "." + nonce).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def test_the_reference_agrees_with_the_worked_examples() -> None:
    # The reference reimplementation is only trusted because it reproduces the documented values.
    for method, uri, params, signature in WORKED:
        assert reference_signature(method, uri, NONCE, TOKEN, params) == signature


MORE = [
    ("POST", "https://cb.example.org/plivo/hangup", {"CallUUID": "u1", "Duration": 42}),
    ("POST", "http://10.0.0.5:8080/a/b/?z=1&Z=2&a=", {"Event": "Hangup", "To": "", "X-PH-Id": "7"}),
    ("GET", "https://user:pw@example.net/ring?To=%2B1555&e=%C3%A9", {"To": "ignored", "Only": "p"}),
    ("POST", "https://example.com/r?x=%26y", {"Machine": True, "Digits": ["9", "10", "1"]}),
    ("get", "https://example.com/answer#rc=3&ct=2000", {}),
    ("POST", "https://example.com/é", {"Speech": "bonjour à vous", "CallUUID": "ü"}),
]


@pytest.mark.parametrize(("method", "uri", "params"), MORE)
def test_more_vectors_match_the_reference(method: str, uri: str, params: dict[str, Any]) -> None:
    expected = reference_signature(method, uri, "n0nce-XYZ", "another-token", params)
    assert compute_v3_signature(method, uri, "n0nce-XYZ", "another-token", params) == expected


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST"]),
    path=st.text(alphabet="abc/-_", max_size=8),
    query=st.dictionaries(
        st.text(alphabet="aAbB_", min_size=1, max_size=3), st.text(alphabet="xy1 ", max_size=3)
    ),
    params=st.dictionaries(
        st.text(alphabet="CcDd", min_size=1, max_size=3),
        st.one_of(
            st.text(max_size=5),
            st.integers(),
            st.lists(st.text(alphabet="pq", max_size=2), max_size=3),
        ),
    ),
    nonce=st.text(alphabet="0123456789abcdef", min_size=1, max_size=20),
)
def test_any_request_matches_the_reference(
    method: str, path: str, query: dict[str, str], params: dict[str, Any], nonce: str
) -> None:
    encoded = "&".join(f"{name}={value.replace(' ', '+')}" for name, value in query.items())
    uri = f"https://example.com/{path}" + (f"?{encoded}" if encoded else "")
    expected = reference_signature(method, uri, nonce, TOKEN, params)
    assert compute_v3_signature(method, uri, nonce, TOKEN, params) == expected


# -- what is refused -----------------------------------------------------------------------------

URI = "https://example.com/abcd?foo=bar"
PARAMS = {"CallUUID": "abc", "Digits": "1234"}
GOOD = compute_v3_signature("POST", URI, NONCE, TOKEN, PARAMS)


@pytest.mark.parametrize(
    ("uri", "nonce", "token", "params"),
    [
        ("https://example.com/abcd?foo=baz", NONCE, TOKEN, PARAMS),
        ("http://example.com/abcd?foo=bar", NONCE, TOKEN, PARAMS),
        ("https://example.com:8443/abcd?foo=bar", NONCE, TOKEN, PARAMS),
        ("https://example.com/abce?foo=bar", NONCE, TOKEN, PARAMS),
        ("https://example.com/abcd?foo=bar&x=1", NONCE, TOKEN, PARAMS),
        (URI, "12346", TOKEN, PARAMS),
        (URI, NONCE, "my_auth_tokeN", PARAMS),
        (URI, NONCE, TOKEN, {"CallUUID": "abc", "Digits": "1235"}),
        (URI, NONCE, TOKEN, {"CallUUID": "abc"}),
        (URI, NONCE, TOKEN, {**PARAMS, "Extra": "1"}),
        (URI, NONCE, TOKEN, None),
    ],
    ids=[
        "query",
        "scheme",
        "port",
        "path",
        "added-query",
        "nonce",
        "token",
        "param-value",
        "param-removed",
        "param-added",
        "params-dropped",
    ],
)
def test_tampered_requests_are_rejected(
    uri: str, nonce: str, token: str, params: dict[str, str] | None
) -> None:
    assert validate_v3_signature("POST", uri, nonce, token, GOOD, params) is False


def test_the_method_is_part_of_the_signature() -> None:
    assert validate_v3_signature("GET", URI, NONCE, TOKEN, GOOD, PARAMS) is False


def test_a_retry_fragment_is_not_signed() -> None:
    # Plivo reads its retry options from the fragment and signs the URL without it.
    tuned = URI + "#ct=2000&rc=3"
    assert validate_v3_signature("POST", tuned, NONCE, TOKEN, GOOD, PARAMS) is True


def test_any_of_several_comma_separated_signatures_is_accepted() -> None:
    rotated = compute_v3_signature("POST", URI, NONCE, "old-token", PARAMS)
    header = f"{rotated},{GOOD}"
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, header, PARAMS) is True
    assert validate_v3_signature("POST", URI, NONCE, "old-token", header, PARAMS) is True
    assert validate_v3_signature("POST", URI, NONCE, "third-token", header, PARAMS) is False
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, f"zzz,{GOOD}", PARAMS) is True


def test_blanks_around_a_signature_are_tolerated() -> None:
    # A documented deviation: the official helper refuses "zzz, <sig>".
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, f"zzz, {GOOD} ", PARAMS) is True


@pytest.mark.parametrize(
    "header",
    ["", ",", "zzz", GOOD[:-1], GOOD + "=", GOOD.lower(), f"{GOOD[:10]},{GOOD[10:]}", "é" * 44],
)
def test_wrong_or_malformed_signatures_are_rejected(header: str) -> None:
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, header, PARAMS) is False


def test_missing_headers_are_a_mismatch_not_an_error() -> None:
    assert validate_v3_signature("POST", URI, "", TOKEN, GOOD, PARAMS) is False
    assert validate_v3_signature("POST", URI, None, TOKEN, GOOD, PARAMS) is False  # type: ignore[arg-type]
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, None, PARAMS) is False  # type: ignore[arg-type]


def test_the_main_account_header_is_checked_with_the_main_token() -> None:
    # X-Plivo-Signature-Ma-V3 carries the signature made with the main account's token.
    main = compute_v3_signature("POST", URI, NONCE, "main-account-token", PARAMS)
    assert validate_v3_signature("POST", URI, NONCE, "main-account-token", main, PARAMS) is True
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, main, PARAMS) is False


def test_every_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert validate_v3_signature("POST", URI, NONCE, TOKEN, f"{GOOD},a,b", PARAMS) is True
    # Every piece compared, also after the match: the time does not tell which one matched.
    assert [candidate for _, candidate in seen] == [GOOD.encode(), b"a", b"b"]


def test_the_callers_params_are_not_modified() -> None:
    params: dict[str, Any] = {"To": "+1555", "Tags": ["b", "a"]}
    compute_v3_signature("GET", "https://example.com/x?To=%2B1666&y=1", NONCE, TOKEN, params)
    assert params == {"To": "+1555", "Tags": ["b", "a"]}


def test_the_method_is_accepted_in_any_case() -> None:
    uri = "https://example.com/a?b=1"
    lower = compute_v3_signature("get", uri, NONCE, TOKEN, {"c": "d"})
    assert lower == compute_v3_signature("GET", uri, NONCE, TOKEN, {"c": "d"})
    assert lower != compute_v3_signature("POST", uri, NONCE, TOKEN, {"c": "d"})


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: compute_v3_signature("PUT", URI, NONCE, TOKEN), "method"),
        (lambda: compute_v3_signature("POST", "example.com/abcd", NONCE, TOKEN), "uri"),
        (lambda: compute_v3_signature("POST", "ftp://example.com/", NONCE, TOKEN), "uri"),
        (lambda: compute_v3_signature("POST", URI, NONCE, ""), "auth_token"),
        (lambda: compute_v3_signature("POST", URI, NONCE, b"token"), "auth_token"),  # type: ignore[arg-type]
        (lambda: compute_v3_signature("POST", URI, None, TOKEN), "nonce"),  # type: ignore[arg-type]
        (lambda: compute_v3_signature("POST", URI, NONCE, TOKEN, [("a", "b")]), "params"),  # type: ignore[arg-type]
        (lambda: validate_v3_signature("POST", URI, NONCE, TOKEN, 5), "v3_signature"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_validation_errors(call: Any, argument: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.argument == argument


def test_a_refused_token_is_never_echoed() -> None:
    with pytest.raises(ValidationError) as caught:
        compute_v3_signature("POST", URI, NONCE, 12345678901234)  # type: ignore[arg-type]
    assert "12345678901234" not in str(caught.value)
