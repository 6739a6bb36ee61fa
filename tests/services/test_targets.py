"""Targets: the career paths explored, and the decision taken on each, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from infointerview.domain.records import TargetRecord
from infointerview.domain.vocabulary import TargetStatus
from infointerview.errors import Ambiguous, InvalidValue, NotFound
from infointerview.services import targets
from infointerview.services.targets import TargetFields
from infointerview.store.models import Event
from tests import factories
from tests.factories import Workspace


def _edit(ws: Workspace, target_id: int, **fields: Any) -> TargetRecord:
    return targets.edit_target(
        session=ws.session, owner=ws.owner, target_id=target_id, fields=TargetFields(**fields)
    )


def _events(ws: Workspace, target_id: int) -> list[Event]:
    query = select(Event).where(Event.target_id == target_id).order_by(Event.id)
    return list(ws.session.scalars(query))


def test_a_new_target_is_being_explored_and_labelled_with_its_context(ws: Workspace) -> None:
    ux = factories.target(
        ws, "UX Researcher", industry="Healthcare technology", organization="Northwind Health"
    )
    assert ux.status is TargetStatus.EXPLORING
    assert ux.label == "UX Researcher, Healthcare technology @ Northwind Health"
    assert ux.conversations == 0
    assert [(e.kind, e.summary) for e in _events(ws, ux.id)] == [
        (
            "target.added",
            "Started exploring UX Researcher, Healthcare technology @ Northwind Health",
        )
    ]


def test_a_target_needs_a_role(ws: Workspace) -> None:
    with pytest.raises(InvalidValue, match="^role: must not be empty$"):
        factories.target(ws, " ")


def test_a_status_change_is_recorded_with_its_decision_note(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher")
    when = datetime(2026, 11, 10, 17, 0, tzinfo=UTC)
    edited = targets.edit_target(
        session=ws.session,
        owner=ws.owner,
        target_id=ux.id,
        fields=TargetFields(
            status=TargetStatus.PURSUING, decision_note="Three researchers said: go for it."
        ),
        now=when,
    )
    assert edited.status is TargetStatus.PURSUING
    assert edited.decision_note == "Three researchers said: go for it."
    last = _events(ws, ux.id)[-1]
    assert last.kind == "target.status"
    assert (
        last.summary == "UX Researcher: exploring -> pursuing: Three researchers said: go for it."
    )
    assert last.occurred_at == when


def test_a_status_change_without_a_note_is_still_recorded(ws: Workspace) -> None:
    ux = factories.target(ws, "Public Health Analyst")
    _edit(ws, ux.id, status=TargetStatus.SET_ASIDE)
    last = _events(ws, ux.id)[-1]
    assert (last.kind, last.summary) == (
        "target.status",
        "Public Health Analyst: exploring -> set aside",
    )


def test_an_edit_that_keeps_the_status_is_recorded_as_an_edit(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher")
    _edit(ws, ux.id, industry="Healthcare", status=TargetStatus.EXPLORING)
    last = _events(ws, ux.id)[-1]
    assert (last.kind, last.summary) == ("target.edited", "Edited UX Researcher, Healthcare")


def test_editing_with_an_empty_string_clears_a_field(ws: Workspace) -> None:
    ux = factories.target(
        ws, industry="Healthcare", organization="Northwind Health", decision_note="Maybe"
    )
    edited = _edit(ws, ux.id, industry="", organization="", decision_note="")
    assert (edited.industry, edited.organization, edited.decision_note) == (None, None, None)
    assert edited.role == "UX Researcher"


def test_editing_a_missing_target_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no target matches '#404'"):
        _edit(ws, 404, status=TargetStatus.PURSUING)


def test_targets_are_listed_pursuing_first_then_exploring_then_set_aside(ws: Workspace) -> None:
    aside = factories.target(ws, "Public Health Analyst", status=TargetStatus.SET_ASIDE)
    exploring = factories.target(ws, "Instructional Designer")
    pursuing = factories.target(ws, "UX Researcher", status=TargetStatus.PURSUING)
    later = factories.target(ws, "Learning Engineer")
    listed = targets.list_targets(session=ws.session, owner=ws.owner)
    assert [t.id for t in listed] == [pursuing.id, exploring.id, later.id, aside.id]


def test_listed_targets_count_their_conversations(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher")
    other = factories.target(ws, "Instructional Designer")
    maya = factories.person(ws)
    factories.conversation(ws, maya.id, target_id=ux.id)
    factories.conversation(ws, maya.id, target_id=ux.id)
    factories.conversation(ws, maya.id)
    counts = {
        t.id: t.conversations for t in targets.list_targets(session=ws.session, owner=ws.owner)
    }
    assert counts == {ux.id: 2, other.id: 0}
    detail = targets.get_target(session=ws.session, owner=ws.owner, target_id=ux.id)
    assert detail.target.conversations == 2
    assert {c.target_id for c in detail.conversations} == {ux.id}


def test_resolve_target_finds_one_by_role_or_lists_the_candidates(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher", industry="Healthcare")
    factories.target(ws, "UX Designer")
    found = targets.resolve_target(session=ws.session, owner=ws.owner, query="ux res")
    assert found == ux.id
    with pytest.raises(Ambiguous) as raised:
        targets.resolve_target(session=ws.session, owner=ws.owner, query="ux")
    assert f"#{ux.id} UX Researcher (Healthcare)" in raised.value.candidates
    with pytest.raises(NotFound):
        targets.resolve_target(session=ws.session, owner=ws.owner, query="astronaut")


def test_target_choices_label_every_target_pursued_first(ws: Workspace) -> None:
    later = factories.target(ws, "Data Analyst", industry="Public health")
    first = factories.target(
        ws, "UX Researcher", organization="Northwind", status=TargetStatus.PURSUING
    )
    choices = targets.target_choices(session=ws.session, owner=ws.owner)
    assert choices == [(first.id, first.label), (later.id, later.label)]
    assert [t.id for t in targets.list_targets(session=ws.session, owner=ws.owner)] == [
        first.id,
        later.id,
    ]
