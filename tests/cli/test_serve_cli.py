"""`infointerview serve`: refusals before anything listens, each one line and exit 2."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli.helpers import assert_one_error, sha256

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


def test_a_port_already_in_use_is_refused_naming_it(cli: Cli, home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--no-browser", "--port", str(port))
    assert_one_error(result, f"port {port} on 127.0.0.1 is already in use")
    assert not (home / "infointerview.db").exists()


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_refused(cli: Cli, port: str) -> None:
    result = cli("serve", "--no-browser", "--port", port)
    assert result.code == 2
    assert "--port" in result.err
    assert "Traceback" not in result.err


def test_an_address_this_machine_does_not_have_is_refused(cli: Cli) -> None:
    result = cli("serve", "--no-browser", "--host", "192.0.2.1", "--port", "8765")
    assert_one_error(result, "cannot listen on 192.0.2.1:8765")


def test_a_file_that_is_not_a_database_is_refused_before_serving(cli: Cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"name,email\nMaya,maya@acme.example\n")
    before = sha256(notes)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("serve", "--no-browser", "--port", str(port), "--db", str(notes))
    assert_one_error(result, "is not an infointerview database", "nothing was changed")
    assert sha256(notes) == before
