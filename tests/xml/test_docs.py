"""docs/xml.md: every snippet runs, and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "xml.md"
SNIPPETS = re.findall(
    r"```python\n(.*?)```(?:\n\nprints\n\n```xml\n(.*?)```)?", PAGE.read_text(), re.S
)


def expected_lines(code: str) -> list[str]:
    """The ``# ...`` comments of the print lines, as patterns (``...`` is anything)."""
    comments = re.findall(r"^\s*print\(.*\)  # (.*)$", code, re.M)
    return [".*".join(map(re.escape, comment.split("..."))) for comment in comments]


@pytest.mark.parametrize(
    ("code", "shown"), SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))]
)
def test_snippet_runs_and_prints_what_the_page_shows(code: str, shown: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(PAGE), "exec"), {})
    printed = out.getvalue()
    if shown:
        assert printed == shown
    patterns = expected_lines(code)
    if patterns:
        lines = printed.splitlines()
        assert len(lines) == len(patterns)
        for line, pattern in zip(lines, patterns, strict=True):
            assert re.fullmatch(pattern, line), (line, pattern)
    assert printed


def test_the_page_has_its_snippets() -> None:
    assert len(SNIPPETS) >= 5
