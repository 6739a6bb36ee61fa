"""Messages of a conversation: requests, nudges, thank-yous, report-backs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from infointerview.domain import validation as check
from infointerview.domain.records import MessageRecord
from infointerview.domain.vocabulary import ConversationState, MessageKind, MessageStatus
from infointerview.errors import Refused
from infointerview.services import conversations, convert, timeline
from infointerview.services.conversations import Move
from infointerview.services.lookup import owned
from infointerview.store import conversation_facts
from infointerview.store.models import Conversation, Message, utcnow
from infointerview.store.plain_sql import of_session


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
        _record(session, owner, row, talk)
    return convert.message(row)


def _record(session: Session, owner: int, row: Message, talk: Conversation) -> None:
    """Put a sent or received message on the timeline; it changes its conversation too
    (the follow-up rules look for recently changed ones, the numbers for its first reply
    and thank-you)."""
    when = row.sent_at or row.received_at
    if when is not None and when > talk.updated_at:
        talk.updated_at = when
    conversation_facts.refresh(of_session(session), conversation_id=talk.id)
    session.expire(talk, conversation_facts.COLUMNS)
    verb = "Sent" if row.status == MessageStatus.SENT else "Received"
    timeline.record(
        session=session,
        owner=owner,
        kind=f"message.{row.status.value}",
        summary=f"{verb} {row.kind.value.replace('_', ' ')}: {row.subject or '(no subject)'}",
        at=when,
        person_id=talk.person_id,
        conversation_id=talk.id,
        target_id=talk.target_id,
    )


def get_message(*, session: Session, owner: int, message_id: int) -> MessageRecord:
    """Return one of the owner's messages.

    Raises:
        NotFound: naming the message id.
    """
    return convert.message(owned(session, Message, message_id, owner=owner, kind="message"))


def _draft(session: Session, owner: int, message_id: int) -> Message:
    row = owned(session, Message, message_id, owner=owner, kind="message")
    if row.status != MessageStatus.DRAFT:
        raise Refused(f"message #{message_id} is {row.status.value}, not a draft: it stays as is")
    return row


def update_draft(
    *, session: Session, owner: int, message_id: int, subject: str, body: str
) -> MessageRecord:
    """Replace the subject and body of a draft.

    Raises:
        Refused: for a message already sent or received (it is a record of what happened).
        InvalidValue: for a subject or body too long.
    """
    row = _draft(session, owner, message_id)
    row.subject = check.optional_text(subject, field="subject", limit=500) or ""
    row.body = check.long_text(body, field="body") or ""
    session.flush()
    return convert.message(row)


# What sending a message of a kind does to its conversation, from the state it is in.
_ADVANCES = {
    (MessageKind.REQUEST, ConversationState.DRAFT): ConversationState.REQUESTED,
    (MessageKind.THANK_YOU, ConversationState.HELD): ConversationState.THANKED,
}


def mark_sent(
    *, session: Session, owner: int, message_id: int, at: datetime | None = None
) -> MessageRecord:
    """Record a draft as sent, and move its conversation on: a request makes a draft
    conversation ``requested``, a thank-you makes a held one ``thanked``.

    Raises:
        Refused: for a message that is not a draft.
    """
    row = _draft(session, owner, message_id)
    talk = owned(session, Conversation, row.conversation_id, owner=owner, kind="conversation")
    when = at or utcnow()
    row.status = MessageStatus.SENT
    row.sent_at = when
    session.flush()
    _record(session, owner, row, talk)
    to = _ADVANCES.get((row.kind, talk.state))
    if to is not None:
        conversations.advance(
            session=session, owner=owner, conversation_id=talk.id, move=Move(to=to, at=when)
        )
    return convert.message(row)
