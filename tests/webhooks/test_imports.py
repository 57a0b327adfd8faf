"""The webhooks package is imported on demand, and its Starlette glue only when asked for."""

from __future__ import annotations

import subprocess
import sys


def _loaded(statement: str) -> set[str]:
    code = f"{statement}; import sys; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_sdk_imports_no_webhooks_nor_frameworks() -> None:
    loaded = _loaded("import plivo_async")
    assert "plivo_async.webhooks" not in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("starlette", "fastapi")}


def test_importing_webhooks_does_not_import_starlette() -> None:
    loaded = _loaded("import plivo_async.webhooks, plivo_async.webhooks.aiohttp")
    assert "plivo_async.webhooks.aiohttp" in loaded
    assert "starlette" not in loaded
