"""Bad input about where the data lives: one clear line, exit 2, no traceback, nothing changed.

Malformed or unreachable `--db` URLs, an unwritable data folder, files and databases that
are not infointerview's (SQLite or PostgreSQL), in-process and through a real process.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, inspect, text

from infointerview.store.revisions import HEAD
from tests.cli.helpers import assert_one_error, listing, sha256

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, RunCli

UNREACHABLE_PG = "postgresql+psycopg://postgres@127.0.0.1:1/test"
TEXT_FILE = b"name,email\nMaya Chen,maya@acme.example\n"


# --- where the database is: malformed, unreachable, unwritable, not a database -----------


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x",
        "postgresql+psycopg://:::bad",
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql+asyncpg://ann@db.example/careers",
    ],
)
def test_a_malformed_db_url_is_refused_and_changes_nothing(
    cli: Cli, unchanged: Callable[[], None], url: str
) -> None:
    result = cli("person", "add", "Ann", "--db", url)

    assert_one_error(result, f"--db {url!r} is not a usable database URL")
    unchanged()


def test_a_malformed_db_url_from_the_environment_is_refused(
    cli: Cli, unchanged: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DB", "mysql://x")

    result = cli("person", "add", "Ann")

    monkeypatch.delenv("INFOINTERVIEW_DB")
    assert_one_error(result, "is not a usable database URL")
    unchanged()


def test_a_malformed_db_url_error_does_not_show_its_password(cli: Cli) -> None:
    result = cli("person", "list", "--db", "mysql://ann:s3cret@db.example/careers")

    line = assert_one_error(result, "is not a usable database URL")
    assert "s3cret" not in line


@pytest.mark.parametrize(
    "args", [("person", "list"), ("init",), ("db", "status"), ("db", "upgrade")], ids=" ".join
)
def test_an_unreachable_postgresql_server_fails_fast_with_one_line(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    started = time.monotonic()

    result = cli(*args, "--db", UNREACHABLE_PG)

    assert time.monotonic() - started < 5
    assert_one_error(result, f"cannot connect to the database at {UNREACHABLE_PG}")
    unchanged()


def test_an_unreachable_server_message_hides_the_password(cli: Cli) -> None:
    result = cli("person", "list", "--db", "postgresql+psycopg://ann:s3cret@127.0.0.1:1/test")

    line = assert_one_error(result, "postgresql+psycopg://ann:***@127.0.0.1:1/test")
    assert "s3cret" not in line


@pytest.mark.parametrize(
    "args",
    [
        ("init",),
        ("person", "add", "Ann"),
        ("person", "list"),
        ("db", "status"),
        ("db", "upgrade"),
        ("demo", "--today", "2026-11-22"),
    ],
    ids=" ".join,
)
def test_an_unwritable_data_folder_is_refused_naming_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(TEXT_FILE)
    monkeypatch.setenv("INFOINTERVIEW_HOME", str(blocker / "sub"))
    before = listing(tmp_path)

    result = cli(*args)

    assert_one_error(
        result, f"cannot write the data folder {blocker / 'sub'}", "INFOINTERVIEW_HOME"
    )
    assert blocker.read_bytes() == TEXT_FILE
    assert listing(tmp_path) == before


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    """A CSV file in a folder of its own, where a database is expected."""
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "people.csv"
    path.write_bytes(TEXT_FILE)
    return path


@pytest.mark.parametrize(
    "args",
    [("person", "add", "Ann"), ("person", "list"), ("init",), ("db", "status"), ("db", "upgrade")],
    ids=" ".join,
)
def test_a_text_file_given_as_the_database_is_refused_and_left_untouched(
    cli: Cli, text_file: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args, "--db", str(text_file))

    assert_one_error(result, f"{text_file} is not an infointerview database", "nothing was changed")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_text_file_named_by_a_sqlite_url_is_refused_and_left_untouched(
    cli: Cli, text_file: Path
) -> None:
    result = cli("person", "add", "Ann", "--db", f"sqlite:///{text_file}")

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_text_file_named_by_the_environment_is_refused_and_left_untouched(
    cli: Cli, text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DB", str(text_file))

    result = cli("person", "add", "Ann")

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE


def test_a_damaged_sqlite_file_is_refused_and_left_untouched(cli: Cli, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)
    digest = sha256(damaged)

    result = cli("person", "add", "Ann", "--db", str(damaged))

    assert_one_error(result, "is not an infointerview database")
    assert sha256(damaged) == digest
    assert listing(tmp_path) == ["damaged.db"]


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "sqlite-url"])
def test_a_folder_given_as_the_database_is_refused_and_left_untouched(
    cli: Cli, tmp_path: Path, as_url: bool
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cv.txt").write_text("my cv", encoding="utf-8")

    result = cli("person", "add", "Ann", "--db", f"sqlite:///{folder}" if as_url else str(folder))

    assert_one_error(result, f"{folder} is not an infointerview database")
    assert listing(folder) == ["cv.txt"]


@pytest.fixture
def foreign_sqlite(tmp_path: Path) -> Path:
    """A SQLite database of another program (a music library)."""
    path = tmp_path / "music.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO songs (title) VALUES ('Blue in Green')")
    connection.close()
    return path


@pytest.mark.parametrize(
    "args", [("person", "add", "Ann"), ("init",), ("db", "upgrade")], ids=" ".join
)
def test_another_programs_sqlite_database_is_refused_and_left_untouched(
    cli: Cli, foreign_sqlite: Path, args: tuple[str, ...]
) -> None:
    digest = sha256(foreign_sqlite)

    result = cli(*args, "--db", str(foreign_sqlite))

    assert_one_error(result, "holds tables that are not infointerview's; nothing was changed")
    assert sha256(foreign_sqlite) == digest
    assert listing(foreign_sqlite.parent) == ["music.db"]


def test_db_status_of_another_programs_database_does_not_advise_upgrading_it(
    cli: Cli, foreign_sqlite: Path
) -> None:
    status = cli("db", "status", "--db", str(foreign_sqlite))
    upgrade = cli("db", "upgrade", "--db", str(foreign_sqlite))

    assert upgrade.code == 2
    assert "db upgrade" not in " ".join(status.out.split()), "it advises a command that refuses"


@pytest.fixture
def newer_sqlite(cli: Cli, tmp_path: Path) -> Path:
    """An infointerview database whose schema was written by a later version (9999)."""
    path = tmp_path / "newer.db"
    assert cli("person", "add", "Maya Chen", "--db", str(path)).code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    return path


@pytest.mark.parametrize("args", [("person", "list"), ("db", "upgrade")], ids=" ".join)
def test_a_database_from_a_newer_version_is_refused_and_left_untouched(
    cli: Cli, newer_sqlite: Path, args: tuple[str, ...]
) -> None:
    digest = sha256(newer_sqlite)

    result = cli(*args, "--db", str(newer_sqlite))

    assert_one_error(result, "was written by a newer infointerview (schema 9999", "Upgrade")
    assert sha256(newer_sqlite) == digest


def pg_tables(url: str) -> dict[str, list[str]]:
    """Return each table of the URL's schema with its columns."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {
                name: [c["name"] for c in inspector.get_columns(name)]
                for name in inspector.get_table_names()
            }
    finally:
        engine.dispose()


