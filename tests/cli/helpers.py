"""Plain helpers shared by the bad-input CLI tests: file digests, listings, refusal checks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Result


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """Return every file and folder below ``folder``, relative and sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def case(args: tuple[str, ...], message: str) -> object:
    """Return a parameter set, named after its command line, of that line and expected text."""
    return pytest.param(args, message, id=" ".join(args)[:60])


def assert_one_error(result: Result, *fragments: str) -> str:
    """Check a refusal: exit 2, one `infointerview: error:` line, no traceback; return it."""
    assert "Traceback" not in result.output
    assert result.code == 2, result.output
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("infointerview: error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.out == ""
    return lines[0]


def assert_usage_error(result: Result, *fragments: str) -> None:
    """Check click's usage error: exit 2, one `Error:` line after the usage, no traceback."""
    assert "Traceback" not in result.output
    assert result.code == 2, result.output
    assert result.err.startswith("Usage: infointerview ")
    [line] = [line for line in result.err.splitlines() if line.startswith("Error: ")]
    for fragment in fragments:
        assert fragment in line
    assert result.out == ""


def run_checking_sqlalchemy(*args: str) -> tuple[str, bool]:
    """Run ``infointerview ARGS`` in a fresh interpreter; return its standard output and
    whether SQLAlchemy was imported. The command must succeed."""
    out, loaded = run_checking_imports(*args)
    return out, "sqlalchemy" in loaded


def run_checking_imports(*args: str) -> tuple[str, set[str]]:
    """Run ``infointerview ARGS`` in a fresh interpreter; return its standard output and
    which of the heavy packages (SQLAlchemy, Pydantic, Rich) it imported. The command
    must succeed."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from infointerview.cli.launch import main\n"
        f"sys.argv = ['infointerview', *{list(args)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(' '.join(m for m in ('sqlalchemy', 'pydantic', 'rich') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout, set(done.stderr.split())
