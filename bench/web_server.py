"""The server bench/web.py loads: ``infointerview serve`` in a subprocess, and its CPU time."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def _free_port() -> int:
    """Return a loopback port that nothing listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _command() -> list[str]:
    """Return how to run the CLI: the venv's script beside Python, else ``-m``."""
    script = Path(sys.executable).with_name("infointerview")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infointerview"]


@dataclass(frozen=True, slots=True)
class Server:
    """The running server: where it listens, and its process."""

    port: int
    pid: int

    def cpu_seconds(self) -> float | None:
        """Return the CPU time (user + system) the server and its worker processes have
        used, None if the OS won't say."""
        own = _process_stat(self.pid)
        if own is None:
            return None
        total = own[1]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                child = _process_stat(int(entry.name))
                if child is not None and child[0] == self.pid:
                    total += child[1]
        return total / os.sysconf("SC_CLK_TCK")


def _process_stat(pid: int) -> tuple[int, int] | None:
    """Return a process's parent id and its CPU ticks (user + system), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The fields after the command name, which is in parentheses and may hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


@contextmanager
def running_server(db: Path, home: Path, workers: int | None = None) -> Iterator[Server]:
    """Run ``infointerview serve`` on ``db``, yield it once it answers, and stop it after.

    ``workers`` None leaves the number of processes to `serve`'s default.
    """
    port = _free_port()
    log = home / "server.log"
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home)}
    env.pop("INFOINTERVIEW_DB", None)
    argv = [*_command(), "serve", "--db", str(db), "--no-browser", "--port", str(port)]
    if workers is not None:
        argv += ["--workers", str(workers)]
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        _wait_until_up(process, port, log)
        yield Server(port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Return once ``/`` answers 200; exit with the server's log if it stops or is silent."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped (exit {process.returncode}):\n{log.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    sys.exit(f"the server did not answer within 60 s:\n{log.read_text()}")
