"""Opening the user's data: which database, its schema, and the user it belongs to.

The front ends call these instead of reaching into ``store``: the web app will open
its database the same way the CLI does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from infointerview.config import load_settings
from infointerview.store import migrate
from infointerview.store.database import Database, local_owner, open_database
from infointerview.store.engine import check_creatable, describe, resolve_url
from infointerview.store.revisions import HEAD


@dataclass(frozen=True, slots=True)
class Workspace:
    """An open session on the user's database and the id of the user it belongs to."""

    session: Session
    owner: int
    database: Database


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where a database's schema stands against this version's."""

    database: str
    exists: bool
    revision: str | None
    head: str
    up_to_date: bool


def location(db: str | None) -> str:
    """Return where the database chosen by ``db`` (or its fallbacks) is, without a password."""
    return describe(resolve_url(load_settings(db=db).db))


@contextmanager
def open_workspace(db: str | None) -> Iterator[Workspace]:
    """Open (creating or migrating if needed) the database and yield a Workspace.

    Changes are committed when the block ends without an error, else rolled back.
    """
    database = open_database(load_settings(db=db).db)
    try:
        with database.session() as session:
            yield Workspace(session=session, owner=local_owner(session), database=database)
    finally:
        database.dispose()


def schema_status(db: str | None) -> SchemaStatus:
    """Return the schema state without creating or changing anything.

    Raises:
        SchemaMismatch: for a database of another program or of a newer version.
    """
    url = resolve_url(load_settings(db=db).db)
    where = describe(url)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).exists():
        check_creatable(Path(str(url.database)))
        return SchemaStatus(where, exists=False, revision=None, head=HEAD, up_to_date=False)
    database = open_database(load_settings(db=db).db, migrate_schema=False)
    try:
        state = database.state()
    finally:
        database.dispose()
    migrate.refuse_foreign(state, where=where)
    return SchemaStatus(
        where,
        exists=True,
        revision=state.revision,
        head=HEAD,
        up_to_date=state.is_current,
    )


def upgrade(db: str | None, *, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate the database to ``revision``, keeping every row; return (before, after)."""
    database = open_database(load_settings(db=db).db, migrate_schema=False)
    try:
        before = database.upgrade(revision)
        after = database.state()
    finally:
        database.dispose()
    return before.revision, after.revision


class Store:
    """The user's database opened once for a long-running front end (the web app).

    Each request takes its own ``workspace()``; the engine and the owner's id are
    shared, so a request pays for neither.
    """

    def __init__(self, db: str | None) -> None:
        """Open (creating or migrating if needed) the database ``db`` names."""
        self._database = open_database(load_settings(db=db).db, pooled=True)
        with self._database.session() as session:
            self.owner = local_owner(session)
        self.where = self._database.where
        # An embedded SQLite file, not a database server.
        self.embedded = self._database.url.get_backend_name() == "sqlite"

    @property
    def database(self) -> Database:
        """The opened database (tests count its queries through the engine)."""
        return self._database

    @contextmanager
    def workspace(self, *, read_only: bool = False) -> Iterator[Workspace]:
        """Yield a Workspace committed when the block ends without an error.

        A ``read_only`` one (for showing a page) must not write, and never waits for
        a writer on SQLite.
        """
        with self._database.session(read_only=read_only) as session:
            yield Workspace(session=session, owner=self.owner, database=self._database)

    def close(self) -> None:
        """Release the database's connections."""
        self._database.dispose()
