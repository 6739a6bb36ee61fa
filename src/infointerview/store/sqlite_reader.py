"""Read a SQLite database whose schema is current with the standard library alone.

Commands that only read (``person list``) open the default SQLite file this way and
skip SQLAlchemy, whose import costs more than such a command's time budget. Anything
unusual (no file yet, an older schema, another program's file) makes ``open_current``
return None, and the caller takes the full path, which creates, migrates or explains.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from infointerview import paths
from infointerview.store.revisions import HEAD, LOCAL_USER


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


def open_current(path: Path) -> tuple[sqlite3.Connection, int] | None:
    """Open ``path`` for reading and return it with the local user's id, or None.

    None means the file is missing, is not a database, has another schema revision
    than this version's, or has no local user yet.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.create_function("lower", 1, unicode_lower, deterministic=True)
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        owner = connection.execute("SELECT id FROM users WHERE name = ?", (LOCAL_USER,)).fetchone()
    except sqlite3.Error:
        connection.close()
        return None
    if revision != [(HEAD,)] or owner is None:
        connection.close()
        return None
    return connection, int(owner[0])
