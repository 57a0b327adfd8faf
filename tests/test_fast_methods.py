"""The written-out endpoint methods (``_fast_methods``) do exactly what their declaration does.

Every plain endpoint method is called twice with the same arguments, once as declared (the
generic ``locals()`` path) and once written out, against a client whose ``_call`` records what it
is handed: the request (verb, path, body or query, bucket, root, cost, parser) or the
``ValidationError`` must be the same, for valid calls and for each kind of refusal.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plivo_async
from plivo_async import ValidationError
from plivo_async._endpoint import Arg, compiled, endpoint
from plivo_async._fast_methods import is_plain, unchanged_if
from plivo_async._resources import AsyncResource
from plivo_async._resources._calls import AsyncCalls
from plivo_async._validation import Param
from tests._endpoints import ENDPOINTS, OVERRIDES, SAMPLE_ID, Declared, arguments
from tests.conftest import AUTH_ID, AUTH_TOKEN

WRITTEN_OUT = [d for d in ENDPOINTS if d.compiled.written_out is not None]


class Recorded(Exception):
    """Raised by the recording ``_call`` so that nothing is sent."""

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__("recorded")
        self.call = (args, kwargs)


@pytest.fixture
def client() -> plivo_async.AsyncClient:
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, rate_limit=None)

    async def record(*args: Any, **kwargs: Any) -> Any:
        raise Recorded(args, kwargs)

    client._call = record  # type: ignore[method-assign]
    return client


async def outcome(function: Any, resource: Any, kwargs: dict[str, Any]) -> tuple[str, Any]:
    """What one call hands ``_call``, or the refusal it raises."""
    try:
        await function(resource, **kwargs)
    except Recorded as recorded:
        args, options = recorded.call
        # Key order too: it is the order of the JSON body and of the query string.
        ordered = {k: list(v.items()) if isinstance(v, dict) else v for k, v in options.items()}
        return "sent", (args, ordered)
    except ValidationError as error:
        return "refused", (error.argument, str(error))
    except TypeError as error:
        return "type error", str(error)
    raise AssertionError("the call neither reached _call nor was refused")


async def both(declared: Declared, client: Any, kwargs: dict[str, Any]) -> None:
    resource = getattr(client, declared.resource)
    written = declared.compiled.written_out
    expected = await outcome(declared.function, resource, kwargs)
    assert await outcome(written, resource, kwargs) == expected


def call_kwargs(declared: Declared, *, everything: bool = False) -> dict[str, Any]:
    kwargs = arguments(declared, everything=everything)
    for name in declared.positional_ids():
        kwargs[name] = SAMPLE_ID
    return kwargs


def test_the_plain_methods_are_written_out_and_the_others_keep_their_code() -> None:
    for declared in ENDPOINTS:
        plain = is_plain(declared.function) and not declared.spec.segments
        assert (declared.compiled.written_out is not None) == plain, declared.qualname
    # The hot path of this SDK (and of the bulk dialer) is among them.
    assert compiled(AsyncCalls.create).written_out is not None
    assert len(WRITTEN_OUT) > len(ENDPOINTS) // 3


@pytest.mark.parametrize("declared", WRITTEN_OUT, ids=lambda d: d.qualname)
async def test_a_written_out_method_sends_what_its_declaration_sends(
    declared: Declared, client: Any
) -> None:
    await both(declared, client, call_kwargs(declared))
    await both(declared, client, call_kwargs(declared, everything=True))


@pytest.mark.parametrize("declared", WRITTEN_OUT, ids=lambda d: d.qualname)
async def test_a_written_out_method_refuses_what_its_declaration_refuses(
    declared: Declared, client: Any
) -> None:
    valid = call_kwargs(declared, everything=True)
    for param in declared.compiled.params:
        await both(declared, client, {**valid, param.name: object()})  # wrong type
        if param.required:
            await both(declared, client, {**valid, param.name: None})
    for name in declared.positional_ids():
        await both(declared, client, {**valid, name: ".."})
    # Several faults at once: the first check to run names its argument, in both.
    await both(declared, client, {name: object() for name in valid})
    # Without what its rules across arguments need (``OVERRIDES``), a rule refuses the call.
    await both(declared, client, {**call_kwargs(declared), **dict.fromkeys(
        OVERRIDES.get(declared.spec.id, {}))})


@pytest.mark.parametrize("value", ["   ", "\t", "", "\u00e9", "\ud800", "x", 1])
@pytest.mark.parametrize("name", ["from_", "answer_url", "answer_method", "caller_name"])
async def test_calls_create_written_out_checks_each_string_alike(
    name: str, value: Any, client: Any
) -> None:
    declared = next(d for d in ENDPOINTS if d.qualname == "calls.create")
    await both(declared, client, {**call_kwargs(declared), name: value})


@pytest.mark.parametrize(
    "to", ["1<2", "1<2<3", "1<<2", "<1", "1<", "<", " < ", "1< 2", "\u00e9<1", ["1", "2"]]
)
async def test_calls_create_written_out_joins_and_charges_destinations_alike(
    to: Any, client: Any
) -> None:
    declared = next(d for d in ENDPOINTS if d.qualname == "calls.create")
    await both(declared, client, {**call_kwargs(declared), "to": to})


VALUES = (
    st.none()
    | st.text(max_size=8)
    | st.integers(-3, 70_000)
    | st.booleans()
    | st.sampled_from(["14155550100<14155550101", "https://example.test/a", "POST", "get"])
)
CREATE_ARGUMENTS = ("from_", "to", "answer_url", "answer_method", "time_limit", "caller_name",
                    "machine_detection_time", "send_on_preanswer", "ring_url")


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries(dict.fromkeys(CREATE_ARGUMENTS, VALUES)))
async def test_calls_create_written_out_agrees_on_any_arguments(values: dict[str, Any]) -> None:
    client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN, rate_limit=None)

    async def record(*args: Any, **kwargs: Any) -> Any:
        raise Recorded(args, kwargs)

    client._call = record  # type: ignore[method-assign]
    declared = next(d for d in ENDPOINTS if d.qualname == "calls.create")
    await both(declared, client, values)


async def test_the_first_call_puts_the_written_out_method_on_the_class(client: Any) -> None:
    declared = next(d for d in ENDPOINTS if d.qualname == "calls.get")
    written = declared.compiled.written_out
    with pytest.raises(Recorded):
        await client.calls.get("c-1")
    assert vars(AsyncCalls)["get"] is written
    # What introspection, help() and the sync twin's tests see is still the declaration.
    assert written.__wrapped__ is declared.function
    assert inspect.signature(written) == inspect.signature(declared.function)
    assert written.__doc__ == declared.function.__doc__
    assert compiled(written) is declared.compiled


async def test_a_patched_method_is_left_in_place(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = next(d for d in ENDPOINTS if d.qualname == "calls.hangup")
    seen = []

    @functools.wraps(declared.function)  # as a tracing decorator would
    async def spy(self: Any, call_uuid: str) -> Any:
        seen.append(call_uuid)
        return await declared.function(self, call_uuid)

    monkeypatch.setattr(AsyncCalls, "hangup", spy)
    for _ in range(2):
        with pytest.raises(Recorded):
            await client.calls.hangup("c-1")
    assert vars(AsyncCalls)["hangup"] is spy
    assert seen == ["c-1", "c-1"]


Size = Annotated[int | None, Arg(minimum=1)]


class Widgets(AsyncResource):
    """A resource whose method does more than delegate: its own code must run."""

    @endpoint("GET", "Widget/{widget_id}/", id="widget.get")
    async def get(self, widget_id: str, *, size: Size = None) -> None:
        """Get a widget, then say so."""
        await self._send(self.get, locals())
        return None

    @endpoint("GET", "Widget/", id="widget.list")
    async def plain(self, *, size: Size = None) -> None:
        """Plain: written out."""
        return await self._send(self.plain, locals())


async def test_a_method_with_its_own_body_is_not_written_out(client: Any) -> None:
    widgets = Widgets(client)
    assert compiled(Widgets.get).written_out is None
    assert compiled(Widgets.plain).written_out is not None
    with pytest.raises(Recorded) as recorded:
        await widgets.get("w-1", size=3)
    assert recorded.value.call[0][:2] == ("GET", "Widget/w-1/")
    assert recorded.value.call[1]["query"] == {"size": "3"}
    assert vars(Widgets)["get"].__code__.co_name == "get"
    assert getattr(vars(Widgets)["get"], "__wrapped__", None) is None
    with pytest.raises(ValidationError, match="size: must be >= 1"):
        await widgets.plain(size=0)


SHORTCUT_VALUES = (
    VALUES
    | st.sampled_from(["wss://example.test/s", "aleg", "a,b", " x", "x ", "", "   ", "\t",
                       "\u00e9", "\ud800", 2**63, -(2**63) - 1, 1.5])
    | st.lists(st.text(max_size=4), max_size=3)
)
#: Every argument of every endpoint that has an inline shortcut.
SHORTCUTS = {
    f"{d.qualname}:{param.name}": param
    for d in ENDPOINTS
    for param in d.compiled.params
    if unchanged_if(param, "value", {}) is not None
}


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(SHORTCUTS)), SHORTCUT_VALUES)
def test_an_inline_shortcut_only_passes_what_convert_returns_unchanged(
    key: str, value: Any
) -> None:
    param = SHORTCUTS[key]
    namespace: dict[str, Any] = {}
    guard = unchanged_if(param, "value", namespace)
    assert guard is not None
    for url in ("https://example.test/a", "wss://example.test/s"):  # now in the accepted cache
        with contextlib.suppress(ValidationError):
            param.convert(url)
    if eval(guard, namespace, {"value": value}):  # the expression under test
        assert param.convert(value) is value


async def test_a_traceback_through_a_written_out_method_shows_its_lines(client: Any) -> None:
    import traceback

    with pytest.raises(Recorded):
        await client.calls.create(from_="14155550100", to="14155550101",
                                  answer_url="https://example.test/a")
    with pytest.raises(ValidationError) as refused:
        await client.calls.create(from_="14155550100", to="14155550101", answer_url="answer.xml")
    rendered = "".join(traceback.format_exception(refused.value))
    assert "<plivo_async endpoint plivo_async._resources._calls.AsyncCalls.create>" in rendered
    assert "_e_convert_answer_url(answer_url)" in rendered


def test_an_argument_with_choices_and_a_url_has_no_shortcut() -> None:
    param = Param("sound", choices=frozenset({"none"}), url="http")
    assert unchanged_if(param, "value", {}) is None
    with pytest.raises(ValidationError, match="sound: must be an absolute http"):
        param.convert("none")


class Gadgets(AsyncResource):
    @endpoint("GET", "Gadget/{gadget_id}/", id="gadget.get")
    async def get(self, gadget_id: str) -> None:
        """Plain."""
        return await self._send(self.get, locals())


class TracedGadgets(Gadgets):
    """Overrides ``_request``: its methods must keep going through it."""

    traced: list[str]

    async def _request(self, endpoint: Any, values: Any, model: Any, extra: Any = None) -> Any:
        self.traced.append(values["gadget_id"])
        return await super()._request(endpoint, values, model, extra)


async def test_a_resource_overriding_request_keeps_its_declared_methods(client: Any) -> None:
    traced = TracedGadgets(client)
    traced.traced = []
    for gadget in ("g-1", "g-2", "g-3"):
        with pytest.raises(Recorded):
            await traced.get(gadget)
    assert traced.traced == ["g-1", "g-2", "g-3"]
    assert getattr(vars(Gadgets)["get"], "__wrapped__", None) is None
