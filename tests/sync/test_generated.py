"""The committed blocking resource classes are what the generator writes today."""

from __future__ import annotations

import ast
import importlib
import shutil
from pathlib import Path

import pytest

from plivo_async._sync import _generate


def test_generated_resources_are_fresh() -> None:
    committed = _generate.TARGET.read_text()
    assert _generate.render() == committed, (
        "plivo_async/_sync/_resources.py is stale: an async resource changed. "
        "Run `python plivo_async/_sync/_generate.py` and commit the result."
    )


def test_generated_asynchronous_mode_views_are_fresh() -> None:
    assert _generate.render_callbacks() == _generate.CALLBACK_TARGET.read_text(), (
        "plivo_async/_resources/_with_callback.py is stale: run the generator and commit it"
    )
    assert _generate.render_sync_callbacks() == _generate.SYNC_CALLBACK_TARGET.read_text(), (
        "plivo_async/_sync/_with_callback.py is stale: run the generator and commit it"
    )


def test_import_plivo_async_loads_neither_the_blocking_client_nor_the_views() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, plivo_async; "
        "print(sorted(m for m in sys.modules if m.startswith(('plivo_async._sync', "
        "'plivo_async._async_mode', 'plivo_async._resources._with_callback'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_generator_covers_every_async_resource_class() -> None:
    resources = importlib.import_module("plivo_async._resources")
    generated = importlib.import_module("plivo_async._sync._resources")
    async_names = {
        name for name in resources.__all__ if name.startswith("Async") and name != "AsyncResource"
    }
    assert async_names
    assert set(generated.__all__) == {name.removeprefix("Async") for name in async_names}


def test_every_generated_method_is_blocking_and_runs_on_the_portal() -> None:
    tree = ast.parse(_generate.render())
    methods = [
        item
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef)
    ]
    assert methods
    for node in ast.walk(tree):
        assert not isinstance(node, (ast.AsyncFunctionDef, ast.Await))
    for method in methods:
        source = ast.unparse(method)
        assert "self._portal" in source, f"{method.name} does not go through the portal"


def _copy_resources(tmp_path: Path) -> Path:
    shutil.copytree(Path(_generate.PACKAGE_DIR) / "_resources", tmp_path / "_resources")
    return tmp_path


def test_a_changed_async_signature_makes_the_committed_file_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _copy_resources(tmp_path)
    calls = package / "_resources" / "_calls.py"
    source = calls.read_text()
    old = "    async def hangup(self, call_uuid: str) -> None:"
    assert old in source
    calls.write_text(
        source.replace(
            old, "    async def hangup(self, call_uuid: str, *, cause: int = 1) -> None:"
        )
    )
    monkeypatch.setattr(_generate, "PACKAGE_DIR", package)

    rendered = _generate.render()

    assert rendered != _generate.TARGET.read_text()
    assert "def hangup(self, call_uuid: str, *, cause: int = 1) -> None:" in rendered
    assert "self._async.hangup, call_uuid, cause=cause" in rendered


THINGS = '''
from __future__ import annotations

from .._models import Call
from .._pagination import AsyncPaginator
from ._base import AsyncResource


class AsyncThings(AsyncResource):
    """Things: a docstring with "quotes", a \\\\backslash and \\"\\"\\"triple quotes\\"\\"\\"."""

    async def get(
        self, thing_id: str, /, *extra: int, mode: str = "a'b", **options: str
    ) -> Call:
        """One thing.

        Second paragraph.
        """

    def list(self, *, limit: int | None = None) -> AsyncPaginator[Call]:
        """Every thing."""
'''


def test_generator_keeps_every_kind_of_parameter_and_docstring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = tmp_path / "_resources"
    resources.mkdir()
    (resources / "__init__.py").write_text(
        "from ._base import AsyncResource\nfrom ._things import AsyncThings\n"
    )
    (resources / "_things.py").write_text(THINGS)
    monkeypatch.setattr(_generate, "PACKAGE_DIR", tmp_path)

    generated = ast.parse(_generate.render())
    original = ast.parse(THINGS)

    (async_class,) = [n for n in original.body if isinstance(n, ast.ClassDef)]
    (sync_class,) = [n for n in generated.body if isinstance(n, ast.ClassDef)]
    assert sync_class.name == "Things"
    assert ast.get_docstring(sync_class) == ast.get_docstring(async_class)
    async_methods = {
        n.name: n for n in async_class.body if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)
    }
    sync_methods = {n.name: n for n in sync_class.body if isinstance(n, ast.FunctionDef)}
    assert sync_methods.keys() == async_methods.keys()
    for name, method in sync_methods.items():
        assert ast.dump(method.args) == ast.dump(async_methods[name].args)
        assert ast.get_docstring(method) == ast.get_docstring(async_methods[name])
    list_returns = sync_methods["list"].returns
    assert list_returns is not None
    assert ast.unparse(list_returns) == "SyncPaginator[Call]"
    get_body = ast.unparse(sync_methods["get"].body[-1])
    assert get_body == (
        "return self._portal.call(self._async.get, thing_id, *extra, mode=mode, **options)"
    )
