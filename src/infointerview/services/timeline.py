"""The append-only timeline: every change worth remembering adds one Event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from infointerview.domain.records import EventRecord
from infointerview.services import detail_query
from infointerview.store.models import Event, utcnow
from infointerview.store.plain_sql import driver_execute


def record(
    *,
    session: Session,
    owner: int,
    kind: str,
    summary: str,
    at: datetime | None = None,
    person_id: int | None = None,
    conversation_id: int | None = None,
    target_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one event to the owner's timeline."""
    session.add(
        Event(
            owner_id=owner,
            occurred_at=at or utcnow(),
            kind=kind,
            summary=summary,
            person_id=person_id,
            conversation_id=conversation_id,
            target_id=target_id,
            data=data,
        )
    )


def recent(
    *,
    session: Session,
    owner: int,
    limit: int = 10,
    person_id: int | None = None,
    conversation_id: int | None = None,
) -> tuple[EventRecord, ...]:
    """Return the newest events first, optionally only those about one person or conversation."""
    return detail_query.recent_events(
        driver_execute(session),
        owner=owner,
        limit=limit,
        person_id=person_id,
        conversation_id=conversation_id,
    )
