"""`serve --workers N`: connections taken in turn by the workers, which are kept running."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from infointerview.web import handoff
from tests.serving import PROC, connections_held, fetch, start_serve, worker_pids

pytestmark = pytest.mark.skipif(
    not (handoff.available() and PROC.is_dir()),
    reason="hands connections over with SCM_RIGHTS and watches them through /proc",
)


@pytest.fixture
def two_workers(home: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`serve --demo --workers 2` on a free port, answering; stopped afterwards."""
    server, port = start_serve(home, "--workers", "2")
    try:
        fetch(f"http://127.0.0.1:{port}/", server)
        yield server, port
    finally:
        if server.poll() is None:
            server.terminate()
        server.communicate(timeout=30)


def _workers(server: subprocess.Popen[str], count: int) -> list[int]:
    """Wait until ``server`` has ``count`` workers; return their ids."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = worker_pids(server.pid) or []
        if len(pids) == count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"{server.pid} did not get {count} workers: {worker_pids(server.pid)}")


def _serving(server: subprocess.Popen[str], port: int) -> list[int]:
    """Wait until both of ``server``'s workers answer; return their ids.

    Connections go only to workers that are ready, so two held at once land on one
    worker each only when both are.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = _workers(server, 2)
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in pids]
        try:
            for client in clients:
                client.request("GET", "/static/favicon.svg")
            for client in clients:
                client.getresponse().read()
            if [connections_held(pid, port) for pid in pids] == [1, 1]:
                return pids
        finally:
            for client in clients:
                client.close()
        time.sleep(0.2)
    raise AssertionError(f"the workers of {server.pid} did not both answer")


def test_connections_opened_at_once_go_to_the_workers_in_turn(
    two_workers: tuple[subprocess.Popen[str], int],
) -> None:
    server, port = two_workers
    pids = _serving(server, port)
    clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(8)]
    try:
        for client in clients:
            client.connect()
        for client in clients:
            client.request("GET", "/static/favicon.svg")
        for client in clients:
            response = client.getresponse()
            assert response.status == 200
            response.read()
        # uvicorn's own workers, sharing one socket, split these 6:2 or 7:1 as often as not.
        assert [connections_held(pid, port) for pid in pids] == [4, 4]
    finally:
        for client in clients:
            client.close()


def test_a_worker_that_dies_is_replaced_and_every_page_still_answers(
    two_workers: tuple[subprocess.Popen[str], int],
) -> None:
    server, port = two_workers
    # One that dies before it serves is failing, and stops the server (below).
    dead, alive = _serving(server, port)
    os.kill(dead, signal.SIGKILL)
    pages = [fetch(f"http://127.0.0.1:{port}/people", server) for _ in range(6)]
    assert all("40 people." in page for page in pages)
    replaced = _workers(server, 2)
    assert alive in replaced
    assert dead not in replaced


def test_a_worker_that_dies_before_it_serves_stops_the_server_with_a_message(
    home: Path,
) -> None:
    server, _ = start_serve(home, "--workers", "2")
    try:
        dead, _ = _workers(server, 2)
        os.kill(dead, signal.SIGKILL)
        _, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == 2
    assert "a worker process stopped before it could serve" in err
    assert "Traceback" not in err


def test_stopping_the_server_stops_its_workers_quietly(
    two_workers: tuple[subprocess.Popen[str], int],
) -> None:
    server, port = two_workers
    pids = _serving(server, port)
    server.terminate()
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert err == ""
    assert not [pid for pid in pids if (PROC / str(pid)).exists()]
