"""Run a command's work on a SQLite file with the standard library alone.

Commands with a tight time budget (``import``, ``today``, ``stats``) cannot wait for
SQLAlchemy's import, which alone takes most of half a second on a small laptop. When the
database is a SQLite file whose schema is current, their work runs in one transaction on
a bare sqlite3 connection, through a ``plain_sql.Driver``: the same statements the
services run on a session. Anything else (no file yet, an older schema, a PostgreSQL
URL) is left to the caller's full path, which creates, migrates or explains.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from infointerview.config import load_settings
from infointerview.store import sqlite_direct
from infointerview.store.plain_sql import Driver, of_sqlite

T = TypeVar("T")


def run_direct(
    database: str | None,
    work: Callable[[Driver, int], T],
    *,
    write: bool,
    dry_run: bool = False,
) -> T | None:
    """Run ``work(driver, owner)`` in one transaction on the SQLite file ``database``
    names (a path, or None for the default) and return its result.

    Returns None, without running ``work``, when that file is not ready to use as it is;
    the caller then takes the full path. ``write`` takes the write lock at the start, as
    store.engine's sessions do, and commits at the end, unless ``dry_run``: then
    everything is rolled back.

    Raises:
        StorageError: when the file cannot be read or written (locked too long,
            read-only, damaged).
    """
    path = sqlite_direct.plain_path(load_settings(db=database).db)
    opened = sqlite_direct.open_current(path, writing=write) if path else None
    if path is None or opened is None:
        return None
    connection, owner = opened
    keep = write and not dry_run
    try:
        connection.execute("BEGIN IMMEDIATE" if keep else "BEGIN")
        result = work(of_sqlite(connection), owner)
        connection.execute("COMMIT" if keep else "ROLLBACK")
    except sqlite3.Error as error:
        raise sqlite_direct.storage_error(error, str(path)) from None
    finally:
        try:
            if connection.in_transaction:  # refused by the work, or an error above
                connection.execute("ROLLBACK")
        finally:
            connection.close()
    return result
