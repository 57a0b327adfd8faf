"""What every framework's glue does with a request from Plivo, with no framework imported.

``WebhookVerifier`` rebuilds the URL Plivo signed (behind a TLS-terminating proxy the service
sees ``http://internal...`` while Plivo signed ``https://public...``), reads the parameters
(query for GET; form or JSON body for POST), checks the V3 signature and says why not with a
``WebhookRejected`` carrying the HTTP status to answer. Reasons are logged on the
``plivo_async.webhooks`` logger without the token, the signature, the query or any userinfo.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Annotated, Any, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

from .._endpoint import Arg, param_from_annotation
from .._errors import PlivoError, ValidationError
from .._validation import Params
from ._callbacks import Callback, parse_callback
from ._signature import (
    MAIN_ACCOUNT_SIGNATURE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    validate_v3_signature,
)

C = TypeVar("C", bound=Callback)

logger = logging.getLogger("plivo_async.webhooks")

#: Plivo's callbacks are a few KiB; a larger body is refused before it is parsed.
DEFAULT_MAX_BODY_SIZE = 1024 * 1024

#: What a forwarded host may look like: a name or an IPv4/[IPv6] address, an optional port.
#: Anything else (a path, userinfo, a second URL) would let a client choose the signed URL.
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


class XMLDocument(Protocol):
    """Anything that renders itself as Plivo XML (``plivo_async.xml.Response``)."""

    def to_xml(self) -> str: ...


def xml_text(document: XMLDocument | str) -> str:
    """The XML text of a document (a ``str`` is taken as XML already rendered)."""
    if isinstance(document, str):
        return document
    to_xml = getattr(document, "to_xml", None)
    if to_xml is None:
        raise ValidationError(
            "document", f"must have a to_xml() method or be a str, got {type(document).__name__}"
        )
    text = to_xml()
    if not isinstance(text, str):
        raise ValidationError("document", "to_xml() must return a str")
    return text


class WebhookRejected(PlivoError):
    """A request that is not a valid callback from Plivo; ``status`` is the HTTP answer.

    403: signature missing or wrong; 400: unreadable body or parameters; 413: body too large;
    415: neither a form nor JSON.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    @property
    def public_reason(self) -> str:
        """What the HTTP answer says: the details of a signature failure stay in the log."""
        return "invalid or missing Plivo signature" if self.status == 403 else self.reason


Token = Annotated[str, Arg(secret=True)]
OptionalToken = Annotated[str | None, Arg(secret=True)]
PublicUrl = Annotated[str | None, Arg(url="http")]
BodySize = Annotated[int, Arg(minimum=1)]

_ARGUMENTS = Params(
    param_from_annotation("auth_token", Token, required=True),
    param_from_annotation("main_account_token", OptionalToken, required=False),
    param_from_annotation("public_url", PublicUrl, required=False),
    param_from_annotation("trust_forwarded", bool, required=True),
    param_from_annotation("max_body_size", BodySize, required=True),
)


