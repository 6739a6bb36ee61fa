"""Turn a --db value into a working engine: SQLite with WAL and foreign keys, or PostgreSQL."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool, QueuePool

from infointerview.errors import (
    BadDatabaseURL,
    DatabaseUnreachable,
    DataDirNotWritable,
    NotADatabase,
    StorageError,
)
from infointerview.store.sqlite_direct import BUSY_TIMEOUT, plain_path, prepare, storage_error

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
CONNECT_TIMEOUT_SECONDS = 5


def resolve_url(db: str | None) -> URL:
    """Return the database URL meant by ``db``: a URL, a SQLite file path, or the default.

    Raises:
        BadDatabaseURL: for anything that is neither a supported URL nor a path.
    """
    path = plain_path(db)
    if path is not None or not db:
        return URL.create("sqlite", database=str(path))
    netloc = db.split("://", 1)[1].split("/", 1)[0]
    if netloc.count("@") > 1:
        raise BadDatabaseURL(db, "percent-encode '@' in the user name or password as %40")
    try:
        url = make_url(db)
    except (ArgumentError, ValueError):
        raise BadDatabaseURL(db, "expected sqlite:///PATH or postgresql://USER@HOST/NAME") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.get_driver_name() not in ("psycopg", "psycopg2", "postgresql"):
            raise BadDatabaseURL(db, "use the psycopg driver: postgresql+psycopg://...")
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BadDatabaseURL(db, "a SQLite URL needs a file path: sqlite:///PATH")
        return url.set(drivername="sqlite", database=str(Path(url.database).expanduser()))
    raise BadDatabaseURL(db, f"{backend!r} is not supported; use sqlite or postgresql")


def describe(url: URL) -> str:
    """Return where ``url`` points, without its password, for messages."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


# Execution option marking a connection whose transaction only reads.
READ_ONLY = "infointerview_read_only"


def make_engine(url: URL, *, pooled: bool = False) -> Engine:
    """Create an engine for ``url``, checking first that it can be opened without harm.

    For SQLite, the data folder is created if missing, and an existing file that is
    not a SQLite database is refused before anything writes to it. A short-lived command
    opens one connection and closes it (no pool); ``pooled`` keeps SQLite connections
    open for a long-running server, which saves opening one per request.

    Raises:
        StorageError: naming the file or server and what is wrong with it.
    """
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(Path(str(url.database)), url, pooled=pooled)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def _sqlite_engine(path: Path, url: URL, *, pooled: bool) -> Engine:
    _check_sqlite_file(path)
    if pooled:
        # Requests run on a thread pool; a pooled connection may serve any of them.
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=8,
            max_overflow=32,
            connect_args={"timeout": BUSY_TIMEOUT, "check_same_thread": False},
        )
    else:
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise NotADatabase(str(path))
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DataDirNotWritable(str(path), exc.strerror or str(exc)) from None
        if header and header != SQLITE_HEADER:
            raise NotADatabase(str(path))
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".{path.name}.probe"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise DataDirNotWritable(str(folder), exc.strerror or str(exc)) from None


def check_creatable(path: Path) -> None:
    """Refuse a SQLite path whose folder could not be created, without creating anything.

    Raises:
        DataDirNotWritable: naming the folder and why.
    """
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise DataDirNotWritable(str(path.parent), f"{ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK):
        raise DataDirNotWritable(str(path.parent), f"{ancestor} is not writable")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's "begin" event below emits BEGIN itself (prepare turns the driver's
    # own transaction handling off).
    prepare(dbapi_connection)


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two commands writing at once then wait
    # their turn (busy timeout) instead of failing on a stale read snapshot. A read-only
    # session (a web page being shown) begins DEFERRED: in WAL mode it never waits.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def translate(exc: Exception, url: URL) -> StorageError:
    """Return the StorageError a user should see for a driver error on ``url``."""
    where = describe(url)
    original = getattr(exc, "orig", exc)
    if url.get_backend_name() == "sqlite":
        return storage_error(original, where)
    first_line = str(original).strip().splitlines()[0] if str(original).strip() else ""
    if isinstance(exc, OperationalError):
        return DatabaseUnreachable(where, first_line or "no answer")
    if isinstance(exc, DatabaseError):
        return StorageError(f"the database at {where} refused the operation: {first_line}")
    return StorageError(f"the database at {where} cannot be used: {first_line or exc!r}")


def enable_wal(engine: Engine) -> None:
    """Switch a SQLite file to write-ahead logging (kept in the file, so once is enough).

    Done only after the file is known to be ours: the switch rewrites its header.
    """
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()  # outside any transaction, as the pragma needs
    try:
        cursor = connection.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                # Another process holds the file right now; the switch is made by
                # whichever command next finds it free, and nothing depends on it.
                logger.debug("could not switch %s to WAL yet", engine.url.database)
        cursor.close()
    finally:
        connection.close()
