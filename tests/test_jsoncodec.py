"""The JSON codec works with and without the optional orjson."""

from __future__ import annotations

import importlib
import sys

import pytest

from plivo_async import _jsoncodec

SAMPLE = {"from": "14155550100", "to": "1<2", "answer_url": "https://é.test/", "n": 3, "b": False}


@pytest.fixture
def stdlib_codec(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "orjson", None)  # makes ``import orjson`` fail
    yield importlib.reload(_jsoncodec)
    monkeypatch.undo()
    importlib.reload(_jsoncodec)


def test_stdlib_fallback_round_trips_and_refuses_garbage(stdlib_codec) -> None:  # type: ignore[no-untyped-def]
    assert stdlib_codec.BACKEND == "stdlib"
    assert stdlib_codec.loads(stdlib_codec.dumps(SAMPLE)) == SAMPLE
    with pytest.raises(ValueError):  # noqa: PT011 - any JSON error is a ValueError
        stdlib_codec.loads(b"<html>")


def test_installed_codec_round_trips_and_refuses_garbage() -> None:
    assert _jsoncodec.loads(_jsoncodec.dumps(SAMPLE)) == SAMPLE
    with pytest.raises(ValueError):  # noqa: PT011 - any JSON error is a ValueError
        _jsoncodec.loads(b"<html>")
