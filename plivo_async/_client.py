"""``AsyncClient``: credentials, configuration, the middleware chain and the resources."""

from __future__ import annotations

import base64
import os
import ssl  # at run time: the signature's hints must resolve
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ._clock import MONOTONIC, Clock
from ._config import Timeout
from ._convert import get_converter
from ._errors import (
    APIError,
    RequestTimeoutError,
    ResponseParseError,
    ValidationError,
    api_error_class,
)
from ._middleware import Handler, Middleware, build_chain
from ._ratelimit import RateLimit, RateLimitMiddleware
from ._raw import RAW_RESPONSES
from ._redact import Redactor, short_auth_id
from ._request import API, Request, Response
from ._resources import (
    AsyncCalls,
    AsyncConferences,
    AsyncEndpoints,
    AsyncLiveCalls,
    AsyncMultiPartyCalls,
    AsyncQueuedCalls,
    AsyncRecordings,
    AsyncStreams,
    AsyncVerifiedCallerIds,
)
from ._retry import RetryMiddleware, RetryPolicy
from ._validation import path_id, url_problem

if TYPE_CHECKING:
    from ._async_mode import AsyncCallbackView
    from ._resources._base import HttpMethod
    from ._transport import Transport

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.plivo.com/"
DEFAULT_STATS_BASE_URL = "https://stats.plivo.com/"
#: The largest answer body read, decoded (a page of 20 CDRs is about 20 KB).
DEFAULT_MAX_RESPONSE_SIZE = 4 * 1024 * 1024
#: How long ``aclose()`` waits for requests already sent (kept equal to the transport's).
DEFAULT_CLOSE_GRACE = 5.0

#: The defaults, shown as such in ``help(AsyncClient)`` (all three are immutable values).
DEFAULT_TIMEOUT = Timeout()
DEFAULT_RETRY = RetryPolicy()
DEFAULT_RATE_LIMIT = RateLimit()


def _http_url(name: str, url: object, *, userinfo: bool = False) -> str:
    """``url`` if it is an absolute http(s) URL the transport can use; never echoes it (a proxy
    URL may carry a password)."""
    if not isinstance(url, str):
        raise ValidationError(name, f"must be an http(s) URL string, got {type(url).__name__}")
    problem = url_problem(url, "http")
    if problem is not None:
        raise ValidationError(name, problem)
    parts = urlsplit(url)
    if not userinfo and "@" in parts.netloc:
        # Credentials go in auth_id/auth_token; a password here would be shown in reprs.
        raise ValidationError(name, "must not contain user:password@ (pass auth_id/auth_token)")
    try:
        (parts.hostname or "").encode("idna")
    except UnicodeError:
        raise ValidationError(name, "has a host name that is not a valid DNS name") from None
    return url


def _normalise_base_url(name: str, url: object) -> str:
    url = _http_url(name, url)
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ValidationError(name, f"must not have a query or fragment, got {url!r}")
    return url if url.endswith("/") else url + "/"


def _ssl_context(verify: object) -> ssl.SSLContext | None:
    """The TLS context for ``verify``: None for the default (system CAs)."""
    if verify is True:
        return None
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, (str, os.PathLike)) and os.fspath(verify):
        path = os.fspath(verify)
        try:
            if os.path.isdir(path):
                return ssl.create_default_context(capath=path)
            return ssl.create_default_context(cafile=path)
        except (OSError, ssl.SSLError) as exc:
            raise ValidationError(
                "verify", f"cannot load the CA bundle {path!r}: {exc.strerror or exc}"
            ) from None
    raise ValidationError(
        "verify",
        "must be True (the system's CAs), the path of a CA bundle file or directory, or an "
        f"ssl.SSLContext; got {verify!r}. To skip verification, pass your own SSLContext",
    )


