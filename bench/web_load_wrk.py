"""bench/web.py's wrk load generator: wrk with wrk_paths.lua, and the figures it prints."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from web_load import TIMEOUT_S, Result, cpu_per_request
from web_load_python import warm_up
from web_server import Server

# The wrk script that sends the prepared paths and prints its figures for us.
WRK_SCRIPT = Path(__file__).with_name("wrk_paths.lua")
# What bench/wrk_paths.lua prints, as "@bench <name> <integer>" lines.
WRK_FIGURES = (
    "p50_us",
    "p95_us",
    "max_us",
    "requests",
    "duration_us",
    "errors_status",
    "errors_connect",
    "errors_read",
    "errors_write",
    "errors_timeout",
)
WRK_SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass(frozen=True, slots=True)
class Wrk:
    """The wrk load generator: its executable and version."""

    executable: str
    version: str

    @staticmethod
    def threads(clients: int) -> int:
        """Return the wrk threads for ``clients`` connections: 2 (the machine's usual
        cores), or 1 for an odd number, since wrk gives each thread ``clients // threads``
        connections and would drop the rest."""
        return 2 if clients % 2 == 0 else 1

    def describe(self, clients: int) -> str:
        """Return how the load line names this client, e.g. ``wrk 4.1.0, 2 threads``."""
        threads = self.threads(clients)
        return f"wrk {self.version}, {threads} thread{'s' if threads > 1 else ''}"


def find_wrk() -> Wrk | None:
    """Return wrk, with its version, if it is on the PATH; else None."""
    executable = shutil.which("wrk")
    if executable is None:
        return None
    shown = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"\d+\.\d+(?:\.\d+)?", shown)
    return Wrk(executable=executable, version=found.group() if found else "(version unknown)")


def _wrk_argv(
    wrk: Wrk,
    port: int,
    listing: Path,
    *,
    clients: int,
    seconds: int,
    cookie: str | None,
    headers: Mapping[str, str],
) -> list[str]:
    """Return the wrk command line that sends the paths in ``listing``."""
    threads = wrk.threads(clients)
    argv = [wrk.executable, "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s"]
    argv += ["--timeout", f"{TIMEOUT_S}s", "--latency", "-s", str(WRK_SCRIPT)]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    return [*argv, f"http://127.0.0.1:{port}", "--", str(listing), str(threads)]


def _parse_wrk(run: subprocess.CompletedProcess[str]) -> tuple[dict[str, int], dict[int, int]]:
    """Return the figures wrk_paths.lua printed, and the count of each status but 200.

    Raises:
        RuntimeError: with wrk's output, when wrk failed or a figure is missing.
    """
    figures: dict[str, int] = {}
    statuses: dict[int, int] = {}
    for line in run.stdout.splitlines():
        match line.split():
            case ["@bench", "status", code, count]:
                statuses[int(code)] = int(count)
            case ["@bench", name, value]:
                figures[name] = int(value)
    missing = [name for name in WRK_FIGURES if name not in figures]
    if run.returncode != 0 or missing:
        raise RuntimeError(
            f"wrk failed (exit {run.returncode}, figures missing: {missing or 'none'}):\n"
            f"{run.stdout}{run.stderr}"
        )
    return figures, statuses


def _wrk_failures(
    page: str, figures: dict[str, int], statuses: dict[int, int]
) -> tuple[int, list[str]]:
    """Return how many of wrk's requests failed, and what went wrong."""
    described = [f"{count} x {status} on {page}" for status, count in sorted(statuses.items())]
    failed = sum(statuses.values())
    # wrk's own count (statuses over 399) is part of the script's; in case it is not:
    if figures["errors_status"] > failed:
        described.append(f"{figures['errors_status'] - failed} x 4xx/5xx on {page}")
        failed = figures["errors_status"]
    sockets = {kind: figures[f"errors_{kind}"] for kind in WRK_SOCKET_ERRORS}
    if any(sockets.values()):
        listed = ", ".join(f"{kind} {count}" for kind, count in sockets.items())
        described.append(f"socket errors on {page}: {listed}")
        failed += sum(sockets.values())
    return failed, described


def load_wrk(
    server: Server,
    page: str,
    paths: Sequence[str],
    *,
    wrk: Wrk,
    clients: int,
    seconds: int,
    warmup: int,
    headers: Mapping[str, str],
) -> Result:
    """Warm up as ``web_load_python.load`` does, then have wrk keep ``clients``
    connections requesting ``paths`` for ``seconds``, each wrk thread starting at its own
    place in them."""
    cookie, failures = warm_up(server, paths, clients=clients, warmup=warmup, headers=headers)
    with tempfile.TemporaryDirectory(prefix="infointerview-wrk-") as folder:
        listing = Path(folder) / "paths.txt"
        listing.write_text("".join(f"{path}\n" for path in paths))
        argv = _wrk_argv(
            wrk,
            server.port,
            listing,
            clients=clients,
            seconds=seconds,
            cookie=cookie,
            headers=headers,
        )
        cpu_before = server.cpu_seconds()
        run = subprocess.run(
            argv, capture_output=True, text=True, timeout=seconds + TIMEOUT_S + 60, check=False
        )
        cpu_after = server.cpu_seconds()
    figures, statuses = _parse_wrk(run)
    failed, described = _wrk_failures(page, figures, statuses)
    return Result(
        page=page,
        requests=figures["requests"],
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        elapsed_s=figures["duration_us"] / 1_000_000,
        failed=len(failures) + failed,
        failures=failures + described,
        server_cpu_ms=cpu_per_request(cpu_before, cpu_after, figures["requests"]),
    )
