"""Plain-SQL inserts: many rows go in whole, in as few statements as SQLite allows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from infointerview.store.plain_sql import Driver, of_session, of_sqlite
from tests.factories import Workspace


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A SQLite file with a table whose CHECK holds an IN list, as our enumerations do."""
    with closing(sqlite3.connect(tmp_path / "plain.db", isolation_level=None)) as opened:
        opened.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
            " CHECK (kind IN ('a', 'b', 'c')), note TEXT)"
        )
        yield opened


def _counting(db: Driver) -> tuple[Driver, list[int]]:
    """Return ``db`` noting how many parameters each of its many-row statements got."""
    sizes: list[int] = []

    def run_many(sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        sizes.append(sum(len(row) for row in rows))
        return db.run_many(sql, rows)

    return replace(db, run_many=run_many), sizes


def test_rows_go_in_as_given_as_many_to_a_statement_as_999_values_allow(
    connection: sqlite3.Connection,
) -> None:
    db, sizes = _counting(of_sqlite(connection))
    rows = [(n, "abc"[n % 3], f"note, {n}; 'quoted' ?") for n in range(1, 1_001)]
    db.insert("t", ("id", "kind", "note"), rows)
    assert db.execute("SELECT id, kind, note FROM t ORDER BY id") == rows
    # 333 rows of 3 values to a statement: three full ones and the last row alone.
    assert sizes == [999, 999, 999, 3]


def test_a_refused_row_in_the_middle_of_a_statement_is_still_refused(
    connection: sqlite3.Connection,
) -> None:
    db = of_sqlite(connection)
    rows = [(n, "z" if n == 200 else "a", None) for n in range(1, 401)]
    connection.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.insert("t", ("id", "kind", "note"), rows)
    connection.execute("ROLLBACK")
    assert db.execute("SELECT count(*) FROM t") == [(0,)]


def test_skipping_stored_rows_holds_across_statements(ws: Workspace) -> None:
    db, sizes = _counting(of_session(ws.session))
    db.insert("tags", ("owner_id", "name"), [(ws.owner, "t-0400"), (ws.owner, "t-1200")])
    # 2,000 names, each twice: the second copy in another statement on SQLite, and the
    # first ten again right after themselves, in the same statement.
    names = [f"t-{n:04d}" for n in range(2_000)]
    rows = [(ws.owner, name) for name in names[:10] * 2 + names[10:] + names]
    db.insert("tags", ("owner_id", "name"), rows, skip_existing=("owner_id", "name"))
    stored = db.execute(
        "SELECT name FROM tags WHERE owner_id = :owner ORDER BY name", {"owner": ws.owner}
    )
    assert [row[0] for row in stored] == names
    if db.dialect == "sqlite":
        assert sizes[1:] == [998] * 8 + [36]
