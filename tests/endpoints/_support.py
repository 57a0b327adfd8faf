"""What the family tests share: the catalog, the documented-keys check, a live call."""

from __future__ import annotations

import inspect
import json
from typing import Any

import plivo_async
from plivo_async.testing import Simulator
from tests._endpoints import CATALOG

__all__ = ["CATALOG", "assert_documented_keys", "attempt", "live_call"]

ANSWER_URL = "https://example.test/answer.xml"


def assert_documented_keys(endpoint: str, content: bytes) -> None:
    """The answer carries every key of the reference's example (every object's, for a list)."""
    example = CATALOG[endpoint]["response_example"]
    body = json.loads(content)
    assert set(example) <= set(body)
    if "objects" in example:
        assert set(example["meta"]) <= set(body["meta"])
        documented = set.intersection(*(set(item) for item in example["objects"]))
        assert body["objects"]
        for item in body["objects"]:
            assert documented <= set(item)


async def attempt(call: Any, resource: Any) -> Any:
    """Call, and await what an async method returns (a list method refuses at the call)."""
    result = call(resource)
    if inspect.isawaitable(result):
        return await result
    return result


async def live_call(sim: Simulator, client: plivo_async.AsyncClient) -> str:
    """A call answered and staying up until hung up."""
    sim.set_call_behavior(talk_seconds=None)
    created = await client.calls.create(
        from_="14155550100", to="14155550101", answer_url=ANSWER_URL
    )
    sim.advance(3)
    assert isinstance(created.request_uuid, str)
    return created.request_uuid
