"""Endpoint methods written out from their declaration, without ``locals()``.

A plain endpoint method's body is one line, ``return await self._send(self.<name>, locals())``:
the generic path collects every parameter with ``locals()`` (29 for ``calls.create``), walks
them all to find the few given, and goes through ``_send`` and ``_request`` to ``_call``. That
is about 26,000 interpreter instructions of a ``calls.create`` that otherwise costs its
HTTP exchange. ``specialise`` writes the same method out once per endpoint, as attrs writes an
``__init__``: the same signature and defaults, a ``None`` test per optional argument, each given
one converted by its own ``Param``, the request handed straight to ``_call``.

What it must keep, and the tests compare on every endpoint: the same checks in the same order
(path ids, then required arguments, then each given argument in signature order, then the
rules across arguments), the same errors, and the same request. Only a method whose body is
exactly the one line above is written out; any other body (post-processing, a callback
resource, a paginator) keeps its own code. ``AsyncResource._send`` puts the written-out method
on the class the first time the written one is called, so the declaration stays what a reader
sees, and the method's ``__wrapped__`` is the declared one. It is only put there when the
resource's class keeps the generic ``_send`` and ``_request``: those are not extension points
(middleware is), and the written-out method does not call them.
"""

from __future__ import annotations

import functools
import inspect
import linecache
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._errors import ValidationError
from ._request import CALL_CREATE, creation_cost
from ._validation import INT64_MAX, INT64_MIN, Param, accepted_urls, path_id, query_value

if TYPE_CHECKING:
    from ._endpoint import CompiledEndpoint


class _Template:
    async def method(self) -> Any:
        """The body of every plain endpoint method."""
        return await self._send(self.method, locals())  # type: ignore[attr-defined]


def _shape(function: Callable[..., Any]) -> list[tuple[str, Any]]:
    """The body's instructions, with the method's own name replaced by a placeholder."""
    import dis  # deferred: only the first call of each method needs it

    name = function.__name__
    return [
        (op.opname, "<own name>" if op.argval == name else op.argval)
        for op in dis.get_instructions(function)
        if op.opname not in ("RESUME", "CACHE", "NOP", "EXTENDED_ARG")
    ]


@functools.lru_cache(maxsize=1)
def _plain_shape() -> list[tuple[str, Any]]:
    return _shape(_Template.method)


def is_plain(function: Callable[..., Any]) -> bool:
    """Whether ``function``'s body is exactly ``return await self._send(self.<name>, locals())``."""
    if getattr(function, "__code__", None) is None:
        return False
    return _shape(function) == _plain_shape()


#: Every name the written-out body uses besides the parameters starts with this (no Python
#: parameter of an endpoint does), so an argument named ``path`` or ``model`` shadows nothing.
_OWN = "_e_"


