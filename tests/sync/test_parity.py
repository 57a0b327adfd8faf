"""The blocking ``Client`` offers exactly what ``AsyncClient`` offers, with the same signatures."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator
from typing import Any

import pytest

import plivo_async
from plivo_async import AsyncClient, AsyncPaginator, Client, SyncPaginator
from plivo_async._resources import AsyncResource
from plivo_async._sync._base import SyncResource
from tests.conftest import AUTH_ID, AUTH_TOKEN

Pair = tuple[str, AsyncResource, SyncResource[Any]]


def _resources(
    async_owner: object, sync_owner: object, prefix: str, seen: set[int]
) -> Iterator[Pair]:
    """Every public attribute of ``async_owner`` that is a resource, with its sync twin.

    Nested resources (``client.x.y``) are walked too. A missing twin is reported by the caller.
    """
    for name in sorted(vars(async_owner)):
        value = getattr(async_owner, name)
        if name.startswith("_") or not isinstance(value, AsyncResource) or id(value) in seen:
            continue
        seen.add(id(value))
        path = f"{prefix}.{name}"
        twin = getattr(sync_owner, name, None)
        yield path, value, twin  # type: ignore[misc]
        if twin is not None:
            yield from _resources(value, twin, path, seen)


def _pairs() -> list[Pair]:
    async_client = AsyncClient(AUTH_ID, AUTH_TOKEN)
    client = Client(AUTH_ID, AUTH_TOKEN)
    try:
        return list(_resources(async_client, client, "client", set()))
    finally:
        client.close()  # never used: nothing to close but the flag


PAIRS = _pairs()


def _public_methods(obj: object) -> dict[str, Any]:
    return {
        name: getattr(obj, name)
        for name in dir(type(obj))
        if not name.startswith("_") and inspect.isfunction(getattr(type(obj), name))
    }


def test_discovery_finds_the_known_resources() -> None:
    paths = {path for path, _, _ in PAIRS}
    assert {"client.calls", "client.live_calls", "client.queued_calls"} <= paths


@pytest.mark.parametrize(("path", "async_resource", "sync_resource"), PAIRS, ids=lambda p: p)
def test_every_resource_has_a_sync_twin_with_the_same_methods(
    path: str, async_resource: AsyncResource, sync_resource: SyncResource[Any] | None
) -> None:
    assert isinstance(sync_resource, SyncResource), (
        f"Client has no sync twin for {path} (add it to plivo_async/_sync/_client.py)"
    )
    assert type(sync_resource).__name__ == type(async_resource).__name__.removeprefix("Async")
    assert inspect.getdoc(sync_resource) == inspect.getdoc(async_resource)
    assert sorted(_public_methods(sync_resource)) == sorted(_public_methods(async_resource))
    assert hasattr(sync_resource, "with_raw_response")


def _method_pairs() -> list[tuple[str, Any, Any]]:
    found = []
    for path, async_resource, sync_resource in PAIRS:
        if sync_resource is None:
            continue
        sync_methods = _public_methods(sync_resource)
        for name, method in sorted(_public_methods(async_resource).items()):
            if name in sync_methods:
                found.append((f"{path}.{name}", method, sync_methods[name]))
    return found


METHOD_PAIRS = _method_pairs()


def test_every_public_method_is_compared() -> None:
    names = {path for path, _, _ in METHOD_PAIRS}
    for expected in ("create", "get", "list", "transfer", "hangup"):
        assert f"client.calls.{expected}" in names
    assert "client.live_calls.list_ids" in names
    assert len(METHOD_PAIRS) == sum(len(_public_methods(a)) for _, a, _ in PAIRS)


def _sync_type_of(annotation: Any) -> Any:
    """The return type the blocking twin must declare for an async method's return type."""
    if typing.get_origin(annotation) is AsyncPaginator:
        return SyncPaginator[typing.get_args(annotation)]  # type: ignore[misc]
    return annotation


@pytest.mark.parametrize(("path", "async_method", "sync_method"), METHOD_PAIRS, ids=lambda p: p)
def test_signature_docstring_and_types_match(
    path: str, async_method: Any, sync_method: Any
) -> None:
    async_sig = inspect.signature(async_method)
    sync_sig = inspect.signature(sync_method)
    assert [(p.name, p.kind, p.default, p.annotation) for p in sync_sig.parameters.values()] == [
        (p.name, p.kind, p.default, p.annotation) for p in async_sig.parameters.values()
    ]
    assert inspect.getdoc(sync_method), f"{path} has no docstring"
    assert inspect.getdoc(sync_method) == inspect.getdoc(async_method)
    assert not inspect.iscoroutinefunction(sync_method)

    # Resolved types, not just their spelling: the names point at the same objects.
    async_hints = typing.get_type_hints(async_method)
    sync_hints = typing.get_type_hints(sync_method)
    async_return = async_hints.pop("return")
    sync_return = sync_hints.pop("return")
    assert sync_hints == async_hints
    assert sync_return == _sync_type_of(async_return)
    if typing.get_origin(async_return) is AsyncPaginator:
        assert sync_sig.return_annotation == async_sig.return_annotation.replace(
            "AsyncPaginator[", "SyncPaginator[", 1
        )
    else:
        assert sync_sig.return_annotation == async_sig.return_annotation


def test_client_init_signature_matches_async_client() -> None:
    assert inspect.signature(Client.__init__) == inspect.signature(AsyncClient.__init__)
    assert typing.get_type_hints(Client.__init__) == typing.get_type_hints(AsyncClient.__init__)


def test_client_is_exported_beside_async_client() -> None:
    assert "Client" in plivo_async.__all__
    assert "SyncPaginator" in plivo_async.__all__
    assert plivo_async.Client is Client
