"""bench/web.py's Python load generator: one thread per client, each on its own connection.

It also warms the server up before wrk measures (see web_load_wrk.py).
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from web_load import TIMEOUT_S, Result, cpu_per_request, percentile
from web_server import Server


@dataclass
class Client:
    """One simulated browser: a persistent connection, its CSRF cookie and what it saw."""

    port: int
    paths: Sequence[str]
    offset: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cookie: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    _connection: http.client.HTTPConnection | None = None
    _next: int = 0

    def get(self) -> float:
        """Fetch the client's next path, check it is a 200, and return its latency in ms.

        A kept-alive connection the server has closed meanwhile (uvicorn drops idle ones
        after 5 s) is reopened and the request sent again, as a browser does; the time
        counted is that of the attempt that got the answer.
        """
        path = self.paths[(self.offset + self._next) % len(self.paths)]
        self._next += 1
        headers = {**self.headers, **({"Cookie": self.cookie} if self.cookie else {})}
        while True:
            reused = self._connection is not None
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=TIMEOUT_S
                )
            started = time.perf_counter()
            try:
                self._connection.request("GET", path, headers=headers)
                response = self._connection.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if not reused:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            break
        if response.status != 200:
            self.failures.append(f"{response.status} {path}")
        cookie = response.getheader("set-cookie")
        if cookie and self.cookie is None:
            self.cookie = cookie.split(";", 1)[0]
        if response.will_close:
            self.close()
        return elapsed

    def close(self) -> None:
        """Close the connection; the next request opens a new one."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _team(
    server: Server, paths: Sequence[str], clients: int, headers: Mapping[str, str]
) -> list[Client]:
    """Return ``clients`` Python clients, each starting at its own place in ``paths``."""
    step = max(1, len(paths) // clients)
    return [
        Client(port=server.port, paths=paths, offset=i * step, headers=headers)
        for i in range(clients)
    ]


def load(
    server: Server,
    page: str,
    paths: Sequence[str],
    *,
    clients: int,
    seconds: float,
    requests: int | None,
    warmup: int,
    headers: Mapping[str, str],
) -> Result:
    """Warm up, then keep ``clients`` threads requesting ``paths`` for ``seconds``.

    With ``requests``, each client instead makes its share of that many requests; each
    request carries ``headers``.
    """
    team = _team(server, paths, clients, headers)
    ready = threading.Barrier(clients + 1)
    go = threading.Barrier(clients + 1)
    finished: list[float] = [0.0] * clients
    errors: list[BaseException] = []
    times: dict[str, float] = {}

    def _run(index: int, client: Client) -> None:
        try:
            for _ in range(math.ceil(warmup / clients)):
                client.get()
            ready.wait()
            go.wait()
            quota = None if requests is None else requests // clients + (index < requests % clients)
            while (
                time.perf_counter() < times["deadline"]
                if quota is None
                else len(client.latencies_ms) < quota
            ):
                client.latencies_ms.append(client.get())
            finished[index] = time.perf_counter()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            ready.abort()
            go.abort()
        finally:
            client.close()

    threads = [threading.Thread(target=_run, args=(i, c), daemon=True) for i, c in enumerate(team)]
    for thread in threads:
        thread.start()
    try:
        ready.wait()
        cpu_before = server.cpu_seconds()
        times["start"] = time.perf_counter()
        times["deadline"] = times["start"] + seconds
        go.wait()
    except threading.BrokenBarrierError:
        pass
    for thread in threads:
        thread.join()
    cpu_after = server.cpu_seconds()
    if errors:
        raise RuntimeError(f"a client failed on {page}: {errors[0]!r}") from errors[0]
    latencies = [ms for c in team for ms in c.latencies_ms]
    failures = [f for c in team for f in c.failures]
    return Result(
        page=page,
        requests=len(latencies),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        max_ms=max(latencies),
        elapsed_s=max(finished) - times["start"],
        failed=len(failures),
        failures=failures,
        server_cpu_ms=cpu_per_request(cpu_before, cpu_after, len(latencies)),
    )


def warm_up(
    server: Server,
    paths: Sequence[str],
    *,
    clients: int,
    warmup: int,
    headers: Mapping[str, str],
) -> tuple[str | None, list[str]]:
    """Make ``warmup`` requests from ``clients`` concurrent Python clients, as ``load``
    does before it measures; return the CSRF cookie the server set and any non-200s."""
    team = _team(server, paths, clients, headers)

    def _run(client: Client) -> None:
        try:
            for _ in range(math.ceil(warmup / clients)):
                client.get()
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(_run, team))
    cookie = next((c.cookie for c in team if c.cookie), None)
    return cookie, [f for c in team for f in c.failures]
