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


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"infointerview {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for unexpected errors.")
    ] = False,
) -> None:
    """Run the informational-interview method from the command line."""


# name -> (module in infointerview.cli, attribute, is a group of subcommands), in help order.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "init": ("init", "init", False),
    "today": ("today", "today", False),
    "task": ("today", "app", True),
    "person": ("people", "app", True),
    "org": ("orgs", "app", True),
    "target": ("targets", "app", True),
    "refer": ("referrals", "refer", False),
    "rank": ("rank", "rank", False),
    "network": ("network", "network", False),
    "stats": ("stats", "stats", False),
    "conversation": ("conversations", "app", True),
    "schedule": ("calendar", "schedule", False),
    "calendar": ("calendar", "app", True),
    "note": ("notes", "app", True),
    "prep": ("prep", "prep", False),
    "meet": ("meet", "meet", False),
    "questions": ("questions", "app", True),
    "search": ("search", "search", False),
    "overview": ("overview", "overview", False),
    "check": ("check", "check", False),
    "draft": ("draft", "draft", False),
    "send": ("send", "send", False),
    "smtp": ("smtp", "app", True),
    "import": ("imports", "import_contacts", False),
    "export": ("exports", "app", True),
    "backup": ("backup", "backup", False),
    "restore": ("backup", "restore", False),
    "demo": ("demo", "demo", False),
    "db": ("db", "app", True),
    "serve": ("serve", "serve", False),
}


def build_app(args: list[str] | None = None) -> typer.Typer:
    """Return the Typer application.

    When ``args`` name a command, only that command is registered: Typer builds every
    registered command from its signature on each run, and one is all a run needs.
    """
    import importlib

    from infointerview.cli import plain_options

    plain_options.install()
    app = typer.Typer(
        name="infointerview",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    first = next((arg for arg in args or [] if not arg.startswith("-")), None)
    names = [first] if first in COMMANDS else list(COMMANDS)
    for name in names:
        module_name, attribute, is_group = COMMANDS[name]
        module = importlib.import_module(f"infointerview.cli.{module_name}")
        if is_group:
            app.add_typer(getattr(module, attribute), name=name)
        else:
            app.command(name)(getattr(module, attribute))
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
    for stream in (sys.stdout, sys.stderr):
        # A name in a script the terminal cannot show is replaced, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    debug = "--debug" in args or bool(os.environ.get("INFOINTERVIEW_DEBUG"))
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="infointerview: %(message)s",
    )
    from infointerview.errors import InfointerviewError

    try:
        app = build_app(args)
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
        # The reader went away (`| head`): stop quietly, and keep Python from complaining
        # about the unflushable stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
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
