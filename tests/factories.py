"""Builders for test data, going through the real services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from infointerview.domain.records import ConversationRecord, PersonRecord, TargetRecord
from infointerview.domain.vocabulary import ConversationState
from infointerview.services import conversations, people, referrals, targets
from infointerview.services.people import PersonFields
from infointerview.services.targets import TargetFields
from infointerview.services.workspace import Workspace

__all__ = ["NOW", "Workspace", "conversation", "person", "referral", "target"]

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
