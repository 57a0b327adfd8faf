"""endpoints: SIP endpoints created, inspected, changed and deleted; the password kept secret."""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
from datetime import datetime, timezone
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

import plivo_async
from plivo_async import NotFoundError, PlivoError, ValidationError
from plivo_async._convert import get_converter
from plivo_async._models import Page
from plivo_async._models._endpoints import Endpoint, EndpointCreated, EndpointUpdated
from plivo_async.testing import Simulator
from tests.conftest import ACCOUNT_URL, make_client
from tests.endpoints._support import CATALOG, assert_documented_keys, attempt

PASSWORD = "s3cret-Pass-42"
NEW_PASSWORD = "an0ther-Pass-77"


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


async def test_an_endpoint_is_created_inspected_changed_and_deleted() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        raw = client.endpoints.with_raw_response
        created = await raw.create(username="alice", password=PASSWORD, alias="Alice-Desk")
        assert_documented_keys("endpoint.create", created.content)
        assert created.status == 201
        assert created.parsed.message == "created"
        username = created.parsed.username or ""
        assert username.startswith("alice")
        assert len(username) == len("alice") + 12
        endpoint_id = created.parsed.endpoint_id

        got = await raw.get(endpoint_id)
        assert_documented_keys("endpoint.get", got.content)
        assert got.parsed.username == username
        assert got.parsed.alias == "Alice-Desk"
        assert got.parsed.sip_uri == f"sip:{username}@phone.plivo.com"
        assert got.parsed.sip_registered is False  # sent as the string "false"
        assert got.parsed.password == md5(PASSWORD)
        assert got.parsed.application is None

        listed = await raw.list()
        assert_documented_keys("endpoint.list", listed.content)
        assert [e.endpoint_id for e in listed.parsed] == [endpoint_id]

        updated = await raw.update(
            endpoint_id, password=NEW_PASSWORD, alias="Alice_2", app_id="1234"
        )
        assert_documented_keys("endpoint.update", updated.content)
        assert updated.status == 202
        assert updated.parsed.message == "changed"
        assert sim.journal.entries(endpoint="endpoint.update")[-1].body == {
            "password": NEW_PASSWORD,
            "alias": "Alice_2",
            "app_id": "1234",
        }
        changed = await client.endpoints.get(endpoint_id)
        assert changed.alias == "Alice_2"
        assert changed.password == md5(NEW_PASSWORD)
        assert str(changed.application).endswith("/Application/1234/")

        deleted = await raw.delete(endpoint_id)
        assert deleted.status == 204
        assert deleted.parsed is None
        with pytest.raises(NotFoundError):
            await client.endpoints.get(endpoint_id)
        assert len(await client.endpoints.list()) == 0


def test_the_blocking_client_creates_lists_and_deletes() -> None:
    with Simulator.start_in_thread() as sim, sim.sync_client(strict_models=True) as client:
        ids = [
            client.endpoints.create(
                username=f"agent{n}", password=PASSWORD, alias=f"a{n}"
            ).endpoint_id
            for n in range(3)
        ]
        # Three endpoints two to a page: the paginator follows meta.next.
        assert sorted(e.endpoint_id for e in client.endpoints.list(page_size=2)) == sorted(ids)
        assert client.endpoints.update(ids[0], alias="lead").message == "changed"
        assert client.endpoints.get(ids[0]).alias == "lead"
        raw = client.endpoints.with_raw_response.delete(ids[1])
        assert raw.status == 204
        assert sorted(e.endpoint_id for e in client.endpoints.list()) == sorted([ids[0], ids[2]])


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        ("endpoint.create", EndpointCreated),
        ("endpoint.get", Endpoint),
        ("endpoint.list", Page[Endpoint]),
        ("endpoint.update", EndpointUpdated),
    ],
)
def test_the_documented_answers_parse_strictly(endpoint: str, model: Any) -> None:
    converter = get_converter(strict=True)
    entry = CATALOG[endpoint]
    examples = [entry["response_example"]] + [
        extra["body"] for extra in entry["additional_response_examples"]
    ]
    for example in examples:
        parsed = converter.structure(example, model)
        assert parsed.api_id == example.get("api_id")


def test_a_registered_endpoint_has_its_sip_registration_details() -> None:
    [registered] = CATALOG["endpoint.get"]["additional_response_examples"]
    endpoint = get_converter(strict=True).structure(registered["body"], Endpoint)
    assert endpoint.sip_registered is True
    assert endpoint.sip_expires == datetime(2022, 7, 21, 19, 26, 8, tzinfo=timezone.utc)
    assert endpoint.sip_user_agent == "Telephone 1.1.4"
    assert endpoint.sub_account is None
    assert endpoint.password is None


def test_the_password_hash_is_not_in_the_repr() -> None:
    example = CATALOG["endpoint.get"]["response_example"]
    endpoint = get_converter(strict=True).structure(example, Endpoint)
    assert endpoint.password == example["password"]
    assert example["password"] not in repr(endpoint)
    assert "zumba" in repr(endpoint)  # the rest is shown


