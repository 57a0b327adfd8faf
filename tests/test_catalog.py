"""Every endpoint the SDK declares, held against the Voice API catalog it implements.

The catalog (``plivo_async/testing/voice-api.json``, a copy of the project's spec) lists each
endpoint's method, host, path, fixed query, arguments with their constraints, and the answer the
reference shows. For every declared method these tests check that the declaration agrees with
it, that a call sends exactly that on the wire (arguments under their wire names, in the query for
GET/DELETE and the JSON body for POST, nothing unset), that the documented answer parses in strict
mode into the declared model, and that every closed set of values and every range is enforced
before anything is sent. They run through ``AsyncClient`` and the blocking ``Client``.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Iterator
from typing import Any

import pytest

import plivo_async
from plivo_async._convert import get_converter
from plivo_async._models import CallUuids, Model, Page
from plivo_async._models._multi_party_calls import Participant
from plivo_async._pagination import AsyncPaginator
from plivo_async._validation import Param
from tests._endpoints import CATALOG, ENDPOINTS, SAMPLE_ID, Declared, arguments, sample, wire
from tests._recording import RecordingServer
from tests.conftest import AUTH_ID, AUTH_TOKEN

#: Methods that reshape the answer: the model the body is parsed into first.
RESHAPED: dict[str, type[Any]] = {
    "mpc.participant.get": Participant,  # None when the participant has left
    "live_call.list": CallUuids,
    "queued_call.list": CallUuids,
}

#: Where a declaration knowingly differs from the catalog, and why: (catalog id, wire name).
DEVIATIONS: dict[tuple[str, str], str] = {}


def ids(declared: Declared) -> str:
    return f"{declared.qualname}[{declared.spec.id}]"


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    running = RecordingServer().start()
    yield running
    running.stop()


def client_for(server: RecordingServer, **options: Any) -> plivo_async.AsyncClient:
    return plivo_async.AsyncClient(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.base_url,
        stats_base_url=server.stats_url,
        rate_limit=None,
        retry=None,
        strict_models=True,
        **options,
    )


def relative_path(entry: dict[str, Any]) -> tuple[str, str]:
    """(root, path below it) of a catalog entry, as a declaration spells them."""
    path: str = entry["path"]
    if entry["host"] == "stats.plivo.com":
        return "stats", path.removeprefix("/v1/")
    for root in ("v1", "v2"):
        prefix = f"/{root}/Account/{{auth_id}}/"
        if path.startswith(prefix):
            return root, path[len(prefix) :]
    raise AssertionError(f"unexpected catalog path {path}")


def expected_target(declared: Declared) -> str:
    """The path the server must see for a call with every id set to ``SAMPLE_ID``."""
    entry = declared.catalog
    root, path = relative_path(entry)
    prefix = "/stats/v1/" if root == "stats" else f"/api/{root}/Account/{AUTH_ID}/"
    values = dict.fromkeys(declared.positional_ids(), SAMPLE_ID)
    for name, segment in declared.spec.segments.items():
        values[name] = segment.build(arguments(declared))
    return prefix + path.format_map(values)


def answer_model(declared: Declared) -> Any:
    return RESHAPED.get(declared.spec.id, declared.compiled.model)


def success(entry: dict[str, Any]) -> tuple[int, Any]:
    """How the stand-in server answers: the documented status and example body."""
    status = entry["success_status"] or 200
    if status == 204:
        return 204, None
    return status, entry["response_example"]


async def call(declared: Declared, client: Any, values: dict[str, Any]) -> Any:
    positional = [SAMPLE_ID for _ in declared.positional_ids()]
    result = declared.bound(client)(*positional, **values)
    if isinstance(result, AsyncPaginator):
        return await result
    return await result


# -- coverage -----------------------------------------------------------------------------------


def test_every_catalog_endpoint_is_reachable_once() -> None:
    declared = [endpoint.spec.id for endpoint in ENDPOINTS]
    assert len(declared) == len(set(declared)), "an endpoint is declared by two methods"
    unknown = set(declared) - set(CATALOG)
    assert not unknown, f"declared ids the catalog does not have: {sorted(unknown)}"
    missing = sorted(set(CATALOG) - set(declared))
    print(f"\nreachable endpoints: {len(set(declared))}/{len(CATALOG)}")
    assert not missing, f"{len(missing)} endpoints are not reachable: {missing}"


# -- the declaration agrees with the catalog ----------------------------------------------------


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_method_host_path_and_fixed_query_are_the_catalogs(declared: Declared) -> None:
    entry, spec = declared.catalog, declared.spec
    assert spec.method == entry["method"]
    assert (spec.root, spec.path) == relative_path(entry)
    assert dict(spec.query or {}) == (entry["fixed_query"] or {})
    paginated = typing.get_origin(
        inspect.get_annotations(declared.function, eval_str=True)["return"]
    )
    assert (paginated is AsyncPaginator) == entry["paginated"] or spec.id in (
        "live_call.list",  # paginated in the reference, but answers ids only (list_ids)
    )


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_arguments_agree_with_the_catalog(declared: Declared) -> None:
    entry = declared.catalog
    ours = {param.wire_name: param for param in declared.compiled.params}
    theirs = {p["name"]: p for p in entry["params"] if p["location"] != "path"}
    if declared.compiled.paginated:  # limit/offset are the paginator's (page_size, offset)
        theirs.pop("limit", None)
        theirs.pop("offset", None)
    differing = {name for name in set(ours) ^ set(theirs) if (entry["id"], name) not in DEVIATIONS}
    assert not differing, f"arguments differ from the catalog: {sorted(differing)}"
    for name in set(ours) & set(theirs):
        if (entry["id"], name) in DEVIATIONS:
            continue
        param, documented = ours[name], theirs[name]
        conditional = bool(documented.get("required_condition"))
        assert param.required == (documented["required"] and not conditional), name
        _assert_constraints_agree(entry["id"], param, documented)


def _assert_constraints_agree(endpoint_id: str, param: Param, documented: dict[str, Any]) -> None:
    allowed = documented.get("allowed")
    where = f"{endpoint_id} {documented['name']}"
    if isinstance(allowed, list):
        # A closed set is enforced as the catalog spells it; an open list passes through.
        if param.choices is not None:
            assert param.choices == {str(value) for value in allowed}, where
    elif isinstance(allowed, dict):
        if "min" in allowed:
            assert param.minimum == allowed["min"], where
        if "max" in allowed:
            assert param.maximum == allowed["max"], where
        if "max_length" in allowed:
            assert param.max_length == allowed["max_length"], where
    if documented.get("max_items") is not None:
        assert param.max_items == documented["max_items"], where


# -- what goes on the wire ----------------------------------------------------------------------


def _sent_arguments(declared: Declared, recorded: Any) -> dict[str, Any]:
    if declared.spec.method == "POST":
        assert recorded.query == {}
        return dict(recorded.body or {})
    assert recorded.body is None
    sent = dict(recorded.query)
    for name in declared.spec.query or {}:
        sent.pop(name)
    if declared.compiled.paginated:
        assert sent.pop("limit") == "20"
        assert sent.pop("offset") == "0"
    return sent


def _as_sent(declared: Declared, values: dict[str, Any]) -> dict[str, Any]:
    built = wire(declared, values)
    if declared.spec.method == "POST":
        return json.loads(json.dumps(built))
    return {
        key: ("true" if v is True else "false" if v is False else str(v))
        for key, v in built.items()
    }


@pytest.mark.parametrize("everything", [False, True], ids=["required-only", "every-argument"])
@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
async def test_a_call_sends_what_the_catalog_says(
    server: RecordingServer, declared: Declared, everything: bool
) -> None:
    server.answer(*success(declared.catalog))
    values = arguments(declared, everything=everything)
    async with client_for(server) as client:
        result = await call(declared, client, values)
    recorded = server.requests[-1]
    assert recorded.method == declared.catalog["method"]
    assert recorded.path == expected_target(declared)
    assert _sent_arguments(declared, recorded) == _as_sent(declared, values)
    # Exactly the arguments given, under their wire names: nothing unset is sent.
    model = declared.compiled.model
    if model is None:
        assert result is None
    elif declared.spec.id not in RESHAPED and isinstance(model, type):
        assert isinstance(result, typing.get_origin(model) or model)


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_the_blocking_client_sends_the_same(server: RecordingServer, declared: Declared) -> None:
    server.answer(*success(declared.catalog))
    values = arguments(declared, everything=True)
    with plivo_async.Client(
        AUTH_ID,
        AUTH_TOKEN,
        base_url=server.base_url,
        stats_base_url=server.stats_url,
        rate_limit=None,
        retry=None,
        strict_models=True,
    ) as client:
        method = declared.bound(client)
        positional = [SAMPLE_ID for _ in declared.positional_ids()]
        result = method(*positional, **values)
        if declared.compiled.paginated:
            result = result.first_page()
    recorded = server.requests[-1]
    assert recorded.path == expected_target(declared)
    assert _sent_arguments(declared, recorded) == _as_sent(declared, values)
    if declared.compiled.model is None:
        assert result is None


# -- the documented answer parses into the model ------------------------------------------------


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_the_documented_answers_parse_strictly_into_the_model(declared: Declared) -> None:
    entry = declared.catalog
    model = answer_model(declared)
    examples = [entry["response_example"]] + [
        extra["body"] for extra in entry.get("additional_response_examples") or []
    ]
    examples = [example for example in examples if example]
    if model is None:
        return  # the body is ignored (a 204, or an acknowledgement the method does not return)
    assert examples, f"{entry['id']}: the reference shows no answer for a modelled endpoint"
    converter = get_converter(strict=True)
    for example in examples:
        parsed = converter.structure(example, model)
        origin = typing.get_origin(model) or model
        assert isinstance(parsed, origin)
        if isinstance(parsed, Model) and "api_id" in example:
            assert parsed.api_id == example["api_id"]
        if isinstance(parsed, Page):
            assert len(parsed.objects) == len(example.get("objects", []))


# -- closed sets and ranges are enforced before sending -----------------------------------------


def _constrained() -> list[tuple[Declared, Param]]:
    return [
        (declared, param)
        for declared in ENDPOINTS
        for param in declared.compiled.params
        if param.choices is not None or param.minimum is not None or param.maximum is not None
    ]


def _bounds(param: Param) -> tuple[list[Any], list[Any]]:
    """(accepted, refused) values of a constrained argument."""
    if param.choices is not None:
        accepted: list[Any] = sorted(param.choices)
        if param.ignore_case:
            accepted += [choice.swapcase() for choice in sorted(param.choices)]
        refused: list[Any] = ["not-an-allowed-value"]
        if param.join:
            refused.append(f"{sorted(param.choices)[0]}{param.join}not-an-allowed-value")
        return accepted, refused
    accepted, refused = [], []
    if param.minimum is not None:
        accepted.append(param.minimum)
        refused.append(param.minimum - 1)
    if param.maximum is not None:
        accepted.append(param.maximum)
        refused.append(param.maximum + 1)
    return accepted, refused


@pytest.mark.parametrize(
    ("declared", "param"),
    _constrained(),
    ids=[f"{d.qualname}.{p.name}" for d, p in _constrained()],
)
async def test_every_allowed_value_passes_and_others_are_refused_before_sending(
    server: RecordingServer, declared: Declared, param: Param
) -> None:
    server.answer(*success(declared.catalog))
    accepted, refused = _bounds(param)
    async with client_for(server) as client:
        for value in refused:
            before = len(server.requests)
            with pytest.raises(plivo_async.ValidationError) as caught:
                await call(declared, client, {**arguments(declared), param.name: value})
            assert caught.value.argument == param.name
            assert len(server.requests) == before, "a refused value reached the server"
        for value in accepted:
            await call(declared, client, {**arguments(declared), param.name: value})
            sent = _sent_arguments(declared, server.requests[-1])[param.wire_name]
            if param.choices is not None and not param.join:
                assert sent in param.choices  # the catalog's spelling, whatever case was given
            elif param.array:
                assert sent == str(value).split(str(param.join))
            else:
                assert str(sent) == str(value)


def test_sample_values_are_accepted_by_their_own_checks() -> None:
    # The generator of valid arguments is itself checked: every sample passes its Param.
    for declared in ENDPOINTS:
        for param in declared.compiled.params:
            assert param.convert(sample(param)) is not None
