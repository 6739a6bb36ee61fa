"""Organisations are found case-insensitively and created once, even under concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from infointerview.services import organizations
from infointerview.store.database import Database, local_owner, open_database
from infointerview.store.models import Organization
from tests import factories
from tests.factories import Workspace


def test_an_organisation_is_found_whatever_the_case(ws: Workspace) -> None:
    first = organizations.get_or_create(session=ws.session, owner=ws.owner, name="Northwind")
    again = organizations.get_or_create(session=ws.session, owner=ws.owner, name="NORTHWIND")
    assert again.id == first.id


@pytest.fixture
def shared(pg_schema_url: str) -> Iterator[Database]:
    database = open_database(pg_schema_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.mark.postgres
def test_an_organisation_created_meanwhile_by_another_session_is_reused(
    shared: Database,
) -> None:
    with shared.session() as session:
        owner = local_owner(session)
    first = shared.sessions()
    first.add(Organization(owner_id=owner, name="Acme"))
    first.flush()  # inserted, not committed: the second session cannot see it yet

    found: list[int] = []
    failures: list[BaseException] = []

    def second_user() -> None:
        try:
            with shared.session() as session:
                row = organizations.get_or_create(session=session, owner=owner, name="Acme")
                found.append(row.id)
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    thread = threading.Thread(target=second_user)
    thread.start()
    time.sleep(0.5)  # let the second session look, miss, and block on its insert
    first.commit()
    thread.join(timeout=30)
    first.close()

    assert failures == []
    with shared.session() as session:
        ids = session.scalars(select(Organization.id).where(Organization.name == "Acme")).all()
    assert found == list(ids)
    assert len(ids) == 1


def test_organization_names_come_sorted_whatever_their_case(ws: Workspace) -> None:
    for name, org in (("Maya Chen", "northwind"), ("Sam Ortiz", "Acme"), ("Ann Lee", "École")):
        factories.person(ws, name, organization=org)
    assert organizations.organization_names(session=ws.session, owner=ws.owner) == (
        "Acme",
        "École",
        "northwind",
    )


def test_organization_names_follow_additions_and_removals_in_later_sessions(
    database: Database,
) -> None:
    def _names() -> tuple[str, ...]:
        with database.session(read_only=True) as session:
            return organizations.organization_names(session=session, owner=local_owner(session))

    with database.session() as session:
        owner = local_owner(session)
        for name in ("Acme", "Beacon Labs"):
            organizations.get_or_create(session=session, owner=owner, name=name)
    assert _names() == ("Acme", "Beacon Labs")
    with database.session() as session:
        organizations.get_or_create(session=session, owner=local_owner(session), name="Cobalt")
    assert _names() == ("Acme", "Beacon Labs", "Cobalt")
    # Removing the newest and adding another: SQLite may give the new one the same id.
    with database.session() as session:
        owner = local_owner(session)
        newest = session.scalars(select(Organization).where(Organization.name == "Cobalt")).one()
        removed_id = newest.id
        session.delete(newest)
        session.flush()
        added = organizations.get_or_create(session=session, owner=owner, name="Delta")
        session.flush()
        reused = added.id == removed_id
    assert _names() == ("Acme", "Beacon Labs", "Delta")
    if database.url.get_backend_name() == "sqlite":
        assert reused  # the case the cache must not be fooled by