@pytest.mark.parametrize(
    ("call", "argument", "fragment"),
    [
        (lambda c: c.create(username="a", password="abcd", alias="x"), "password", "at least 5"),
        (lambda c: c.create(username="a", password=None, alias="x"), "password", "required"),
        (lambda c: c.create(username="a", password="     ", alias="x"), "password", "blank"),
        (lambda c: c.create(username="", password=PASSWORD, alias="x"), "username", "blank"),
        (lambda c: c.create(username="a", password=PASSWORD, alias=""), "alias", "blank"),
        (lambda c: c.create(username="a", password=PASSWORD, alias=None), "alias", "required"),
        (lambda c: c.update("e-1", password=""), "password", "at least 5"),
        (lambda c: c.update("e-1", password="abcd"), "password", "at least 5"),
        (lambda c: c.update("", alias="x"), "endpoint_id", "blank"),
        (lambda c: c.get(".."), "endpoint_id", "dots"),
        (lambda c: c.delete(""), "endpoint_id", "blank"),
        (lambda c: c.list(page_size=0), "page_size", "from 1 to 20"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    call: Any, argument: str, fragment: str
) -> None:
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(ValidationError) as caught:
            await attempt(call, client.endpoints)
        assert caught.value.argument == argument
        assert fragment in str(caught.value)
        assert len(sim.journal) == 0


async def test_a_five_character_password_is_accepted() -> None:
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        created = await client.endpoints.create(username="bob", password="12345", alias="bob")
        await client.endpoints.update(created.endpoint_id, password="54321")
        bodies = [entry.body for entry in sim.journal.entries(method="POST", processed=True)]
        assert bodies == [
            {"username": "bob", "password": "12345", "alias": "bob"},
            {"password": "54321"},
        ]


async def test_an_alias_outside_the_documented_charset_is_left_to_the_api() -> None:
    # The reference's own examples use "Test Account" and "Double time.": the SDK does not
    # refuse them; the simulator applies the documented charset and answers 400.
    async with Simulator() as sim, sim.client() as client:
        with pytest.raises(plivo_async.BadRequestError, match="alias"):
            await client.endpoints.create(username="bob", password="12345", alias="Bob Desk.")
        [entry] = sim.journal.entries(endpoint="endpoint.create")
        assert entry.body["alias"] == "Bob Desk."


async def test_an_empty_alias_or_app_id_is_sent_to_clear_it(mocked: aioresponses) -> None:
    url = f"{ACCOUNT_URL}Endpoint/e-1/"
    mocked.post(url, status=202, payload={"api_id": "a", "message": "changed"})
    async with make_client() as client:
        changed = await client.endpoints.update("e-1", alias="", app_id="")
    assert changed.message == "changed"
    [call] = mocked.requests[("POST", URL(url))]
    assert json.loads(call.kwargs["data"]) == {"alias": "", "app_id": ""}


@pytest.mark.parametrize(
    "password",
    ["abc", "", 12345678, b"bytes-password-1", ["list-password-1"]],
    ids=["short", "empty", "int", "bytes", "list"],
)
async def test_a_refused_password_is_never_echoed(password: Any) -> None:
    async with Simulator() as sim, sim.client() as client:
        for call in (
            client.endpoints.create(username="a", password=password, alias="x"),
            client.endpoints.update("e-1", password=password),
        ):
            with pytest.raises(ValidationError) as caught:
                await call
            said = [
                str(caught.value),
                repr(caught.value),
                *traceback.format_exception(caught.value),
            ]
            secret = str(password) if not isinstance(password, bytes) else password.decode()
            if secret:
                assert not [text for text in said if secret in text]
            assert caught.value.argument == "password"
        assert len(sim.journal) == 0


@pytest.mark.parametrize(
    "fault",
    [{"server_error": 1.0}, {"drop_after": 1.0}, {"too_many_requests": 1.0}],
    ids=["500", "dropped", "429"],
)
async def test_a_failed_create_or_update_shows_no_password(
    fault: dict[str, float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's included
    async with Simulator() as sim:
        fast = plivo_async.RetryPolicy(backoff_initial=0.001, backoff_max=0.002)
        async with sim.client(rate_limit=None, retry=fast) as client:
            created = await client.endpoints.create(username="eve", password=PASSWORD, alias="e")
            sim.faults.add(endpoint="endpoint.*", **fault)
            errors: list[PlivoError] = []
            for call in (
                client.endpoints.create(username="eve", password=PASSWORD, alias="e"),
                client.endpoints.update(created.endpoint_id, password=NEW_PASSWORD),
            ):
                with pytest.raises(PlivoError) as caught:
                    await call
                errors.append(caught.value)
        assert sim.journal.count(endpoint="endpoint.create") >= 2  # the requests were sent
    said = [text for error in errors for text in (str(error), repr(error), repr(error.args))]
    said += ["".join(traceback.format_exception(error)) for error in errors]
    said += [record.getMessage() + repr(record.args) for record in caplog.records]
    for secret in (PASSWORD, NEW_PASSWORD, md5(PASSWORD), md5(NEW_PASSWORD)):
        assert not [text for text in said if secret in text]


async def test_the_simulator_lets_an_update_clear_the_alias() -> None:
    # The alias pattern applies to a value, not to the "" that clears it.
    async with Simulator() as sim, sim.client(strict_models=True) as client:
        created = await client.endpoints.create(username="bob", password=PASSWORD, alias="Bob")
        await client.endpoints.update(created.endpoint_id, alias="")
        cleared = await client.endpoints.get(created.endpoint_id)
    assert cleared.alias in ("", None)


async def test_a_refused_password_is_never_echoed_in_asynchronous_mode_either() -> None:
    async with Simulator() as sim, sim.client() as client:
        view = client.with_async_callback("https://hooks.example.test/cb")
        with pytest.raises(ValidationError) as caught:
            await view.endpoints.create(username="a", password=12345678, alias="x")  # type: ignore[arg-type]
        assert "12345678" not in str(caught.value)
        with pytest.raises(ValidationError, match="at least 5"):
            await view.endpoints.update("e-1", password="abc")
        assert len(sim.journal) == 0