def specialise(function: Callable[..., Any], endpoint: CompiledEndpoint) -> Any:
    """``function`` written out from ``endpoint`` (None when its body is not the plain one, or
    its path has segments built from several arguments: those keep the generic path)."""
    spec = endpoint.spec
    if spec.segments or not is_plain(function):
        return None
    signature = inspect.signature(function)
    names = list(signature.parameters)
    if any(name.startswith(_OWN) for name in names):
        return None
    namespace: dict[str, Any] = {
        "_e_ValidationError": ValidationError,
        "_e_path_id": path_id,
        "_e_query_value": query_value,
        "_e_checks": spec.checks,
        "_e_spec_query": spec.query,
        "_e_ignore_body": _ignore_body(),
        "_e_model": endpoint.model,
        "_e_creation_cost": creation_cost,
    }
    parameters = []
    keyword_only = False
    for index, parameter in enumerate(signature.parameters.values()):
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.VAR_POSITIONAL,
                              parameter.VAR_KEYWORD):
            return None  # not a shape an endpoint declares; the generic path serves it
        if parameter.kind is parameter.KEYWORD_ONLY and not keyword_only:
            parameters.append("*")
            keyword_only = True
        if parameter.default is parameter.empty:
            parameters.append(parameter.name)
        else:
            namespace[f"_e_default_{index}"] = parameter.default
            parameters.append(f"{parameter.name}=_e_default_{index}")

    lines = [f"async def {function.__name__}({', '.join(parameters)}):"]
    # Path ids first, as ``CompiledEndpoint.path`` checks them before any argument.
    if endpoint.ids:
        parts = ", ".join(
            f"{name!r}: _e_path_id({name!r}, {name})" for name in dict.fromkeys(endpoint.ids)
        )
        namespace["_e_path_format"] = spec.path.format_map
        lines.append(f"    _e_path = _e_path_format({{{parts}}})")
    else:
        lines.append(f"    _e_path = {spec.path!r}")
    # Then the parser, as ``_request`` takes it before the arguments.
    lines.append("    _e_client = self._client")
    parse = "_e_ignore_body" if endpoint.model is None else "_e_client._parser(_e_model)"
    lines.append(f"    _e_parse = {parse}")
    for param in endpoint.params:
        if param.required:
            lines.append(f"    if {param.name} is None:")
            lines.append(f"        raise _e_ValidationError({param.name!r}, 'is required')")
    lines.append("    _e_sent = {}")
    wrap = "{}" if spec.method == "POST" else "_e_query_value({})"
    for param in endpoint.params:
        namespace[f"_e_convert_{param.name}"] = param.convert
        converted = f"_e_convert_{param.name}({param.name})"
        guard = unchanged_if(param, param.name, namespace)
        if guard is not None:  # the common value skips the call: the check, written inline
            converted = f"{param.name} if {guard} else {converted}"
        converted = wrap.format(converted)
        indent = "    "
        if not param.required:
            lines.append(f"    if {param.name} is not None:")
            indent = "        "
        lines.append(f"{indent}_e_sent[{param.wire_name!r}] = {converted}")
    if spec.checks:
        given = ", ".join(f"{name!r}: {name}" for name in names)
        lines.append(f"    _e_given = {{{given}}}")
        lines.append("    for _e_check in _e_checks:")
        lines.append("        _e_check(_e_given)")
    options = f"bucket={spec.bucket!r}, root={spec.root!r}"
    if spec.method == "POST":
        cost = "_e_creation_cost(_e_sent)" if spec.bucket == CALL_CREATE else "1"
        lines.append(
            f"    return await _e_client._call('POST', _e_path, _e_parse, body=_e_sent,"
            f" {options}, cost={cost})"
        )
    else:
        if spec.query:
            lines.append("    _e_sent = {**_e_spec_query, **_e_sent}")
        lines.append(
            f"    return await _e_client._call({spec.method!r}, _e_path, _e_parse,"
            f" query=_e_sent or None, {options})"
        )
    source = "\n".join(lines) + "\n"
    filename = f"<plivo_async endpoint {function.__module__}.{function.__qualname__}>"
    # Tracebacks through the written-out method show its lines (as attrs does for __init__).
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = compile(source, filename, "exec")
        exec(code, namespace)  # our own source, built from the declaration above
    except SyntaxError:  # pragma: no cover - a declaration this writer does not foresee
        return None  # the generic path still serves it
    written = namespace[function.__name__]
    functools.update_wrapper(written, function)
    return written


def unchanged_if(param: Param, var: str, namespace: dict[str, Any]) -> str | None:
    """An expression over ``var`` that is true only when ``param.convert(var)`` would return
    ``var`` itself, cheaper than the call (False sends the value through ``convert``, which
    decides), or None when ``param`` has no such shortcut. Names it needs go in ``namespace``."""
    if param.timestamp or param.array or param.max_length is not None:
        return None
    if param.min_length is not None:
        return None
    if param.kind is bool:
        return f"({var} is True or {var} is False)"
    if param.kind is int and param.join is None:
        low = INT64_MIN if param.minimum is None else max(param.minimum, INT64_MIN)
        high = INT64_MAX if param.maximum is None else min(param.maximum, INT64_MAX)
        return f"({var}.__class__ is int and {low} <= {var} <= {high})"
    if param.kind is not str or param.keywords is not None:
        return None
    # A string passes unchanged when it is one item (no delimiter) and either non-blank ASCII
    # without a rule, one of the choices, or a URL already accepted.
    one_item = f" and {param.join!r} not in {var}" if param.join is not None else ""
    if param.choices is not None and param.url is not None:
        return None  # a matching choice is still checked as a URL: no one-step shortcut
    if param.choices is not None:
        if not all(choice.isascii() and choice.strip() for choice in param.choices):
            return None
        namespace[f"_e_choices_{var}"] = param.choices
        return f"({var}.__class__ is str and {var} in _e_choices_{var}{one_item})"
    if param.url is not None:
        namespace[f"_e_accepted_{param.url}"] = accepted_urls(param.url)
        return f"({var}.__class__ is str and {var} in _e_accepted_{param.url}{one_item})"
    return (
        f"({var}.__class__ is str and {var}.isascii() and not {var}.isspace() and {var} != ''"
        f"{one_item})"
    )


def _ignore_body() -> Callable[[Any], None]:
    from ._resources._base import ignore_body

    return ignore_body
