"""``SyncPaginator``: one request per page, none after the caller stops."""

from __future__ import annotations

import gc
import time

from plivo_async import Call, Page, SyncPaginator

from .conftest import ClientFactory, FakePlivo


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