class AsyncClient:
    """The asyncio client of the Plivo Voice API.

    Credentials come from the arguments or from ``PLIVO_AUTH_ID`` / ``PLIVO_AUTH_TOKEN``. Use it
    as ``async with AsyncClient() as client:`` or call ``await client.aclose()``; one client serves
    any number of concurrent calls but belongs to the event loop that first uses it.

    ``rate_limit=None`` and ``retry=None`` disable client-side limiting and retrying.
    ``middlewares`` wrap every logical call, outermost first (see ``Middleware``).
    ``max_response_size`` caps every answer's decoded body (``ResponseTooLargeError`` past it).
    ``verify`` is True (the system's CAs), a CA bundle path, or an ``ssl.SSLContext`` (for a
    corporate TLS proxy); ``proxy`` is an ``http(s)://`` proxy URL (credentials in it are never
    shown).
    """

    def __init__(
        self,
        auth_id: str | None = None,
        auth_token: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        stats_base_url: str = DEFAULT_STATS_BASE_URL,
        timeout: Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        max_connections: int = 100,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        proxy: str | None = None,
        trust_env: bool = False,
        verify: bool | str | os.PathLike[str] | ssl.SSLContext = True,
        middlewares: Sequence[Middleware] = (),
        headers: dict[str, str] | None = None,
        clock: Clock | None = None,
        strict_models: bool = False,
    ) -> None:
        auth_id = auth_id if auth_id is not None else os.environ.get("PLIVO_AUTH_ID")
        auth_token = auth_token if auth_token is not None else os.environ.get("PLIVO_AUTH_TOKEN")
        if not auth_id or not auth_token:
            missing = "auth_id" if not auth_id else "auth_token"
            raise ValidationError(
                missing,
                "Plivo credentials are missing: pass auth_id and auth_token, or set the "
                "PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN environment variables",
            )
        if (
            isinstance(max_connections, bool)
            or not isinstance(max_connections, int)
            or max_connections < 1
        ):
            raise ValidationError(
                "max_connections", f"must be a positive integer, got {max_connections!r}"
            )
        if (
            isinstance(max_response_size, bool)
            or not isinstance(max_response_size, int)
            or max_response_size < 1
        ):
            raise ValidationError(
                "max_response_size",
                f"must be a positive integer (bytes), got {max_response_size!r}",
            )
        if proxy is not None:
            proxy = _http_url("proxy", proxy, userinfo=True)
        if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
            seconds = float(timeout)
            timeout = Timeout(
                connect=seconds, read=seconds, attempt=max(seconds, DEFAULT_TIMEOUT.attempt or 0)
            )
        elif not isinstance(timeout, Timeout):
            raise ValidationError(
                "timeout", f"must be a Timeout or a number of seconds, got {timeout!r}"
            )
        ssl_context = _ssl_context(verify)
        self._auth_id = auth_id
        self._base_url = _normalise_base_url("base_url", base_url)
        account = path_id("auth_id", auth_id)
        self._account_root = f"{self._base_url}v1/Account/{account}/"
        self._account_root_v2 = f"{self._base_url}v2/Account/{account}/"
        self._stats_root = f"{_normalise_base_url('stats_base_url', stats_base_url)}v1/"
        self._deadline = timeout.total
        self._clock = clock or MONOTONIC
        self._converter = get_converter(strict=strict_models)
        self._parsers: dict[Any, Callable[[Any], Any]] = {}
        # aiohttp is imported with the first client, not with the package (it is slow to import).
        from ._transport import Transport

        credentials = base64.b64encode(f"{auth_id}:{auth_token}".encode()).decode()
        proxy_parts = urlsplit(proxy) if proxy else None
        redact = Redactor(
            auth_id=auth_id,
            secrets=(
                auth_token,
                credentials,
                proxy_parts.password if proxy_parts else None,
                base64.b64encode(auth_token.encode()).decode(),
            ),
        )
        self._transport = Transport(
            authorization=f"Basic {credentials}",
            timeout=timeout,
            max_connections=max_connections,
            max_response_size=max_response_size,
            proxy=proxy,
            trust_env=trust_env,
            ssl_context=ssl_context,
            headers=headers,
            redact=redact,
        )
        chain: list[Middleware] = list(middlewares)
        self._retry = None if retry is None else RetryMiddleware(retry, self._clock)
        if self._retry is not None:
            chain.append(self._retry)
        self._rate_limiter = (
            None
            if rate_limit is None
            else RateLimitMiddleware(rate_limit, self._clock, account=auth_id)
        )
        if self._rate_limiter is not None:
            chain.append(self._rate_limiter)
        self._handler: Handler = build_chain(chain, self._transport.send)

        self.calls = AsyncCalls(self)
        self.live_calls = AsyncLiveCalls(self)
        self.queued_calls = AsyncQueuedCalls(self)
        self.streams = AsyncStreams(self)
        self.multi_party_calls = AsyncMultiPartyCalls(self)
        self.conferences = AsyncConferences(self)
        self.verified_caller_ids = AsyncVerifiedCallerIds(self)
        self.endpoints = AsyncEndpoints(self)
        self.recordings = AsyncRecordings(self)

    def __repr__(self) -> str:
        # The auth id is shortened and the token never shown.
        return f"<AsyncClient auth_id={short_auth_id(self._auth_id)} base_url={self._base_url!r}>"

    @property
    def auth_id(self) -> str:
        return self._auth_id

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def rate_limiter(self) -> RateLimitMiddleware | None:
        """The client-side limiter (for inspection), or None when disabled."""
        return self._rate_limiter

    @property
    def transport(self) -> Transport:
        return self._transport

    @property
    def closed(self) -> bool:
        return self._transport.closed

    def with_async_callback(
        self, callback_url: str, callback_method: HttpMethod = "POST"
    ) -> AsyncCallbackView:
        """The same resources in Plivo's asynchronous mode.

        Each request also carries ``callback_url`` and ``callback_method``: Plivo answers at
        once with an ``Acknowledgement`` (``api_id``, ``message``) and posts the result to
        ``callback_url`` (an absolute http(s) URL). Paginated lists and the recording starts
        (whose own ``callback_url`` means something else) are not offered.
        """
        from ._async_mode import AsyncCallbackView

        return AsyncCallbackView(self, callback_url, callback_method)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self, grace: float = DEFAULT_CLOSE_GRACE) -> None:
        """Close the connection pool. The client cannot be used afterwards.

        Calls still waiting for a rate-limit token or a pooled connection fail at once with
        ``ClientClosedError`` (never sent). Calls already sent get up to ``grace`` seconds
        (default 5) to be answered; then they are cut off with ``ClientClosedError`` (for a POST,
        ``outcome_unknown``).
        ``async with`` closes with the default grace.
        """
        if isinstance(grace, bool) or not isinstance(grace, (int, float)) or not grace >= 0:
            raise ValidationError("grace", f"must be a number of seconds >= 0, got {grace!r}")
        limiter = self._rate_limiter
        if limiter is not None and not self._transport.closed:
            limiter.fail_waiting()  # calls waiting for a token: never sent
        await self._transport.aclose(float(grace))
        if limiter is not None:
            await limiter.aclose()  # after the grace: answers still in flight may adapt it

    # -- the path every resource method takes ------------------------------------------------

    def _url(self, path: str, root: str) -> str:
        if root == "v2":
            return self._account_root_v2 + path
        if root == "stats":
            return self._stats_root + path
        return self._account_root + path

    async def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        query: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        bucket: str = API,
        root: str = "v1",
        cost: int = 1,
    ) -> T:
        """Send one logical call and return its parsed answer; raise the mapped error."""
        request = Request(
            method, self._url(path, root), path, query, body, bucket=bucket, cost=cost
        )
        if self._deadline is None:
            response = await self._handler(request)
        else:
            response = await self._send_with_deadline(request, self._deadline)
        if not 200 <= response.status < 300:
            raise _api_error(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise ResponseParseError(
                f"{method} {path}: HTTP {response.status} answer is not JSON: {_snippet(response)}",
                status=response.status,
                method=method,
                path=path,
                retries_taken=response.retries_taken,
            ) from exc
        try:
            result = parse(data)
        except Exception as exc:
            import cattrs

            api_id = data.get("api_id") if isinstance(data, dict) else None
            detail = (
                "; ".join(cattrs.transform_error(exc))
                if isinstance(exc, cattrs.BaseValidationError)
                else str(exc)
            )
            raise ResponseParseError(
                f"{method} {path}: unexpected answer: {detail}",
                status=response.status,
                api_id=api_id,
                method=method,
                path=path,
                retries_taken=response.retries_taken,
            ) from exc
        raw = RAW_RESPONSES.get()
        if raw is not None:
            raw.append(response)
        return result

    def _model(self, model: type[T]) -> Callable[[Any], T]:
        """A parser structuring JSON into ``model`` (an empty body counts as ``{}``)."""
        structure = self._converter.get_structure_hook(model)  # made once, called directly

        def parse(data: Any) -> T:
            result: T = structure({} if data is None else data, model)
            return result

        return parse

    def _parser(self, model: Any) -> Callable[[Any], Any]:
        """``_model(model)``, made once per model and client."""
        parse = self._parsers.get(model)
        if parse is None:
            parse = self._parsers[model] = self._model(model)
        return parse

    async def _send_with_deadline(self, request: Request, deadline: float) -> Response:
        import asyncio  # deferred: the package is imported without asyncio (import time)

        request.deadline = self._clock.now() + deadline
        try:
            return await asyncio.wait_for(self._handler(request), deadline)
        except RequestTimeoutError:
            raise
        except asyncio.TimeoutError as exc:
            raise RequestTimeoutError(
                f"no answer within the {deadline:g} s deadline",
                may_have_reached_server=request.in_flight,
                method=request.method,
                path=request.path,
                retries_taken=max(request.attempt - 1, 0),
            ) from exc


def _snippet(response: Response) -> str:
    content_type = response.headers.get("Content-Type", "unknown content type")
    text = response.content[:200].decode("utf-8", "replace")
    if response.request.extensions.get("plivo_async.truncated"):
        return f"({content_type}, larger than max_response_size: not read whole) {text!r}"
    return f"({content_type}) {text!r}"


def _api_error(response: Response) -> APIError:
    request = response.request
    api_id = None
    body: object = None
    try:
        body = response.json()
    except ValueError:
        message = f"non-JSON error answer {_snippet(response)}"
    else:
        if isinstance(body, dict):
            api_id = body.get("api_id")
            message = str(body.get("error") or body.get("message") or body)
        else:
            message = f"unexpected error answer {_snippet(response)}"
    if 300 <= response.status < 400:
        location = response.headers.get("Location")
        message = f"unexpected redirect to {location!r}, not followed"
    return api_error_class(response.status)(
        message,
        status=response.status,
        api_id=api_id,
        headers=response.headers,
        body=body,
        method=request.method,
        path=request.path,
        retries_taken=response.retries_taken,
    )
