"""Backup and restore: every table out as a document and back, exactly, on both backends."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from infointerview.domain.vocabulary import ContactSource, HowKnown
from infointerview.errors import BadInput, Refused
from infointerview.io.backup import dumps, loads
from infointerview.services import demo
from infointerview.services.backup import make_backup, restore_backup
from infointerview.services.importing import import_contacts, parse_file
from infointerview.store.database import Database, local_owner, open_database
from infointerview.store.models import Base
from infointerview.store.revisions import HEAD, REVISIONS
from tests import conftest, factories
from tests.factories import Workspace

TODAY = date(2026, 11, 22)


@pytest.fixture
def twin(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[Database]:
    """A second empty database on the same backend as ``database``, to restore into."""
    schema = None
    if db_url.startswith("sqlite"):
        path = tmp_path / "twin.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        schema = f"test_{uuid.uuid4().hex[:16]}"
        conftest._pg_admin(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in conftest.PG_URL else "?"
        url = f"{conftest.PG_URL}{separator}options=-csearch_path%3D{schema}"
        conftest._schema_at_head(url)
    opened = open_database(url)
    try:
        yield opened
    finally:
        opened.dispose()
        if schema is not None:
            conftest._pg_admin(f'DROP SCHEMA "{schema}" CASCADE')


def _load_demo(database: Database) -> None:
    with database.session() as session:
        demo.load_demo(session=session, owner=local_owner(session), today=TODAY)


def _backup(database: Database) -> str:
    with database.session() as session:
        return dumps(make_backup(session=session))


def _restore(database: Database, text: str, *, name: str = "backup.json") -> int:
    """Restore as the CLI does: the session that opens the database makes its owner first."""
    with database.session() as session:
        local_owner(session)
        return restore_backup(session=session, document=loads(text, name=name)).rows


def _counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _owner_only(database: Database) -> dict[str, int]:
    with database.session() as session:
        local_owner(session)
    return _counts(database)


def _small_network(ws: Workspace) -> str:
    """Two people, a referral between them and a tag, backed up; return the document."""
    maya = factories.person(
        ws, "Maya Chen", organization="Acme", tags=["ux"], how_known=HowKnown.ALUMNI
    )
    sam = factories.person(ws, "Sam Ortiz", emails=["sam@example.org"])
    factories.referral(ws, maya.id, sam.id)
    ws.session.flush()
    return dumps(make_backup(session=ws.session))


def _edited(text: str, edit: Callable[[dict[str, Any]], object]) -> str:
    document = json.loads(text)
    edit(document)
    return json.dumps(document)


def test_a_demo_backup_restored_into_an_empty_database_backs_up_to_the_same_bytes(
    database: Database, twin: Database
) -> None:
    _load_demo(database)
    first = _backup(database)
    restored = _restore(twin, first)
    assert _backup(twin) == first
    assert _counts(twin) == _counts(database)
    assert restored == sum(_counts(database).values())


def test_a_conversation_s_message_facts_come_from_its_messages_whatever_the_document_says(
    database: Database, twin: Database
) -> None:
    _load_demo(database)
    first = _backup(database)
    facts = ("requested_at", "heard_at", "replied_at", "reply_hours", "thanked_at")
    assert any(row["reply_hours"] for row in json.loads(first)["tables"]["conversations"])

    def garble(document: dict[str, Any]) -> None:
        for row in document["tables"]["conversations"]:
            if row["reply_hours"]:
                row.update(dict.fromkeys(facts))
            else:
                row.update(replied_at="2001-01-01T00:00:00Z", reply_hours=999.0)

    _restore(twin, _edited(first, garble))
    assert _backup(twin) == first


def test_imported_people_and_where_they_came_from_round_trip_too(
    database: Database, twin: Database
) -> None:
    connections = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Chen,https://www.linkedin.com/in/maya-chen,,Acme,UX Researcher,05 Mar 2024\n"
        "Jon,Smith,,jon@globex.example,Globex,Engineer,01 Feb 2024\n"
        "John,Smith,,,Globex,Engineer,01 Feb 2024\n"
    )
    with database.session() as session:
        import_contacts(
            session=session,
            owner=local_owner(session),
            source=ContactSource.LINKEDIN,
            file_name="Connections.csv",
            items=parse_file(
                source=ContactSource.LINKEDIN,
                data=connections.encode(),
                file_name="Connections.csv",
            ),
        )
    first = _backup(database)
    _restore(twin, first)
    assert _backup(twin) == first
    counts = _counts(twin)
    assert (counts["imports"], counts["person_sources"], counts["person_tags"]) == (1, 3, 1)


def test_the_backup_holds_every_table_of_the_schema_with_its_rows(ws: Workspace) -> None:
    demo.load_demo(session=ws.session, owner=ws.owner, today=TODAY)
    ws.session.flush()
    document = make_backup(session=ws.session)
    tables = {table.name for table in Base.metadata.sorted_tables}
    assert set(document.tables) == tables
    assert "alembic_version" not in document.tables
    assert document.schema_revision == HEAD
    assert document.tables["person_tags"]
    assert document.tables["users"] == [
        {"id": ws.owner, "name": "local", "created_at": document.tables["users"][0]["created_at"]}
    ]


def test_the_backup_writes_values_as_plain_json_with_times_in_utc(ws: Workspace) -> None:
    tables = json.loads(_small_network(ws))["tables"]
    person, referral = tables["people"][0], tables["referrals"][0]
    assert person["how_known"] == "alumni"
    assert person["hiring_experience"] is False
    assert person["created_at"].endswith("+00:00")
    assert referral["referred_on"] == "2026-11-01"
    assert tables["person_tags"] == [{"person_id": person["id"], "tag_id": tables["tags"][0]["id"]}]


def test_the_same_data_always_gives_the_same_document(ws: Workspace) -> None:
    first = _small_network(ws)
    assert dumps(make_backup(session=ws.session)) == first
    assert dumps(loads(first, name="again.json")) == first


def test_a_backup_of_an_empty_database_restores_into_another(
    database: Database, twin: Database
) -> None:
    first = _backup(database)
    _restore(twin, first)
    assert _backup(twin) == first


def test_people_added_after_a_restore_get_new_ids(database: Database, twin: Database) -> None:
    _load_demo(database)
    _restore(twin, _backup(database))
    highest = _counts(twin)["people"]
    with twin.session() as session:
        ws = Workspace(session=session, owner=local_owner(session), database=twin)
        added = factories.person(ws, "Someone New", organization="A New Employer", tags=["new"])
        conversation = factories.conversation(ws, added.id)
    assert added.id == highest + 1
    assert conversation.id == _counts(twin)["conversations"]


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(
    database: Database, twin: Database
) -> None:
    _load_demo(database)
    with twin.session() as session:
        factories.person(
            Workspace(session=session, owner=local_owner(session), database=twin), "My Own"
        )
    before = _counts(twin)
    with pytest.raises(Refused, match=r"is not empty \(table 'people' has rows\)"):
        _restore(twin, _backup(database))
    assert _counts(twin) == before


BROKEN = [
    pytest.param(
        lambda d: d["tables"]["referrals"][0].update(referred_id=999),
        "table 'referrals', row 1: column 'referred_id' is 999, "
        "but table 'people' has no row with id 999",
        id="a referral to a missing person",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][1].update(hiring_experience="yes"),
        "table 'people', row 2: column 'hiring_experience': 'yes' is not true or false",
        id="text where a boolean belongs",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(id="1"),
        "table 'people', row 1: column 'id': '1' is not a whole number",
        id="text where a number belongs",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(how_known="frenemy"),
        "column 'how_known': 'frenemy' is not one of: ",
        id="a choice outside the vocabulary",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(created_at="2026-11-01T09:00:00"),
        "column 'created_at': '2026-11-01T09:00:00' has no UTC offset",
        id="a timestamp without an offset",
    ),
    pytest.param(
        lambda d: d["tables"]["referrals"][0].update(referred_on="first of November"),
        "table 'referrals', row 1: column 'referred_on': Invalid isoformat string",
        id="a date that is not one",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(full_name=None),
        "table 'people', row 1: column 'full_name' must not be null",
        id="null in a required column",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(full_name="x" * 301),
        "column 'full_name': holds 301 characters; the limit is 300",
        id="text over the column's length",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].update(nickname="M"),
        "table 'people', row 1: 'nickname' is not a column of this table",
        id="an unknown column",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][0].pop("full_name"),
        "table 'people', row 1: column 'full_name' is missing",
        id="a missing column",
    ),
    pytest.param(
        lambda d: d["tables"]["people"][1].update(id=d["tables"]["people"][0]["id"]),
        "table 'people', row 2: repeats the key (id 1) of row 1",
        id="a repeated id",
    ),
    pytest.param(
        lambda d: d["tables"].update(gossip=[]),
        "table 'gossip': is not a table of schema",
        id="an unknown table",
    ),
    pytest.param(
        lambda d: d["tables"].pop("notes"),
        "has no table 'notes'",
        id="a missing table",
    ),
    pytest.param(
        lambda d: d["tables"]["referrals"][0].update(
            referred_id=d["tables"]["referrals"][0]["referrer_id"]
        ),
        "table 'referrals': the database refused a row",
        id="a row the database's own checks refuse",
    ),
]


@pytest.mark.parametrize(("edit", "message"), BROKEN)
def test_a_broken_document_is_refused_naming_where_and_the_database_stays_empty(
    ws: Workspace, twin: Database, edit: Callable[[dict[str, Any]], object], message: str
) -> None:
    broken = _edited(_small_network(ws), edit)
    before = _owner_only(twin)
    with pytest.raises(BadInput) as refused:
        _restore(twin, broken, name="broken.json")
    assert str(refused.value).startswith("broken.json: ")
    assert message in str(refused.value)
    assert str(refused.value).endswith("; nothing was restored")
    assert _counts(twin) == before


@pytest.mark.parametrize(
    ("revision", "message"),
    [
        pytest.param(
            REVISIONS[0],
            f"was written at schema {REVISIONS[0]}; this version of infointerview uses "
            f"schema {HEAD}",
            id="older",
        ),
        pytest.param(
            "9999", "'9999', which this version of infointerview does not know", id="newer"
        ),
    ],
)
def test_a_backup_of_another_schema_is_refused_naming_both_schemas(
    ws: Workspace, twin: Database, revision: str, message: str
) -> None:
    other = _edited(_small_network(ws), lambda d: d.update(schema_revision=revision))
    before = _owner_only(twin)
    with pytest.raises(BadInput, match="^other.json: ") as refused:
        _restore(twin, other, name="other.json")
    assert message in str(refused.value)
    assert _counts(twin) == before
