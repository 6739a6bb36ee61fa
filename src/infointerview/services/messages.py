"""Messages of a conversation: requests, nudges, thank-yous, report-backs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from infointerview.domain import validation as check
from infointerview.domain.records import MessageRecord
from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.services import convert, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Message, utcnow


def add_message(
    *,
    session: Session,
    owner: int,
    conversation_id: int,
    kind: MessageKind,
    status: MessageStatus,
    subject: str,
    body: str,
    at: datetime | None = None,
) -> MessageRecord:
    """Store a message on a conversation; sent and received ones go on the timeline."""
    talk = owned(session, Conversation, conversation_id, owner=owner, kind="conversation")
    when = at or utcnow()
    row = Message(
        owner_id=owner,
        conversation_id=conversation_id,
        kind=kind,
        status=status,
        subject=check.optional_text(subject, field="subject", limit=500) or "",
        body=check.long_text(body, field="body") or "",
        sent_at=when if status == MessageStatus.SENT else None,
        received_at=when if status == MessageStatus.RECEIVED else None,
        created_at=when,
    )
    session.add(row)
    session.flush()
    if status != MessageStatus.DRAFT:
        verb = "Sent" if status == MessageStatus.SENT else "Received"
        timeline.record(
            session=session,
            owner=owner,
            kind=f"message.{status.value}",
            summary=f"{verb} {kind.value.replace('_', ' ')}: {row.subject or '(no subject)'}",
            at=when,
            person_id=talk.person_id,
            conversation_id=talk.id,
            target_id=talk.target_id,
        )
    return convert.message(row)
