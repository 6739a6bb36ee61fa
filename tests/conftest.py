"""Shared fixtures: every test gets its own home folder and, for store tests, its own
database: a SQLite file, or a fresh schema on the PostgreSQL server named by
INFOINTERVIEW_TEST_PG (skipped with a reason when none answers, failed instead when
INFOINTERVIEW_REQUIRE_PG=1, as in CI)."""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infointerview.store.database import Database, local_owner, open_database
from tests.factories import Workspace

PG_URL = os.environ.get(
    "INFOINTERVIEW_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_PG = os.environ.get("INFOINTERVIEW_REQUIRE_PG") == "1"
# CI installs the semantic extra (the test extra pulls it in) and sets this, so a test of
# relevance by meaning that would skip for want of it fails there instead.
REQUIRE_SEMANTIC = os.environ.get("INFOINTERVIEW_REQUIRE_SEMANTIC") == "1"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder at a fresh temporary folder; forget the caller's settings."""
    folder = tmp_path / "home"
    monkeypatch.setenv("INFOINTERVIEW_HOME", str(folder))
    for name in ("INFOINTERVIEW_DB", "INFOINTERVIEW_DEBUG", "INFOINTERVIEW_SEMANTIC"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _pg_connect(**options: Any) -> Any:
    """Connect straight to the PostgreSQL test server with psycopg."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
        **options,
    )


@functools.cache
def _pg_problem() -> str | None:
    """Return why the PostgreSQL test server cannot be used, or None when it answers."""
    import psycopg

    try:
        with _pg_connect(connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {PG_URL}: {exc}".strip()


def _pg_admin(sql: str) -> None:
    """Run one statement on the test server outside any transaction."""
    with _pg_connect(autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """Yield a URL for a fresh, empty PostgreSQL schema, dropped afterwards."""
    problem = _pg_problem()
    if problem:
        if REQUIRE_PG:
            pytest.fail(f"INFOINTERVIEW_REQUIRE_PG=1 but {problem}")
        pytest.skip(f"no PostgreSQL server: {problem}")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    _pg_admin(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        _pg_admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def semantic_extra() -> None:
    """Skip a test of relevance by meaning when the semantic extra is not installed; fail
    it instead when INFOINTERVIEW_REQUIRE_SEMANTIC=1, as in CI."""
    from infointerview.services import semantic

    if not semantic.available():
        missing = "the semantic extra is not installed (pip install -e '.[semantic]')"
        if REQUIRE_SEMANTIC:
            pytest.fail(f"INFOINTERVIEW_REQUIRE_SEMANTIC=1 but {missing}")
        pytest.skip(f"{missing}; INFOINTERVIEW_REQUIRE_SEMANTIC=1 makes this a failure")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database migrated to head once per session, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_database(str(path)).dispose()
    return path


def _schema_at_head(url: str) -> None:
    """Create this version's tables in an empty schema and stamp it as migrated.

    The migrations themselves run in tests/store/test_migrations.py, which also shows
    they build exactly these tables; here only speed matters.
    """
    from sqlalchemy import text

    from infointerview.store import revisions
    from infointerview.store.engine import make_engine, resolve_url
    from infointerview.store.models import Base

    engine = make_engine(resolve_url(url))
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
            )
            connection.execute(text(f"INSERT INTO alembic_version VALUES ('{revisions.HEAD}')"))
    finally:
        engine.dispose()


@pytest.fixture
def database(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[Database]:
    """The opened database with this version's schema, on each backend."""
    if db_url.startswith("sqlite"):
        target = tmp_path / "store.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
    else:
        _schema_at_head(db_url)
    opened = open_database(db_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def ws(database: Database) -> Iterator[Workspace]:
    """A session and the local owner on the test database; committed at the end."""
    with database.session() as session:
        yield Workspace(session=session, owner=local_owner(session), database=database)
