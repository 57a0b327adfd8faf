"""RetryPolicy and RetryMiddleware: what is retried, how long it waits, what is logged."""

from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import time

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

import plivo_async
from plivo_async import (
    ConnectError,
    ConnectionDroppedError,
    Handler,
    Request,
    RequestTimeoutError,
    Response,
    RetryPolicy,
    Timeout,
    TransportError,
)
from plivo_async._retry import RetryBudget, RetryMiddleware, parse_retry_after
from tests._rawhttp import hang, reply, script
from tests.conftest import AUTH_ID, AUTH_TOKEN, FakeClock, RawFactory

NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20", 20.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-10", None),
        ("inf", None),
        ("nan", None),
        ("", None),
        ("soon", None),
        ("1e400", None),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 30, usegmt=True), 0.0),
        ("Fri, 31 Dec 99999 23:59:59 GMT", None),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    assert parse_retry_after(value, wall_now=NOW) == pytest.approx(expected)


def test_retry_after_is_capped() -> None:
    policy = RetryPolicy(retry_after_max=5)
    headers = CIMultiDictProxy(CIMultiDict({"Retry-After": "3600"}))
    assert policy.retry_after(headers) == 5


def test_backoff_doubles_up_to_the_cap_with_jitter_that_only_shrinks() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=4.0, jitter=0.25)
    rng = random.Random(7)
    for retry_number, full in enumerate([0.5, 1.0, 2.0, 4.0, 4.0, 4.0]):
        delay = policy.backoff(retry_number, rng)
        assert full * 0.75 <= delay <= full


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_get_and_delete_are_retried_on_transient_statuses(status: int) -> None:
    policy = RetryPolicy()
    assert policy.is_retryable_status("GET", status)
    assert policy.is_retryable_status("DELETE", status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 422, 501])
def test_client_errors_are_never_retried(status: int) -> None:
    assert not RetryPolicy().is_retryable_status("GET", status)


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_post_is_not_retried_on_statuses_that_may_follow_processing(status: int) -> None:
    assert not RetryPolicy().is_retryable_status("POST", status)


def test_post_is_retried_on_429_which_plivo_never_processed() -> None:
    assert RetryPolicy().is_retryable_status("POST", 429)


def test_post_is_retried_only_on_errors_that_prove_nothing_was_sent() -> None:
    policy = RetryPolicy()
    never_sent = ConnectError("refused", may_have_reached_server=False)
    pool_wait = RequestTimeoutError("pool", may_have_reached_server=False)
    dropped = ConnectionDroppedError("reset", may_have_reached_server=True)
    read_timeout = RequestTimeoutError("read", may_have_reached_server=True)
    assert policy.is_retryable_error("POST", never_sent)
    assert policy.is_retryable_error("POST", pool_wait)
    assert not policy.is_retryable_error("POST", dropped)
    assert not policy.is_retryable_error("POST", read_timeout)
    assert policy.is_retryable_error("GET", dropped)
    assert policy.is_retryable_error("DELETE", read_timeout)


def test_policy_is_immutable_and_validated() -> None:
    policy = RetryPolicy()
    with pytest.raises(AttributeError):
        policy.max_retries = 5  # type: ignore[misc]
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=1.5)
    assert RetryPolicy.disabled().max_retries == 0


def test_budget_runs_dry_and_refills_on_success() -> None:
    budget = RetryBudget(10)
    assert budget.withdraw(5)
    assert budget.withdraw(5)
    assert not budget.withdraw(5)
    budget.deposit(3)
    assert budget.tokens == 3
    budget.deposit(100)
    assert budget.tokens == 10


def test_http_date_is_read_against_the_wall_clock() -> None:
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8 <= (parse_retry_after(in_ten) or 0) <= 10


def test_backoff_of_a_huge_retry_number_is_the_cap() -> None:
    assert RetryPolicy(jitter=0).backoff(5000) == 8.0


