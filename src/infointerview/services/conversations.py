"""Conversations: start one, list them, show one, and move it along its lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import lifecycle
from infointerview.domain import validation as check
from infointerview.domain.naming import is_storable_id
from infointerview.domain.records import ConversationDetail, ConversationRecord
from infointerview.domain.vocabulary import Channel, ConversationState
from infointerview.errors import InvalidValue, NotFound
from infointerview.services import convert, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Note, Person, Target, utcnow


@dataclass(frozen=True, slots=True)
class Move:
    """A requested move and the facts it needs.

    Attributes:
        to: the state to move to.
        at: when it happened (default: now).
        scheduled_at: the agreed meeting time; required to move to ``scheduled``.
        actual_minutes: how long the meeting took (``held``).
        outcome: what was learned (``held`` or later).
    """

    to: ConversationState
    at: datetime | None = None
    scheduled_at: datetime | None = None
    actual_minutes: int | None = None
    outcome: str | None = None


def _loaded() -> Select[Conversation]:
    return select(Conversation).options(
        selectinload(Conversation.person),
        selectinload(Conversation.target).selectinload(Target.organization),
    )


def new_conversation(
    *,
    session: Session,
    owner: int,
    person_id: int,
    target_id: int | None = None,
    channel: Channel | None = None,
    requested_minutes: int = check.DEFAULT_REQUESTED_MINUTES,
    now: datetime | None = None,
) -> ConversationRecord:
    """Start a conversation in ``draft`` with a person, on their preferred channel by default.

    Seed 001: approach people "based on what their preference is"; ask for 15-30 minutes.
    """
    person = owned(session, Person, person_id, owner=owner, kind="person")
    if target_id is not None:
        owned(session, Target, target_id, owner=owner, kind="target")
    row = Conversation(
        owner_id=owner,
        person_id=person_id,
        target_id=target_id,
        channel=channel or person.preferred_channel or Channel.EMAIL,
        state=ConversationState.DRAFT,
        requested_minutes=check.requested_minutes(requested_minutes),
    )
    if now is not None:
        row.created_at = row.updated_at = now
    session.add(row)
    session.flush()
    loaded = _get_row(session=session, owner=owner, conversation_id=row.id)
    record = convert.conversation(loaded)
    timeline.record(
        session=session,
        owner=owner,
        kind="conversation.created",
        summary=f"Drafted a {record.requested_minutes}-minute request to {record.person}"
        + (f" about {record.target}" if record.target else ""),
        at=now,
        person_id=person_id,
        conversation_id=row.id,
        target_id=target_id,
    )
    return record


def _get_row(*, session: Session, owner: int, conversation_id: int) -> Conversation:
    if not is_storable_id(conversation_id):
        raise NotFound("conversation", f"#{conversation_id}")
    row = session.scalar(
        _loaded().where(Conversation.owner_id == owner, Conversation.id == conversation_id)
    )
    if row is None:
        raise NotFound("conversation", f"#{conversation_id}")
    return row


def list_conversations(
    *,
    session: Session,
    owner: int,
    person_id: int | None = None,
    target_id: int | None = None,
    state: ConversationState | None = None,
    open_only: bool = False,
) -> list[ConversationRecord]:
    """Return conversations, newest first, filtered by person, target or state.

    ``open_only`` leaves out finished ones (closed or declined).
    """
    query = _loaded().where(Conversation.owner_id == owner)
    if person_id is not None:
        query = query.where(Conversation.person_id == person_id)
    if target_id is not None:
        query = query.where(Conversation.target_id == target_id)
    if state is not None:
        query = query.where(Conversation.state == state)
    if open_only:
        query = query.where(Conversation.state.not_in(lifecycle.FINISHED))
    rows = session.scalars(query.order_by(Conversation.updated_at.desc(), Conversation.id.desc()))
    return [convert.conversation(row) for row in rows]


def get_conversation(*, session: Session, owner: int, conversation_id: int) -> ConversationDetail:
    """Return a conversation with its messages, notes and timeline."""
    row = _get_row(session=session, owner=owner, conversation_id=conversation_id)
    notes = session.scalars(
        select(Note).where(Note.owner_id == owner, Note.conversation_id == row.id).order_by(Note.id)
    )
    label = f"conversation #{row.id} with {row.person.full_name}"
    return ConversationDetail(
        conversation=convert.conversation(row),
        messages=tuple(convert.message(m) for m in row.messages),
        notes=tuple(convert.note(n, about_label=label) for n in notes),
        events=timeline.recent(session=session, owner=owner, conversation_id=row.id, limit=50),
    )


def advance(
    *, session: Session, owner: int, conversation_id: int, move: Move
) -> ConversationRecord:
    """Move a conversation to ``move.to`` if the lifecycle allows it, and record the event.

    Raises:
        IllegalTransition: when the move is not allowed from the current state.
        InvalidValue: when a fact the move needs is missing or wrong.
    """
    row = _get_row(session=session, owner=owner, conversation_id=conversation_id)
    before = row.state
    lifecycle.check_transition(before, move.to)
    at = move.at or utcnow()
    lifecycle.check_facts(
        move.to,
        at=at,
        # A draft has no step yet: its request may be back-dated to before it was typed in.
        previous_at=None if before == ConversationState.DRAFT else row.updated_at,
        minutes=move.actual_minutes,
        outcome=move.outcome,
    )
    _apply_facts(row, move, at)
    row.state = move.to
    row.updated_at = at
    session.flush()
    return _record_move(session, owner, row, before, at)


def _record_move(
    session: Session,
    owner: int,
    row: Conversation,
    before: ConversationState,
    at: datetime,
    *,
    why: str | None = None,
) -> ConversationRecord:
    """Put a move on the timeline; return the conversation as it now is."""
    record = convert.conversation(row)
    timeline.record(
        session=session,
        owner=owner,
        kind="conversation.transition",
        summary=_summary(record, before) + (f": {why}" if why else ""),
        at=at,
        person_id=row.person_id,
        conversation_id=row.id,
        target_id=row.target_id,
        data={"from": before.value, "to": row.state.value},
    )
    return record


def _apply_facts(row: Conversation, move: Move, at: datetime) -> None:
    """Check the facts a move needs, then write them; nothing is written if one is wrong."""
    if move.to == ConversationState.SCHEDULED:
        if move.scheduled_at is None:
            raise InvalidValue("at", "scheduling needs the agreed meeting time")
        if move.scheduled_at.tzinfo is None:
            raise InvalidValue("at", "the meeting time needs a timezone")
    minutes = check.actual_minutes(move.actual_minutes)
    outcome = check.long_text(move.outcome, field="outcome")
    if move.to == ConversationState.SCHEDULED:
        row.scheduled_at = move.scheduled_at
    if move.to == ConversationState.HELD:
        row.held_at = at
        row.actual_minutes = minutes
    if move.outcome is not None:
        row.outcome_summary = outcome


def _summary(record: ConversationRecord, before: ConversationState) -> str:
    who = record.person
    return {
        ConversationState.REQUESTED: (
            f"Asked {who} for {record.requested_minutes} minutes of advice"
        ),
        ConversationState.SCHEDULED: (
            f"Moved the conversation with {who}"
            if before == ConversationState.SCHEDULED
            else f"Scheduled a conversation with {who}"
        ),
        ConversationState.HELD: f"Met {who}",
        ConversationState.THANKED: f"Thanked {who}",
        ConversationState.CLOSED: f"Closed the conversation with {who}",
        ConversationState.DECLINED: f"{who} declined",
        ConversationState.NO_RESPONSE: f"No response from {who}",
    }.get(record.state, f"{who}: {before.value} -> {record.state.value}")


def set_terms(
    *,
    session: Session,
    owner: int,
    conversation_id: int,
    minutes: int | None = None,
    channel: Channel | None = None,
) -> None:
    """Record the agreed length and channel of a meeting (seed 001: 15-30 minutes, the way
    the contact prefers).

    Raises:
        InvalidValue: for a length outside 15-30 minutes.
    """
    row = _get_row(session=session, owner=owner, conversation_id=conversation_id)
    if minutes is not None:
        row.requested_minutes = check.requested_minutes(minutes)
    if channel is not None:
        row.channel = channel
    session.flush()
