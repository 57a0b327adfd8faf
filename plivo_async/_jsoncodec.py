"""JSON for the hot path: orjson (a dependency wherever it ships wheels), else the stdlib.

``pip install plivo-async`` brings orjson on CPython for Linux, macOS and Windows on x86-64 and
ARM64 (see the marker in pyproject.toml); elsewhere the stdlib codec below is used, and it sends
the same bytes for every body the SDK builds.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson  # type: ignore[import-not-found, unused-ignore]
except ImportError:
    orjson = None  # type: ignore[assignment, unused-ignore]

#: Which implementation is in use (reported by the benchmarks).
BACKEND = "stdlib" if orjson is None else "orjson"

if orjson is not None:

    def dumps(value: Any) -> bytes:
        # orjson's result keeps its 4 KiB growth buffer; a right-sized copy (~0.25 µs) saves
        # that for every request body held while on the wire.
        return memoryview(orjson.dumps(value)).tobytes()

    loads = orjson.loads

else:
    # Built once: ``json.dumps`` with any option builds a new encoder on every call. Compact and
    # UTF-8 as orjson writes it (no spaces, non-ASCII unescaped).
    _encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

    def dumps(value: Any) -> bytes:
        return _encode(value).encode()

    def loads(data: bytes | str) -> Any:
        try:
            return json.loads(data)
        except RecursionError:
            # orjson refuses depth > 1024 with a ValueError; the stdlib recurses until Python
            # stops it. Both mean "not a body we can use".
            raise ValueError("JSON nested too deeply") from None
