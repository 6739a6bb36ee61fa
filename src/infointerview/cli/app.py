"""The root `infointerview` command and the CLI's one error translator, ``main()``.

Importing this module loads Typer but neither SQLAlchemy nor Rich: each command
imports what it needs when it runs, so `--help` stays fast.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import typer

from infointerview import __version__

HELP = (
    "Run the informational-interview method: research career targets, find and rank "
    "people, ask for 15-30 minutes of advice, meet, follow up, and keep the referral network."
)


def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for unexpected errors.")
    ] = False,
) -> None:
    """Run the informational-interview method from the command line."""
    if version:
        typer.echo(f"infointerview {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """Return the Typer application with every command group registered."""
    from infointerview.cli import (
        conversations,
        db,
        demo,
        init,
        notes,
        orgs,
        overview,
        people,
        referrals,
        search,
        targets,
    )

    app = typer.Typer(
        name="infointerview",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    app.callback()(_root)
    app.command("init")(init.init)
    app.add_typer(people.app, name="person")
    app.add_typer(orgs.app, name="org")
    app.add_typer(targets.app, name="target")
    app.command("refer")(referrals.refer)
    app.add_typer(conversations.app, name="conversation")
    app.add_typer(notes.app, name="note")
    app.command("search")(search.search)
    app.command("overview")(overview.overview)
    app.command("demo")(demo.demo)
    app.add_typer(db.app, name="db")
    return app


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"infointerview: error: {message}\n")
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 ok, 1 failure, 2 bad usage or bad input.

    Our own errors print one line; anything unexpected prints one line too, and a
    traceback only with --debug (or INFOINTERVIEW_DEBUG=1).
    """
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"infointerview {__version__}\n")
        return 0
    debug = "--debug" in args or bool(os.environ.get("INFOINTERVIEW_DEBUG"))
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="infointerview: %(message)s",
    )
    from infointerview.errors import InfointerviewError

    try:
        app = build_app()
        app(args=args, prog_name="infointerview")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except InfointerviewError as error:
        if debug:
            raise
        return _fail(error.message, error.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as error:
        if debug:
            raise
        return _fail(
            f"unexpected {type(error).__name__}: {error} (run with --debug for details)", 1
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
