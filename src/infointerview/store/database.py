"""Open the user's database: resolve --db, check the schema, hand out transactional sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from infointerview.errors import InfointerviewError, SchemaMismatch, StorageError
from infointerview.store import engine as engines
from infointerview.store import migrate, revisions
from infointerview.store.models import User
from infointerview.store.revisions import LOCAL_USER

logger = logging.getLogger(__name__)


@dataclass
class Database:
    """An opened database: its URL, engine and a session factory."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def where(self) -> str:
        """Return the file path or the password-less server URL, for messages."""
        return engines.describe(self.url)

    @property
    def sqlite_path(self) -> Path | None:
        """Return the SQLite file path, or None for a server database."""
        if self.url.get_backend_name() != "sqlite":
            return None
        return Path(str(self.url.database))

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """Yield a session whose work is committed at the end, or rolled back on any error.

        A ``read_only`` session must not write: on SQLite it does not take the write
        lock, so it never waits for a writer. Driver errors become StorageErrors naming
        the database.
        """
        if read_only:
            session = self.sessions(bind=self.engine.execution_options(**{engines.READ_ONLY: True}))
        else:
            session = self.sessions()
        try:
            yield session
            session.commit()
        except InfointerviewError:
            session.rollback()
            raise
        except DBAPIError as exc:
            session.rollback()
            raise engines.translate(exc, self.url) from exc
        finally:
            session.close()

    def upgrade(self, revision: str = "head") -> migrate.SchemaState:
        """Migrate to ``revision`` (default: this version's schema); return the state before."""
        try:
            return migrate.upgrade(self.engine, sqlite_path=self.sqlite_path, revision=revision)
        except DBAPIError as exc:
            raise engines.translate(exc, self.url) from exc

    def state(self) -> migrate.SchemaState:
        """Return the schema state, translating connection failures into StorageErrors."""
        try:
            with self.engine.connect() as connection:
                return migrate.read_state(connection)
        except SQLAlchemyError as exc:
            raise engines.translate(exc, self.url) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(db: str | None, *, migrate_schema: bool = True, pooled: bool = False) -> Database:
    """Open the database ``db`` names and make sure its schema is this version's.

    An empty database gets the schema. An older SQLite file is backed up and migrated
    in place; an older server database is left alone with the command to run.

    Args:
        db: a URL, a SQLite path, or None for the default file.
        migrate_schema: False to open without touching the schema (``db`` commands).
        pooled: keep connections open between sessions (a long-running server).

    Raises:
        StorageError: when the database cannot be opened or is not one of ours.
    """
    url = engines.resolve_url(db)
    database = Database(url=url, engine=engines.make_engine(url, pooled=pooled))
    if not migrate_schema:
        return database
    state = database.state()
    if state.is_current:
        engines.enable_wal(database.engine)
        return database
    migrate.refuse_foreign(state, where=database.where)
    if state.is_older and database.sqlite_path is None:
        raise SchemaMismatch(
            f"the database at {database.where} has schema {state.revision}; this version "
            f"needs {revisions.HEAD}. Run `infointerview db upgrade` with the same --db "
            "(or INFOINTERVIEW_DB) to migrate it; every row is kept"
        )
    before = database.upgrade()
    engines.enable_wal(database.engine)
    if before.revision is not None and before.revision != revisions.HEAD:
        logger.warning(
            "upgraded %s from schema %s to %s", database.where, before.revision, revisions.HEAD
        )
    return database


def local_owner(session: Session) -> int:
    """Return the id of the local user, creating it on first use."""
    owner = session.scalar(select(User.id).where(User.name == LOCAL_USER))
    if owner is not None:
        return owner
    user = User(name=LOCAL_USER)
    session.add(user)
    session.flush()
    return user.id


__all__ = ["Database", "StorageError", "local_owner", "open_database"]