class WebhookVerifier:
    """How a service checks the requests Plivo makes to it.

    ``auth_token`` is the token of the account (or subaccount) that owns the calls; with
    ``main_account_token`` the ``X-Plivo-Signature-Ma-V3`` header is accepted too.

    The URL checked: with ``public_url`` (``https://voice.example.com`` or, when a proxy
    strips a prefix, ``https://example.com/plivo``), that base followed by the request's own
    path and query; with ``trust_forwarded=True``, the scheme and host from
    ``X-Forwarded-Proto`` and ``X-Forwarded-Host`` (only behind a proxy that sets them: a
    client could otherwise choose the URL a replayed signature is checked against); otherwise
    the URL the request reached the service with.
    """

    __slots__ = (
        "_auth_token",
        "_main_account_token",
        "_public",
        "max_body_size",
        "trust_forwarded",
    )

    def __init__(
        self,
        auth_token: str,
        *,
        main_account_token: str | None = None,
        public_url: str | None = None,
        trust_forwarded: bool = False,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        _ARGUMENTS.build(locals())
        if public_url is not None and trust_forwarded:
            raise ValidationError(
                "trust_forwarded", "give public_url or trust_forwarded=True, not both"
            )
        if public_url is not None:
            parts = urlsplit(public_url)
            if parts.query or parts.fragment:
                raise ValidationError(
                    "public_url", "must be a scheme, host and optional path, without ? or #"
                )
            self._public: tuple[str, str, str] | None = (
                parts.scheme,
                parts.netloc,
                parts.path.rstrip("/"),
            )
        else:
            self._public = None
        self._auth_token = auth_token
        self._main_account_token = main_account_token
        self.trust_forwarded = trust_forwarded
        self.max_body_size = max_body_size

    def __repr__(self) -> str:
        # Never the tokens.
        public = (
            "" if self._public is None else f" public_url={self._public[0]}://{self._public[1]}"
        )
        return f"<WebhookVerifier{public} trust_forwarded={self.trust_forwarded}>"

    def signed_url(self, scheme: str, host: str, target: str, headers: Mapping[str, str]) -> str:
        """The URL Plivo signed, for a request that reached us as ``scheme://host`` + ``target``
        (the raw path and query as sent on the request line)."""
        if self._public is not None:
            public_scheme, netloc, prefix = self._public
            return f"{public_scheme}://{netloc}{prefix}{target}"
        if self.trust_forwarded:
            proto = _first(headers.get("X-Forwarded-Proto"))
            forwarded_host = _first(headers.get("X-Forwarded-Host"))
            if proto is not None:
                if proto.lower() not in ("http", "https"):
                    raise WebhookRejected(403, "X-Forwarded-Proto is neither http nor https")
                scheme = proto.lower()
            if forwarded_host is not None:
                if not _HOST.fullmatch(forwarded_host):
                    raise WebhookRejected(403, "X-Forwarded-Host is not a host[:port]")
                host = forwarded_host
        return f"{scheme}://{host}{target}"

    def verify(
        self, method: str, url: str, headers: Mapping[str, str], params: Mapping[str, Any]
    ) -> None:
        """Raise ``WebhookRejected(403, ...)`` unless the request carries a valid signature."""
        if method.upper() not in ("GET", "POST"):
            raise WebhookRejected(403, f"Plivo signs GET and POST requests only, not {method}")
        nonce = headers.get(NONCE_HEADER)
        if not nonce:
            raise WebhookRejected(403, f"no {NONCE_HEADER} header")
        signature = headers.get(SIGNATURE_HEADER)
        main_signature = headers.get(MAIN_ACCOUNT_SIGNATURE_HEADER)
        if not signature and not (main_signature and self._main_account_token):
            raise WebhookRejected(403, f"no {SIGNATURE_HEADER} header")
        if signature and validate_v3_signature(
            method, url, nonce, self._auth_token, signature, params
        ):
            return
        main_token = self._main_account_token
        if (
            main_signature
            and main_token is not None
            and validate_v3_signature(method, url, nonce, main_token, main_signature, params)
        ):
            return
        raise WebhookRejected(403, f"signature does not match {_shown(url)}")

    def read_params(
        self, method: str, query: str, content_type: str, body: bytes
    ) -> dict[str, Any]:
        """The callback's parameters: the query's for GET, the body's (form or JSON) for POST."""
        if method.upper() == "GET":
            return _form(query)
        if len(body) > self.max_body_size:
            raise WebhookRejected(413, f"body larger than {self.max_body_size} bytes")
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "application/json" or kind.endswith("+json"):
            try:
                data = json.loads(body) if body.strip() else {}
            except (ValueError, UnicodeDecodeError):
                raise WebhookRejected(400, "body is not valid JSON") from None
            if not isinstance(data, dict):
                raise WebhookRejected(400, "JSON body is not an object")
            return data
        if kind in ("application/x-www-form-urlencoded", ""):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise WebhookRejected(400, "form body is not UTF-8") from None
            return _form(text)
        raise WebhookRejected(415, f"body is {kind}, not a form or JSON")

    def receive(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        params: Mapping[str, Any],
        model: type[C],
    ) -> C:
        """Verify, then parse into ``model`` (``Callback``: the model ``parse_callback`` picks).

        Raises ``WebhookRejected`` (logged with its reason) when the request is refused.
        """
        try:
            self.verify(method, url, headers, params)
            try:
                if model is Callback:
                    return parse_callback(params)  # type: ignore[return-value]
                return model.from_params(params)
            except ValidationError as error:
                raise WebhookRejected(400, f"callback parameter {error}") from None
        except WebhookRejected as rejected:
            logger.warning("refused %s %s: %s", method, _shown(url), rejected.reason)
            raise


def _first(value: str | None) -> str | None:
    """The first (client-most proxy's) value of a forwarded header."""
    if value is None:
        return None
    first = value.split(",", 1)[0].strip()
    return first or None


def _form(text: str) -> dict[str, Any]:
    """Form fields as the signature needs them: one value a string, a repeated name a list."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise WebhookRejected(400, "percent-encoded form data is not UTF-8") from None
    fields: dict[str, Any] = {}
    for name, value in pairs:
        if name in fields:
            held = fields[name]
            fields[name] = [*held, value] if isinstance(held, list) else [held, value]
        else:
            fields[name] = value
    return fields


def _shown(url: str) -> str:
    """A URL for a log line: scheme, host and path only (the query or userinfo may carry a
    secret of the service)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<malformed URL>"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"
