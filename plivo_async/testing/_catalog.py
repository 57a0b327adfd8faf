"""The endpoint catalog (``voice-api.json``) compiled for routing and argument validation.

Driving the simulator from the same catalog the SDK is written against keeps all 72 endpoints
covered uniformly: paths, methods, fixed queries, required/allowed values and success codes are
data, and only the state changes are hand-written per resource family.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import unquote

__all__ = ["ArgumentError", "Catalog", "EndpointSpec", "ParamSpec", "RouteMatch", "load_catalog"]


class ArgumentError(Exception):
    """A request argument is missing or invalid (answered with 400, or 422 for feedback)."""


@dataclass(frozen=True)
class ParamSpec:
    name: str
    required: bool
    type: str
    allowed: Any
    location: str
    #: An integer that may also come as several joined with this (delay_dial's ``0<5<10``).
    joined: str | None = None

    def coerce(self, value: Any) -> Any:
        """Convert a JSON or query-string value to the documented type, or raise ArgumentError."""
        name = self.name
        if self.type == "string":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise ArgumentError(f"{name} must be a string")
            return str(value)
        if self.type == "integer":
            if isinstance(value, bool):
                raise ArgumentError(f"{name} must be an integer")
            if isinstance(value, int):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
                return int(value.strip())
            if self.joined and isinstance(value, str):
                items = value.split(self.joined)
                if all(re.fullmatch(r"-?\d+", item) for item in items):
                    for item in items:
                        self.check_allowed(int(item))
                    return value
            raise ArgumentError(f"{name} must be an integer")
        if self.type == "number":
            if isinstance(value, bool):
                raise ArgumentError(f"{name} must be a number")
            if isinstance(value, (int, float)):
                return float(value)
            if isinstance(value, str):
                try:
                    return float(value)
                except ValueError:
                    pass
            raise ArgumentError(f"{name} must be a number")
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            raise ArgumentError(f"{name} must be a boolean (true or false)")
        if self.type == "list":
            if isinstance(value, str):
                return [item.strip() for item in value.split(",") if item.strip()]
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                return list(value)
            raise ArgumentError(f"{name} must be a list of strings")
        return value

    def check_allowed(self, value: Any) -> None:
        allowed = self.allowed
        name = self.name
        if allowed is None:
            return
        if isinstance(allowed, list):
            # Placeholders such as "<URL returning XML ...>" admit free values.
            if any(isinstance(a, str) and a.startswith("<") for a in allowed):
                return
            values = value if isinstance(value, list) else [value]
            if self.type == "string" and isinstance(value, str) and "," in value:
                values = [v.strip() for v in value.split(",")]
            for item in values:
                if not any(_same_value(item, a) for a in allowed):
                    shown = ", ".join(str(a) for a in allowed)
                    raise ArgumentError(f"{name} must be one of: {shown} (got {item!r})")
            return
        if isinstance(allowed, dict):
            if "min" in allowed and isinstance(value, (int, float)) and value < allowed["min"]:
                raise ArgumentError(f"{name} must be >= {allowed['min']}")
            if "max" in allowed and isinstance(value, (int, float)) and value > allowed["max"]:
                raise ArgumentError(f"{name} must be <= {allowed['max']}")
            if not isinstance(value, str):
                return
            if value == "" and not self.required:
                return  # an update clears an optional field with ""
            if "max_length" in allowed and len(value) > allowed["max_length"]:
                raise ArgumentError(f"{name} must be at most {allowed['max_length']} characters")
            if "min_length" in allowed and len(value) < allowed["min_length"]:
                raise ArgumentError(f"{name} must be at least {allowed['min_length']} characters")
            if "pattern" in allowed and not re.fullmatch(allowed["pattern"], value):
                raise ArgumentError(f"{name} must match {allowed['pattern']}")


def _same_value(value: Any, allowed: Any) -> bool:
    if isinstance(allowed, bool) or isinstance(value, bool):
        return value is allowed
    if isinstance(allowed, str) and isinstance(value, str):
        return value.lower() == allowed.lower()
    return bool(value == allowed)


@dataclass(frozen=True)
class EndpointSpec:
    id: str
    method: str
    path: str
    fixed_query: Mapping[str, str] | None
    params: tuple[ParamSpec, ...]
    paginated: bool
    success_status: int | None
    response_example: Any
    segments: tuple[str, ...] = field(repr=False)

    @property
    def literal_count(self) -> int:
        return sum(1 for s in self.segments if not s.startswith("{"))

    def match_segments(self, segments: list[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        found: dict[str, str] = {}
        for template, actual in zip(self.segments, segments, strict=True):
            if template.startswith("{"):
                if not actual:
                    return None
                found[template[1:-1]] = actual
            elif template != actual:
                return None
        return found

    def validate(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Return the arguments converted to their documented types; unknown ones pass as sent."""
        args: dict[str, Any] = dict(raw)
        for param in self.params:
            if param.location == "path":
                continue
            value = raw.get(param.name)
            if value is None or (isinstance(value, str) and value == "" and param.required):
                if param.required:
                    raise ArgumentError(f"{param.name} parameter is missing")
                args.pop(param.name, None)
                continue
            converted = param.coerce(value)
            param.check_allowed(converted)
            args[param.name] = converted
        return args


