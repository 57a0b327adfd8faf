"""Endpoints declared once: a resource method's signature is its parameter table.

Adding an endpoint is one method (and its model)::

    @endpoint("POST", "Call/{call_uuid}/Play/", id="call.play.start")
    async def play(
        self,
        call_uuid: str,
        *,
        urls: Annotated[str | Sequence[str], Arg(join=",", url="http")],
        length: Annotated[int | None, Arg(minimum=1)] = None,
        legs: Legs | None = None,
    ) -> Acknowledgement:
        \"\"\"Play audio on a call.\"\"\"
        return await self._send(self.play, locals())

Each parameter is written once, in the signature: its name (the wire name is the name without a
trailing ``_``, or ``Arg(wire=...)``), its type and its constraints. The ``Param`` checks are
derived from them when the method is first called: ``str``/``int``/``float``/``bool`` give the
kind, a ``Literal`` its allowed values, ``datetime`` a timestamp, a parameter without a default
is required, and ``Arg`` adds what a type cannot say (ranges, lengths, URL kinds, delimiters).
Names in the path template are path ids (one percent-encoded segment each), or ``segments=``
built from keyword arguments (a multiparty call's ``name_<friendly_name>``); the rest go in the
query string (GET, DELETE) or the JSON body (POST). ``id=`` is the endpoint's id in the Voice
API catalog, which the tests compare the declaration with. The return annotation names the model the
answer is parsed into (``None``: the body is ignored; ``AsyncPaginator[X]``: a list of ``X``).

Rules that span arguments (one of two required, one required when another has a value) are
``checks=`` of the decorator, run after every argument passed its own checks.

A method whose body is exactly that one ``_send(self.<name>, locals())`` line is written out once
from its declaration (``_fast_methods``) and put on the class at its first call: the same
checks and request, without collecting and walking every parameter on every call.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, TypeVar

import attrs

from ._errors import ValidationError
from ._request import API
from ._validation import Param, Params, UrlKind, path_id

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

Check = Callable[[Mapping[str, Any]], None]
Root = Literal["v1", "v2", "stats"]

#: Arguments of list methods that steer the paginator instead of going on the wire as filters.
PAGING = frozenset({"limit", "page_size", "offset"})
_PATH_IDS = re.compile(r"{(\w+)}")


@attrs.frozen(kw_only=True)
class Arg:
    """What a type annotation cannot say about an argument; see ``Param`` for each option."""

    wire: str = ""
    non_blank: bool = False
    choices: frozenset[str] | None = None
    ignore_case: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    min_length: int | None = None
    secret: bool = False
    url: UrlKind | None = None
    keywords: frozenset[str] | None = None
    join: str | None = None
    max_items: int | None = None
    array: bool = False


@attrs.frozen
class Segment:
    """A path segment built from keyword arguments, which are then not sent otherwise.

    ``build`` gets the method's arguments and returns the segment's text (checked and
    percent-encoded like any path id afterwards).
    """

    names: tuple[str, ...]
    build: Callable[[Mapping[str, Any]], str]
    #: Characters kept as they are (the ``,`` joining member ids, as the reference writes it).
    safe: str = ""


@attrs.frozen
class EndpointSpec:
    """Where a method sends its request."""

    method: Literal["GET", "POST", "DELETE"]
    path: str
    id: str
    root: Root = "v1"
    bucket: str = API
    #: Query parameters every request carries (``status=live`` selects live calls).
    query: Mapping[str, str] | None = None
    checks: tuple[Check, ...] = ()
    segments: Mapping[str, Segment] = attrs.Factory(dict)
    #: Whether Plivo's asynchronous mode (``callback_url``) may be used with it.
    async_capable: bool = True


def endpoint(
    method: Literal["GET", "POST", "DELETE"],
    path: str,
    *,
    id: str,
    root: Root = "v1",
    bucket: str = API,
    query: Mapping[str, str] | None = None,
    checks: Sequence[Check] = (),
    segments: Mapping[str, Segment] | None = None,
    async_capable: bool = True,
) -> Callable[[F], F]:
    """Declare the endpoint a resource method calls; the method itself is returned unchanged.

    ``async_capable=False`` for the endpoints whose own ``callback_url`` argument means
    something else than Plivo's asynchronous mode (``call.record.start``, ...).
    """
    spec = EndpointSpec(
        method, path, id, root, bucket, query, tuple(checks), dict(segments or {}), async_capable
    )

    def declare(function: F) -> F:
        function.__plivo_endpoint__ = spec  # type: ignore[attr-defined]
        return function

    return declare


class CompiledEndpoint:
    """An endpoint with its checks built from the method's signature (once, on first use)."""

    __slots__ = ("ids", "model", "paginated", "params", "spec", "written_out")

    def __init__(self, function: Callable[..., Any]) -> None:
        spec: EndpointSpec | None = getattr(function, "__plivo_endpoint__", None)
        if spec is None:
            raise TypeError(f"{function.__qualname__} has no @endpoint declaration")
        self.spec = spec
        import inspect  # deferred: only the first call of each method needs it (import time)

        hints = typing.get_type_hints(function, include_extras=True)
        signature = inspect.signature(function)
        placeholders = _PATH_IDS.findall(spec.path)
        self.ids = tuple(name for name in placeholders if name not in spec.segments)
        consumed = {name for segment in spec.segments.values() for name in segment.names}
        returns = hints["return"]
        self.paginated = typing.get_origin(returns) is _paginator_class()
        if self.paginated:
            from ._models import Page

            (item,) = typing.get_args(returns)
            self.model: Any = Page[item]  # type: ignore[valid-type]
        else:
            self.model = None if returns is type(None) else returns
        params = []
        for name, parameter in signature.parameters.items():
            if name == "self" or name in self.ids or name in consumed:
                continue
            if self.paginated and name in PAGING:
                continue
            required = parameter.default is inspect.Parameter.empty
            params.append(param_from_annotation(name, hints[name], required=required))
        missing = set(self.ids) - set(signature.parameters)
        if missing:
            raise TypeError(f"{function.__qualname__}: path ids {missing} are not parameters")
        self.params = Params(*params)
        from ._fast_methods import specialise  # deferred with the rest of the compilation

        #: The method written out without ``locals()`` (``_fast_methods``), or None.
        self.written_out: Callable[..., Any] | None = specialise(function, self)

    def path(self, values: Mapping[str, Any]) -> str:
        """The path with every id checked and percent-encoded as one segment."""
        spec = self.spec
        if not self.ids and not spec.segments:
            return spec.path
        parts = {name: path_id(name, values[name]) for name in self.ids}
        for name, segment in spec.segments.items():
            parts[name] = path_id(segment.names[0], segment.build(values), safe=segment.safe)
        return spec.path.format_map(parts)

    def arguments(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The checked wire form of the arguments given (JSON values, for a body)."""
        built = self.params.build(values)
        for check in self.spec.checks:
            check(values)
        return built

    def query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The checked arguments given as query-string values (GET, DELETE, list filters)."""
        built = self.params.build_query(values)
        for check in self.spec.checks:
            check(values)
        return built


def _paginator_class() -> type:
    from ._pagination import AsyncPaginator

    return AsyncPaginator


_COMPILED: dict[Callable[..., Any], CompiledEndpoint] = {}


def compiled(function: Callable[..., Any]) -> CompiledEndpoint:
    """The compiled endpoint of a resource method (a plain function, not a bound method)."""
    found = _COMPILED.get(function)
    if found is None:
        found = _COMPILED[function] = CompiledEndpoint(function)
        if found.written_out is not None:
            _COMPILED[found.written_out] = found
    return found


def param_from_annotation(name: str, annotation: Any, *, required: bool) -> Param:
    """The ``Param`` an annotated parameter describes (``Annotated`` may sit inside a union:
    ``CallbackUrl | None`` with ``CallbackUrl = Annotated[str, Arg(url="http")]``)."""
    options: dict[str, Any] = {}
    members: list[Any] = []
    for member in _union_members(annotation):
        if typing.get_origin(member) is typing.Annotated:
            member, *extras = typing.get_args(member)
            for extra in extras:
                if isinstance(extra, Arg):
                    options.update(_given(extra))
        members += [inner for inner in _union_members(member) if inner is not type(None)]
    literals: list[Any] = []
    kinds: set[Any] = set()
    for member in members:
        origin = typing.get_origin(member)
        if origin is Literal:
            literals += typing.get_args(member)
        elif origin is not None and isinstance(origin, type) and issubclass(origin, Sequence):
            (item,) = typing.get_args(member)
            if typing.get_origin(item) is Literal:
                literals += typing.get_args(item)
            elif item is int:  # integers joined with Arg(join=...): delay_dial's "0<5<10"
                kinds.add(int)
            elif item is not str:
                raise TypeError(f"{name}: sequences of {item!r} are not supported")
            if "join" not in options:
                raise TypeError(f"{name}: a sequence argument needs Arg(join=...)")
        else:
            kinds.add(member)
    kind: type = str
    if kinds & {bool} and not literals:
        kind = bool
    elif kinds & {float}:
        kind = float
    elif kinds & {int} and not literals:
        kind = int
    elif not kinds <= {str, datetime}:
        raise TypeError(f"{name}: cannot derive checks from {annotation!r}")
    if datetime in kinds:
        options["timestamp"] = True
    if literals and "choices" not in options:
        if not all(isinstance(value, str) for value in literals):
            raise TypeError(f"{name}: only string Literal values are supported")
        options["choices"] = frozenset(literals)
    return Param(name, kind, required=required, **options)


def _given(extra: Arg) -> dict[str, Any]:
    """The options an ``Arg`` sets (those that differ from the defaults)."""
    return {
        field.name: getattr(extra, field.name)
        for field in attrs.fields(Arg)
        if getattr(extra, field.name) != field.default
    }


def _union_members(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(annotation)
    return (annotation,)


# -- rules across arguments ---------------------------------------------------------------------


def required_if(name: str, when: str, values: Sequence[object]) -> Check:
    """``name`` must be given when argument ``when`` is one of ``values``."""

    def check(given: Mapping[str, Any]) -> None:
        if given.get(when) in values and given.get(name) is None:
            raise ValidationError(name, f"is required when {when} is {given[when]!r}")

    return check


def exactly_one(*names: str) -> Check:
    """Exactly one of ``names`` must be given."""

    def check(given: Mapping[str, Any]) -> None:
        present = [name for name in names if given.get(name) is not None]
        if len(present) != 1:
            listed = " or ".join(names)
            raise ValidationError(
                present[1] if len(present) > 1 else names[0],
                f"give exactly one of {listed}, got {len(present)}",
            )

    return check


def at_most_one(*names: str) -> Check:
    """At most one of ``names`` may be given."""

    def check(given: Mapping[str, Any]) -> None:
        present = [name for name in names if given.get(name) is not None]
        if len(present) > 1:
            raise ValidationError(
                present[1], f"give at most one of {', '.join(names)}; got {', '.join(present)}"
            )

    return check
