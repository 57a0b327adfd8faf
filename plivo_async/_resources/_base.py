"""What every async resource shares: sending a declared endpoint's request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from .._endpoint import Arg, CompiledEndpoint, compiled
from .._raw import WithRawResponse
from .._request import CALL_CREATE, creation_cost

if TYPE_CHECKING:
    from typing_extensions import Self

    from .._client import AsyncClient
    from .._models import Acknowledgement, Page
    from .._pagination import AsyncPaginator, PageRequest

T = TypeVar("T")

#: The HTTP verb Plivo uses for a callback URL (``answer_method`` for ``answer_url``, ...).
HttpMethod = Literal["GET", "POST"]
#: An absolute http(s) URL Plivo calls back (or fetches XML or audio from), sent as given.
CallbackUrl = Annotated[str, Arg(url="http")]


def ignore_body(data: Any) -> None:
    """For endpoints that answer 204 (some still send a JSON body, which carries nothing new)."""
    return None


def _put_on_class(cls: type, declared: Callable[..., Any], written: Callable[..., Any]) -> None:
    """Replace ``declared`` by ``written`` on the class of ``cls``'s MRO that defines it (left
    alone when something else, a test's patch for instance, has taken its place)."""
    name = declared.__name__
    for owner in cls.__mro__:
        if vars(owner).get(name) is declared:
            setattr(owner, name, written)
            return


class AsyncResource:
    """A group of API methods bound to one client."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> WithRawResponse[Self]:
        """The same methods, returning ``RawResponse`` (status, headers, parsed model)."""
        return WithRawResponse(self)

    def _send(
        self, method: Callable[..., Awaitable[T]], values: Mapping[str, Any]
    ) -> Awaitable[T]:
        """Call ``method``'s endpoint with ``values`` (its ``locals()``), parsed as it returns.

        Not a coroutine itself: it hands back ``_request``'s, one frame less per call. The first
        call of a plain method also puts its written-out twin on the class (``_fast_methods``),
        which later calls reach directly.
        """
        function = getattr(method, "__func__", method)
        endpoint = compiled(function)
        cls = type(self)
        if endpoint.written_out is not None and (cls._send, cls._request) == _GENERIC:
            _put_on_class(cls, function, endpoint.written_out)
        request: Awaitable[T] = self._request(endpoint, values, endpoint.model)
        return request

    async def _send_as(
        self, method: Callable[..., Awaitable[Any]], values: Mapping[str, Any], model: type[T]
    ) -> T:
        """Like ``_send``, parsing into ``model`` (for a method that reshapes the answer)."""
        endpoint = compiled(getattr(method, "__func__", method))
        result: T = await self._request(endpoint, values, model)
        return result

    def _paginate(
        self, method: Callable[..., AsyncPaginator[T]], values: Mapping[str, Any]
    ) -> AsyncPaginator[T]:
        """The paginator of a list ``method`` (``limit``, ``page_size``, ``offset`` steer it)."""
        from .._pagination import AsyncPaginator

        endpoint = compiled(getattr(method, "__func__", method))
        spec = endpoint.spec
        client = self._client
        parse = client._parser(endpoint.model)
        filters = {**(spec.query or {}), **endpoint.query(values)}

        async def fetch(page: PageRequest) -> Page[T]:
            result: Page[T] = await client._call(
                "GET", page.path, parse, query=page.params, root=spec.root
            )
            return result

        return AsyncPaginator(
            fetch,
            path=endpoint.path(values),
            query=filters,
            limit=values["limit"],
            page_size=values["page_size"],
            offset=values["offset"],
        )

    async def _request(
        self,
        endpoint: CompiledEndpoint,
        values: Mapping[str, Any],
        model: Any,
        extra: Mapping[str, str] | None = None,
    ) -> Any:
        spec = endpoint.spec
        path = endpoint.path(values)
        client = self._client
        parse = ignore_body if model is None else client._parser(model)
        if spec.method == "POST":
            body = endpoint.arguments(values)
            if extra:
                body.update(extra)
            cost = creation_cost(body) if spec.bucket == CALL_CREATE else 1
            return await client._call(
                "POST", path, parse, body=body, bucket=spec.bucket, root=spec.root, cost=cost
            )
        query = endpoint.query(values)
        if spec.query or extra:
            query = {**(spec.query or {}), **query, **(extra or {})}
        return await client._call(
            spec.method, path, parse, query=query or None, bucket=spec.bucket, root=spec.root
        )


#: What a written-out method stands for (a class overriding them keeps the declared methods).
_GENERIC = (AsyncResource._send, AsyncResource._request)


class AsyncCallbackResource(AsyncResource):
    """A resource in Plivo's asynchronous mode: each request carries ``callback_url`` and
    ``callback_method``, and Plivo answers with an acknowledgement at once."""

    def __init__(self, client: AsyncClient, callback: Mapping[str, str]) -> None:
        super().__init__(client)
        self._callback = callback

    async def _send_with_callback(
        self, function: Callable[..., Awaitable[Any]], values: Mapping[str, Any]
    ) -> Acknowledgement:
        from .._models import Acknowledgement

        endpoint = compiled(function)
        result: Acknowledgement = await self._request(
            endpoint, values, Acknowledgement, self._callback
        )
        return result
