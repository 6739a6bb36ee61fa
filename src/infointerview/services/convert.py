"""Turn ORM rows into the frozen records the front ends receive."""

from __future__ import annotations

from infointerview.domain import lifecycle, records
from infointerview.domain.records import (
    ConversationRecord,
    MessageRecord,
    NoteRecord,
    PersonRecord,
    ReferralRecord,
    TargetRecord,
)
from infointerview.store.models import (
    Conversation,
    Message,
    Note,
    Person,
    Referral,
    Target,
)


def person(row: Person) -> PersonRecord:
    """Return the record of a person row (emails, phones and tags loaded)."""
    return PersonRecord(
        id=row.id,
        full_name=row.full_name,
        given_name=row.given_name,
        family_name=row.family_name,
        organization=row.organization.name if row.organization else None,
        title=row.title,
        location=row.location,
        emails=tuple(e.address for e in row.emails),
        phones=tuple(p.number for p in row.phones),
        linkedin_url=row.linkedin_url,
        how_known=row.how_known,
        hiring_experience=row.hiring_experience,
        preferred_channel=row.preferred_channel,
        keep_in_touch=row.keep_in_touch,
        keep_in_touch_days=row.keep_in_touch_days,
        tags=tuple(t.name for t in row.tags),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def target_label(row: Target | None) -> str | None:
    """Return ``role, industry @ organization`` for a target row, or None."""
    if row is None:
        return None
    return records.target_label(
        row.role, row.industry, row.organization.name if row.organization else None
    )


def target(row: Target, *, conversations: int = 0) -> TargetRecord:
    """Return the record of a target row."""
    return TargetRecord(
        id=row.id,
        role=row.role,
        industry=row.industry,
        organization=row.organization.name if row.organization else None,
        status=row.status,
        decision_note=row.decision_note,
        conversations=conversations,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def referral(row: Referral) -> ReferralRecord:
    """Return the record of a referral row."""
    return ReferralRecord(
        id=row.id,
        referrer_id=row.referrer_id,
        referrer=row.referrer.full_name,
        referred_id=row.referred_id,
        referred=row.referred.full_name,
        target_id=row.target_id,
        target=target_label(row.target),
        may_use_name=row.may_use_name,
        referred_on=row.referred_on,
        reported_back_on=row.reported_back_on,
    )


def conversation(row: Conversation) -> ConversationRecord:
    """Return the record of a conversation row, with the moves it may make next."""
    return ConversationRecord(
        id=row.id,
        person_id=row.person_id,
        person=row.person.full_name,
        target_id=row.target_id,
        target=target_label(row.target),
        channel=row.channel,
        state=row.state,
        requested_minutes=row.requested_minutes,
        scheduled_at=row.scheduled_at,
        held_at=row.held_at,
        actual_minutes=row.actual_minutes,
        outcome_summary=row.outcome_summary,
        created_at=row.created_at,
        updated_at=row.updated_at,
        next_states=lifecycle.next_states(row.state),
    )


def message(row: Message) -> MessageRecord:
    """Return the record of a message row."""
    return MessageRecord(
        id=row.id,
        conversation_id=row.conversation_id,
        kind=row.kind,
        status=row.status,
        subject=row.subject,
        body=row.body,
        sent_at=row.sent_at,
        received_at=row.received_at,
        created_at=row.created_at,
    )


def note(row: Note, *, about_label: str) -> NoteRecord:
    """Return the record of a note row; ``about_label`` names what it is on."""
    if row.person_id is not None:
        about, about_id = "person", row.person_id
    elif row.conversation_id is not None:
        about, about_id = "conversation", row.conversation_id
    else:
        about, about_id = "target", row.target_id or 0
    return NoteRecord(
        id=row.id,
        about=about,
        about_id=about_id,
        about_label=about_label,
        body=row.body,
        created_at=row.created_at,
    )
