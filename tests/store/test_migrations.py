"""Migrations agree with the models, start from nothing, and upgrade without losing rows."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, text

from infointerview.errors import SchemaMismatch
from infointerview.services import demo, people
from infointerview.services.people_query import PersonFilter
from infointerview.store import migrate, revisions
from infointerview.store.database import local_owner, open_database
from infointerview.store.engine import make_engine, resolve_url
from infointerview.store.models import Base


def test_the_revision_list_in_code_matches_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    history = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(history) == revisions.REVISIONS
    assert scripts.get_current_head() == revisions.HEAD


def test_an_empty_database_upgrades_to_head_and_matches_the_models(db_url: str) -> None:
    url = resolve_url(db_url)
    engine = make_engine(url)
    try:
        before = migrate.upgrade(engine, sqlite_path=None)
        assert before.revision is None
        assert not before.has_tables
        with engine.connect() as connection:
            assert migrate.read_state(connection).is_current
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
    finally:
        engine.dispose()


def test_every_migration_downgrades_and_upgrades_again(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url))
    try:
        migrate.upgrade(engine, sqlite_path=None)
        from alembic import command

        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine, sqlite_path=None)
        with engine.connect() as connection:
            assert migrate.read_state(connection).is_current
    finally:
        engine.dispose()


def test_downgrading_a_database_full_of_data_to_the_first_migration_keeps_every_row(
    db_url: str,
) -> None:
    from alembic import command

    database = open_database(db_url)
    try:
        with database.session() as session:
            demo.load_demo(session=session, owner=local_owner(session), today=date(2026, 11, 22))
        before = _row_counts(database.engine)
        with database.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), revisions.REVISIONS[0])
        after = _row_counts(database.engine)
        # Tables later migrations add go; the demo holds no rows in them.
        assert {table: before[table] for table in after} == after
        assert sum(before[table] for table in before.keys() - after.keys()) == 0
        assert before["people"] == 40
        assert before["conversations"] == 29
    finally:
        database.dispose()


def test_0003_puts_the_organisation_in_the_search_text_and_its_downgrade_takes_it_out(
    db_url: str,
) -> None:
    from alembic import command

    database = open_database(db_url)
    query = text(
        "SELECT p.full_name, p.title, o.name, p.search_text FROM people p"
        " LEFT OUTER JOIN organizations o ON o.id = p.organization_id"
    )
    try:
        with database.session() as session:
            demo.load_demo(session=session, owner=local_owner(session), today=date(2026, 11, 22))
        with database.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0002")
            at_0002 = connection.execute(query).all()
            command.upgrade(migrate.alembic_config(connection), "0003")
            at_0003 = connection.execute(query).all()
        assert any(org for _, _, org, _ in at_0002)
        for name, title, _, search in at_0002:
            assert search == f"{name}\n{title or ''}".lower()
        for name, title, org, search in at_0003:
            assert search == f"{name}\n{org or ''}\n{title or ''}".lower()
    finally:
        database.dispose()


def test_0011_derives_each_conversation_s_message_facts_as_logging_its_messages_does(
    db_url: str,
) -> None:
    from alembic import command

    database = open_database(db_url)
    query = text(
        "SELECT id, requested_at, nudged_at, heard_at, replied_at, reply_hours, thanked_at"
        " FROM conversations ORDER BY id"
    )
    try:
        with database.session() as session:
            demo.load_demo(session=session, owner=local_owner(session), today=date(2026, 11, 22))
        with database.engine.begin() as connection:
            as_logged = connection.execute(query).all()
            command.downgrade(migrate.alembic_config(connection), "0010")
            command.upgrade(migrate.alembic_config(connection), "0011")
            as_migrated = connection.execute(query).all()
        assert [row.reply_hours for row in as_logged if row.reply_hours]
        assert [row.thanked_at for row in as_logged if row.thanked_at]
        assert as_migrated == as_logged
    finally:
        database.dispose()


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        tables = sorted(set(inspect(connection).get_table_names()) - {"alembic_version"})
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in tables
        }


def test_a_database_made_by_the_first_migration_opens_with_every_row_searchable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(resolve_url(str(path)))
    migrate.upgrade(engine, sqlite_path=None, revision=revisions.REVISIONS[0])
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, name, created_at)"
                " VALUES (1, 'local', '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO organizations (id, owner_id, name, created_at, updated_at)"
                " VALUES (1, 1, 'Northwind ÉCOLE', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        for person_id, name, title, org in (
            (1, "Élodie Ümlaut", "Chercheuse", None),
            (2, "Maya Chen", None, 1),
        ):
            connection.execute(
                text(
                    "INSERT INTO people (id, owner_id, full_name, title, organization_id,"
                    " how_known, hiring_experience, keep_in_touch, created_at, updated_at)"
                    " VALUES (:id, 1, :name, :title, :org, 'alumni', 1, 0,"
                    " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"id": person_id, "name": name, "title": title, "org": org},
            )
    engine.dispose()

    database = open_database(str(path))
    try:
        assert database.state().is_current
        with database.session() as session:
            found = people.list_people(session=session, owner=1)
            searched = people.list_people(
                session=session, owner=1, filters=PersonFilter(text="CHERCHEUSE")
            )
            by_organization = people.list_people(
                session=session, owner=1, filters=PersonFilter(text="école")
            )
        # 0002 wrote the lower-cased sort and search keys of the rows 0001 held, and 0003
        # added the organisation's name to the search text.
        assert [p.full_name for p in found] == ["Élodie Ümlaut", "Maya Chen"]
        assert [p.full_name for p in searched] == ["Élodie Ümlaut"]
        assert [p.full_name for p in by_organization] == ["Maya Chen"]
    finally:
        database.dispose()


def test_a_backup_is_a_readable_copy_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "data.db"
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO users (name, created_at) VALUES ('a', '2026-01-01')")
    copy = migrate.backup(path)
    assert copy.name.startswith("data.backup-")
    with sqlite3.connect(copy) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM users")]
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert names == ["a"]
    assert version == (revisions.HEAD,)


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    with pytest.raises(SchemaMismatch, match="not infointerview's"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaMismatch, match="newer infointerview"):
        open_database(str(path))


def test_models_create_all_and_migrations_give_the_same_tables(tmp_path: Path) -> None:
    direct = create_engine(f"sqlite:///{tmp_path / 'direct.db'}")
    Base.metadata.create_all(direct)
    migrated = make_engine(resolve_url(str(tmp_path / "migrated.db")))
    migrate.upgrade(migrated, sqlite_path=None)
    tables_direct = set(inspect(direct).get_table_names())
    tables_migrated = set(inspect(migrated).get_table_names()) - {"alembic_version"}
    direct.dispose()
    migrated.dispose()
    assert tables_direct == tables_migrated
