"""``plivo-async``: the command line (``plivo-async dial NUMBERS.csv ...``).

Needs the ``cli`` extra (``pip install 'plivo-async[cli]'``: click and rich); importing
``plivo_async`` never imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

_MISSING = (
    "plivo-async: the command line needs the cli extra: python -m pip install 'plivo-async[cli]'"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``: the arguments, default ``sys.argv[1:]``); returns the
    exit status."""
    try:
        from ._app import cli
    except ImportError as error:
        if error.name in ("click", "rich") or str(error.name).startswith("rich."):
            print(_MISSING, file=sys.stderr)
            return 2
        raise
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="plivo-async")
    except SystemExit as exit:
        code = exit.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
