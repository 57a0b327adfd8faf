"""``SyncPaginator``: one request per page, none after the caller stops."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator

import pytest
from aiohttp import web

from plivo_async import Call, Page, PlivoError, SyncPaginator
from tests.test_pagination import CALLS_PATH, PLIVO_LINK, CursorServer, ScriptedServer

from .conftest import ClientFactory, FakePlivo, ThreadedServer

Serve = Callable[[web.Application], str]


def _offsets(fake: FakePlivo) -> list[tuple[str, str]]:
    return [(query["offset"], query["limit"]) for _, _, query in fake.requests]


def test_full_iteration_over_45_calls_makes_3_requests(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    paginator = client.calls.list(page_size=20)
    assert isinstance(paginator, SyncPaginator)
    assert fake_plivo.count() == 0  # list() itself sends nothing
    uuids = [call.call_uuid for call in paginator]

    assert uuids == [f"cdr-{i:03d}" for i in range(45)]
    assert _offsets(fake_plivo) == [("0", "20"), ("20", "20"), ("40", "20")]


def test_break_within_the_first_page_sends_no_further_request(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    seen = []
    for call in client.calls.list(page_size=20):
        seen.append(call.call_uuid)
        if len(seen) == 3:
            break
    gc.collect()  # the abandoned generator is finalised: still nothing sent
    time.sleep(0.1)  # nothing runs on in the background either

    assert seen == ["cdr-000", "cdr-001", "cdr-002"]
    assert fake_plivo.count() == 1


def test_break_on_the_second_page_stops_after_two_requests(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    iterator = iter(client.calls.list(page_size=20))
    taken = [next(iterator).call_uuid for _ in range(21)]
    del iterator
    gc.collect()
    time.sleep(0.1)

    assert taken[-1] == "cdr-020"
    assert _offsets(fake_plivo) == [("0", "20"), ("20", "20")]


def test_first_page_returns_one_page(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    page = client.calls.list(page_size=20).first_page()

    assert isinstance(page, Page)
    assert len(page) == 20
    assert all(isinstance(call, Call) for call in page)
    assert page.has_next
    assert page.meta.total_count == 45
    assert page.api_id == "api-page-0"
    assert fake_plivo.count() == 1


def test_pages_yields_each_page_with_one_request(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    sizes = [len(page) for page in client.calls.list(page_size=20).pages()]

    assert sizes == [20, 20, 5]
    assert fake_plivo.count() == 3


def test_limit_caps_the_total_and_the_last_request(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)

    uuids = [call.call_uuid for call in client.calls.list(limit=25, page_size=20)]

    assert uuids == [f"cdr-{i:03d}" for i in range(25)]
    assert _offsets(fake_plivo) == [("0", "20"), ("20", "5")]


def test_a_paginator_can_be_iterated_again(
    fake_plivo: FakePlivo, make_sync_client: ClientFactory
) -> None:
    client = make_sync_client(fake_plivo.url)
    paginator = client.calls.list(limit=3, offset=10)

    first = [call.call_uuid for call in paginator]
    second = [call.call_uuid for call in paginator]

    assert first == second == ["cdr-010", "cdr-011", "cdr-012"]
    assert _offsets(fake_plivo) == [("10", "3"), ("10", "3")]


# -- following the API's own ``meta.next`` through the blocking client --------------------------


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Serve aiohttp apps from their own threads; returns each one's base URL."""
    servers: list[ThreadedServer] = []

    def start(app: web.Application) -> str:
        server = ThreadedServer(app)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def test_a_server_paging_by_cursor_gives_every_object_exactly_once(
    serve: Serve, make_sync_client: ClientFactory
) -> None:
    server = CursorServer(45)
    client = make_sync_client(serve(server.app()))

    uuids = [call.call_uuid for call in client.calls.list()]
    sizes = [len(page) for page in client.calls.list().pages()]

    assert uuids == [f"c{n}" for n in range(45)]
    assert sizes == [20, 20, 5]
    assert [query for _, query in server.seen[:3]] == [
        "limit=20&offset=0",
        "limit=20&cursor=tok-20",
        "limit=20&cursor=tok-40",
    ]


def test_limit_caps_a_cursor_walk(serve: Serve, make_sync_client: ClientFactory) -> None:
    server = CursorServer(100)
    client = make_sync_client(serve(server.app()))

    uuids = [call.call_uuid for call in client.calls.list(limit=25)]

    assert uuids == [f"c{n}" for n in range(25)]
    assert [query for _, query in server.seen] == ["limit=20&offset=0", "limit=5&cursor=tok-20"]


def test_break_in_a_cursor_walk_sends_nothing_more(
    serve: Serve, make_sync_client: ClientFactory
) -> None:
    server = CursorServer(45)
    client = make_sync_client(serve(server.app()))

    iterator = iter(client.calls.list())
    taken = [next(iterator).call_uuid for _ in range(21)]
    del iterator
    gc.collect()
    time.sleep(0.1)

    assert taken[-1] == "c20"
    assert len(server.seen) == 2


def test_a_repeated_next_raises_after_the_objects_received(
    serve: Serve, make_sync_client: ClientFactory
) -> None:
    server = ScriptedServer((20, PLIVO_LINK), (20, PLIVO_LINK), (20, None))
    client = make_sync_client(serve(server.app()))

    received: list[str] = []
    iterator = iter(client.calls.list())
    with pytest.raises(PlivoError, match=r"Call/: the server repeated a page link"):
        received.extend(call.call_uuid for call in iterator)

    assert received == [f"c{n}" for n in range(40)]
    assert len(server.seen) == 2


def test_the_links_query_is_sent_exactly_as_the_server_encoded_it(
    serve: Serve, make_sync_client: ClientFactory
) -> None:
    query = "limit=20&offset=20&to_number=%2B14155550100&tag=a%20b+c%2Bd%25e"
    server = ScriptedServer((20, f"http://elsewhere.invalid/x/?{query}"), (5, None))
    url = serve(server.app())
    client = make_sync_client(url + "prefix/")

    assert len(list(client.calls.list())) == 25
    assert server.seen == [
        ("/prefix" + CALLS_PATH, "limit=20&offset=0"),
        ("/prefix" + CALLS_PATH, query),
    ]
