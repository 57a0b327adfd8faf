"""Every endpoint method's docstring is a reference a user can act on: a summary, the endpoint it
calls, every argument with its allowed values and default, what it returns and what it raises;
``help()`` on the blocking twin shows the same text."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import pytest

from plivo_async import Client
from plivo_async._endpoint import PAGING
from tests._endpoints import ENDPOINTS, Declared
from tests.conftest import AUTH_ID, AUTH_TOKEN

SECTIONS = ("Args", "Returns", "Raises")


def doc(declared: Declared) -> str:
    text = inspect.getdoc(declared.function)
    assert text, f"{declared.qualname} has no docstring"
    return text


def section(text: str, title: str) -> dict[str, str]:
    """A Google-style section's entries: name -> its text, continuation lines joined."""
    match = re.search(rf"^{title}:\n((?: {{4}}.*\n?|\n)+)", text, flags=re.M)
    if match is None:
        return {}
    entries: dict[str, str] = {}
    name = ""
    for line in match.group(1).splitlines():
        head = re.match(r"^ {4}([\w\[\]| ]+?): (.*)$", line)
        if head and not line.startswith(" " * 8):
            name = head.group(1)
            entries[name] = head.group(2)
        elif line.strip():
            entries[name] += " " + line.strip()
    return entries


def endpoint_named(declared: Declared) -> str:
    entry = declared.catalog
    url = entry["path"]
    if declared.spec.root == "stats":
        url = "https://stats.plivo.com" + url
    if declared.spec.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in declared.spec.query.items())
    return f"{declared.spec.method} {url}"


def ids(declared: Declared) -> str:
    return declared.qualname


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_the_docstring_opens_with_a_summary_and_names_its_endpoint(declared: Declared) -> None:
    text = doc(declared)
    assert text.splitlines()[0].strip(), "the first line is the summary"
    flat = " ".join(text.split())
    method, url = endpoint_named(declared).split(" ")
    # One line when it fits, else the method then the path alone (a long path is one word).
    assert f"Endpoint: ``{method} {url}``" in flat or f"Endpoint: ``{method}`` ``{url}``" in flat


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_every_argument_is_documented_with_what_it_allows(declared: Declared) -> None:
    text = doc(declared)
    names = [name for name in inspect.signature(declared.function).parameters if name != "self"]
    args = section(text, "Args")
    assert list(args) == names
    params = {param.name: param for param in declared.compiled.params}
    for name, described in args.items():
        param = params.get(name)
        if param is None:  # a path id or a paging argument
            assert name in declared.positional_ids() + sorted(declared.segment_names() | PAGING), (
                name
            )
            continue
        if param.required:
            assert "Required." in described, name
        else:
            assert "Default: " in described, name
        for choice in param.choices or ():
            assert f'``"{choice}"``' in described, (name, choice)
        for bound in (param.minimum, param.maximum, param.max_length):
            if bound is not None:
                assert str(bound) in described, (name, bound)
        if param.url:
            assert "URL" in described, name


@pytest.mark.parametrize("declared", ENDPOINTS, ids=ids)
def test_what_it_returns_and_raises_is_documented(declared: Declared) -> None:
    text = doc(declared)
    (returned,) = section(text, "Returns")
    annotation = inspect.signature(declared.function).return_annotation
    assert returned.replace(" ", "") == str(annotation).replace(" ", "").replace("builtins.", "")
    raised = section(text, "Raises")
    assert {"APIError", "RateLimitError", "TransportError"} <= set(raised)
    takes_arguments = len(inspect.signature(declared.function).parameters) > 1
    assert ("ValidationError" in raised) == takes_arguments


def _twins() -> Iterator[tuple[Declared, Any]]:
    client = Client(AUTH_ID, AUTH_TOKEN)
    try:
        for declared in ENDPOINTS:
            yield declared, declared.bound(client)
    finally:
        client.close()


def test_help_on_the_blocking_twin_shows_the_same_reference() -> None:
    twins = list(_twins())
    assert len(twins) == len(ENDPOINTS) > 0
    for declared, twin in twins:
        assert inspect.getdoc(twin) == doc(declared), declared.qualname
