"""The store on both backends: schema creation, timestamps, cascades, the timeline."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from infointerview.domain.vocabulary import ConversationState
from infointerview.services import people
from infointerview.store.database import Database, local_owner, open_database
from infointerview.store.models import Conversation, Event, Person
from tests import factories
from tests.factories import Workspace


def test_a_fresh_database_gets_the_schema_and_one_local_user(database: Database) -> None:
    assert database.state().is_current
    with database.session() as session:
        first = local_owner(session)
    with database.session() as session:
        assert local_owner(session) == first


def test_scheduled_times_keep_their_instant_across_timezones(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=ConversationState.REQUESTED)
    tokyo = timezone(timedelta(hours=9))
    meeting = datetime(2026, 12, 1, 10, 0, tzinfo=tokyo)
    from infointerview.services.conversations import Move, advance

    advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk.id,
        move=Move(to=ConversationState.SCHEDULED, scheduled_at=meeting),
    )
    ws.session.expire_all()
    stored = ws.session.get_one(Conversation, talk.id).scheduled_at
    assert stored is not None
    assert stored.tzinfo is not None
    assert stored == meeting
    assert stored.astimezone(UTC).hour == 1


def test_naive_datetimes_are_refused(ws: Workspace) -> None:
    maya = factories.person(ws)
    row = ws.session.get_one(Person, maya.id)
    row.created_at = datetime(2026, 1, 1, 12, 0)
    with pytest.raises(Exception, match="naive datetime"):
        ws.session.flush()
    ws.session.rollback()


def test_removing_a_person_keeps_their_timeline_unlinked(ws: Workspace) -> None:
    maya = factories.person(ws)
    factories.conversation(ws, maya.id, state=ConversationState.REQUESTED)
    people.remove_person(session=ws.session, owner=ws.owner, person_id=maya.id, force=True)
    ws.session.flush()
    ws.session.expire_all()
    assert ws.session.scalar(select(func.count()).select_from(Conversation)) == 0
    events = ws.session.scalars(select(Event).order_by(Event.id)).all()
    assert [e.kind for e in events][:2] == ["person.added", "conversation.created"]
    assert all(e.person_id is None for e in events)
    assert events[-1].kind == "person.removed"


def test_events_cannot_be_changed(ws: Workspace) -> None:
    factories.person(ws)
    ws.session.flush()
    event = ws.session.scalars(select(Event)).first()
    assert event is not None
    event.summary = "rewritten history"
    with pytest.raises(TypeError, match="append-only"):
        ws.session.flush()
    ws.session.rollback()


def test_every_row_has_an_owner(database: Database) -> None:
    from infointerview.store.models import Base

    links = ("users", "person_tags", "decision_claims")  # users, and pure link tables
    unowned = [
        table.name
        for table in Base.metadata.sorted_tables
        if "owner_id" not in table.c and table.name not in links
    ]
    assert unowned == []


def test_a_read_only_session_does_not_wait_for_a_writer_on_sqlite(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "shared.db"), pooled=True)
    try:
        with database.session() as session:
            factories.person(Workspace(session, local_owner(session), database), "Maya Chen")
        writer = database.engine.connect()
        writer.begin()  # BEGIN IMMEDIATE: holds the write lock until rolled back
        try:
            started = time.monotonic()
            with database.session(read_only=True) as session:
                names = session.scalars(select(Person.full_name)).all()
            assert names == ["Maya Chen"]
            assert time.monotonic() - started < 2  # a writer's session would wait 15 s
        finally:
            writer.rollback()
            writer.close()
    finally:
        database.dispose()


def test_a_writing_session_waits_its_turn_behind_another_writer(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "shared.db"), pooled=True)
    try:
        holder = database.engine.connect()
        holder.begin()
        released = threading.Timer(0.5, holder.rollback)
        released.start()
        started = time.monotonic()
        with database.session() as session:
            factories.person(Workspace(session, local_owner(session), database), "Maya Chen")
        assert time.monotonic() - started >= 0.4
        released.join()
        holder.close()
    finally:
        database.dispose()
