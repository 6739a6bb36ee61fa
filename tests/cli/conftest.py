"""Fixtures for CLI tests: run `infointerview` in-process (fast) or as a real subprocess.

Both runners use the autouse ``home`` fixture's INFOINTERVIEW_HOME, so every test
works on its own database in ``tmp_path``. Two things keep the in-process runs fast:
the click command is built once per session (Typer rebuilds it from the function
signatures on every call, most of the cost of a run), and tests that only need a
working database start from a copy of an empty one already at this version's schema
(``migrated``) instead of running the migrations again.

The bad-input tests share a small populated database (``populated``, made once per
module by the CLI itself) and ``unchanged``, a check that a refused command left it alone.
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
import typer

from infointerview.cli import app as app_module
from infointerview.cli import render
from infointerview.cli.app import main
from infointerview.store.database import open_database
from tests.cli.helpers import listing, sha256


@dataclass(frozen=True)
class Result:
    """What one run of the CLI did: its exit code and what it printed on each stream."""

    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        """Return standard output parsed as JSON."""
        return json.loads(self.out)

    @property
    def output(self) -> str:
        """Return standard output and standard error together."""
        return self.out + self.err


class Cli(Protocol):
    """Run ``main(args)`` in-process; ``stdin`` is what a prompt would read."""

    def __call__(self, *args: str, stdin: str = "") -> Result: ...


class RunCli(Protocol):
    """Run ``python [python_options] -m infointerview args`` with the test's environment."""

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        python_options: tuple[str, ...] = (),
        timeout: float = 60,
    ) -> Result: ...


@pytest.fixture(scope="session")
def built_app() -> tuple[typer.Typer, Any]:
    """The Typer app and the click command built from it, made once for the session."""
    app = app_module.build_app()
    return app, typer.main.get_command(app)


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    built_app: tuple[typer.Typer, Any],
) -> Cli:
    """Return a runner for ``main([...])`` that captures exit code, stdout and stderr."""
    app, command = built_app
    build_command = typer.main.get_command
    monkeypatch.setattr(app_module, "build_app", lambda *_args: app)
    monkeypatch.setattr(
        typer.main,
        "get_command",
        lambda typer_app: command if typer_app is app else build_command(typer_app),
    )
    # Output goes to a pipe, not a terminal: pin the width a pipe gets, whatever runs pytest.
    monkeypatch.setenv("COLUMNS", "80")

    def run(*args: str, stdin: str = "") -> Result:
        capsys.readouterr()
        # A fresh console per run, as a new process would have.
        monkeypatch.setattr(render, "_console", None)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        finally:
            # A command may freeze what it leaves, its process ending next (import does):
            # this one goes on, and must still collect the test's garbage.
            gc.unfreeze()
        out, err = capsys.readouterr()
        return Result(code=code, out=out, err=err)

    return run


@pytest.fixture
def run_cli() -> RunCli:
    """Return a runner for the real command in a subprocess (``sys.executable -m``)."""

    def run(
        *args: str,
        env: Mapping[str, str] | None = None,
        python_options: tuple[str, ...] = (),
        timeout: float = 60,
    ) -> Result:
        full_env = dict(os.environ)
        full_env.update(env or {})
        done = subprocess.run(
            [sys.executable, *python_options, "-m", "infointerview", *args],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Result(code=done.returncode, out=done.stdout, err=done.stderr)

    return run


@pytest.fixture
def db_file(home: Path) -> Path:
    """The default SQLite file, inside the test's data folder."""
    return home / "infointerview.db"


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at this version's schema, made once for the session."""
    path = tmp_path_factory.mktemp("template") / "infointerview.db"
    open_database(str(path)).dispose()
    return path


@pytest.fixture
def migrated(db_file: Path, empty_database: Path) -> Path:
    """Put a copy of the empty, migrated database where the default database lives."""
    db_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty_database, db_file)
    return db_file


@dataclass(frozen=True)
class Snapshot:
    """Everything a failed command must leave as it was."""

    files: list[str]
    digest: str
    people: str


POPULATION: list[tuple[str, ...]] = [
    ("person", "add", "Maya Chen", "--org", "Acme"),
    ("person", "add", "Maya Lopez"),
    ("person", "add", "Sam Ortiz"),
    ("target", "add", "UX Researcher"),
    ("target", "add", "UX Designer"),
    ("conversation", "new", "Sam", "--target", "UX Researcher"),
]


@pytest.fixture(scope="module")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once by the CLI: two Mayas, Sam, two UX targets, one draft conversation."""
    folder = tmp_path_factory.mktemp("populated")
    path = folder / "infointerview.db"
    printed = io.StringIO()
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        redirect_stdout(printed),
        redirect_stderr(printed),
    ):
        monkeypatch.setenv("INFOINTERVIEW_HOME", str(folder))
        monkeypatch.delenv("INFOINTERVIEW_DB", raising=False)
        for args in POPULATION:
            assert main(list(args)) == 0, (args, printed.getvalue())
    return path


@pytest.fixture
def populated(db_file: Path, populated_template: Path) -> Path:
    """A copy of the populated database as the test's default database."""
    db_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(populated_template, db_file)
    return db_file


@pytest.fixture
def unchanged(cli: Cli, populated: Path, tmp_path: Path) -> Callable[[], None]:
    """Snapshot the populated data; return a check that nothing about it changed."""

    def take() -> Snapshot:
        files, digest = listing(tmp_path), sha256(populated)
        return Snapshot(files=files, digest=digest, people=cli("person", "list", "--json").out)

    before = take()

    def check() -> None:
        assert take() == before

    return check
