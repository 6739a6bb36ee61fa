"""`infointerview serve`: the web app on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli.common import DbOption


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on. Keep the default unless you know why.")
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            min=1,
            max=65535,
            envvar="INFOINTERVIEW_PORT",
            show_envvar=True,
            help="Port to listen on.",
        ),
    ] = 8765,
    demo: Annotated[
        bool, typer.Option("--demo", help="Serve a fresh demo network from a temporary database.")
    ] = False,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the web browser.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            show_default=False,
            help="Processes answering requests [default: 2 on a machine with two or more "
            "CPU cores, else 1]. A career centre's server wants about one per core.",
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="With --host: another name people reach this machine by (repeatable).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Open the web app: the overview, people, targets and conversations in your browser."""
    from infointerview.web.server import default_workers
    from infointerview.web.server import serve as run

    run(
        host=host.strip(),
        port=port,
        db=db,
        demo=demo,
        open_browser=not no_browser,
        workers=workers or default_workers(),
        extra_hosts=[name.strip() for name in allowed_host or () if name.strip()],
    )
