"""Paginators: one page when awaited, every object when iterated, no request past the end."""

from __future__ import annotations

import re

import pytest
from aioresponses import CallbackResult, aioresponses

from plivo_async import ValidationError

from .conftest import ACCOUNT_URL, make_client

LIST_URL = re.compile(re.escape(ACCOUNT_URL + "Call/") + r"\?.*")


def serve_calls(mocked: aioresponses, total: int) -> list[dict[str, int]]:
    """Serve ``total`` CDRs like Plivo does; return the (limit, offset) of every request."""
    asked: list[dict[str, int]] = []

    def page(url: object, **kwargs: object) -> CallbackResult:
        query = url.query  # type: ignore[attr-defined]
        limit, offset = int(query["limit"]), int(query["offset"])
        asked.append({"limit": limit, "offset": offset})
        objects = [{"call_uuid": f"c{n}"} for n in range(offset, min(offset + limit, total))]
        more = offset + limit < total
        meta = {
            "limit": limit,
            "offset": offset,
            "total_count": total,
            "next": f"/v1/Account/X/Call/?limit={limit}&offset={offset + limit}" if more else None,
            "previous": None,
        }
        return CallbackResult(payload={"api_id": "p", "meta": meta, "objects": objects})

    mocked.get(LIST_URL, callback=page, repeat=True)
    return asked


async def test_iterating_walks_every_page_with_exactly_one_request_each(
    mocked: aioresponses,
) -> None:
    asked = serve_calls(mocked, 45)
    async with make_client() as client:
        uuids = [call.call_uuid async for call in client.calls.list()]
    assert uuids == [f"c{n}" for n in range(45)]
    assert asked == [
        {"limit": 20, "offset": 0},
        {"limit": 20, "offset": 20},
        {"limit": 20, "offset": 40},
    ]


async def test_an_exact_multiple_of_the_page_size_stops_on_meta_next(mocked: aioresponses) -> None:
    asked = serve_calls(mocked, 40)
    async with make_client() as client:
        assert len([call async for call in client.calls.list()]) == 40
    assert len(asked) == 2


async def test_limit_caps_the_total_and_shrinks_the_last_request(mocked: aioresponses) -> None:
    asked = serve_calls(mocked, 100)
    async with make_client() as client:
        uuids = [call.call_uuid async for call in client.calls.list(limit=25, offset=10)]
    assert uuids == [f"c{n}" for n in range(10, 35)]
    assert asked == [{"limit": 20, "offset": 10}, {"limit": 5, "offset": 30}]


async def test_awaiting_gives_one_page_with_meta(mocked: aioresponses) -> None:
    asked = serve_calls(mocked, 45)
    async with make_client() as client:
        page = await client.calls.list(page_size=7)
    assert len(page) == 7
    assert page.meta.total == 45
    assert page.has_next
    assert [call.call_uuid for call in page] == [f"c{n}" for n in range(7)]
    assert len(asked) == 1


async def test_pages_yields_page_objects(mocked: aioresponses) -> None:
    serve_calls(mocked, 45)
    async with make_client() as client:
        sizes = [len(page) async for page in client.calls.list().pages()]
    assert sizes == [20, 20, 5]


async def test_an_empty_list_makes_one_request(mocked: aioresponses) -> None:
    asked = serve_calls(mocked, 0)
    async with make_client() as client:
        assert [call async for call in client.calls.list()] == []
    assert len(asked) == 1


async def test_limit_zero_sends_nothing(mocked: aioresponses) -> None:
    asked = serve_calls(mocked, 10)
    async with make_client() as client:
        assert [call async for call in client.calls.list(limit=0)] == []
    assert asked == []


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"page_size": 21}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"limit": -1}, "limit"),
        ({"offset": -5}, "offset"),
    ],
)
async def test_impossible_paging_is_refused_before_sending(
    mocked: aioresponses, arguments: dict[str, int], argument: str
) -> None:
    asked = serve_calls(mocked, 10)
    async with make_client() as client:
        with pytest.raises(ValidationError) as caught:
            client.calls.list(**arguments)  # type: ignore[arg-type]
    assert caught.value.argument == argument
    assert asked == []
