"""Bring a database to the schema this version uses, backing SQLite files up first.

Opening a database checks its Alembic revision with one cheap query; Alembic itself
is imported only when there is something to migrate.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from infointerview.errors import InvalidValue, SchemaMismatch
from infointerview.store.revisions import HEAD, REVISIONS

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_PACKAGE = "infointerview.store:migrations"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What a database holds: its revision (None if unversioned) and whether it has tables."""

    revision: str | None
    has_tables: bool

    @property
    def is_current(self) -> bool:
        """True when the database already has this version's schema."""
        return self.revision == HEAD

    @property
    def is_older(self) -> bool:
        """True when a known, older revision is stored: an upgrade keeps every row."""
        return self.revision in REVISIONS[:-1]


def read_state(connection: Connection) -> SchemaState:
    """Return the schema state of the database behind ``connection``.

    The common case, a current database, costs one query; listing tables is the fallback.
    """
    try:
        with connection.begin_nested():
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        revision = None
    if revision == HEAD:
        return SchemaState(revision=revision, has_tables=True)
    names = set(inspect(connection).get_table_names())
    revision = None
    if "alembic_version" in names:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(revision=revision, has_tables=bool(names - {"alembic_version"}))


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic Config for the shipped migrations, bound to ``connection`` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_PACKAGE)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, *, sqlite_path: Path | None, revision: str = "head") -> SchemaState:
    """Migrate the database to ``revision``, backing up a SQLite file that holds data first.

    Returns:
        The state before the upgrade.

    Raises:
        SchemaMismatch: when the database is not one of ours or is newer than this version.
    """
    from alembic import command
    from alembic.util import CommandError

    # One transaction (on SQLite an IMMEDIATE one) for the check and every migration:
    # all or nothing, and a second process starting at the same moment waits, then
    # finds the work done.
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(7418230516)"))
        before = read_state(connection)
        refuse_foreign(before, where=str(sqlite_path or engine.url))
        if before.revision == HEAD and revision == "head":
            return before
        if sqlite_path is not None and before.has_tables:
            copy = backup(sqlite_path)
            logger.warning("backed up %s to %s before migrating", sqlite_path, copy)
        try:
            command.upgrade(alembic_config(connection), revision)
        except CommandError as exc:
            raise InvalidValue("revision", str(exc)) from None
    return before


def refuse_foreign(state: SchemaState, *, where: str) -> None:
    """Refuse a database that holds tables of another program, or a newer schema.

    Raises:
        SchemaMismatch: saying what was found and that nothing was changed.
    """
    if state.revision is None and state.has_tables:
        raise SchemaMismatch(
            f"{where} holds tables that are not infointerview's; nothing was changed. "
            "Point --db at an empty or an infointerview database."
        )
    if state.revision is not None and state.revision not in REVISIONS:
        raise SchemaMismatch(
            f"{where} was written by a newer infointerview (schema {state.revision}, "
            f"this version knows up to {HEAD}); nothing was changed. Upgrade infointerview."
        )


def backup(path: Path) -> Path:
    """Copy the SQLite file at ``path`` beside itself (online backup API); return the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target
