"""Run the web app with uvicorn: on the user's database, or on a fresh demo network."""

from __future__ import annotations

import errno
import gc
import ipaddress
import os
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from infointerview.errors import BadInput
from infointerview.services.demo import demo_today, load_demo
from infointerview.services.workspace import Store
from infointerview.web.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
# How `serve --workers N` tells its worker processes what to serve.
WORKER_DB = "INFOINTERVIEW_SERVE_DB"
WORKER_HOSTS = "INFOINTERVIEW_SERVE_HOSTS"


def serve(
    *,
    host: str,
    port: int,
    db: str | None,
    demo: bool,
    open_browser: bool,
    workers: int = 1,
    extra_hosts: Sequence[str] = (),
) -> None:
    """Serve the app until interrupted.

    Args:
        host: the address to listen on; loopback unless the user asks otherwise.
        port: the TCP port.
        db: the database (None: the default SQLite file); ignored with ``demo``.
        demo: serve a fresh demo network from a temporary database instead.
        open_browser: open the default browser on the Overview once listening.
        workers: how many processes answer requests (Python runs one request at a time
            per process; a career centre serving many people wants one per core).
        extra_hosts: more names people reach this machine by (Host headers to accept).

    Raises:
        BadInput: when the address cannot be listened on (a port in use, say).
    """
    import uvicorn

    from infointerview.web import handoff
    from infointerview.web.nodelay import NoDelayHTTPProtocol

    _check_free(host, port)
    with ExitStack() as stack:
        if demo:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="infointerview-demo-"))
            db = str(Path(folder) / "demo.db")
        store = Store(db)
        stack.callback(store.close)
        if demo:
            with store.workspace() as ws:
                load_demo(session=ws.session, owner=ws.owner, today=demo_today(datetime.now(UTC)))
        local = is_loopback(host)
        hosts = allowed_hosts(host, extra_hosts)
        url = f"http://{'localhost' if local else host}:{port}/"
        what = "a fresh demo network (gone when you stop)" if demo else store.where
        print(f"infointerview is serving {what} at {url}; press Ctrl+C to stop.", flush=True)
        if not local:
            print(
                f"warning: listening on {host}: anyone who can reach this machine can read "
                "and change your data (there is no login yet). Requests must name it as one "
                f"of: {', '.join(hosts)} (add more with --allowed-host).",
                file=sys.stderr,
                flush=True,
            )
        if open_browser:
            threading.Thread(target=_open_when_up, args=(host, port, url), daemon=True).start()
        if workers == 1:
            app = create_app(store, allowed_hosts=hosts)
            freeze_startup_objects()
            uvicorn.run(app, host=host, port=port, log_level="warning", http=NoDelayHTTPProtocol)
            return
        # Each worker opens the database itself; it is created and migrated by now.
        store.close()
        os.environ[WORKER_DB] = db or ""
        os.environ[WORKER_HOSTS] = ",".join(hosts)
        factory = f"{__name__}:app_for_worker"
        if handoff.available():
            handoff.run(listener=_listen(host, port), workers=workers, app=factory)
            return
        uvicorn.run(
            factory,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            http=NoDelayHTTPProtocol,
        )


def default_workers() -> int:
    """How many processes `serve` runs unless told: two where there are two cores or more.

    One process runs one request's Python at a time; a second keeps pages quick while
    the first is busy (bench/web.py: on 2 cores, People search at 8 clients went from a
    p95 of 49-58 ms to 36-40 ms). More are for a server with many users, who say so.
    """
    # The cores this process may run on: a container or taskset may allow fewer than
    # the machine has.
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


def app_for_worker() -> FastAPI:
    """Build the app in a worker process of `serve --workers N` (a uvicorn factory)."""
    store = Store(os.environ.get(WORKER_DB) or None)
    app = create_app(store, allowed_hosts=os.environ[WORKER_HOSTS].split(","))
    freeze_startup_objects()
    return app


def freeze_startup_objects() -> None:
    """Keep the objects made so far out of the garbage collector's sight for good.

    The ~100,000 objects the imports and the app's setup made live as long as the server.
    Left to the collector, every full collection scans them all: under load several
    times a minute, each stopping every request for about 50 ms (bench/web.py showed
    p95 tails from it). Frozen, a full collection scans only what requests left behind.
    """
    gc.collect()
    gc.freeze()


def is_loopback(host: str) -> bool:
    """True when ``host`` (a name or an address) only reaches this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: Sequence[str] = ()) -> list[str]:
    """Return the Host headers the app answers when listening on ``host``.

    Always the loopback names and ``host``; off loopback also this machine's names and
    addresses, and ``extra``. Any other name is refused, so a web page cannot point a
    domain of its own at the app and read it (DNS rebinding).
    """
    names = {*LOOPBACK_NAMES, host, *extra}
    if not is_loopback(host):
        machine = socket.gethostname()
        names |= {machine, socket.getfqdn()}
        # A machine whose own name does not resolve keeps its names only.
        with suppress(OSError):
            names |= set(socket.gethostbyname_ex(machine)[2])
    return sorted(name for name in names if name)


def _listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on ``host``:``port`` (checked free a moment ago)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family, backlog=2048)
    except OSError as error:
        raise BadInput(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BadInput(
                f"port {port} on {host} is already in use: is infointerview already "
                "running? Choose another with --port"
            ) from None
        raise BadInput(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _open_when_up(host: str, port: int, url: str) -> None:
    for _ in range(300):
        try:
            socket.create_connection((host.strip("[]"), port), timeout=1).close()
        except OSError:
            threading.Event().wait(0.1)
            continue
        webbrowser.open(url)
        return