@dataclass(frozen=True)
class RouteMatch:
    endpoint: EndpointSpec
    path_params: dict[str, str]


class Catalog:
    """All endpoints, with method/path/fixed-query routing in the reference's terms."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.endpoints: tuple[EndpointSpec, ...] = tuple(_compile(e) for e in entries)
        self.by_id: dict[str, EndpointSpec] = {e.id: e for e in self.endpoints}

    def route(
        self, method: str, raw_path: str, query: Mapping[str, str]
    ) -> RouteMatch | list[str] | None:
        """Find the endpoint for a request.

        Returns the match; or the list of methods the path accepts (the caller answers 405);
        or None when no endpoint has this path (404).
        """
        segments = [unquote(s) for s in raw_path.split("/")]
        candidates: list[tuple[EndpointSpec, dict[str, str]]] = []
        for endpoint in self.endpoints:
            found = endpoint.match_segments(segments)
            if found is not None:
                candidates.append((endpoint, found))
        if not candidates:
            return None
        best_literals = max(e.literal_count for e, _ in candidates)
        candidates = [(e, p) for e, p in candidates if e.literal_count == best_literals]
        same_method = [(e, p) for e, p in candidates if e.method == method]
        if not same_method:
            return sorted({e.method for e, _ in candidates})
        for endpoint, found in same_method:
            fixed = endpoint.fixed_query
            if fixed and all(query.get(k) == v for k, v in fixed.items()):
                return RouteMatch(endpoint, found)
        for endpoint, found in same_method:
            if not endpoint.fixed_query:
                return RouteMatch(endpoint, found)
        return None


def _compile(entry: dict[str, Any]) -> EndpointSpec:
    params = tuple(
        ParamSpec(
            name=p["name"],
            required=bool(p["required"]),
            type=p["type"],
            allowed=p["allowed"],
            location=p["location"],
            joined="<" if "'<'-delimited integers" in (p.get("format") or "") else None,
        )
        for p in entry["params"]
    )
    return EndpointSpec(
        id=entry["id"],
        method=entry["method"],
        path=entry["path"],
        fixed_query=entry["fixed_query"],
        params=params,
        paginated=bool(entry["paginated"]),
        success_status=entry["success_status"],
        response_example=entry["response_example"],
        segments=tuple(entry["path"].split("/")),
    )


@cache
def load_catalog() -> Catalog:
    """The packaged copy of ``voice-api.json`` (shared by every simulator in the process)."""
    text = resources.files("plivo_async.testing").joinpath("voice-api.json").read_text("utf-8")
    return Catalog(json.loads(text))
