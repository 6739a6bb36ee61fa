"""Run plain SQL on a session's own driver connection, inside its transaction.

The pages shown most (people, a person, the overview) read with a few portable SQL
statements instead of ORM queries: SQLAlchemy's ORM and compiler cost tens of times more
than the statement itself on SQLite, and a driver-level call skips both. The SQL is
written with ``:name`` parameters, which sqlite3 understands as they are; for
PostgreSQL's driver they become ``%(name)s``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.orm import Session

# Runs one statement with named (:name) parameters and returns its rows.
Execute = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

# A ``:name`` is a parameter wherever it stands, string literals included: the SQL given
# here must keep its literals free of them (values go in parameters anyway).
_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """Return ``sql`` with ``:name`` parameters as ``%(name)s`` (and ``%`` doubled)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def driver_execute(session: Session) -> Execute:
    """Return an Execute running statements on ``session``'s connection and transaction.

    Pending ORM changes are flushed first, so the statements see them. Statements go
    through SQLAlchemy's driver-level call, which skips compiling but keeps its events
    and its wrapping of driver errors.
    """
    session.flush()
    connection = session.connection()
    translate = _as_is if connection.dialect.name == "sqlite" else pyformat

    def _run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return connection.exec_driver_sql(translate(sql), dict(params)).all()

    return _run


def _as_is(sql: str) -> str:
    return sql


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` in one driver executemany.

    Each value goes through its column type's bind processing, as SQLAlchemy would do
    (times become UTC, JSON is serialised), but the statement is built once and no
    per-row compilation happens: an import inserts tens of thousands of rows.
    """
    if not rows:
        return
    session.flush()
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    columns = ", ".join(names)
    if dialect.name == "sqlite":
        marks = ", ".join("?" for _ in names)
    else:
        marks = ", ".join(f"%({name})s" for name in names)
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"
    values_of = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    processed = [(i, process) for i, process in enumerate(processors) if process is not None]
    # Rows often share a value (the import's time, False): it is processed once, not per row.
    last: dict[int, tuple[Any, Any]] = {i: (None, None) for i, _ in processed}
    prepared: list[Any] = []
    for row in rows:
        values = list(values_of(row))
        for i, process in processed:
            value = values[i]
            if value is not None:
                raw, done = last[i]
                if value is not raw:
                    done = process(value)
                    last[i] = (value, done)
                values[i] = done
        prepared.append(
            tuple(values) if dialect.name == "sqlite" else dict(zip(names, values, strict=True))
        )
    connection.exec_driver_sql(sql, prepared)
