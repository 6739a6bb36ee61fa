"""Loading many rows into a SQLite table at once: its indexes are built after, not during.

Inserting 30,000 people keeps seven of the table's indexes up to date row by row; on
SQLite, dropping them and creating them again once the rows are in, in the same
transaction, sorts each index once instead (bench/import.py: about a third of the
people's insert). The indexes' own definitions are read back from the schema, so what is
created is what was dropped; keys and unique indexes stay and check every row. The
block runs under a savepoint: when it fails, the table is as it was, indexes included,
whatever the caller then does with its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from infointerview.store.plain_sql import Driver

# Below this many new rows, keeping the indexes up to date costs less than rebuilding them.
_WORTH_IT = 5_000


@contextmanager
def indexes_built_after(db: Driver, table: str, *, adding: int) -> Iterator[None]:
    """Insert into ``table`` in the block with its secondary indexes dropped, and create
    them again when it ends, when that is quicker: on SQLite, for ``adding`` rows that at
    least double the table. Elsewhere, and for fewer rows, the block runs as it is.

    The caller is inside a writing transaction (the write lock held), so nobody sees the
    table without its indexes.
    """
    if db.dialect != "sqlite" or adding < _WORTH_IT or _rows(db, table) > adding:
        yield
        return
    # Only plain indexes: a unique one (and the keys) must check every row as it comes.
    indexes = db.execute(
        "SELECT m.name, m.sql FROM pragma_index_list(:table) AS i"
        " JOIN sqlite_master AS m ON m.type = 'index' AND m.name = i.name"
        " WHERE i.origin = 'c' AND NOT i.\"unique\"",
        {"table": table},
    )
    db.execute("SAVEPOINT bulk_load")
    try:
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            db.execute(sql)
    except BaseException:
        db.execute("ROLLBACK TO bulk_load")
        db.execute("RELEASE bulk_load")
        raise
    db.execute("RELEASE bulk_load")


def _rows(db: Driver, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}")[0][0])
