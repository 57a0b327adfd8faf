"""Paginators: one page when awaited, every object when iterated, no request past the end."""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, Callable
from typing import TypeVar

import pytest
from aiohttp import web
from aioresponses import CallbackResult, aioresponses

from plivo_async import Call, Page, PlivoError, ValidationError

from .conftest import ACCOUNT_URL, AUTH_ID, ServerFactory, make_client

T = TypeVar("T")

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


# -- following the API's own ``meta.next`` on real loopback servers ----------------------------

CALLS_PATH = f"/v1/Account/{AUTH_ID}/Call/"
PLIVO_LINK = CALLS_PATH + "?limit=20&offset=20"

Seen = list[tuple[str, str]]


def recording_app(handler: Callable[[web.Request], web.Response], seen: Seen) -> web.Application:
    """An app answering every path with ``handler``, recording each (path, raw query)."""

    async def record(request: web.Request) -> web.Response:
        seen.append((request.path, request.rel_url.raw_query_string))
        return handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    return app


def page_answer(uuids: list[str], following: str | None) -> web.Response:
    meta = {"limit": 20, "offset": 0, "next": following, "previous": None}
    objects = [{"call_uuid": uuid} for uuid in uuids]
    return web.json_response({"api_id": "p", "meta": meta, "objects": objects})


async def collect(items: AsyncIterable[T], into: list[T]) -> None:
    """Append every item to ``into``, so a test sees what came before an error."""
    async for item in items:
        into.append(item)


class CursorServer:
    """Pages by an opaque ``cursor=`` and ignores ``offset`` (it never moves a walk forward).

    Refuses the 11th request so a walk that loops fails fast instead of hanging.
    """

    def __init__(self, total: int = 45) -> None:
        self.total = total
        self.seen: Seen = []

    def app(self) -> web.Application:
        return recording_app(self.answer, self.seen)

    def answer(self, request: web.Request) -> web.Response:
        if len(self.seen) > 10:
            return web.json_response({"error": "walked too far"}, status=400)
        size = int(request.query.get("limit", "20"))
        start = int(request.query.get("cursor", "tok-0").removeprefix("tok-"))
        end = min(start + size, self.total)
        following = f"{CALLS_PATH}?limit={size}&cursor=tok-{end}" if end < self.total else None
        return page_answer([f"c{n}" for n in range(start, end)], following)


class ScriptedServer:
    """Answers the list with scripted pages in order: (objects, next link, status).

    Objects are numbered across pages, so a page sent twice shows as new numbers; past the
    script every request gets a 404.
    """

    def __init__(self, *script: tuple[int, str | None] | tuple[int, str | None, int]) -> None:
        self.script = list(script)
        self.seen: Seen = []
        self.numbered = 0

    def app(self) -> web.Application:
        return recording_app(self.answer, self.seen)

    def answer(self, request: web.Request) -> web.Response:
        if not self.script:
            return web.json_response({"error": "no such page"}, status=404)
        count, following, *status = self.script.pop(0)
        if status and status[0] != 200:
            return web.json_response({"error": "try again"}, status=status[0])
        uuids = [f"c{n}" for n in range(self.numbered, self.numbered + count)]
        self.numbered += count
        return page_answer(uuids, following)


async def test_a_server_paging_by_cursor_gives_every_object_exactly_once(
    loopback: ServerFactory,
) -> None:
    server = CursorServer(45)
    async with make_client(base_url=await loopback(server.app())) as client:
        uuids = [call.call_uuid async for call in client.calls.list()]
    assert uuids == [f"c{n}" for n in range(45)]
    assert [query for _, query in server.seen] == [
        "limit=20&offset=0",
        "limit=20&cursor=tok-20",
        "limit=20&cursor=tok-40",
    ]


async def test_limit_caps_a_cursor_walk_and_lowers_the_links_limit(
    loopback: ServerFactory,
) -> None:
    server = CursorServer(100)
    async with make_client(base_url=await loopback(server.app())) as client:
        uuids = [call.call_uuid async for call in client.calls.list(limit=25)]
    assert uuids == [f"c{n}" for n in range(25)]
    assert [query for _, query in server.seen] == ["limit=20&offset=0", "limit=5&cursor=tok-20"]


async def test_pages_follow_the_cursor_too(loopback: ServerFactory) -> None:
    server = CursorServer(45)
    async with make_client(base_url=await loopback(server.app())) as client:
        sizes = [len(page) async for page in client.calls.list(page_size=20).pages()]
    assert sizes == [20, 20, 5]


@pytest.mark.parametrize(
    "repeated",
    [PLIVO_LINK, f"{CALLS_PATH}?offset=20&limit=20", "https://api.plivo.com/x/?limit=20&offset=20"],
)
async def test_a_repeated_next_raises_after_the_objects_received(
    loopback: ServerFactory, repeated: str
) -> None:
    server = ScriptedServer((20, PLIVO_LINK), (20, repeated), (20, None))
    received: list[Call] = []
    async with make_client(base_url=await loopback(server.app())) as client:
        with pytest.raises(PlivoError) as caught:
            await collect(client.calls.list(), received)
    assert [call.call_uuid for call in received] == [f"c{n}" for n in range(40)]
    assert len(server.seen) == 2
    message = str(caught.value)
    assert "Call/" in message
    assert "repeated a page link" in message
    assert AUTH_ID not in message