def pg_execute(url: str, *statements: str) -> None:
    """Run SQL statements on the URL's schema and commit."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_schema_of_another_program_is_refused_and_left_untouched(
    cli: Cli, pg_schema_url: str
) -> None:
    pg_execute(pg_schema_url, "CREATE TABLE invoices (id integer PRIMARY KEY, total numeric)")

    result = cli("person", "add", "Ann", "--db", pg_schema_url)

    assert_one_error(result, "holds tables that are not infointerview's; nothing was changed")
    assert pg_tables(pg_schema_url) == {"invoices": ["id", "total"]}


@pytest.mark.postgres
def test_a_postgresql_schema_from_a_newer_version_is_refused_and_left_untouched(
    cli: Cli, pg_schema_url: str
) -> None:
    assert cli("person", "add", "Maya Chen", "--db", pg_schema_url).code == 0
    pg_execute(pg_schema_url, "UPDATE alembic_version SET version_num = '9999'")
    tables = pg_tables(pg_schema_url)

    result = cli("person", "add", "Ann", "--db", pg_schema_url)

    assert_one_error(result, "was written by a newer infointerview (schema 9999")
    assert pg_tables(pg_schema_url) == tables
    pg_execute(pg_schema_url, f"UPDATE alembic_version SET version_num = '{HEAD}'")
    names = [p["full_name"] for p in cli("person", "list", "--json", "--db", pg_schema_url).json]
    assert names == ["Maya Chen"]


# --- through a real process ---------------------------------------------------------------


def test_an_unreachable_server_in_a_real_process_prints_one_line(run_cli: RunCli) -> None:
    started = time.monotonic()

    result = run_cli("person", "list", "--db", UNREACHABLE_PG)

    assert time.monotonic() - started < 10
    assert_one_error(result, "cannot connect to the database at")


def test_a_text_file_as_database_in_a_real_process_prints_one_line(
    run_cli: RunCli, text_file: Path
) -> None:
    result = run_cli("person", "add", "Ann", "--db", str(text_file))

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_malformed_db_url_in_a_real_process_prints_one_line(run_cli: RunCli) -> None:
    result = run_cli("person", "list", "--db", "postgresql+psycopg://:::bad")

    assert_one_error(result, "is not a usable database URL")
