"""verified_caller_ids: initiate, verify, get, list, update and delete against the simulator."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

import plivo_async
from plivo_async import NotFoundError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models import Page
from plivo_async._models._verified_caller_ids import VerificationInitiated, VerifiedCallerId
from plivo_async.testing import Simulator
from tests._rawhttp import reply
from tests.conftest import AUTH_ID, AUTH_TOKEN, RawFactory
from tests.endpoints._support import CATALOG, assert_documented_keys, attempt

NUMBER = "+14155550100"


async def test_a_number_is_verified_inspected_renamed_and_deleted() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        raw = client.verified_caller_ids.with_raw_response
        initiated = await raw.initiate(phone_number=NUMBER, alias="Front desk", channel="call")
        assert_documented_keys("verified_caller_id.initiate", initiated.content)
        assert NUMBER in (initiated.parsed.message or "")

        verified = await raw.verify(initiated.parsed.verification_uuid, otp=sim.otp(NUMBER))
        assert_documented_keys("verified_caller_id.verify", verified.content)
        assert verified.parsed.phone_number == NUMBER
        assert verified.parsed.verification_uuid == initiated.parsed.verification_uuid
        assert verified.parsed.channel == "call"
        assert verified.parsed.country == "US"

        got = await raw.get(NUMBER)
        assert_documented_keys("verified_caller_id.get", got.content)
        assert got.parsed.alias == "Front desk"
        assert got.parsed.created_at == sim.now  # aware, UTC

        listed = await raw.list(country="US")
        assert_documented_keys("verified_caller_id.list", listed.content)
        [item] = listed.parsed
        assert item.phone_number == NUMBER
        assert str(item.resource_uri).endswith("/VerifiedCallerId/14155550100")
        assert len(await client.verified_caller_ids.list(country="GB")) == 0
        assert len(await client.verified_caller_ids.list(alias="Front desk")) == 1

        sim.advance(60)
        updated = await raw.update(NUMBER, alias="Back office")
        assert_documented_keys("verified_caller_id.update", updated.content)
        assert updated.parsed.alias == "Back office"
        assert updated.parsed.modified_at == sim.now
        assert updated.parsed.created_at == got.parsed.created_at
        assert (await client.verified_caller_ids.get(NUMBER)).alias == "Back office"

        cleared = await client.verified_caller_ids.update(NUMBER, alias="")
        assert cleared.alias == ""
        assert sim.journal.entries(endpoint="verified_caller_id.update")[-1].body == {"alias": ""}

        deleted = await raw.delete(NUMBER)
        assert deleted.parsed is None
        assert deleted.status == 204
        with pytest.raises(NotFoundError):
            await client.verified_caller_ids.get(NUMBER)


def test_the_blocking_client_verifies_lists_and_deletes() -> None:
    numbers = ["+14155550101", "+442071838750", "+919876543210"]
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        for number in numbers:
            initiated = client.verified_caller_ids.initiate(phone_number=number)
            client.verified_caller_ids.verify(initiated.verification_uuid, otp=sim.otp(number))
        # Three numbers two to a page: the paginator follows meta.next.
        assert sorted(
            c.phone_number for c in client.verified_caller_ids.list(page_size=2)
        ) == sorted(numbers)
        assert [c.country for c in client.verified_caller_ids.list(country="GB")] == ["GB"]
        raw = client.verified_caller_ids.with_raw_response.update(numbers[1], alias="London")
        assert raw.parsed.alias == "London"
        assert client.verified_caller_ids.get(numbers[1]).alias == "London"
        assert client.verified_caller_ids.delete(numbers[0]) is None
        assert sorted(c.phone_number for c in client.verified_caller_ids.list()) == numbers[1:]


async def test_a_wrong_or_expired_otp_is_refused_by_the_api() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        initiated = await client.verified_caller_ids.initiate(phone_number=NUMBER)
        otp = sim.otp(NUMBER)
        wrong = "0000" if otp != "0000" else "1111"
        with pytest.raises(plivo_async.BadRequestError):
            await client.verified_caller_ids.verify(initiated.verification_uuid, otp=wrong)
        sim.advance(15 * 60 + 1)
        with pytest.raises(plivo_async.BadRequestError, match="expired"):
            await client.verified_caller_ids.verify(initiated.verification_uuid, otp=otp)
        with pytest.raises(NotFoundError):
            await client.verified_caller_ids.get(NUMBER)


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("get", lambda c: c.verified_caller_ids.get(NUMBER)),
        ("update", lambda c: c.verified_caller_ids.update(NUMBER, alias="x")),
        ("delete", lambda c: c.verified_caller_ids.delete(NUMBER)),
    ],
)
async def test_the_plus_of_a_number_travels_as_percent_2b(
    raw: RawFactory, name: str, call: Any
) -> None:
    answer = {"api_id": "a", "phone_number": NUMBER}
    server = await raw(reply(200, json.dumps(answer).encode()))
    async with plivo_async.AsyncClient(
        AUTH_ID, AUTH_TOKEN, base_url=server.url, rate_limit=None, retry=None
    ) as client:
        await call(client)
    [request] = server.requests
    assert request.target == f"/v1/Account/{AUTH_ID}/VerifiedCallerId/%2B14155550100/"


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        ("verified_caller_id.initiate", VerificationInitiated),
        ("verified_caller_id.verify", VerifiedCallerId),
        ("verified_caller_id.get", VerifiedCallerId),
        ("verified_caller_id.list", Page[VerifiedCallerId]),
        ("verified_caller_id.update", VerifiedCallerId),
    ],
)
def test_the_documented_answers_parse_strictly(endpoint: str, model: Any) -> None:
    converter = get_converter(strict=True)
    entry = CATALOG[endpoint]
    for example in [entry["response_example"]] + [
        extra["body"] for extra in entry["additional_response_examples"]
    ]:
        parsed = converter.structure(example, model)
        assert parsed.api_id == example["api_id"]


def test_times_become_aware_utc_datetimes_with_nanoseconds_cut() -> None:
    example = CATALOG["verified_caller_id.update"]["response_example"]
    parsed = get_converter(strict=True).structure(example, VerifiedCallerId)
    assert parsed.modified_at == datetime(2024, 2, 9, 4, 7, 9, 954792, tzinfo=timezone.utc)
    assert parsed.subaccount == ""
    # The intro section answers the initiate POST with the number's details: they are kept.
    intro = CATALOG["verified_caller_id.initiate"]["additional_response_examples"][0]["body"]
    initiated = get_converter(strict=True).structure(intro, VerificationInitiated)
    assert initiated.phone_number == "+12025551XXX"
    assert initiated.message is None


def test_an_otp_in_an_answer_stays_out_of_the_repr() -> None:
    parsed = get_converter(strict=True).structure(
        {"phone_number": NUMBER, "otp": "4821"}, VerifiedCallerId
    )
    assert parsed.otp == "4821"
    assert "4821" not in repr(parsed)


@pytest.mark.parametrize(
    ("call", "argument", "fragment"),
    [
        (lambda c: c.initiate(phone_number=NUMBER, channel="email"), "channel", "'call', 'sms'"),
        (lambda c: c.initiate(phone_number=NUMBER, channel="SMS"), "channel", "one of"),
        (lambda c: c.initiate(phone_number=None), "phone_number", "required"),
        (lambda c: c.initiate(phone_number=" "), "phone_number", "blank"),
        (lambda c: c.initiate(phone_number=14155550100), "phone_number", "string"),
        (lambda c: c.verify("v-1", otp=None), "otp", "required"),
        (lambda c: c.verify("v-1", otp=1234), "otp", "string"),
        (lambda c: c.verify("", otp="1234"), "verification_uuid", "blank"),
        (lambda c: c.verify("..", otp="1234"), "verification_uuid", "dots"),
        (lambda c: c.get(""), "phone_number", "blank"),
        (lambda c: c.update(".", alias="x"), "phone_number", "dots"),
        (lambda c: c.delete(""), "phone_number", "blank"),
        (lambda c: c.list(country=1), "country", "string"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    call: Any, argument: str, fragment: str
) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError) as caught:
            await attempt(call, client.verified_caller_ids)
        assert caught.value.argument == argument
        assert fragment in str(caught.value)
        assert len(sim.journal) == 0


@pytest.mark.parametrize("channel", ["sms", "call"])
async def test_each_documented_channel_is_sent_as_given(channel: str) -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        await client.verified_caller_ids.initiate(phone_number=NUMBER, channel=channel)
        [entry] = sim.journal.entries(endpoint="verified_caller_id.initiate")
        assert entry.body == {"phone_number": NUMBER, "channel": channel}
