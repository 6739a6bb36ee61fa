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
    from infointerview.config import load_settings
    from infointerview.store.engine import describe, resolve_url

    render.say(describe(resolve_url(load_settings(db=db).db)))


@app.command("status")
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show the database's schema revision and this version's."""
    from infointerview.cli.common import open_db_unmigrated
    from infointerview.store import migrate
    from infointerview.store.migrate import HEAD

    database = open_db_unmigrated(db)
    try:
        state = database.state()
    finally:
        database.dispose()
    migrate.refuse_foreign(state, where=database.where)
    info = {
        "database": database.where,
        "revision": state.revision,
        "head": HEAD,
        "up_to_date": state.is_current,
    }
    if as_json:
        render.print_json(info)
        return
    label = "empty" if state.is_empty else state.revision
    advice = "up to date" if state.is_current else "run `infointerview db upgrade`"
    render.say(f"{database.where}: schema {label}; this version uses {HEAD} ({advice})")


@app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Option(help="Target revision.", hidden=True)] = "head",
    db: DbOption = None,
) -> None:
    """Migrate the database to this version's schema, keeping every row (SQLite is backed up)."""
    from infointerview.cli.common import open_db_unmigrated
    from infointerview.store.migrate import HEAD

    database = open_db_unmigrated(db)
    try:
        before = database.upgrade(revision)
        after = database.state()
    finally:
        database.dispose()
    if before.revision == after.revision:
        render.say(f"{database.where} is already at schema {HEAD}.")
    else:
        render.say(
            f"Upgraded {database.where} from {before.revision or 'empty'} to {after.revision}."
        )
