"""The one-screen overview: pipeline counts, targets and recent events, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import TargetStatus
from infointerview.services import overview
from infointerview.services.people import PersonFields, add_person
from tests import factories
from tests.factories import Workspace

ALL_STATES = [
    "draft",
    "requested",
    "scheduled",
    "held",
    "thanked",
    "closed",
    "declined",
    "no_response",
]


def test_an_empty_database_shows_every_state_at_zero(ws: Workspace) -> None:
    summary = overview.overview(session=ws.session, owner=ws.owner)
    assert summary.pipeline == dict.fromkeys(ALL_STATES, 0)
    assert summary.people == 0
    assert summary.targets == ()
    assert summary.recent == ()


def test_the_pipeline_counts_conversations_by_state_with_zeros_kept(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    factories.person(ws, "Priya Raghunathan")
    for state in (S.DRAFT, S.REQUESTED, S.REQUESTED, S.HELD, S.CLOSED, S.CLOSED, S.CLOSED):
        factories.conversation(ws, maya.id, state=state)
    factories.conversation(ws, omar.id, state=S.DECLINED)
    summary = overview.overview(session=ws.session, owner=ws.owner)
    assert list(summary.pipeline) == ALL_STATES
    assert summary.pipeline == {
        "draft": 1,
        "requested": 2,
        "scheduled": 0,
        "held": 1,
        "thanked": 0,
        "closed": 3,
        "declined": 1,
        "no_response": 0,
    }
    assert sum(summary.pipeline.values()) == 8
    assert summary.people == 3


def test_the_overview_lists_targets_pursuing_first(ws: Workspace) -> None:
    exploring = factories.target(ws, "Instructional Designer")
    pursuing = factories.target(ws, "UX Researcher", status=TargetStatus.PURSUING)
    summary = overview.overview(session=ws.session, owner=ws.owner)
    assert [t.id for t in summary.targets] == [pursuing.id, exploring.id]


def test_recent_events_come_newest_first_and_are_limited(ws: Workspace) -> None:
    for day, name in enumerate(["Ana", "Ben", "Cleo", "Dev"], start=1):
        add_person(
            session=ws.session,
            owner=ws.owner,
            fields=PersonFields(full_name=name),
            now=datetime(2026, 10, day, 12, 0, tzinfo=UTC),
        )
    summary = overview.overview(session=ws.session, owner=ws.owner, recent=3)
    assert [e.summary for e in summary.recent] == ["Added Dev", "Added Cleo", "Added Ben"]
