"""What every command shares: the --db and --json options, and opening the user's data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from infointerview.store.database import Database

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="INFOINTERVIEW_DB",
        show_envvar=True,
        metavar="URL",
        help="Database URL (sqlite:///PATH, postgresql://USER@HOST/NAME) or SQLite file path. "
        "Default: infointerview.db in the data folder (see `infointerview db path`).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON with a stable shape instead of a table.")
]


@dataclass(frozen=True, slots=True)
class Workspace:
    """An open session on the user's database and the id of the user it belongs to."""

    session: Session
    owner: int
    database: Database


def open_db(db: str | None) -> Database:
    """Open (and if needed create or migrate) the database named by --db or its fallbacks."""
    from infointerview.config import load_settings
    from infointerview.store.database import open_database

    return open_database(load_settings(db=db).db)


@contextmanager
def workspace(db: str | None) -> Iterator[Workspace]:
    """Yield a Workspace whose changes are committed when the block ends without error."""
    from infointerview.store.database import local_owner

    database = open_db(db)
    try:
        with database.session() as session:
            yield Workspace(session=session, owner=local_owner(session), database=database)
    finally:
        database.dispose()


def parse_datetime(value: str | None, *, field: str) -> datetime | None:
    """Return an aware datetime from ISO 8601 text; text without a zone is local time."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date and time like 2026-11-24T14:30 or '2026-11-24 14:30+01:00'",
            param_hint=field,
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def parse_date(value: str | None, *, field: str) -> date | None:
    """Return a date from ISO text (YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-11-24", param_hint=field
        ) from None


def open_db_unmigrated(db: str | None) -> Database:
    """Open the database without creating or migrating its schema (for `db` commands)."""
    from infointerview.config import load_settings
    from infointerview.store.database import open_database

    return open_database(load_settings(db=db).db, migrate_schema=False)
