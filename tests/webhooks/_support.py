"""What the glue tests share: a token, and requests signed as Plivo signs them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from plivo_async.webhooks import NONCE_HEADER, SIGNATURE_HEADER, compute_v3_signature

TOKEN = "webhook-token-not-a-secret-0123"
MAIN_TOKEN = "main-account-token-not-a-secret"
NONCE = "31337424242"
UUID = "4vbcpem8-0u46-x1ha-9af1-438vc92bf374"
ANSWER_PARAMS = {
    "CallUUID": UUID,
    "From": "+14155550100",
    "To": "+14155550101",
    "Direction": "outbound",
    "Event": "StartApp",
    "CallStatus": "in-progress",
}


def signed_headers(
    method: str, url: str, params: dict[str, Any] | None, *, token: str = TOKEN
) -> dict[str, str]:
    return {
        SIGNATURE_HEADER: compute_v3_signature(method, url, NONCE, token, params),
        NONCE_HEADER: NONCE,
    }


def form(params: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = urlencode(params, doseq=True).encode()
    return body, {"Content-Type": "application/x-www-form-urlencoded"}
