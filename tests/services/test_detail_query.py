"""The plain-SQL reads give exactly what the ORM rows, converted, give (both backends)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from infointerview.domain.records import EventRecord, PersonDetail, PersonSummary, ReferralRecord
from infointerview.domain.vocabulary import ConversationState, HowKnown, TargetStatus
from infointerview.errors import NotFound
from infointerview.services import convert, demo, organizations, overview, people, targets
from infointerview.services.people_query import PersonFilter
from infointerview.store.models import (
    Conversation,
    Event,
    Note,
    Organization,
    Person,
    Referral,
    Target,
)
from infointerview.store.plain_sql import pyformat
from tests import factories
from tests.factories import Workspace


def _expected_detail(session: Session, owner: int, row: Person) -> PersonDetail:
    talks = session.scalars(
        select(Conversation)
        .where(Conversation.owner_id == owner, Conversation.person_id == row.id)
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
    )
    notes = session.scalars(
        select(Note).where(Note.owner_id == owner, Note.person_id == row.id).order_by(Note.id)
    )
    events = session.scalars(
        select(Event)
        .where(Event.owner_id == owner, Event.person_id == row.id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(50)
    )

    def _referrals(side: Any, person_id: int) -> tuple[ReferralRecord, ...]:
        found = session.scalars(
            select(Referral)
            .where(Referral.owner_id == owner, side == person_id)
            .order_by(Referral.referred_on, Referral.id)
        )
        return tuple(convert.referral(r) for r in found)

    return PersonDetail(
        person=convert.person(row),
        conversations=tuple(convert.conversation(c) for c in talks),
        referred_by=_referrals(Referral.referred_id, row.id),
        referred_to=_referrals(Referral.referrer_id, row.id),
        notes=tuple(convert.note(n, about_label=row.full_name) for n in notes),
        events=tuple(_event(e) for e in events),
    )


def _event(row: Event) -> EventRecord:
    return EventRecord(
        id=row.id,
        occurred_at=row.occurred_at,
        kind=row.kind,
        summary=row.summary,
        person_id=row.person_id,
        conversation_id=row.conversation_id,
        target_id=row.target_id,
    )


@pytest.fixture
def network(ws: Workspace) -> Workspace:
    """The demo network, plus a target-less conversation that was scheduled and held."""
    demo.load_demo(session=ws.session, owner=ws.owner, today=date(2026, 11, 22))
    someone = factories.person(ws, "Zoë Ångström", organization="Ørsted")
    factories.conversation(ws, someone.id, state=ConversationState.HELD)
    ws.session.flush()
    return ws


def test_every_person_page_matches_the_orm_rows(network: Workspace) -> None:
    session, owner = network.session, network.owner
    rows = session.scalars(select(Person).where(Person.owner_id == owner)).all()
    assert len(rows) > 10
    details = [people.get_person(session=session, owner=owner, person_id=r.id) for r in rows]
    assert details == [_expected_detail(session, owner, r) for r in rows]
    # The comparison covers what the page shows: every kind of part is there somewhere.
    assert any(d.conversations and d.referred_by and d.referred_to for d in details)
    assert any(d.notes for d in details)
    assert any(c.target is None for d in details for c in d.conversations)
    assert any(c.scheduled_at for d in details for c in d.conversations)
    assert any(r.reported_back_on for d in details for r in d.referred_by)


@pytest.mark.parametrize(
    "filters",
    [
        PersonFilter(limit=50),
        PersonFilter(sort="organization", limit=7, offset=3),
        PersonFilter(text="e", limit=5),
        PersonFilter(tag="research", sort="added"),
        PersonFilter(how_known=HowKnown.REFERRED, sort="updated", limit=2, offset=1),
    ],
    ids=repr,
)
def test_a_list_shows_what_the_full_records_hold(network: Workspace, filters: PersonFilter) -> None:
    session, owner = network.session, network.owner
    full, total = people.list_page(session=session, owner=owner, filters=filters)
    shown, shown_total = people.list_summary_page(session=session, owner=owner, filters=filters)
    assert full
    assert shown_total == total
    assert shown == [
        PersonSummary(
            id=p.id,
            full_name=p.full_name,
            organization=p.organization,
            title=p.title,
            how_known=p.how_known,
            tags=p.tags,
        )
        for p in full
    ]


def test_the_overview_and_targets_match_the_orm_rows(network: Workspace) -> None:
    session, owner = network.session, network.owner
    summary = overview.overview(session=session, owner=owner, recent=15)
    states = session.scalars(select(Conversation.state).where(Conversation.owner_id == owner))
    counted: dict[str, int] = {state.value: 0 for state in ConversationState}
    for state in states:
        counted[state.value] += 1
    assert summary.pipeline == counted
    assert summary.people == len(session.scalars(select(Person.id)).all())
    rows = session.scalars(select(Target).where(Target.owner_id == owner)).all()
    expected = [
        convert.target(
            r,
            conversations=len(
                session.scalars(select(Conversation.id).where(Conversation.target_id == r.id)).all()
            ),
        )
        for r in rows
    ]
    order = [TargetStatus.PURSUING, TargetStatus.EXPLORING, TargetStatus.SET_ASIDE]
    expected.sort(key=lambda t: (order.index(t.status), t.id))
    assert list(summary.targets) == expected
    assert targets.target_choices(session=session, owner=owner) == [
        (t.id, t.label) for t in expected
    ]
    assert len(summary.recent) == 15


def test_organisation_names_come_sorted_ignoring_case_and_accents(ws: Workspace) -> None:
    for name in ("zeta labs", "École Polytechnique", "Acme", "ecole normale"):
        factories.person(ws, f"Someone at {name}", organization=name)
    names = organizations.organization_names(session=ws.session, owner=ws.owner)
    assert names == ("Acme", "ecole normale", "École Polytechnique", "zeta labs")
    stored = ws.session.scalars(select(Organization.name)).all()
    assert sorted(names) == sorted(stored)


def test_a_person_added_in_the_same_session_is_read_back(ws: Workspace) -> None:
    added = factories.person(ws, "Ada Lovelace", emails=["ada@example.org"], tags=["math"])
    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=added.id)
    assert detail.person == added


@pytest.mark.parametrize("person_id", [0, -1, 10**6, 2**63, 10**30])
def test_an_unknown_person_is_not_found(ws: Workspace, person_id: int) -> None:
    with pytest.raises(NotFound, match=f"#{person_id}"):
        people.get_person(session=ws.session, owner=ws.owner, person_id=person_id)


def test_named_parameters_become_pyformat_and_literal_percents_are_kept() -> None:
    sql = "SELECT '100%' || :name FROM t WHERE a = :a AND b::text = :b_2 AND c LIKE :p"
    assert pyformat(sql) == (
        "SELECT '100%%' || %(name)s FROM t WHERE a = %(a)s AND b::text = %(b_2)s AND c LIKE %(p)s"
    )
