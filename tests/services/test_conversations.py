"""Conversations: start one, move it through its lifecycle, and keep the timeline, on both
backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from infointerview.domain.records import ConversationRecord
from infointerview.domain.vocabulary import Channel
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.errors import IllegalTransition, InvalidValue, NotFound
from infointerview.services import conversations
from infointerview.services.conversations import Move
from infointerview.store.models import Conversation, Event
from tests import factories
from tests.factories import NOW, Workspace

MEETING = datetime(2026, 11, 9, 10, 0, tzinfo=timezone(timedelta(hours=-8)))


def _start(ws: Workspace, person_id: int, **kwargs: Any) -> ConversationRecord:
    return conversations.new_conversation(
        session=ws.session, owner=ws.owner, person_id=person_id, **kwargs
    )


def _move(ws: Workspace, conversation_id: int, to: S, **facts: Any) -> ConversationRecord:
    return conversations.advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=conversation_id,
        move=Move(to=to, **facts),
    )


def _transitions(ws: Workspace, conversation_id: int) -> list[Event]:
    query = (
        select(Event)
        .where(Event.conversation_id == conversation_id, Event.kind == "conversation.transition")
        .order_by(Event.id)
    )
    return list(ws.session.scalars(query))


def _stored_state(ws: Workspace, conversation_id: int) -> S:
    detail = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )
    return detail.conversation.state


def test_a_conversation_starts_as_a_draft_on_the_persons_preferred_channel(ws: Workspace) -> None:
    maya = factories.person(ws, preferred_channel=Channel.PHONE)
    talk = _start(ws, maya.id)
    assert talk.state is S.DRAFT
    assert talk.channel is Channel.PHONE
    assert talk.requested_minutes == 20
    assert talk.next_states == (S.REQUESTED,)


def test_the_channel_is_email_without_a_preference_and_can_be_given(ws: Workspace) -> None:
    maya = factories.person(ws, preferred_channel=Channel.PHONE)
    omar = factories.person(ws, "Omar Haddad")
    assert _start(ws, omar.id).channel is Channel.EMAIL
    assert _start(ws, maya.id, channel=Channel.IN_PERSON).channel is Channel.IN_PERSON


def test_fifteen_to_thirty_minutes_may_be_requested(ws: Workspace) -> None:
    maya = factories.person(ws)
    for minutes in (15, 30):
        assert _start(ws, maya.id, requested_minutes=minutes).requested_minutes == minutes


def test_requesting_minutes_outside_fifteen_to_thirty_is_refused(ws: Workspace) -> None:
    maya = factories.person(ws)
    for minutes in (14, 31):
        with pytest.raises(InvalidValue, match=f"{minutes} is outside 15-30.*seed 001"):
            _start(ws, maya.id, requested_minutes=minutes)
    assert ws.session.scalars(select(Conversation)).all() == []


def test_a_conversation_with_a_missing_person_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no person matches '#77'"):
        _start(ws, 77)


def test_advancing_through_the_whole_lifecycle_adds_one_event_per_move(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    ux = factories.target(ws, "UX Researcher")
    talk = _start(ws, maya.id, target_id=ux.id)
    steps = [S.REQUESTED, S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED]
    for day, step in enumerate(steps):
        record = _move(
            ws,
            talk.id,
            step,
            at=NOW + timedelta(days=day),
            scheduled_at=MEETING if step is S.SCHEDULED else None,
        )
        assert record.state is step
    events = _transitions(ws, talk.id)
    assert [e.data for e in events] == [
        {"from": "draft", "to": "requested"},
        {"from": "requested", "to": "scheduled"},
        {"from": "scheduled", "to": "held"},
        {"from": "held", "to": "thanked"},
        {"from": "thanked", "to": "closed"},
    ]
    assert [e.summary for e in events] == [
        "Asked Maya Chen for 20 minutes of advice",
        "Scheduled a conversation with Maya Chen",
        "Met Maya Chen",
        "Thanked Maya Chen",
        "Closed the conversation with Maya Chen",
    ]
    assert {(e.person_id, e.target_id) for e in events} == {(maya.id, ux.id)}
    assert [e.occurred_at for e in events] == [NOW + timedelta(days=d) for d in range(5)]
    assert _stored_state(ws, talk.id) is S.CLOSED


def test_thank_you_follows_held_and_nothing_follows_closed(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.HELD)
    assert talk.next_states == (S.THANKED,)
    closed = factories.conversation(ws, maya.id, state=S.CLOSED)
    assert closed.next_states == ()


def test_an_unanswered_request_can_still_be_scheduled(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.NO_RESPONSE)
    scheduled = _move(ws, talk.id, S.SCHEDULED, scheduled_at=MEETING)
    assert scheduled.state is S.SCHEDULED
    assert [(e.data or {})["to"] for e in _transitions(ws, talk.id)] == [
        "requested",
        "no_response",
        "scheduled",
    ]


def test_scheduling_keeps_the_agreed_meeting_time(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.REQUESTED)
    scheduled = _move(ws, talk.id, S.SCHEDULED, scheduled_at=MEETING)
    assert scheduled.scheduled_at == MEETING


def test_scheduling_needs_a_timezone_aware_meeting_time(ws: Workspace) -> None:
    maya = factories.person(ws)
    first = factories.conversation(ws, maya.id, state=S.REQUESTED)
    second = factories.conversation(ws, maya.id, state=S.REQUESTED)
    with pytest.raises(InvalidValue, match="needs the agreed meeting time"):
        _move(ws, first.id, S.SCHEDULED)
    with pytest.raises(InvalidValue, match="needs a timezone"):
        _move(ws, second.id, S.SCHEDULED, scheduled_at=datetime(2026, 11, 9, 10, 0))


def test_a_refused_scheduling_leaves_the_conversation_where_it_was(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.REQUESTED)
    with pytest.raises(InvalidValue):
        _move(ws, talk.id, S.SCHEDULED, scheduled_at=datetime(2026, 11, 9, 10, 0))
    assert _stored_state(ws, talk.id) is S.REQUESTED
    assert len(_transitions(ws, talk.id)) == 1


def test_an_illegal_move_is_refused_and_leaves_the_state_unchanged(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.REQUESTED)
    with pytest.raises(IllegalTransition) as raised:
        _move(ws, talk.id, S.THANKED)
    assert "'requested' to 'thanked'" in str(raised.value)
    assert raised.value.allowed == ["scheduled", "declined", "no_response"]
    ws.session.flush()
    ws.session.expire_all()
    assert ws.session.get_one(Conversation, talk.id).state is S.REQUESTED
    assert len(_transitions(ws, talk.id)) == 1


def test_a_finished_conversation_cannot_move_again(ws: Workspace) -> None:
    maya = factories.person(ws)
    for finished in (S.CLOSED, S.DECLINED):
        talk = factories.conversation(ws, maya.id, state=finished)
        before = len(_transitions(ws, talk.id))
        with pytest.raises(IllegalTransition, match="it is finished"):
            _move(ws, talk.id, S.REQUESTED)
        assert _stored_state(ws, talk.id) is finished
        assert len(_transitions(ws, talk.id)) == before


def test_holding_a_meeting_records_when_how_long_and_what_was_learned(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.SCHEDULED)
    met = datetime(2026, 11, 9, 18, 25, tzinfo=UTC)
    held = _move(
        ws, talk.id, S.HELD, at=met, actual_minutes=25, outcome="Learn research ops first."
    )
    assert held.held_at == met
    assert held.actual_minutes == 25
    assert held.outcome_summary == "Learn research ops first."
    assert held.updated_at == met


def test_advancing_a_missing_conversation_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no conversation matches '#5'"):
        _move(ws, 5, S.REQUESTED)


def test_conversations_are_listed_newest_first_and_filtered(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    ux = factories.target(ws)
    first = factories.conversation(ws, maya.id, target_id=ux.id)
    second = factories.conversation(ws, omar.id, state=S.REQUESTED)
    _move(ws, first.id, S.REQUESTED, at=NOW + timedelta(days=3))

    def ids(**filters: Any) -> list[int]:
        found = conversations.list_conversations(session=ws.session, owner=ws.owner, **filters)
        return [c.id for c in found]

    assert ids() == [first.id, second.id]
    assert ids(person_id=omar.id) == [second.id]
    assert ids(target_id=ux.id) == [first.id]
    assert ids(state=S.DRAFT) == []
    assert ids(state=S.REQUESTED) == [first.id, second.id]


def test_a_conversation_for_a_missing_target_is_refused_by_name(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    with pytest.raises(NotFound, match="no target matches '#999'"):
        conversations.new_conversation(
            session=ws.session, owner=ws.owner, person_id=maya.id, target_id=999
        )


def test_a_scheduled_meeting_can_be_moved_and_the_move_is_on_the_timeline(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.SCHEDULED)
    later = NOW + timedelta(days=3)

    moved = conversations.advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk.id,
        move=Move(to=S.SCHEDULED, at=NOW + timedelta(hours=1), scheduled_at=later),
    )

    assert (moved.state, moved.scheduled_at) == (S.SCHEDULED, later)
    summaries = ws.session.scalars(select(Event.summary).order_by(Event.id)).all()
    assert summaries[-1] == "Moved the conversation with Maya Chen"


def test_a_step_dated_before_the_last_one_is_refused(ws: Workspace) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id, state=S.SCHEDULED)

    with pytest.raises(InvalidValue, match="before the conversation's last step"):
        conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=talk.id,
            move=Move(to=S.HELD, at=NOW - timedelta(days=1)),
        )


@pytest.mark.parametrize(
    ("move", "field"),
    [
        (Move(to=S.REQUESTED, at=NOW, actual_minutes=25), "minutes"),
        (Move(to=S.REQUESTED, at=NOW, outcome="nothing yet"), "outcome"),
    ],
)
def test_facts_that_do_not_belong_to_a_move_are_refused(
    ws: Workspace, move: Move, field: str
) -> None:
    maya = factories.person(ws)
    talk = factories.conversation(ws, maya.id)

    with pytest.raises(InvalidValue, match=f"^{field}:"):
        conversations.advance(
            session=ws.session, owner=ws.owner, conversation_id=talk.id, move=move
        )
    ws.session.expire_all()
    assert ws.session.get_one(Conversation, talk.id).state == S.DRAFT
