"""`infointerview org`: the organisations people belong to."""

from __future__ import annotations

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, workspace

app = typer.Typer(help="List organisations.", no_args_is_help=True)


@app.command("list")
def list_(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List organisations with how many people you know at each."""
    from infointerview.services.organizations import list_organizations

    with workspace(db) as ws:
        orgs = list_organizations(session=ws.session, owner=ws.owner)
    if as_json:
        render.print_json(orgs)
        return
    render.table(
        None,
        ("id", "name", "industry", "people"),
        ((o.id, o.name, o.industry, o.people) for o in orgs),
    )
