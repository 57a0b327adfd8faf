"""Every declared endpoint of the SDK, found by walking a client, and valid sample arguments.

The generic tests (``test_catalog.py``, ``test_path_ids.py``) iterate over ``ENDPOINTS`` so an
endpoint added later is covered the moment it is declared. Sample values are derived from the
method's own checks (``Param``): the first allowed choice, a range's minimum, a URL of the right
kind; ``OVERRIDES`` supplies what a cross-argument rule needs.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

import plivo_async
from plivo_async._endpoint import CompiledEndpoint, EndpointSpec, compiled
from plivo_async._resources import AsyncResource
from plivo_async._validation import Param

CATALOG_PATH = Path(plivo_async.__file__).parent / "testing" / "voice-api.json"
CATALOG: dict[str, dict[str, Any]] = {
    entry["id"]: entry for entry in json.loads(CATALOG_PATH.read_text())
}

#: The value every path id gets unless a test says otherwise.
SAMPLE_ID = "id-1"

#: Arguments a call needs beyond its required ones (cross-argument rules), per catalog id.
OVERRIDES: dict[str, dict[str, Any]] = {
    "call.feedback": {"issues": ["AUDIO_LAG"]},  # required below the top rating
    "endpoint.create": {"password": "s3cret-pass"},  # at least 5 characters
    "endpoint.update": {"password": "s3cret-pass"},
    "mpc.participant.add": {"from_": "14155550100", "to": "14155550101"},  # or call_uuid
    # key=value pairs; a bidirectional stream carries the inbound track only.
    "stream.start": {"extra_headers": "k1=v1", "audio_track": "inbound"},
    "call.update": {"aleg_url": "https://example.test/a.xml", "bleg_url": "https://e.test/b"},
}
#: Optional arguments left out of the "every argument" call because a rule forbids them together.
EXCLUSIVE: dict[str, set[str]] = {
    "mpc.participant.add": {"call_uuid"},  # exactly one of to and call_uuid
    "recording.list": {  # not together with add_time filters
        "recording_storage_duration",
        "recording_storage_duration__gt",
        "recording_storage_duration__gte",
        "recording_storage_duration__lt",
        "recording_storage_duration__lte",
    },
}


@attrs.frozen
class Declared:
    """One endpoint method as the SDK declares it."""

    resource: str
    name: str
    function: Any

    @property
    def spec(self) -> EndpointSpec:
        spec: EndpointSpec = self.function.__plivo_endpoint__
        return spec

    @property
    def compiled(self) -> CompiledEndpoint:
        return compiled(self.function)

    @property
    def qualname(self) -> str:
        return f"{self.resource}.{self.name}"

    @property
    def catalog(self) -> dict[str, Any]:
        return CATALOG[self.spec.id]

    def bound(self, client: Any) -> Any:
        return getattr(getattr(client, self.resource), self.name)

    def positional_ids(self) -> list[str]:
        return list(self.compiled.ids)

    def segment_names(self) -> set[str]:
        return {name for segment in self.spec.segments.values() for name in segment.names}


def _declared() -> list[Declared]:
    client = plivo_async.AsyncClient("MAENUMERATE000000000", "not-a-token")
    found = []
    for attribute, resource in sorted(vars(client).items()):
        if not isinstance(resource, AsyncResource):
            continue
        for name, function in sorted(vars(type(resource)).items()):
            if hasattr(function, "__plivo_endpoint__"):
                # The declaration, also once its written-out twin is on the class.
                declared = getattr(function, "__wrapped__", function)
                found.append(Declared(attribute, name, declared))
    return found


ENDPOINTS: list[Declared] = _declared()


def sample(param: Param) -> Any:
    """A value ``param`` accepts."""
    if param.kind is bool:
        return True
    if param.kind is int:
        return param.minimum if param.minimum is not None else 1
    if param.kind is float:
        return float(param.minimum) if param.minimum is not None else 1.0
    if param.choices is not None:
        return sorted(param.choices)[0]
    if param.keywords is not None:
        return sorted(param.keywords)[0]
    if param.url == "http":
        return "https://example.test/callback"
    if param.url == "ws":
        return "wss://example.test/stream"
    if param.timestamp:
        return "2024-01-01 00:00:00"
    return "x1" + "x" * max((getattr(param, "min_length", None) or 0) - 2, 0)


def arguments(declared: Declared, *, everything: bool = False) -> dict[str, Any]:
    """Keyword arguments for a valid call: the required ones (``everything``: all of them)."""
    endpoint = declared.compiled
    signature = inspect.signature(declared.function)
    values: dict[str, Any] = {}
    for param in endpoint.params:
        if param.required or everything:
            values[param.name] = sample(param)
    for segment in declared.spec.segments.values():
        values.setdefault(segment.names[0], "room-1")
    values.update(OVERRIDES.get(declared.spec.id, {}))
    if everything:
        for name in EXCLUSIVE.get(declared.spec.id, set()):
            values.pop(name, None)
    return {name: value for name, value in values.items() if name in signature.parameters}


def wire(declared: Declared, values: Mapping[str, Any]) -> dict[str, Any]:
    """What ``values`` become on the wire: wire names and wire values (as the SDK builds them)."""
    return declared.compiled.params.build(values)
