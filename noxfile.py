"""Developer tasks: `nox -s tests lint typecheck docs bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite (warnings are errors)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the whole tree."""
    session.install("ruff")
    session.run("ruff", "check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package."""
    session.install("-e", ".[test]")
    session.run("mypy", "--strict", "plivo_async")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into site/."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", "--config-file", "docs/mkdocs.yml")


@nox.session
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks (see benchmarks/README.md); `nox -s bench -- --quick` to smoke-test.

    benchmarks/run.py installs nginx with apt-get when it is missing (root on Debian), else
    falls back to the simulator; `-- --no-install` skips that.
    """
    session.install("-e", ".[bench]")
    session.run("python", "benchmarks/run.py", *session.posargs)
