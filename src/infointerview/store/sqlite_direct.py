"""Use a SQLite database whose schema is current with the standard library alone.

Commands with a tight time budget (``person list``, ``import``) open the SQLite file this
way and skip SQLAlchemy, whose import alone costs more than such a command's budget.
Anything unusual (no file yet, an older schema, another program's file) makes
``open_current`` return None, and the caller takes the full path, which creates,
migrates or explains.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infointerview import paths
from infointerview.errors import DataDirNotWritable, NotADatabase, StorageError
from infointerview.store.revisions import HEAD, LOCAL_USER

BUSY_TIMEOUT = 15  # seconds a writer waits for another one to finish


def plain_path(db: str | None) -> Path | None:
    """Return the SQLite file ``db`` names when it is a path or unset, else None (a URL)."""
    if not db:
        return paths.default_db_path()
    if "://" not in db:
        return Path(db).expanduser()
    return None


def unicode_lower(value: Any) -> Any:
    """Lower-case text for SQL ``lower()`` in every script, as PostgreSQL does.

    SQLite's own lower() folds ASCII only.
    """
    return value.lower() if isinstance(value, str) else value


def prepare(connection: sqlite3.Connection) -> None:
    """Set a new connection up as every connection to our files is: transactions begun
    by the caller, Unicode ``lower()``, foreign keys enforced, WAL's normal syncing."""
    # The driver's own transaction handling commits DDL at once and breaks SAVEPOINT;
    # with it off, the caller emits BEGIN itself, so a migration is all or nothing
    # (SQLAlchemy's documented pysqlite recipe).
    connection.isolation_level = None
    connection.create_function("lower", 1, unicode_lower, deterministic=True)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")


def open_current(path: Path, *, writing: bool = False) -> tuple[sqlite3.Connection, int] | None:
    """Open ``path`` and return it with the local user's id, or None.

    None means the file is missing, is not a database, has another schema revision
    than this version's, or has no local user yet; when ``writing``, the local user is
    created then, as store.database.local_owner does on first use. The caller begins its
    transaction (BEGIN IMMEDIATE to write, as store.engine does) and closes the
    connection.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    except sqlite3.Error:
        return None
    try:
        prepare(connection)
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        owner = connection.execute("SELECT id FROM users WHERE name = ?", (LOCAL_USER,)).fetchone()
        if owner is None and writing and revision == [(HEAD,)]:
            owner = connection.execute(
                "INSERT INTO users (name, created_at) VALUES (?, ?) RETURNING id",
                (LOCAL_USER, stamp(datetime.now(UTC))),
            ).fetchone()
    except sqlite3.Error:
        connection.close()
        return None
    if revision != [(HEAD,)] or owner is None:
        connection.close()
        return None
    return connection, int(owner[0])


def utc(value: datetime) -> datetime:
    """Return an aware timestamp in UTC; refuse a naive one, as store.models.UTCDateTime
    does."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: give a timezone")
    return value.astimezone(UTC)


def stamp(value: datetime) -> str:
    """Return an aware timestamp as SQLAlchemy stores it in SQLite: UTC, as text."""
    return utc(value).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def storage_error(error: BaseException, where: str) -> StorageError:
    """Return the StorageError a user should see for a driver error on the SQLite file
    ``where``."""
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in str(error):
        return NotADatabase(where)
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "readonly" in reason or "unable to open" in reason:
        return DataDirNotWritable(where, reason)
    return StorageError(f"the SQLite database {where} cannot be used: {reason}")
