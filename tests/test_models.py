"""Models: the reference's examples parse strictly; Plivo's value formats become Python types."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plivo_async import Call, CallCreated, CallTransferred, CallUuids, LiveCall, Page, QueuedCall
from plivo_async._convert import parse_timestamp, structure

CATALOG = {
    entry["id"]: entry
    for entry in json.loads(
        resources.files("plivo_async.testing").joinpath("voice-api.json").read_text()
    )
}

#: Endpoint -> the model its documented example must structure into, with no unknown key left.
EXAMPLES: dict[str, Any] = {
    "call.create": CallCreated,
    "call.get": Call,
    "call.list": Page[Call],
    "call.update": CallTransferred,
    "live_call.get": LiveCall,
    "live_call.list": CallUuids,
    "live_call.list_v2": Page[LiveCall],
    "queued_call.get": QueuedCall,
    "queued_call.list": CallUuids,
}


@pytest.mark.parametrize("endpoint", sorted(EXAMPLES))
def test_documented_example_parses_with_no_unknown_keys(endpoint: str) -> None:
    model = EXAMPLES[endpoint]
    parsed = structure(CATALOG[endpoint]["response_example"], model, strict=True)
    assert parsed.api_id == CATALOG[endpoint]["response_example"]["api_id"]


def test_cdr_fields_get_python_types() -> None:
    call = structure(CATALOG["call.get"]["response_example"], Call)
    assert call.total_amount == Decimal("0.01667")
    assert call.answer_time == datetime(
        2022, 10, 12, 21, 57, 47, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )
    assert call.stir_attestation == "A"  # sent as "Stir_attestation"
    assert call.hangup_cause_code == 8011


def test_live_call_v2_uses_lowercase_stir_key_and_from() -> None:
    page = structure(CATALOG["live_call.list_v2"]["response_example"], Page[LiveCall])
    first = page.objects[0]
    assert first.from_ == "+15732629XXX"
    assert first.stir_attestation == "Not Applicable"
    assert first.session_start is not None
    assert first.session_start.tzinfo is timezone.utc
    assert page.meta.total == 2  # this endpoint sends meta.count


def test_bulk_request_uuid_is_a_list() -> None:
    created = structure(
        {"api_id": "a", "message": "call fired", "request_uuid": ["x", "y"]}, CallCreated
    )
    assert created.request_uuids == ["x", "y"]
    single = structure({"api_id": "a", "message": "call fired", "request_uuid": "x"}, CallCreated)
    assert single.request_uuids == ["x"]


def test_unknown_keys_are_tolerated_by_default_and_flagged_in_strict_mode() -> None:
    data = {"call_uuid": "c", "brand_new_field": 1}
    assert structure(data, Call).call_uuid == "c"
    with pytest.raises(cattrs.ClassValidationError) as caught:
        structure(data, Call, strict=True)
    assert "brand_new_field" in " ".join(cattrs.transform_error(caught.value))


def test_models_are_frozen() -> None:
    call = structure({"call_uuid": "c"}, Call)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        call.call_uuid = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-28 19:39:05+05:30", datetime(2022, 6, 28, 14, 9, 5, tzinfo=timezone.utc)),
        (
            "2024-02-07 13:55:28.141067",
            datetime(2024, 2, 7, 13, 55, 28, 141067, tzinfo=timezone.utc),
        ),
        (
            "2024-02-09T03:52:22.880097813Z",
            datetime(2024, 2, 9, 3, 52, 22, 880097, tzinfo=timezone.utc),
        ),
        ("2021-03-23 14:49:39", datetime(2021, 3, 23, 14, 49, 39, tzinfo=timezone.utc)),
    ],
)
def test_plivo_timestamp_formats(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is not None


def test_empty_timestamps_and_amounts_are_none() -> None:
    call = structure({"call_uuid": "c", "answer_time": "", "total_amount": ""}, Call)
    assert call.answer_time is None
    assert call.total_amount is None


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
        ),
    ),
    st.sampled_from([" ", "T"]),
)
def test_any_plivo_style_timestamp_round_trips(moment: datetime, separator: str) -> None:
    assert parse_timestamp(moment.isoformat(sep=separator)) == moment


@given(st.decimals(allow_nan=False, allow_infinity=False, places=5))
def test_money_strings_are_exact(amount: Decimal) -> None:
    parsed = structure({"call_uuid": "c", "total_amount": str(amount)}, Call).total_amount
    assert parsed == amount
