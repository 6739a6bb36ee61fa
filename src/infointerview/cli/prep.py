"""`infointerview prep`: the prep sheet of a conversation, as Markdown or printable HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infointerview.cli.common import DbOption, ForceOption, OutputOption, workspace, write_output


def prep(
    conversation: Annotated[int, typer.Argument(metavar="CONVERSATION", help="A conversation id.")],
    fmt: Annotated[
        str, typer.Option("--format", metavar="md|html", help="Markdown (default) or HTML.")
    ] = "md",
    output: OutputOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Print the prep sheet: who they are and how you are connected, what you said when
    you asked, an agenda that fits the agreed minutes, what you can give back, and the
    reminders (seeds 001-004)."""
    from infointerview.config import load_followup
    from infointerview.errors import InvalidValue
    from infointerview.io import prep_sheet
    from infointerview.services import prep as prep_service
    from infointerview.services.zones import zone

    if fmt not in prep_sheet.FORMATS:
        raise InvalidValue("--format", f"{fmt!r} is not one of: {', '.join(prep_sheet.FORMATS)}")
    with workspace(db) as ws:
        sheet = prep_service.sheet(
            session=ws.session,
            owner=ws.owner,
            conversation_id=conversation,
            zone=zone(load_followup()),
        )
    if write_output(prep_sheet.render(sheet, fmt), output or Path("-"), force=force):
        typer.echo(f"Wrote {output}", err=True)