def test_retry_after_reads_a_plain_mapping_and_the_given_wall_clock() -> None:
    policy = RetryPolicy()
    # A middleware may hand over an ordinary dict, spelled the way HTTP spells the header.
    assert policy.retry_after({"Retry-After": "3"}) == 3
    assert policy.retry_after({}) is None
    assert policy.retry_after({"Retry-After": "soon"}) is None
    date = {"Retry-After": email.utils.formatdate(NOW + 30, usegmt=True)}
    assert policy.retry_after(date, wall_now=NOW) == pytest.approx(30.0)


# -- the middleware itself, around a scripted downstream ------------------------------------


def _answer(request: Request, status: int) -> Response:
    return Response(status, CIMultiDictProxy(CIMultiDict()), b"{}", request)


def _downstream(*outcomes: int | TransportError) -> tuple[list[int], Handler]:
    """A handler that answers with the given statuses or raises the given errors, in order.

    It records ``request.attempt`` as each attempt sees it.
    """
    attempts: list[int] = []
    queue = list(outcomes)

    async def handler(request: Request) -> Response:
        attempts.append(request.attempt)
        outcome = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(outcome, TransportError):
            raise outcome
        return _answer(request, outcome)

    return attempts, handler


async def test_attempts_are_numbered_from_one() -> None:
    attempts, handler = _downstream(503, 503, 200)
    retry = RetryMiddleware(RetryPolicy(backoff_initial=0), FakeClock())
    request = Request("GET", "http://plivo.test/", "Call/c/")
    response = await retry(request, handler)
    assert response.status == 200
    assert response.retries_taken == 2
    assert attempts == [1, 2, 3]
    assert request.attempt == 3


async def test_an_injected_rng_makes_the_backoff_reproducible() -> None:
    policy = RetryPolicy(max_retries=3, backoff_initial=0.5, jitter=1.0)
    same = random.Random(42)
    expected = [policy.backoff(n, same) for n in range(3)]
    for outcomes in [(503,), (ConnectError("refused", may_have_reached_server=False),)]:
        clock = FakeClock()
        retry = RetryMiddleware(policy, clock, rng=random.Random(42))
        _, handler = _downstream(*outcomes)
        with contextlib.suppress(ConnectError):
            await retry(Request("GET", "http://plivo.test/", "Call/c/"), handler)
        assert clock.sleeps == expected


async def test_no_retry_when_the_backoff_would_end_exactly_at_the_deadline() -> None:
    clock = FakeClock()
    retry = RetryMiddleware(RetryPolicy(max_retries=5, backoff_initial=0.5, jitter=0), clock)
    attempts, handler = _downstream(503)
    request = Request("GET", "http://plivo.test/", "Call/c/", deadline=clock.now() + 1.5)
    response = await retry(request, handler)
    # Sleeps of 0.5 then 1.0 would end at the deadline itself, leaving the attempt no time.
    assert clock.sleeps == [0.5]
    assert attempts == [1, 2]
    assert response.status == 503
    assert response.retries_taken == 1


async def test_each_retry_is_logged_with_its_reason(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="plivo_async")
    dropped = ConnectionDroppedError("reset", may_have_reached_server=True)
    _, handler = _downstream(dropped, 503, 200)
    retry = RetryMiddleware(RetryPolicy(max_retries=3, backoff_initial=0.5, jitter=0), FakeClock())
    await retry(Request("GET", "http://plivo.test/", "Call/c/"), handler)
    assert [r.getMessage() for r in caplog.records if r.name == "plivo_async"] == [
        "retrying GET Call/c/ in 0.50s (retry 1 of 3) after ConnectionDroppedError",
        "retrying GET Call/c/ in 1.00s (retry 2 of 3) after HTTP 503",
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records)


async def test_a_deadline_error_counts_the_retries_already_made(raw: RawFactory) -> None:
    unavailable = reply(503, b'{"api_id": "a", "error": "unavailable"}')
    server = await raw(script(unavailable, unavailable, hang))
    client = plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.url,
        rate_limit=None,
        retry=RetryPolicy(max_retries=5, backoff_initial=0.02, jitter=0),
        timeout=Timeout(read=5.0, total=0.4),
    )
    async with client:
        with pytest.raises(RequestTimeoutError) as caught:
            await client.calls.get("call-1")
    assert len(server.requests) == 3
    assert "deadline" in str(caught.value)
    assert caught.value.retries_taken == 2