async def test_a_next_back_to_the_first_page_raises_without_asking_again(
    loopback: ServerFactory,
) -> None:
    server = ScriptedServer((20, f"{CALLS_PATH}?limit=20&offset=0&call_direction=outbound"))
    async with make_client(base_url=await loopback(server.app())) as client:
        paginator = client.calls.list(call_direction="outbound")
        pages: list[Page[Call]] = []
        with pytest.raises(PlivoError, match="repeated a page link"):
            await collect(paginator.pages(), pages)
    assert [len(page) for page in pages] == [20]
    assert len(server.seen) == 1


@pytest.mark.parametrize(
    "link",
    [
        "{evil}steal?offset=20",
        "http://evil.invalid/steal?offset=20",
        "/v1/Account/SOMEONEELSE/Recording/?offset=20",
        "//{evil_host}/steal?offset=20#fragment",
    ],
)
async def test_only_the_query_of_next_is_used_never_its_host_or_path(
    loopback: ServerFactory, link: str
) -> None:
    evil = ScriptedServer()
    evil_url = await loopback(evil.app())
    link = link.format(evil=evil_url, evil_host=evil_url.split("/")[2])
    server = ScriptedServer((20, link), (5, None))
    async with make_client(base_url=await loopback(server.app())) as client:
        uuids = [call.call_uuid async for call in client.calls.list()]
    assert len(uuids) == 25
    assert server.seen == [(CALLS_PATH, "limit=20&offset=0"), (CALLS_PATH, "offset=20")]
    assert evil.seen == []


async def test_a_base_url_path_prefix_is_kept_on_every_page(loopback: ServerFactory) -> None:
    server = ScriptedServer((20, PLIVO_LINK), (20, CALLS_PATH + "?limit=20&offset=40"), (5, None))
    url = await loopback(server.app())
    async with make_client(base_url=url + "prefix/") as client:
        assert len([call async for call in client.calls.list()]) == 45
    assert [path for path, _ in server.seen] == ["/prefix" + CALLS_PATH] * 3


async def test_the_links_query_is_sent_exactly_as_the_server_encoded_it(
    loopback: ServerFactory,
) -> None:
    query = "limit=20&offset=20&to_number=%2B14155550100&tag=a%20b+c%2Bd%25e&flag&x=%7E"
    server = ScriptedServer((20, f"{CALLS_PATH}?{query}"), (5, None))
    async with make_client(base_url=await loopback(server.app())) as client:
        assert len([call async for call in client.calls.list(to_number="+14155550100")]) == 25
    assert server.seen[1] == (CALLS_PATH, query)


async def test_characters_not_allowed_in_a_query_are_escaped_and_nothing_else(
    loopback: ServerFactory,
) -> None:
    server = ScriptedServer((20, CALLS_PATH + "?offset=20&note=x y&rate=100%&name=Zoë"), (5, None))
    async with make_client(base_url=await loopback(server.app())) as client:
        assert len([call async for call in client.calls.list()]) == 25
    assert server.seen[1][1] == "offset=20&note=x%20y&rate=100%25&name=Zo%C3%AB"


async def test_a_short_page_with_a_link_is_followed_and_an_empty_one_ends_the_walk(
    loopback: ServerFactory,
) -> None:
    server = ScriptedServer(
        (3, PLIVO_LINK), (20, CALLS_PATH + "?limit=20&offset=23"), (0, CALLS_PATH + "?offset=99")
    )
    async with make_client(base_url=await loopback(server.app())) as client:
        uuids = [call.call_uuid async for call in client.calls.list()]
    assert uuids == [f"c{n}" for n in range(23)]
    assert len(server.seen) == 3


async def test_the_lists_own_query_survives_a_link_that_drops_it(
    loopback: ServerFactory,
) -> None:
    live_path = f"/v2/Account/{AUTH_ID}/Call/"
    server = ScriptedServer((20, live_path + "?limit=20&offset=20"), (1, None))
    async with make_client(base_url=await loopback(server.app())) as client:
        paginator = client.live_calls.list(call_direction="inbound")
        assert len([call async for call in paginator]) == 21
    assert server.seen == [
        (live_path, "status=live&call_direction=inbound&limit=20&offset=0"),
        (live_path, "limit=20&offset=20&status=live&call_direction=inbound"),
    ]


async def test_a_followed_page_goes_through_the_retry_middleware(loopback: ServerFactory) -> None:
    server = ScriptedServer((20, PLIVO_LINK), (0, None, 503), (5, None))
    async with make_client(base_url=await loopback(server.app())) as client:
        uuids = [call.call_uuid async for call in client.calls.list()]
    assert uuids == [f"c{n}" for n in range(25)]
    # The 503 was retried with the same link, not mistaken for a repeated page.
    queries = [query for _, query in server.seen]
    assert queries == ["limit=20&offset=0", "limit=20&offset=20", "limit=20&offset=20"]


async def test_with_raw_response_on_a_list_gives_the_first_page_raw(
    loopback: ServerFactory,
) -> None:
    server = CursorServer(45)
    async with make_client(base_url=await loopback(server.app())) as client:
        raw = await client.calls.with_raw_response.list(page_size=5)
    assert raw.status == 200
    assert [call.call_uuid for call in raw.parsed] == [f"c{n}" for n in range(5)]
    assert raw.parsed.meta.next == f"{CALLS_PATH}?limit=5&cursor=tok-5"
    assert len(server.seen) == 1
