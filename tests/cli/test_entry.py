"""The entry points: ``plivo_async`` never imports the CLI's libraries, and a missing ``cli``
extra is a clear message, not a traceback."""

from __future__ import annotations

import subprocess
import sys


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_importing_the_sdk_and_bulk_imports_neither_click_nor_rich() -> None:
    done = python(
        "import sys, plivo_async, plivo_async.bulk, plivo_async.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich')))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_the_cli_extra_the_command_says_how_to_install_it() -> None:
    done = python(
        "import sys\n"
        "sys.modules['click'] = None  # as if click were not installed\n"
        "from plivo_async.cli import main\n"
        "sys.exit(main(['dial', '--help']))"
    )
    assert done.returncode == 2
    assert "python -m pip install 'plivo-async[cli]'" in done.stderr
    assert "Traceback" not in done.stderr
