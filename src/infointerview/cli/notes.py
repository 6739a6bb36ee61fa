"""`infointerview note`: notes on people, conversations and targets."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, workspace

app = typer.Typer(help="Add notes.", no_args_is_help=True)


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="The note.")],
    person: Annotated[str | None, typer.Option(help="On this person (id or name).")] = None,
    conversation: Annotated[int | None, typer.Option(help="On this conversation id.")] = None,
    target: Annotated[str | None, typer.Option(help="On this target (id or role).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a note on exactly one of --person, --conversation or --target."""
    from infointerview.services.notes import add_note
    from infointerview.services.people import resolve_person
    from infointerview.services.targets import resolve_target

    chosen = [
        name
        for name, v in (("person", person), ("conversation", conversation), ("target", target))
        if v is not None
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --person, --conversation or --target")
    with workspace(db) as ws:
        if person is not None:
            about_id = resolve_person(session=ws.session, owner=ws.owner, query=person)
        elif target is not None:
            about_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        else:
            about_id = conversation or 0
        note = add_note(
            session=ws.session, owner=ws.owner, about=chosen[0], about_id=about_id, body=text
        )
    if as_json:
        render.print_json(note)
    else:
        render.say(f"Added note #{note.id} on {note.about_label}")
