"""Plivo's signature V3: the HMAC-SHA256 Plivo puts on every request it makes to your URLs.

The string signed is built exactly as the official SDK's ``validate_v3_signature`` builds it
(so that whatever it accepts, this accepts), from the URL Plivo requested and the parameters
it sent:

1. the URL's ``scheme://netloc/path`` (``;params``, query and ``#fragment`` dropped: Plivo's
   retry options travel in the fragment and are never signed);
2. the query, decoded (``+`` is a space, blank values kept), names sorted by code point, each
   value emitted as ``name=value`` (repeated names: one pair per value, values sorted),
   joined with ``&``;
3. GET: the query is merged into ``params`` (a query name replaces a same-named parameter) and
   the merged map is emitted as in 2, after a ``?``;
4. POST: the query only, as in 2; then, when ``params`` is not empty, a ``?`` (even without a
   query), a ``.`` if there was a query, and the parameters sorted the same way but emitted as
   ``namevalue`` with no separators at all (a list: the name once per sorted value; a nested
   map: the name followed by that map emitted the same way; other values ``str()``-ed);
5. the message is that string, ``.``, and the nonce (``X-Plivo-Signature-V3-Nonce``);
6. the signature is the standard Base64 of HMAC-SHA256 keyed with the auth token.

Deliberate differences from the official helper: ``method`` is accepted in any letter case
(the official one validates ``get`` but then signs it as a POST); each comma-separated
signature is compared with ``hmac.compare_digest`` (the official one uses ``in``), after
trimming blanks around it; a percent-encoded non-ASCII query is decoded as UTF-8 (the
official one raises); and the caller's ``params`` are never modified.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlparse, urlunparse

from .._endpoint import Arg, param_from_annotation
from .._errors import ValidationError
from .._validation import Params

__all__ = ["compute_v3_signature", "validate_v3_signature"]

#: Headers Plivo sends: the signature(s) with the owner's token, with the main account's token,
#: and the nonce both are computed with.
SIGNATURE_HEADER = "X-Plivo-Signature-V3"
MAIN_ACCOUNT_SIGNATURE_HEADER = "X-Plivo-Signature-Ma-V3"
NONCE_HEADER = "X-Plivo-Signature-V3-Nonce"

Method = Annotated[Literal["GET", "POST"], Arg(ignore_case=True)]
Uri = Annotated[str, Arg(url="http")]
Token = Annotated[str, Arg(secret=True)]

# The arguments' checks, derived from these annotations like an endpoint's. The nonce and the
# signature come from request headers an attacker controls: "" is a wrong signature, not a
# programming error, so they are not required.
_PARAMS = Params(
    param_from_annotation("method", Method, required=True),
    param_from_annotation("uri", Uri, required=True),
    param_from_annotation("nonce", str, required=False),
    param_from_annotation("auth_token", Token, required=True),
    param_from_annotation("v3_signature", str, required=False),
)


def compute_v3_signature(
    method: str,
    uri: str,
    nonce: str,
    auth_token: str,
    params: Mapping[str, Any] | None = None,
) -> str:
    """The V3 signature (Base64 text) Plivo sends for a request to ``uri`` with ``params``.

    ``uri`` is the full public URL the request was sent to, query string included; ``params``
    are the parameters received (POST: the body's fields; GET: may be omitted, the query is
    read from ``uri``). Values may be strings, numbers, booleans, lists of them (repeated
    names) or nested mappings.
    """
    checked = _PARAMS.build(
        {"method": method, "uri": uri, "nonce": nonce, "auth_token": auth_token}
    )
    if nonce is None:
        raise ValidationError("nonce", "is required (the X-Plivo-Signature-V3-Nonce header)")
    return _signature(checked["method"], uri, nonce, auth_token, _checked_params(params))


def validate_v3_signature(
    method: str,
    uri: str,
    nonce: str,
    auth_token: str,
    v3_signature: str,
    params: Mapping[str, Any] | None = None,
) -> bool:
    """Whether ``v3_signature`` (the ``X-Plivo-Signature-V3`` header, or ``-Ma-V3`` with the
    main account's token) is Plivo's signature of this request.

    The header may hold several signatures separated by commas (an account with more than one
    auth token): any one matching is enough. Every piece is compared in constant time. The call
    shape is the official SDK's, so ``plivo.utils.signature_v3`` code moves over unchanged. A
    missing (None) or empty nonce or signature header is a mismatch, not an error.
    """
    checked = _PARAMS.build(
        {
            "method": method,
            "uri": uri,
            "nonce": nonce,
            "auth_token": auth_token,
            "v3_signature": v3_signature,
        }
    )
    given = _checked_params(params)
    if not nonce or not v3_signature:
        return False
    expected = _signature(checked["method"], uri, nonce, auth_token, given).encode("ascii")
    matched = False
    for piece in v3_signature.split(","):
        # Non-ASCII cannot be a Base64 signature (and compare_digest refuses non-ASCII str).
        candidate = piece.strip().encode("utf-8", "replace")
        # No early exit: the time taken does not tell which piece (if any) matched.
        matched |= hmac.compare_digest(expected, candidate)
    return matched


def _signature(method: str, uri: str, nonce: str, auth_token: str, params: dict[str, Any]) -> str:
    message = _signed_string(method, uri, params) + "." + nonce
    digest = hmac.new(auth_token.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _checked_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise ValidationError(
            "params", f"must be a mapping of parameter names to values, got {type(params).__name__}"
        )
    return dict(params)


def _signed_string(method: str, uri: str, params: dict[str, Any]) -> str:
    """The string the HMAC covers, without the nonce (steps 1 to 4)."""
    parts = urlparse(uri)
    base = urlunparse((parts.scheme, parts.netloc, parts.path, "", "", ""))
    query: dict[str, Any] = parse_qs(parts.query, keep_blank_values=True)
    if method == "GET":
        merged = {**params, **query}
        sorted_query = _sorted_query_string(merged)
        return f"{base}?{sorted_query}" if sorted_query else base
    sorted_query = _sorted_query_string(query)
    if not params:
        return f"{base}?{sorted_query}" if sorted_query else base
    separator = "." if sorted_query else ""
    return f"{base}?{sorted_query}{separator}{_sorted_params_string(params)}"


def _text(value: Any) -> str:
    # bytes as the official helper reads them: one character per byte.
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _sorted_query_string(values: Mapping[str, Any]) -> str:
    pairs = []
    for name in sorted(values):
        value = values[name]
        if _is_list(value):
            pairs += [f"{name}={item}" for item in sorted(map(_text, value))]
        else:
            pairs.append(f"{name}={_text(value)}")
    return "&".join(pairs)


def _sorted_params_string(values: Mapping[str, Any]) -> str:
    pieces = []
    for name in sorted(values):
        value = values[name]
        if _is_list(value):
            pieces += [f"{name}{item}" for item in sorted(map(_text, value))]
        elif isinstance(value, Mapping):
            pieces.append(f"{name}{_sorted_params_string(value)}")
        else:
            pieces.append(f"{name}{_text(value)}")
    return "".join(pieces)
