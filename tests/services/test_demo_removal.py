"""`demo --remove` takes out exactly what the demo wrote and keeps the user's own data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from infointerview.errors import Refused
from infointerview.services import demo, notes, people
from infointerview.store.models import Event, Organization, Person, Tag, Target
from tests import factories
from tests.factories import Workspace

TODAY = date(2026, 11, 22)


def _count(ws: Workspace, model: type) -> int:
    return int(ws.session.scalar(select(func.count()).select_from(model)) or 0)


def test_removing_the_demo_keeps_the_users_own_person_note_and_organisation(
    ws: Workspace,
) -> None:
    demo.load_demo(session=ws.session, owner=ws.owner, today=TODAY)
    friend = factories.person(ws, "My Friend", organization="Northwind Health", tags=["mine"])
    notes.add_note(
        session=ws.session, owner=ws.owner, about="person", about_id=friend.id, body="call her"
    )
    own_target = factories.target(ws, "Data Engineer")

    removed = demo.remove_demo(session=ws.session, owner=ws.owner)

    assert (removed.people, removed.targets) == (40, 3)
    remaining = people.list_people(session=ws.session, owner=ws.owner)
    assert [(p.full_name, p.organization, p.tags) for p in remaining] == [
        ("My Friend", "Northwind Health", ("mine",))
    ]
    assert ws.session.scalars(select(Target.role)).all() == [own_target.role]
    assert ws.session.scalars(select(Organization.name)).all() == ["Northwind Health"]
    assert ws.session.scalars(select(Tag.name)).all() == ["mine"]
    kinds = ws.session.scalars(select(Event.kind).order_by(Event.id)).all()
    assert "demo.loaded" not in kinds
    assert kinds == ["person.added", "note.added", "target.added", "demo.removed"]


def test_removing_a_demo_that_is_not_there_is_refused(ws: Workspace) -> None:
    factories.person(ws, "Only Me")

    with pytest.raises(Refused, match="no demo network"):
        demo.remove_demo(session=ws.session, owner=ws.owner)
    assert _count(ws, Person) == 1


def test_after_removal_an_emptied_database_can_take_the_demo_again(ws: Workspace) -> None:
    demo.load_demo(session=ws.session, owner=ws.owner, today=TODAY)
    demo.remove_demo(session=ws.session, owner=ws.owner)

    again = demo.load_demo(session=ws.session, owner=ws.owner, today=TODAY)

    assert (again.already_loaded, again.people) == (False, 40)
