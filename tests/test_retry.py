"""RetryPolicy: what is retried, how long it waits, and the retry budget."""

from __future__ import annotations

import email.utils
import random
import time

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from plivo_async import ConnectError, ConnectionDroppedError, RequestTimeoutError, RetryPolicy
from plivo_async._retry import RetryBudget, parse_retry_after

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
