"""`infointerview smtp`: the mail server's password, kept in the OS keyring."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    help="Set up sending by SMTP: the password goes to the OS keyring, never to a file.",
    no_args_is_help=True,
)


@app.command("password")
def password(
    from_stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the password from standard input's first line.")
    ] = False,
) -> None:
    """Store the password of the [smtp] username in config.toml in the OS keyring."""
    import sys

    from infointerview.config import load_smtp
    from infointerview.errors import InvalidValue
    from infointerview.mail import keychain

    settings = load_smtp()
    if settings is None or not settings.username:
        raise InvalidValue(
            "[smtp] username in config.toml", "is not set: the password belongs to a username"
        )
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = typer.prompt(
            f"Password for {settings.username} at {settings.host}",
            hide_input=True,
            confirmation_prompt=True,
        )
    if not secret:
        raise InvalidValue("password", "is empty; nothing was stored")
    keychain.set_password(settings, secret)
    typer.echo(f"Stored the password for {settings.username} at {settings.host} in the OS keyring.")
