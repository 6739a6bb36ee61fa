"""Builders for test data, going through the real services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from infointerview.domain.records import (
    ConversationRecord,
    PersonRecord,
    ReferralRecord,
    TargetRecord,
)
from infointerview.domain.vocabulary import ConversationState, MessageKind, MessageStatus
from infointerview.services import conversations, detail_query, messages, people, referrals, targets
from infointerview.services.people import PersonFields
from infointerview.services.people_query import PersonFilter, count_matching
from infointerview.services.targets import TargetFields
from infointerview.services.workspace import Workspace
from infointerview.store.plain_sql import driver_execute

__all__ = ["NOW", "Workspace", "conversation", "message", "person", "referral", "target"]

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def person(ws: Workspace, name: str = "Maya Chen", **fields: Any) -> PersonRecord:
    """Add a person called ``name`` with any other PersonFields given."""
    return people.add_person(
        session=ws.session, owner=ws.owner, fields=PersonFields(full_name=name, **fields)
    )


def target(ws: Workspace, role: str = "UX Researcher", **fields: Any) -> TargetRecord:
    """Add a career target."""
    return targets.add_target(
        session=ws.session, owner=ws.owner, fields=TargetFields(role=role, **fields)
    )


def referral(ws: Workspace, referrer: int, referred: int, **kwargs: Any) -> Any:
    """Record a referral between two person ids, dated 2026-11-01 by default."""
    kwargs.setdefault("on", date(2026, 11, 1))
    return referrals.refer(
        session=ws.session, owner=ws.owner, referrer_id=referrer, referred_id=referred, **kwargs
    )


def conversation(
    ws: Workspace,
    person_id: int,
    *,
    state: ConversationState = ConversationState.DRAFT,
    **kwargs: Any,
) -> ConversationRecord:
    """Start a conversation and walk it to ``state`` along legal moves."""
    from infointerview.domain import lifecycle

    record = conversations.new_conversation(
        session=ws.session, owner=ws.owner, person_id=person_id, **kwargs
    )
    for step in lifecycle.path_to(state):
        record = conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=record.id,
            move=conversations.Move(
                to=step,
                at=NOW,
                scheduled_at=NOW if step == ConversationState.SCHEDULED else None,
            ),
        )
    return record


def message(
    ws: Workspace, talk: int, kind: MessageKind, at: datetime, *, received: bool = False
) -> None:
    """Log a message received on conversation ``talk`` at ``at``, or draft one and mark it
    sent then (which moves the conversation on as sending does)."""
    made = messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk,
        kind=kind,
        status=MessageStatus.RECEIVED if received else MessageStatus.DRAFT,
        subject="s",
        body="b",
        at=at,
    )
    if not received:
        messages.mark_sent(session=ws.session, owner=ws.owner, message_id=made.id, at=at)


def count_people(*, session: Session, owner: int, filters: PersonFilter | None = None) -> int:
    """How many people match ``filters``, counted on their own (an oracle for list_page)."""
    return count_matching(driver_execute(session), owner=owner, filters=filters or PersonFilter())


def referrals_of(
    *, session: Session, owner: int, referrer_id: int | None = None, referred_id: int | None = None
) -> tuple[ReferralRecord, ...]:
    """The referrals made by ``referrer_id`` or received by ``referred_id``, oldest first."""
    return detail_query.referrals(
        driver_execute(session), owner=owner, referrer_id=referrer_id, referred_id=referred_id
    )
