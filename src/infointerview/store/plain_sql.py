"""Run plain SQL on a database connection, inside its transaction.

The pages shown most (people, a person, the overview) read with a few portable SQL
statements instead of ORM queries, and an import writes its tens of thousands of rows the
same way: SQLAlchemy's ORM and compiler cost tens of times more than the statement
itself on SQLite, and a driver-level call skips both. The SQL is written with ``:name``
parameters, which sqlite3 understands as they are; for PostgreSQL's driver they become
``%(name)s``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

from infointerview.store import sqlite_direct

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# Runs one statement with named (:name) parameters and returns its rows.
Execute = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

# A ``:name`` is a parameter wherever it stands, string literals included: the SQL given
# here must keep its literals free of them (values go in parameters anyway).
_NAMED = re.compile(r"(?<![:\w]):(\w+)")
# Parameters in one SQLite statement: SQLite's default limit before 3.32 (32,766 since),
# which a build may still have.
_SQLITE_PARAMETERS = 999


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """Return ``sql`` with ``:name`` parameters as ``%(name)s`` (and ``%`` doubled)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


@dataclass(frozen=True, slots=True)
class Driver:
    """A connection inside its transaction, used with plain SQL.

    Made from a session (``of_session``: its connection and transaction, with
    SQLAlchemy's events and wrapping of driver errors) or from a bare sqlite3 connection
    (``of_sqlite``: commands that must start faster than SQLAlchemy imports). Values are
    given as the database stores them: ``stamp`` makes a timestamp so, ``json`` a
    document; booleans, numbers and text go as they are, enumerations by their value.
    """

    dialect: str
    # One statement in the driver's own parameter style, and one executed for many rows.
    run: Callable[[str, Any], Sequence[Sequence[Any]]]
    run_many: Callable[[str, Sequence[Sequence[Any]]], Any]

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Sequence[Sequence[Any]]:
        """Run one statement with ``:name`` parameters; return its rows (none for a write)."""
        return self.run(sql if self.dialect == "sqlite" else pyformat(sql), dict(params or {}))

    def insert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        skip_existing: Sequence[str] = (),
    ) -> None:
        """Insert ``rows``, each its values in ``columns``' order: in one executemany, on
        SQLite in statements of as many rows as 999 parameters allow.

        With ``skip_existing`` (the columns of a unique constraint), a row whose values
        there are already stored is left out instead of failing.
        """
        if not rows:
            return
        conflict = f" ON CONFLICT ({', '.join(skip_existing)}) DO NOTHING" if skip_existing else ""
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        if self.dialect != "sqlite":
            self.run_many(f"{head}({', '.join('%s' for _ in columns)}){conflict}", rows)
            return
        # Many rows to a statement: SQLite sets each execution up anew, and a CHECK's IN
        # list becomes a temporary table filled at every one (30,000 people: 165 ms one
        # row at a time, 90 ms this way; bench/import.py).
        one = f"({', '.join('?' for _ in columns)})"
        per = max(1, _SQLITE_PARAMETERS // len(columns))
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            self.run_many(
                f"{head}{', '.join(one for _ in chunk)}{conflict}",
                [tuple(chain.from_iterable(chunk))],
            )

    def insert_one(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row and return its id."""
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"
        return int(self.execute(sql, values)[0][0])

    def new_ids(self, table: str, count: int) -> list[int]:
        """Return ``count`` unused ids of ``table``, so its rows can be inserted at once."""
        if self.dialect == "postgresql":
            rows = self.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
                " FROM generate_series(1, :count)",
                {"count": count},
            )
            return [int(row[0]) for row in rows]
        # SQLite: a writing transaction began with BEGIN IMMEDIATE (store.engine,
        # store.sqlite_direct), so it holds the write lock and no other writer can take
        # these ids before they are used.
        last = int(self.execute(f"SELECT coalesce(max(id), 0) FROM {table}")[0][0])
        return list(range(last + 1, last + 1 + count))

    def stamp(self, value: datetime) -> Any:
        """Return an aware timestamp as this database stores it: in UTC, on SQLite as the
        text SQLAlchemy writes there."""
        if self.dialect == "sqlite":
            return sqlite_direct.stamp(value)
        return sqlite_direct.utc(value)

    def day(self, value: date) -> Any:
        """Return a date as this database stores it: on SQLite as ISO text, as
        SQLAlchemy writes it there."""
        return value.isoformat() if self.dialect == "sqlite" else value

    @staticmethod
    def json(value: Any) -> str:
        """Return ``value`` as the JSON text a JSON column stores."""
        return json.dumps(value)


def of_session(session: Session) -> Driver:
    """Return a Driver on ``session``'s connection and transaction.

    Pending ORM changes are flushed first, so the statements see them.
    """
    session.flush()
    return of_connection(session.connection())


def of_connection(connection: Connection) -> Driver:
    """Return a Driver on a SQLAlchemy connection, in the transaction it is in (a
    migration's, for one)."""

    def _run(sql: str, params: Any) -> Sequence[Sequence[Any]]:
        result = connection.exec_driver_sql(sql, params)
        return result.all() if result.returns_rows else []

    def _run_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
        connection.exec_driver_sql(sql, list(rows))

    return Driver(connection.dialect.name, _run, _run_many)


def of_sqlite(connection: sqlite3.Connection) -> Driver:
    """Return a Driver on a bare sqlite3 connection (its caller begins and ends the
    transaction)."""

    def _run(sql: str, params: Any) -> Sequence[Sequence[Any]]:
        return connection.execute(sql, params).fetchall()

    return Driver("sqlite", _run, connection.executemany)


# Values in one IN list, as many as SQLAlchemy's selectinload puts in one.
CHUNK = 500


def each_chunk(
    execute: Execute,
    template: str,
    values: Sequence[Any],
    params: Mapping[str, Any] | None = None,
) -> Iterator[Sequence[Any]]:
    """Run ``template`` (its ``{ids}`` an IN list) on ``values`` a chunk at a time, with
    ``params`` besides; yield the rows."""
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        names = [f"id{i}" for i in range(len(chunk))]
        statement = template.format(ids=", ".join(f":{name}" for name in names))
        yield from execute(statement, {**(params or {}), **dict(zip(names, chunk, strict=True))})


def driver_execute(session: Session) -> Execute:
    """Return an Execute running statements on ``session``'s connection and transaction."""
    return of_session(session).execute
