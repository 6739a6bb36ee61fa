"""`infointerview export vcard|csv`: your people, for an address book or a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infointerview.cli.common import (
    DbOption,
    ForceOption,
    OutputOption,
    workspace,
    write_output,
)

app = typer.Typer(
    help="Export your people as vCards or CSV (read back by `infointerview import`).",
    no_args_is_help=True,
)


@app.command("vcard")
def vcard(
    version: Annotated[
        str, typer.Option("--version", help="vCard version: 3.0 (widest support) or 4.0.")
    ] = "3.0",
    output: OutputOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write every person as a vCard (names, organisation, title, emails, phones, LinkedIn)."""
    from infointerview.services.exports import export_vcard

    with workspace(db) as ws:
        document = export_vcard(session=ws.session, owner=ws.owner, version=version)
    _write(document, output, force)


@app.command("csv")
def csv(output: OutputOption = None, force: ForceOption = False, db: DbOption = None) -> None:
    """Write every person as a CSV row (one column per email and phone)."""
    from infointerview.services.exports import export_csv

    with workspace(db) as ws:
        document = export_csv(session=ws.session, owner=ws.owner)
    _write(document, output, force)


def _write(document: str, output: Path | None, force: bool) -> None:
    if write_output(document, output or Path("-"), force=force):
        typer.echo(f"Wrote {output}", err=True)
