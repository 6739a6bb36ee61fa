"""Run the web app with uvicorn: on the user's database, or on a fresh demo network."""

from __future__ import annotations

import errno
import os
import socket
import sys
import tempfile
import threading
import webbrowser
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from infointerview.errors import BadInput
from infointerview.services.demo import demo_today, load_demo
from infointerview.services.workspace import Store
from infointerview.web.app import create_app

if TYPE_CHECKING:
    from fastapi import FastAPI

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
# How `serve --workers N` tells its worker processes what to serve.
WORKER_DB = "INFOINTERVIEW_SERVE_DB"
WORKER_LOCAL = "INFOINTERVIEW_SERVE_LOCAL"


def serve(
    *,
    host: str,
    port: int,
    db: str | None,
    demo: bool,
    open_browser: bool,
    workers: int = 1,
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

    Raises:
        BadInput: when the address cannot be listened on (a port in use, say).
    """
    import uvicorn

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
        local = host in LOOPBACK
        url = f"http://{'localhost' if local else host}:{port}/"
        what = "a fresh demo network (gone when you stop)" if demo else store.where
        print(f"infointerview is serving {what} at {url}; press Ctrl+C to stop.", flush=True)
        if not local:
            print(
                f"warning: listening on {host}: anyone who can reach this machine can read "
                "and change your data (there is no login yet).",
                file=sys.stderr,
                flush=True,
            )
        if open_browser:
            threading.Thread(target=_open_when_up, args=(host, port, url), daemon=True).start()
        if workers == 1:
            app = create_app(store, allowed_hosts=list(LOOPBACK) if local else None)
            uvicorn.run(app, host=host, port=port, log_level="warning")
            return
        # Each worker opens the database itself; it is created and migrated by now.
        store.close()
        os.environ[WORKER_DB] = db or ""
        os.environ[WORKER_LOCAL] = "1" if local else ""
        uvicorn.run(
            f"{__name__}:app_for_worker",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )


def app_for_worker() -> FastAPI:
    """Build the app in a worker process of `serve --workers N` (a uvicorn factory)."""
    store = Store(os.environ.get(WORKER_DB) or None)
    local = bool(os.environ.get(WORKER_LOCAL))
    return create_app(store, allowed_hosts=list(LOOPBACK) if local else None)


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
