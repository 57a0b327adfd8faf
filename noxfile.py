"""Developer tasks: `nox` runs tests (every supported Python found), lint and typecheck;
`nox -s sdist docs bench mutate` the others."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import nox

#: Every Python the package supports (requires-python and the classifiers say the same).
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"
# A Python missing here is skipped (nox says so), not an error, and never downloaded.
nox.options.error_on_missing_interpreters = False
if hasattr(nox.options, "download_python"):  # nox >= 2025
    nox.options.download_python = "never"


def _runs(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", ""], capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def _add_pyenv_pythons_to_path() -> None:
    """Let nox find `python3.X` where only pyenv has it.

    pyenv's shims answer `python3.X` only for the versions selected with `pyenv global` or
    `pyenv local`, and fail for the others: put those versions' own bin directories first.
    """
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
    versions = Path(root.stdout.strip()) / "versions"
    found: list[str] = []
    for python in PYTHONS:
        command = shutil.which(f"python{python}")
        if command is not None and _runs(command):
            continue
        pattern = re.compile(rf"{re.escape(python)}\.(\d+)")
        candidates = sorted(
            (
                (int(match.group(1)), entry / "bin")
                for entry in (versions.iterdir() if versions.is_dir() else ())
                if (match := pattern.fullmatch(entry.name))
            ),
            reverse=True,  # the newest patch release first
        )
        for _, bin_dir in candidates:
            if _runs(str(bin_dir / f"python{python}")):
                found.append(str(bin_dir))
                break
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_add_pyenv_pythons_to_path()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite (warnings are errors), on each supported Python present."""
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
def sdist(session: nox.Session) -> None:
    """Build the sdist, then install it with its test extra and run its own tests, unpacked."""
    session.install("build")
    with tempfile.TemporaryDirectory(prefix="plivo-async-sdist-") as tmp:
        work = Path(tmp)
        session.run("python", "-m", "build", "--sdist", "--outdir", str(work / "dist"))
        (archive,) = (work / "dist").glob("*.tar.gz")
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):  # refuse odd members (3.10.12+, 3.11.4+)
                tar.extraction_filter = tarfile.data_filter
            tar.extractall(work / "src")
        (tree,) = (work / "src").iterdir()
        # Installed as a user would (not -e), run from the unpacked tree: nothing of this checkout.
        session.install(f"{tree}[test]")
        checkout = Path.cwd()
        session.chdir(tree)
        try:
            session.run("python", "-m", "pytest", "-p", "no:cacheprovider", *session.posargs)
        finally:
            session.chdir(checkout)  # before the temporary directory goes


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


MUTMUT_CONFIG = """\
[mutmut]
source_paths = plivo_async
only_mutate =
    plivo_async/_retry.py
    plivo_async/_ratelimit.py
pytest_add_cli_args_test_selection =
    tests/test_retry.py
    tests/test_retry_budget.py
    tests/test_ratelimit.py
    tests/test_post_safety.py
    tests/test_connect_phase.py
    tests/test_deadline.py
"""


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut) of the retry and rate-limit core, in a scratch copy of the tree.

    `mutants/` never lands in the project; the copy's path is logged for `mutmut show NAME`.
    `nox -s mutate -- --max-children 2` passes options to `mutmut run`.
    """
    session.install("-e", ".[test]", "mutmut")
    scratch = Path(tempfile.mkdtemp(prefix="plivo-async-mutate-")) / "tree"
    ignored = shutil.ignore_patterns(".git", ".nox", ".venv", "mutants", "__pycache__", "site")
    shutil.copytree(Path(__file__).parent, scratch, ignore=ignored)
    (scratch / "setup.cfg").write_text(MUTMUT_CONFIG)  # read because pyproject has no [tool.mutmut]
    session.log(f"mutating in {scratch}")
    with session.chdir(scratch):
        session.run("mutmut", "run", *session.posargs)
        session.run("mutmut", "results")
