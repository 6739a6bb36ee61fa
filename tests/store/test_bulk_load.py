"""Loading many rows at once: SQLite's plain indexes are built after the rows, the same."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from infointerview.domain.vocabulary import ContactSource
from infointerview.services.importing import import_contacts, parse_file
from infointerview.store.bulk_load import indexes_built_after
from infointerview.store.plain_sql import Driver, of_session, of_sqlite
from tests.factories import Workspace


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A SQLite file with a table holding a plain index and a unique one."""
    with closing(sqlite3.connect(tmp_path / "bulk.db", isolation_level=None)) as opened:
        opened.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        opened.execute("CREATE INDEX ix_t_a ON t (a)")
        opened.execute("CREATE UNIQUE INDEX ux_t_b ON t (b)")
        yield opened


def _indexes(db: Driver, table: str) -> list[tuple[str, str]]:
    return [
        (str(name), str(sql))
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
            " AND sql IS NOT NULL ORDER BY name",
            {"t": table},
        )
    ]


def _rows(count: int, start: int = 0) -> list[tuple[int, str, str]]:
    return [(n, f"a{n % 97}", f"b{n}") for n in range(start, start + count)]


def test_many_rows_into_an_empty_table_build_the_plain_index_after_them(
    connection: sqlite3.Connection,
) -> None:
    db = of_sqlite(connection)
    before = _indexes(db, "t")
    connection.execute("BEGIN IMMEDIATE")
    with indexes_built_after(db, "t", adding=6_000):
        during = _indexes(db, "t")
        db.insert("t", ("id", "a", "b"), _rows(6_000))
    connection.execute("COMMIT")
    assert during == [("ux_t_b", "CREATE UNIQUE INDEX ux_t_b ON t (b)")]
    assert _indexes(db, "t") == before
    assert db.execute("PRAGMA integrity_check") == [("ok",)]
    plan = db.execute("EXPLAIN QUERY PLAN SELECT id FROM t WHERE a = 'a5'")
    assert "ix_t_a" in str(plan)


def test_the_unique_index_still_refuses_a_repeated_value_and_nothing_is_lost(
    connection: sqlite3.Connection,
) -> None:
    db = of_sqlite(connection)
    before = _indexes(db, "t")
    rows = [*_rows(6_000), (6_000, "a", "b17")]  # b17 again
    connection.execute("BEGIN IMMEDIATE")
    db.insert("t", ("id", "a", "b"), [(-1, "kept", "kept")])
    with pytest.raises(sqlite3.IntegrityError), indexes_built_after(db, "t", adding=len(rows)):
        db.insert("t", ("id", "a", "b"), rows)
    # Still in the caller's transaction: the block is undone, the index back, and what
    # came before the block is still there, whatever the caller does next.
    assert _indexes(db, "t") == before
    assert db.execute("SELECT id FROM t") == [(-1,)]
    connection.execute("COMMIT")
    assert _indexes(db, "t") == before
    assert db.execute("PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize(
    ("stored", "adding"),
    [(0, 100), (8_000, 6_000)],  # too few to be worth it; fewer than the table holds
)
def test_indexes_stay_when_rebuilding_them_would_cost_more(
    connection: sqlite3.Connection, stored: int, adding: int
) -> None:
    db = of_sqlite(connection)
    db.insert("t", ("id", "a", "b"), _rows(stored))
    connection.execute("BEGIN IMMEDIATE")
    with indexes_built_after(db, "t", adding=adding):
        assert [name for name, _ in _indexes(db, "t")] == ["ix_t_a", "ux_t_b"]
        db.insert("t", ("id", "a", "b"), _rows(adding, start=stored))
    connection.execute("COMMIT")


def test_a_large_import_leaves_the_people_indexes_as_they_were(ws: Workspace) -> None:
    db = of_session(ws.session)
    # This test's own schema: another worker's test may have a people table meanwhile.
    listed = (
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = current_schema() AND tablename = 'people' ORDER BY 1"
    )
    before = db.execute(listed) if db.dialect == "postgresql" else _indexes(db, "people")
    statements: list[str] = []

    def run(sql: str, params: Any) -> Sequence[Sequence[Any]]:
        statements.append(sql)
        return db.run(sql, params)

    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "".join(
        f"Ana,Ruiz-{n},,,Company {n % 300},Engineer,05 Mar 2024\n" for n in range(6_000)
    )
    report = import_contacts(
        session=replace(db, run=run),
        owner=ws.owner,
        source=ContactSource.LINKEDIN,
        file_name="Connections.csv",
        items=parse_file(
            source=ContactSource.LINKEDIN, data=text.encode(), file_name="Connections.csv"
        ),
    )
    assert report.added == 6_000
    after = db.execute(listed) if db.dialect == "postgresql" else _indexes(db, "people")
    assert [tuple(row) for row in after] == [tuple(row) for row in before]
    rebuilt = [sql for sql in statements if sql in {sql for _, sql in before}]
    dropped = [sql for sql in statements if sql.startswith("DROP INDEX")]
    if db.dialect == "sqlite":  # dropped before the rows, built again after them
        assert sorted(rebuilt) == sorted(sql for _, sql in before)
        assert sorted(dropped) == sorted(f'DROP INDEX "{name}"' for name, _ in before)
    else:
        assert not rebuilt
        assert not dropped
    found = db.execute(
        "SELECT count(*) FROM people WHERE owner_id = :owner AND full_name = 'Ana Ruiz-4321'",
        {"owner": ws.owner},
    )
    assert found[0][0] == 1
