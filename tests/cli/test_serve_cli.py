"""`infointerview serve`: refusals before anything listens, each one line and exit 2."""

from __future__ import annotations

import gc
import http.client
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from infointerview.web import server as server_module
from infointerview.web.server import allowed_hosts, is_loopback
from tests.cli.helpers import assert_one_error, sha256
from tests.serving import fetch, free_port, start_serve, worker_pids

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
    port = free_port()
    result = cli("serve", "--no-browser", "--port", str(port), "--db", str(notes))
    assert_one_error(result, "is not an infointerview database", "nothing was changed")
    assert sha256(notes) == before


@pytest.mark.parametrize("workers", [["--workers", "2"], []], ids=["--workers 2", "default"])
def test_several_worker_processes_serve_the_demo_network(home: Path, workers: list[str]) -> None:
    if not workers and server_module.default_workers() < 2:
        pytest.skip("this machine has one core: serve runs one process by default")
    server, port = start_serve(home, *workers)
    try:
        pages = [
            fetch(f"http://127.0.0.1:{port}{path}", server)
            for path in ("/overview", "/people", "/")
        ]
        waits = _keep_alive_waits(port, "/static/favicon.svg", times=15)
        answering = worker_pids(server.pid)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "40 people in your network" in pages[0], err
    assert answering is None or len(answering) == 2
    assert "40 people." in pages[1]
    assert "Thank Chloé Martin" in pages[2]  # Today, the home page, from one worker or the other
    # With Nagle's algorithm on (uvicorn#3149), each answer after the first on a kept-alive
    # connection waits about 40 ms for the client's delayed ACK.
    assert sorted(waits)[len(waits) // 2] < 0.035, waits


def _keep_alive_waits(port: int, path: str, *, times: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    waits = []
    try:
        for _ in range(times):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 200
            response.read()
            waits.append(time.perf_counter() - started)
    finally:
        connection.close()
    return waits[1:]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.0.2.7", False),
        ("example.org", False),
    ],
)
def test_loopback_is_recognised_by_address_not_by_spelling(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_off_loopback_only_this_machines_names_and_the_ones_added_are_answered() -> None:
    hosts = allowed_hosts("0.0.0.0", ["careers.example.edu"])
    assert {"localhost", "127.0.0.1", socket.gethostname(), "careers.example.edu"} <= set(hosts)
    assert "evil.example" not in hosts
    assert "" not in hosts


def test_a_server_on_every_address_refuses_a_host_it_was_not_told_about(home: Path) -> None:
    server, port = start_serve(home, "--host", "0.0.0.0")
    try:
        assert "Overview" in fetch(f"http://127.0.0.1:{port}/", server)
        rebound = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": "evil.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=5)
        assert refused.value.code == 400
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in err


def test_a_worker_freezes_what_its_setup_made_so_full_collections_skip_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(server_module.WORKER_DB, str(home / "worker.db"))
    monkeypatch.setenv(server_module.WORKER_HOSTS, "127.0.0.1")
    gc.unfreeze()
    app = server_module.app_for_worker()
    try:
        assert gc.get_freeze_count() > 10_000
        # The app itself is frozen: the collector's generations no longer hold it.
        assert not any(tracked is app for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
        app.state.store.close()


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (16, 2)])
def test_serve_runs_two_processes_by_default_where_it_may_use_two_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int
) -> None:
    # Where the OS says which cores the process may use, that counts; elsewhere, all.
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert server_module.default_workers() == workers
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert server_module.default_workers() == workers
