"""Client-side argument checks, built once per endpoint from the reference's rules.

Each endpoint declares its arguments as ``Param`` values; ``Params.build`` checks the values a
caller passed and turns them into the wire form (JSON body or query string), leaving out the
ones not given. Every refusal is a ``ValidationError`` naming the argument (its Python
spelling) and what is allowed, raised before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import attrs

from ._errors import ValidationError


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "a boolean", float: "a number"}[kind]


@attrs.frozen
class Param:
    """One argument: its Python name, wire name, type and allowed values."""

    name: str
    kind: type = str
    wire: str = ""
    required: bool = False
    choices: frozenset[str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    #: Sequences are joined with this delimiter (``<`` for destinations, ``,`` for lists).
    join: str | None = None
    max_items: int | None = None
    #: Accept a datetime and send it as Plivo's UTC ``YYYY-MM-DD HH:MM:SS``.
    timestamp: bool = False

    @property
    def wire_name(self) -> str:
        return self.wire or self.name.rstrip("_")

    def convert(self, value: Any) -> Any:
        """The wire value of ``value``, or a ValidationError."""
        if self.join is not None and not isinstance(value, str):
            value = self._join(value)
        elif self.timestamp and isinstance(value, datetime):
            value = _format_timestamp(value)
        kind = self.kind
        if kind is int or kind is float:
            # bool is an int subclass; True as a duration is a bug, not a number.
            if isinstance(value, bool) or not isinstance(
                value, (int, float) if kind is float else int
            ):
                self._fail(f"must be {_kind_name(kind)}, got {value!r}")
        elif not isinstance(value, kind):
            self._fail(f"must be {_kind_name(kind)}, got {type(value).__name__} {value!r}")
        if kind is str:
            if self.choices is not None and value not in self.choices:
                allowed = ", ".join(repr(choice) for choice in sorted(self.choices))
                self._fail(f"must be one of {allowed}; got {value!r}")
            if self.max_length is not None and len(value) > self.max_length:
                self._fail(f"must be at most {self.max_length} characters, got {len(value)}")
        elif kind is not bool:
            if self.minimum is not None and value < self.minimum:
                self._fail(f"must be >= {self.minimum}, got {value!r}")
            if self.maximum is not None and value > self.maximum:
                self._fail(f"must be <= {self.maximum}, got {value!r}")
        return value

    def _join(self, value: Any) -> str:
        assert self.join is not None
        if not isinstance(value, Iterable) or isinstance(value, (bytes, Mapping)):
            self._fail(f"must be a string or a sequence of strings, got {type(value).__name__}")
        items = list(value)
        if not items:
            self._fail("must not be empty")
        for item in items:
            if not isinstance(item, str) or not item:
                self._fail(f"every item must be a non-empty string, got {item!r}")
            if self.join in item:
                self._fail(f"item {item!r} must not contain the delimiter {self.join!r}")
        if self.max_items is not None and len(items) > self.max_items:
            self._fail(f"at most {self.max_items} items are allowed, got {len(items)}")
        return self.join.join(items)

    def _fail(self, message: str) -> Any:
        raise ValidationError(self.name, message)


def _format_timestamp(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S")


class Params:
    """The arguments of one endpoint."""

    __slots__ = ("_by_name", "_required")

    def __init__(self, *params: Param) -> None:
        self._by_name = {param.name: param for param in params}
        self._required = tuple(param for param in params if param.required)

    def build(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``values`` (Python names -> values, None meaning not given) for a JSON body."""
        body: dict[str, Any] = {}
        for param in self._required:
            if values.get(param.name) is None:
                raise ValidationError(param.name, "is required")
        by_name = self._by_name
        for name, value in values.items():
            if value is not None:
                param = by_name[name]
                body[param.wire_name] = param.convert(value)
        return body

    def build_query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Like ``build``, with every value as a query-string value."""
        return {key: _query_value(value) for key, value in self.build(values).items()}


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def path_id(name: str, value: object) -> str:
    """A path identifier, percent-encoded; an empty one is refused.

    An empty identifier would change what the URL means: ``DELETE Call/`` hangs up every call.
    """
    if not isinstance(value, str):
        raise ValidationError(name, f"must be a string, got {type(value).__name__} {value!r}")
    if not value.strip():
        raise ValidationError(name, "must be a non-empty string")
    return quote(value, safe="")


def require_one_of(values: Mapping[str, Any], names: Sequence[str]) -> None:
    """Exactly one of ``names`` must be given."""
    given = [name for name in names if values.get(name) is not None]
    if len(given) != 1:
        listed = " or ".join(names)
        raise ValidationError(
            given[1] if len(given) > 1 else names[0],
            f"give exactly one of {listed}, got {len(given)}",
        )
