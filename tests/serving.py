"""Helpers for tests that run `infointerview serve` in a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROC = Path("/proc")


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_serve(home: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    """Start `infointerview serve --demo --no-browser [options]` on a free port.

    Returns the process (stderr piped, as text) and its port; the caller stops it.
    """
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "infointerview",
            "serve",
            "--demo",
            "--no-browser",
            *options,
            "--port",
            str(port),
        ],  # fmt: skip
        env={**os.environ, "INFOINTERVIEW_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return server, port


def fetch(url: str, server: subprocess.Popen[str], *, within: float = 60) -> str:
    """Return the page at ``url`` once ``server`` answers; fail if it exits or stays silent."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {within:g} s")


def worker_pids(parent: int) -> list[int] | None:
    """The ids of ``parent``'s worker processes (None where there is no /proc).

    Workers, ours and uvicorn's, are started through multiprocessing's spawn_main.
    """
    if not PROC.is_dir():
        return None
    found = []
    for entry in PROC.iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, NotADirectoryError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"spawn_main" in command:
            found.append(int(entry.name))
    return sorted(found)


def connections_held(pid: int, port: int) -> int:
    """How many established TCP connections to local ``port`` process ``pid`` holds."""
    inodes = set()
    for fd in (PROC / str(pid) / "fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    held = 0
    for table in ("tcp", "tcp6"):
        path = PROC / "net" / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                held += 1
    return held
