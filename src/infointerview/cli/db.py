"""`infointerview db`: where the data lives, its schema, and migrating it."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption

app = typer.Typer(
    help="Show where the database is; check and upgrade its schema.", no_args_is_help=True
)


@app.command("path")
def path(db: DbOption = None) -> None:
    """Print the database in use (file path, or URL without password)."""
    from infointerview.services.workspace import location

    render.say(location(db))


@app.command("status")
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show the database's schema revision and this version's, changing nothing."""
    from infointerview.services.workspace import schema_status

    info = schema_status(db)
    if as_json:
        render.print_json(info)
    elif not info.exists:
        render.say(f"No database at {info.database} yet: it is created on first use.")
    else:
        label = info.revision or "empty"
        advice = "up to date" if info.up_to_date else "run `infointerview db upgrade`"
        render.say(f"{info.database}: schema {label}; this version uses {info.head} ({advice})")


@app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Option(help="Target revision.", hidden=True)] = "head",
    db: DbOption = None,
) -> None:
    """Migrate the database to this version's schema, keeping every row (SQLite is backed up)."""
    from infointerview.services.workspace import location
    from infointerview.services.workspace import upgrade as migrate_to

    before, after = migrate_to(db, revision=revision)
    where = location(db)
    if before == after:
        render.say(f"{where} is already at schema {after}.")
    else:
        render.say(f"Upgraded {where} from {before or 'empty'} to {after}.")
